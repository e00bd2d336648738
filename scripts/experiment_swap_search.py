#!/usr/bin/env python3
"""Research probe for issue 12: does a swap search on top of converged k-means medoids beat them?

For each dataset (numeric KEEL CSVs, min-max scaled), stratified K-fold CV; on each training
part: per-class quotas q_c = max(1, round(0.04 n_c)); start = per-class k-means medoids
(scikit-learn KMeans, k-means++, n_init=3, run to convergence, the row nearest each centre);
then a swap search that keeps the quotas: a candidate row b of class c replaces the kept row a of
class c whose swap most raises the 1-NN agreement of the kept rows with a target labelling of
all training rows, if it raises it. Targets:
  labels    the given labels
  smoothed  the majority label of each row's K nearest rows (itself included): a network-free
            smoothing, as ENN's editing
The classifiers (1-NN, 5-NN, random forest of 100 trees) are trained on the kept rows and scored
on the test part. Only a probe: the engine's implementation and the bench are what count.

usage: experiment_swap_search.py [--folds 3] [--seed 7] [--rounds 4] DATASET.csv ...
"""
import argparse
import sys

import numpy as np
from sklearn.cluster import KMeans
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import StratifiedKFold
from sklearn.neighbors import KNeighborsClassifier, NearestNeighbors


def load(path):
    rows = np.genfromtxt(path, delimiter=",", dtype=str, autostrip=True)
    X = rows[:, :-1].astype(float)
    _, y = np.unique(rows[:, -1], return_inverse=True)
    span = X.max(0) - X.min(0)
    keep = span > 0
    X = (X[:, keep] - X.min(0)[keep]) / span[keep]
    return X, y


def quotas(y, ratio=0.04):
    return {c: max(1, int(np.floor(ratio * np.sum(y == c) + 0.5))) for c in np.unique(y)}


def medoids(X, y, q, seed):
    kept = []
    for c, k in q.items():
        rows = np.flatnonzero(y == c)
        if k >= len(rows):
            kept.extend(rows)
            continue
        km = KMeans(n_clusters=k, n_init=3, random_state=seed).fit(X[rows])
        d = ((X[rows][:, None, :] - km.cluster_centers_[None]) ** 2).sum(-1)
        chosen = set()
        for j in range(k):
            order = np.argsort(d[:, j])
            for r in order:
                if r not in chosen:
                    chosen.add(r)
                    break
        kept.extend(rows[sorted(chosen)])
    return np.array(sorted(kept))


def nearest_two(D):
    order = np.argpartition(D, 1, axis=1)[:, :2] if D.shape[1] > 1 else np.zeros((len(D), 2), int)
    rows = np.arange(len(D))
    a, b = order[:, 0], order[:, 1]
    da, db = D[rows, a], D[rows, b]
    swap = (db < da) | ((db == da) & (b < a))
    i1 = np.where(swap, b, a)
    i2 = np.where(swap, a, b)
    d2 = D[rows, i2] if D.shape[1] > 1 else np.full(len(D), np.inf)
    return D[rows, i1], i1, d2, i2


def swap_search(X, y, target, kept, rounds, seed):
    """Greedy swaps within classes that raise the 1-NN agreement of the kept rows with `target`.

    Each row's nearest and second-nearest kept rows give every swap's exact gain in O(n):
    replacing slot s by row b changes a row's prediction only through b, or through s when s
    was its nearest.
    """
    rng = np.random.default_rng(seed)
    n = len(y)
    kept = list(kept)
    m = len(kept)
    D = ((X[:, None, :] - X[kept][None]) ** 2).sum(-1)  # n × m
    D[kept, np.arange(m)] = np.inf  # a kept row is not its own neighbour (leave-one-out)
    ky = y[kept]
    d1, i1, d2, i2 = nearest_two(D)
    correct = ky[i1] == target
    best = int(correct.sum())
    for _ in range(rounds):
        improved = False
        wrong = np.flatnonzero(~correct)
        for b in rng.permutation(wrong)[: 4 * m]:
            c = y[b]
            if b in kept:
                continue
            slots = np.flatnonzero(ky == c)
            if len(slots) == 0:
                continue
            db = ((X - X[b]) ** 2).sum(1)
            db[b] = np.inf
            keep_pred = np.where(db < d1, c, ky[i1]) == target   # s is not the nearest
            alt_pred = np.where(db < d2, c, ky[i2]) == target    # s was the nearest
            total = keep_pred.sum()
            lose = np.bincount(i1, weights=keep_pred, minlength=m)
            gain_alt = np.bincount(i1, weights=alt_pred, minlength=m)
            score = total - lose[slots] + gain_alt[slots]
            j = int(np.argmax(score))
            if score[j] > best:
                best = int(score[j])
                s_ = slots[j]
                kept[s_] = b
                D[:, s_] = db
                d1, i1, d2, i2 = nearest_two(D)
                correct = ky[i1] == target
                improved = True
        if not improved:
            break
    return np.array(sorted(kept))


def evaluate(Xtr, ytr, Xte, yte, kept, seed):
    out = []
    for model in (KNeighborsClassifier(1), KNeighborsClassifier(5),
                  RandomForestClassifier(100, random_state=seed, n_jobs=2)):
        k = getattr(model, "n_neighbors", 0)
        if k and k > len(kept):
            model = KNeighborsClassifier(len(kept))
        model.fit(Xtr[kept], ytr[kept])
        out.append(100 * np.mean(model.predict(Xte) == yte))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--smooth", type=int, default=5)
    parser.add_argument("datasets", nargs="+")
    args = parser.parse_args()
    methods = ("medoids", "swap-labels", "swap-smoothed", "random")
    totals = {m: np.zeros(3) for m in methods}
    print("dataset," + ",".join(f"{m}/{c}" for m in methods for c in ("knn1", "knn5", "forest")))
    for path in args.datasets:
        X, y = load(path)
        acc = {m: np.zeros(3) for m in methods}
        folds = StratifiedKFold(args.folds, shuffle=True, random_state=args.seed)
        for f, (tr, te) in enumerate(folds.split(X, y)):
            Xtr, ytr = X[tr], y[tr]
            q = quotas(ytr)
            start = medoids(Xtr, ytr, q, args.seed + f)
            nn = NearestNeighbors(n_neighbors=min(args.smooth, len(ytr))).fit(Xtr)
            neighbours = nn.kneighbors(Xtr, return_distance=False)
            smoothed = np.array([np.bincount(ytr[r]).argmax() for r in neighbours])
            rng = np.random.default_rng(args.seed + f)
            rand = np.concatenate([rng.choice(np.flatnonzero(ytr == c), k, replace=False) for c, k in q.items()])
            chosen = {
                "medoids": start,
                "swap-labels": swap_search(Xtr, ytr, ytr, start, args.rounds, args.seed + f),
                "swap-smoothed": swap_search(Xtr, ytr, smoothed, start, args.rounds, args.seed + f),
                "random": np.sort(rand),
            }
            for m in methods:
                acc[m] += np.array(evaluate(Xtr, ytr, X[te], y[te], chosen[m], args.seed)) / args.folds
        for m in methods:
            totals[m] += acc[m] / len(args.datasets)
        name = path.rsplit("/", 1)[-1].removesuffix(".csv")
        print(name + "," + ",".join(f"{v:.1f}" for m in methods for v in acc[m]), flush=True)
    print("mean," + ",".join(f"{v:.1f}" for m in methods for v in totals[m]))


if __name__ == "__main__":
    sys.exit(main())
