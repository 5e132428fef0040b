// NOTRACK (target): the section -h prints for it, from extensions/libxt_CT.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

// no help function: print_extension_helps says "NOTRACK does not take any options"
export const NOTRACK = null;
