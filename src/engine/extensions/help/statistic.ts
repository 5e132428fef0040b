// statistic (match): the section -h prints for it, from extensions/libxt_statistic.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const statistic = [
  "statistic match options:",
  " --mode mode                    Match mode (random, nth)",
  " random mode:",
  "[!] --probability p\t\t Probability",
  " nth mode:",
  "[!] --every n\t\t\t Match every nth packet",
  " --packet p\t\t\t Initial counter value (0 <= p <= n-1, default 0)",
].join('\n') + '\n';
