// TRACE (target): the section -h prints for it, from extensions/libxt_TRACE.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

// no help function: print_extension_helps says "TRACE does not take any options"
export const TRACE = null;
