#!/usr/bin/env bash
# Writes the per-project boilerplate (tsconfigs, jest config) that every package and app shares.
# Usage: tools/scaffold-project.sh <dir>   (idempotent: existing files are kept)
set -euo pipefail
dir=$1
rel=$(realpath --relative-to="$dir" "$(dirname "$0")/..")
mkdir -p "$dir/src"
[ -f "$dir/tsconfig.json" ] || cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "$rel/tsconfig.base.json",
  "files": [],
  "references": [{ "path": "./tsconfig.lib.json" }, { "path": "./tsconfig.spec.json" }]
}
JSON
[ -f "$dir/tsconfig.lib.json" ] || cat > "$dir/tsconfig.lib.json" <<JSON
{
  "extends": "$rel/tsconfig.base.json",
  "compilerOptions": {
    "rootDir": "src",
    "outDir": "dist",
    "customConditions": [],
    "tsBuildInfoFile": "dist/tsconfig.lib.tsbuildinfo"
  },
  "include": ["src/**/*.ts"],
  "exclude": ["src/**/*.spec.ts", "src/**/*.test-helpers.ts"]
}
JSON
[ -f "$dir/tsconfig.spec.json" ] || cat > "$dir/tsconfig.spec.json" <<JSON
{
  "extends": "$rel/tsconfig.base.json",
  "compilerOptions": {
    "noEmit": true,
    "allowJs": true,
    "types": ["node", "jest"]
  },
  "include": ["src/**/*.ts", "test/**/*.ts"]
}
JSON
[ -f "$dir/jest.config.js" ] || cat > "$dir/jest.config.js" <<JS
module.exports = { ...require('$rel/jest.preset.js'), displayName: '$(basename "$dir")', rootDir: __dirname };
JS
exit 0
