import type { CodeDeploy } from '@aws-sdk/client-codedeploy';
/*
 * An HTTP proxy in front of moto for the CodeDeploy JSON API. Moto creates applications, deployment
 * groups and deployments, but leaves every deployment in `Created` and knows no deployment targets.
 * The proxy plays a scenario per deployment instead: each GetDeployment of that deployment shows the
 * next frame (status, overview, error, rollback; the last frame stays), and ListDeploymentTargets /
 * BatchGetDeploymentTargets are answered from the frame GetDeployment showed last, for EC2/on-premises
 * instances and ECS targets alike. It also records every call (by X-Amz-Target action, with its body)
 * and turns moto's ISO timestamps into the epoch seconds the real API (and so the SDK) uses.
 */
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { readJsonCall, serveOnLoopback } from './loopback.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the bodies are the API's JSON, shaped by the test */
export type Rewrite = (response: any, request: any) => any;

export interface CodeDeployCall {
  action: string;
  body: any;
}

export type TargetKind = 'instance' | 'ecs';

export interface EventState {
  name: string;
  /** Pending, InProgress, Succeeded, Failed, Skipped, Unknown. */
  status: string;
  diagnostics?: { errorCode?: string; scriptName?: string; message?: string; logTail?: string };
}

export interface TargetState {
  id: string;
  kind: TargetKind;
  status: string;
  events: EventState[];
}

/** What one GetDeployment of the deployment shows. */
export interface Frame {
  status: string;
  overview?: Partial<Record<'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped' | 'Ready', number>>;
  targets: TargetState[];
  errorInformation?: { code: string; message: string };
  rollbackInfo?: { rollbackDeploymentId?: string; rollbackTriggeringDeploymentId?: string; rollbackMessage?: string };
}

export interface PlayedDeployment {
  id: string;
  /** The CreateDeployment request as the command sent it. */
  request: any;
  scenario?: Frame[];
  /** The frame GetDeployment showed last (-1 before the first poll). */
  frame: number;
}

export interface CodeDeployProxy {
  url: string;
  calls: CodeDeployCall[];
  /** Rewrites of moto's answers by action, applied after the scenario; change them at any time. */
  rewrites: Record<string, Rewrite | undefined>;
  /** Deployments created through the proxy, in order. */
  deployments: PlayedDeployment[];
  /** The scenario for the next deployment created through the proxy (queued: one per CreateDeployment). */
  play(scenario: Frame[]): void;
  count(action: string): number;
  close(): Promise<void>;
}

const TIME_FIELDS = new Set(['createTime', 'startTime', 'completeTime', 'endTime', 'lastUpdatedAt']);

/** Moto writes ISO timestamps (and nulls) where the API has epoch seconds; the SDK refuses those. */
export function fixTimestamps(value: any): any {
  if (Array.isArray(value)) return value.map(fixTimestamps);
  if (!value || typeof value !== 'object') return value;
  const out: any = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null) continue;
    if (TIME_FIELDS.has(k) && typeof v === 'string') {
      const ms = Date.parse(v.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
      if (!Number.isNaN(ms)) out[k] = ms / 1000;
      continue;
    }
    out[k] = fixTimestamps(v);
  }
  return out;
}

function targetJson(deploymentId: string, t: TargetState): any {
  const lifecycleEvents = t.events.map((e) => ({
    lifecycleEventName: e.name,
    status: e.status,
    ...(e.diagnostics ? { diagnostics: e.diagnostics } : {}),
  }));
  const common = {
    deploymentId,
    targetId: t.id,
    status: t.status,
    lastUpdatedAt: Date.now() / 1000,
    lifecycleEvents,
  };
  if (t.kind === 'ecs') {
    return {
      deploymentTargetType: 'ECSTarget',
      ecsTarget: { ...common, targetArn: `arn:aws:ecs:us-east-1:123456789012:service/${t.id.replace(':', '/')}` },
    };
  }
  return {
    deploymentTargetType: 'InstanceTarget',
    instanceTarget: { ...common, targetArn: `arn:aws:ec2:us-east-1:123456789012:instance/${t.id}` },
  };
}

