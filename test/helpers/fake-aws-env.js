/**
 * Fake AWS credentials and region for every test (set in each unit test file, and by the integration
 * project's global setup for its workers): nothing a test runs can reach real AWS or read a profile.
 */
export const FAKE_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_SESSION_TOKEN: 'testing',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
};

Object.assign(process.env, FAKE_AWS_ENV);
