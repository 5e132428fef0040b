// MARK (target): the section -h prints for it, from extensions/libxt_MARK.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const MARK = [
  "MARK target options:",
  "  --set-xmark value[/mask]  Clear bits in mask and XOR value into nfmark",
  "  --set-mark value[/mask]   Clear bits in mask and OR value into nfmark",
  "  --and-mark bits           Binary AND the nfmark with bits",
  "  --or-mark bits            Binary OR the nfmark with bits",
  "  --xor-mark bits           Binary XOR the nfmark with bits",
].join('\n') + '\n';
