// curl's -o and --write-out, and its messages for options, against curl 7.88.1
// (test/fixtures/world/captures/curl-options*.txt: a python server on 127.0.0.1:8080, so
// only what does not depend on the server is compared as text; the Bookinfo answers are
// the simulator's own).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../src/world/world.ts';
import { runner } from './cmd-harness.ts';

const dir = new URL('../fixtures/world/captures/', import.meta.url);
const capture = (f: string): string => readFileSync(new URL(f, dir), 'utf8');

/** one capture block: stdout, stderr and exit code of the case whose argument text starts with `args` */
function real(file: string, args: string): { stdout: string; stderr: string; code: number } {
  const text = capture(file);
  const at = text.indexOf(`$ curl ${args}`);
  expect(at, args).toBeGreaterThanOrEqual(0);
  const block = text.slice(args.endsWith('\n') ? at + `$ curl ${args}`.length : text.indexOf('\n', at) + 1);
  const m = /^([\s\S]*?)\[stderr\]\n([\s\S]*?)\[rc=(\d+)\]\n/.exec(block)!;
  return { stdout: m[1], stderr: m[2], code: Number(m[3]) };
}

const PP = 'kubectl exec deploy/productpage-v1 -- ';
const KUBECTL_EXIT = (code: number): string => (code === 0 ? '' : `command terminated with exit code ${code}\n`);

function curl(args: string[], scenario = 'bookinfo-current'): { stdout: string; stderr: string; code: number } {
  const w = createWorld(scenario);
  const run = runner(w);
  return run([...PP.trim().split(' '), 'curl', ...args]);
}