export async function startCodeDeployProxy(target: string): Promise<CodeDeployProxy> {
  const upstream = new URL(target);
  const queued: Frame[][] = [];
  const state: CodeDeployProxy = {
    url: '',
    calls: [],
    rewrites: {},
    deployments: [],
    play: (scenario) => void queued.push(scenario),
    count: (action) => state.calls.filter((c) => c.action === action).length,
    close: async () => undefined,
  };
  const played = (id: unknown): PlayedDeployment | undefined => state.deployments.find((d) => d.id === id);
  const shown = (d: PlayedDeployment | undefined): Frame | undefined =>
    d?.scenario ? d.scenario[Math.max(0, Math.min(d.frame, d.scenario.length - 1))] : undefined;

  /** Actions moto does not know, answered here from the scenario. */
  const local: Record<string, (body: any) => any> = {
    ListDeploymentTargets: (body) => ({
      targetIds: (shown(played(body?.deploymentId))?.targets ?? []).map((t) => t.id),
    }),
    BatchGetDeploymentTargets: (body) => {
      const targets = shown(played(body?.deploymentId))?.targets ?? [];
      const wanted = new Set<string>(body?.targetIds ?? []);
      return {
        deploymentTargets: targets.filter((t) => wanted.has(t.id)).map((t) => targetJson(body.deploymentId, t)),
      };
    },
  };

  /** The scenario's frame over moto's deployment; each GetDeployment moves one frame on. */
  const applyFrame = (info: any): any => {
    const d = played(info?.deploymentId);
    if (!d?.scenario) return info;
    d.frame = Math.min(d.frame + 1, d.scenario.length - 1);
    const f = shown(d) as Frame;
    const now = Date.now() / 1000;
    const out = { ...info, status: f.status };
    out.deploymentOverview = {
      Pending: 0,
      InProgress: 0,
      Succeeded: 0,
      Failed: 0,
      Skipped: 0,
      Ready: 0,
      ...f.overview,
    };
    if (f.status !== 'Created' && f.status !== 'Queued') out.startTime ??= now;
    if (['Succeeded', 'Failed', 'Stopped'].includes(f.status)) out.completeTime ??= now;
    out.errorInformation = f.errorInformation;
    out.rollbackInfo = f.rollbackInfo;
    return out;
  };

  const reply = (res: ServerResponse, status: number, body: unknown, headers: Record<string, unknown> = {}): void => {
    const text = JSON.stringify(body);
    const out: Record<string, unknown> = { ...headers, 'content-type': 'application/x-amz-json-1.1' };
    out['content-length'] = String(Buffer.byteLength(text));
    delete out['content-encoding'];
    res.writeHead(status, out as never);
    res.end(text);
  };

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const call = await readJsonCall(req);
    const { action, body } = call;
    const parsed: any = call.parsed;
    // Other services' calls (S3 uploads through the same endpoint) are recorded by method and path.
    state.calls.push(
      action ? { action, body: parsed } : { action: `${req.method ?? '?'} ${req.url ?? ''}`, body: undefined },
    );
    const answerHere = local[action];
    if (answerHere) {
      const rewrite = state.rewrites[action];
      const answer = answerHere(parsed);
      reply(res, 200, rewrite ? (rewrite(answer, parsed) ?? answer) : answer);
      return;
    }
    const headers = { ...req.headers, 'content-length': String(body.length) };
    delete headers['accept-encoding'];
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (up) => {
        const status = up.statusCode ?? 502;
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const buf = Buffer.concat(chunks);
          if (status !== 200 || !action) {
            res.writeHead(status, up.headers);
            res.end(buf);
            return;
          }
          const raw = buf.toString('utf8');
          let answer = fixTimestamps(JSON.parse(raw || '{}'));
          if (action === 'CreateDeployment' && answer.deploymentId) {
            const scenario = queued.shift();
            state.deployments.push({
              id: answer.deploymentId,
              request: parsed,
              frame: -1,
              ...(scenario ? { scenario } : {}),
            });
          }
          if (action === 'GetDeployment' && answer.deploymentInfo) {
            answer.deploymentInfo = applyFrame(answer.deploymentInfo);
          }
          const rewrite = state.rewrites[action];
          if (rewrite) answer = rewrite(answer, parsed) ?? answer;
          reply(res, status, answer, up.headers);
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

/** The lifecycle events CodeDeploy runs on an EC2/on-premises instance (in-place), in order. */
export const EC2_EVENTS = [
  'ApplicationStop',
  'DownloadBundle',
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'ApplicationStart',
  'ValidateService',
] as const;

/** The lifecycle events of an ECS blue/green deployment, in order. */
export const ECS_EVENTS = [
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic',
] as const;

/** A target whose events before `at` succeeded, `at` has `status` (and diagnostics), the rest wait. */
export function targetAt(
  id: string,
  kind: TargetKind,
  at: string | 'done',
  status: string,
  diagnostics?: EventState['diagnostics'],
): TargetState {
  const names: readonly string[] = kind === 'ecs' ? ECS_EVENTS : EC2_EVENTS;
  const index = at === 'done' ? names.length : names.indexOf(at);
  if (index === -1) throw new Error(`${at} is not a ${kind} lifecycle event`);
  const failed = status === 'Failed';
  const events = names.map((name, i): EventState => {
    if (i < index || at === 'done') return { name, status: 'Succeeded' };
    if (i === index) return { name, status, ...(diagnostics ? { diagnostics } : {}) };
    return { name, status: failed ? 'Skipped' : 'Pending' };
  });
  const targetStatus = at === 'done' ? 'Succeeded' : failed ? 'Failed' : 'InProgress';
  return { id, kind, status: targetStatus, events };
}

export interface HookFailure {
  target: string;
  event: string;
  errorCode?: string;
  scriptName?: string;
  message?: string;
  logTail?: string;
}

export interface ScenarioOptions {
  /** Instance ids (EC2), or `cluster:service` for ECS. */
  targets: string[];
  kind?: TargetKind;
  /** A lifecycle event that fails on one target (the others stay in progress). */
  fail?: HookFailure;
  /** The deployment ends Failed (or Stopped, e.g. an alarm) with this error and CodeDeploy's rollback. */
  rollback?: {
    code: string;
    message: string;
    status?: 'Failed' | 'Stopped';
    rollbackDeploymentId?: string;
    rollbackMessage?: string;
  };
}

/**
 * A deployment's life as CodeDeploy shows it: Created, then InProgress (every target halfway), then
 * one of: Succeeded; a failed hook on one target (the deployment still InProgress, as at the moment
 * the agent reports it) followed by Failed; or Failed/Stopped with a rollback.
 */
export function scenario(o: ScenarioOptions): Frame[] {
  const kind = o.kind ?? 'instance';
  const names: readonly string[] = kind === 'ecs' ? ECS_EVENTS : EC2_EVENTS;
  const halfway = names[Math.floor(names.length / 2)] as string;
  const n = o.targets.length;
  const frames: Frame[] = [
    { status: 'Created', targets: [] },
    {
      status: 'InProgress',
      overview: { InProgress: n },
      targets: o.targets.map((id) => targetAt(id, kind, halfway, 'InProgress')),
    },
  ];
  const rollbackInfo = (r: NonNullable<ScenarioOptions['rollback']>): Frame['rollbackInfo'] => ({
    rollbackDeploymentId: r.rollbackDeploymentId ?? 'd-ROLLBACK01',
    rollbackMessage: r.rollbackMessage ?? `Rollback of the deployment because of ${r.code}`,
  });
  if (o.fail) {
    const f = o.fail;
    const { target: _t, event, ...diagnostics } = f;
    const targets = o.targets.map((id) =>
      id === f.target ? targetAt(id, kind, event, 'Failed', diagnostics) : targetAt(id, kind, halfway, 'InProgress'),
    );
    frames.push({ status: 'InProgress', overview: { InProgress: n - 1, Failed: 1 }, targets });
    frames.push({
      status: o.rollback?.status ?? 'Failed',
      overview: { Failed: 1, Skipped: n - 1 },
      targets,
      errorInformation: o.rollback
        ? { code: o.rollback.code, message: o.rollback.message }
        : {
            code: 'HEALTH_CONSTRAINTS',
            message: 'The overall deployment failed because too many individual instances failed deployment',
          },
      ...(o.rollback ? { rollbackInfo: rollbackInfo(o.rollback) } : {}),
    });
    return frames;
  }
  if (o.rollback) {
    frames.push({
      status: o.rollback.status ?? 'Failed',
      overview: { Succeeded: n },
      targets: o.targets.map((id) => targetAt(id, kind, 'done', 'Succeeded')),
      errorInformation: { code: o.rollback.code, message: o.rollback.message },
      rollbackInfo: rollbackInfo(o.rollback),
    });
    return frames;
  }
  frames.push({
    status: 'Succeeded',
    overview: { Succeeded: n },
    targets: o.targets.map((id) => targetAt(id, kind, 'done', 'Succeeded')),
  });
  return frames;
}

/** An EC2/on-premises application in moto with one deployment group, `prd`, finding its instances by the tag app=<name>. */
export async function createServerApplication(
  cd: Pick<CodeDeploy, 'createApplication' | 'createDeploymentGroup'>,
  name: string,
): Promise<string> {
  await cd.createApplication({ applicationName: name, computePlatform: 'Server' });
  await cd.createDeploymentGroup({
    applicationName: name,
    deploymentGroupName: 'prd',
    serviceRoleArn: 'arn:aws:iam::123456789012:role/codedeploy',
    ec2TagFilters: [{ Key: 'app', Value: name, Type: 'KEY_AND_VALUE' }],
  });
  return name;
}
