import { FAKE_AWS_ENV } from './fake-aws-env.js';
import { startMoto, startRegistry } from './servers.js';

/**
 * One moto and one registry for the whole run. Their addresses reach the test workers through the
 * environment (workers start after this). Fake credentials keep every SDK call away from real AWS.
 */
export default async function globalSetup() {
  Object.assign(process.env, FAKE_AWS_ENV);
  const [moto, registry] = await Promise.all([startMoto(), startRegistry()]);
  globalThis.__arkitServers = [moto, registry];
  process.env['MOTO_URL'] = moto.url;
  process.env['REGISTRY_HOST'] = registry.host;
}
