// Stamps each request's TCP peer address on a header route handlers can read (Next.js gives
// them no socket). Installed once from instrumentation.ts in the Node.js runtime; it wraps
// http.Server's 'request' emit, so it applies to the server Next.js has already created.
import http from 'node:http';
import { PEER_HEADER } from '../auth/client-address';

let installed = false;

export function installPeerAddressHeader(): void {
  if (installed) return;
  installed = true;
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? 'unknown';
    }
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}
