#!/bin/bash
# ValidateService: the new server must answer healthy before CodeDeploy counts this instance as done
# (and moves on to the next one). Its last line is what CodeDeploy shows as the log tail on failure.
set -euo pipefail
. "$(dirname "$0")/app.env"

echo "deployed: $(tr '\n' ' ' < "$APP_DIR/REVISION" 2>/dev/null || echo 'no REVISION file')"
cli="$APP_DIR/tools/aws-release-kit/cli/index.js"
# The toolkit needs Node.js 20 or later; an older one (or none) falls back to curl.
if [ -f "$cli" ] && node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; then
  exec node "$cli" health-check --url "$HEALTH_URL" --body-contains "$HEALTH_BODY" \
    --timeout "$HEALTH_TIMEOUT" --interval 2 --successes "$HEALTH_SUCCESSES"
fi
# No Node.js on the instance: the same check with curl (status 2xx-3xx and the body text).
echo "no Node.js 20+ or no $cli: checking with curl"
deadline=$((SECONDS + HEALTH_TIMEOUT))
streak=0
last="no answer"
while [ "$SECONDS" -lt "$deadline" ]; do
  if body=$(curl -fsS --max-time 10 "$HEALTH_URL" 2>&1) && [[ "$body" == *"$HEALTH_BODY"* ]]; then
    streak=$((streak + 1))
    last="healthy"
    if [ "$streak" -ge "$HEALTH_SUCCESSES" ]; then
      echo "health check $HEALTH_URL: healthy, $streak times in a row"
      exit 0
    fi
  else
    streak=0
    last="${body:-no answer}"
  fi
  sleep 2
done
echo "health check $HEALTH_URL did not become healthy within ${HEALTH_TIMEOUT} s (last: $last)" >&2
exit 1
