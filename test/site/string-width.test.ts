// components/terminal/string-width.ts stands in for the `string-width` package inside the
// terminal bundle (see components/terminal/vite-xterm.ts); it must measure what a reader
// can type as the package does.
import { describe, expect, it } from 'vitest';
import original from 'string-width';
import stringWidth from '../../components/terminal/string-width.ts';

const SAMPLES = [
  '', 'iptables -t nat -L -v', 'root@node-1:~# ', '\t', 'a\u0301', 'e\u0300\u0301x',
  '中文终端', '第 16 步', 'ｆｕｌｌ', '한국어', 'カタカナ', '\u{20000}\u{2A6D6}',
  '😀', '👍🏽', '👨‍👩‍👧', '🇨🇳', '1️⃣', '❤️', 'a😀b', '\u001b[31mred\u001b[0m', '\u200b', 'x\u0007y',
];

describe('string-width stand-in', () => {
  it.each(SAMPLES)('measures %j as string-width 4 does', (s) => {
    expect(stringWidth(s)).toBe(original(s));
  });
});
