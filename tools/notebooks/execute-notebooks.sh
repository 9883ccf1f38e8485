#!/usr/bin/env bash
# Executes the example notebooks headless (examples/notebooks/*.ipynb, or the ones given) with
# Debian's jupyter-nbconvert and the tslab TypeScript kernel, writing the executed copies to
# tmp/notebooks/. Fails (exit 1) if a cell fails, including a TypeScript type error.
# tslab is an npm project of its own (tools/notebooks/package.json, installed here with npm ci when
# its lockfile changed): it ships a TypeScript fork whose `tsc` would otherwise replace the
# workspace's node_modules/.bin/tsc. The kernel spec goes to tmp/jupyter (JUPYTER_PATH), never to ~.
# Exit 3 = the Jupyter side is missing (Debian: apt-get install jupyter-nbconvert python3-ipykernel).
# Needs the packages built (make build): the notebooks import @mml/* from their dist/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
python=${MML_JUPYTER_PYTHON:-/usr/bin/python3}
if ! command -v jupyter-nbconvert >/dev/null 2>&1 || ! "$python" -c 'import ipykernel, nbconvert' >/dev/null 2>&1; then
  echo "notebooks: jupyter-nbconvert and $python with ipykernel are needed (Debian: apt-get install jupyter-nbconvert python3-ipykernel)" >&2
  exit 3
fi
kernel="$root/tools/notebooks"
if [ ! -x "$kernel/node_modules/.bin/tslab" ] || [ "$kernel/package-lock.json" -nt "$kernel/node_modules/.package-lock.json" ]; then
  (cd "$kernel" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
export PATH="$kernel/node_modules/.bin:$PATH"
export JUPYTER_PATH="$root/tmp/jupyter/share/jupyter"
if [ ! -f "$JUPYTER_PATH/kernels/tslab/kernel.json" ]; then
  tslab install --python="$python" --prefix="$root/tmp/jupyter" >/dev/null
fi
out="$root/tmp/notebooks"
mkdir -p "$out"
if [ $# -eq 0 ]; then set -- "$root"/examples/notebooks/*.ipynb; fi
for notebook in "$@"; do
  start=$(date +%s)
  jupyter-nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 --output-dir "$out" "$notebook" 2>"$out/$(basename "$notebook" .ipynb).log" || {
    echo "notebooks: $notebook failed; nbconvert's log:" >&2
    cat "$out/$(basename "$notebook" .ipynb).log" >&2
    exit 1
  }
  echo "notebooks: $notebook executed in $(( $(date +%s) - start )) s -> $out/$(basename "$notebook")"
done
