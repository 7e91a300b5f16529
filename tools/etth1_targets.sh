#!/bin/sh
# Issue 13, acceptance 1: ETTh1 S-96-24 with every column as the target, one unchanged config, three seeds.
# For each target and seed: float training, 8-bit and 4-bit QAT (8-bit I/O) and their integer models
# (`intformer run ... --targets none`: no hardware), then one table of test MSE, mean over the seeds.
#
#   tools/etth1_targets.sh [CONFIG] [OUT] [SEEDS] [FLAGS...]
#     CONFIG  default examples/etth1-s96-h24.yaml      OUT  default runs/targets      SEEDS  default "1 2 3"
#     FLAGS   more `intformer run` flags, e.g. --bits 4 --layer-bits linear=8 --bit-widths 4 (a mixed 4-bit variant)
#
# Runs are reused when their inputs did not change (stages of `intformer run`), so a stopped run resumes.
# Writes OUT/targets.md (the README's table) and OUT/targets.json. Needs ETTh1 ($INTFORMER_ETTH1 or
# ../shared/datasets/ETTh1.csv) and python3 for the table. Takes about 3 minutes per target and seed on 2 free cores.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
config=${1:-examples/etth1-s96-h24.yaml}
out=${2:-runs/targets}
seeds=${3:-1 2 3}
[ $# -gt 3 ] && shift 3 || set --
bitwidths="--bit-widths 8,4"
case " $* " in *" --bit-widths "*) bitwidths="" ;; esac
mkdir -p "$out"
for seed in $seeds; do
  for target in HUFL HULL MUFL MULL LUFL LULL OT; do
    echo "== $target, seed $seed" >&2
    nice -n 10 "$here/bin/intformer" run "$config" --target "$target" --seed "$seed" $bitwidths --targets none "$@" \
      --out "$out/$target-s$seed" > "$out/run.log" 2>&1 || { cat "$out/run.log" >&2; exit 1; }
  done
done
rm -f "$out/run.log"
python3 "$here/tools/quality_table.py" targets "$out" $seeds
