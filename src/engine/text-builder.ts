// Big outputs (a 50,000-rule listing is ~10 MB) built from many small pieces. Pieces
// are joined into flat chunks of a few hundred KB as they come, so the short-lived
// pieces die young instead of surviving every minor GC until one final join.

const CHUNK_PIECES = 2048;

export class TextBuilder {
  private readonly chunks: string[] = [];
  private pieces: string[] = [];

  push(s: string): void {
    const p = this.pieces;
    p.push(s);
    if (p.length >= CHUNK_PIECES) {
      this.chunks.push(p.join(''));
      this.pieces = [];
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
