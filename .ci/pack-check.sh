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
  # the worker entries ship and start from the installed package (gradient worker: one real gradient)
  cp "$OLDPWD/examples/structures/NaCl.cif" nacl.cif
  node --input-type=module -e "
    const p = await import('paraisite');
    await p.selectBackend({ backend: 'cpu' });
    const graph = p.buildCrystalGraph(p.readStructureFile('nacl.cif'), { cutoff: 4 });
    const centers = Array.from({ length: 100 }, (_, k) => (5 * k) / 99);
    const model = new p.ParAIsite({ trunk: p.megnetDefaultConfig({ cutoff: 4, centers, width: 0.5 }, 2), headUnits: [8, 1] });
    const pool = await p.GradientPool.start(model, [graph], { helpers: 1 });
    const spec = { kind: 'l1', transform: { kind: 'identity' }, epsilon: 1e-6 };
    const r = await pool.helpers[0].gradients(Int32Array.of(0), Float64Array.of(1), model.trainableVariables, spec);
    await pool.dispose();
    if (!(Number.isFinite(r.loss) && r.gradients.length === model.trainableVariables.length)) process.exit(1);
    console.log('gradient worker ok');
  "
  # the browser build ships with its wasm binaries and no node: import; the browser condition picks it
  grep -Eq '(from|import\() *"node:' node_modules/paraisite/dist/browser/index.js && { echo "browser build imports node: modules"; exit 1; }
  for f in tfjs-backend-wasm-simd.wasm paraisite-kernels.wasm paraisite-kernels-relaxed.wasm; do test -s "node_modules/paraisite/dist/browser/wasm/$f"; done
  node --conditions=browser --input-type=module -e "const p = await import('paraisite'); if (typeof p.BrowserEnsemble !== 'function' || 'GradientPool' in p) process.exit(1); console.log('browser import ok');"
)
echo "pack check: 1 passed, 0 failed"
