// connmark (match): the section -h prints for it, from extensions/libxt_connmark.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const connmark = [
  "connmark match options:",
  "[!] --mark value[/mask]    Match ctmark value with optional mask",
].join('\n') + '\n';
