#!/usr/bin/env python3
"""One method against others over replications of `gais bench --json` (BENCHMARKS.md, "Three
replications" and "The default rule: no network").

    python3 scripts/compare_replications.py A B [B ...] --seed 0:held-s0.json,tune5-s0.json \
        --seed 1:held-s1.json,tune5-s1.json --seed 2:held-s2.json,tune5-s2.json [--sets a,b,…]

For each rival B and classifier: wins/ties/losses of A per seed; wins/ties/losses on each
dataset's mean over the seeds; the means over datasets and seeds; a two-sided Wilcoxon
signed-rank test on the per-dataset mean differences (SciPy); and, when both have matched-random
rows, each one's gap closed against a random baseline shared by both, with the same test on the
per-dataset differences. Then, per seed, the median share
of the matched-random → all-rows gap that A closes, over the datasets where all rows beat A's
matched random (`(A − random) / (full − random)`).
"""
import argparse
import json
import statistics

CLASSIFIERS = ["knn1", "knn5", "forest"]
EPSILON = 1e-12


def load(seed_args):
    """{(seed, dataset, method): accuracy by classifier}, and the seeds in order."""
    accuracy, seeds = {}, []
    for argument in seed_args:
        seed, files = argument.split(":", 1)
        seeds.append(seed)
        for path in files.split(","):
            with open(path) as f:
                for row in json.load(f)["results"]:
                    accuracy[(seed, row["dataset"], row["method"])] = row["accuracy"]
    return accuracy, seeds


def tally(differences):
    wins = sum(d > EPSILON for d in differences)
    losses = sum(d < -EPSILON for d in differences)
    return f"{wins}/{len(differences) - wins - losses}/{losses}"


def paired_gap(accuracy, seeds, a, b, sets, wilcoxon):
    """The gap closed by A and by B against one random baseline shared by both (the mean of
    their matched randoms), each over the seeds' means, on the datasets where all rows beat
    that baseline by more than half a point; and a Wilcoxon test on the per-dataset differences."""
    if not all((s, d, "matched-random:" + m) in accuracy for s in seeds for d in sets for m in (a, b)):
        return
    print(f"  gap closed against a shared random baseline, {a} / {b}:")
    for c in CLASSIFIERS:
        shares = []
        for d in sets:
            def mean(method):
                return statistics.mean(accuracy[(s, d, method)][c] for s in seeds)
            random = (mean("matched-random:" + a) + mean("matched-random:" + b)) / 2
            full = mean("full")
            if full - random > 0.005:
                shares.append(((mean(a) - random) / (full - random), (mean(b) - random) / (full - random)))
        if not shares:
            continue
        differences = [x - y for x, y in shares]
        p = wilcoxon(differences).pvalue if any(abs(x) > EPSILON for x in differences) else 1.0
        print(f"  {c:6s} {len(shares)} datasets, medians {statistics.median(x for x, _ in shares):.2f} / "
              f"{statistics.median(y for _, y in shares):.2f}, {a} ahead on {sum(x > EPSILON for x in differences)},"
              f" Wilcoxon p = {p:.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("method")
    parser.add_argument("rivals", nargs="+")
    parser.add_argument("--seed", action="append", required=True, metavar="SEED:FILE[,FILE…]")
    parser.add_argument("--sets", help="only these datasets (comma-separated)")
    args = parser.parse_args()
    from scipy.stats import wilcoxon

    accuracy, seeds = load(args.seed)
    a = args.method
    sets = sorted({d for (s, d, m) in accuracy if m == a and all((t, d, a) in accuracy for t in seeds)})
    if args.sets:
        wanted = set(args.sets.split(","))
        sets = [d for d in sets if d in wanted]

    for b in args.rivals:
        common = [d for d in sets if all((s, d, b) in accuracy for s in seeds)]
        print(f"{a} against {b}: {len(common)} datasets, seeds {', '.join(seeds)}")
        for c in CLASSIFIERS:
            per_seed = [tally([accuracy[(s, d, a)][c] - accuracy[(s, d, b)][c] for d in common]) for s in seeds]
            means = [statistics.mean(accuracy[(s, d, a)][c] - accuracy[(s, d, b)][c] for s in seeds) for d in common]
            mean_a = 100 * statistics.mean(accuracy[(s, d, a)][c] for s in seeds for d in common)
            mean_b = 100 * statistics.mean(accuracy[(s, d, b)][c] for s in seeds for d in common)
            p = wilcoxon(means).pvalue if any(abs(x) > EPSILON for x in means) else 1.0
            print(f"  {c:6s} per seed {'  '.join(per_seed)}   on the mean of the seeds {tally(means)}"
                  f"   means {mean_a:.2f} / {mean_b:.2f}   Wilcoxon p = {p:.3f}")
        paired_gap(accuracy, seeds, a, b, common, wilcoxon)

    print(f"{a}: median gap closed per seed ({len(sets)} datasets)")
    for c in CLASSIFIERS:
        medians = []
        for s in seeds:
            shares = []
            for d in sets:
                random = accuracy.get((s, d, "matched-random:" + a))
                full = accuracy.get((s, d, "full"))
                if random is not None and full is not None and full[c] > random[c]:
                    shares.append((accuracy[(s, d, a)][c] - random[c]) / (full[c] - random[c]))
            medians.append(f"{statistics.median(shares):.2f}" if shares else "–")
        print(f"  {c:6s} {' '.join(medians)}")


if __name__ == "__main__":
    main()
