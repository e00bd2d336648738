"""One call of gais_select: marshal, call, unmarshal."""

import ctypes
import json
import os
import sys

import numpy as np

from . import _lib
from ._data import features as _features, labels as _labels

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


def run(X, y, method, settings="", seed=0, threads=0, verbose=False):
    """Selects rows of (X, y) with `method` and `settings` (the engine's key=value text)."""
    data = _features(X)
    target = _labels(y)
    n = data.n_rows
    numeric = data.numeric
    if numeric is not None:
        dtype = _lib.DTYPE_FLOAT32 if numeric.dtype == np.float32 else _lib.DTYPE_FLOAT64
        n_numeric = numeric.shape[1]
        features_pointer = numeric.ctypes.data if numeric.size else None
    else:
        dtype, n_numeric, features_pointer = _lib.DTYPE_FLOAT32, 0, None
    codes = data.codes
    q = 0 if codes is None else codes.shape[1]
    positions = np.asarray(data.positions, dtype=np.int64)
    counts = np.asarray([len(c) for c in data.categories], dtype=np.int32)
    category_names = _strings([name for names in data.categories for name in names])
    class_names = _strings(target.names)
    label_codes = target.codes

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
    _lib._safe_call(_lib.LIB.gais_select(
        features_pointer, dtype, n, n_numeric,
        codes.ctypes.data if q and codes.size else None, q,
        positions.ctypes.data if q else None,
        counts.ctypes.data if q else None, ctypes.cast(category_names, ctypes.c_void_p),
        label_codes.ctypes.data if label_codes.size else None, label_codes.shape[0],
        ctypes.cast(class_names, ctypes.c_void_p), len(target.names),
        target.name.encode("utf-8") if target.name else None,
        method.encode("utf-8"), settings.encode("utf-8"), seed, threads,
        progress, None,
        ctypes.byref(out_indices), ctypes.byref(out_count), ctypes.byref(out_scores), ctypes.byref(out_report)))
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
