#!/usr/bin/env python3
"""Quality of sharded selection against single-process selection (BENCHMARKS.md, "Sharded
selection").

For each dataset, stratified k-fold cross-validation: inside each training part, GAIS selects
once over the whole part (`gais.select`) and once per shard count over stratified shards
(`gais.select_sharded`: the rule, scaling and seeds of `gais select --shard i/n` and
`gais.spark.select`), optionally with the merge pass; `gais evaluate` trains 1-NN, 5-NN and a
random forest on each kept subset (the training file's own lines, verbatim) and scores them on
the untouched test part. Prints a Markdown table of mean accuracies and the differences to
single-process selection.

    .build/python-venv/bin/python scripts/bench_shards.py                 # datasets ≥ 5,000 rows
    .build/python-venv/bin/python scripts/bench_shards.py --shards 4,8 --merge --json out.json
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd

import gais

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LARGE = ["penbased", "twonorm", "marketing", "mushroom", "texture", "phoneme", "banana"]
CLASSIFIERS = ["knn1", "knn5", "forest"]
MISSING = ["?", "", "NA", "NaN"]


def folds_of(y, k, seed):
    """Stratified folds: each class's rows, shuffled, dealt to the folds in turn."""
    rng = np.random.default_rng(seed)
    fold = np.empty(len(y), dtype=int)
    for c in np.unique(y):
        rows = rng.permutation(np.flatnonzero(y == c))
        fold[rows] = np.arange(rows.size) % k
    return fold


def evaluate(cli, lines, train_rows, test_rows, directory):
    train = os.path.join(directory, "train.csv")
    test = os.path.join(directory, "test.csv")
    out = os.path.join(directory, "scores.json")
    with open(train, "w") as f:
        f.writelines(lines[i] for i in train_rows)
    with open(test, "w") as f:
        f.writelines(lines[i] for i in test_rows)
    subprocess.run([cli, "evaluate", train, "--no-header", "--test", test, "--classifiers", ",".join(CLASSIFIERS),
                    "--json", out], check=True, capture_output=True)
    with open(out) as f:
        return json.load(f)["accuracy"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", default=",".join(LARGE))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--keep-ratio", type=float, default=0.04)
    parser.add_argument("--shards", default="4,8")
    parser.add_argument("--merge", action="store_true", help="also the merge pass for each shard count")
    parser.add_argument("--merge-factors", default="4",
                        help="comma-separated merge factors to try with --merge (shards keep this many times more)")
    parser.add_argument("--no-plain", action="store_true", help="with --merge, skip the shard counts without merge")
    parser.add_argument("--method", default="gais")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cli", default=os.path.join(ROOT, ".build", "release", "gais"))
    parser.add_argument("--json", help="write every fold's figures here")
    args = parser.parse_args()

    variants = [("single", None, None)]
    factors = [float(f) for f in args.merge_factors.split(",")]
    for n in (int(s) for s in args.shards.split(",")):
        if not (args.merge and args.no_plain):
            variants.append((f"{n} shards", n, None))
        if args.merge:
            for factor in factors:
                suffix = "" if len(factors) == 1 else f" ×{factor:g}"
                variants.append((f"{n} shards + merge{suffix}", n, factor))
    results = {}
    for name in args.datasets.split(","):
        path = os.path.join(ROOT, "Datasets", "keel", f"{name}.csv")
        with open(path) as f:
            lines = [line if line.endswith("\n") else line + "\n" for line in f if line.strip()]
        frame = pd.read_csv(path, header=None, skipinitialspace=True, na_values=MISSING, keep_default_na=False)
        X, y = frame.iloc[:, :-1], frame.iloc[:, -1].to_numpy()
        fold = folds_of(y, args.folds, args.seed)
        per_variant = {v[0]: {"kept": [], **{c: [] for c in CLASSIFIERS}} for v in variants}
        with tempfile.TemporaryDirectory() as directory:
            for k in range(args.folds):
                train = np.flatnonzero(fold != k)
                test = np.flatnonzero(fold == k)
                Xt, yt = X.iloc[train], y[train]
                for label, shards, factor in variants:
                    if shards is None:
                        kept = gais.select(Xt, yt, method=args.method, keep_ratio=args.keep_ratio,
                                           random_state=args.seed)
                    else:
                        kept = gais.select_sharded(Xt, yt, shards, method=args.method, keep_ratio=args.keep_ratio,
                                                   random_state=args.seed, merge=factor is not None,
                                                   merge_factor=factor or 4.0)
                    accuracy = evaluate(args.cli, lines, train[kept], test, directory)
                    entry = per_variant[label]
                    entry["kept"].append(len(kept))
                    for c in CLASSIFIERS:
                        entry[c].append(accuracy[c])
                print(f"{name}: fold {k + 1}/{args.folds} done", file=sys.stderr, flush=True)
        results[name] = {"rows": len(y), "variants": per_variant}

    labels = [v[0] for v in variants]
    print(f"Mean accuracy (%) over {args.folds} folds, {args.method} keeping {args.keep_ratio:g} of each class; "
          "Δ = sharded − single (points)\n")
    header = "| dataset | rows | " + " | ".join(
        f"{v} kept | {v} 1-NN | {v} 5-NN | {v} forest" for v in labels) + " |"
    print(header)
    print("|" + "---|" * (2 + 4 * len(labels)))
    deltas = {v: {c: [] for c in CLASSIFIERS} for v in labels[1:]}
    for name, result in results.items():
        cells = [name, str(result["rows"])]
        single = result["variants"]["single"]
        for v in labels:
            entry = result["variants"][v]
            cells.append(f"{np.mean(entry['kept']):.0f}")
            for c in CLASSIFIERS:
                mean = 100 * np.mean(entry[c])
                if v == "single":
                    cells.append(f"{mean:.2f}")
                else:
                    delta = mean - 100 * np.mean(single[c])
                    deltas[v][c].append(delta)
                    cells.append(f"{mean:.2f} ({delta:+.2f})")
        print("| " + " | ".join(cells) + " |")
    print("\nMean Δ over the datasets (points):\n")
    print("| variant | 1-NN | 5-NN | forest | mean of the three |")
    print("|---|---|---|---|---|")
    for v in labels[1:]:
        means = [np.mean(deltas[v][c]) for c in CLASSIFIERS]
        print(f"| {v} | " + " | ".join(f"{m:+.2f}" for m in means) + f" | {np.mean(means):+.2f} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"arguments": vars(args), "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
