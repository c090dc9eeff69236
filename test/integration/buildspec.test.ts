/**
 * Runs every snippet in buildspec/ the way CodeBuild would (scripts/buildspec-run.mjs: phases in order,
 * on-failure, finally, CODEBUILD_BUILD_SUCCEEDING), with the real CLI bundle (dist/cli/index.js), against
 * moto and the test registry, on a copy of examples/ as the source, and checks what a pipeline would get.
 *
 * The CLI comes from $ARKIT_HOME/dist/cli/index.js (default: this repository's dist/, rebuilt with
 * `npm run build`). One test instead unpacks dist/ from a tarball served locally, the way the install
 * phase does with ARKIT_TARBALL_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CloudFront } from '@aws-sdk/client-cloudfront';
import { ECR } from '@aws-sdk/client-ecr';
import { Lambda } from '@aws-sdk/client-lambda';
import { S3 } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { runBuildspec } from '../../scripts/buildspec-run.mjs';
import { MANIFEST_MEDIA_TYPES } from '../../src/ecr/registry.js';
import { createRole } from '../fixtures/lambda/aws.js';
import { motoUrl, registryHost, uniqueName } from '../helpers/env.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const ARKIT = process.env['ARKIT_HOME'] ?? repoRoot;
const s3 = new S3({ region: 'us-east-1', endpoint: motoUrl(), forcePathStyle: true });
const ecr = new ECR({ region: 'us-east-1', endpoint: motoUrl() });
const lambda = new Lambda({ region: 'us-east-1', endpoint: motoUrl() });
const cloudfront = new CloudFront({ region: 'us-east-1', endpoint: motoUrl() });
const dirs: string[] = [];
let storageConf = '';

beforeAll(() => {
  if (!existsSync(join(ARKIT, 'dist', 'cli', 'index.js'))) {
    throw new Error(`${ARKIT}/dist/cli/index.js is missing: run npm run build (or point ARKIT_HOME at a built copy)`);
  }
  // buildah gets a storage of its own (vfs: no overlay mounts in this container), removed at the end.
  const storage = tempDir('arkit-bs-buildah-');
  storageConf = join(storage, 'storage.conf');
  writeFileSync(storageConf, `[storage]\ndriver = "vfs"\nrunroot = "${storage}/run"\ngraphroot = "${storage}/graph"\n`);
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** A fresh checkout: a copy of examples/, the layout the snippets' variables are pointed at. */
function checkout(): string {
  const dir = tempDir('arkit-bs-src-');
  cpSync(join(repoRoot, 'examples'), dir, { recursive: true });
  return dir;
}

const fakeSha = () => randomBytes(20).toString('hex');

/** Runs buildspec/<name> in src with the project variables `env` (they win over the buildspec's). */
async function build(name: string, src: string, env: Record<string, string>, parameters: Record<string, string> = {}) {
  const lines: string[] = [];
  const result = await runBuildspec({
    file: join(repoRoot, 'buildspec', name),
    cwd: src,
    env: {
      ARKIT,
      ENDPOINT_URL: motoUrl(),
      CODEBUILD_RESOLVED_SOURCE_VERSION: fakeSha(),
      CONTAINERS_STORAGE_CONF: storageConf,
      STORAGE_DRIVER: 'vfs',
      BUILDAH_ISOLATION: 'chroot',
      ...env,
    },
    parameters,
    log: (l) => lines.push(l),
  });
  return { result, log: lines.join('\n') };
}

const statuses = (r: { phases: Array<{ name: string; status: string }> }) =>
  Object.fromEntries(r.phases.map((p) => [p.name, p.status]));
const ALL_OK = { install: 'SUCCEEDED', pre_build: 'SUCCEEDED', build: 'SUCCEEDED', post_build: 'SUCCEEDED' };

