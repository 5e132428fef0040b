// Big outputs (a 50,000-rule listing is ~10 MB) built from many small pieces. Pieces
// are joined into small flat chunks (about 64 rule lines) as they come, so the
// short-lived pieces die young instead of surviving every minor GC until one final
// join; chunks stay below V8's large-object size (measured: 128 pieces beat 2,048).

const CHUNK_PIECES = 128;

export class TextBuilder {
  private readonly chunks: string[] = [];
  /**
   * one array for every chunk, written by index: emptying it with `length = 0` dropped
   * its backing store, and growing it again by push was ~10 MB of garbage per listing
   */
  private readonly pieces: string[] = new Array<string>(CHUNK_PIECES).fill('');
  private n = 0;

  push(s: string): void {
    this.pieces[this.n++] = s;
    if (this.n === CHUNK_PIECES) {
      this.chunks.push(this.pieces.join(''));
      this.n = 0;
    }
  }

  text(): string {
    if (this.n > 0) {
      this.chunks.push(this.pieces.slice(0, this.n).join(''));
      this.n = 0;
    }
    return this.chunks.length === 1 ? this.chunks[0] : this.chunks.join('');
  }
}
