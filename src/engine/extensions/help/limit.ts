// limit (match): the section -h prints for it, from extensions/libxt_limit.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const limit = [
  "limit match options:",
  "--limit avg\t\t\tmax average match rate: default 3/hour",
  "                                [Packets per second unless followed by ",
  "                                /sec /minute /hour /day postfixes]",
  "--limit-burst number\t\tnumber to match in a burst, default 5",
].join('\n') + '\n';
