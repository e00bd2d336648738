#!/usr/bin/env python3
"""Speed of the Python package against the CLI and against imbalanced-learn, side by side.

Two jobs (release builds; run the package installed with `pip install ./python`):

  gais    1,000,000 x 50 float32 (`gais generate --rows 1000000 --features 50 --classes 5
          --seed 3`): `gais.GAISSampler().fit_resample(X, y)` wall time against the CLI's own
          select stages for the same file (`gais select FILE --report R`: the sum of the stages
          from encode to select, i.e. without read and write). Target: Python <= CLI + 5 %.
          The kept rows are compared too (they must be the same).
  classic 100,000 x 20 (`make_classification`, as scripts/compare_imblearn.py): gais ENN and
          All-kNN through Python (`ENNSampler`, `AllKNNSampler`, k = 3) against
          imbalanced-learn's `EditedNearestNeighbours` and `AllKNN` (sampling_strategy='all',
          n_neighbors=3, kind_sel 'all' and 'mode') on the same min-max scaled float64 arrays.
          Target: gais at least 10x faster.

Usage:
  python3 scripts/bench_python.py                      # both jobs
  python3 scripts/bench_python.py --only gais --repeats 2
  python3 scripts/bench_python.py --only classic --scale 0.1   # a quick look

Times are wall-clock seconds of the library call alone (arrays already in memory).
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np


def load_big(gais_cli, path, rows):
    if not os.path.exists(path):
        print(f"generating {path}", flush=True)
        subprocess.check_call([gais_cli, "generate", "--rows", str(rows), "--features", "50", "--classes", "5",
                               "--seed", "3", "--output", path])
    cache = path + ".npz"
    if os.path.exists(cache) and os.path.getmtime(cache) >= os.path.getmtime(path):
        data = np.load(cache)
        return data["X"], data["y"]
    print(f"loading {path} with numpy", flush=True)
    try:
        import pandas as pd
        frame = pd.read_csv(path, dtype=np.float32, engine="c")
        X = np.ascontiguousarray(frame.iloc[:, :-1].to_numpy(dtype=np.float32))
        y = frame.iloc[:, -1].to_numpy().astype(np.int64)
    except ImportError:
        table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
        X, y = np.ascontiguousarray(table[:, :-1]), table[:, -1].astype(np.int64)
    np.savez(cache, X=X, y=y)
    return X, y


def job_gais(args):
    import gais

    X, y = load_big(args.gais, args.big, args.rows)
    assert X.dtype == np.float32 and X.flags["C_CONTIGUOUS"]
    print(f"gais: X {X.shape} {X.dtype}, C-contiguous; {args.repeats} run(s) each, CLI and Python alternating",
          flush=True)
    rows = []
    for run in range(args.repeats):
        report_path = os.path.join(args.out, "big-report.json")
        indices_path = os.path.join(args.out, "big-indices.txt")
        start = time.perf_counter()
        subprocess.check_call([args.gais, "select", args.big, "--report", report_path, "--indices", indices_path])
        cli_wall = time.perf_counter() - start
        with open(report_path) as f:
            seconds = json.load(f)["seconds"]
        stages = {k: v for k, v in seconds.items() if k not in ("read", "write", "total")}
        cli_select = sum(stages.values())
        cli_kept = np.loadtxt(indices_path, dtype=np.int64)

        sampler = gais.GAISSampler(random_state=0)
        start = time.perf_counter()
        X_res, y_res = sampler.fit_resample(X, y)
        python_seconds = time.perf_counter() - start
        same = np.array_equal(sampler.sample_indices_, cli_kept)
        py_stages = {k: round(v, 2) for k, v in sampler.report_["seconds"].items()}
        print(f"  run {run + 1}: CLI select stages {cli_select:.2f} s ({', '.join(f'{k} {v:.2f}' for k, v in stages.items())};"
              f" CLI wall {cli_wall:.2f} s incl. read {seconds['read']:.2f} s)", flush=True)
        print(f"         Python fit_resample {python_seconds:.2f} s (engine report {py_stages});"
              f" ratio {python_seconds / cli_select:.3f}; kept {len(sampler.sample_indices_)} rows,"
              f" same as CLI: {same}", flush=True)
        rows.append((cli_select, python_seconds, same))
    best_cli = min(r[0] for r in rows)
    best_py = min(r[1] for r in rows)
    print(f"gais: best CLI select stages {best_cli:.2f} s, best Python {best_py:.2f} s, "
          f"ratio {best_py / best_cli:.3f} (target <= 1.05); same rows in every run: {all(r[2] for r in rows)}")


def min_max(X):
    low, high = X.min(axis=0), X.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    return np.where(high > low, (X - low) / span, 0.0)


def job_classic(args):
    import gais
    import imblearn
    import sklearn
    from imblearn.under_sampling import AllKNN, EditedNearestNeighbours
    from sklearn.datasets import make_classification

    n = int(100_000 * args.scale)
    X, y = make_classification(n_samples=n, n_features=20, n_informative=10, n_redundant=5, n_classes=2,
                               flip_y=0.05, class_sep=1.0, random_state=args.seed)
    Xs = min_max(X)
    print(f"classic: {n} x 20 float64 (min-max scaled), scikit-learn {sklearn.__version__}, "
          f"imbalanced-learn {imblearn.__version__}, {os.cpu_count()} CPUs", flush=True)

    def timed(label, function):
        start = time.perf_counter()
        kept = function()
        seconds = time.perf_counter() - start
        print(f"  {label:58s} {seconds:8.2f} s  kept {len(kept)}", flush=True)
        return seconds, np.sort(kept)

    results = {}
    for name, imb, ours in [("ENN", EditedNearestNeighbours, gais.ENNSampler),
                            ("All-kNN", AllKNN, gais.AllKNNSampler)]:
        for kind in ("all", "mode"):
            sampler = imb(sampling_strategy="all", n_neighbors=3, kind_sel=kind)
            results[(name, kind)] = timed(f"{name} imbalanced-learn kind_sel='{kind}'",
                                          lambda: (sampler.fit_resample(Xs, y), sampler.sample_indices_)[1])
        sampler = ours(neighbors=3)
        results[(name, "gais")] = timed(f"{name} gais (Python, {ours.__name__})",
                                        lambda: (sampler.fit_resample(Xs, y), sampler.sample_indices_)[1])
        g = results[(name, "gais")][0]
        common = len(np.intersect1d(results[(name, "gais")][1], results[(name, "mode")][1]))
        print(f"  {name}: speed-up {results[(name, 'all')][0] / g:.1f}x (kind_sel='all'), "
              f"{results[(name, 'mode')][0] / g:.1f}x (kind_sel='mode'); rows in common with 'mode': {common}",
              flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gais", default=".build/release/gais", help="the gais CLI (release build)")
    parser.add_argument("--big", default="/tmp/big.csv", help="the 1,000,000 x 50 CSV (generated when missing)")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", default="bench-out/python")
    parser.add_argument("--only", choices=["gais", "classic"], action="append")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0, help="classic job: multiply the 100,000 rows")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    import gais
    print(f"gais package {gais.__version__} from {os.path.dirname(gais.__file__)}, engine {gais.engine_version()}",
          flush=True)
    for job in args.only or ["gais", "classic"]:
        (job_gais if job == "gais" else job_classic)(args)


if __name__ == "__main__":
    sys.exit(main())
