// Column width of a string on the terminal, for xterm-readline's cursor arithmetic (it
// imports `string-width`; astro.config.mjs points that name here). string-width 4 ships a
// 10 KB emoji regular expression; the engine's Unicode property escapes do the same job.

// eslint-disable-next-line no-control-regex
const CSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
const EMOJI = /\p{Regional_Indicator}{2}|\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F|\u20E3)*(?:\u200D\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F)*)*|[#*0-9]\uFE0F?\u20E3/gu;

/** East Asian Wide and Fullwidth blocks (Hangul Jamo, CJK, Kana, Hangul, compatibility
 *  ideographs, fullwidth forms, the supplementary ideograph planes). */
function wide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe10 && cp <= 0xfe19) ||
    (cp >= 0xfe30 && cp <= 0xfe6b) ||
    (cp >= 0xff01 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1b000 && cp <= 0x1b001) ||
    (cp >= 0x1f200 && cp <= 0x1f251) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

export default function stringWidth(text: string): number {
  if (typeof text !== 'string' || !text) return 0;
  const s = text.replace(CSI, '').replace(EMOJI, '  ');
  let width = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    // Control characters, and the combining diacritics block, take no column (as in string-width 4).
    if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x300 && cp <= 0x36f)) continue;
    width += wide(cp) ? 2 : 1;
  }
  return width;
}
