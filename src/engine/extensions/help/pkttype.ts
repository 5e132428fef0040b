// pkttype (match): the section -h prints for it, from extensions/libxt_pkttype.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const pkttype = [
  "pkttype match options:",
  "[!] --pkt-type packettype    match packet type",
  "Valid packet types:",
  "\tunicast       \t\tto us",
  "\tbroadcast     \t\tto all",
  "\tmulticast     \t\tto group",
  "\totherhost     \t\tto someone else",
  "",
].join('\n') + '\n';
