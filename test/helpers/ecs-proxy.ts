/*
 * An HTTP proxy in front of moto for the ECS JSON API. It records every call (by X-Amz-Target
 * action, with its request body) and can rewrite answers, to show the deploy what moto cannot
 * produce: a rollout that FAILED, a circuit-breaker rollback, a container that exited non-zero.
 */
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { readJsonCall, serveOnLoopback } from './loopback.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the bodies are the API's JSON, shaped by the test */
export type Rewrite = (response: any, request: any) => any;

export interface EcsCall {
  action: string;
  body: any;
}

export interface EcsProxy {
  url: string;
  calls: EcsCall[];
  /** Rewrites by action name (DescribeServices, DescribeTasks, ...); change them at any time. */
  rewrites: Record<string, Rewrite | undefined>;
  /**
   * Error answers by action name, given instead of forwarding (e.g. AccessDeniedException for an
   * action the IAM policy does not allow); recorded like any other call.
   */
  errors: Record<string, { status: number; type: string; message: string } | undefined>;
  /**
   * Answers made here by action name, for calls moto cannot serve (RunTask with a capacity provider
   * strategy or an EBS volume); the request is recorded, moto never sees it.
   */
  answers: Record<string, ((request: any) => any) | undefined>;
  /** Calls of an action, optionally only those after the first call of another action. */
  count(action: string, after?: string): number;
  /** A rewrite that applies only once `action` is called after this point (e.g. after UpdateService). */
  after(action: string, rewrite: Rewrite): Rewrite;
  close(): Promise<void>;
}

export async function startEcsProxy(target: string): Promise<EcsProxy> {
  const upstream = new URL(target);
  const state: EcsProxy = {
    url: '',
    calls: [],
    rewrites: {},
    errors: {},
    answers: {},
    count(action, after) {
      const start = after ? state.calls.findIndex((c) => c.action === after) : 0;
      if (start === -1) return 0;
      return state.calls.slice(start).filter((c) => c.action === action).length;
    },
    after(action, rewrite) {
      // Counted from now: earlier tests' calls through the same proxy do not arm it.
      const start = state.calls.length;
      return (response, req) =>
        state.calls.slice(start).some((c) => c.action === action) ? rewrite(response, req) : response;
    },
    close: async () => undefined,
  };

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const call = await readJsonCall(req);
    const { action, body } = call;
    const parsed: any = call.parsed;
    if (action) state.calls.push({ action, body: parsed });
    const answer = state.answers[action];
    if (answer) {
      const text = JSON.stringify(answer(parsed));
      res.writeHead(200, {
        'content-type': 'application/x-amz-json-1.1',
        'content-length': String(Buffer.byteLength(text)),
      });
      res.end(text);
      return;
    }
    const error = state.errors[action];
    if (error) {
      const text = JSON.stringify({ __type: error.type, message: error.message });
      res.writeHead(error.status, {
        'content-type': 'application/x-amz-json-1.1',
        'content-length': String(Buffer.byteLength(text)),
        'x-amzn-errortype': error.type,
      });
      res.end(text);
      return;
    }
    const headers = { ...req.headers, 'content-length': String(body.length) };
    // A plain answer is easier to rewrite.
    delete headers['accept-encoding'];
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (up) => {
        const rewrite = state.rewrites[action];
        const status = up.statusCode ?? 502;
        if (!rewrite || status !== 200) {
          res.writeHead(status, up.headers);
          up.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const original = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
          const text = JSON.stringify(rewrite(original, parsed) ?? original);
          const out = { ...up.headers, 'content-length': String(Buffer.byteLength(text)) };
          delete out['content-encoding'];
          res.writeHead(status, out);
          res.end(text);
        });
      },
    );
    forward.on('error', () => res.destroy());
    forward.end(body);
  };

  const server = await serveOnLoopback((req, res) => {
    handler(req, res).catch(() => res.destroy());
  });
  state.url = server.url;
  state.close = server.close;
  return state;
}

const epoch = (): number => Date.now() / 1000;

