import { Logger } from '@nestjs/common';
import { createServer, IncomingMessage, RequestListener, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Duplex } from 'node:stream';

export type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Errors meaning "this machine has no IPv6 loopback", after which IPv4 alone will do. */
const NO_IPV6 = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EPROTONOSUPPORT', 'EINVAL']);
const EPHEMERAL_ATTEMPTS = 5;

/**
 * Serves one handler on 127.0.0.1 and ::1 with the same port: clients are given `http://localhost:PORT`,
 * and `localhost` may resolve to either address.
 */
export class LoopbackListener {
  private readonly logger = new Logger(LoopbackListener.name);
  private servers: Server[] = [];

  constructor(
    private readonly handler: RequestListener,
    private readonly upgrade?: UpgradeListener,
  ) {}

  get addresses(): string[] {
    return this.servers.map((server) => (server.address() as AddressInfo).address);
  }

  async listen(port: number): Promise<number> {
    if (this.servers.length > 0) throw new Error('already listening');
    // An ephemeral IPv4 port may be taken on IPv6: then try another pair.
    for (let attempt = 1; ; attempt++) {
      const ipv4 = await this.open(port, '127.0.0.1');
      const actual = (ipv4.address() as AddressInfo).port;
      try {
        const ipv6 = await this.open(actual, '::1');
        this.servers = [ipv4, ipv6];
        return actual;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (NO_IPV6.has(code)) {
          this.logger.warn(`IPv6 loopback unavailable (${code}); listening on 127.0.0.1 only`);
          this.servers = [ipv4];
          return actual;
        }
        await LoopbackListener.shut(ipv4);
        if (code !== 'EADDRINUSE' || port !== 0 || attempt >= EPHEMERAL_ATTEMPTS) throw error;
      }
    }
  }

  /** Also ends keep-alive connections, so that nothing keeps the process (or Jest) alive. */
  async close(): Promise<void> {
    const servers = this.servers;
    this.servers = [];
    await Promise.all(servers.map((server) => LoopbackListener.shut(server)));
  }

  private open(port: number, host: string): Promise<Server> {
    const server = createServer({ keepAliveTimeout: 5_000 }, this.handler);
    if (this.upgrade) server.on('upgrade', this.upgrade);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host, exclusive: true }, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }

  private static shut(server: Server): Promise<void> {
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
