/*
 * A local stand-in for the CodeDeploy agent's in-place deployment on one instance, to run a bundle's
 * appspec hooks as the agent would: ApplicationStop from the PREVIOUS revision's archive, then the new
 * bundle's DownloadBundle (a copy into a deployment archive), BeforeInstall, Install (appspec `files`,
 * after removing the files the previous deployment installed), AfterInstall, ApplicationStart and
 * ValidateService. Each script runs with the agent's environment variables, its appspec timeout, and
 * the agent's rule that a hook lasts until its output streams close (a background process that keeps
 * them open makes the hook time out). The first failing script ends the deployment, with the log tail
 * the agent would report. Absolute destinations land under `root`, a stand-in for the instance's /.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';

interface AppSpecDoc {
  files?: { source: string; destination: string }[];
  hooks?: Record<string, { location: string; timeout?: number; runas?: string }[]>;
}

export interface HookRun {
  event: string;
  script: string;
  exitCode: number | null;
  timedOut: boolean;
  output: string;
}

export interface AgentDeployment {
  id: string;
  ok: boolean;
  /** Every script run, in order. */
  runs: HookRun[];
  /** The failed event and the last 4 KB of its script's output, as CodeDeploy reports them. */
  failed?: { event: string; script: string; logTail: string };
  /** The archive of this revision; the next deployment runs its ApplicationStop from here. */
  archive: string;
  /** Files this deployment installed (absolute, under root). */
  installed: string[];
}

export interface AgentOptions {
  /** The instance's / for appspec destinations. */
  root: string;
  /** Where deployment archives go (the agent's deployment-root). */
  deploymentRoot: string;
  /** Extra environment for every script (the agent passes its own, PATH included). */
  env?: Record<string, string>;
  application?: string;
  deploymentGroup?: string;
}

const BEFORE_INSTALL = ['BeforeInstall'];
const AFTER_INSTALL = ['AfterInstall', 'ApplicationStart', 'ValidateService'];
const LOG_TAIL_BYTES = 4096;

function appspecOf(dir: string): AppSpecDoc {
  return parse(readFileSync(join(dir, 'appspec.yml'), 'utf8')) as AppSpecDoc;
}

/** Runs one hook script until its output streams close or its timeout passes. */
function runScript(
  archive: string,
  event: string,
  hook: { location: string; timeout?: number },
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<HookRun> {
  const script = join(archive, hook.location.replace(/^\/+/, ''));
  return new Promise((resolve) => {
    const child = spawn(script, [], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    let timedOut = false;
    const append = (stream: string) => (chunk: Buffer) => {
      // The agent prefixes each line with the stream it came from.
      for (const line of chunk.toString('utf8').split('\n')) if (line) output += `[${stream}]${line}\n`;
    };
    child.stdout.on('data', append('stdout'));
    child.stderr.on('data', append('stderr'));
    const timer = setTimeout(
      () => {
        timedOut = true;
        // The script's process group: the agent kills what the script started in the foreground too.
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
        child.stdout.destroy();
        child.stderr.destroy();
      },
      (hook.timeout ?? 3600) * 1000,
    );
    let exitCode: number | null = null;
    child.on('exit', (code) => (exitCode = code));
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ event, script: hook.location, exitCode: timedOut ? null : exitCode, timedOut, output });
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ event, script: hook.location, exitCode: 127, timedOut: false, output: `[stderr]${err.message}\n` });
    });
  });
}

function listFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => listFiles(join(path, name)));
}

export class LocalAgent {
  private last?: AgentDeployment;
  private installed: string[] = [];
  private counter = 0;
  constructor(private readonly o: AgentOptions) {}

  /** The deployment before this one (whose ApplicationStop script the next deployment runs). */
  get previous(): AgentDeployment | undefined {
    return this.last;
  }

  async deploy(bundleDir: string): Promise<AgentDeployment> {
    this.counter++;
    const id = `d-LOCAL${String(this.counter).padStart(5, '0')}`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      APPLICATION_NAME: this.o.application ?? 'app',
      DEPLOYMENT_GROUP_NAME: this.o.deploymentGroup ?? 'prd',
      DEPLOYMENT_GROUP_ID: 'local-group',
      DEPLOYMENT_ID: id,
      ...this.o.env,
    };
    const runs: HookRun[] = [];
    const result: AgentDeployment = { id, ok: false, runs, archive: '', installed: [] };
    const runEvent = async (archive: string, event: string): Promise<boolean> => {
      for (const hook of appspecOf(archive).hooks?.[event] ?? []) {
        const run = await runScript(archive, event, hook, { ...env, LIFECYCLE_EVENT: event }, this.o.deploymentRoot);
        runs.push(run);
        if (run.exitCode !== 0) {
          const bytes = Buffer.from(run.output, 'utf8');
          result.failed = {
            event,
            script: hook.location,
            logTail: bytes.subarray(Math.max(0, bytes.length - LOG_TAIL_BYTES)).toString('utf8'),
          };
          return false;
        }
      }
      return true;
    };

    // ApplicationStop runs the scripts of the revision the instance has now, not of the new one.
    if (this.last && !(await runEvent(this.last.archive, 'ApplicationStop'))) return result;

    // DownloadBundle.
    const archive = join(this.o.deploymentRoot, id, 'deployment-archive');
    mkdirSync(dirname(archive), { recursive: true });
    cpSync(bundleDir, archive, { recursive: true });
    result.archive = archive;

    for (const event of BEFORE_INSTALL) if (!(await runEvent(archive, event))) return result;

    // Install: the files the last deployment installed go (the agent's clean-up list), then this
    // one's are copied. A directory source (or / for the whole bundle) puts its contents into the destination.
    for (const f of this.installed) rmSync(f, { force: true });
    for (const entry of appspecOf(archive).files ?? []) {
      const source = join(archive, entry.source.replace(/^\/+/, ''));
      const destination = join(this.o.root, entry.destination);
      mkdirSync(destination, { recursive: true });
      const from = statSync(source).isDirectory() ? source : dirname(source);
      for (const file of listFiles(source)) {
        const target = join(destination, relative(from, file));
        mkdirSync(dirname(target), { recursive: true });
        cpSync(file, target);
        result.installed.push(target);
      }
    }
    this.installed = result.installed;

    for (const event of AFTER_INSTALL) if (!(await runEvent(archive, event))) return result;
    result.ok = true;
    this.last = result;
    return result;
  }
}

/** Whether a path exists under the agent's root (for the tests' assertions). */
export function installedAt(root: string, path: string): boolean {
  return existsSync(join(root, path));
}
