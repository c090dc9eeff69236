#!/bin/bash
# ApplicationStop: stop the server the previous deployment started (graceful SIGTERM, then SIGKILL).
# Nothing running (a first deployment on this instance, a crashed server) is not an error.
set -euo pipefail
. "$(dirname "$0")/app.env"

pidfile="$APP_DIR/run/app.pid"
if [ ! -f "$pidfile" ]; then
  echo "no $pidfile: nothing to stop"
  exit 0
fi
pid=$(cat "$pidfile")
if ! kill -0 "$pid" 2>/dev/null; then
  echo "server (pid $pid) is not running"
  rm -f "$pidfile"
  exit 0
fi
echo "stopping the server (pid $pid)"
kill -TERM "$pid"
for _ in $(seq 1 "$STOP_TIMEOUT"); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
if kill -0 "$pid" 2>/dev/null; then
  echo "still running after ${STOP_TIMEOUT} s: SIGKILL"
  kill -KILL "$pid" || true
fi
rm -f "$pidfile"
echo "stopped"
