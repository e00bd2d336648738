#!/usr/bin/env python3
"""Read + encode speed of `gais` against pandas.read_csv, side by side on one file.

Generates a 1,000,000 x 50 numeric CSV (about 470 MB) with `gais generate` unless it exists,
then times, each run in a fresh process:
  * pandas: pd.read_csv(path) followed by .to_numpy(float32) of the feature columns;
  * gais:   `gais select FILE --method random --report R`; the report's "read" and "encode"
            stages (parse into a float matrix, then min-max encode) are compared.
Peak resident memory of the gais process is measured with getrusage.

Usage: python3 scripts/bench_read.py [--rows N] [--features D] [--repeats K]
"""
import argparse, json, os, resource, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GAIS = os.path.join(ROOT, ".build", "release", "gais")


def ensure(package):
    try:
        __import__(package)
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", package])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--features", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--file", default=None)
    args = parser.parse_args()
    ensure("pandas")
    if not os.path.exists(GAIS):
        subprocess.check_call(["swift", "build", "-c", "release"], cwd=ROOT)
    path = args.file or os.path.join(tempfile.gettempdir(), f"gais-read-{args.rows}x{args.features}.csv")
    if not os.path.exists(path):
        subprocess.check_call([GAIS, "generate", "--rows", str(args.rows), "--features", str(args.features),
                               "--classes", "5", "--seed", "1", "--output", path])
    size_mb = os.path.getsize(path) / 1e6

    pandas_code = (
        "import pandas as pd, numpy as np, time, sys\n"
        "t = time.perf_counter()\n"
        "df = pd.read_csv(sys.argv[1])\n"
        "x = df.iloc[:, :-1].to_numpy(np.float32)\n"
        "print(time.perf_counter() - t)\n"
    )
    # gais first: getrusage(RUSAGE_CHILDREN) reports the largest child so far, and pandas
    # (run afterwards) would otherwise mask the gais figure.
    gais_times = []
    for _ in range(args.repeats):
        with tempfile.NamedTemporaryFile(suffix=".json") as report:
            subprocess.check_call([GAIS, "select", path, "--method", "random", "--report", report.name])
            seconds = json.load(open(report.name))["seconds"]
            gais_times.append(seconds["read"] + seconds["encode"])
    gais_rss = [resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]
    pandas_times = []
    for _ in range(args.repeats):
        out = subprocess.check_output([sys.executable, "-c", pandas_code, path], text=True)
        pandas_times.append(float(out.strip()))
    best_pandas, best_gais = min(pandas_times), min(gais_times)
    matrix_mb = args.rows * args.features * 4 / 1e6
    print(f"file: {path} ({size_mb:.0f} MB, {args.rows} x {args.features}), {os.cpu_count()} cores")
    print(f"pandas.read_csv + to_numpy: best {best_pandas:.2f} s of {args.repeats}")
    print(f"gais read + encode:         best {best_gais:.2f} s of {args.repeats}")
    print(f"speed-up (pandas / gais):   {best_pandas / best_gais:.2f}x")
    print(f"gais peak RSS: {max(gais_rss):.0f} MB; float matrix {matrix_mb:.0f} MB + mapping {size_mb:.0f} MB; "
          f"limit 2x matrix + mapping = {2 * matrix_mb + size_mb:.0f} MB")


if __name__ == "__main__":
    main()
