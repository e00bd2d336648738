"""Bad input raises ValueError or TypeError with the engine's (the CLI's) message."""

import threading

import numpy as np
import pytest

import gais


def test_unknown_method(blobs):
    X, y = blobs
    with pytest.raises(ValueError, match=r"^unknown method 'nope'; methods: gais, gais-lsh,"):
        gais.select(X, y, method="nope")


def test_unknown_and_inapplicable_parameters(blobs):
    X, y = blobs
    with pytest.raises(ValueError, match=r"^unknown parameter 'frobnicate' of enn; its parameters: neighbors$"):
        gais.select(X, y, method="enn", frobnicate=3)
    with pytest.raises(ValueError, match=r"^parameter 'batch-size' does not apply to enn; it applies to gais$"):
        gais.select(X, y, method="enn", batch_size=8)
    with pytest.raises(ValueError, match=r"^parameter 'bits' does not apply to gais; it applies to gais-lsh"):
        gais.GAISSampler(bits=6).fit_resample(X, y)


def test_values_out_of_range(blobs):
    X, y = blobs
    with pytest.raises(ValueError, match=r"^parameter 'neighbors' of enn must be a whole number ≥ 1, got 0$"):
        gais.ENNSampler(neighbors=0).fit_resample(X, y)
    with pytest.raises(ValueError, match=r"^parameter 'keep-ratio' of gais must be a number in \(0, 1\], got 1.5$"):
        gais.GAISSampler(keep_ratio=1.5).fit_resample(X, y)
    with pytest.raises(ValueError, match=r"^give only one of keep-ratio, reduction, keep to random$"):
        gais.RandomSampler(keep_ratio=0.2, keep=10).fit_resample(X, y)
    with pytest.raises(ValueError, match=r"^parameter 'spread' of gais applies only with rule=top$"):
        gais.GAISSampler(spread=True).fit_resample(X, y)
    with pytest.raises(ValueError, match=r"must be one of minibatch, lsh"):
        gais.GAISSampler(graph="tree").fit_resample(X, y)


def test_wrong_types(blobs):
    X, y = blobs
    with pytest.raises(TypeError):
        gais.ENNSampler(neighbors=[3]).fit_resample(X, y)
    with pytest.raises(TypeError):
        gais.select("not an array", y)
    with pytest.raises(TypeError):
        gais.select(X.astype(np.complex64), y)
    with pytest.raises(TypeError):
        gais.select(X, y, n_jobs="all")


def test_single_class_is_the_cli_message(blobs):
    X, _ = blobs
    with pytest.raises(ValueError, match=r"^only one class \('a'\); instance selection needs at least two$"):
        gais.select(X, ["a"] * len(X))


def test_bad_shapes(blobs):
    X, y = blobs
    with pytest.raises(ValueError, match=r"^599 labels for 600 rows$"):
        gais.select(X, y[:-1])
    with pytest.raises(ValueError, match="2-dimensional"):
        gais.select(X[:, 0], y)
    with pytest.raises(ValueError, match="2-dimensional"):
        gais.select(X.reshape(600, 2, 2), y)
    with pytest.raises(ValueError, match=r"^the data set has no rows$"):
        gais.select(np.zeros((0, 3), dtype=np.float32), np.zeros(0, dtype=int))


def test_nan_and_missing_labels(blobs):
    X, y = blobs
    labels = y.astype(float)
    labels[17] = np.nan
    with pytest.raises(ValueError, match=r"^row 17: missing class label$"):
        gais.select(X, labels)
    objects = list(y)
    objects[3] = None
    with pytest.raises(ValueError, match=r"^row 3: missing class label$"):
        gais.ENNSampler().fit_resample(X, objects)


def test_infinite_values_and_continuous_or_multilabel_targets(blobs):
    X, y = blobs
    bad = X.copy()
    bad[5, 2] = np.inf
    with pytest.raises(ValueError, match=r"^column 2: a value is infinite or out of range$"):
        gais.select(bad, y)
    with pytest.raises(ValueError, match="Unknown label type"):
        gais.select(X, np.linspace(0, 1, len(X)))
    with pytest.raises(ValueError, match="Multilabel"):
        gais.select(X, np.random.default_rng(0).integers(0, 2, size=(len(X), 3)))


def test_constant_features(blobs):
    _, y = blobs
    with pytest.raises(ValueError, match=r"^every feature column is constant; nothing to select on$"):
        gais.select(np.ones((len(y), 3), dtype=np.float32), y, method="enn")


def test_nothing_on_stdout(blobs, capfd):
    X, y = blobs
    gais.GAISSampler(random_state=0).fit_resample(X, y)
    gais.ENNSampler(verbose=False).fit_resample(X, y)
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    gais.GAISSampler(random_state=0, rule="cover", verbose=True).fit_resample(X, y)
    out, err = capfd.readouterr()
    assert out == ""
    assert "gais: training" in err
