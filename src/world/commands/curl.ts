// curl 7.88.1 over the simulated network. Output as curl prints it to a terminal
// (no progress meter): the body, or with -i the header block first; -v traces the
// exchange on stderr; errors are "curl: (N) ..." unless -s (and -S brings them back);
// -o /dev/null or - and --write-out (curl-writeout.ts). Options curl has that this one does
// not carry out say so; letters curl does not have are "unknown", as curl says.

import { responseText } from '../http.ts';
import type { HttpResponse } from '../http.ts';
import { httpGet } from '../traffic.ts';
import type { Proc } from '../world.ts';
import { fail, nsOf, podOfNs } from './context.ts';
import { writeOut } from './curl-writeout.ts';
import type { CommandResult, WorldCommandContext } from './context.ts';

let nextPid = 20400;

function headerBlock(r: HttpResponse): string {
  return `${r.version} ${r.status} ${r.reason}\r\n${r.headers.map((h) => `${h}\r\n`).join('')}\r\n`;
}

/**
 * curl's short options that take an argument, and those that do not; any other letter is
 * unknown to curl 7.88.1 (measured: -W).
 */
const SHORT_WITH_ARG = 'AbcCdDeEFHKmoPQruTUwxXyYzt';
const SHORT_FLAGS = '012346#aBfgGhiIjJklLMnNOpqRsSvVZ:';
/** long options this curl models, with whether each takes an argument */
const LONG: Readonly<Record<string, { letter: string; arg: boolean }>> = {
  silent: { letter: 's', arg: false }, 'show-error': { letter: 'S', arg: false }, verbose: { letter: 'v', arg: false },
  include: { letter: 'i', arg: false }, head: { letter: 'I', arg: false }, location: { letter: 'L', arg: false },
  fail: { letter: 'f', arg: false }, 'max-time': { letter: 'm', arg: true }, output: { letter: 'o', arg: true },
  'write-out': { letter: 'w', arg: true },
};
/** curl options the simulator recognises but does not carry out (a clear message rather than "unknown") */
const KNOWN_LONG = ['request', 'header', 'data', 'data-raw', 'data-binary', 'user', 'user-agent', 'insecure', 'cacert', 'cert', 'key',
  'resolve', 'connect-to', 'proxy', 'noproxy', 'http2', 'http1.1', 'http1.0', 'ipv4', 'ipv6', 'connect-timeout', 'retry',
  'compressed', 'cookie', 'referer', 'form', 'upload-file', 'interface', 'local-port', 'unix-socket', 'dump-header',
  'remote-name', 'get', 'trace', 'trace-ascii', 'no-keepalive', 'keepalive-time', 'limit-rate', 'range', 'progress-bar',
  'no-progress-meter', 'fail-with-body', 'json', 'url', 'config', 'manual', 'help', 'version', 'netrc'];

/** the URL as curl reports it: a scheme, and a path of at least "/" */
function effectiveUrl(url: string): string {
  const full = url.includes('://') ? url : `http://${url}`;
  const rest = full.slice(full.indexOf('://') + 3);
  return rest.includes('/') ? full : `${full}/`;
}

const TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";
const NOT_MODELLED = 'is not modelled by this simulator (it runs -s -S -v -i -I -L -f -m -o -w)';

