// set (match): the section -h prints for it, from extensions/libxt_set.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const set = [
  "set match options:",
  " [!] --match-set name flags [--return-nomatch]",
  "   [! --update-counters] [! --update-subcounters]",
  "   [[!] --packets-eq value | --packets-lt value | --packets-gt value",
  "   [[!] --bytes-eq value | --bytes-lt value | --bytes-gt value",
  "\t\t 'name' is the set name from to match,",
  "\t\t 'flags' are the comma separated list of",
  "\t\t 'src' and 'dst' specifications.",
].join('\n') + '\n';