/** The ECS actions the official deploy action's README policy allows (plus iam:PassRole, not an ECS call). */
export const OFFICIAL_POLICY_ACTIONS = ['RegisterTaskDefinition', 'DescribeServices', 'UpdateService'] as const;

/** Error answers that deny every ECS action but `allowed`, as a policy with only those actions would. */
export function denyAllBut(
  allowed: readonly string[],
  actions: readonly string[],
): Record<string, { status: number; type: string; message: string }> {
  const out: Record<string, { status: number; type: string; message: string }> = {};
  for (const a of actions) {
    if (allowed.includes(a)) continue;
    out[a] = {
      status: 400,
      type: 'AccessDeniedException',
      message: `User: arn:aws:sts::123456789012:assumed-role/github-actions/ci is not authorized to perform: ecs:${a} on resource: * because no identity-based policy allows the ecs:${a} action`,
    };
  }
  return out;
}

/** The service named `service` in a DescribeServices answer, changed by `change`. */
export function onService(service: string, change: (svc: any) => void): Rewrite {
  return (response) => {
    for (const svc of response.services ?? []) if (svc.serviceName === service) change(svc);
    return response;
  };
}

/** The circuit breaker without rollback: the new deployment stays PRIMARY with rolloutState FAILED. */
export function failedRollout(service: string, reason: string): Rewrite {
  return onService(service, (svc) => {
    const primary = (svc.deployments ?? []).find((d: any) => d.status === 'PRIMARY');
    if (!primary) return;
    primary.rolloutState = 'FAILED';
    primary.rolloutStateReason = reason;
    primary.failedTasks = 4;
    svc.events = [
      {
        id: `ev-${primary.id}-failed`,
        createdAt: epoch(),
        message: `(service ${service}) (deployment ${primary.id}) deployment failed: tasks failed to start.`,
      },
      ...(svc.events ?? []),
    ];
  });
}

/**
 * The circuit breaker with rollback: the new deployment becomes ACTIVE/FAILED and a new PRIMARY
 * deployment runs the previous revision.
 */
export function rolledBack(service: string, previousTaskDefinition: string): Rewrite {
  return onService(service, (svc) => {
    const primary = (svc.deployments ?? []).find((d: any) => d.status === 'PRIMARY');
    if (!primary) return;
    Object.assign(primary, {
      status: 'ACTIVE',
      rolloutState: 'FAILED',
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
    });
    const rollback = {
      ...primary,
      id: 'ecs-svc/9999999999999999999',
      status: 'PRIMARY',
      taskDefinition: previousTaskDefinition,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: 'ECS deployment ecs-svc/9999999999999999999 in progress.',
      failedTasks: 0,
    };
    svc.deployments = [rollback, primary];
    svc.events = [
      {
        id: 'ev-rollback',
        createdAt: epoch(),
        message: `(service ${service}) rolling back to deployment ecs-svc/9999999999999999999.`,
      },
      ...(svc.events ?? []),
    ];
  });
}

/** A RunTask answer with one task just placed (for calls moto cannot serve). */
export function startedTask(cluster: string): (request: any) => any {
  return (req) => ({
    tasks: [
      {
        taskArn: `arn:aws:ecs:us-east-1:123456789012:task/${cluster}/${Math.random().toString(16).slice(2).padEnd(32, '0')}`,
        taskDefinitionArn: req?.taskDefinition,
        lastStatus: 'PROVISIONING',
        desiredStatus: 'RUNNING',
        startedBy: req?.startedBy,
      },
    ],
    failures: [],
  });
}

/** Every container of every task in a DescribeTasks answer exits with `code`. */
export function exitCode(code: number, reason?: string): Rewrite {
  return (response) => {
    for (const task of response.tasks ?? []) {
      for (const c of task.containers ?? []) {
        c.exitCode = code;
        if (reason) c.reason = reason;
      }
      if (task.lastStatus === 'STOPPED') task.stoppedReason = 'Essential container in task exited';
    }
    return response;
  };
}
