import { describe, expect, it } from 'vitest';
import { createFlow } from '../../src/shell/flow-points.ts';

describe('flow points', () => {
  it('has points 0..17 and the version differences at 3, 5 and 7', () => {
    const old = createFlow('bookinfo-1.6')!;
    const cur = createFlow('bookinfo-current')!;
    expect(old.last()).toBe(17);
    expect(old.goto(7).text).toContain('--uid-owner 1337');
    expect(cur.goto(7).text).toContain('127.0.0.6');
    expect(old.goto(5).text).toContain('127.0.0.1:9080');
    expect(cur.goto(3).text).toContain('15008');
    expect(cur.goto(99).index).toBe(17);
    expect(cur.current()).toBe(17);
  });
  it('no flow without Bookinfo', () => {
    expect(createFlow('empty')).toBeUndefined();
  });
});
