"""One call of gais_select: marshal, call, unmarshal."""

import ctypes
import json
import os
import sys

import numpy as np

from . import _lib
from ._data import encoded_features as _encoded_features, features as _features, labels as _labels

_SEPARATORS = set(",; \n\t")


def setting_text(value):
    """A Python parameter value as the engine's settings text."""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, str):
        return value
    raise TypeError(f"a parameter value must be a number, a string or a bool, got {type(value).__name__}")


def settings_string(params):
    """`{"batch_size": 512, ...}` as "batch-size=512,...": names with _ spelled with -."""
    items = []
    for key, value in params.items():
        text = setting_text(value)
        name = key.replace("_", "-")
        if any(c in _SEPARATORS for c in text) or any(c in _SEPARATORS or c == "=" for c in name):
            raise ValueError(f"parameter {key!r}: {text!r} holds a separator (comma, semicolon or space)")
        items.append(f"{name}={text}")
    return ",".join(items)


def thread_count(n_jobs):
    """scikit-learn's n_jobs as the engine's threads (0 = every core)."""
    if n_jobs is None or n_jobs == -1:
        return 0
    if not isinstance(n_jobs, (int, np.integer)) or isinstance(n_jobs, bool):
        raise TypeError(f"n_jobs must be an int or None, got {type(n_jobs).__name__}")
    if n_jobs == 0:
        raise ValueError("n_jobs == 0 has no meaning; use None, -1 (every core) or a positive count")
    if n_jobs < 0:
        return max(1, (os.cpu_count() or 1) + 1 + int(n_jobs))
    return int(n_jobs)


def seed_of(random_state):
    """A 64-bit seed from scikit-learn's random_state (None: a fresh random seed)."""
    if random_state is None:
        return int(np.random.default_rng().integers(0, 2**63))
    if isinstance(random_state, (int, np.integer)) and not isinstance(random_state, bool):
        if random_state < 0:
            raise ValueError(f"random_state must be ≥ 0, got {random_state}")
        return int(random_state) & (2**64 - 1)
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(0, 2**31 - 1))
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(0, 2**63))
    raise TypeError(f"random_state must be None, an int, a RandomState or a Generator, got {type(random_state).__name__}")


class Result:
    """What one selection returns: kept row indices (ascending), per-row scores or None, and
    the engine's report (parsed JSON)."""

    def __init__(self, indices, scores, report, data_labels):
        self.indices = indices
        self.scores = scores
        self.report = report
        self.labels = data_labels


def _strings(texts):
    array = (ctypes.c_char_p * max(1, len(texts)))()
    for k, text in enumerate(texts):
        array[k] = text.encode("utf-8")
    return array


class _Table:
    """The ctypes arguments describing (X, y), kept alive as long as this object."""

    def __init__(self, X, y, encoding=None):
        data = _features(X) if encoding is None else _encoded_features(X, encoding)
        target = _labels(y)
        self.data, self.target = data, target
        numeric = data.numeric
        if numeric is not None:
            self.dtype = _lib.DTYPE_FLOAT32 if numeric.dtype == np.float32 else _lib.DTYPE_FLOAT64
            self.n_numeric = numeric.shape[1]
            self.features_pointer = numeric.ctypes.data if numeric.size else None
        else:
            self.dtype, self.n_numeric, self.features_pointer = _lib.DTYPE_FLOAT32, 0, None
        codes = data.codes
        self.q = 0 if codes is None else codes.shape[1]
        self.positions = np.asarray(data.positions, dtype=np.int64)
        self.counts = np.asarray([len(c) for c in data.categories], dtype=np.int32)
        self.category_names = _strings([name for names in data.categories for name in names])
        self.class_names = _strings(target.names)
        self.label_codes = target.codes

    def arguments(self):
        """The table arguments shared by gais_select and gais_shard_keys (up to n_classes)."""
        codes = self.data.codes
        q = self.q
        return (self.features_pointer, self.dtype, self.data.n_rows, self.n_numeric,
                codes.ctypes.data if q and codes.size else None, q,
                self.positions.ctypes.data if q else None,
                self.counts.ctypes.data if q else None, ctypes.cast(self.category_names, ctypes.c_void_p),
                self.label_codes.ctypes.data if self.label_codes.size else None, self.label_codes.shape[0],
                ctypes.cast(self.class_names, ctypes.c_void_p), len(self.target.names))


