// The nfcapd format module (nfdump's own binary files); the reader is in reader.ts.
import type { FlowFormat } from '../../format';
import { createNfcapdParser, nfcapdScore } from './reader';

export { createNfcapdParser, nfcapdScore } from './reader';

export const nfcapdFormat: FlowFormat = {
  id: 'nfcapd',
  kind: 'flows',
  label: "nfdump's native nfcapd files (nfdump 1.6 and 1.7 layouts; uncompressed, LZO, LZ4, bzip2 or ZSTD blocks)",
  sniff: nfcapdScore,
  createParser: createNfcapdParser,
};
