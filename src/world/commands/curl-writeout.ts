// curl's --write-out language (7.88.1, tool_writeout.c): %{variable}, %% for a percent,
// \n \r \t; a % or \ before anything else is printed as it stands, with that character.
// Measured: test/fixtures/world/captures/curl-options.txt.

import type { HttpResult } from '../traffic.ts';

/** what one transfer gives the variables */
export interface WriteOutInfo {
  result: HttpResult;
  url: string;
  method: string;
}

/** the variables the simulated transfer knows; the time_* ones it cannot know */
function variable(name: string, w: WriteOutInfo): string | undefined {
  const r = w.result;
  const resp = r.response;
  const code = resp ? String(resp.status).padStart(3, '0') : '000';
  const headerBytes = resp ? `${resp.version} ${resp.status} ${resp.reason}\r\n`.length + resp.headers.reduce((n, h) => n + h.length + 2, 0) + 2 : 0;
  switch (name) {
    case 'http_code': case 'response_code': return code;
    case 'remote_ip': return r.localIp !== undefined ? r.remoteIp ?? '' : '';
    case 'remote_port': return r.localIp !== undefined ? String(r.remotePort ?? 0) : '0';
    case 'local_ip': return r.localIp ?? '';
    case 'local_port': return String(r.localPort ?? 0);
    case 'size_download': return String(resp && w.method !== 'HEAD' ? resp.body.length : 0);
    case 'size_header': return String(headerBytes);
    case 'content_type': return resp?.headers.find((h) => /^content-type:/i.test(h))?.replace(/^[^:]*:\s*/, '') ?? '';
    case 'url_effective': return w.url;
    case 'method': return w.method;
    case 'exitcode': return String(r.exit);
    case 'errormsg': return r.exit === 0 ? '' : (r.error ?? '').replace(/^\(\d+\) /, '');
    case 'num_connects': return r.localIp !== undefined ? '1' : '0';
    case 'scheme': return 'HTTP';
    case 'http_version': return resp ? resp.version.replace('HTTP/', '').replace(/\.0$/, '') : '0';
  }
  return undefined;
}

/** names curl has that the simulator cannot fill in (times measured on a real clock) */
const UNMODELLED = /^(time_|speed_|size_upload|size_request|num_redirects|redirect_url|ssl_|proxy_|filename_effective|ftp_entry_path|onerror|stderr|stdout|json|header_json|urlnum|referer|certs|num_certs|num_headers)/;

/** the --write-out text for a transfer; notes for unknown or unmodelled variables go to stderr */
export function writeOut(format: string, w: WriteOutInfo): { out: string; err: string } {
  let out = '';
  let err = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    const next = format[i + 1];
    if (c === '%' && next !== undefined) {
      if (next === '%') {
        out += '%';
        i++;
        continue;
      }
      if (next === '{') {
        const end = format.indexOf('}', i + 2);
        if (end < 0) {
          out += '%{';
          i++;
          continue;
        }
        const name = format.slice(i + 2, end);
        const v = variable(name, w);
        if (v !== undefined) out += v;
        else if (UNMODELLED.test(name)) err += `curl: --write-out variable '${name}' is not modelled by this simulator\n`;
        else err += `curl: unknown --write-out variable: '${name}'\n`;
        i = end;
        continue;
      }
      out += c + next;
      i++;
      continue;
    }
    if (c === '\\' && next !== undefined) {
      out += next === 'n' ? '\n' : next === 'r' ? '\r' : next === 't' ? '\t' : c + next;
      i++;
      continue;
    }
    out += c;
  }
  return { out, err };
}