/** The digest the registry holds for a tag, as a client that pulls would see it. */
async function registryDigest(repository: string, tag: string): Promise<string | null> {
  const res = await fetch(`http://${registryHost()}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
  });
  return res.status === 200 ? res.headers.get('docker-content-digest') : null;
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe('buildspec/ecs-image.yml', () => {
  it('pushes the image and writes imagedefinitions.json with the pushed digest; IMAGE_URI is exported', async () => {
    const src = checkout();
    const repository = uniqueName('bs-web');
    const sha = fakeSha();
    const { result, log } = await build('ecs-image.yml', src, {
      ECR_REPOSITORY: repository,
      TASK_DEFINITION: 'task-definition.json',
      REGISTRY: registryHost(),
      CODEBUILD_RESOLVED_SOURCE_VERSION: sha,
    });
    expect(log).not.toContain('Command did not exit successfully');
    expect(result.ok).toBe(true);
    expect(statuses(result)).toEqual({ ...ALL_OK, upload_artifacts: 'SUCCEEDED' });

    const tag = sha.slice(0, 7);
    const digest = await registryDigest(repository, tag);
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const imageUri = `${registryHost()}/${repository}@${digest}`;
    expect(result.artifacts.map((a) => a.name)).toEqual(['imagedefinitions.json']);
    expect(readJson(join(src, 'imagedefinitions.json'))).toEqual([{ name: 'web', imageUri }]);
    expect(result.exported).toEqual({ IMAGE_URI: imageUri, IMAGE_TAG: tag });
    // The repository was created in ECR (moto) by ecr-push.
    const repos = await ecr.describeRepositories({ repositoryNames: [repository] });
    expect(repos.repositories?.[0]?.repositoryName).toBe(repository);
    // CodePipeline's ECS action takes only the image: nothing else of the task definition is edited
    // (no STAGE in its environment), and no rendered task definition is handed on as if it were used.
    const checked = readJson(join(src, '.release', 'task-definition.checked.json')) as {
      containerDefinitions: Array<{ image: string; environment: Array<{ name: string; value: string }> }>;
    };
    const original = readJson(join(src, 'task-definition.json')) as typeof checked;
    expect(checked.containerDefinitions[0]?.image).toBe(imageUri);
    expect(checked.containerDefinitions[0]?.environment).toEqual(original.containerDefinitions[0]?.environment);
    expect(existsSync(join(src, '.release', 'task-definition.json'))).toBe(false);
  });

  it('a CONTAINER_NAME that is not in the task definition fails the build: no imagedefinitions.json', async () => {
    const src = checkout();
    const { result, log } = await build('ecs-image.yml', src, {
      ECR_REPOSITORY: uniqueName('bs-wrong-container'),
      TASK_DEFINITION: 'task-definition.json',
      CONTAINER_NAME: 'api',
      REGISTRY: registryHost(),
    });
    expect(result.ok).toBe(false);
    expect(statuses(result)).toMatchObject({ build: 'FAILED', upload_artifacts: 'FAILED' });
    expect(log).toContain('has no container "api"');
    expect(existsSync(join(src, 'imagedefinitions.json'))).toBe(false);
  });

  it('a failed push fails the build and uploads no artifact: no imagedefinitions.json', async () => {
    const src = checkout();
    rmSync(join(src, 'Dockerfile'));
    const { result } = await build('ecs-image.yml', src, {
      ECR_REPOSITORY: uniqueName('bs-broken'),
      TASK_DEFINITION: 'task-definition.json',
      REGISTRY: registryHost(),
    });
    expect(result.ok).toBe(false);
    expect(statuses(result)).toMatchObject({ build: 'FAILED', post_build: 'FAILED', upload_artifacts: 'FAILED' });
    expect(existsSync(join(src, 'imagedefinitions.json'))).toBe(false);
  });

  it('without the toolkit in the source, no git checkout and no tarball URL, install fails and says what to do', async () => {
    const src = checkout();
    const repository = uniqueName('bs-no-toolkit');
    const { result, log } = await build('ecs-image.yml', src, {
      ARKIT: 'aws-release-kit',
      ECR_REPOSITORY: repository,
      TASK_DEFINITION: 'task-definition.json',
      REGISTRY: registryHost(),
    });
    expect(result.ok).toBe(false);
    expect(statuses(result)).toEqual({
      install: 'FAILED',
      pre_build: 'SKIPPED',
      build: 'SKIPPED',
      post_build: 'SKIPPED',
      upload_artifacts: 'SKIPPED',
    });
    expect(log).toContain('aws-release-kit is not at aws-release-kit (no dist/cli/index.js) and could not be fetched.');
    expect(log).toContain("output artifact format 'Full clone'");
    expect(log).toContain('ARKIT_TARBALL_URL');
    await expect(ecr.describeRepositories({ repositoryNames: [repository] })).rejects.toMatchObject({
      name: 'RepositoryNotFoundException',
    });
  });
});

describe('buildspec/ecs-bluegreen.yml', () => {
  it('writes imageDetail.json with the pushed digest, taskdef.json with <IMAGE1_NAME>, and appspec.yaml', async () => {
    const src = checkout();
    const repository = uniqueName('bs-bg');
    const sha = fakeSha();
    const { result, log } = await build('ecs-bluegreen.yml', src, {
      ECR_REPOSITORY: repository,
      TASK_DEFINITION: 'task-definition.json',
      REGISTRY: registryHost(),
      STAGE: 'prd',
      CODEBUILD_RESOLVED_SOURCE_VERSION: sha,
    });
    expect(log).not.toContain('Command did not exit successfully');
    expect(result.ok).toBe(true);

    const digest = await registryDigest(repository, sha.slice(0, 7));
    expect(digest).toMatch(/^sha256:/);
    const imageUri = `${registryHost()}/${repository}@${digest}`;
    expect(result.artifacts.map((a) => a.name).sort()).toEqual(['appspec.yaml', 'imageDetail.json', 'taskdef.json']);
    expect(readJson(join(src, 'imageDetail.json'))).toEqual({ ImageURI: imageUri });
    expect(result.exported).toEqual({ IMAGE_URI: imageUri });

    const taskdef = readJson(join(src, 'taskdef.json')) as Record<string, unknown> & {
      containerDefinitions: Array<{ name: string; image: string; environment: unknown[] }>;
    };
    expect(taskdef.containerDefinitions).toHaveLength(1);
    expect(taskdef.containerDefinitions[0]).toMatchObject({ name: 'web', image: '<IMAGE1_NAME>' });
    expect(taskdef.containerDefinitions[0]?.environment).toContainEqual({ name: 'STAGE', value: 'prd' });
    expect(taskdef['family']).toBe('myapp-web');
    expect(readFileSync(join(src, 'taskdef.json'), 'utf8')).not.toContain(digest);

    const appspec = YAML.parse(readFileSync(join(src, 'appspec.yaml'), 'utf8')) as {
      Resources: Array<{ TargetService: { Type: string; Properties: Record<string, unknown> } }>;
    };
    expect(appspec.Resources[0]?.TargetService).toEqual({
      Type: 'AWS::ECS::Service',
      Properties: {
        TaskDefinition: '<TASK_DEFINITION>',
        LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 8080 },
      },
    });
  });
});

describe('buildspec/static-site.yml', () => {
  let devBucket = '';
  let prdBucket = '';
  let distributionId = '';

  beforeAll(async () => {
    devBucket = uniqueName('bs-dev');
    prdBucket = uniqueName('bs-prd');
    await s3.createBucket({ Bucket: devBucket });
    await s3.createBucket({ Bucket: prdBucket });
    const res = await cloudfront.createDistribution({
      DistributionConfig: {
        CallerReference: uniqueName('bs-dist'),
        Comment: 'buildspec test',
        Enabled: true,
        Origins: {
          Quantity: 1,
          Items: [
            { Id: 'site', DomainName: `${prdBucket}.s3.amazonaws.com`, S3OriginConfig: { OriginAccessIdentity: '' } },
          ],
        },
        DefaultCacheBehavior: {
          TargetOriginId: 'site',
          ViewerProtocolPolicy: 'redirect-to-https',
          MinTTL: 0,
          ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
          TrustedSigners: { Enabled: false, Quantity: 0 },
        },
      },
    });
    distributionId = res.Distribution?.Id ?? '';
  });

  const siteKeys = async (bucket: string) =>
    ((await s3.listObjectsV2({ Bucket: bucket })).Contents ?? [])
      .map((o) => o.Key ?? '')
      .filter((k) => !k.startsWith('.aws-release-kit/'))
      .sort();
  const stageEnv = {
    SITE_DIR: 'site',
    SITE_BUCKET_dev: '',
    SITE_BUCKET_prd: '',
    CLOUDFRONT_DISTRIBUTION_ID_prd: '',
  };

  it('dev: syncs the site to the dev bucket with the cache headers, and exports the bucket', async () => {
    const src = checkout();
    const { result } = await build('static-site.yml', src, {
      ...stageEnv,
      SITE_BUCKET_dev: devBucket,
      SITE_BUCKET_prd: prdBucket,
    });
    expect(result.ok).toBe(true);
    expect(statuses(result)).toEqual(ALL_OK);
    expect(await siteKeys(devBucket)).toEqual(['about/index.html', 'assets/app.js', 'assets/style.css', 'index.html']);
    expect(await siteKeys(prdBucket)).toEqual([]);
    expect(result.exported).toEqual({ SITE_BUCKET: devBucket, INVALIDATION_ID: '' });
    const html = await s3.headObject({ Bucket: devBucket, Key: 'index.html' });
    expect(html.CacheControl).toBe('no-cache');
    const js = await s3.headObject({ Bucket: devBucket, Key: 'assets/app.js' });
    expect(js.CacheControl).toBe('public, max-age=31536000, immutable');
  });

  describe('with the toolkit from ARKIT_TARBALL_URL', () => {
    let server: Server;
    let tarballUrl = '';
    let requests = 0;

    beforeAll(async () => {
      // A release tarball as GitHub serves a tag's archive: everything under one top directory.
      const dir = tempDir('arkit-bs-tarball-');
      const tarball = join(dir, 'aws-release-kit-1.0.0.tar.gz');
      execFileSync('tar', ['czf', tarball, '-C', ARKIT, '--transform=s,^,aws-release-kit-1.0.0/,', 'dist']);
      const bytes = readFileSync(tarball);
      server = createServer((req, res) => {
        requests++;
        if (req.url !== '/archive/refs/tags/v1.0.0.tar.gz') return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': bytes.length }).end(bytes);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      tarballUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/archive/refs/tags/v1.0.0.tar.gz`;
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('install unpacks it (no npm install) and the deploy runs with it', async () => {
      const src = checkout();
      const bucket = uniqueName('bs-tarball');
      await s3.createBucket({ Bucket: bucket });
      const { result, log } = await build('static-site.yml', src, {
        ...stageEnv,
        SITE_BUCKET_dev: bucket,
        ARKIT: 'aws-release-kit',
        ARKIT_TARBALL_URL: tarballUrl,
      });
      expect(log).not.toContain('Command did not exit successfully');
      expect(result.ok).toBe(true);
      expect(requests).toBe(1);
      expect(existsSync(join(src, 'aws-release-kit', 'dist', 'cli', 'index.js'))).toBe(true);
      expect(existsSync(join(src, 'aws-release-kit', 'node_modules'))).toBe(false);
      expect(await siteKeys(bucket)).toEqual(['about/index.html', 'assets/app.js', 'assets/style.css', 'index.html']);
    });

    it('a tarball URL that does not answer with one fails install with the message', async () => {
      const src = checkout();
      const { result, log } = await build('static-site.yml', src, {
        ...stageEnv,
        SITE_BUCKET_dev: uniqueName('bs-tarball-missing'),
        ARKIT: 'aws-release-kit',
        ARKIT_TARBALL_URL: tarballUrl.replace('v1.0.0', 'v9.9.9'),
      });
      expect(result.ok).toBe(false);
      expect(statuses(result)).toMatchObject({ install: 'FAILED', build: 'SKIPPED' });
      expect(log).toContain('could not be fetched');
    });
  });

  it('prd: the prd bucket and CloudFront; a changed page is invalidated on the next build', async () => {
    const src = checkout();
    const env = {
      ...stageEnv,
      STAGE: 'prd',
      SITE_BUCKET_dev: devBucket,
      SITE_BUCKET_prd: prdBucket,
      CLOUDFRONT_DISTRIBUTION_ID_prd: distributionId,
    };
    const first = await build('static-site.yml', src, env);
    expect(first.result.ok).toBe(true);
    expect(await siteKeys(prdBucket)).toHaveLength(4);
    // Only new keys: nothing CloudFront could have cached.
    expect(first.result.exported).toEqual({ SITE_BUCKET: prdBucket, INVALIDATION_ID: '' });

    writeFileSync(join(src, 'site', 'about', 'index.html'), '<!doctype html><title>About v2</title>');
    const second = await build('static-site.yml', src, env);
    expect(second.result.ok).toBe(true);
    const id = second.result.exported['INVALIDATION_ID'] ?? '';
    expect(id).not.toBe('');
    const inv = await cloudfront.getInvalidation({ DistributionId: distributionId, Id: id });
    // The page and the folder URL that serves it; nothing else changed.
    expect([...(inv.Invalidation?.InvalidationBatch?.Paths?.Items ?? [])].sort()).toEqual([
      '/about/',
      '/about/index.html',
    ]);
  });

  it('an unknown STAGE fails pre_build, and nothing is deployed', async () => {
    const src = checkout();
    const bucket = uniqueName('bs-none');
    await s3.createBucket({ Bucket: bucket });
    const { result, log } = await build('static-site.yml', src, {
      ...stageEnv,
      STAGE: 'qa',
      SITE_BUCKET_dev: bucket,
      SITE_BUCKET_prd: bucket,
    });
    expect(result.ok).toBe(false);
    expect(statuses(result)).toEqual({
      install: 'SUCCEEDED',
      pre_build: 'FAILED',
      build: 'SKIPPED',
      post_build: 'SKIPPED',
    });
    expect(log).toContain("STAGE must be dev or prd, not 'qa'");
    expect(await siteKeys(bucket)).toEqual([]);
  });
});

