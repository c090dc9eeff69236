import { startMoto, startRegistry } from './servers.js';

/**
 * One moto and one registry for the whole run. Their addresses reach the test workers through the
 * environment (workers start after this). Fake credentials keep every SDK call away from real AWS.
 */
export default async function globalSetup() {
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  });
  const [moto, registry] = await Promise.all([startMoto(), startRegistry()]);
  globalThis.__arkitServers = [moto, registry];
  process.env['MOTO_URL'] = moto.url;
  process.env['REGISTRY_HOST'] = registry.host;
}
