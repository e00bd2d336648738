#!/usr/bin/env python3
"""Compact Markdown tables from `gais bench --json` reports, for BENCHMARKS.md.

Usage: python3 scripts/bench_tables.py gais.json [classic.json]
Prints, per dataset: accuracy (%) of each method for 1-NN / 5-NN / random forest, reduction
rate, and selection seconds; and the matched-random comparison of the default `gais`.
"""
import json, sys


def load(path):
    with open(path) as f:
        return json.load(f)


def index(report):
    table = {}
    for row in report["results"]:
        table[(row["dataset"], row["method"])] = row
    return table


def pct(x):
    return "–" if x is None else f"{100 * x:.1f}"


def main():
    reports = [load(p) for p in sys.argv[1:]]
    rows = {}
    datasets = []
    methods = []
    for report in reports:
        for row in report["results"]:
            key = (row["dataset"], row["method"])
            rows[key] = row
            if row["dataset"] not in datasets:
                datasets.append(row["dataset"])
            if not row["method"].startswith("matched-random") and row["method"] not in methods:
                methods.append(row["method"])
    classifiers = [("knn1", "1-NN"), ("knn5", "5-NN"), ("forest", "random forest")]
    short = {m: m.replace("gais-lsh-multilevel", "lsh-ml").replace("gais-lsh-multiview", "lsh-mv")
             .replace("gais-lsh", "lsh").replace("gais-chunk", "chunk").replace("gais/rule=cover", "cover")
             for m in methods}

    def table(title, value, fmt):
        print(f"#### {title}")
        print()
        print("| dataset | " + " | ".join(short[m] for m in methods) + " |")
        print("|---|" + "--:|" * len(methods))
        sums = {m: [] for m in methods}
        for d in datasets:
            cells = []
            for m in methods:
                r = rows.get((d, m))
                v = None if r is None else value(r)
                if v is not None:
                    sums[m].append(v)
                cells.append("–" if v is None else fmt(v))
            print(f"| {d} | " + " | ".join(cells) + " |")
        print("| **mean** | " + " | ".join(fmt(sum(v) / len(v)) if v else "–" for v in sums.values()) + " |")
        print()

    for key, name in classifiers:
        table(f"Accuracy %, {name}", lambda r, key=key: r["accuracy"].get(key), lambda v: f"{100 * v:.1f}")
    table("Reduction rate %", lambda r: r["reduction_rate"], lambda v: f"{100 * v:.1f}")
    table("Selection seconds (mean per fold)", lambda r: r["selection_seconds"], lambda v: f"{v:.2f}")

    matched = [m for m in methods if (datasets[0], "matched-random:" + m) in rows]
    if matched:
        print("#### Each method against a stratified random subset of the same per-class size (1-NN / 5-NN / forest accuracy, points)")
        print()
        print("| method | " + " | ".join(f"Δ {name} (wins/losses)" for _, name in classifiers) + " |")
        print("|---|" + "--:|" * len(classifiers))
        for m in matched:
            cells = []
            for key, _ in classifiers:
                diffs = [rows[(d, m)]["accuracy"][key] - rows[(d, "matched-random:" + m)]["accuracy"][key]
                         for d in datasets if (d, m) in rows and (d, "matched-random:" + m) in rows]
                wins = sum(x > 0 for x in diffs)
                losses = sum(x < 0 for x in diffs)
                cells.append(f"{100 * sum(diffs) / len(diffs):+.2f} ({wins}/{losses})")
            print(f"| {short[m]} | " + " | ".join(cells) + " |")
        print()


if __name__ == "__main__":
    main()
