#!/usr/bin/env bash
# Copy the small outputs of this session's long runs into results/2026-12-04/ (no checkpoints or weights):
# study variants (spec, metrics, report, per-split predictions), reproduce folders (tables, figures,
# manifest, run histories and done.json). Usage: bash scripts/collect-results.sh [RUNS_DIR]
set -euo pipefail
runs="${1:-/work/runs}"
dest="$(cd "$(dirname "$0")/.." && pwd)/results/2026-12-04"
mkdir -p "$dest"
if [ -d "$runs/study" ]; then
  mkdir -p "$dest/study"
  cp "$runs/study/study.md" "$dest/study/" 2>/dev/null || true
  for v in "$runs"/study/*/; do
    name="$(basename "$v")"
    [ -f "$v/spec.json" ] || continue
    mkdir -p "$dest/study/$name"
    for f in spec.json metrics.json report.md; do [ -f "$v/$f" ] && cp "$v/$f" "$dest/study/$name/"; done
    for s in "$v"/split*/; do
      [ -d "$s" ] || continue
      sn="$(basename "$s")"
      mkdir -p "$dest/study/$name/$sn"
      cp "$s"/*.csv "$s"/best-epochs.json "$dest/study/$name/$sn/" 2>/dev/null || true
      [ -f "$s/member/run1/history.csv" ] && cp "$s/member/run1/history.csv" "$dest/study/$name/$sn/history.csv"
    done
  done
fi
for r in aar40 paper40; do
  [ -d "$runs/$r" ] || continue
  mkdir -p "$dest/$r"
  for f in results.md results.csv curves.svg boxplot.svg manifest.json; do [ -f "$runs/$r/$f" ] && cp "$runs/$r/$f" "$dest/$r/"; done
  for m in "$runs/$r"/*/; do
    [ -d "$m" ] || continue
    for run in "$m"run*/; do
      [ -f "$run/history.csv" ] || continue
      out="$dest/$r/$(basename "$m")/$(basename "$run")"
      mkdir -p "$out"
      cp "$run/history.csv" "$out/"
      [ -f "$run/done.json" ] && cp "$run/done.json" "$out/"
    done
  done
done
du -sh "$dest"
