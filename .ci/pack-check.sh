#!/usr/bin/env bash
# Packs the library, installs the tarball into an empty project with no PARAISITE_* variable and
# an empty user cache, and uses it from there: CJS and ESM imports, the worker entries, `predict`,
# the shipped dataset and weights by id, and `reproduce` to the end. Nothing may be downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
while read -r variable; do unset "$variable"; done < <(env | sed -n 's/^\(PARAISITE_[A-Za-z0-9_]*\)=.*/\1/p')
tarball="$repo/$(npm pack --silent | tail -n 1)"
work="$(mktemp -d)"
trap 'rm -rf "$work" "$tarball"' EXIT
export XDG_CACHE_HOME="$work/cache"

# What the tarball carries: the κ datasets and one megnet model, not the rest of the zoo.
listing="$(tar -tzf "$tarball")"
for f in data/togo15_paraisite_dataset1.jsonl data/paraisite_dataset2_hh143.jsonl data/phonondb_pbe103_kappa.jsonl \
  data/aflow_agl_icsd_5578.jsonl.gz data/aflow_agl_paper_tc_values.json data/README.md NOTICE \
  weights/megnet/LICENSE.md weights/megnet/mp-2018.6.1/formation_energy.hdf5 weights/megnet/mp-2018.6.1/formation_energy.hdf5.json; do
  grep -qx "package/$f" <<<"$listing" || { echo "pack check: the tarball lacks $f" >&2; exit 1; }
done
if grep -E '^package/(weights/megnet/mp-2019|weights/megnet/mp-2018\.6\.1/(band|log10)|test/)' <<<"$listing"; then
  echo "pack check: the tarball carries the files above, which are for the git clone only" >&2
  exit 1
fi
tar_bytes=$(stat -c %s "$tarball")
unpacked_bytes=$(tar -xzOf "$tarball" | wc -c)
echo "tarball: $tar_bytes bytes packed, $unpacked_bytes bytes unpacked, $(wc -l <<<"$listing") files"
if [ "$tar_bytes" -ge 40000000 ]; then
  echo "pack check: the tarball is over 40 MB" >&2
  exit 1
fi

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
  cp "$repo/examples/structures/NaCl.cif" nacl.cif
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
  # κ from the shipped ensemble, and the formation energy from the shipped megnet model, by id
  npx --no-install paraisite predict nacl.cif --backend wasm
  npx --no-install paraisite predict --megnet megnet/mp-2018.6.1/formation_energy nacl.cif --backend wasm
  # the shipped datasets and weights by id, through the public API, from the installed package
  node --input-type=module -e "
    const p = await import('paraisite');
    const root = process.cwd() + '/node_modules/paraisite/';
    const togo = await p.loadDataset('togo15');
    if (togo.records.length !== 95 || togo.sources[0] !== root + 'data/togo15_paraisite_dataset1.jsonl') throw new Error('togo15: ' + togo.sources);
    const aflow = await p.loadDataset('aflow-agl');
    if (aflow.records.length !== 3286) throw new Error('aflow-agl: ' + aflow.records.length + ' records');
    const fe = await p.resolveWeights('megnet/mp-2018.6.1/formation_energy', { download: false });
    if (fe.source !== 'package' || fe.sidecar.source !== 'package' || !fe.verified) throw new Error('weights: ' + fe.source + ' ' + fe.path);
    console.log('datasets and weights by id ok: togo15 ' + togo.records.length + ', aflow-agl ' + aflow.records.length + ', ' + fe.entry.id + ' from ' + fe.source);
  "
  npx --no-install paraisite reproduce --models FETG15 --runs 1 --epochs 2 --out "$work/reproduce" --backend wasm --quiet
  test -s "$work/reproduce/results.md" && grep -q '| FETG15 |' "$work/reproduce/results.md"
  if [ -d "$XDG_CACHE_HOME/paraisite" ]; then
    find "$XDG_CACHE_HOME/paraisite" -type f >&2
    echo "pack check: the installed package wrote to the user cache (a download?)" >&2
    exit 1
  fi
  # the browser build ships with its wasm binaries and no node: import; the browser condition picks it
  grep -Eq '(from|import\() *"node:' node_modules/paraisite/dist/browser/index.js && { echo "browser build imports node: modules"; exit 1; }
  for f in tfjs-backend-wasm-simd.wasm paraisite-kernels.wasm paraisite-kernels-relaxed.wasm; do test -s "node_modules/paraisite/dist/browser/wasm/$f"; done
  node --conditions=browser --input-type=module -e "const p = await import('paraisite'); if (typeof p.BrowserEnsemble !== 'function' || 'GradientPool' in p) process.exit(1); console.log('browser import ok');"
)
echo "pack check: 1 passed, 0 failed"
