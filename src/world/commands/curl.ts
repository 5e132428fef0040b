// curl 7.88.1 over the simulated network. Output as curl prints it to a terminal
// (no progress meter): the body, or with -i the header block first; -v traces the
// exchange on stderr; errors are "curl: (N) ..." unless -s (and -S brings them back).

import { responseText } from '../http.ts';
import type { HttpResponse } from '../http.ts';
import { httpGet } from '../traffic.ts';
import type { Proc } from '../world.ts';
import { fail, nsOf, podOfNs } from './context.ts';
import type { CommandResult, WorldCommandContext } from './context.ts';

let nextPid = 20400;

function headerBlock(r: HttpResponse): string {
  return `${r.version} ${r.status} ${r.reason}\r\n${r.headers.map((h) => `${h}\r\n`).join('')}\r\n`;
}

export function curlCommand(ctx: WorldCommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  let silent = false;
  let showErr = false;
  let verbose = false;
  let include = false;
  let head = false;
  let maxTime: number | undefined;
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--max-time' || a === '-m') {
      const v = args[++i];
      if (v === undefined || !/^\d+(\.\d+)?$/.test(v)) return fail(`curl: option ${a}: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n`, 2);
      maxTime = Number(v);
    } else if (a === '--silent') silent = true;
    else if (a === '--show-error') showErr = true;
    else if (a === '--verbose') verbose = true;
    else if (a === '--include') include = true;
    else if (a === '--head' || a === '-I') head = true;
    else if (/^-[a-zA-Z]+$/.test(a)) {
      for (const ch of a.slice(1)) {
        if (ch === 's') silent = true;
        else if (ch === 'S') showErr = true;
        else if (ch === 'v') verbose = true;
        else if (ch === 'i') include = true;
        else if (ch === 'I') head = true;
        else if (ch === 'L' || ch === 'f') continue;
        else return fail(`curl: option -${ch}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`, 2);
      }
    } else if (a.startsWith('-')) {
      return fail(`curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`, 2);
    } else url = a;
  }
  if (url === undefined) return fail("curl: try 'curl --help' or 'curl --manual' for more information\n", 2);
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
  if (r.exit === 0 && r.response) {
    const resp = r.response;
    if (verbose) err += `< ${resp.version} ${resp.status} ${resp.reason}\r\n${resp.headers.map((h) => `< ${h}\r\n`).join('')}< \r\n`;
    if (include || head) out += headerBlock(resp);
    if (!head) out += resp.body;
    if (verbose) err += resp.version === 'HTTP/1.0' ? '* Closing connection 0\n' : `* Connection #0 to host ${r.host} left intact\n`;
    void responseText;
    return { stdout: out, stderr: err, code: 0 };
  }
  if (verbose) {
    if (r.exit === 52) err += '* Empty reply from server\n';
    else if (r.exit === 7 || (r.exit === 28 && r.connectError)) err += `* ${r.error!.replace(/^\(\d+\) /, '')}\n`;
    else if (r.exit === 6) err += `* ${r.error!.replace(/^\(\d+\) /, '')}\n`;
    err += '* Closing connection 0\n';
  }
  if (!silent || showErr) err += `curl: ${r.error}\n`;
  return { stdout: out, stderr: err, code: r.exit };
}
