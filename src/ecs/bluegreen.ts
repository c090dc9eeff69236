/**
 * Blue/green deploys of services with the CODE_DEPLOY deployment controller: UpdateService cannot
 * change their task definition, CodeDeploy does, from an AppSpec that names the new revision. Pure
 * functions build the AppSpec; thin calls find the deployment group and start the deployment. The
 * wait is the shared CodeDeploy watcher's (src/codedeploy/watch.ts).
 */
import { createHash } from 'node:crypto';
import type { CodeDeploy, DeploymentGroupInfo } from '@aws-sdk/client-codedeploy';
import type { Service } from '@aws-sdk/client-ecs';
import { parse as parseYaml } from 'yaml';
import { ReleaseError } from '../runtime/errors.js';
import { isAwsError } from '../util/aws-errors.js';
import { shortName } from './watch.js';

/** The calls this module makes (IAM: codedeploy:GetDeploymentGroup, codedeploy:CreateDeployment). */
export type BlueGreenClient = Pick<CodeDeploy, 'getDeploymentGroup' | 'createDeployment'>;

/** The AppSpec is wrong; the message says where, for the user (it becomes an input error). */
export class AppSpecError extends Error {
  override readonly name = 'AppSpecError';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The application and deployment group the ECS console creates for a blue/green service:
 * AppECS-<cluster>-<service> and DgpECS-<cluster>-<service> (names, not ARNs).
 */
export function defaultCodeDeployNames(cluster: string, service: string): { application: string; group: string } {
  const c = shortName(cluster);
  const s = shortName(service);
  return { application: `AppECS-${c}-${s}`, group: `DgpECS-${c}-${s}` };
}

/** A key of an AppSpec object, matched without regard to case (AppSpec files use both Resources and resources). */
function keyOf(obj: Record<string, unknown>, name: string): string | undefined {
  return Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
}

/** Reads an AppSpec file's text: YAML, which JSON also is. */
export function parseAppSpec(text: string, fileName: string): unknown {
  try {
    return parseYaml(text) as unknown;
  } catch (err) {
    throw new AppSpecError(`${fileName} is not valid YAML or JSON (${(err as Error).message.split('\n')[0]})`);
  }
}

/**
 * The AppSpec with every resource's TaskDefinition set to `arn`, as the official action does. Every
 * resource must have Properties (and TaskDefinition, whose placeholder value is replaced).
 */
export function withTaskDefinition(doc: unknown, arn: string): Record<string, unknown> {
  if (!isRecord(doc)) throw new AppSpecError('the AppSpec is not a mapping; it must have Resources');
  const copy = structuredClone(doc);
  const resourcesKey = keyOf(copy, 'resources');
  const resources = resourcesKey ? copy[resourcesKey] : undefined;
  if (!Array.isArray(resources) || resources.length === 0) {
    throw new AppSpecError('the AppSpec must include Resources, a list with the target service');
  }
  resources.forEach((resource, i) => {
    if (!isRecord(resource)) throw new AppSpecError(`Resources[${i}] is not a mapping`);
    for (const [name, body] of Object.entries(resource)) {
      const propsKey = isRecord(body) ? keyOf(body, 'properties') : undefined;
      const props = propsKey && isRecord(body) ? body[propsKey] : undefined;
      if (!isRecord(props)) throw new AppSpecError(`Resources[${i}].${name} must include Properties`);
      const tdKey = keyOf(props, 'taskDefinition');
      if (!tdKey) throw new AppSpecError(`Resources[${i}].${name}.Properties must include TaskDefinition`);
      props[tdKey] = arn;
    }
  });
  return copy;
}

/**
 * The AppSpec the ECS console would write for the service: its load balancer's container and port,
 * and the new revision. Without a load balancer there is nothing to shift traffic on.
 */
export function appSpecForService(service: Service, arn: string): Record<string, unknown> {
  const lb = service.loadBalancers?.find((l) => l.containerName && l.containerPort);
  if (!lb) {
    throw new ReleaseError(
      `service ${service.serviceName ?? '?'} has no load balancer with a container and port to build the AppSpec from; give codedeploy-appspec`,
    );
  }
  return {
    version: 0.0,
    Resources: [
      {
        TargetService: {
          Type: 'AWS::ECS::Service',
          Properties: {
            TaskDefinition: arn,
            LoadBalancerInfo: { ContainerName: lb.containerName, ContainerPort: lb.containerPort },
          },
        },
      },
    ],
  };
}

/** The AppSpecContent revision: the JSON text and its SHA-256, which CodeDeploy checks. */
export function appSpecRevision(appspec: unknown): { content: string; sha256: string } {
  const content = JSON.stringify(appspec);
  return { content, sha256: createHash('sha256').update(content).digest('hex') };
}

/** CodeDeploy takes up to 512 characters of description; longer ones are cut with an ellipsis. */
export function deploymentDescription(text: string | undefined): string | undefined {
  if (!text) return undefined;
  return text.length <= 512 ? text : `${text.slice(0, 511)}…`;
}

/**
 * Minutes a blue/green deployment may take beyond the rollout itself: the wait for traffic to be
 * rerouted and the wait before the blue tasks end, both set on the deployment group. The deployment
 * only succeeds after both.
 */
export function groupWaitMinutes(group: DeploymentGroupInfo | undefined): number {
  const bg = group?.blueGreenDeploymentConfiguration;
  return (
    (bg?.deploymentReadyOption?.waitTimeInMinutes ?? 0) +
    (bg?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes ?? 0)
  );
}

/** The deployment group, read before anything changes: a wrong name is found before a revision is registered. */
export async function findDeploymentGroup(
  cd: BlueGreenClient,
  application: string,
  group: string,
  service: string,
): Promise<DeploymentGroupInfo> {
  try {
    const res = await cd.getDeploymentGroup({ applicationName: application, deploymentGroupName: group });
    if (!res.deploymentGroupInfo)
      throw new ReleaseError(`GetDeploymentGroup returned nothing for ${application}/${group}`);
    return res.deploymentGroupInfo;
  } catch (err) {
    if (isAwsError(err, 'ApplicationDoesNotExistException', 'DeploymentGroupDoesNotExistException')) {
      throw new ReleaseError(
        `service ${service} uses CodeDeploy, but there is no deployment group ${group} in application ${application}; give codedeploy-application and codedeploy-deployment-group`,
      );
    }
    throw err;
  }
}

export interface BlueGreenRequest {
  application: string;
  group: string;
  appspec: unknown;
  description?: string;
  deploymentConfig?: string;
}

/** Starts the deployment and returns its id. */
export async function startBlueGreen(cd: BlueGreenClient, req: BlueGreenRequest): Promise<string> {
  const description = deploymentDescription(req.description);
  const res = await cd.createDeployment({
    applicationName: req.application,
    deploymentGroupName: req.group,
    revision: { revisionType: 'AppSpecContent', appSpecContent: appSpecRevision(req.appspec) },
    ...(description ? { description } : {}),
    ...(req.deploymentConfig ? { deploymentConfigName: req.deploymentConfig } : {}),
  });
  if (!res.deploymentId) throw new ReleaseError('CreateDeployment returned no deployment id');
  return res.deploymentId;
}
