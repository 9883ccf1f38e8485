#!/usr/bin/env bash
# `make docker-test`: proves the image on a real Docker engine, from nothing.
#   base image (debootstrap + Node from the npm registry) -> docker build -> the apps in containers.
# Asserts: a fixed non-root uid (10001); PAPER_ONLY=1; research's report lands in a mounted host
# folder; walk-forward and campaign run on the shared data; realtime-paper reaches a mock exchange
# on the host's loopback through --network host; live trading refuses inside the container;
# compose files parse. Prints the time taken and the image sizes.
# Run through tools/docker/with-engine.sh (the make target does), which starts and stops dockerd.
set -euo pipefail
cd "$(dirname "$0")/../.."

IMAGE=${DOCKER_IMAGE:-marketmakerl:dev}
BASE_IMAGE=${BASE_IMAGE:-mml/node-base:20.20.2}
SHARED=${MML_SHARED_DATA:-$(pwd)/../shared/data}
SHARED=$(cd "$SHARED" && pwd)
start=$(date +%s)
failures=0

log() { echo "docker-test: $*"; }
fail() { log "FAIL: $*"; failures=$((failures + 1)); }
pass() { log "ok: $*"; }

# The Dockerfile installs dependencies from the manifests alone (a cached layer): every workspace's
# package.json must be listed there, or a new package would build against a tree without its links.
for manifest in packages/*/package.json apps/*/package.json; do
  grep -q "^COPY $manifest " docker/Dockerfile || { log "FAIL: docker/Dockerfile does not COPY $manifest before npm ci"; exit 1; }
done

t0=$(date +%s)
tools/docker/build-base-image.sh "$BASE_IMAGE"
base_s=$(( $(date +%s) - t0 ))
t0=$(date +%s)
docker build -q -f docker/Dockerfile --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$IMAGE" . >/dev/null
build_s=$(( $(date +%s) - t0 ))

out=$(mktemp -d /tmp/mml-docker-test.XXXXXX)
mock_pid=
cleanup() {
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null || true
  rm -rf "$out"
}
trap cleanup EXIT
mkdir -p "$out/artifacts" "$out/data"
chown -R 10001:10001 "$out/artifacts" "$out/data"

run() {
  docker run --rm -v "$out/artifacts:/app/artifacts" -v "$out/data:/app/data" -v "$SHARED:/data/shared:ro" "$@"
}

# 1. Identity and safety defaults.
uid=$(run "$IMAGE" id -u)
[ "$uid" = "10001" ] && pass "runs as uid 10001" || fail "container uid is '$uid', expected 10001"
paper=$(run "$IMAGE" printenv PAPER_ONLY)
[ "$paper" = "1" ] && pass "PAPER_ONLY=1 in the image" || fail "PAPER_ONLY is '$paper'"

# 2. The main job: research on the synthetic default; the report lands in the mounted folder.
if run "$IMAGE" node apps/research/dist/main.js --source synthetic --days 2 --seed 42 --workers 1 >"$out/research.log" 2>&1 \
   && [ -s "$out/artifacts/research/latest/report.html" ] && [ -s "$out/artifacts/research/latest/summary.json" ]; then
  owner=$(stat -c %u "$out/artifacts/research/latest/report.html")
  [ "$owner" = "10001" ] && pass "research report written to the host folder (owner uid 10001)" || fail "report owner uid $owner"
else
  cat "$out/research.log"; fail "research in the container did not write report.html to the mounted folder"
fi

# 2b. A run config file with a plugin format, from the image's examples/ (the data path given as a flag overrides the file's).
if run "$IMAGE" node apps/research/dist/main.js --config examples/research.yaml --data /data/shared/binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz \
     --workers 1 >"$out/research-config.log" 2>&1 \
   && grep -q '"inventory-skew"' "$out/artifacts/research/latest/summary.json"; then
  pass "research from examples/research.yaml with the example plugin format"
else
  tail -20 "$out/research-config.log"; fail "research --config examples/research.yaml in the container"
fi

# 3. Walk-forward and campaign on the shared data.
if run "$IMAGE" node apps/walk-forward/dist/main.js --source file --data /data/shared/binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz \
     --days 4 --train-days 2 --test-days 1 --workers 1 >"$out/wf.log" 2>&1 && [ -s "$out/artifacts/walk-forward/latest/summary.json" ]; then
  pass "walk-forward on the shared 1m data"
else
  tail -20 "$out/wf.log"; fail "walk-forward in the container"
