// The synchronous bzip2 block decoder inside unbzip2-stream (lib/bzip2.js), used by the nfcapd
// reader for bzip2-compressed blocks; typed where it is called (lib/ingest/flows/nfcapd/decompress.ts).
declare module 'unbzip2-stream/lib/bzip2.js' {
  const bzip2: unknown;
  export default bzip2;
}
