// Big outputs (a 50,000-rule listing is ~10 MB) built from many small pieces. Pieces
// are joined into small flat chunks (about 64 rule lines) as they come, so the
// short-lived pieces die young instead of surviving every minor GC until one final
// join; chunks stay below V8's large-object size (measured: 128 pieces beat 2,048).

const CHUNK_PIECES = 128;

export class TextBuilder {
  private readonly chunks: string[] = [];
  private pieces: string[] = [];

  push(s: string): void {
    const p = this.pieces;
    p.push(s);
    if (p.length >= CHUNK_PIECES) {
      this.chunks.push(p.join(''));
      // (the same array again: its backing store is already the right size)
      p.length = 0;
    }
  }

  text(): string {
    if (this.pieces.length > 0) {
      this.chunks.push(this.pieces.join(''));
      this.pieces = [];
    }
    return this.chunks.length === 1 ? this.chunks[0] : this.chunks.join('');
  }
}
