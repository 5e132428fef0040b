// CT (target): the section -h prints for it, from extensions/libxt_CT.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const CT = [
  "CT target options:",
  " --notrack\t\t\tDon't track connection",
  " --helper name\t\t\tUse conntrack helper 'name' for connection",
  " --timeout name \t\tUse timeout policy 'name' for connection",
  " --ctevents event[,event...]\tGenerate specified conntrack events for connection",
  " --expevents event[,event...]\tGenerate specified expectation events for connection",
  " --zone {ID|mark}\t\tAssign/Lookup connection in zone ID/packet nfmark",
  " --zone-orig {ID|mark}\t\tSame as 'zone' option, but only applies to ORIGINAL direction",
  " --zone-reply {ID|mark} \tSame as 'zone' option, but only applies to REPLY direction",
].join('\n') + '\n';
