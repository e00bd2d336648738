"""Loading libgais and calling it: the ctypes signatures of include/gais.h and `_safe_call`."""

import ctypes
import json
import os
import threading

_DIR = os.path.dirname(os.path.abspath(__file__))

c_char_pp = ctypes.POINTER(ctypes.c_char_p)
c_int64_p = ctypes.POINTER(ctypes.c_int64)
c_int32_p = ctypes.POINTER(ctypes.c_int32)
PROGRESS = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_void_p)

DTYPE_FLOAT32 = 0
DTYPE_FLOAT64 = 1


class GAISLibraryError(ImportError):
    """The native library could not be found or loaded."""


def _library_path():
    override = os.environ.get("GAIS_LIBRARY")
    if override:
        return override
    for name in ("libgais.so", "libgais.dylib"):
        path = os.path.join(_DIR, name)
        if os.path.exists(path):
            return path
    raise GAISLibraryError(
        f"libgais is missing from {_DIR}; install the package with `pip install ./python` from "
        "the GAIS repository (it builds the library with `swift build -c release`), or set "
        "GAIS_LIBRARY to a built libGAISC.so")


def _load():
    path = _library_path()
    try:
        lib = ctypes.CDLL(path)
    except OSError as error:
        raise GAISLibraryError(f"cannot load {path}: {error}") from error
    lib.gais_version.restype = ctypes.c_char_p
    lib.gais_version.argtypes = []
    lib.gais_last_error.restype = ctypes.c_char_p
    lib.gais_last_error.argtypes = []
    lib.gais_free.restype = None
    lib.gais_free.argtypes = [ctypes.c_void_p]
    lib.gais_methods_json.restype = ctypes.c_int
    lib.gais_methods_json.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
    lib.gais_check_settings.restype = ctypes.c_int
    lib.gais_check_settings.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    lib.gais_select.restype = ctypes.c_int
    lib.gais_select.argtypes = [
        ctypes.c_void_p, ctypes.c_int32, ctypes.c_int64, ctypes.c_int64,       # features, dtype, rows, numeric
        ctypes.c_void_p, ctypes.c_int64, ctypes.c_void_p,                      # codes, n_categorical, positions
        ctypes.c_void_p, ctypes.c_void_p,                                      # category counts, names
        ctypes.c_void_p, ctypes.c_int64, ctypes.c_void_p, ctypes.c_int32,      # labels, n_labels, class names, n
        ctypes.c_char_p,                                                       # label name
        ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint64, ctypes.c_int32,     # method, settings, seed, threads
        PROGRESS, ctypes.c_void_p,                                             # progress, its data
        ctypes.POINTER(ctypes.c_void_p), c_int64_p,                            # out indices, count
        ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_void_p),      # out scores, report
    ]
    table = [
        ctypes.c_void_p, ctypes.c_int32, ctypes.c_int64, ctypes.c_int64,       # features, dtype, rows, numeric
        ctypes.c_void_p, ctypes.c_int64, ctypes.c_void_p,                      # codes, n_categorical, positions
        ctypes.c_void_p, ctypes.c_void_p,                                      # category counts, names
        ctypes.c_void_p, ctypes.c_int64, ctypes.c_void_p, ctypes.c_int32,      # labels, n_labels, class names, n
    ]
    lib.gais_select_scaled.restype = ctypes.c_int
    lib.gais_select_scaled.argtypes = lib.gais_select.argtypes[:14] + [
        ctypes.c_void_p, ctypes.c_void_p,                                      # numeric summaries, frequencies
    ] + lib.gais_select.argtypes[14:]
    lib.gais_shard_keys.restype = ctypes.c_int
    lib.gais_shard_keys.argtypes = table + [
        ctypes.c_uint64, ctypes.c_int64, ctypes.c_int32,                       # seed, n_shards, threads
        ctypes.c_void_p, ctypes.c_void_p,                                      # out keys, out shards
    ]
    lib.gais_column_summaries.restype = ctypes.c_int
    lib.gais_column_summaries.argtypes = table[:9] + [ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p]
    lib.gais_shard_seed.restype = ctypes.c_uint64
    lib.gais_shard_seed.argtypes = [ctypes.c_uint64, ctypes.c_int64]
    return lib


LIB = _load()
_lock = threading.Lock()
_methods = None


def _safe_call(status):
    """Turns a failed call (-1) into a ValueError carrying the engine's message."""
    if status != 0:
        raise ValueError(LIB.gais_last_error().decode("utf-8", "replace"))


def version():
    """The engine's version."""
    return LIB.gais_version().decode()


def methods():
    """Every method and its parameters, as the engine describes them (parsed gais_methods_json)."""
    global _methods
    with _lock:
        if _methods is None:
            pointer = ctypes.c_void_p()
            _safe_call(LIB.gais_methods_json(ctypes.byref(pointer)))
            try:
                _methods = json.loads(ctypes.string_at(pointer.value).decode("utf-8"))
            finally:
                LIB.gais_free(pointer)
    return _methods


