import { InputError } from '../runtime/errors.js';
import type { CommandDefinition } from '../runtime/spec.js';
import { parseStatusRanges, type StatusRange } from '../health/check.js';

export interface HealthCheckInputs {
  url: string;
  expectedStatus: StatusRange[];
  bodyContains?: string;
  /** Seconds, fractions allowed. */
  timeout: number;
  /** Seconds between requests, fractions allowed. */
  interval: number;
  successes: number;
}

export const healthCheck: CommandDefinition<HealthCheckInputs> = {
  name: 'health-check',
  title: 'Check that a URL answers healthy',
  description:
    'Poll a URL until it answers with an expected status (and text) enough times in a row, or fail (exit 1) with what it saw last. Usable after any step, and on an instance in an appspec ValidateService hook.',
  inputs: {
    url: { description: 'The http(s) URL to check, e.g. http://localhost:8080/health.', required: true },
    'expected-status': {
      description: 'Status codes that count as healthy: codes, ranges or classes, comma-separated (200, 200-299, 2xx).',
      default: '200-399',
    },
    'body-contains': { description: 'Text the answer’s body must contain (case-sensitive), e.g. "UP".' },
    timeout: { description: 'Seconds to keep trying before giving up.', default: '60' },
    interval: { description: 'Seconds between requests.', default: '2' },
    successes: {
      description: 'Consecutive healthy answers needed (guards against a server that flaps).',
      default: '1',
    },
  },
  outputs: {
    healthy: '"true" when the URL became healthy (the step fails otherwise).',
    requests: 'Number of requests made.',
    'last-status': 'What the last request saw, e.g. "HTTP 200" or "connection refused (ECONNREFUSED)".',
  },
  parse(reader) {
    const url = reader.url('url') ?? reader.required('url');
    const ranges = parseStatusRanges(reader.value('expected-status'));
    if (typeof ranges === 'string') throw new InputError('expected-status', ranges);
    const timeout = reader.seconds('timeout', { min: 0.01, max: 3600 });
    const interval = reader.seconds('interval', { min: 0.01, max: 300 });
    if (interval > timeout) throw new InputError('interval', `(${interval} s) is longer than timeout (${timeout} s)`);
    const bodyContains = reader.has('body-contains') ? reader.value('body-contains') : undefined;
    return {
      url,
      expectedStatus: ranges,
      ...(bodyContains !== undefined ? { bodyContains } : {}),
      timeout,
      interval,
      successes: reader.requiredInt('successes', { min: 1, max: 100 }),
    };
  },
  load: () => import('../commands/health-check.js'),
};
