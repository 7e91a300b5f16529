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
# With FAST=1 in the environment, each target and seed is `train` then `qat --from` it at 8 and at 4 bits (the same
# models and figures as `run`'s stages, without plots and reports; about a third of the time, 1 thread), FLAGS going
# to all three; finished directories are skipped.
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
    if [ "${FAST:-0}" = 1 ]; then
      d="$out/$target-s$seed"
      for step in float q8 q4; do
        [ -f "$d/$step/report.json" ] && continue
        case $step in
          float) cmd="train" ;;
          q8) cmd="qat --from $d/float/model.ifm --bits 8" ;;
          q4) cmd="qat --from $d/float/model.ifm --bits 4" ;;
        esac
        nice -n 10 "$here/bin/intformer" $cmd --config "$config" --target "$target" --seed "$seed" --threads 1 --quiet "$@" \
          --out "$d/$step" > "$out/run.log" 2>&1 || { cat "$out/run.log" >&2; exit 1; }
      done
      continue
    fi
    nice -n 10 "$here/bin/intformer" run "$config" --target "$target" --seed "$seed" $bitwidths --targets none "$@" \
      --out "$out/$target-s$seed" > "$out/run.log" 2>&1 || { cat "$out/run.log" >&2; exit 1; }
  done
done
rm -f "$out/run.log"
python3 "$here/tools/quality_table.py" targets "$out" $seeds
