/* Building ECS test scenes in moto: a cluster, a family, services on revision 1, a file for revision 2. */
import { ECS, type Service } from '@aws-sdk/client-ecs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniqueName } from './env.js';

export const ecsAt = (url: string): ECS => new ECS({ region: 'us-east-1', endpoint: url });

/** The default VPC's subnets and security group that moto creates (EC2 query API; ECS cannot tell). */
export async function defaultNetwork(url: string): Promise<{ subnets: string[]; securityGroup: string }> {
  const call = async (action: string): Promise<string> => {
    const res = await fetch(`${url}/?Action=${action}&Version=2016-11-15`, {
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=x',
      },
    });
    return res.text();
  };
  const subnets = [...(await call('DescribeSubnets')).matchAll(/<subnetId>([^<]+)</g)].map((m) => m[1] as string);
  const group = /<groupId>([^<]+)</.exec(await call('DescribeSecurityGroups'))?.[1];
  if (!subnets.length || !group) throw new Error('moto has no default VPC');
  return { subnets: subnets.slice(0, 1), securityGroup: group };
}

export interface Scene {
  ecs: ECS;
  cluster: string;
  family: string;
  /** Revision 1, which the services run. */
  firstArn: string;
  services: string[];
  /** The services as CreateService answered. */
  created: Service[];
  network?: { subnets: string[]; securityGroup: string };
}

export type LaunchKind = 'FARGATE' | 'EC2';

/** A task definition like a real one, with the container memory moto needs to run tasks. */
export function taskDef(
  family: string,
  image: string,
  kind: LaunchKind,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const container = {
    name: 'app',
    image,
    memory: 256,
    essential: true,
    portMappings: [{ containerPort: 8080 }],
    environment: [
      { name: 'STAGE', value: 'test' },
      { name: 'EMPTY', value: '' },
    ],
  };
  return kind === 'FARGATE'
    ? {
        family,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        containerDefinitions: [container],
        ...extra,
      }
    : { family, requiresCompatibilities: ['EC2'], containerDefinitions: [container], ...extra };
}

/** A cluster with `count` services (desired `desired`) on revision 1 of a new family. */
export async function scene(
  url: string,
  options: {
    kind?: LaunchKind;
    count?: number;
    desired?: number;
    controller?: 'ECS' | 'CODE_DEPLOY';
    kinds?: LaunchKind[];
  } = {},
): Promise<Scene> {
  const ecs = ecsAt(url);
  const cluster = uniqueName('cl');
  const family = uniqueName('fam');
  await ecs.createCluster({ clusterName: cluster });
  const kinds = options.kinds ?? Array.from({ length: options.count ?? 1 }, () => options.kind ?? 'FARGATE');
  // Mixed launch types share one awsvpc revision compatible with both, as in a real cluster.
  const awsvpc = kinds.includes('FARGATE');
  const compat = [...new Set(kinds)].sort();
  const reg = await ecs.registerTaskDefinition(
    taskDef(
      family,
      'registry.example.com/app:1',
      awsvpc ? 'FARGATE' : 'EC2',
      awsvpc ? { requiresCompatibilities: compat } : {},
    ) as never,
  );
  const firstArn = reg.taskDefinition?.taskDefinitionArn as string;
  const network = awsvpc ? await defaultNetwork(url) : undefined;
  const services: string[] = [];
  const created: Service[] = [];
  for (const [i, kind] of kinds.entries()) {
    const name = `svc${i + 1}`;
    const res = await ecs.createService({
      cluster,
      serviceName: name,
      taskDefinition: firstArn,
      desiredCount: options.desired ?? 1,
      launchType: kind,
      ...(options.controller ? { deploymentController: { type: options.controller } } : {}),
      ...(network
        ? {
            networkConfiguration: {
              awsvpcConfiguration: { subnets: network.subnets, securityGroups: [network.securityGroup] },
            },
          }
        : {}),
    });
    services.push(name);
    if (res.service) created.push(res.service);
  }
  return { ecs, cluster, family, firstArn, services, created, network };
}

const dirs: string[] = [];
/** Writes a task definition file; removed by cleanupFiles(). */
export function writeTaskDef(def: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'arkit-ecs-deploy-'));
  dirs.push(dir);
  const path = join(dir, 'task-definition.json');
  writeFileSync(path, JSON.stringify(def, null, 2));
  return path;
}

export function cleanupFiles(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export async function revisions(ecs: ECS, family: string): Promise<string[]> {
  return (await ecs.listTaskDefinitions({ familyPrefix: family })).taskDefinitionArns ?? [];
}

export async function runningTaskDefinition(ecs: ECS, cluster: string, service: string): Promise<string | undefined> {
  return (await ecs.describeServices({ cluster, services: [service] })).services?.[0]?.taskDefinition;
}
