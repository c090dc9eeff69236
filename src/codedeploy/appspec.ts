/**
 * Checking an EC2/on-premises revision's appspec.yml before anything is uploaded: what the CodeDeploy
 * agent would otherwise reject on the instance, minutes later, one instance at a time. Pure over the
 * parsed document and a view of the revision's files.
 */
import { parse } from 'yaml';

/** The lifecycle events an EC2/on-premises appspec may run scripts in (in-place and blue/green). */
export const EC2_HOOKS = [
  'ApplicationStop',
  'BeforeInstall',
  'AfterInstall',
  'ApplicationStart',
  'ValidateService',
  'BeforeBlockTraffic',
  'AfterBlockTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic',
] as const;

/** Events CodeDeploy runs itself: a script cannot be attached to them. */
const RESERVED = new Set(['DownloadBundle', 'Install', 'BlockTraffic', 'AllowTraffic', 'Start', 'End']);

/** The order CodeDeploy runs the scriptable events of an in-place deployment in. */
export const IN_PLACE_ORDER = [
  'ApplicationStop',
  'BeforeInstall',
  'AfterInstall',
  'ApplicationStart',
  'ValidateService',
] as const;

/** A script timeout may not exceed one hour (the agent's limit). */
const MAX_TIMEOUT = 3600;

/** What the check needs to know about the revision's files (relative, forward-slash paths). */
export interface RevisionFiles {
  isFile(rel: string): boolean;
  isDirectory(rel: string): boolean;
  /** The owner may execute it (the mode the bundle keeps). */
  isExecutable(rel: string): boolean;
  /** The first bytes of the file, to check its #! line. */
  head(rel: string): string;
}

export interface HookScript {
  location: string;
  timeout?: number;
  runas?: string;
}

export interface AppSpec {
  os: 'linux' | 'windows';
  files: { source: string; destination: string }[];
  hooks: Partial<Record<(typeof EC2_HOOKS)[number], HookScript[]>>;
}

export interface AppSpecCheck {
  appspec?: AppSpec;
  /** Each one a sentence naming the place in appspec.yml. Empty when the revision is fine. */
  problems: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A path in the revision, as the agent resolves it: relative to the bundle root, leading / ignored. */
export function revisionPath(location: string): string {
  return location.replace(/\\/g, '/').replace(/^\/+/, '').replace(/\/+$/, '');
}

function checkFiles(value: unknown, rev: RevisionFiles, os: string, problems: string[]): AppSpec['files'] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push('files must be a list of {source, destination}');
    return [];
  }
  const out: AppSpec['files'] = [];
  value.forEach((entry, i) => {
    const where = `files[${i}]`;
    if (!isRecord(entry)) {
      problems.push(`${where} must be a mapping with source and destination`);
      return;
    }
    const { source, destination } = entry;
    if (typeof source !== 'string' || source.trim() === '') {
      problems.push(`${where}.source is missing`);
      return;
    }
    if (typeof destination !== 'string' || destination.trim() === '') {
      problems.push(`${where}.destination is missing`);
      return;
    }
    const rel = revisionPath(source);
    if (rel !== '' && !rev.isFile(rel) && !rev.isDirectory(rel)) {
      problems.push(`${where}.source ${source} is not in the revision`);
    }
    const absolute = os === 'windows' ? /^[A-Za-z]:[\\/]/.test(destination) : destination.startsWith('/');
    if (!absolute) problems.push(`${where}.destination ${destination} must be an absolute path`);
    out.push({ source, destination });
  });
  return out;
}

