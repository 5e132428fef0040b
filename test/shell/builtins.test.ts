import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/shell/session.ts';
import { makeFakeHost } from './fake-host.ts';

const plain = () => createSession({ scenario: 'empty' });
const world = () => createSession({ scenario: 'bookinfo-1.6', makeHost: makeFakeHost });

describe('builtins', () => {
  it('echo: -n, -e, quoting', () => {
    const s = plain();
    expect(s.run('echo -n a b').output).toBe('a b');
    expect(s.run('echo -e "a\\tb"').output).toBe('a\tb\n');
    expect(s.run("echo 'a\\tb'").output).toBe('a\\tb\n');
    expect(s.run('echo').output).toBe('\n');
  });
  it('id, whoami, hostname', () => {
    const s = plain();
    expect(s.run('id').output).toBe('uid=0(root) gid=0(root) groups=0(root)\n');
    expect(s.run('id -u').output).toBe('0\n');
    expect(s.run('id -un').output).toBe('root\n');
    expect(s.run('id nosuch')).toMatchObject({ code: 1, output: 'id: ‘nosuch’: no such user\n' });
    expect(s.run('whoami').output).toBe('root\n');
    expect(s.run('hostname').output).toBe('node-1\n');
  });
  it('ps lists the shell, and world processes with -ef / aux / -p', () => {
    const s = world();
    expect(s.run('ps').output).toBe('    PID TTY          TIME CMD\n   4021 pts/0    00:00:00 bash\n   4188 pts/0    00:00:00 ps\n');
    const ef = s.run('ps -ef').output.split('\n');
    expect(ef[0]).toBe('UID          PID    PPID  C STIME TTY          TIME CMD');
    expect(ef.some((l) => /^1000 +8533 +8500 .* python3 \/app\/reviews.py$/.test(l))).toBe(true);
    expect(s.run('ps aux').output.split('\n')[0]).toBe('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND');
    expect(s.run('ps -p 8533 -o pid,user,cmd').output).toBe('    PID USER     CMD\n   8533 1000     python3 /app/reviews.py\n');
    expect(s.run('ps -p 99999').code).toBe(1);
    expect(s.run('ps -o bogus')).toMatchObject({ code: 1, output: expect.stringContaining('unknown user-defined format specifier "bogus"') });
    expect(s.run('ps -ef | grep -c reviews').output).toBe('1\n');
  });
  it('cat of the simulated /etc files', () => {
    const s = plain();
    expect(s.run('cat /etc/hosts').output).toBe('127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n');
    expect(s.run('grep -w ssh /etc/services').output).toBe('ssh\t\t22/tcp\t\t\t\t# SSH Remote Login Protocol\n');
    expect(s.run('grep ^tcp /etc/protocols').output).toBe('tcp\t6\tTCP\t\t# transmission control protocol\n');
    expect(s.run('grep -c . /etc/group').output).toBe(s.run('wc -l < /etc/group').output);
    expect(s.run('echo -n ab | wc -c').output).toBe('2\n');
    expect(s.run('cat /etc/networks').output).toContain('loopback\t127.0.0.0');
    expect(s.run('cat /etc/resolv.conf').code).toBe(0);
    expect(s.run('cat /etc/shadow')).toMatchObject({ code: 1, output: 'cat: /etc/shadow: No such file or directory\n' });
    expect(s.run('less /etc/hosts').output).toContain('localhost');
    expect(s.run('more')).toMatchObject({ code: 1 });
  });
  it('the world decides what a file holds', () => {
    const s = world();
    expect(s.run('cat /etc/hosts').output).toBe('127.0.0.1\tlocalhost\n');
  });
  it('help lists commands; help NAME describes one', () => {
    const s = world();
    const h = s.run('help').output;
    expect(h).toContain('grep');
    expect(h).toContain('nsenter');
    expect(h).not.toMatch(/^\s+more\s/m);
    expect(s.run('help explain').output).toMatch(/^explain: /);
    expect(s.run('help nope').code).toBe(1);
  });
  it('man iptables is our short page; unknown pages fail like man', () => {
    const s = plain();
    const r = s.run('man iptables');
    expect(r.code).toBe(0);
    expect(r.output).toContain('nat     consulted only for the FIRST packet');
    expect(s.run('man 8 iptables').code).toBe(0);
    expect(s.run('man nope')).toEqual({ output: 'No manual entry for nope\n', code: 16, clear: false });
    expect(s.run('man').code).toBe(1);
  });
  it('clear asks the front end to clear', () => {
    const s = plain();
    expect(s.run('clear').clear).toBe(true);
    expect(s.run('echo').clear).toBe(false);
  });
  it('exit N at the top level keeps the shell but sets $?', () => {
    const s = plain();
    expect(s.run('exit 3').code).toBe(3);
    expect(s.run('exit x')).toMatchObject({ code: 2, output: expect.stringContaining('exit: x: numeric argument required') });
  });
  it('sudo, type, which, env, export -p', () => {
    const s = plain();
    expect(s.run('sudo echo hi').output).toBe('hi\n');
    expect(s.run('sudo nope')).toMatchObject({ code: 1, output: 'sudo: nope: command not found\n' });
    expect(s.run('type cd').output).toBe('cd is a shell builtin\n');
    expect(s.run('which grep').output).toBe('/usr/bin/grep\n');
    expect(s.run('which nope').code).toBe(1);
    expect(s.run('env | grep ^HOME=').output).toBe('HOME=/root\n');
    expect(s.run('export 1x=2')).toMatchObject({ code: 1, output: "bash: export: `1x=2': not a valid identifier\n" });
  });
});

describe('ls', () => {
  it('columns on the terminal, one per line into a pipe; errors like GNU ls', () => {
    const s = createSession({ scenario: 'empty' });
    expect(s.run('ls /etc').output).toMatch(/^group  host\.conf  hostname  hosts  /);
    expect(s.run('ls /etc | wc -l').output).toBe(s.run('ls -1 /etc | wc -l').output);
    expect(Number(s.run('ls /etc | wc -l').output)).toBeGreaterThan(8);
    expect(s.run('ls -l /etc/passwd').output).toMatch(/^-rw-r--r-- 1 root root +\d+ Nov 25 09:00 \/etc\/passwd\n$/);
    expect(s.run('ls /nope')).toEqual({ output: "ls: cannot access '/nope': No such file or directory\n", code: 2, clear: false });
    s.run('echo x > /tmp/f');
    expect(s.run('ls /tmp').output).toBe('f\n');
  });
});
