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
  # a subpath from both module systems, sharing the main entry's classes
  node -e "const p = require('paraisite'); const m = require('paraisite/models'); if (m.ParAIsite !== p.ParAIsite || typeof require('paraisite/nn').MEGNetLayer !== 'function') process.exit(1); console.log('require subpath ok');"
  node --input-type=module -e "const p = await import('paraisite'); const m = await import('paraisite/models'); if (m.ParAIsite !== p.ParAIsite || typeof (await import('paraisite/nn')).MEGNetLayer !== 'function') process.exit(1); console.log('import subpath ok');"
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
)
echo "pack check: 1 passed, 0 failed"
