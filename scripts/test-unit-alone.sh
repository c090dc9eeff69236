#!/usr/bin/env bash
# Runs `npm run test:unit` with failing stand-ins for moto_server, docker-registry and the container CLIs
# first on PATH: a unit test that starts a server or a build fails here, as it would on a machine that has
# only Node.
set -euo pipefail
shims=$(mktemp -d)
trap 'rm -rf "$shims"' EXIT
for bin in moto_server docker-registry buildah podman docker; do
  printf '#!/bin/sh\necho "%s: not available to unit tests" >&2\nexit 127\n' "$bin" >"$shims/$bin"
  chmod +x "$shims/$bin"
done
PATH="$shims:$PATH" npm run test:unit
