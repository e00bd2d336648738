"""Stratified shards and fixed scaling without Spark: the package's shards are the CLI's
(`gais select --shard i/n`), a sharded selection is the union of the CLI's shard runs, and an
encoding of the whole table encodes any part of it with the whole's scaling."""

import json
import os
import subprocess

import numpy as np
import pytest

import gais
from conftest import KEEL, read_csv


def cli_shard(cli, path, shard, n, tmp_path, *args):
    out = tmp_path / f"kept-{shard}-{n}.txt"
    report = tmp_path / f"report-{shard}-{n}.json"
    subprocess.run([cli, "select", path, "--shard", f"{shard}/{n}", "--indices", str(out), "--report", str(report),
                    *args], check=True, capture_output=True)
    return np.array([int(line) for line in open(out) if line.strip()]), json.load(open(report))


def test_shards_are_the_clis(cli, tmp_path):
    # crx: text and numeric columns interleaved, missing values in both.
    path = os.path.join(KEEL, "crx.csv")
    X, y = read_csv(path)
    assigned = gais.shards(X, y, 3, random_state=8)
    for shard in range(3):
        rows, report = cli_shard(cli, path, shard, 3, tmp_path, "--method", "random", "--keep-ratio", "1",
                                 "--seed", "8")
        np.testing.assert_array_equal(rows, np.flatnonzero(assigned == shard))
        assert int(report["shard"]["seed"]) == gais.shard_seed(8, shard)
    counts = {c: np.bincount(assigned[y.to_numpy() == c], minlength=3) for c in set(y)}
    for c, per_shard in counts.items():
        assert per_shard.max() - per_shard.min() <= 1, c


def test_sharded_selection_is_the_union_of_the_cli_runs(cli, tmp_path):
    path = os.path.join(KEEL, "crx.csv")
    X, y = read_csv(path)
    union = np.sort(np.concatenate([cli_shard(cli, path, s, 4, tmp_path, "--seed", "2", "--keep-ratio", "0.1")[0]
                                    for s in range(4)]))
    np.testing.assert_array_equal(gais.select_sharded(X, y, 4, keep_ratio=0.1, random_state=2), union)


def test_keys_depend_on_content_only():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(200, 3))
    y = rng.integers(0, 2, size=200)
    keys = gais.shard_keys(X, y, random_state=5)
    order = rng.permutation(200)
    np.testing.assert_array_equal(gais.shard_keys(X[order], y[order], random_state=5), keys[order])
    # float32 and float64 of the same values, and any part of the table: the same keys.
    np.testing.assert_array_equal(gais.shard_keys(X.astype(np.float32), y, random_state=5), keys)
    np.testing.assert_array_equal(gais.shard_keys(X[:50], y[:50], random_state=5), keys[:50])
    assert not np.array_equal(gais.shard_keys(X, y, random_state=6), keys)


def test_whole_encoding_gives_the_whole_selection_and_combines_from_parts():
    X, y = read_csv(os.path.join(KEEL, "crx.csv"))
    encoding = gais.Encoding.fit(X)
    np.testing.assert_array_equal(gais.select(X, y, method="random", keep_ratio=0.2, random_state=3,
                                              encoding=encoding),
                                  gais.select(X, y, method="random", keep_ratio=0.2, random_state=3))
    halves = gais.Encoding.fit(X.iloc[:300]).combine(gais.Encoding.fit(X.iloc[300:]))
    for name, summary in encoding.columns.items():
        other = halves.columns[name]
        if isinstance(summary, gais.NumericSummary):
            assert (summary.min, summary.max, summary.count) == (other.min, other.max, other.count)
            assert summary.sum == pytest.approx(other.sum, rel=1e-12)
        else:
            assert summary.frequencies == {k: v for k, v in other.frequencies.items()}


