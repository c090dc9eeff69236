#!/bin/bash
# ApplicationStart: start the new server in the background and record its pid for the next stop.
# Its output goes to a log file: a background process that kept the hook's stdout open would make
# CodeDeploy wait for it until the hook's timeout.
set -euo pipefail
. "$(dirname "$0")/app.env"

pidfile="$APP_DIR/run/app.pid"
mkdir -p "$APP_DIR/logs" "$APP_DIR/run"
cd "$APP_DIR"
echo "starting $(grep '^version=' REVISION 2>/dev/null || echo 'version=unknown') on port $PORT"
as_user=()
if [ "$(id -u)" = 0 ] && id "$APP_USER" >/dev/null 2>&1; then
  as_user=(runuser -u "$APP_USER" --)
fi
rm -f "$pidfile"
# The shell writes its own pid and then becomes java (exec), so the pid file names the JVM itself.
# JAVA_OPTS is split into words on purpose (several options in one variable).
# shellcheck disable=SC2016,SC2086
nohup setsid ${as_user[@]+"${as_user[@]}"} sh -c 'echo $$ > "$1"; shift; exec "$@"' sh "$pidfile" \
  java $JAVA_OPTS -jar "$APP_DIR/app.jar" >> "$APP_DIR/logs/app.log" 2>&1 < /dev/null &
sleep 1
if [ ! -s "$pidfile" ] || ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "the server exited at once; the end of its log:" >&2
  tail -n 20 "$APP_DIR/logs/app.log" >&2
  exit 1
fi
echo "started (pid $(cat "$pidfile"))"
