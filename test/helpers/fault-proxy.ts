/*
 * An HTTP proxy in front of moto that injects faults: 503 SlowDown answers, reset connections, or any
 * answer given by the rule. With no rules it only forwards, and counts what was sent (counts by method).
 */
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { serveOnLoopback } from './loopback.js';

export interface FaultRule {
  /** Which requests the rule may hit. */
  match: (req: IncomingMessage) => boolean;
  /** Decides, per matching request (counted from 1), whether to inject the fault. */
  when: (n: number) => boolean;
  /** 'hang' never answers (the request stays open until the proxy closes): a run stuck mid-way. */
  fault: 'slowdown' | 'reset' | 'hang' | { delayMs: number } | FaultAnswer;
}

/** A fixed answer, e.g. a 403 AccessDenied in the XML shape of the API the request was for. */
export interface FaultAnswer {
  status: number;
  body: string;
  contentType?: string;
}

export interface FaultProxy {
  url: string;
  /** Requests seen, by method. */
  counts: Record<string, number>;
  injected: number;
  rules: FaultRule[];
  close(): Promise<void>;
}

const SLOWDOWN: FaultAnswer = {
  status: 503,
  body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
};

export async function startFaultProxy(target: string, rules: FaultRule[] = []): Promise<FaultProxy> {
  const upstream = new URL(target);
  const state: FaultProxy = { url: '', counts: {}, injected: 0, rules, close: async () => undefined };
  const hits = new Map<FaultRule, number>();

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    state.counts[method] = (state.counts[method] ?? 0) + 1;
    let delayMs = 0;
    for (const rule of state.rules) {
      if (!rule.match(req)) continue;
      const n = (hits.get(rule) ?? 0) + 1;
      hits.set(rule, n);
      if (!rule.when(n)) continue;
      state.injected++;
      const fault = rule.fault;
      if (typeof fault === 'object' && 'delayMs' in fault) {
        delayMs = fault.delayMs;
        break;
      }
      if (fault === 'reset') {
        req.socket.destroy();
      } else if (fault === 'hang') {
        req.resume();
      } else {
        const answer = fault === 'slowdown' ? SLOWDOWN : fault;
        req.resume();
        res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/xml' });
        res.end(answer.body);
      }
      return;
    }
    if (delayMs === 0) return forwardTo(req, res, method);
    req.pause();
    setTimeout(() => forwardTo(req, res, method), delayMs);
  };

  const forwardTo = (req: IncomingMessage, res: ServerResponse, method: string): void => {
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

  const server = await serveOnLoopback(handler);
  state.url = server.url;
  state.close = server.close;
  return state;
}

export const isPut = (req: IncomingMessage): boolean => req.method === 'PUT';

/** A CloudFront error answer (CloudFront wraps the error in ErrorResponse, unlike S3). */
export function cloudFrontError(status: number, code: string, message: string): FaultAnswer {
  return {
    status,
    body: `<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`,
    contentType: 'text/xml',
  };
}
