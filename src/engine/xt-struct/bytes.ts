// A little writer for the kernel structs of xt extensions (x86-64 layout: host order is
// little-endian, each field at its natural alignment).

export class StructWriter {
  readonly b: number[] = [];
  /** pad to `n`-byte alignment */
  align(n: number): this {
    while (this.b.length % n) this.b.push(0);
    return this;
  }
  u8(v: number): this {
    this.b.push(v & 255);
    return this;
  }
  u16(v: number): this {
    this.align(2);
    this.b.push(v & 255, (v >>> 8) & 255);
    return this;
  }
  u32(v: number): this {
    this.align(4);
    this.b.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
    return this;
  }
  u64(v: bigint | number): this {
    this.align(8);
    const x = BigInt.asUintN(64, BigInt(v));
    for (let i = 0n; i < 64n; i += 8n) this.b.push(Number((x >> i) & 255n));
    return this;
  }
  /** a __be16 (ports as the kernel keeps them) */
  be16(v: number): this {
    this.align(2);
    this.b.push((v >>> 8) & 255, v & 255);
    return this;
  }
  /** a __be32 / in_addr: the address number's bytes in network order */
  be32(v: number): this {
    this.align(4);
    this.b.push((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
    return this;
  }
  /** a char[n] field: the string's bytes, zero-filled (cut at n) */
  str(s: string, n: number): this {
    const bytes = [...new TextEncoder().encode(s)].slice(0, n);
    this.b.push(...bytes);
    for (let i = bytes.length; i < n; i++) this.b.push(0);
    return this;
  }
  zeros(n: number): this {
    for (let i = 0; i < n; i++) this.b.push(0);
    return this;
  }
  bytes(v: readonly number[]): this {
    this.b.push(...v);
    return this;
  }
}

/** `cached`: the struct as the kernel gave it back (only its usersize is copied) */
export type StructEncoder = (data: any, cached: boolean) => number[];
