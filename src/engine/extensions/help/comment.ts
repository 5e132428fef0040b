// comment (match): the section -h prints for it, from extensions/libxt_comment.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const comment = [
  "comment match options:",
  "--comment COMMENT             Attach a comment to a rule",
].join('\n') + '\n';
