// Whether iptables-restore may take its shortcuts (restore-append.ts, restore-shapes.ts):
// on unless a test compares restores made with and without them. A module of its own:
// the shortcuts' code is loaded by the terminal's worker only for a restore command, and
// this switch must be readable before.

export const restoreShortcuts = { enabled: true };