describe('curl -o and --write-out', () => {
  it("-s -o /dev/null -w '%{http_code}\\n': the status alone, as Istio's docs use it", () => {
    expect(real('curl-options.txt', "-s -o /dev/null -w %{http_code}\\n").stdout).toBe('200\n');
    expect(curl(['-s', '-o', '/dev/null', '-w', '%{http_code}\\n', 'http://reviews:9080/reviews/0'])).toEqual({ stdout: '200\n', stderr: '', code: 0 });
    // glued arguments, and the long names
    expect(curl(['-s', '-o/dev/null', '-w%{http_code}', 'http://reviews:9080/reviews/0']).stdout).toBe('200');
    expect(curl(['-s', '--write-out', '%{http_code}\\n', '--output', '/dev/null', 'http://reviews:9080/reviews/0']).stdout).toBe('200\n');
  });

  it('the write-out language: escapes, %%, a % or \\ before anything else, unknown and unterminated variables', () => {
    const esc = real('curl-options.txt', '-s -o /dev/null -w a\\tb');
    expect(curl(['-s', '-o', '/dev/null', '-w', 'a\\tb\\\\n%%%{http_code}%\\n', 'http://reviews:9080/reviews/0']).stdout).toBe(esc.stdout);
    const unknown = real('curl-options.txt', '-s -o /dev/null -w %{bogus}x');
    expect(curl(['-s', '-o', '/dev/null', '-w', '%{bogus}x\\n', 'http://reviews:9080/reviews/0'])).toEqual({ ...unknown, stderr: unknown.stderr });
    expect(curl(['-s', '-o', '/dev/null', '-w', '%{http_code', 'http://reviews:9080/reviews/0']).stdout).toBe(real('curl-options-2.txt', '-s -w %{http_code -o').stdout);
    expect(curl(['-s', '-o', '/dev/null', '-w', '%', 'http://reviews:9080/reviews/0']).stdout).toBe(real('curl-options-2.txt', '-s -w % -o').stdout);
    const cl = real('curl-options-2.txt', '-s -w %{content_length}x');
    expect(curl(['-s', '-o', '/dev/null', '-w', '%{content_length}x\\n', 'http://reviews:9080/reviews/0'])).toEqual(cl);
  });

  it('a refused connection (no sidecar to accept it): 000, no addresses, the error text, exit 7', () => {
    const r = real('curl-options-2.txt', '-s -w [%{remote_ip}]');
    expect(r.stdout).toBe("[] [0] [] [0] [0] [0] [0] [] [Failed to connect to 127.0.0.1 port 8081 after 0 ms: Couldn't connect to server]\n");
    const sim = curl(['-s', '-w', '[%{remote_ip}] [%{remote_port}] [%{local_ip}] [%{num_connects}] [%{http_version}] [%{size_download}] [%{size_header}] [%{content_type}] [%{errormsg}]\\n', '-o', '/dev/null', 'http://10.244.2.20:9999/'], 'empty');
    expect(sim).toEqual({ stdout: "[] [0] [] [0] [0] [0] [0] [] [Failed to connect to 10.244.2.20 port 9999 after 0 ms: Couldn't connect to server]\n", stderr: KUBECTL_EXIT(7), code: 7 });
    expect(real('curl-options.txt', '-s -o /dev/null -w %{http_code} http://127.0.0.1:8081/')).toEqual({ stdout: '000', stderr: '', code: 7 });
    expect(curl(['-s', '-o', '/dev/null', '-w', '%{http_code}', 'http://10.244.2.20:9999/'], 'empty')).toEqual({ stdout: '000', stderr: KUBECTL_EXIT(7), code: 7 });
  });

  it('a connected transfer: the addresses, the size of the body and of the headers, HEAD, the effective URL', () => {
    const w = createWorld('bookinfo-current');
    const run = runner(w);
    const full = run([...PP.trim().split(' '), 'curl', '-s', '-i', 'http://reviews:9080/reviews/0']).stdout;
    const [headers, body] = full.split('\r\n\r\n');
    const r = run([...PP.trim().split(' '), 'curl', '-s', '-o', '/dev/null', '-w', '%{remote_ip}:%{remote_port} %{local_ip} %{num_connects} %{size_download} %{size_header} %{http_version} %{method} %{url_effective}', 'reviews:9080/reviews/0']);
    expect(r.stdout).toMatch(new RegExp(`^10\\.96\\.\\d+\\.\\d+:9080 10\\.244\\.1\\.10 1 ${body.length} ${headers.length + 4} 1\\.1 GET http://reviews:9080/reviews/0$`));
    expect(real('curl-options-2.txt', '-s -w %{url_effective}').stdout).toBe('http://127.0.0.1:8080/\n');
    expect(run([...PP.trim().split(' '), 'curl', '-s', '-o', '/dev/null', '-w', '%{url_effective} %{method}', '-I', 'reviews:9080']).stdout).toBe('http://reviews:9080/ HEAD');
  });

  it('-o - is stdout; -o to a file says the pods keep none', () => {
    expect(curl(['-s', '-o', '-', 'http://reviews:9080/reviews/0']).stdout).toContain('"reviews"');
    expect(curl(['-s', '-o', '/tmp/x', 'http://reviews:9080/reviews/0']).stderr).toMatch(/^curl: -o here writes only to \/dev\/null or -/);
  });
});

describe("curl's messages for options", () => {
  it('a missing parameter, an unknown letter, an unknown long option: as curl says them', () => {
    for (const [args, key] of [[['-s', '-o'], '-s -o\n'], [['-s', '-w'], '-s -w\n'], [['-W', 'http://reviews:9080/'], '-W http'], [['--bogus', 'http://reviews:9080/'], '--bogus http']] as const) {
      // (a key ending in a newline is a whole argument list)
      const r = real('curl-options.txt', key);
      expect(curl([...args]), key).toEqual({ stdout: '', stderr: r.stderr + KUBECTL_EXIT(r.code), code: r.code });
    }
  });

  it('an option curl has but the simulator does not carry out says so, not "unknown"', () => {
    for (const args of [['-k', 'https://reviews:9080/'], ['-X', 'POST', 'http://reviews:9080/'], ['-H', 'Host: x', 'http://reviews:9080/'], ['--header', 'a: b', 'http://reviews:9080/']]) {
      const r = curl(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^curl: option (-k|-X|-H|--header): is not modelled by this simulator/);
    }
  });
});
