import { StringDecoder } from 'node:string_decoder';

export interface JsonObjectHandler {
  /** The source text of one top-level `{…}` and the 1-based line where it starts. */
  object(text: string, line: number): void;
  /** Text outside any object that is not whitespace, `,`, `[` or `]` (reported once per line). */
  stray(line: number): void;
  /** An object larger than the limit (dropped), or one still open at the end of the input. */
  broken(line: number, reason: string): void;
}

export const MAX_OBJECT_CHARS = 1 << 20;

/**
 * Cuts a stream into its top-level JSON objects without parsing or holding the whole input:
 * a JSON array of objects (`nfdump -o json`), NDJSON (`-o ndjson`) and the comma-joined
 * `{…},{…}` that some nfdump versions print all come out the same. Only string and nesting
 * state is tracked, so braces inside strings are ignored and chunks may split anywhere.
 */
export class JsonObjectSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private partialChars = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  private objectLine = 0;
  private lastStrayLine = 0;
  private atStart = true;

  constructor(
    private readonly handler: JsonObjectHandler,
    private readonly maxObjectChars = MAX_OBJECT_CHARS,
  ) {}

  push(chunk: Buffer): void {
    this.feed(this.decoder.write(chunk));
  }

  end(): void {
    this.feed(this.decoder.end());
    if (this.depth > 0) this.handler.broken(this.objectLine, 'the input ends inside a JSON object');
    this.partial = '';
    this.depth = 0;
  }

  private feed(decoded: string): void {
    let text = decoded;
    if (text.length === 0) return;
    if (this.atStart) {
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = this.depth > 0 ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.depth === 0) {
        if (c === 123 /* { */) {
          this.depth = 1;
          start = i;
          this.objectLine = this.line;
        } else if (c !== 32 && c !== 10 && c !== 13 && c !== 9 && c !== 44 && c !== 91 && c !== 93 && this.lastStrayLine !== this.line) {
          this.lastStrayLine = this.line;
          this.handler.stray(this.line);
        }
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
        continue;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) {
        this.depth--;
        if (this.depth === 0) {
          this.complete(text.slice(start, i + 1));
          start = -1;
        }
      }
    }
    if (this.depth > 0) this.keep(text.slice(start));
  }

  private keep(piece: string): void {
    this.partialChars += piece.length;
    // Past the limit the text is dropped but still counted, so the verdict does not depend on
    // where the chunks were cut.
    this.partial = this.partialChars > this.maxObjectChars ? '' : this.partial + piece;
  }

  private complete(piece: string): void {
    const total = this.partialChars + piece.length;
    const text = this.partial + piece;
    this.partial = '';
    this.partialChars = 0;
    if (total > this.maxObjectChars) this.handler.broken(this.objectLine, 'JSON object too large');
    else this.handler.object(text, this.objectLine);
  }
}