def test_a_part_is_scaled_as_the_whole():
    # The part's own range differs from the whole's. Encoded with the whole's summaries, it is
    # selected exactly as the part pre-scaled by the whole's min and max (in 32-bit floats, the
    # engine's arithmetic) and encoded with the identity scaling min 0, max 1.
    rng = np.random.default_rng(2)
    X = np.column_stack([rng.normal(size=400), rng.normal(size=400) * 10]).astype(np.float32)
    y = (X[:, 0] + rng.normal(size=400) * 0.5 > 0).astype(int)
    whole = gais.Encoding.fit(X)
    part = np.flatnonzero(np.abs(X[:, 0]) < 1.0)
    lo = np.array([whole.columns[j].min for j in range(2)], dtype=np.float32)
    hi = np.array([whole.columns[j].max for j in range(2)], dtype=np.float32)
    assert (X[part].min(axis=0) > lo).any() or (X[part].max(axis=0) < hi).any()
    Z = (X[part] - lo) / (hi - lo)
    unit = gais.Encoding({j: gais.NumericSummary(0.0, 1.0, float(Z[:, j].astype(np.float64).sum()), len(part))
                          for j in range(2)})
    for method in ["cnn", "enn", "gais"]:
        scaled = gais.select(X[part], y[part], method=method, encoding=whole)
        np.testing.assert_array_equal(scaled, gais.select(Z, y[part], method=method, encoding=unit), method)
    assert not np.array_equal(gais.select(X[part], y[part], method="gais", encoding=whole),
                              gais.select(X[part], y[part], method="gais"))


def test_encoding_errors():
    X, y = read_csv(os.path.join(KEEL, "crx.csv"))
    encoding = gais.Encoding.fit(X)
    other = gais.Encoding({k: v for k, v in encoding.columns.items() if k != 0} | {"other": encoding.columns[0]})
    with pytest.raises(ValueError, match="the encoding's columns differ from X's: not summarised: 'renamed'; "
                                         "not in X: 'other'"):
        gais.select(X.rename(columns={0: "renamed"}), y, encoding=other)
    text = next(k for k, v in encoding.columns.items() if isinstance(v, gais.CategoricalSummary))
    changed = X.copy()
    changed.loc[0, text] = "never-seen"
    with pytest.raises(ValueError, match=f"column {text!r}: value 'never-seen' is not among the encoding's categories"):
        gais.select(changed, y, encoding=encoding)
    swapped = dict(encoding.columns)
    swapped[text] = gais.NumericSummary(0, 1, 0.5, 1)
    with pytest.raises(TypeError, match=f"column {text!r} holds text, but the encoding summarises it as numeric"):
        gais.select(X, y, encoding=gais.Encoding(swapped))
    with pytest.raises(ValueError, match="finite min ≤ max"):
        gais.NumericSummary(2, 1, 0, 3)


def test_sharded_errors_name_the_shard():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    y = np.array(["a"] * 57 + ["b"] * 3)
    with pytest.raises(ValueError, match=r"shard 3 of 4 \(14 rows\): only one class \('a'\)"):
        gais.select_sharded(X, y, 4, method="random")
    with pytest.raises(ValueError, match="n_shards must be a whole number ≥ 1, got 0"):
        gais.shards(X, y, 0)
    with pytest.raises(ValueError, match="keep= \\(a total\\) cannot be shared"):
        gais.select_sharded(X, y, 2, keep=5)


def test_merge_keeps_the_quota_and_every_class():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(2000, 3))
    y = rng.choice([0, 1, 2], size=2000, p=[0.6, 0.3, 0.1])
    kept = gais.select_sharded(X, y, 8, method="random", keep_ratio=0.05, merge=True)
    for c in range(3):
        quota = round(0.05 * (y == c).sum())
        assert abs((y[kept] == c).sum() - quota) <= 2, c
    np.testing.assert_array_equal(kept, gais.select_sharded(X, y, 8, method="random", keep_ratio=0.05, merge=True))
