#!/usr/bin/env python3
"""Tables of issue 13 from `intformer run` reports (report.json), standard library only.

  quality_table.py targets OUT SEED...   OUT/<TARGET>-s<SEED>/report.json for the seven ETTh1 columns
                                          -> OUT/targets.md, OUT/targets.json (test MSE, mean over seeds; validation too)
  quality_table.py runs OUT NAME...      OUT/<NAME>/report.json, one row per run (no averaging)

A run directory may also hold the reports of separate commands instead of one `run` report (tools/etth1_targets.sh
--fast): float/report.json (`train`), q8/report.json and q4/report.json (`qat --from float/model.ifm --bits 8|4`).
"""
import json
import sys
from pathlib import Path

TARGETS = ["HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT"]
MODELS = ["naive", "linear", "float", "int8", "int4"]


def metrics(report, split):
    """MSE of the baselines, the float model and each integer variant on one split."""
    m = {k: report["metrics"][k][split]["mse"] for k in ("naive", "linear", "float")}
    for v in report.get("variants", []):
        m[v["name"]] = v["metrics"]["integer"][split]["mse"]
    return m


def read_run(d):
    """One run's report: `intformer run`'s, or one assembled from the `train` and `qat` reports of --fast."""
    if (d / "report.json").exists():
        return json.loads((d / "report.json").read_text())
    report = json.loads((d / "float" / "report.json").read_text())
    report["variants"] = [{"name": f"int{b}", "metrics": json.loads((d / f"q{b}" / "report.json").read_text())["metrics"]}
                          for b in (8, 4) if (d / f"q{b}" / "report.json").exists()]
    return report


def mean(xs):
    return sum(xs) / len(xs)


def targets(out, seeds):
    rows = {}
    for t in TARGETS:
        runs = [read_run(out / f"{t}-s{s}") for s in seeds]
        rows[t] = {split: {k: mean([metrics(r, split)[k] for r in runs]) for k in MODELS if k in metrics(runs[0], split)}
                   for split in ("val", "test")}
        rows[t]["seeds"] = {str(s): {split: metrics(r, split) for split in ("val", "test")} for s, r in zip(seeds, runs)}
    lines = ["| target | naive | linear | float | 8-bit | 4-bit | float / linear | 8-bit / linear | 4-bit / linear |",
             "|---|---|---|---|---|---|---|---|---|"]
    wins = {"float": 0, "int8": 0, "int4": 0}
    for t in TARGETS:
        m = rows[t]["test"]
        best_baseline = min(m["naive"], m["linear"])
        cells = []
        for k in MODELS:
            v = f"{m[k]:.4f}" if k in m else "–"
            cells.append(f"**{v}**" if k in wins and k in m and m[k] < best_baseline else v)
        for k in wins:
            if k in m:
                wins[k] += m[k] < best_baseline if k != "int4" else m[k] < m["linear"]
        ratios = [f"{m[k] / m['linear']:.3f}" if k in m else "–" for k in ("float", "int8", "int4")]
        lines.append(f"| {t} | " + " | ".join(cells + ratios) + " |")
    lines.append("")
    lines.append(f"Test MSE (z-space), mean over seeds {', '.join(map(str, seeds))}; bold: beats both baselines. "
                 f"Float beats both baselines on {wins['float']}/7, 8-bit on {wins['int8']}/7; "
                 f"4-bit beats linear on {wins['int4']}/7.")
    (out / "targets.md").write_text("\n".join(lines) + "\n")
    (out / "targets.json").write_text(json.dumps({"seeds": seeds, "targets": rows, "wins": wins}, indent=2) + "\n")
    print("\n".join(lines))


def runs(out, names):
    lines = ["| run | naive | linear | float | " + " | ".join(["8-bit", "4-bit"]) + " | split |", "|---|---|---|---|---|---|---|"]
    for n in names:
        r = json.loads((out / n / "report.json").read_text())
        for split in ("val", "test"):
            m = metrics(r, split)
            lines.append(f"| {n} | " + " | ".join(f"{m[k]:.4f}" if k in m else "–" for k in MODELS) + f" | {split} |")
    print("\n".join(lines))


if __name__ == "__main__":
    mode, out = sys.argv[1], Path(sys.argv[2])
    if mode == "targets":
        targets(out, [int(s) for s in sys.argv[3:]])
    elif mode == "runs":
        runs(out, sys.argv[3:])
    else:
        sys.exit(f"unknown mode {mode}")
