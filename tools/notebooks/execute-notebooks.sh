#!/usr/bin/env bash
# Executes the example notebooks headless (examples/notebooks/*.ipynb, or the ones given) with
# Debian's jupyter-nbconvert and the tslab TypeScript kernel from node_modules, writing the executed
# copies to tmp/notebooks/. Fails (exit 1) if a cell fails, including a TypeScript type error.
# The kernel spec goes to tmp/jupyter (JUPYTER_PATH), never to the user's home.
# Exit 3 = the Jupyter side is missing (Debian: apt-get install jupyter-nbconvert python3-ipykernel).
# Needs the packages built (make build): the notebooks import @mml/* from their dist/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
python=${MML_JUPYTER_PYTHON:-/usr/bin/python3}
if ! command -v jupyter-nbconvert >/dev/null 2>&1 || ! "$python" -c 'import ipykernel, nbconvert' >/dev/null 2>&1; then
  echo "notebooks: jupyter-nbconvert and $python with ipykernel are needed (Debian: apt-get install jupyter-nbconvert python3-ipykernel)" >&2
  exit 3
fi
[ -x "$root/node_modules/.bin/tslab" ] || { echo "notebooks: node_modules/.bin/tslab is missing (run npm ci)" >&2; exit 1; }
export PATH="$root/node_modules/.bin:$PATH"
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