function checkScript(
  where: string,
  entry: unknown,
  rev: RevisionFiles,
  os: string,
  problems: string[],
): HookScript | undefined {
  if (!isRecord(entry)) {
    problems.push(`${where} must be a mapping with location (and optionally timeout, runas)`);
    return undefined;
  }
  const { location, timeout, runas } = entry;
  if (typeof location !== 'string' || location.trim() === '') {
    problems.push(`${where}.location is missing`);
    return undefined;
  }
  const script: HookScript = { location };
  if (timeout !== undefined) {
    if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > MAX_TIMEOUT) {
      problems.push(`${where}.timeout must be a whole number of seconds from 1 to ${MAX_TIMEOUT}`);
    } else script.timeout = timeout;
  }
  if (runas !== undefined) {
    if (typeof runas !== 'string' || runas.trim() === '') problems.push(`${where}.runas must be a user name`);
    else if (os === 'windows') problems.push(`${where}.runas is not supported on Windows instances`);
    else script.runas = runas;
  }
  const rel = revisionPath(location);
  if (!rev.isFile(rel)) {
    problems.push(`${where}: script ${location} is not in the revision`);
    return script;
  }
  if (os === 'linux') {
    if (!rev.isExecutable(rel)) {
      problems.push(`${where}: script ${location} is not executable (chmod +x ${rel}, and commit the mode)`);
    }
    const head = rev.head(rel);
    const firstLine = head.split('\n')[0] ?? '';
    if (!firstLine.startsWith('#!')) {
      problems.push(`${where}: script ${location} has no #! line, so the agent cannot run it`);
    } else if (firstLine.endsWith('\r')) {
      problems.push(`${where}: script ${location} has Windows line endings (CRLF); its #! line would not run on Linux`);
    }
  }
  return script;
}

function checkHooks(value: unknown, rev: RevisionFiles, os: string, problems: string[]): AppSpec['hooks'] {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    problems.push('hooks must be a mapping of lifecycle event names to lists of scripts');
    return {};
  }
  const hooks: AppSpec['hooks'] = {};
  for (const [name, scripts] of Object.entries(value)) {
    if (RESERVED.has(name)) {
      problems.push(`hooks.${name}: CodeDeploy runs ${name} itself; scripts can go in ${EC2_HOOKS.join(', ')}`);
      continue;
    }
    if (!(EC2_HOOKS as readonly string[]).includes(name)) {
      problems.push(`hooks.${name} is not an EC2/on-premises lifecycle event (${EC2_HOOKS.join(', ')})`);
      continue;
    }
    if (!Array.isArray(scripts) || scripts.length === 0) {
      problems.push(`hooks.${name} must be a list of scripts (- location: scripts/...)`);
      continue;
    }
    const list = scripts
      .map((s, i) => checkScript(`hooks.${name}[${i}]`, s, rev, os, problems))
      .filter((s): s is HookScript => s !== undefined);
    hooks[name as (typeof EC2_HOOKS)[number]] = list;
  }
  return hooks;
}

/** Checks appspec.yml's text against the revision's files. */
export function checkAppSpec(text: string, rev: RevisionFiles): AppSpecCheck {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    return { problems: [`appspec.yml is not valid YAML: ${(err as Error).message.split('\n')[0] ?? ''}`] };
  }
  if (!isRecord(doc)) return { problems: ['appspec.yml must be a mapping (version, os, files, hooks)'] };
  const problems: string[] = [];
  // YAML reads 0.0 as the number 0; CodeDeploy accepts only this version.
  if (doc['version'] !== 0 && doc['version'] !== '0.0') {
    problems.push(`version must be 0.0 (got ${JSON.stringify(doc['version'] ?? null)})`);
  }
  const os = doc['os'];
  if (os !== 'linux' && os !== 'windows') {
    problems.push(`os must be linux or windows (got ${JSON.stringify(os ?? null)})`);
  }
  const osName = os === 'windows' ? 'windows' : 'linux';
  if (doc['Resources'] !== undefined || doc['resources'] !== undefined) {
    problems.push('Resources belongs to an ECS or Lambda appspec; an EC2/on-premises appspec has files and hooks');
  }
  const files = checkFiles(doc['files'], rev, osName, problems);
  const hooks = checkHooks(doc['hooks'], rev, osName, problems);
  if (files.length === 0 && Object.keys(hooks).length === 0) {
    problems.push('appspec.yml has neither files nor hooks: the deployment would do nothing');
  }
  return { appspec: { os: osName, files, hooks }, problems };
}
