#!/usr/bin/env bash
# A short run of each app on small data, as `make validate` promises: research and walk-forward on
# a slice of the shared 1m BTC/USDT file, campaign with N=2 on the synthetic market, and
# realtime-paper against the local mock exchange (127.0.0.1 only) for a few iterations, one of them
# answered with an injected HTTP 500. Artifacts go to artifacts/ as in a normal run.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MML_SHARED_DATA:-$(cd .. && pwd)/shared/data}
klines="$shared/binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz"
[ -f "$klines" ] || { echo "smoke: $klines not found (set MML_SHARED_DATA)"; exit 1; }

echo "smoke: research (2 days of real BTC/USDT, 2 tiers)"
node apps/research/dist/main.js --source file --data "$klines" --days 2 --tiers 1000,10000 --workers 2
echo "smoke: walk-forward (6 days of real BTC/USDT)"
node apps/walk-forward/dist/main.js --source file --data "$klines" --days 6 --train-days 2 --test-days 1 --trials 2 --workers 2
echo "smoke: campaign (N=2)"
node apps/campaign/dist/main.js --n 2 --days 1 --workers 2

echo "smoke: realtime-paper (mock exchange with one injected HTTP 500)"
mock_log=$(mktemp)
node tools/mock-exchange/server.js --port 0 --data "$klines" --fault 500:1 >"$mock_log" 2>&1 &
mock_pid=$!
trap 'kill $mock_pid 2>/dev/null || true; rm -f "$mock_log"' EXIT
for _ in $(seq 50); do grep -q '"url"' "$mock_log" && break; sleep 0.1; done
url=$(head -1 "$mock_log" | node -e 'process.stdin.on("data", d => console.log(JSON.parse(d).url))')
node apps/realtime-paper/dist/main.js --mode poll --exchange binance --symbol BTC/USDT --timeframe 1m --iterations 3 \
  --interval-ms 200 --exchange-url "$url" --backoff-ms 20
echo "smoke: all apps ran"
