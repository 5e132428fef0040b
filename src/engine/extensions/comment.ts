// libxt_comment: a note carried by the rule, printed as /* ... */.

import { paramError } from '../errors.ts';
import { defineMatch } from './types.ts';
import { saveString } from './helpers.ts';

export const comment = defineMatch<{ comment: string }>({
  kind: 'match',
  name: 'comment',
  options: [{ name: 'comment', hasArg: 1, id: 'comment', mand: true }],
  init: () => ({ comment: '' }),
  parse(_id, arg, _invert, d) {
    // XTTYPE_STRING with .max = XT_MAX_COMMENT_LEN (256, including the NUL)
    if (arg!.length > 255) throw paramError(`comment: argument to "--comment" has length ${arg!.length}; must be ≤ 255.\n`);
    d.comment = arg!;
  },
  print: (d) => ` /* ${d.comment} */`,
  save: (d) => ` --comment ${saveString(d.comment)}`,
  match: () => true,
});
