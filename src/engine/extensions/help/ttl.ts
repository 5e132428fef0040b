// ttl (match): the section -h prints for it, from extensions/libipt_ttl.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const ttl = [
  "ttl match options:",
  "[!] --ttl-eq value\tMatch time to live value",
  "  --ttl-lt value\tMatch TTL < value",
  "  --ttl-gt value\tMatch TTL > value",
].join('\n') + '\n';
