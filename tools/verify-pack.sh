#!/usr/bin/env bash
# Proves every package is publishable: `npm pack` each one, install the tarballs into a scratch
# project outside the repo, and require each package from plain Node there. Then, as a researcher
# outside the repo would: write a plugin format with a search space and run the packed research
# (2 worker threads) and walk-forward CLIs from run config files on a slice of the shared data;
# the custom format's rows must be in summary.json. Needs no network beyond the npm registry.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d /tmp/mml-pack-XXXXXX)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/tarballs" "$scratch/consumer"
names=()
for dir in "$root"/packages/*/; do
  [ -f "$dir/package.json" ] || continue
  [ -f "$dir/dist/index.js" ] || { echo "verify-pack: $dir is not built (run make build)"; exit 1; }
  names+=("$(node -p "require('$dir/package.json').name")")
  (cd "$dir" && npm pack --silent --pack-destination "$scratch/tarballs" >/dev/null)
done
# The two research CLIs (private apps, packed the same way) for the plugin run below.
for app in research walk-forward; do
  [ -f "$root/apps/$app/dist/main.js" ] || { echo "verify-pack: apps/$app is not built (run make build)"; exit 1; }
  (cd "$root/apps/$app" && npm pack --silent --pack-destination "$scratch/tarballs" >/dev/null)
done
cd "$scratch/consumer"
echo '{"name":"mml-pack-consumer","version":"1.0.0","private":true}' > package.json
npm install --silent --no-audit --no-fund --prefer-offline "$scratch"/tarballs/*.tgz
for name in "${names[@]}"; do
  node -e "const m = require('$name'); const keys = Object.keys(m); if (keys.length === 0) { throw new Error('$name exports nothing'); } console.log('ok   - $name: ' + keys.length + ' exports');"
done
# A consumer that only reads files (tools/pack-consumer/file-reader.ts): strict and WITHOUT
# skipLibCheck, so any ccxt declaration reachable from @mml/market-data's main entry would fail it;
# at run time it must load neither ccxt nor yargs. It also resolves sharedDataDir() with no repo
# above it: first an error naming MML_SHARED_DATA, then a shared/data beside the project.
shared=$(cd "${MML_SHARED_DATA:-$root/../shared/data}" && pwd)
cp "$root/tools/pack-consumer/file-reader.ts" .
printf '{ "compilerOptions": { "strict": true, "skipLibCheck": false, "module": "node16", "moduleResolution": "node16", "target": "es2022", "outDir": "out", "typeRoots": ["%s/node_modules/@types"], "types": ["node"] }, "files": ["file-reader.ts"] }\n' "$root" > tsconfig.json
"$root/node_modules/.bin/tsc" -p .
echo "ok   - a file-only consumer type-checks without skipLibCheck"
if env -u MML_SHARED_DATA node out/file-reader.js 2>"$scratch/no-shared.err"; then
  echo "verify-pack: sharedDataDir() found shared data with no MML_SHARED_DATA and no shared/data above $scratch"; exit 1
fi
grep -q 'set MML_SHARED_DATA=' "$scratch/no-shared.err" || { echo "verify-pack: unexpected error without shared data:"; cat "$scratch/no-shared.err"; exit 1; }
echo "ok   - sharedDataDir() outside the repo, no shared data: $(cat "$scratch/no-shared.err")"
mkdir -p "$scratch/shared" "$scratch/consumer/notebooks"
ln -s "$shared" "$scratch/shared/data"
(cd "$scratch/consumer/notebooks" && env -u MML_SHARED_DATA node ../out/file-reader.js)
(cd "$scratch/consumer" && MML_SHARED_DATA="$shared" node out/file-reader.js >/dev/null)
echo "ok   - sharedDataDir() finds a shared/data beside the project, and takes MML_SHARED_DATA"
echo "verify-pack: ${#names[@]} packages packed, installed and imported outside the repo"

# A plugin format (the repo's tested example, copied: it resolves @mml/* from this project) and run configs.
data="${MML_SHARED_DATA:-$root/../shared/data}/binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz"
if [ ! -f "$data" ]; then
  if [ "${CI:-}" = "true" ]; then echo "verify-pack: shared data $data is missing"; exit 1; fi
  echo "verify-pack: skipped the plugin run: no shared data at $data (set MML_SHARED_DATA)"
  exit 0
fi
cp "$root/examples/plugins/inventory-skew-format.js" my-format.js
cat > research.yaml <<YAML
plugins: [./my-format.js]
data: $data
days: 1
rlWarmupDays: 0
tiers: [10000]
formats: [as-stable, inventory-skew]
formatParams:
  inventory-skew: { model: { skewBps: 25 } }
workers: 2
engine: { fillModel: candle }
out: ./artifacts
YAML
cat > walk-forward.yaml <<YAML
plugins: [./my-format.js]
data: $data
days: 1
trainHours: 12
testHours: 6
formats: [inventory-skew]
workers: 2
out: ./artifacts
YAML
MML_CODE_VERSION=packed ./node_modules/.bin/mml-research --config research.yaml --workers 2 >research.log 2>&1 || { cat research.log; exit 1; }
MML_CODE_VERSION=packed ./node_modules/.bin/mml-walk-forward --config walk-forward.yaml >walk-forward.log 2>&1 || { cat walk-forward.log; exit 1; }
node -e '
const { readdirSync } = require("node:fs");
const summary = (app) => require(`./artifacts/${app}/${readdirSync(`./artifacts/${app}`).filter((d) => d !== "latest").sort().pop()}/summary.json`);
const research = summary("research");
const rows = research.rows.filter((r) => r.format === "inventory-skew");
if (rows.length !== 1 || research.execution.workers !== 2) throw new Error(`research: expected 1 inventory-skew row on 2 workers, got ${rows.length} on ${research.execution.workers}`);
if (research.formats["inventory-skew"].config.model.skewBps !== 25) throw new Error("research: formatParams from the config file were not applied");
const wf = summary("walk-forward");
const space = wf.inputs.searchSpaces["inventory-skew"];
if (!space || !space["model.skewBps"]) throw new Error("walk-forward: the plugin format search space is not in summary.json");
// The chosen candidate comes from the plugin grid (its defaults, 30 / 20 bps, are not on it).
const chosen = wf.formats["inventory-skew"].config.model;
if (![20, 40].includes(chosen.spreadBps) || ![10, 40].includes(chosen.skewBps)) throw new Error(`walk-forward: candidate ${JSON.stringify(chosen)} is not from the plugin search space`);
if (wf.walkForward.filter((w) => w.format === "inventory-skew").length !== 1) throw new Error("walk-forward: no inventory-skew verdict");
console.log(`ok   - plugin format inventory-skew: research row ${rows[0].gates.pass ? "PASS" : "FAIL"} pnl ${rows[0].metrics.pnl.toFixed(2)} on ${research.execution.workers} workers; walk-forward ${wf.inputs.windows.length} folds over its search space (${Object.keys(space).join(", ")})`);
'
echo "verify-pack: a plugin format ran through the packed research (2 workers) and walk-forward CLIs from run config files"
