import { describe, expect, it } from 'vitest';
import { isIncomplete, parse } from '../../src/shell/parse.ts';
import { createSession } from '../../src/shell/session.ts';

describe('here-documents', () => {
  it("<<'EOF' is literal, <<EOF expands $VAR and honours \\$", () => {
    const s = createSession({ scenario: 'empty' });
    expect(s.run("X=1; cat <<'EOF'\na $X\nEOF").output).toBe('a $X\n');
    expect(s.run('X=1; cat <<EOF\na $X \\$X\nEOF').output).toBe('a 1 $X\n');
    expect(s.run('cat <<-EOF\n\tindented\n\tEOF').output).toBe('indented\n');
  });
  it('the command after the terminator runs, and pipes work', () => {
    const s = createSession({ scenario: 'empty' });
    expect(s.run('cat <<EOF | wc -l\na\nb\nEOF\necho after').output).toBe('2\nafter\n');
  });
  it('a missing terminator is bash\'s warning, and the body still counts', () => {
    const s = createSession({ scenario: 'empty' });
    expect(s.run('cat <<EOF\nx')).toEqual({
      output: "bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\nx\n",
      code: 0,
      clear: false,
    });
  });
  it('isIncomplete says when bash would print a continuation prompt', () => {
    expect(isIncomplete('cat <<EOF')).toBe(true);
    expect(isIncomplete('cat <<EOF\nabc')).toBe(true);
    expect(isIncomplete('cat <<EOF\nabc\nEOF')).toBe(false);
    expect(isIncomplete("echo 'a")).toBe(true);
    expect(isIncomplete('echo "a')).toBe(true);
    expect(isIncomplete('echo a |')).toBe(true);
    expect(isIncomplete('echo a &&')).toBe(true);
    expect(isIncomplete('echo a')).toBe(false);
    expect(isIncomplete('echo ;;')).toBe(false);
    expect(isIncomplete('| x')).toBe(false);
  });
  it('parse records the body on the redirection', () => {
    const r = parse("iptables-restore <<'X'\n*nat\nCOMMIT\nX").lists[0].first.commands[0].redirs[0];
    expect(r.op).toBe('<<');
    expect(r.target.parts).toEqual([{ kind: 'lit', text: '*nat\nCOMMIT\n' }]);
  });
});
