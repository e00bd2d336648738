"""GAIS from Python: instance selection by the GAIS engine (graph attention-based instance
selection and the classic selectors), through its C interface.

    import gais
    kept = gais.select(X, y, keep_ratio=0.04, random_state=0)          # row indices
    X_small, y_small = gais.GAISSampler(keep_ratio=0.04).fit_resample(X, y)

The engine does all the work (encoding, validation, selection); this package only passes
arrays. C-contiguous float32 features are read in place, without a copy.
"""

import numpy as _np

from . import _lib
from ._encoding import CategoricalSummary, Encoding, NumericSummary
from ._select import run as _run, shard_keys as _shard_keys, seed_of as _seed_of, settings_string as _settings_string
from ._select import thread_count as _thread_count
from .samplers import SAMPLERS as _SAMPLERS

__version__ = "0.2.0"

# One module attribute per sampler (GAISSampler, PrototypesSampler, …, LSBoSampler), named as
# `samplers.SAMPLERS` names them.
globals().update(_SAMPLERS)


def engine_version():
    """The version of the loaded libgais."""
    return _lib.version()


def methods():
    """Every method with its parameters, as the engine describes them (a list of dicts)."""
    return _lib.methods()


def _given_settings(method, keep_ratio, params):
    """The settings text: `keep_ratio` is passed to the methods that take a size, and to the
    others only when changed from its default."""
    catalog = {m["name"]: m for m in _lib.methods()}
    given = dict(params)
    takes_ratio = method in catalog and any(p["name"] == "keep-ratio" for p in catalog[method]["parameters"])
    if keep_ratio is not None and not (keep_ratio == 0.04 and (not takes_ratio or "reduction" in given
                                                                or "keep" in given)):
        given = {"keep_ratio": keep_ratio, **given}
    return _settings_string(given)


def check_settings(method="gais", keep_ratio=0.04, **params):
    """Raises the engine's ValueError when `method` or its parameters are wrong, without data."""
    _lib._safe_call(_lib.LIB.gais_check_settings(method.encode("utf-8"),
                                                 _given_settings(method, keep_ratio, params).encode("utf-8")))


def select(X, y, method="gais", keep_ratio=0.04, random_state=0, n_jobs=None, verbose=False, encoding=None,
           **params):
    """Indices (ascending) of the rows of (X, y) that `method` keeps.

    X: ndarray (any float dtype, C or Fortran order), DataFrame (numeric, category, object and
    string columns; the latter three one-hot encoded as the CLI encodes text columns), sparse
    matrix (densified) or nested list. y: labels of any hashable type. `keep_ratio` is passed to
    the methods that take a size (gais*, random) and ignored by the others while left at 0.04;
    any other parameter goes by its CLI name with `_` for `-` (``batch_size=512``), validated by
    the engine (a bad one raises its ValueError). n_jobs: worker threads (None or -1: every
    core); the result does not depend on it.
    """
    catalog = {m["name"]: m for m in _lib.methods()}
    given = dict(params)
    takes_ratio = method in catalog and any(p["name"] == "keep-ratio" for p in catalog[method]["parameters"])
    if keep_ratio is not None and not (keep_ratio == 0.04 and (not takes_ratio or "reduction" in given
                                                                or "keep" in given)):
        given = {"keep_ratio": keep_ratio, **given}
    result = _run(X, y, method, _settings_string(given), seed=_seed_of(random_state),
                  threads=_thread_count(n_jobs), verbose=verbose)
    return result.indices


__all__ = ["select", "select_sharded", "shards", "shard_keys", "shard_seed", "shard_order", "check_settings",
           "methods", "engine_version", "Encoding", "NumericSummary", "CategoricalSummary", *_SAMPLERS]
