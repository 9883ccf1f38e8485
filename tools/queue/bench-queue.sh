#!/usr/bin/env bash
# `make bench-queue`: wall time of one research sweep on the local thread pool (1 and 2 threads)
# and through the BullMQ queue with 1, 2 and 4 worker processes, on this machine's loopback Redis
# (Debian's redis-server, started here and stopped by PID). Also checks that every queued run's
# results.csv is byte-identical to the local one. Prints figures; it is not a timed test.
# Needs the apps built (make build) and redis-server installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${DATA:-${MML_SHARED_DATA:-../shared/data}/binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz}
DAYS=${DAYS:-30}
command -v redis-server >/dev/null || { echo "bench-queue: error: redis-server is not installed (apt-get install redis-server)" >&2; exit 2; }
work=$(mktemp -d /tmp/mml-bench-queue.XXXXXX)
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!
worker_pids=()
cleanup() { for p in "${worker_pids[@]}"; do kill "$p" 2>/dev/null || true; done; kill "$redis_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
url="redis://127.0.0.1:$port"
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

research() { node apps/research/dist/main.js --source file --data "$DATA" --days "$DAYS" --seed 42 --out "$work/$1" "${@:2}" >"$work/$1.log" 2>&1; }
seconds() { local t0 t1; t0=$(date +%s%N); "$@"; t1=$(date +%s%N); awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }

echo "bench-queue: research, $DAYS days of 1m bars, 3 tiers x every format, $(nproc) cores"
t=$(seconds research local1 --workers 1); echo "  local pool, 1 thread : ${t} s"
t=$(seconds research local2 --workers 2); echo "  local pool, 2 threads: ${t} s"
ref=$(ls "$work"/local1/research/*/results.csv | head -1)
for n in 1 2 4; do
  for _ in $(seq 1 "$n"); do
    node packages/workflows/dist/cli/queue-worker.js --queue "$url" --concurrency 1 >>"$work/workers-$n.log" 2>&1 &
    worker_pids+=($!)
  done
  sleep 1
  t=$(seconds research "queue$n" --queue "$url")
  got=$(ls "$work/queue$n"/research/*/results.csv | head -1)
  same=$(cmp -s "$ref" "$got" && echo "byte-identical results.csv" || echo "RESULTS DIFFER")
  echo "  queue, $n worker process(es) x 1 thread: ${t} s ($same)"
  for p in "${worker_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait "${worker_pids[@]}" 2>/dev/null || true
  worker_pids=()
done
