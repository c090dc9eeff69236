export default async function globalTeardown() {
  await Promise.all((globalThis.__arkitServers ?? []).map((s) => s.stop()));
}
