// socket (match): the section -h prints for it, from extensions/libxt_socket.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const socket = [
  "socket match options:",
  "  --nowildcard     Do not ignore LISTEN sockets bound on INADDR_ANY",
  "  --transparent    Ignore non-transparent sockets",
  "  --restore-skmark Set the packet mark to the socket mark if",
  "                   the socket matches and transparent / ",
  "                   nowildcard conditions are satisfied",
  "",
].join('\n') + '\n';
