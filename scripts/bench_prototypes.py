#!/usr/bin/env python3
"""Speed of the network-free selectors against their Python counterparts, side by side.

One synthetic table (``gais generate``, written once into the work folder) is selected from
by both sides at the same per-class quota (``round(keep_ratio * n_c)``):

- ``prototypes`` against scikit-learn ``KMeans`` per class (k-means++, ``n_init`` = our
  ``starts`` = 3, ``max_iter`` 300, ``tol=0`` so it runs until the assignment is stable, Lloyd),
  medoid = the row nearest each centre;
- ``facility`` against apricot-select ``FacilityLocationSelection`` per class (Euclidean,
  lazy greedy);
- ``kcenter`` against a NumPy farthest-first traversal per class (first centre the row nearest
  the class mean, as ours; vectorised distance updates).

Both sides see the same features: min-max scaled to [0, 1] as the engine's encoder does
(float32). Our figures are whole-process (``gais select`` reading and encoding the CSV,
selecting, writing the indices; the median of ``--repeats`` runs), with the select stage of
its JSON report beside them; Python's are in-process (data already in memory, numba's
compilation warmed up on a small input first), one run. Quality, so that speed is not bought
with worse subsets: for prototypes and facility the mean squared distance from each row to its
nearest kept row of its class (the k-medoids cost), for kcenter the largest such distance (the
k-center radius), for both sides.

    python3 scripts/bench_prototypes.py [--rows 100000] [--features 20] [--classes 25]
        [--keep-ratio 0.04] [--repeats 3] [--gais .build/release/gais] [--workdir /tmp/gais-bench-prototypes]

Needs numpy, scikit-learn and apricot-select (pip install apricot-select into a venv). With the
Python package installed in the same venv (pip install ./python), ``gais.select`` on the same
in-memory array is timed too, so that both sides start from data in memory.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

import numpy as np


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--classes", type=int, default=25)
    parser.add_argument("--keep-ratio", type=float, default=0.04)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each gais command (median)")
    parser.add_argument("--gais", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "gais"))
    parser.add_argument("--workdir", default="/tmp/gais-bench-prototypes")
    parser.add_argument("--methods", default="prototypes,facility,kcenter")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def load(path):
    """The table as the engine encodes it: features min-max scaled (constant columns dropped), labels."""
    table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    X, y = table[:, :-1], table[:, -1].astype(np.int64)
    low, high = X.min(axis=0), X.max(axis=0)
    varying = high > low
    X = (X[:, varying] - low[varying]) / (high[varying] - low[varying])
    return X.astype(np.float32), y


def quotas(y, ratio):
    classes, counts = np.unique(y, return_counts=True)
    return {c: min(n, max(1, int(np.floor(ratio * n + 0.5)))) for c, n in zip(classes, counts)}


def kmeans_medoids(X, y, quota, seed):
    from sklearn.cluster import KMeans
    from sklearn.metrics import pairwise_distances_argmin
    kept = []
    for c, q in quota.items():
        rows = np.flatnonzero(y == c)
        model = KMeans(n_clusters=q, init="k-means++", n_init=3, max_iter=300, tol=0, algorithm="lloyd",
                       random_state=seed).fit(X[rows])
        kept.extend(rows[pairwise_distances_argmin(model.cluster_centers_, X[rows])])
    return np.unique(kept)


def facility_location(X, y, quota, seed):
    from apricot import FacilityLocationSelection
    kept = []
    for c, q in quota.items():
        rows = np.flatnonzero(y == c)
        selector = FacilityLocationSelection(q, metric="euclidean", optimizer="lazy", random_state=seed)
        selector.fit(X[rows].astype(np.float64))
        kept.extend(rows[selector.ranking])
    return np.unique(kept)


def farthest_first(X, y, quota, seed):
    kept = []
    for c, q in quota.items():
        rows = np.flatnonzero(y == c)
        P = X[rows]
        first = int(np.argmin(((P - P.mean(axis=0)) ** 2).sum(axis=1)))
        nearest = ((P - P[first]) ** 2).sum(axis=1)
        chosen = [first]
        for _ in range(q - 1):
            pick = int(np.argmax(nearest))
            chosen.append(pick)
            np.minimum(nearest, ((P - P[pick]) ** 2).sum(axis=1), out=nearest)
        kept.extend(rows[chosen])
    return np.unique(kept)


PYTHON = {
    "prototypes": ("scikit-learn KMeans (k-means++, n_init=3, tol=0) + nearest row", kmeans_medoids),
    "facility": ("apricot-select FacilityLocationSelection (euclidean, lazy)", facility_location),
    "kcenter": ("NumPy farthest-first traversal", farthest_first),
}


def quality(X, y, kept, method):
    """k-medoids cost (mean squared distance to the nearest kept row of the class), or the k-center radius."""
    from sklearn.metrics import pairwise_distances_argmin_min
    costs = []
    for c in np.unique(y):
        rows = np.flatnonzero(y == c)
        centres = kept[y[kept] == c]
        _, distance = pairwise_distances_argmin_min(X[rows], X[centres])
        costs.append(distance.astype(np.float64) ** 2)
    all_costs = np.concatenate(costs)
    return float(all_costs.max() ** 0.5) if method == "kcenter" else float(all_costs.mean())


def run_gais(arguments, data, method, workdir):
    indices = os.path.join(workdir, f"{method}.indices")
    report = os.path.join(workdir, f"{method}.json")
    command = [arguments.gais, "select", data, "--method", method, "--keep-ratio", str(arguments.keep_ratio),
               "--seed", str(arguments.seed), "--indices", indices, "--report", report]
    walls, stages, cpus = [], [], []
    for _ in range(arguments.repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        with open(report) as f:
            stages.append(json.load(f)["seconds"]["select"])
    kept = np.loadtxt(indices, dtype=np.int64)
    return statistics.median(walls), statistics.median(stages), statistics.median(cpus), kept, " ".join(command[1:])


def run_gais_in_process(X, y, method, arguments):
    """The median seconds of `gais.select` on the scaled float32 array (the Python package, when
    it is installed: both sides then start from data in memory), or None."""
    try:
        import gais
    except ImportError:
        return None
    seconds = []
    for _ in range(arguments.repeats):
        start = time.perf_counter()
        gais.select(X, y, method=method, keep_ratio=arguments.keep_ratio, random_state=arguments.seed)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def main():
    arguments = parse_arguments()
    os.makedirs(arguments.workdir, exist_ok=True)
    data = os.path.join(arguments.workdir, f"data-{arguments.rows}x{arguments.features}-{arguments.classes}.csv")
    if not os.path.exists(data):
        subprocess.run([arguments.gais, "generate", "--rows", str(arguments.rows), "--features", str(arguments.features),
                        "--classes", str(arguments.classes), "--clusters-per-class", "2", "--informative",
                        str(arguments.features // 2), "--label-noise", "0", "--seed", str(arguments.seed),
                        "--output", data], check=True)
    X, y = load(data)
    quota = quotas(y, arguments.keep_ratio)
    print(f"{len(y)} rows, {X.shape[1]} features, {len(quota)} classes of {min(np.bincount(y))}–{max(np.bincount(y))} rows, "
          f"keep ratio {arguments.keep_ratio} ({sum(quota.values())} rows); cores: {os.cpu_count()}; "
          f"load: {os.getloadavg()[0]:.2f}", flush=True)

    # numba (apricot) compiles on first use: warm it up so its figure is the selection alone.
    if "facility" in arguments.methods.split(","):
        small = np.random.default_rng(0).random((300, X.shape[1])).astype(np.float32)
        facility_location(small, np.zeros(300, dtype=np.int64), {0: 10}, 0)

    rows = []
    for method in arguments.methods.split(","):
        wall, stage, cpu, ours, command = run_gais(arguments, data, method, arguments.workdir)
        in_process = run_gais_in_process(X, y, method, arguments)
        name, function = PYTHON[method]
        start, start_cpu = time.perf_counter(), time.process_time()
        theirs = function(X, y, quota, arguments.seed)
        python_seconds, python_cpu = time.perf_counter() - start, time.process_time() - start_cpu
        rows.append((method, wall, stage, cpu, in_process, name, python_seconds, python_cpu,
                     quality(X, y, ours, method), quality(X, y, theirs, method), len(ours), len(theirs), command))
        package = f", {in_process:.3f} s in-process (Python package)" if in_process is not None else ""
        print(f"  {method}: gais {wall:.3f} s whole-process ({stage:.3f} s selecting, {cpu:.3f} CPU s){package}, "
              f"{name}: {python_seconds:.3f} s ({python_cpu:.3f} CPU s)", flush=True)

    print()
    print("Wall-clock and CPU seconds (user + system, every thread); on a loaded machine the CPU figures are "
          "the steadier comparison.")
    print()
    print("| method | gais whole-process s | gais select stage s | gais CPU s | gais in-process s (Python package) "
          "| Python counterpart | Python s (in-process) | Python CPU s | speed-up wall, whole-process | speed-up CPU "
          "| speed-up, both in-process | quality gais / Python (lower is better) | kept gais / Python |")
    print("|---|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|")
    for (method, wall, stage, cpu, in_process, name, python_seconds, python_cpu, q_ours, q_theirs, n_ours, n_theirs,
         _) in rows:
        package = f"{in_process:.3f}" if in_process is not None else "–"
        both = f"{python_seconds / in_process:.1f}×" if in_process is not None else "–"
        print(f"| {method} | {wall:.3f} | {stage:.3f} | {cpu:.3f} | {package} | {name} | {python_seconds:.3f} "
              f"| {python_cpu:.3f} | {python_seconds / wall:.1f}× | {python_cpu / cpu:.1f}× | {both} "
              f"| {q_ours:.5g} / {q_theirs:.5g} | {n_ours} / {n_theirs} |")
    print()
    for row in rows:
        print(f"gais command: {row[-1]}")


if __name__ == "__main__":
    sys.exit(main())
