declare module 'unbzip2-stream' {
  import type { Transform } from 'node:stream';
  /** A streaming bzip2 decompressor (pure JavaScript). */
  export default function unbzip2Stream(): Transform;
}
