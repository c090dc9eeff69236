import { describe, expect, it } from '@jest/globals';
import { checkAppSpec, type RevisionFiles } from '../../src/codedeploy/appspec.js';
import { bundleTypeFor, contentKey, parseS3Url, s3Revision, sameBundle } from '../../src/codedeploy/revision.js';

/** A revision in memory: path -> { executable, head }; directories are implied by the paths. */
function revision(files: Record<string, { exec?: boolean; head?: string }>): RevisionFiles {
  const dirs = new Set<string>();
  for (const p of Object.keys(files)) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return {
    isFile: (rel) => rel in files,
    isDirectory: (rel) => dirs.has(rel),
    isExecutable: (rel) => files[rel]?.exec ?? false,
    head: (rel) => files[rel]?.head ?? '#!/bin/bash\n',
  };
}

const GOOD_FILES = {
  'app.jar': {},
  'scripts/stop.sh': { exec: true },
  'scripts/start.sh': { exec: true },
  'scripts/validate.sh': { exec: true },
};

const GOOD = `version: 0.0
os: linux
files:
  - source: app.jar
    destination: /opt/app
  - source: /
    destination: /opt/app/bundle
hooks:
  ApplicationStop:
    - location: scripts/stop.sh
      timeout: 60
  ApplicationStart:
    - location: /scripts/start.sh
      runas: app
  ValidateService:
    - location: scripts/validate.sh
      timeout: 300
`;

describe('checkAppSpec', () => {
  it('accepts a correct EC2 appspec and reads its files and hooks', () => {
    const check = checkAppSpec(GOOD, revision(GOOD_FILES));
    expect(check.problems).toEqual([]);
    expect(check.appspec?.hooks.ApplicationStart).toEqual([{ location: '/scripts/start.sh', runas: 'app' }]);
    expect(check.appspec?.files).toHaveLength(2);
    // version 0.0 quoted as a string is the same thing.
    expect(checkAppSpec(GOOD.replace('version: 0.0', "version: '0.0'"), revision(GOOD_FILES)).problems).toEqual([]);
  });

  it('names every problem: version, os, files, hook names, scripts', () => {
    const text = `version: 1.0
os: ubuntu
files:
  - source: target/app.jar
    destination: opt/app
  - destination: /x
hooks:
  Install:
    - location: scripts/install.sh
  AfterDeploy:
    - location: scripts/after.sh
  BeforeInstall:
    - location: scripts/missing.sh
      timeout: 7200
  ApplicationStart:
    - location: scripts/start.sh
  ValidateService:
    - location: scripts/validate.sh
  AfterInstall: scripts/after.sh
`;
    const files = {
      ...GOOD_FILES,
      'scripts/start.sh': { exec: false },
      'scripts/validate.sh': { exec: true, head: 'curl -f http://localhost/\n' },
    };
    expect(checkAppSpec(text, revision(files)).problems).toEqual([
      'version must be 0.0 (got 1)',
      'os must be linux or windows (got "ubuntu")',
      'files[0].source target/app.jar is not in the revision',
      'files[0].destination opt/app must be an absolute path',
      'files[1].source is missing',
      'hooks.Install: CodeDeploy runs Install itself; scripts can go in ApplicationStop, BeforeInstall, AfterInstall, ApplicationStart, ValidateService, BeforeBlockTraffic, AfterBlockTraffic, BeforeAllowTraffic, AfterAllowTraffic',
      'hooks.AfterDeploy is not an EC2/on-premises lifecycle event (ApplicationStop, BeforeInstall, AfterInstall, ApplicationStart, ValidateService, BeforeBlockTraffic, AfterBlockTraffic, BeforeAllowTraffic, AfterAllowTraffic)',
      'hooks.BeforeInstall[0].timeout must be a whole number of seconds from 1 to 3600',
      'hooks.BeforeInstall[0]: script scripts/missing.sh is not in the revision',
      'hooks.ApplicationStart[0]: script scripts/start.sh is not executable (chmod +x scripts/start.sh, and commit the mode)',
      'hooks.ValidateService[0]: script scripts/validate.sh has no #! line, so the agent cannot run it',
      'hooks.AfterInstall must be a list of scripts (- location: scripts/...)',
    ]);
  });

  it('catches Windows line endings in a #! line, an ECS appspec, an empty one and broken YAML', () => {
    const crlf = revision({ ...GOOD_FILES, 'scripts/stop.sh': { exec: true, head: '#!/bin/bash\r\necho\r\n' } });
    expect(checkAppSpec(GOOD, crlf).problems).toEqual([
      'hooks.ApplicationStop[0]: script scripts/stop.sh has Windows line endings (CRLF); its #! line would not run on Linux',
    ]);
    const ecs = `version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
`;
    expect(checkAppSpec(ecs, revision({})).problems).toEqual([
      'os must be linux or windows (got null)',
      'Resources belongs to an ECS or Lambda appspec; an EC2/on-premises appspec has files and hooks',
      'appspec.yml has neither files nor hooks: the deployment would do nothing',
    ]);
    expect(checkAppSpec('version: 0.0\nos: linux\nhooks: [oops', revision({})).problems[0]).toMatch(
      /^appspec.yml is not valid YAML: /,
    );
    expect(checkAppSpec(`${GOOD}file_exists_behavior: KEEP\n`, revision(GOOD_FILES)).problems).toEqual([
      'file_exists_behavior must be DISALLOW, OVERWRITE or RETAIN (got "KEEP")',
    ]);
    expect(checkAppSpec(`${GOOD}file_exists_behavior: OVERWRITE\n`, revision(GOOD_FILES)).problems).toEqual([]);
    expect(checkAppSpec('- just a list', revision({})).problems).toEqual([
      'appspec.yml must be a mapping (version, os, files, hooks)',
    ]);
  });

  it('on Windows: drive-letter destinations, no mode or #! checks, no runas', () => {
    const text = `version: 0.0
os: windows
files:
  - source: app
    destination: C:\\inetpub\\app
hooks:
  ApplicationStart:
    - location: scripts/start.ps1
      runas: admin
`;
    expect(
      checkAppSpec(text, revision({ 'app/x.dll': {}, 'scripts/start.ps1': { head: 'Start-Service x' } })).problems,
    ).toEqual(['hooks.ApplicationStart[0].runas is not supported on Windows instances']);
  });
});

