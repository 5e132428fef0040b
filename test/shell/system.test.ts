import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { dateText } from '../../src/shell/builtins/system.ts';
import { createSession } from '../../src/shell/session.ts';
import { createScenarioSession } from '../../src/shell/world-glue.ts';

describe('date, uname, sleep', () => {
  it('date prints what coreutils date prints in the C locale, UTC', () => {
    for (const t of [0, 1795637402, 1764061200, 951782400]) {
      const real = execFileSync('date', ['-u', '-d', `@${t}`], { env: { LC_ALL: 'C', TZ: 'UTC', PATH: '/usr/bin:/bin' } }).toString();
      expect(dateText(new Date(t * 1000)) + '\n').toBe(real);
    }
  });
  it('the world clock drives date; formats and errors', () => {
    const s = createScenarioSession({ scenario: 'bookinfo-1.6' });
    expect(s.run('date').output).toBe('Wed Nov 25 09:00:00 UTC 2026\n');
    expect(s.run('date +%F_%T').output).toBe('2026-11-25_09:00:00\n');
    expect(s.run('date -x').code).toBe(1);
  });
  it('uname', () => {
    const s = createSession({ scenario: 'empty' });
    expect(s.run('uname').output).toBe('Linux\n');
    expect(s.run('uname -a').output).toMatch(/^Linux node-1 \S+ #1 SMP .* x86_64 GNU\/Linux\n$/);
    expect(s.run('uname -q')).toMatchObject({ code: 1, output: "uname: invalid option -- 'q'\nTry 'uname --help' for more information.\n" });
  });
  it('sleep returns at once and checks its operand', () => {
    const s = createSession({ scenario: 'empty' });
    expect(s.run('sleep 5 && echo done').output).toBe('done\n');
    expect(s.run('sleep').code).toBe(1);
    expect(s.run('sleep x').output).toBe("sleep: invalid time interval ‘x’\nTry 'sleep --help' for more information.\n");
  });
});
