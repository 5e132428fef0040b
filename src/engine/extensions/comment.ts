// libxt_comment: a note carried by the rule, printed as /* ... */.

import { defineMatch } from './types.ts';
import { saveString } from './helpers.ts';

export const comment = defineMatch<{ comment: string }>({
  kind: 'match',
  name: 'comment',
  options: [{ name: 'comment', hasArg: 1, id: 'comment', mand: true }],
  init: () => ({ comment: '' }),
  parse(_id, arg, _invert, d) {
    // XTTYPE_STRING into a 256-byte buffer: longer comments are cut to 255
    d.comment = arg!.slice(0, 255);
  },
  print: (d) => ` /* ${d.comment} */`,
  save: (d) => ` --comment ${saveString(d.comment)}`,
  match: () => true,
});
