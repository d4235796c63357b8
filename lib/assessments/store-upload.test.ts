import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { storeStream, UploadTooLarge } from './store-upload';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-store-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function chunks(n: number, size: number): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < n; i++) yield Buffer.alloc(size, 0x41 + (i % 26));
    })(),
  );
}

describe('storeStream', () => {
  it('stores the stream and returns its size and sha256', async () => {
    const dest = path.join(dir, 'ok', 'upload');
    const r = await storeStream(chunks(4, 1000), dest);
    expect(r.size).toBe(4000);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(dest).size).toBe(4000);
  });

  it('stops a stream that grows past the limit (whatever Content-Length said) and removes the partial file', async () => {
    const dest = path.join(dir, 'big', 'upload');
    await expect(storeStream(chunks(100, 64 * 1024), dest, 1024 * 1024)).rejects.toThrow(UploadTooLarge);
    expect(fs.existsSync(dest)).toBe(false);
  });

  it('a source failing at once (ENOSPC) leaves no partial file behind', async () => {
    const dest = path.join(dir, 'enospc', 'upload');
    const failing = new Readable({
      read() {
        this.destroy(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
      },
    });
    await expect(storeStream(failing, dest)).rejects.toThrow('the server disk is full: the upload was not stored');
    expect(fs.existsSync(dest)).toBe(false);
  });

  it('never overwrites an existing file', async () => {
    const dest = path.join(dir, 'twice', 'upload');
    await storeStream(chunks(1, 10), dest);
    await expect(storeStream(chunks(1, 10), dest)).rejects.toThrow(/EEXIST/);
    expect(fs.statSync(dest).size).toBe(10);
  });
});