fi
if run "$IMAGE" node apps/campaign/dist/main.js --n 2 --days 1 --workers 1 >"$out/campaign.log" 2>&1 \
   && [ -s "$out/artifacts/campaign/latest/summary.json" ]; then
  pass "campaign N=2"
else
  tail -20 "$out/campaign.log"; fail "campaign in the container"
fi

# 4. realtime-paper against a mock exchange on the host's loopback (host network).
node tools/mock-exchange/server.js --port 0 --data "$SHARED/binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz" >"$out/mock.out" 2>"$out/mock.err" &
mock_pid=$!
for _ in $(seq 1 50); do grep -q '"url"' "$out/mock.out" 2>/dev/null && break; sleep 0.1; done
mock_url=$(sed -n 's/.*"url":"\([^"]*\)".*/\1/p' "$out/mock.out" | head -1)
if [ -n "$mock_url" ] && run --network host -e MML_EXCHANGE_URL="$mock_url" "$IMAGE" \
     node apps/realtime-paper/dist/main.js --mode poll --exchange binance --symbol BTC/USDT --timeframe 1m --iterations 2 --interval-ms 10 \
     >"$out/paper.log" 2>&1 && [ -n "$(find "$out/artifacts/realtime" -name '*.jsonl' -size +0 2>/dev/null)" ]; then
  pass "realtime-paper against the mock exchange on loopback (--network host)"
else
  tail -20 "$out/paper.log"; fail "realtime-paper in the container against $mock_url"
fi
kill "$mock_pid" 2>/dev/null || true; mock_pid=

# 5. Live trading refuses inside the container, whatever PAPER_ONLY says.
for paper_only in 1 0; do
  set +e
  run -e PAPER_ONLY=$paper_only "$IMAGE" node apps/realtime-paper/dist/main.js --live --exchange binance --symbol BTC/USDT >"$out/live.log" 2>&1
  code=$?
  set -e
  [ "$code" = "2" ] && pass "--live refused in the container (PAPER_ONLY=$paper_only, exit 2)" || { cat "$out/live.log"; fail "--live with PAPER_ONLY=$paper_only exited $code"; }
done

# 6. Compose (v1 from Debian): a queued sweep on one host, Redis + 2 scaled workers + research.
if command -v docker-compose >/dev/null 2>&1; then
  export BASE_IMAGE MML_SHARED_DATA="$SHARED"
  project="mmltest$$"
  compose=(docker-compose -p "$project" -f docker/compose.yml)
  if "${compose[@]}" config -q && "${compose[@]}" -f docker/compose.host-network.yml config -q; then pass "compose files parse"; else fail "compose files"; fi
  # The compose file mounts ../artifacts; point it at the scratch folder through an override.
  cat >"$out/compose.override.yml" <<YAML
services:
  research:
    volumes: ["$out/artifacts:/app/artifacts", "$SHARED:/data/shared:ro"]
  worker:
    volumes: ["$out/artifacts:/app/artifacts", "$SHARED:/data/shared:ro"]
YAML
  compose+=(-f "$out/compose.override.yml")
  t0=$(date +%s)
  if "${compose[@]}" build -q redis >/dev/null 2>&1 && "${compose[@]}" up -d redis >/dev/null 2>&1 \
     && "${compose[@]}" up -d --scale worker=2 worker >/dev/null 2>&1 \
     && "${compose[@]}" run --rm -e MML_QUEUE=redis://redis:6379 research node apps/research/dist/main.js --source synthetic --days 1 --seed 42 \
          --formats fixed-spread,as-stable >"$out/queued.log" 2>&1 \
     && grep -q 'report:' "$out/queued.log"; then
    served=$("${compose[@]}" logs worker 2>/dev/null | grep -c ' done in ' || true)
    [ "$served" -ge 1 ] && pass "compose: research through redis + 2 workers (${served} tasks served, $(( $(date +%s) - t0 )) s)" \
      || fail "compose: the workers served no task"
  else
    tail -20 "$out/queued.log" 2>/dev/null; "${compose[@]}" logs --tail 20 2>/dev/null || true; fail "compose queued sweep"
  fi
  "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
fi

base_size=$(docker image inspect -f '{{.Size}}' "$BASE_IMAGE")
size=$(docker image inspect -f '{{.Size}}' "$IMAGE")
log "base image $BASE_IMAGE: $((base_size / 1000000)) MB (built or cached in ${base_s} s); app image $IMAGE: $((size / 1000000)) MB (docker build ${build_s} s)"
log "finished in $(( $(date +%s) - start )) s with $failures failure(s)"
[ "$failures" = "0" ]
