// standard (target): the section -h prints for it, from extensions/libxt_standard.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const standard = [
  "standard match options:",
  "(If target is DROP, ACCEPT, RETURN or nothing)",
].join('\n') + '\n';
