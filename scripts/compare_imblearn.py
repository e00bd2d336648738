#!/usr/bin/env python3
"""Time GAIS's classic selectors and kNN against imbalanced-learn and scikit-learn.

Three jobs on synthetic data (sizes as in the project's benchmark brief):

  enn  100,000 x 20, 2 classes  EditedNearestNeighbours(sampling_strategy='all')  vs  gais select --method enn
  cnn   19,020 x 10, 2 classes  CondensedNearestNeighbour(sampling_strategy='all') vs  gais select --method cnn
        (shaped like the MAGIC gamma telescope set: 19,020 rows, 10 features, 65/35 classes)
  knn  100,000 x 50             NearestNeighbors(algorithm='brute'), k = 10         vs  gais neighbors -k 10

The data are written as headerless CSV (label last) and given to the gais binary, which
min-max scales the features itself; the Python libraries get the same min-max scaled values.
Python times cover the library call only (fit_resample / kneighbors); gais times are the whole
process (reading the CSV, encoding, selecting, writing), measured with subprocess, so the
comparison is, if anything, unfair to gais.

Notes on the rules compared:
  * imbalanced-learn's ENN default, kind_sel='all', removes a row unless *all* k neighbours
    share its class; gais's ENN is Wilson's majority rule, i.e. kind_sel='mode'. Both are timed;
    the kept rows of gais are compared with kind_sel='mode' (identical except for three-way
    vote ties, which cannot occur with two classes, and exact-distance ties).
  * imbalanced-learn's CNN is a one-pass, per-class variant; gais runs Hart's rule to
    convergence. Times, not kept rows, are comparable.
  * sklearn's kneighbors(X) on the fitted X returns each row itself first; it is asked for
    k + 1 neighbours, as gais neighbors excludes the row itself.

Usage:
  python3 scripts/compare_imblearn.py                    # everything, full sizes
  python3 scripts/compare_imblearn.py --only knn --scale 0.2
  python3 scripts/compare_imblearn.py --gais .build/release/gais --out bench-out/compare

Build gais first: swift build -c release
"""

import argparse
import importlib
import os
import subprocess
import sys
import time


def ensure_packages():
    """Install scikit-learn and imbalanced-learn 0.14 with pip when they are missing."""
    missing = []
    for module, requirement in (("sklearn", "scikit-learn"), ("imblearn", "imbalanced-learn==0.14.*")):
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(requirement)
    if missing:
        print("installing " + ", ".join(missing), flush=True)
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", *missing])


def make_data(job, scale, seed):
    """Synthetic features (float64) and integer labels for a job."""
    import numpy as np
    from sklearn.datasets import make_classification

    if job == "enn":
        n, d = int(100_000 * scale), 20
        X, y = make_classification(n_samples=n, n_features=d, n_informative=10, n_redundant=5,
                                   n_classes=2, flip_y=0.05, class_sep=1.0, random_state=seed)
    elif job == "cnn":
        n, d = int(19_020 * scale), 10
        X, y = make_classification(n_samples=n, n_features=d, n_informative=8, n_redundant=2,
                                   n_classes=2, weights=[0.648], flip_y=0.03, class_sep=0.8,
                                   random_state=seed)
    elif job == "knn":
        n, d = int(100_000 * scale), 50
        rng = np.random.default_rng(seed)
        X = rng.random((n, d))
        y = rng.integers(0, 2, size=n)
    else:
        raise ValueError(job)
    return X, y


def write_csv(path, X, y):
    import numpy as np

    table = np.column_stack([X, y.astype(np.float64)])
    fmt = ["%.9g"] * X.shape[1] + ["%d"]
    np.savetxt(path, table, delimiter=",", fmt=fmt)


def min_max(X):
    import numpy as np

    low, high = X.min(axis=0), X.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    return np.where(high > low, (X - low) / span, 0.0)


def read_indices(path):
    """Kept row indices written by gais (one integer per line); None when unreadable."""
    try:
        with open(path) as f:
            return sorted(int(line.split(",")[0]) for line in f if line.strip())
    except (OSError, ValueError):
        return None


def run_gais(command, output):
    """Seconds the gais command took, or None when it failed or wrote no output."""
    if os.path.exists(output):
        os.remove(output)
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        print("  gais failed (%d): %s" % (result.returncode, " ".join(command)))
        print("  " + (result.stderr.strip() or result.stdout.strip())[:500])
        return None
    if not os.path.exists(output):
        print("  gais wrote no %s: %s" % (output, " ".join(command)))
        return None
    return seconds


