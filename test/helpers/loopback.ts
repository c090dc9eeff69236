/* An HTTP server of a test's own on a free loopback port, and how to stop it (open connections too). */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  url: string;
  close(): Promise<void>;
}

export async function serveOnLoopback(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<LoopbackServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A request's whole body. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * An AWS JSON-protocol call as a proxy sees it: the action (from X-Amz-Target; empty for other
 * protocols), the raw body to forward, and the body parsed (undefined when it is not JSON).
 */
export async function readJsonCall(req: IncomingMessage): Promise<{ action: string; body: Buffer; parsed: unknown }> {
  const body = await readBody(req);
  const action =
    String(req.headers['x-amz-target'] ?? '')
      .split('.')
      .pop() ?? '';
  let parsed: unknown;
  try {
    parsed = body.length ? JSON.parse(body.toString('utf8')) : undefined;
  } catch {
    parsed = undefined;
  }
  return { action, body, parsed };
}
