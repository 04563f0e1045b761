#!/usr/bin/env bash
# Scaffolds one workspace project: scripts/new-project.sh <dir> <name> <tag,tag>
set -euo pipefail
dir=$1 name=$2 tags=$3
depth=$(echo "$dir" | awk -F/ '{print NF}')
up=$(printf '../%.0s' $(seq 1 "$depth"))
mkdir -p "$dir/src"
tagjson=$(echo "$tags" | sed 's/\([^,]*\)/"\1"/g; s/,/, /g')
cat > "$dir/package.json" <<JSON
{
  "name": "@sigstead/$name",
  "version": "0.0.0",
  "private": true,
  "type": "module",
  "exports": {
    ".": {
      "@sigstead/source": "./src/index.ts",
      "types": "./dist/index.d.ts",
      "default": "./dist/index.js"
    }
  }
}
JSON
cat > "$dir/project.json" <<JSON
{
  "name": "$name",
  "\$schema": "${up}node_modules/nx/schemas/project-schema.json",
  "projectType": "library",
  "sourceRoot": "$dir/src",
  "tags": [$tagjson]
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "${up}tsconfig.base.json",
  "compilerOptions": {
    "rootDir": "src",
    "outDir": "dist",
    "tsBuildInfoFile": "dist/tsconfig.tsbuildinfo"
  },
  "include": ["src/**/*.ts"],
  "exclude": ["src/**/*.spec.ts", "src/testdata/**"],
  "references": []
}
JSON
[ -f "$dir/src/index.ts" ] || echo "export {};" > "$dir/src/index.ts"
