/** Addresses of the servers started by global setup. */
export function motoUrl(): string {
  const url = process.env['MOTO_URL'];
  if (!url) throw new Error('MOTO_URL is not set: run the tests through jest (global setup starts moto)');
  return url;
}

export function registryHost(): string {
  const host = process.env['REGISTRY_HOST'];
  if (!host) throw new Error('REGISTRY_HOST is not set: run the tests through jest');
  return host;
}

let counter = 0;
/** A name no other test uses, for buckets, repositories, functions. */
export function uniqueName(prefix: string): string {
  counter++;
  return `${prefix}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 6)}`.toLowerCase();
}
