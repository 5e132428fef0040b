// CONNMARK (target): the section -h prints for it, from extensions/libxt_CONNMARK.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const CONNMARK = [
  "CONNMARK target options:",
  "  --set-xmark value[/ctmask]    Zero mask bits and XOR ctmark with value",
  "  --save-mark [--ctmask mask] [--nfmask mask]",
  "                                Copy ctmark to nfmark using masks",
  "  --restore-mark [--ctmask mask] [--nfmask mask]",
  "                                Copy nfmark to ctmark using masks",
  "  --set-mark value[/mask]       Set conntrack mark value",
  "  --save-mark [--mask mask]     Save the packet nfmark in the connection",
  "  --restore-mark [--mask mask]  Restore saved nfmark value",
  "  --and-mark value              Binary AND the ctmark with bits",
  "  --or-mark value               Binary OR  the ctmark with bits",
  "  --xor-mark value              Binary XOR the ctmark with bits",
  "  --left-shift-mark value       Left shift the ctmark with bits",
  "  --right-shift-mark value      Right shift the ctmark with bits",
].join('\n') + '\n';
