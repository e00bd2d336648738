#!/usr/bin/env python3
"""Experiment (BENCHMARKS.md, "Sharded selection", what was tried for 8 shards): sharded GAIS
with other shard rules and merge passes than the product's, against single-process selection,
on the bundled datasets of >= 5,000 rows, with bench_shards.py's folds and evaluation.

Variants (comma-separated, after `single`):
- `random@N`: the product's rule (`gais.select_sharded`, N shards);
- `pca@N`: spatial shards: each class cut into N balanced cells by recursive median splits
  along the cell's first principal component (features one-hot and min-max scaled);
- `slab@N`: each class cut into N slabs along one seeded random direction;
- `mergeF@N` / `mergeFr@N`: the product's shards keeping F times the quota, then a merge pass
  over their union (`r`: the merge pass without the swap search, `refine=none`).

    .build/python-venv/bin/python scripts/experiment_shard_rules.py \
        penbased,twonorm,marketing,mushroom,texture,phoneme,banana single,random@8,pca@8,merge8@8
"""
import sys, os, json, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np, pandas as pd
import gais
from bench_shards import folds_of, evaluate, ROOT, MISSING, CLASSIFIERS

def numeric(X):
    D = pd.get_dummies(X, dtype=float).astype(float)
    D = D.fillna(D.mean())
    A = D.to_numpy()
    lo, hi = A.min(0), A.max(0)
    return (A - lo) / np.where(hi > lo, hi - lo, 1)

def kd_split(A, rows, parts, how, rng):
    """Split rows into `parts` balanced cells (sizes differ by ≤ 1 ... approx) by recursive splits."""
    if parts == 1 or rows.size <= 1:
        return [rows] + [rows[:0]] * (parts - 1)
    left_parts = parts // 2
    P = A[rows]
    if how == "pca":
        C = P - P.mean(0)
        _, _, vt = np.linalg.svd(C, full_matrices=False)
        direction = vt[0]
    else:
        direction = rng.standard_normal(A.shape[1])
    proj = P @ direction
    order = rows[np.lexsort((rows, proj))]
    cut = int(round(rows.size * left_parts / parts))
    return kd_split(A, order[:cut], left_parts, how, rng) + kd_split(A, order[cut:], parts - left_parts, how, rng)

def spatial_shards(A, y, n, how, seed):
    rng = np.random.default_rng(seed)
    assigned = np.empty(len(y), dtype=int)
    for c in np.unique(y):
        rows = np.flatnonzero(y == c)
        if how == "slab":
            d = rng.standard_normal(A.shape[1])
            order = rows[np.lexsort((rows, A[rows] @ d))]
            for s, cell in enumerate(np.array_split(order, n)):
                assigned[cell] = s
        else:
            for s, cell in enumerate(kd_split(A, rows, n, how, rng)):
                assigned[cell] = s
    return assigned

def sharded(X, y, assigned, n, ratio, seed):
    enc = gais.Encoding.fit(X)
    from gais._data import take_rows
    kept = []
    for s in range(n):
        rows = np.flatnonzero(assigned == s)
        if rows.size == 0: continue
        chosen = gais.select(take_rows(X, rows), take_rows(y, rows), keep_ratio=ratio,
                             random_state=gais.shard_seed(seed, s), encoding=enc)
        kept.append(rows[chosen])
    return np.sort(np.concatenate(kept))

def merged(X, y, n, factor, refine_none):
    from gais._data import take_rows
    ratio = 0.04 * factor
    keys, assigned = gais._shard_keys(X, y, seed=0, n_shards=n, threads=2)
    enc = gais.Encoding.fit(X)
    kept = []
    for s in range(n):
        rows = np.flatnonzero(assigned == s)
        rows = rows[np.lexsort((rows, keys[rows]))]
        chosen = gais.select(take_rows(X, rows), take_rows(y, rows), keep_ratio=ratio,
                             random_state=gais.shard_seed(0, s), encoding=enc)
        kept.append(rows[chosen])
    union = np.concatenate(kept)
    union = union[np.lexsort((union, keys[union]))]
    extra = {"refine": "none"} if refine_none else {}
    chosen = gais.select(take_rows(X, union), take_rows(y, union), keep_ratio=0.04 / ratio,
                         random_state=gais.shard_seed(0, None), encoding=enc, **extra)
    return np.sort(union[chosen])

names = sys.argv[1].split(",")
variants = sys.argv[2].split(",")   # e.g. single,random8,slab8,pca8,rand8
out = {}
for name in names:
    path = os.path.join(ROOT, "Datasets", "keel", f"{name}.csv")
    lines = [l if l.endswith("\n") else l + "\n" for l in open(path) if l.strip()]
    frame = pd.read_csv(path, header=None, skipinitialspace=True, na_values=MISSING, keep_default_na=False)
    X, y = frame.iloc[:, :-1], frame.iloc[:, -1].to_numpy()
    fold = folds_of(y, 5, 0)
    res = {v: {"kept": [], **{c: [] for c in CLASSIFIERS}} for v in variants}
    with tempfile.TemporaryDirectory() as d:
        for k in range(5):
            train, test = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
            Xt, yt = X.iloc[train].reset_index(drop=True), y[train]
            A = numeric(Xt)
            for v in variants:
                if v == "single":
                    kept = gais.select(Xt, yt, keep_ratio=0.04, random_state=0)
                else:
                    how, n = v.split("@")[0], int(v.split("@")[1])
                    if how.startswith("merge"):
                        factor = float(how[5:].rstrip("r"))
                        kept = merged(Xt, yt, n, factor, refine_none=how.endswith("r"))
                    elif how == "random":
                        kept = gais.select_sharded(Xt, yt, n, keep_ratio=0.04, random_state=0)
                    else:
                        kept = sharded(Xt, yt, spatial_shards(A, yt, n, how, 0), n, 0.04, 0)
                acc = evaluate(os.path.join(ROOT, ".build", "release", "gais"), lines, train[kept], test, d)
                res[v]["kept"].append(len(kept))
                for c in CLASSIFIERS: res[v][c].append(acc[c])
    out[name] = res
    base = res["single"]
    print(name, " ".join(f"{v}: {np.mean(res[v]['kept']):.0f} " + "/".join(f"{100*(np.mean(res[v][c])-np.mean(base[c])):+.2f}" for c in CLASSIFIERS) for v in variants[1:]), flush=True)
deltas = {v: [np.mean([100*(np.mean(out[n][v][c])-np.mean(out[n]["single"][c])) for n in names]) for c in CLASSIFIERS] for v in variants[1:]}
for v, d in deltas.items(): print("MEAN", v, " / ".join(f"{x:+.2f}" for x in d))
