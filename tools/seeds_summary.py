#!/usr/bin/env python3
"""Mean and spread of a metric table over several runs (e.g. seeds) of intformer train/qat/run.

usage: python3 tools/seeds_summary.py DIR1/report.json DIR2/report.json ...

Prints, per model key of `metrics` (and each `variants[].metrics.integer` of run reports as intN), the test and
validation MSE and WAPE as mean ± sample standard deviation, with min and max, over the given reports.
"""
import json
import statistics
import sys


def rows(report):
    out = dict(report.get("metrics", {}))
    for v in report.get("variants", []):
        out[v["name"] + " integer"] = v["metrics"]["integer"]
    return out


def main():
    reports = [json.load(open(p)) for p in sys.argv[1:]]
    if not reports:
        sys.exit(__doc__)
    names = [k for k in rows(reports[0]) if all(k in rows(r) for r in reports)]
    print(f"{len(reports)} runs, seeds {[r.get('seed', r.get('config', {}).get('seed')) for r in reports]}")
    print(f"{'model':22s} {'test MSE':>24s} {'test WAPE %':>22s} {'val MSE':>18s} {'val WAPE %':>16s}")
    for name in names:
        cells = []
        for split, key, scale in (("test", "mse", 1), ("test", "wape", 100), ("val", "mse", 1), ("val", "wape", 100)):
            xs = [rows(r)[name][split].get(key) for r in reports]
            if any(x is None for x in xs):
                cells.append("-")
                continue
            xs = [scale * x for x in xs]
            sd = statistics.stdev(xs) if len(xs) > 1 else 0.0
            cells.append(f"{statistics.mean(xs):.4f} ± {sd:.4f}" + (f" [{min(xs):.4f}, {max(xs):.4f}]" if split == "test" else ""))
        print(f"{name:22s} " + "  ".join(cells))


if __name__ == "__main__":
    main()