export function curlCommand(ctx: WorldCommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  let silent = false;
  let showErr = false;
  let verbose = false;
  let include = false;
  let head = false;
  let maxTime: number | undefined;
  let url: string | undefined;
  let output: string | undefined;
  let writeFormat: string | undefined;
  // one option letter (a short one, or what a long one stands for) and its argument
  const take = (letter: string, shown: string, arg: string | undefined): CommandResult | null => {
    switch (letter) {
      case 's': silent = true; break;
      case 'S': showErr = true; break;
      case 'v': verbose = true; break;
      case 'i': include = true; break;
      case 'I': head = true; break;
      // (a 30x never comes back in the simulated cluster, and -f changes nothing for 2xx)
      case 'L': case 'f': break;
      case 'm':
        if (arg === undefined || !/^\d+(\.\d+)?$/.test(arg)) return fail(`curl: option ${shown}: expected a proper numerical parameter\n${TRY}`, 2);
        maxTime = Number(arg);
        break;
      case 'o': output = arg; break;
      case 'w': writeFormat = arg; break;
      default:
        return fail(`curl: option ${shown}: ${NOT_MODELLED}\n`, 2);
    }
    return null;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--') && a.length > 2) {
      const name = a.slice(2);
      const o = LONG[name];
      if (!o && KNOWN_LONG.includes(name)) return fail(`curl: option ${a}: ${NOT_MODELLED}\n`, 2);
      if (!o) return fail(`curl: option ${a}: is unknown\n${TRY}`, 2);
      let arg: string | undefined;
      if (o.arg) {
        arg = args[++i];
        if (arg === undefined) return fail(`curl: option ${a}: requires parameter\n${TRY}`, 2);
      }
      const r = take(o.letter, a, arg);
      if (r) return r;
    } else if (a.startsWith('-') && a.length > 1) {
      // a cluster of letters; a letter that takes an argument takes the rest, or the next word
      for (let k = 1; k < a.length; k++) {
        const ch = a[k];
        if (SHORT_WITH_ARG.includes(ch)) {
          let arg: string | undefined = a.slice(k + 1);
          if (arg === '') {
            arg = args[++i];
            if (arg === undefined) return fail(`curl: option -${ch}: requires parameter\n${TRY}`, 2);
          }
          const r = take(ch, `-${ch}`, arg);
          if (r) return r;
          break;
        }
        if (!SHORT_FLAGS.includes(ch)) return fail(`curl: option -${ch}: is unknown\n${TRY}`, 2);
        const r = take(ch, `-${ch}`, undefined);
        if (r) return r;
      }
    } else url = a;
  }
  if (url === undefined) return fail(TRY, 2);
  if (output !== undefined && output !== '/dev/null' && output !== '-') {
    return fail('curl: -o here writes only to /dev/null or - (stdout): the pods of this simulator keep no files\n', 2);
  }
  const world = ctx.world;
  const ns = nsOf(world, ctx.where);
  const pod = podOfNs(world, ns);
  const proc: Proc = { pid: nextPid++, ppid: 1, uid: ctx.uid, gid: ctx.gid, comm: 'curl', args: ctx.argv.join(' '), ns, pod, container: ctx.env?.SIM_CONTAINER ?? '' };
  const r = httpGet(world, proc, url, { maxTimeS: maxTime });
  world.advance(3000);
  let out = '';
  let err = '';
  if (verbose && r.remoteIp) {
    err += `*   Trying ${r.remoteIp}:${r.port}...\n`;
    if (r.connectError) err += `* connect to ${r.remoteIp} port ${r.port} failed: ${r.connectError}\n`;
    else if (r.exit === 28 && !r.request) err += '';
    else {
      err += `* Connected to ${r.host} (${r.remoteIp}) port ${r.port} (#0)\n`;
      const req = r.request!;
      err += `> ${head ? 'HEAD' : req.method} ${req.path} HTTP/1.1\r\n${req.headers.map((h) => `> ${h}\r\n`).join('')}> \r\n`;
    }
  }
  // the body (and with -i the headers) go where -o says; --write-out's text to stdout after it
  const finish = (code: number): CommandResult => {
    if (output === '/dev/null') out = '';
    if (writeFormat !== undefined) {
      const w = writeOut(writeFormat, { result: r, url: effectiveUrl(url!), method: head ? 'HEAD' : 'GET' });
      out += w.out;
      err += w.err;
    }
    if (output !== undefined && !silent) err += 'curl: (note) the progress meter curl shows when -o takes the output is not modelled; add -s\n';
    return { stdout: out, stderr: err, code };
  };
  if (r.exit === 0 && r.response) {
    const resp = r.response;
    if (verbose) err += `< ${resp.version} ${resp.status} ${resp.reason}\r\n${resp.headers.map((h) => `< ${h}\r\n`).join('')}< \r\n`;
    if (include || head) out += headerBlock(resp);
    if (!head) out += resp.body;
    if (verbose) err += resp.version === 'HTTP/1.0' ? '* Closing connection 0\n' : `* Connection #0 to host ${r.host} left intact\n`;
    void responseText;
    return finish(0);
  }
  if (verbose) {
    if (r.exit === 52) err += '* Empty reply from server\n';
    else if (r.exit === 7 || (r.exit === 28 && r.connectError)) err += `* ${r.error!.replace(/^\(\d+\) /, '')}\n`;
    else if (r.exit === 6) err += `* ${r.error!.replace(/^\(\d+\) /, '')}\n`;
    err += '* Closing connection 0\n';
  }
  const done = finish(r.exit);
  if (!silent || showErr) done.stderr += `curl: ${r.error}\n`;
  return done;
}
