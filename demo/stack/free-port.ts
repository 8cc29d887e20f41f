import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A free loopback port, for servers that cannot report the port they picked for `:0` (varnishd, postgres). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}
