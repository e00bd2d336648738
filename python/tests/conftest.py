"""Shared fixtures: the repository, the CLI binary the package's library was built with, data."""

import os
import subprocess

import numpy as np
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEEL = os.path.join(REPO, "Datasets", "keel")
MISSING = ["?", "", "NA", "NaN"]


def cli_path():
    return os.environ.get("GAIS_CLI", os.path.join(REPO, ".build", "release", "gais"))


@pytest.fixture(scope="session")
def cli():
    path = cli_path()
    if not os.path.exists(path):
        pytest.fail(f"{path} is missing: build it with `swift build -c release` (or set GAIS_CLI)")
    return path


def cli_indices(cli, path, method, seed=0, args=(), tmp_path=None):
    out = os.path.join(str(tmp_path), f"indices-{method}-{seed}.txt")
    subprocess.run([cli, "select", path, "--method", method, "--seed", str(seed), "--indices", out, *args],
                   check=True, capture_output=True)
    with open(out) as f:
        return np.array([int(line) for line in f if line.strip()], dtype=np.int64)


def read_csv(path, **kwargs):
    """A headerless bundled CSV as the CLI reads it: features (DataFrame) and labels (Series)."""
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(path, header=None, skipinitialspace=True, na_values=MISSING, keep_default_na=False,
                        **kwargs)
    return frame.iloc[:, :-1], frame.iloc[:, -1]


def numeric_csv(path, dtype=np.float32):
    """A headerless all-numeric CSV as a NumPy matrix and labels."""
    X, y = read_csv(path)
    return X.to_numpy(dtype=np.float64).astype(dtype), y.to_numpy()


@pytest.fixture
def blobs():
    rng = np.random.default_rng(7)
    n = 600
    y = rng.integers(0, 3, size=n)
    X = (rng.normal(size=(n, 4)) + y[:, None] * 0.8).astype(np.float32)
    return X, y
