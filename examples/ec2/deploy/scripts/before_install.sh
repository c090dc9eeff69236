#!/bin/bash
# BeforeInstall: the directories the server writes to, owned by its user when that user exists (create
# the user once, in the instance's setup: useradd --system --home-dir /opt/app --shell /sbin/nologin app).
set -euo pipefail
. "$(dirname "$0")/app.env"

mkdir -p "$APP_DIR/logs" "$APP_DIR/run"
if [ "$(id -u)" = 0 ] && id "$APP_USER" >/dev/null 2>&1; then
  chown "$APP_USER" "$APP_DIR/logs" "$APP_DIR/run"
fi
