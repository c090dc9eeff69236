import type { S3 } from '@aws-sdk/client-s3';
import type { ReleasesInputs } from '../definitions/releases.js';
import { clientConfig } from '../runtime/aws.js';
import type { Host } from '../runtime/host.js';
import { targetName, type ReleaseRecord } from '../release/record.js';
import type { ReleaseStore } from '../release/store.js';
import { NoDefaultStore, openStore } from '../release/default-store.js';

export async function run(inputs: ReleasesInputs, host: Host): Promise<Record<string, string | number>> {
  const { S3 } = await import('@aws-sdk/client-s3');
  const s3: S3 = new S3({ ...clientConfig(inputs, { s3: true }), followRegionRedirects: true });
  let store: ReleaseStore;
  try {
    store = await openStore(inputs.store, inputs, s3, {
      create: false,
      log: (line) => host.log.info(line),
      sleep: (ms) => host.sleep(ms),
    });
  } catch (err) {
    if (!(err instanceof NoDefaultStore)) throw err;
    host.log.info(`no releases: ${err.message}`);
    return { releases: '[]', latest: '', count: 0 };
  }
  return execute(inputs, store, host);
}

export interface ReleaseSummary {
  id: string;
  status: string;
  startedAt: string;
  actor?: string;
  commit?: string;
  targets: string[];
  rolledBackBy?: string;
  undid?: string[];
}

export function summarize(r: ReleaseRecord): ReleaseSummary {
  return {
    id: r.id,
    status: r.status,
    startedAt: r.startedAt,
    ...(r.actor ? { actor: r.actor } : {}),
    ...(r.commit ? { commit: r.commit } : {}),
    targets: r.changes.map(targetName),
    ...(r.rolledBackBy ? { rolledBackBy: r.rolledBackBy } : {}),
    ...(r.undid ? { undid: r.undid.map((u) => u.id) } : {}),
  };
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export async function execute(
  inputs: ReleasesInputs,
  store: ReleaseStore,
  host: Host,
): Promise<Record<string, string | number>> {
  const all = await store.list((key, problem) => host.log.warn(`skipped ${key}: ${problem}`));
  const records = [...all].reverse().slice(0, inputs.limit);
  const newest = records.map(summarize);
  const latest = [...all].reverse().find((r) => r.status !== 'rolled-back')?.id ?? '';
  const rows = newest.map(
    (r) =>
      `| ${cell(r.id)} | ${r.startedAt} | ${cell(r.actor ?? '')} | ${(r.commit ?? '').slice(0, 7)} | ${cell(r.targets.join(', '))} | ${r.status}${r.rolledBackBy ? ` (by ${cell(r.rolledBackBy)})` : ''} |`,
  );
  const table = [
    '| release | started | actor | commit | targets | status |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ];
  if (newest.length === 0) host.log.info(`no releases in ${store.uri}`);
  else if (!inputs.json) for (const line of table) host.log.info(line);
  await host.summary([`### Releases in ${store.uri}`, '', ...table, ''].join('\n'));
  return { releases: JSON.stringify(inputs.json ? records : newest), latest, count: all.length };
}
