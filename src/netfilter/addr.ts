// IPv4 addresses as uint32, the engine's representation (10.0.0.1 = 0x0a000001).

export function ip(text: string): number {
  const p = text.split('.');
  if (p.length !== 4) throw new Error(`bad IPv4 address "${text}"`);
  let v = 0;
  for (const o of p) {
    const n = Number(o);
    if (!/^\d{1,3}$/.test(o) || n > 255) throw new Error(`bad IPv4 address "${text}"`);
    v = v * 256 + n;
  }
  return v >>> 0;
}

export function ipText(a: number): string {
  return `${(a >>> 24) & 255}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

export function isIpText(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) && text.split('.').every((o) => Number(o) <= 255);
}

export function maskOf(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

export function inPrefix(addr: number, net: number, bits: number): boolean {
  const m = maskOf(bits);
  return ((addr & m) >>> 0) === ((net & m) >>> 0);
}

export const LOOPBACK_NET = ip('127.0.0.0');
export const LOCALHOST = ip('127.0.0.1');

export function isLoopback(addr: number): boolean {
  return addr >>> 24 === 127;
}

export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_ICMP = 1;
