// HTTP messages as text: what curl sends, what the apps answer, what the sidecar adds.
// Only their lengths reach the packets, but curl prints them, so they are real text.

export interface HttpRequest {
  method: string;
  path: string;
  /** header lines in wire order, without CRLF */
  headers: string[];
}

export interface HttpResponse {
  status: number;
  reason: string;
  version: 'HTTP/1.0' | 'HTTP/1.1';
  headers: string[];
  body: string;
}

export const CURL_UA = 'curl/7.88.1';

export function curlRequest(hostHeader: string, path: string): HttpRequest {
  return { method: 'GET', path, headers: [`Host: ${hostHeader}`, `User-Agent: ${CURL_UA}`, 'Accept: */*'] };
}

export function requestText(r: HttpRequest): string {
  return `${r.method} ${r.path} HTTP/1.1\r\n${r.headers.map((h) => `${h}\r\n`).join('')}\r\n`;
}

export function responseText(r: HttpResponse): string {
  return `${r.version} ${r.status} ${r.reason}\r\n${r.headers.map((h) => `${h}\r\n`).join('')}\r\n${r.body}`;
}

/** Bytes on the wire (the texts are ASCII). */
export function byteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return n;
}

export function header(r: { headers: string[] }, name: string): string | undefined {
  const l = name.toLowerCase();
  const h = r.headers.find((x) => x.toLowerCase().startsWith(`${l}:`));
  return h?.slice(h.indexOf(':') + 1).trim();
}

/** Python's http.server splits "Name: value" pairs like this for its JSON echo. */
export function headerPairs(r: HttpRequest): [string, string][] {
  return r.headers.map((h) => {
    const i = h.indexOf(':');
    return [h.slice(0, i), h.slice(i + 1).trim()];
  });
}
