// The TCP peer reaches route handlers as PEER_HEADER, whatever the client sent in it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { PEER_HEADER } from '../auth/client-address';
import { installPeerAddressHeader } from './peer-address';

it('stamps the socket address over any client-sent value', async () => {
  installPeerAddressHeader();
  const server = http.createServer((req, res) => res.end(String(req.headers[PEER_HEADER])));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const body = await new Promise<string>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, headers: { [PEER_HEADER]: '6.6.6.6', 'x-forwarded-for': '6.6.6.6' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
        });
        res.on('end', () => resolve(text));
      })
      .on('error', reject);
  });
  server.close();
  expect(body).toBe('127.0.0.1');
});