def job_enn(X, y, csv, out, gais, rows):
    from imblearn.under_sampling import EditedNearestNeighbours

    Xs = min_max(X)
    kept = {}
    for kind in ("all", "mode"):
        sampler = EditedNearestNeighbours(sampling_strategy="all", n_neighbors=3, kind_sel=kind)
        start = time.perf_counter()
        sampler.fit_resample(Xs, y)
        seconds = time.perf_counter() - start
        kept[kind] = sorted(sampler.sample_indices_)
        rows.append(("ENN k=3 (imblearn kind_sel='%s')" % kind, seconds, len(kept[kind])))
    if gais:
        path = os.path.join(out, "enn.indices")
        seconds = run_gais([gais, "select", csv, "--no-header", "--method", "enn", "--indices", path], path)
        ours = read_indices(path) if seconds is not None else None
        rows.append(("ENN k=3 (gais select --method enn)", seconds, len(ours) if ours else None))
        if ours is not None:
            same = len(set(ours) & set(kept["mode"]))
            print("  ENN: gais kept %d rows, imblearn kind_sel='mode' kept %d, %d in common"
                  % (len(ours), len(kept["mode"]), same))


def job_cnn(X, y, csv, out, gais, rows, seed):
    from imblearn.under_sampling import CondensedNearestNeighbour

    Xs = min_max(X)
    sampler = CondensedNearestNeighbour(sampling_strategy="all", random_state=seed)
    start = time.perf_counter()
    sampler.fit_resample(Xs, y)
    seconds = time.perf_counter() - start
    rows.append(("CNN (imblearn)", seconds, len(sampler.sample_indices_)))
    if gais:
        path = os.path.join(out, "cnn.indices")
        seconds = run_gais([gais, "select", csv, "--no-header", "--method", "cnn", "--indices", path], path)
        ours = read_indices(path) if seconds is not None else None
        rows.append(("CNN (gais select --method cnn)", seconds, len(ours) if ours else None))


def job_knn(X, y, csv, out, gais, rows, k=10):
    from sklearn.neighbors import NearestNeighbors

    Xs = min_max(X).astype("float32")
    start = time.perf_counter()
    index = NearestNeighbors(n_neighbors=k + 1, algorithm="brute").fit(Xs)
    index.kneighbors(Xs, n_neighbors=k + 1)
    seconds = time.perf_counter() - start
    rows.append(("kNN k=%d (sklearn brute, float32)" % k, seconds, None))
    if gais:
        path = os.path.join(out, "knn.out")
        seconds = run_gais([gais, "neighbors", csv, "--no-header", "-k", str(k), "--output", path], path)
        rows.append(("kNN k=%d (gais neighbors)" % k, seconds, None))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gais", default=".build/release/gais", help="path of the gais binary")
    parser.add_argument("--out", default="bench-out/compare", help="folder for the CSV files and outputs")
    parser.add_argument("--only", choices=["enn", "cnn", "knn"], action="append",
                        help="run only these jobs (repeatable)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every row count (e.g. 0.1 for a quick run)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-gais", action="store_true", help="time only the Python libraries")
    args = parser.parse_args()

    ensure_packages()
    import imblearn
    import sklearn

    os.makedirs(args.out, exist_ok=True)
    gais = None
    if not args.skip_gais:
        if os.path.exists(args.gais):
            gais = os.path.abspath(args.gais)
        else:
            print("note: %s not found (build with: swift build -c release); timing Python only" % args.gais)
    print("scikit-learn %s, imbalanced-learn %s, %d CPUs" % (sklearn.__version__, imblearn.__version__, os.cpu_count()))

    table = []
    for job in args.only or ["enn", "cnn", "knn"]:
        X, y = make_data(job, args.scale, args.seed)
        csv = os.path.join(args.out, "%s_%dx%d.csv" % (job, X.shape[0], X.shape[1]))
        write_csv(csv, X, y)
        print("%s: %d rows x %d features -> %s" % (job, X.shape[0], X.shape[1], csv), flush=True)
        rows = []
        if job == "enn":
            job_enn(X, y, csv, args.out, gais, rows)
        elif job == "cnn":
            job_cnn(X, y, csv, args.out, gais, rows, args.seed)
        else:
            job_knn(X, y, csv, args.out, gais, rows)
        table.append((job, X.shape, rows))

    print()
    print("%-40s %10s %8s %10s" % ("task", "seconds", "kept", "vs gais"))
    for job, shape, rows in table:
        print("%s (%d x %d)" % (job, shape[0], shape[1]))
        gais_seconds = next((s for name, s, _ in rows if "gais" in name and s is not None), None)
        for name, seconds, kept in rows:
            ratio = ""
            if seconds is not None and gais_seconds and "gais" not in name:
                ratio = "%.2fx" % (seconds / gais_seconds)
            print("  %-38s %10s %8s %10s" % (name, "-" if seconds is None else "%.3f" % seconds,
                                            "" if kept is None else kept, ratio))
    print("\n'vs gais' = library seconds / gais seconds (above 1: gais is faster).")


if __name__ == "__main__":
    main()
