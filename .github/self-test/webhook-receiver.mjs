// A Discord/JANDI stand-in for the self-test workflow: appends every request it gets, as one JSON line
// { kind, path, payload }, to the file given, and answers the way the real services do (Discord with a
// message object, JANDI with {}). Node built-ins only: the self-test installs nothing from npm.
// Usage: node .github/self-test/webhook-receiver.mjs <port> <file.jsonl>
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port, file] = process.argv.slice(2);
if (!port || !file) {
  console.error('usage: webhook-receiver.mjs <port> <file.jsonl>');
  process.exit(2);
}
let count = 0;
createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const path = new URL(req.url ?? '/', 'http://receiver').pathname;
    // Discord's paths: /api/webhooks/... and the versioned /api/v10/webhooks/... notify posts to.
    const kind = /^\/api\/(v\d+\/)?webhooks\//.test(path) ? 'discord' : 'jandi';
    let payload;
    try {
      payload = JSON.parse(body || '{}');
    } catch {
      payload = body;
    }
    appendFileSync(file, `${JSON.stringify({ kind, path, payload })}\n`);
    count++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(kind === 'discord' ? JSON.stringify({ id: String(count), channel_id: '1' }) : '{}');
  });
}).listen(Number(port), '127.0.0.1', () => console.log(`webhook receiver on 127.0.0.1:${port}`));
