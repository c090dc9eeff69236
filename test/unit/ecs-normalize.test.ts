import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { differences, sameTaskDefinition } from '../../src/ecs/normalize.js';
import { stripForRegister } from '../../src/ecs/render.js';
import { readTaskDefinitionFile } from '../../src/ecs/taskdef-file.js';

const fixture = (name: string): string => join(process.cwd(), 'test/fixtures/ecs', name);

/** What ECS answers for a registered minimal Fargate file: defaults filled in, read-only fields added. */
const registered = {
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/docs:3',
  family: 'docs',
  revision: 3,
  status: 'ACTIVE',
  compatibilities: ['EC2', 'FARGATE'],
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  volumes: [],
  placementConstraints: [],
  registeredAt: new Date('2025-01-01T00:00:00Z'),
  containerDefinitions: [
    {
      name: 'web',
      image: 'repo:1',
      cpu: 0,
      essential: true,
      portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
      environment: [
        { name: 'B', value: '2' },
        { name: 'A', value: '' },
      ],
      mountPoints: [],
      volumesFrom: [],
      systemControls: [],
      healthCheck: { command: ['CMD', 'true'], interval: 30, timeout: 5, retries: 3 },
    },
  ],
};

const file = {
  family: 'docs',
  requiresCompatibilities: ['FARGATE'],
  cpu: 256,
  memory: 512,
  containerDefinitions: [
    {
      name: 'web',
      image: 'repo:1',
      portMappings: [{ containerPort: 8080 }],
      environment: [
        { name: 'A', value: '' },
        { name: 'B', value: '2' },
      ],
      healthCheck: { command: ['CMD', 'true'] },
    },
  ],
};

describe('comparing a task definition with a registered revision', () => {
  it('treats the defaults ECS fills in as no difference', () => {
    expect(sameTaskDefinition(file, registered)).toBe(true);
    expect(differences(file, registered)).toEqual([]);
  });

  it('sees a changed image, a changed or removed variable, an empty value vs. a missing one, and a new role', () => {
    const withImage = structuredClone(file);
    withImage.containerDefinitions[0]!.image = 'repo:2';
    expect(differences(withImage, registered)).toEqual(['containerDefinitions[web].image']);

    const dropped = structuredClone(file);
    dropped.containerDefinitions[0]!.environment = [{ name: 'B', value: '2' }];
    expect(differences(dropped, registered)).toEqual(['containerDefinitions[web].environment[A]']);

    const role = { ...file, taskRoleArn: 'arn:aws:iam::123456789012:role/x' };
    expect(sameTaskDefinition(role, registered)).toBe(false);
    expect(differences(role, registered)).toEqual(['taskRoleArn']);
  });

  it('sees a changed essential flag and task size', () => {
    const sidecar = structuredClone(file);
    (sidecar.containerDefinitions[0] as Record<string, unknown>)['essential'] = false;
    expect(differences(sidecar, registered)).toEqual(['containerDefinitions[web].essential']);
    expect(differences({ ...file, memory: '1024' }, registered)).toEqual(['memory']);
  });

  it('a rendered fixture equals itself as ECS would return it, and bridge mode is the EC2 default', async () => {
    const fargate = stripForRegister(await readTaskDefinitionFile(fixture('fargate.json')));
    const live = await readTaskDefinitionFile(fixture('fargate.json'));
    expect(sameTaskDefinition(fargate, live)).toBe(true);
    const ec2 = await readTaskDefinitionFile(fixture('ec2.json'));
    const withoutMode = { ...ec2 };
    delete withoutMode['networkMode'];
    expect(sameTaskDefinition(withoutMode, ec2)).toBe(true);
  });

  it('counts tags (in any order, a missing value as empty): a change of tags alone is a difference', () => {
    const tagged = {
      ...file,
      tags: [
        { key: 'team', value: 'web' },
        { key: 'cost', value: '' },
      ],
    };
    const live = { ...registered, tags: [{ key: 'cost' }, { key: 'team', value: 'web' }] };
    expect(sameTaskDefinition(tagged, live)).toBe(true);
    expect(differences({ ...tagged, tags: [{ key: 'team', value: 'api' }] }, live)).toEqual(['tags']);
    expect(differences(file, live)).toEqual(['tags']);
    expect(sameTaskDefinition({ ...file, tags: [] }, { ...registered, tags: [] })).toBe(true);
  });

  it('compares task cpu and memory in the form ECS stores: "0.25 vCPU" is 256, "0.5 GB" is 512', () => {
    expect(sameTaskDefinition({ ...file, cpu: '0.25 vCPU', memory: '0.5 GB' }, registered)).toBe(true);
    expect(sameTaskDefinition({ ...file, cpu: '.25vcpu', memory: 512 }, registered)).toBe(false);
    expect(differences({ ...file, cpu: '0.5 vCPU', memory: '0.5GB' }, registered)).toEqual(['cpu']);
    expect(
      sameTaskDefinition(
        { ...registered, cpu: '1 vCPU', memory: '2 GB' },
        { ...registered, cpu: '1024', memory: '2048' },
      ),
    ).toBe(true);
  });

  it('ignores keys a registration does not set (a describe output’s read-only fields, unknown keys)', () => {
    const described = { ...registered, deleteRequestedAt: new Date(0), notes: 'x' };
    expect(sameTaskDefinition(file, described)).toBe(true);
  });

  it('ignores the order of environment entries but not of command arguments', () => {
    const reordered = structuredClone(registered);
    reordered.containerDefinitions[0]!.environment.reverse();
    expect(sameTaskDefinition(file, reordered)).toBe(true);
    const cmd = (args: string[]) => ({
      ...file,
      containerDefinitions: [{ ...file.containerDefinitions[0], command: args }],
    });
    expect(sameTaskDefinition(cmd(['a', 'b']), cmd(['b', 'a']))).toBe(false);
  });
});
