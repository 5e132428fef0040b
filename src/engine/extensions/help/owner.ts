// owner (match): the section -h prints for it, from extensions/libxt_owner.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const owner = [
  "owner match options:",
  "[!] --uid-owner userid[-userid]      Match local UID",
  "[!] --gid-owner groupid[-groupid]    Match local GID",
  "[!] --socket-exists                  Match if socket exists",
  "    --suppl-groups                   Also match supplementary groups set with --gid-owner",
].join('\n') + '\n';
