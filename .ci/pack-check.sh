#!/usr/bin/env bash
# Packs the library, installs the tarball into a temporary project and imports it from CJS and ESM.
set -euo pipefail
cd "$(dirname "$0")/.."
tarball="$(pwd)/$(npm pack --silent | tail -n 1)"
work="$(mktemp -d)"
trap 'rm -rf "$work" "$tarball"' EXIT
(
  cd "$work"
  npm init -y >/dev/null
  npm install --no-audit --no-fund --offline "$tarball" >/dev/null 2>&1 || npm install --no-audit --no-fund "$tarball" >/dev/null
  node -e "const p = require('paraisite'); if (typeof p.Lattice !== 'function') { process.exit(1); } console.log('require ok');"
  node --input-type=module -e "const p = await import('paraisite'); if (typeof p.Lattice !== 'function') process.exit(1); console.log('import ok');"
  npx --no-install paraisite info
)
echo "pack check: 1 passed, 0 failed"