describe('revision helpers', () => {
  it('parses s3:// locations and bundle types', () => {
    expect(parseS3Url('s3://my-bucket/builds/app 1.zip')).toEqual({ bucket: 'my-bucket', key: 'builds/app 1.zip' });
    expect(parseS3Url('s3://my-bucket/')).toBe('"s3://my-bucket/" is not s3://bucket/key');
    expect(parseS3Url('s3://My_Bucket/k.zip')).toBe('"My_Bucket" is not a valid bucket name');
    expect(['a.zip', 'a.tar', 'a.tgz', 'a.TAR.GZ', 'a.jar'].map(bundleTypeFor)).toEqual([
      'zip',
      'tar',
      'tgz',
      'tgz',
      undefined,
    ]);
  });

  it('derives the key from the bytes, so the same bundle has the same key', () => {
    expect(contentKey('shop-api', 'ab'.repeat(32))).toBe(`shop-api/${'ab'.repeat(32)}.zip`);
    expect(contentKey('shop-api', 'cd', '/bundles/')).toBe('bundles/shop-api/cd.zip');
  });

  it('knows an unchanged bundle by the stored sha256, else by a single-part ETag only', () => {
    expect(sameBundle(undefined, 'sha', 'md5')).toBe(false);
    expect(sameBundle({ sha256: 'sha', eTag: 'other' }, 'sha', 'md5')).toBe(true);
    expect(sameBundle({ sha256: 'old' }, 'sha', 'md5')).toBe(false);
    expect(sameBundle({ eTag: 'md5' }, 'sha', 'md5')).toBe(true);
    expect(sameBundle({ eTag: 'abc-3' }, 'sha', 'md5')).toBe(false);
  });

  it('pins the revision by ETag and version, but not by a multipart ETag', () => {
    expect(s3Revision({ bucket: 'b', key: 'k.zip', bundleType: 'zip', eTag: 'e1', versionId: 'v1' })).toEqual({
      revisionType: 'S3',
      s3Location: { bucket: 'b', key: 'k.zip', bundleType: 'zip', eTag: 'e1', version: 'v1' },
    });
    expect(s3Revision({ bucket: 'b', key: 'k.zip', bundleType: 'zip', eTag: 'abc-2' }).s3Location).toEqual({
      bucket: 'b',
      key: 'k.zip',
      bundleType: 'zip',
    });
  });
});
