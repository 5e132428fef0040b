// conntrack (match), state (match): the sections -h prints for them, from extensions/libxt_conntrack.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const conntrack = [
  "conntrack match options:",
  "[!] --ctstate {INVALID|ESTABLISHED|NEW|RELATED|UNTRACKED|SNAT|DNAT}[,...]",
  "                               State(s) to match",
  "[!] --ctproto proto            Protocol to match; by number or name, e.g. \"tcp\"",
  "[!] --ctorigsrc address[/mask]",
  "[!] --ctorigdst address[/mask]",
  "[!] --ctreplsrc address[/mask]",
  "[!] --ctrepldst address[/mask]",
  "                               Original/Reply source/destination address",
  "[!] --ctorigsrcport port",
  "[!] --ctorigdstport port",
  "[!] --ctreplsrcport port",
  "[!] --ctrepldstport port",
  "                               TCP/UDP/SCTP orig./reply source/destination port",
  "[!] --ctstatus {NONE|EXPECTED|SEEN_REPLY|ASSURED|CONFIRMED}[,...]",
  "                               Status(es) to match",
  "[!] --ctexpire time[:time]     Match remaining lifetime in seconds against",
  "                               value or range of values (inclusive)",
  "    --ctdir {ORIGINAL|REPLY}   Flow direction of packet",
].join('\n') + '\n';

export const state = [
  "state match options:",
  " [!] --state [INVALID|ESTABLISHED|NEW|RELATED|UNTRACKED][,...]",
  "\t\t\t\tState(s) to match",
].join('\n') + '\n';
