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
    core); the result does not depend on it. encoding: an `Encoding` (the column summaries of a
    larger table X is a part of) to encode X with that table's scaling instead of X's own.
    """
    result = _run(X, y, method, _given_settings(method, keep_ratio, params), seed=_seed_of(random_state),
                  threads=_thread_count(n_jobs), verbose=verbose, encoding=encoding)
    return result.indices


def shard_keys(X, y, random_state=0, n_jobs=None):
    """Every row's 64-bit shard key (uint64 array): a hash of the seed, the row's class name and
    its values in column order (docs/spark.md), computed by the engine. It depends on the row's
    content only, so any part of a table gives its rows the keys the whole would."""
    keys, _ = _shard_keys(X, y, seed=_seed_of(random_state), threads=_thread_count(n_jobs))
    return keys


def shards(X, y, n_shards, random_state=0, n_jobs=None):
    """Every row's shard in 0..n_shards-1 (int32 array), by the rule of `gais select --shard`:
    within each class, rows ranked by shard key (ties by position) are dealt to the shards in
    turn, so shard s holds ⌈n_c/n⌉ or ⌊n_c/n⌋ rows of every class c."""
    _, result = _shard_keys(X, y, seed=_seed_of(random_state), n_shards=_shard_count(n_shards),
                            threads=_thread_count(n_jobs))
    return result


def shard_seed(random_state, shard):
    """The seed shard `shard` of a sharded run with `random_state` is selected with; shard=None:
    the seed of the merge pass."""
    return int(_lib.LIB.gais_shard_seed(_seed_of(random_state), -1 if shard is None else int(shard)))


def shard_order(X, y, n_shards, shard, random_state=0, n_jobs=None):
    """The positions of the rows of shard `shard`, in the order its selection sees them (by
    shard key, ties by position), as `gais select --shard` and `gais.spark` select them."""
    keys, assigned = _shard_keys(X, y, seed=_seed_of(random_state), n_shards=_shard_count(n_shards),
                                 threads=_thread_count(n_jobs))
    rows = _np.flatnonzero(assigned == shard)
    return rows[_np.lexsort((rows, keys[rows]))]


def select_sharded(X, y, n_shards, method="gais", keep_ratio=0.04, random_state=0, n_jobs=None,
                   merge=False, merge_factor=4.0, **params):
    """Indices (ascending) of the rows kept by selecting inside each of `n_shards` stratified
    shards (`shards`), with the whole table's scaling (`Encoding.fit(X)`) and each shard's
    derived seed (`shard_seed`), then taking the union: in one process, what `gais.spark.select`
    and the n runs of `gais select --shard i/n` give.

    merge=True (methods that take a size): each shard keeps min(1, merge_factor·keep_ratio) of
    its rows, and one more selection over their union (in key order, seed `shard_seed(s,
    None)`) keeps the share that brings the total back to keep_ratio (the merge step of
    MapReduce prototype reduction; docs/spark.md says when it helps). Other methods: the merge
    runs the method once more over the union.
    """
    if "keep" in params:
        raise ValueError("keep= (a total) cannot be shared between shards; use keep_ratio")
    if "reduction" in params:
        keep_ratio = 1 - float(params.pop("reduction"))
    n_shards = _shard_count(n_shards)
    seed = _seed_of(random_state)
    shard_ratio, merge_ratio = _merge_ratios(method, keep_ratio, merge, merge_factor)
    check_settings(method, shard_ratio, **params)
    encoding = Encoding.fit(X)
    keys, assigned = _shard_keys(X, y, seed=seed, n_shards=n_shards, threads=_thread_count(n_jobs))
    from ._data import take_rows
    kept = []
    for shard in range(n_shards):
        rows = _np.flatnonzero(assigned == shard)
        if rows.size == 0:
            continue
        rows = rows[_np.lexsort((rows, keys[rows]))]
        try:
            chosen = select(take_rows(X, rows), take_rows(y, rows), method=method, keep_ratio=shard_ratio,
                            random_state=shard_seed(seed, shard), n_jobs=n_jobs, encoding=encoding, **params)
        except ValueError as error:
            raise ValueError(f"shard {shard} of {n_shards} ({rows.size} rows): {error}") from None
        kept.append(rows[chosen])
    union = _np.concatenate(kept) if kept else _np.empty(0, dtype=_np.intp)
    if not merge:
        return _np.sort(union)
    union = union[_np.lexsort((union, keys[union]))]
    try:
        chosen = select(take_rows(X, union), take_rows(y, union), method=method, keep_ratio=merge_ratio,
                        random_state=shard_seed(seed, None), n_jobs=n_jobs, encoding=encoding, **params)
    except ValueError as error:
        raise ValueError(f"merge pass over the {n_shards} shards' selections ({union.size} rows): {error}") from None
    return _np.sort(union[chosen])


def _shard_count(n_shards):
    if not isinstance(n_shards, (int, _np.integer)) or isinstance(n_shards, bool) or n_shards < 1:
        raise ValueError(f"n_shards must be a whole number ≥ 1, got {n_shards!r}")
    return int(n_shards)


def _takes_ratio(method):
    return any(m["name"] == method and any(p["name"] == "keep-ratio" for p in m["parameters"])
               for m in _lib.methods())


def _merge_ratios(method, keep_ratio, merge, merge_factor):
    """The shards' keep ratio and the merge pass's: with merge, shards keep merge_factor times
    more and the merge keeps the share that brings the total back to keep_ratio (methods
    without a size keep their own rule in both passes)."""
    if not merge:
        return keep_ratio, None
    if isinstance(merge_factor, bool) or not isinstance(merge_factor, (int, float, _np.integer, _np.floating)) \
            or not merge_factor >= 1:
        raise ValueError(f"merge_factor must be a number ≥ 1, got {merge_factor!r}")
    if not _takes_ratio(method) or keep_ratio is None:
        return keep_ratio, keep_ratio
    shard_ratio = min(1.0, float(keep_ratio) * float(merge_factor))
    return shard_ratio, min(1.0, float(keep_ratio) / shard_ratio)


__all__ = ["select", "select_sharded", "shards", "shard_keys", "shard_seed", "shard_order", "check_settings",
           "methods", "engine_version", "Encoding", "NumericSummary", "CategoricalSummary", *_SAMPLERS]
