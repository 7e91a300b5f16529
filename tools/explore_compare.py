#!/usr/bin/env python3
"""Compares explorations (explore.json files) on one footing: the hypervolume of each one's front against a COMMON
reference point, and the training budget each one spent, in point-epochs.

    python3 tools/explore_compare.py A/explore.json B/explore.json [...] [--json OUT]

Each explore.json measures its own hypervolume against its own reference (the naive forecast's validation MSE, 1.1 x
the largest cost among its fitting final points), so two runs' values compare only when the references agree. Here the
reference is the largest naive validation MSE and 1.1 x the largest cost over the fitting final points of ALL the
runs given; the area is computed exactly as org.intformer.explore.Pareto.hypervolume does (both objectives minimized,
points not better than the reference in both add nothing). As a check, each run's own hypervolume is recomputed with
its own reference and must equal its explore.json's value.

Point-epochs: the float and QAT epochs the run's schedule trained, each training counted once:
  - warm-started rungs: one float model of `epochs` epochs per distinct configuration without the quantization keys
    (shared by the bit widths), plus, per training, the QAT epochs of the last rung it reached (rungs continue);
  - otherwise: every (training, rung) trains from scratch, its rung's float and QAT epochs;
  - points that differ only in lanes share one training; points refused before training (invalid, or not fitting
    by the cost model) cost nothing.
These are the scheduled epochs: equal to the epochs trained when early stopping is off (patience 0, qat-patience 0).
"""
import json
import sys

# The keys only QAT reads (QatJob.QAT_KEYS without seed and threads): points differing only in these share a float model.
QAT_ONLY = {"bits", "weight-bits", "act-bits", "layer-bits", "io-bits", "scheme", "granularity", "observer",
            "qat-epochs", "qat-lr", "lsq-lr", "distill", "qat-patience"}


def hypervolume(points, reference):
    inside = sorted((p for p in points if p[0] < reference[0] and p[1] < reference[1]))
    area, ceiling = 0.0, reference[1]
    for mse, cost in inside:
        if cost < ceiling:
            area += (reference[0] - mse) * (ceiling - cost)
            ceiling = cost
    return area


def cost(point, objective):
    if objective == "energy":
        return point["energy_uj"]
    if objective == "latency":
        return point["latency_us"]
    return point["lut"] if point.get("lut") is not None else point["lc"]


def finals(explore):
    """The fitting final points: status done (final rung, trained, fits)."""
    return [p for p in explore["points"] if p.get("status") == "done"]


def key(params, drop):
    return json.dumps({k: v for k, v in params.items() if k not in drop}, sort_keys=True)


def point_epochs(explore):
    config = explore["config"]
    warm = explore["search"].get("warm_start", False)
    float_models, trainings = set(), {}
    float_epochs = qat_epochs = 0
    for p in explore["points"]:
        trained = [r for r in p.get("rungs", []) if r.get("val_mse") is not None]
        if not trained:
            continue
        params = p["params"]
        training = key(params, {"lanes"})
        if warm:
            float_models.add(key(params, QAT_ONLY | {"lanes"}))
            trainings[training] = max(trainings.get(training, 0), max(r["qat_epochs"] for r in trained))
        else:
            for r in trained:
                trainings[(training, r["rung"])] = r["epochs"] + r["qat_epochs"]
    if warm:
        float_epochs = len(float_models) * config["epochs"]
        qat_epochs = sum(trainings.values())
        return float_epochs, qat_epochs, len(float_models), len(trainings)
    return sum(trainings.values()), 0, None, len(trainings)


def main(argv):
    out = None
    if "--json" in argv:
        i = argv.index("--json")
        out = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    if not argv:
        sys.exit(__doc__)
    runs = []
    for path in argv:
        with open(path) as f:
            runs.append((path, json.load(f)))
    objectives = {e["hypervolume"]["objective"] for _, e in runs}
    if len(objectives) != 1:
        sys.exit("explore_compare: the runs use different objectives: %s" % sorted(objectives))
    objective = objectives.pop()
    naive = max(e["baselines"]["naive"]["val"]["mse"] for _, e in runs)
    max_cost = max((cost(p, objective) for _, e in runs for p in finals(e)), default=0.0)
    reference = [naive, 1.1 * max_cost]
    report = {"objective": objective, "reference": reference, "runs": []}
    print("common reference: validation MSE %.6g, %s %.6g" % (naive, objective, reference[1]))
    for path, e in runs:
        pts = [[p["val_mse"], cost(p, objective)] for p in finals(e)]
        own = hypervolume(pts, e["hypervolume"]["reference"])
        if abs(own - e["hypervolume"]["value"]) > 1e-9 * max(1.0, abs(own)):
            sys.exit("explore_compare: %s: recomputed hypervolume %r differs from explore.json's %r"
                     % (path, own, e["hypervolume"]["value"]))
        f_ep, q_ep, float_models, trainings = point_epochs(e)
        trained_points = sum(1 for p in e["points"] if any(r.get("val_mse") is not None for r in p.get("rungs", [])))
        front = sorted(([p["id"], p["val_mse"], cost(p, objective)] for p in finals(e) if p["id"] in e["front"]),
                       key=lambda x: x[1])
        row = {"file": path, "search": e["search"]["search"], "points": e["search"]["points"],
               "trained_points": trained_points, "trainings": trainings, "float_models": float_models,
               "point_epochs": f_ep + q_ep, "float_epochs": f_ep, "qat_epochs": q_ep,
               "final_points": len(pts), "front": front,
               "hypervolume": hypervolume(pts, reference), "own_hypervolume": own,
               "own_reference": e["hypervolume"]["reference"]}
        report["runs"].append(row)
        print("%s (%s): %d points, %d trained (%d trainings), %d point-epochs (float %d, QAT %d), %d final, "
              "hypervolume %.6g (own reference: %.6g)" % (path, row["search"], row["points"], trained_points, trainings,
                                                            row["point_epochs"], f_ep, q_ep, len(pts), row["hypervolume"], own))
        for pid, mse, c in front:
            print("    front %s  val MSE %.6f  %s %.4g" % (pid, mse, objective, c))
    if out:
        with open(out, "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1:])
