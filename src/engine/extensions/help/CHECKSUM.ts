// CHECKSUM (target): the section -h prints for it, from extensions/libxt_CHECKSUM.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const CHECKSUM = [
  "CHECKSUM target options",
  "  --checksum-fill\t\t\tFill in packet checksum.",
].join('\n') + '\n';