describe('buildspec/lambda.yml', () => {
  let role = '';
  beforeAll(async () => {
    role = await createRole(motoUrl(), uniqueName('bs-lambda-role'));
  });

  it('creates the stage function, publishes a version, moves the alias, with the stage key from Parameter Store', async () => {
    const src = checkout();
    const dev = uniqueName('bs-api-dev');
    const prd = uniqueName('bs-api-prd');
    const parameters = {
      '/myapp/dev/payment-api-key': 'dev-key-4f1c9a',
      '/myapp/prd/payment-api-key': 'prd-key-8b2e7d',
    };
    const env = { FUNCTION_NAME_dev: dev, FUNCTION_NAME_prd: prd, LAMBDA_ROLE_ARN: role };
    const { result, log } = await build('lambda.yml', src, env, parameters);
    expect(log).not.toContain('Command did not exit successfully');
    expect(result.ok).toBe(true);
    expect(result.exported).toEqual({ FUNCTION_NAME: dev, LAMBDA_VERSION: '1' });
    // Parameter Store values never show in the log.
    expect(log).not.toContain('dev-key-4f1c9a');

    const alias = await lambda.getAlias({ FunctionName: dev, Name: 'live' });
    expect(alias.FunctionVersion).toBe('1');
    const config = await lambda.getFunctionConfiguration({ FunctionName: dev, Qualifier: '1' });
    expect(config.Environment?.Variables).toEqual({ STAGE: 'dev', PAYMENT_API_KEY: 'dev-key-4f1c9a' });
    expect(config.Handler).toBe('index.handler');
    await expect(lambda.getFunction({ FunctionName: prd })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });

    // The same code again: nothing changes, no new version.
    const again = await build('lambda.yml', src, env, parameters);
    expect(again.result.ok).toBe(true);
    expect(readJson(join(src, '.release', 'lambda-deploy.json'))).toMatchObject({ changed: false });
    const versions = await lambda.listVersionsByFunction({ FunctionName: dev });
    expect((versions.Versions ?? []).map((v) => v.Version)).toEqual(['$LATEST', '1']);
  });

  it('without the parameter of a stage, the build fails before any phase (as CodeBuild does)', async () => {
    const src = checkout();
    const name = uniqueName('bs-api-missing');
    const { result } = await build(
      'lambda.yml',
      src,
      { FUNCTION_NAME_dev: name, LAMBDA_ROLE_ARN: role },
      {
        '/myapp/dev/payment-api-key': 'only-dev',
      },
    );
    expect(result.ok).toBe(false);
    expect(result.error).toContain('/myapp/prd/payment-api-key');
    await expect(lambda.getFunction({ FunctionName: name })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});

describe('buildspec/notify.yml', () => {
  interface Post {
    path: string;
    body: unknown;
  }
  const posts: Post[] = [];
  let server: Server;
  let base = '';
  /** What GET answers: the "site" the post_build smoke test fetches. */
  let siteStatus = 200;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (text += c));
      req.on('end', () => {
        if (req.method !== 'POST') {
          res.writeHead(siteStatus, { 'content-type': 'text/html' }).end('<html></html>');
          return;
        }
        const path = (req.url ?? '').split('?')[0] ?? '';
        posts.push({ path, body: JSON.parse(text || 'null') });
        // Discord answers wait=true with the message it created; JANDI with an empty object.
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(
            JSON.stringify(
              /^\/api\/(v\d+\/)?webhooks\//.test(path) ? { id: String(posts.length), channel_id: '1' } : {},
            ),
          );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  // Every webhook comes from Parameter Store, one entry per stage (each must exist, as in CodeBuild).
  const hooks = () => ({
    '/myapp/dev/discord-webhook': `${base}/api/webhooks/1001/dev-token`,
    '/myapp/prd/discord-webhook': `${base}/api/webhooks/1002/prd-token`,
    '/myapp/dev/jandi-webhook': `${base}/connect-api/webhook/7/jandi-dev-token`,
    '/myapp/prd/jandi-webhook': `${base}/connect-api/webhook/8/jandi-prd-token`,
  });
  // notify sends Discord webhooks as API v10; the curl fallback posts to the URL as stored.
  const DEV_HOOKS = new Set(['/api/v10/webhooks/1001/dev-token', '/connect-api/webhook/7/jandi-dev-token']);
  const DEV_HOOKS_AS_STORED = new Set(['/api/webhooks/1001/dev-token', '/connect-api/webhook/7/jandi-dev-token']);

  /** Runs notify.yml and returns the posts it made. */
  async function notifyBuild(env: Record<string, string>) {
    const src = checkout();
    const before = posts.length;
    const run = await build(
      'notify.yml',
      src,
      {
        SITE_DIR: 'site',
        SITE_URL_dev: `${base}/`,
        CODEBUILD_SOURCE_REPO_URL: 'https://github.com/acme/notes.git',
        CODEBUILD_WEBHOOK_TRIGGER: 'tag/v2.4.0',
        ...env,
      },
      hooks(),
    );
    return { ...run, sent: posts.slice(before), src };
  }

  const text = (sent: Post[]) => JSON.stringify(sent.map((p) => p.body));

  it('a good deploy: one success notification to the stage webhook, with the release notes and the details', async () => {
    const bucket = uniqueName('bs-notify');
    await s3.createBucket({ Bucket: bucket });
    siteStatus = 200;
    const { result, sent, log } = await notifyBuild({ SITE_BUCKET_dev: bucket });
    expect(log).not.toContain('Command did not exit successfully');
    expect(result.ok).toBe(true);
    expect(statuses(result)).toEqual(ALL_OK);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    // Discord and JANDI of the dev stage, nothing of prd.
    expect(new Set(sent.map((p) => p.path))).toEqual(DEV_HOOKS);
    const all = text(sent);
    expect(all).toContain('acme/notes v2.4.0 released');
    expect(all).toContain('Shared notebooks'); // from release-notes.md
    expect(all).toContain(bucket);
    expect(all).toContain('Files uploaded');
    // The webhook URLs (Parameter Store values) never show in the log.
    expect(log).not.toContain('dev-token');
    expect(log).not.toContain('jandi-dev-token');
  });

  it('a failed deploy: post_build still runs and reports the failure', async () => {
    siteStatus = 200;
    const { result, sent } = await notifyBuild({ SITE_BUCKET_dev: uniqueName('bs-no-such-bucket') });
    expect(result.ok).toBe(false);
    expect(statuses(result)).toEqual({ ...ALL_OK, build: 'FAILED' });
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent.every((p) => DEV_HOOKS.has(p.path))).toBe(true);
    expect(text(sent)).toContain('release failed');
  });

  it('a failed pre_build (on-failure: CONTINUE): nothing is deployed, and the failure is still reported', async () => {
    siteStatus = 200;
    const { result, sent, log } = await notifyBuild({ SITE_BUCKET_dev: '' });
    expect(result.ok).toBe(false);
    expect(statuses(result)).toEqual({
      install: 'SUCCEEDED',
      pre_build: 'FAILED',
      build: 'FAILED',
      post_build: 'SUCCEEDED',
    });
    expect(log).toContain('an earlier phase failed, so nothing is deployed');
    expect(log).not.toContain('Running command node "$ARKIT/dist/cli/index.js" s3-sync');
    expect(text(sent)).toContain('release failed');
  });

  it('a failed post_build check: finally still notifies, and says it failed', async () => {
    const bucket = uniqueName('bs-notify-check');
    await s3.createBucket({ Bucket: bucket });
    siteStatus = 404;
    const { result, sent } = await notifyBuild({ SITE_BUCKET_dev: bucket });
    expect(result.ok).toBe(false);
    expect(statuses(result)).toEqual({ ...ALL_OK, post_build: 'FAILED' });
    expect(text(sent)).toContain('release failed');
  });
  it('without the toolkit (install could not get it): nothing is deployed, and a plain failure message goes out with curl', async () => {
    const bucket = uniqueName('bs-notify-no-toolkit');
    await s3.createBucket({ Bucket: bucket });
    siteStatus = 200;
    const { result, sent, log } = await notifyBuild({
      SITE_BUCKET_dev: bucket,
      ARKIT: 'aws-release-kit',
      CODEBUILD_BUILD_ID: 'myapp-site:1f2e3d4c',
    });
    expect(result.ok).toBe(false);
    expect(statuses(result)).toEqual({ ...ALL_OK, install: 'FAILED', build: 'FAILED' });
    expect(log).toContain('could not be fetched');
    expect(log).toContain('an earlier phase failed, so nothing is deployed');
    expect(await s3.listObjectsV2({ Bucket: bucket }).then((r) => r.KeyCount ?? 0)).toBe(0);
    // One plain message to each of the stage's webhooks, pinging nobody.
    expect(sent.map((p) => p.path).sort()).toEqual([...DEV_HOOKS_AS_STORED].sort());
    const discord = sent.find((p) => p.path.startsWith('/api/webhooks/'))?.body as Record<string, unknown>;
    const jandi = sent.find((p) => p.path.startsWith('/connect-api/'))?.body as Record<string, unknown>;
    const message =
      'Release failed: build myapp-site:1f2e3d4c (dev) could not install aws-release-kit. See the build log.';
    expect(discord).toEqual({ content: message, allowed_mentions: { parse: [] } });
    expect(jandi).toEqual({ body: message, connectColor: '#D93025' });
    expect(log).not.toContain('dev-token');
  });
});
