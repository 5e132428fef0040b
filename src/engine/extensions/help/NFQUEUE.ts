// NFQUEUE (target): the section -h prints for it, from extensions/libxt_NFQUEUE.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const NFQUEUE = [
  "NFQUEUE target options",
  "  --queue-num value            Send packet to QUEUE number <value>.",
  "                               Valid queue numbers are 0-65535",
  "  --queue-balance first:last   Balance flows between queues <value> to <value>.",
  "  --queue-bypass               Bypass Queueing if no queue instance exists.",
  "  --queue-cpu-fanout\tUse current CPU (no hashing)",
].join('\n') + '\n';
