/* An HTTP proxy in front of moto that injects S3 faults: 503 SlowDown answers and reset connections. */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultRule {
  /** Which requests the rule may hit. */
  match: (req: IncomingMessage) => boolean;
  /** Decides, per matching request (counted from 1), whether to inject the fault. */
  when: (n: number) => boolean;
  fault: 'slowdown' | 'reset';
}

export interface FaultProxy {
  url: string;
  /** Requests seen, by method. */
  counts: Record<string, number>;
  injected: number;
  rules: FaultRule[];
  close(): Promise<void>;
}

export async function startFaultProxy(target: string, rules: FaultRule[] = []): Promise<FaultProxy> {
  const upstream = new URL(target);
  const state: FaultProxy = { url: '', counts: {}, injected: 0, rules, close: async () => undefined };
  const hits = new Map<FaultRule, number>();

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    state.counts[method] = (state.counts[method] ?? 0) + 1;
    for (const rule of state.rules) {
      if (!rule.match(req)) continue;
      const n = (hits.get(rule) ?? 0) + 1;
      hits.set(rule, n);
      if (!rule.when(n)) continue;
      state.injected++;
      if (rule.fault === 'reset') {
        req.socket.destroy();
      } else {
        req.resume();
        res.writeHead(503, { 'content-type': 'application/xml' });
        res.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
        );
      }
      return;
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  };

  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

export const isPut = (req: IncomingMessage): boolean => req.method === 'PUT';
