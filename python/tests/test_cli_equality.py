"""The same rows through Python give the same selection as `gais select` on the file: every
method, bit for bit, and with parameters."""

import os

import numpy as np
import pytest

import gais
from conftest import KEEL, cli_indices, numeric_csv, read_csv

ALL_METHODS = [m["name"] for m in gais.methods()]


def test_every_engine_method_is_covered():
    assert len(ALL_METHODS) == 17


@pytest.mark.parametrize("method", ALL_METHODS)
def test_numeric_file_equals_cli(cli, tmp_path, method):
    path = os.path.join(KEEL, "pima.csv")
    X, y = numeric_csv(path)
    expected = cli_indices(cli, path, method, seed=3, tmp_path=tmp_path)
    kept = gais.select(X, y, method=method, random_state=3)
    assert kept.dtype.kind == "i"
    np.testing.assert_array_equal(kept, expected)


@pytest.mark.parametrize("method", ALL_METHODS)
def test_text_columns_equal_cli(cli, tmp_path, method):
    # crx: numeric and text columns interleaved, text classes.
    path = os.path.join(KEEL, "crx.csv")
    X, y = read_csv(path)
    expected = cli_indices(cli, path, method, seed=1, tmp_path=tmp_path)
    np.testing.assert_array_equal(gais.select(X, y, method=method, random_state=1), expected)


@pytest.mark.parametrize("method,cli_args,params", [
    ("gais", ["--keep-ratio", "0.1", "--graph-neighbors", "5", "--rule", "top", "--spread"],
     dict(keep_ratio=0.1, graph_neighbors=5, rule="top", spread=True)),
    ("gais-lsh", ["--reduction", "0.9", "--bits", "6", "--epochs", "50"], dict(reduction=0.9, bits=6, epochs=50)),
    ("gais-chunk", ["--keep", "40", "--window", "300", "--overlap", "30"], dict(keep=40, window=300, overlap=30)),
    ("random", ["--keep-ratio", "0.25"], dict(keep_ratio=0.25)),
    ("enn", ["--neighbors", "7"], dict(neighbors=7)),
    ("allknn", ["--neighbors", "5"], dict(neighbors=5)),
])
def test_parameters_equal_cli(cli, tmp_path, method, cli_args, params):
    path = os.path.join(KEEL, "german.csv")
    X, y = read_csv(path)
    expected = cli_indices(cli, path, method, seed=11, args=cli_args, tmp_path=tmp_path)
    np.testing.assert_array_equal(gais.select(X, y, method=method, random_state=11, **params), expected)


def test_samplers_equal_cli(cli, tmp_path):
    path = os.path.join(KEEL, "pima.csv")
    X, y = numeric_csv(path)
    for graph in ["minibatch", "lsh", "lsh-multilevel", "lsh-multiview", "chunk"]:
        method = "gais" if graph == "minibatch" else "gais-" + graph
        sampler = gais.GAISSampler(graph=graph, random_state=5, n_jobs=1)
        X_res, y_res = sampler.fit_resample(X, y)
        expected = cli_indices(cli, path, method, seed=5, tmp_path=tmp_path)
        np.testing.assert_array_equal(sampler.sample_indices_, expected)
        np.testing.assert_array_equal(X_res, X[expected])
        assert sampler.report_["method"] == method
        if method == "gais":  # the default rule, centroid, has no network and so no scores
            assert not hasattr(sampler, "scores_")
        else:
            assert sampler.scores_.shape == (X.shape[0],)


def test_float64_and_fortran_order_equal_float32(cli, tmp_path):
    path = os.path.join(KEEL, "segment.csv")
    X32, y = numeric_csv(path)
    expected = cli_indices(cli, path, "gais", seed=2, tmp_path=tmp_path)
    for X in [X32, np.asfortranarray(X32), X32.astype(np.float64), np.asfortranarray(X32.astype(np.float64))]:
        np.testing.assert_array_equal(gais.select(X, y, random_state=2), expected)


def test_pandas_categorical_with_missing_values_equals_cli(cli, tmp_path):
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(4)
    n = 400
    colours = np.array(["red", "green", "blue", "dark red"])
    rows = []
    for i in range(n):
        c = rng.integers(0, 3)
        a = "?" if rng.random() < 0.05 else f"{rng.normal() + c:.3f}"
        colour = "" if rng.random() < 0.05 else colours[(c + rng.integers(0, 2)) % 4]
        size = ["S", "M", "L", "XL"][rng.integers(0, 4)]
        b = "NA" if rng.random() < 0.05 else f"{rng.normal() * 3 - c:.2f}"
        rows.append(f"{a},{colour},{b},{size},class {'xyz'[c]}")
    path = tmp_path / "mixed.csv"
    path.write_text("a,colour,b,size,label\n" + "\n".join(rows) + "\n")
    expected = {m: cli_indices(cli, str(path), m, seed=9, tmp_path=tmp_path) for m in ["gais", "enn", "cnn"]}
    frame = pd.read_csv(path, na_values=["?", "", "NA"], keep_default_na=False)
    X, y = frame.drop(columns="label"), frame["label"]
    # object columns, category columns (in another category order), and string dtype
    variants = [X, X.astype({"colour": "category", "size": pd.CategoricalDtype(["XL", "S", "M", "L"])}),
                X.astype({"colour": "string", "size": "string"})]
    for variant in variants:
        for method, rows_expected in expected.items():
            np.testing.assert_array_equal(gais.select(variant, y, method=method, random_state=9), rows_expected)
    sampler = gais.ENNSampler()
    X_res, y_res = sampler.fit_resample(X, y)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.index) == list(expected["enn"])
    assert sampler.report_["input"]["label"] == "label"
