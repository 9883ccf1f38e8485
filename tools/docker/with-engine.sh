#!/usr/bin/env bash
# Runs a command with a Docker engine available. When `docker info` already answers (DOCKER_HOST
# or the default socket), the command runs against that engine. Otherwise Debian's dockerd is
# started here (data under MML_DOCKER_ROOT, default /var/lib/mml-docker, so images stay cached
# between runs), the command runs, and the engine is stopped by its PID, whatever the outcome.
#
# Usage: tools/docker/with-engine.sh COMMAND [ARGS...]
set -euo pipefail

log() { echo "docker-engine: $*" >&2; }

if docker info >/dev/null 2>&1; then
  exec "$@"
fi
command -v dockerd >/dev/null || { log "error: no Docker engine answers and dockerd is not installed (apt-get install docker.io)"; exit 2; }
[ "$(id -u)" = "0" ] || { log "error: no Docker engine answers; starting one needs root"; exit 2; }

root=${MML_DOCKER_ROOT:-/var/lib/mml-docker}
run=$(mktemp -d /tmp/mml-dockerd.XXXXXX)
sock="$run/docker.sock"
mkdir -p "$root"
dockerd --data-root "$root" --exec-root "$run/exec" --pidfile "$run/dockerd.pid" \
  --host "unix://$sock" >"$run/dockerd.log" 2>&1 &
pid=$!
stop() {
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
  # dockerd leaves its network namespace mounted under the exec root: unmount before removing.
  for mnt in "$run"/exec/netns/*; do [ -e "$mnt" ] && umount "$mnt" 2>/dev/null; done
  rm -rf "$run" 2>/dev/null || true
}
trap stop EXIT
export DOCKER_HOST="unix://$sock"
for _ in $(seq 1 100); do
  docker info >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { tail -20 "$run/dockerd.log" >&2; log "error: dockerd exited"; exit 1; }
  sleep 0.3
done
docker info >/dev/null 2>&1 || { tail -20 "$run/dockerd.log" >&2; log "error: dockerd did not answer in 30 s"; exit 1; }
log "started dockerd (pid $pid, data $root)"
# The command's status is the script's, whatever the clean-up does.
set +e
"$@"
status=$?
stop
trap - EXIT
exit "$status"
