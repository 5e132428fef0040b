// mark (match): the section -h prints for it, from extensions/libxt_mark.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const mark = [
  "mark match options:",
  "[!] --mark value[/mask]    Match nfmark value with optional mask",
].join('\n') + '\n';
