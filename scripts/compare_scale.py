#!/usr/bin/env python3
"""Scale: default GAIS at a million rows against imbalanced-learn's ENN and All-kNN.

imbalanced-learn cannot edit a million rows in reasonable time, so it is timed at growing sizes
(10k, 30k, 100k rows) to show the trend, and default `gais select` is timed at 100k and 1M rows,
on the same kind of data (50 features, 5 classes, `gais generate --seed 1`), on the same machine.

Python times cover fit_resample only (data already in memory, min-max scaled); gais times are
the whole process (read the CSV, encode, graph, train, score, select, write), with its peak
resident memory.

Usage: python3 scripts/compare_scale.py [--sizes 10000,30000,100000] [--gais-sizes 100000,1000000]
"""
import argparse, json, os, resource, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ensure(requirement, module):
    try:
        __import__(module)
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", requirement])


def generate(gais, rows, folder):
    path = os.path.join(folder, f"scale-{rows}x50.csv")
    if not os.path.exists(path):
        subprocess.check_call([gais, "generate", "--rows", str(rows), "--features", "50", "--classes", "5",
                               "--seed", "1", "--output", path])
    return path


def time_gais(gais, path):
    """Wall seconds and peak RSS (MB) of one `gais select` process, with its report."""
    report = path + ".report.json"
    code = ("import resource, subprocess, sys, time\n"
            "t = time.perf_counter()\n"
            "subprocess.check_call(sys.argv[1:])\n"
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n")
    out = subprocess.check_output([sys.executable, "-c", code, gais, "select", path, "--report", report], text=True)
    seconds, rss = map(float, out.split())
    with open(report) as f:
        stages = json.load(f)["seconds"]
    return seconds, rss, stages


def time_imblearn(sampler_name, path):
    import numpy as np
    from imblearn.under_sampling import AllKNN, EditedNearestNeighbours
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    X, y = data[:, :-1], data[:, -1].astype(int)
    X = (X - X.min(0)) / np.where(X.max(0) > X.min(0), X.max(0) - X.min(0), 1)
    sampler = (EditedNearestNeighbours if sampler_name == "ENN" else AllKNN)(sampling_strategy="all", n_jobs=-1)
    t = time.perf_counter()
    sampler.fit_resample(X, y)
    return time.perf_counter() - t


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--gais-sizes", default="100000,1000000")
    parser.add_argument("--gais", default=os.path.join(ROOT, ".build", "release", "gais"))
    parser.add_argument("--folder", default=tempfile.gettempdir())
    args = parser.parse_args()
    ensure("imbalanced-learn==0.14.*", "imblearn")
    print(f"{os.cpu_count()} CPUs; imbalanced-learn with n_jobs=-1", flush=True)
    python_rows = []
    for rows in map(int, args.sizes.split(",")):
        path = generate(args.gais, rows, args.folder)
        for name in ("ENN", "AllKNN"):
            seconds = time_imblearn(name, path)
            python_rows.append((name, rows, seconds))
            print(f"imbalanced-learn {name:6s} {rows:>9,d} rows: {seconds:8.2f} s", flush=True)
    gais_rows = []
    for rows in map(int, args.gais_sizes.split(",")):
        path = generate(args.gais, rows, args.folder)
        seconds, rss, stages = time_gais(args.gais, path)
        gais_rows.append((rows, seconds, rss))
        detail = ", ".join(f"{k} {v:.2f}" for k, v in stages.items())
        print(f"gais select (default gais) {rows:>9,d} rows: {seconds:8.2f} s wall, peak RSS {rss:.0f} MB ({detail})",
              flush=True)
    largest_python = max(r for _, r, _ in python_rows)
    for name in ("ENN", "AllKNN"):
        t_python = [s for n, r, s in python_rows if n == name and r == largest_python][0]
        for rows, seconds, _ in gais_rows:
            ratio = (t_python / largest_python) / (seconds / rows)
            print(f"per-row speed-up of gais at {rows:,d} rows over imbalanced-learn {name} at {largest_python:,d} "
                  f"rows: {ratio:.1f}x (gais handles {rows // largest_python}x the rows in "
                  f"{seconds / t_python:.2f}x the time)")


if __name__ == "__main__":
    main()