def shard_keys(X, y, seed=0, n_shards=None, threads=0):
    """Every row's shard key (uint64) and, with n_shards, its shard (int32), by the engine."""
    table = _Table(X, y)
    n = table.data.n_rows
    keys = np.empty(n, dtype=np.uint64)
    shards = np.empty(n, dtype=np.int32) if n_shards is not None else None
    _lib._safe_call(_lib.LIB.gais_shard_keys(
        *table.arguments(), seed, 0 if n_shards is None else n_shards, threads,
        keys.ctypes.data if n else None,
        (shards.ctypes.data if n else None) if shards is not None else None))
    return keys, shards


def column_summaries(X, threads=0):
    """The engine's column summaries of X: (Features, n_numeric x 4 float64, int64 frequencies)."""
    data = _features(X)
    table = _Table.__new__(_Table)
    table.data = data
    table.target = None
    numeric = data.numeric
    p = 0 if numeric is None else numeric.shape[1]
    dtype = _lib.DTYPE_FLOAT32 if numeric is not None and numeric.dtype == np.float32 else _lib.DTYPE_FLOAT64
    codes = data.codes
    q = 0 if codes is None else codes.shape[1]
    positions = np.asarray(data.positions, dtype=np.int64)
    counts = np.asarray([len(c) for c in data.categories], dtype=np.int32)
    names = _strings([name for names in data.categories for name in names])
    out_numeric = np.zeros((p, 4), dtype=np.float64)
    out_frequencies = np.zeros(int(counts.sum()), dtype=np.int64)
    _lib._safe_call(_lib.LIB.gais_column_summaries(
        numeric.ctypes.data if numeric is not None and numeric.size else None, dtype, data.n_rows, p,
        codes.ctypes.data if q and codes.size else None, q, positions.ctypes.data if q else None,
        counts.ctypes.data if q else None, ctypes.cast(names, ctypes.c_void_p), threads,
        out_numeric.ctypes.data if p else None, out_frequencies.ctypes.data if out_frequencies.size else None))
    return data, out_numeric, out_frequencies


def run(X, y, method, settings="", seed=0, threads=0, verbose=False, encoding=None):
    """Selects rows of (X, y) with `method` and `settings` (the engine's key=value text); with
    `encoding` (an `Encoding`), with the scaling it summarises instead of X's own."""
    table = _Table(X, y, encoding)
    data, target = table.data, table.target
    n = data.n_rows
    progress = _lib.PROGRESS()  # NULL
    if verbose:
        def tell(message, _):
            try:
                sys.stderr.write(f"gais: {message.decode('utf-8', 'replace')}\n")
                sys.stderr.flush()
            except Exception:  # never let a broken stderr fail the selection
                pass
        progress = _lib.PROGRESS(tell)

    out_indices = ctypes.c_void_p()
    out_count = ctypes.c_int64()
    out_scores = ctypes.c_void_p()
    out_report = ctypes.c_void_p()
    name = target.name.encode("utf-8") if target.name else None
    call_tail = (method.encode("utf-8"), settings.encode("utf-8"), seed, threads, progress, None)
    if encoding is None:
        call = _lib.LIB.gais_select(*table.arguments(), name, *call_tail,
                                    ctypes.byref(out_indices), ctypes.byref(out_count), ctypes.byref(out_scores),
                                    ctypes.byref(out_report))
    else:
        summaries, frequencies = data.numeric_summaries, data.category_frequencies
        call = _lib.LIB.gais_select_scaled(
            *table.arguments(), name,
            summaries.ctypes.data if summaries.size else None, frequencies.ctypes.data if frequencies.size else None,
            *call_tail, ctypes.byref(out_indices), ctypes.byref(out_count), ctypes.byref(out_scores),
            ctypes.byref(out_report))
    _lib._safe_call(call)
    try:
        count = out_count.value
        indices = np.ctypeslib.as_array(ctypes.cast(out_indices, _lib.c_int64_p), shape=(max(count, 1),))[:count].copy()
        scores = None
        if out_scores.value:
            scores = np.ctypeslib.as_array(ctypes.cast(out_scores, ctypes.POINTER(ctypes.c_float)), shape=(n,)).copy()
        report = json.loads(ctypes.string_at(out_report.value).decode("utf-8"))
    finally:
        _lib.LIB.gais_free(out_indices)
        _lib.LIB.gais_free(out_scores)
        _lib.LIB.gais_free(out_report)
    return Result(indices.astype(np.intp, copy=False), scores, report, target)
