/**
 * Deciding whether a task definition is the same as a registered revision. ECS returns a revision
 * with defaults filled in (cpu 0, essential true, empty lists, protocol tcp, ...), so both sides are
 * brought to one canonical form first. Anything this does not know about counts as a difference:
 * the worst outcome is a revision registered when it was not strictly needed.
 */
import { dropNulls, taskCpu, taskMemory } from './render.js';
import { REGISTER_KEYS } from './shape.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Drops empty lists and empty objects at every depth (ECS fills them in; files leave them out). */
function dropEmpty(value: Json): Json | undefined {
  if (Array.isArray(value)) {
    const items = value.map(dropEmpty).filter((v): v is Json => v !== undefined);
    return items.length ? items : undefined;
  }
  if (isObj(value)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) {
      const kept = dropEmpty(v);
      if (kept !== undefined) out[k] = kept;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value;
}

const byName = (a: Json, b: Json): number => {
  const an = isObj(a) ? String(a['name'] ?? '') : '';
  const bn = isObj(b) ? String(b['name'] ?? '') : '';
  return an < bn ? -1 : an > bn ? 1 : 0;
};

/** Removes a field when it holds the value ECS would fill in anyway. */
function dropDefault(o: Obj, key: string, value: Json): void {
  if (o[key] === value) delete o[key];
}

function normalizeContainer(c: Obj, networkMode: string): Obj {
  const out: Obj = { ...c };
  dropDefault(out, 'cpu', 0);
  dropDefault(out, 'essential', true);
  dropDefault(out, 'versionConsistency', 'enabled');
  for (const key of ['environment', 'secrets', 'environmentFiles', 'ulimits', 'systemControls']) {
    const list = out[key];
    if (Array.isArray(list)) out[key] = [...list].sort(byName);
  }
  const ports = out['portMappings'];
  if (Array.isArray(ports)) {
    out['portMappings'] = ports.map((p) => {
      if (!isObj(p)) return p;
      const port: Obj = { ...p };
      if (port['protocol'] === undefined) port['protocol'] = 'tcp';
      // In awsvpc and host mode the host port is the container port; ECS fills it in.
      if (port['hostPort'] === undefined && (networkMode === 'awsvpc' || networkMode === 'host')) {
        port['hostPort'] = port['containerPort'] ?? null;
      }
      dropDefault(port, 'hostPort', 0);
      return port;
    });
  }
  const health = out['healthCheck'];
  if (isObj(health)) {
    out['healthCheck'] = { interval: 30, timeout: 5, retries: 3, ...health };
    dropDefault(out['healthCheck'] as Obj, 'startPeriod', 0);
  }
  return out;
}

/** The canonical form of a task definition, for comparison only (never registered). */
export function normalizeForCompare(def: unknown): Json {
  const raw = dropNulls(structuredClone(def)) as Obj;
  const o: Obj = {};
  // Only what a registration sets counts: the read-only fields of a revision (and anything the
  // API does not take) are left out.
  for (const key of REGISTER_KEYS) if (raw[key] !== undefined) o[key] = raw[key];
  // Tags count: RegisterTaskDefinition sets them, so a change of tags alone needs a new revision. Their
  // order does not matter, and a tag without value is one with an empty value.
  const tags = o['tags'];
  if (Array.isArray(tags)) {
    o['tags'] = tags
      .map((t) => (isObj(t) ? { key: String(t['key'] ?? ''), value: String(t['value'] ?? '') } : t))
      .sort((a, b) => {
        const ak = isObj(a) ? String(a['key']) : '';
        const bk = isObj(b) ? String(b['key']) : '';
        return ak < bk ? -1 : ak > bk ? 1 : 0;
      });
  }
  // ECS stores "1 vCPU" / "2 GB" as "1024" / "2048"; a file may have either form, or numbers.
  if (typeof o['cpu'] === 'number' || typeof o['cpu'] === 'string') o['cpu'] = taskCpu(String(o['cpu']));
  if (typeof o['memory'] === 'number' || typeof o['memory'] === 'string') o['memory'] = taskMemory(String(o['memory']));
  const compat = Array.isArray(o['requiresCompatibilities']) ? (o['requiresCompatibilities'] as Json[]) : [];
  o['requiresCompatibilities'] = [...compat].map(String).sort();
  // The default network mode: awsvpc is required on Fargate, bridge is the EC2 default.
  if (o['networkMode'] === undefined) o['networkMode'] = compat.includes('FARGATE') ? 'awsvpc' : 'bridge';
  dropDefault(o, 'enableFaultInjection', false);
  const networkMode = String(o['networkMode']);
  const containers = Array.isArray(o['containerDefinitions']) ? (o['containerDefinitions'] as Json[]) : [];
  o['containerDefinitions'] = containers.map((c) => (isObj(c) ? normalizeContainer(c, networkMode) : c)).sort(byName);
  const volumes = o['volumes'];
  if (Array.isArray(volumes)) {
    o['volumes'] = volumes
      .map((v) => {
        if (!isObj(v) || !isObj(v['efsVolumeConfiguration'])) return v;
        const efs = { rootDirectory: '/', ...v['efsVolumeConfiguration'] };
        return { ...v, efsVolumeConfiguration: efs };
      })
      .sort(byName);
  }
  return dropEmpty(o) ?? {};
}

/** JSON with object keys sorted, so that equal structures give equal strings. */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObj(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as Json)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sameTaskDefinition(a: unknown, b: unknown): boolean {
  return canonicalJson(normalizeForCompare(a)) === canonicalJson(normalizeForCompare(b));
}

/**
 * Where two task definitions differ, as readable paths (containerDefinitions[web].image), for the
 * log line that says why a new revision is registered. At most `limit` paths.
 */
export function differences(a: unknown, b: unknown, limit = 10): string[] {
  const out: string[] = [];
  const walk = (x: Json | undefined, y: Json | undefined, path: string): void => {
    if (out.length >= limit) return;
    if (x === undefined || y === undefined || typeof x !== typeof y || Array.isArray(x) !== Array.isArray(y)) {
      if (canonicalJson(x ?? null) !== canonicalJson(y ?? null)) out.push(path || '(root)');
      return;
    }
    if (Array.isArray(x) && Array.isArray(y)) {
      const named = [...x, ...y].every((e) => isObj(e) && typeof e['name'] === 'string');
      if (named) {
        const names = [...new Set([...x, ...y].map((e) => String((e as Obj)['name'])))];
        for (const n of names) {
          const xe = x.find((e) => (e as Obj)['name'] === n);
          const ye = y.find((e) => (e as Obj)['name'] === n);
          walk(xe, ye, `${path}[${n}]`);
        }
      } else if (canonicalJson(x) !== canonicalJson(y)) {
        out.push(path);
      }
      return;
    }
    if (isObj(x) && isObj(y)) {
      for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
        walk(x[k], y[k], path ? `${path}.${k}` : k);
      }
      return;
    }
    if (x !== y) out.push(path || '(root)');
  };
  walk(normalizeForCompare(a), normalizeForCompare(b), '');
  return out;
}
