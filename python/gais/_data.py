"""Marshalling: features and labels from NumPy, pandas, SciPy sparse matrices or lists into the
buffers gais_select reads, and the kept rows back in the caller's own type.

Nothing here encodes or validates the method's parameters: the engine does (the same encoder
and messages as `gais select`). Only what ctypes needs is decided here: the dtype and layout
of the buffers (copying only when the dtype or layout requires it), which columns are
categorical, and the class of each row.
"""

import numbers

import numpy as np


def _pandas():
    try:
        import pandas
    except ImportError:  # pandas is optional
        return None
    return pandas


def _is_sparse(X):
    return hasattr(X, "tocsr") and hasattr(X, "toarray") and hasattr(X, "nnz")


class Features:
    """The feature columns as gais_select takes them.

    numeric: C-contiguous float32 or float64 array (n_rows x n_numeric), or None.
    codes: C-contiguous int32 array (n_rows x n_categorical), -1 = missing, or None.
    positions: position of each categorical column among all columns (ascending).
    categories: each categorical column's category names (str), in code order.
    """

    def __init__(self, n_rows, numeric, codes, positions, categories, columns=None):
        self.n_rows = n_rows
        self.numeric = numeric
        self.codes = codes
        self.positions = positions
        self.categories = categories
        self.columns = columns

    @property
    def n_columns(self):
        p = 0 if self.numeric is None else self.numeric.shape[1]
        return p + len(self.positions)


def _float_matrix(array):
    """`array` (2-D, numeric) as float32/float64 C order, copying only when needed."""
    if array.dtype == np.float32 or array.dtype == np.float64:
        return np.ascontiguousarray(array)
    if array.dtype.kind == "f" and array.dtype.itemsize < 4:
        return np.ascontiguousarray(array, dtype=np.float32)
    if array.dtype.kind in "fiub":
        return np.ascontiguousarray(array, dtype=np.float64)
    raise TypeError(f"X has dtype {array.dtype}; expected numbers, strings or categories")


def _missing(value):
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN (float, numpy, pandas NA-like)
    except (TypeError, ValueError):
        pd = _pandas()
        return pd is not None and value is pd.NA


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, (np.generic,)):
        value = value.item()
    return str(value)


def _factorize(values):
    """Codes (int32, -1 missing) and category names (str) of a sequence of values."""
    pd = _pandas()
    if pd is not None:
        codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
        names = [_text(u) for u in uniques]
        return _merge_equal_names(codes.astype(np.int32), names)
    index = {}
    codes = np.empty(len(values), dtype=np.int32)
    names = []
    for i, value in enumerate(values):
        if _missing(value):
            codes[i] = -1
            continue
        key = _text(value)
        code = index.get(key)
        if code is None:
            code = index[key] = len(names)
            names.append(key)
        codes[i] = code
    return codes, names


def _merge_equal_names(codes, names):
    """Values that differ but print the same (1 and "1") become one category, as in a file."""
    if len(set(names)) == len(names):
        return codes, names
    index, merged, remap = {}, [], np.empty(len(names), dtype=np.int32)
    for k, name in enumerate(names):
        if name not in index:
            index[name] = len(merged)
            merged.append(name)
        remap[k] = index[name]
    return np.where(codes >= 0, remap[np.maximum(codes, 0)], -1).astype(np.int32), merged


def _object_column_is_numeric(column):
    return all(isinstance(v, numbers.Real) and not isinstance(v, bool) or _missing(v) for v in column)


def _from_columns(n_rows, kinds, names=None):
    """Features from a list of ('numeric', float array) / ('categorical', (codes, names))."""
    numeric_columns = [data for kind, data in kinds if kind == "numeric"]
    positions = [j for j, (kind, _) in enumerate(kinds) if kind == "categorical"]
    numeric = None
    if numeric_columns:
        dtype = np.float32 if all(c.dtype == np.float32 for c in numeric_columns) else np.float64
        numeric = np.empty((n_rows, len(numeric_columns)), dtype=dtype)
        for j, column in enumerate(numeric_columns):
            numeric[:, j] = column
    codes = None
    categories = []
    if positions:
        codes = np.empty((n_rows, len(positions)), dtype=np.int32)
        for k, j in enumerate(positions):
            codes[:, k], cats = kinds[j][1]
            categories.append(cats)
    return Features(n_rows, numeric, codes, positions, categories, names)


def features(X):
    """`X` (ndarray, DataFrame, sparse matrix or nested list) as `Features`."""
    pd = _pandas()
    if pd is not None and isinstance(X, pd.DataFrame):
        return _dataframe_features(X, pd)
    if _is_sparse(X):
        X = X.toarray()
    if isinstance(X, (str, bytes, dict)) or not hasattr(X, "__len__") and not hasattr(X, "__array__"):
        raise TypeError(f"X must be an array-like of shape (n_samples, n_features), got {type(X).__name__}")
    array = np.asarray(X)
    if not isinstance(X, np.ndarray) and array.dtype.kind in "US":
        array = np.asarray(X, dtype=object)  # a list mixing numbers and text: keep the numbers
    if array.ndim != 2:
        raise ValueError(f"X must be 2-dimensional (n_samples, n_features), got shape {array.shape}")
    n = array.shape[0]
    if array.dtype.kind in "fiub":
        return Features(n, _float_matrix(array), None, [], [])
    if array.dtype.kind in "USO":
        kinds = []
        for j in range(array.shape[1]):
            column = array[:, j]
            if array.dtype.kind == "O" and _object_column_is_numeric(column):
                kinds.append(("numeric", np.array([np.nan if _missing(v) else float(v) for v in column],
                                                  dtype=np.float64)))
            else:
                kinds.append(("categorical", _factorize(column)))
        return _from_columns(n, kinds)
    raise TypeError(f"X has dtype {array.dtype}; expected numbers, strings or categories")


def _dataframe_features(frame, pd):
    n = len(frame)
    kinds = []
    for name in frame.columns:
        column = frame[name]
        dtype = column.dtype
        if isinstance(dtype, pd.SparseDtype):
            column = column.sparse.to_dense()
            dtype = column.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            codes = column.cat.codes.to_numpy(dtype=np.int32)
            names = [_text(c) for c in column.cat.categories]
            kinds.append(("categorical", _merge_equal_names(codes, names)))
        elif pd.api.types.is_bool_dtype(dtype):
            kinds.append(("categorical", _factorize(column.to_numpy(dtype=object))))
        elif pd.api.types.is_numeric_dtype(dtype):
            if pd.api.types.is_complex_dtype(dtype):
                raise TypeError(f"column {name!r} has dtype {dtype}; expected numbers, strings or categories")
            values = column.to_numpy(dtype=np.float32 if dtype == np.float32 else np.float64, na_value=np.nan)
            kinds.append(("numeric", values))
        elif pd.api.types.is_string_dtype(dtype) or pd.api.types.is_object_dtype(dtype):
            kinds.append(("categorical", _factorize(column.to_numpy(dtype=object))))
        else:
            raise TypeError(f"column {name!r} has dtype {dtype}; convert it to numbers or categories")
    return _from_columns(n, kinds, names=list(frame.columns))


def take_rows(X, indices):
    """The rows `indices` of `X`, in `X`'s own type (DataFrame, sparse matrix, list, ndarray)."""
    pd = _pandas()
    if pd is not None and isinstance(X, (pd.DataFrame, pd.Series)):
        return X.iloc[indices]
    if _is_sparse(X):
        try:
            return X[indices]
        except TypeError:  # COO and other formats without row indexing
            return X.tocsr()[indices]
    if isinstance(X, np.ndarray):
        return X[indices]
    if isinstance(X, (list, tuple)):
        return [X[i] for i in indices]
    return np.asarray(X)[indices]


class Labels:
    """Class codes (int32, -1 missing), class names (str), the target type, and the name."""

    def __init__(self, codes, names, one_vs_all, name, values=None):
        self.codes = codes
        self.names = names
        #: The original label of each name (for reporting per class in the caller's terms).
        self.values = values if values is not None else list(names)
        self.one_vs_all = one_vs_all
        self.name = name


def labels(y):
    """`y` as class codes.

    Accepts any 1-D sequence of hashable labels (NumPy, pandas Series, list), a column vector,
    or a one-vs-all indicator matrix (one 1 per row, as imbalanced-learn accepts). Continuous
    and multilabel targets are refused, as scikit-learn's samplers refuse them.
    """
    pd = _pandas()
    name = None
    if pd is not None and isinstance(y, pd.Series):
        name = None if y.name is None else str(y.name)
        values = y.to_numpy()
    elif pd is not None and isinstance(y, pd.DataFrame):
        if y.shape[1] == 1:
            name = str(y.columns[0])
        values = y.to_numpy()
    else:
        if y is None or isinstance(y, (str, bytes, dict)):
            raise TypeError(f"y must be an array-like of labels, got {type(y).__name__}")
        if isinstance(y, (list, tuple)) and not any(isinstance(v, (list, np.ndarray)) for v in y):
            # A sequence of labels (tuples included: any hashable value is a label).
            values = np.empty(len(y), dtype=object)
            for i, v in enumerate(y):
                values[i] = v
            if not any(isinstance(v, tuple) for v in y):
                converted = np.asarray(list(y))
                if converted.ndim == 1 and converted.dtype.kind in "biuUSf":
                    values = converted
        else:
            values = np.asarray(y)
    one_vs_all = False
    if values.ndim == 2 and values.shape[1] == 1:
        values = values.ravel()
    elif values.ndim == 2:
        matrix = np.asarray(values)
        if matrix.dtype.kind in "biuf" and np.all((matrix == 0) | (matrix == 1)) and np.all(matrix.sum(axis=1) == 1):
            values = matrix.argmax(axis=1)
            one_vs_all = True
        else:
            raise ValueError("Multilabel and multioutput targets are not supported.")
    elif values.ndim != 1:
        raise ValueError(f"y must be 1-dimensional, got shape {values.shape}")
    if values.dtype.kind == "f":
        finite = values[~np.isnan(values)]
        if finite.size and np.any(finite != np.round(finite)):
            raise ValueError("Unknown label type: 'continuous'. Labels must be classes "
                             "(integers, strings or other hashable values), not real numbers.")
        uniques, inverse = np.unique(finite, return_inverse=True)
        codes = np.full(values.shape[0], -1, dtype=np.int32)
        codes[~np.isnan(values)] = inverse
        names = [_text(u) for u in uniques]
        originals = [u.item() for u in uniques]
    elif values.dtype.kind in "biuUS":
        uniques, inverse = np.unique(values, return_inverse=True)
        codes = inverse.astype(np.int32).ravel()
        names = [_text(u) for u in uniques]
        originals = [u.item() for u in uniques]
    elif values.dtype.kind == "O":
        codes, names = _factorize(values)
        originals = [None] * len(names)
        for i, code in enumerate(codes):
            if code >= 0 and originals[code] is None:
                originals[code] = values[i]
    else:
        raise TypeError(f"y has dtype {values.dtype}; expected class labels")
    return Labels(np.ascontiguousarray(codes, dtype=np.int32), names, one_vs_all, name, originals)


class EncodedFeatures(Features):
    """`Features` of a part of a larger table, with that table's column summaries in the
    layout gais_select_scaled reads: `numeric_summaries` (n_numeric x 4 float64: min, max,
    sum, count) and `category_frequencies` (int64, every categorical column's in turn)."""

    def __init__(self, base, numeric_summaries, category_frequencies):
        super().__init__(base.n_rows, base.numeric, base.codes, base.positions, base.categories, base.columns)
        self.numeric_summaries = numeric_summaries
        self.category_frequencies = category_frequencies


def _codes_against(values, categories, name):
    """Codes of `values` (any type, taken as text) in `categories`; -1 for missing."""
    index = {c: k for k, c in enumerate(categories)}
    pd = _pandas()
    values = np.asarray(values, dtype=object)
    if pd is not None:
        series = pd.Series(values, dtype=object)
        missing = series.isna().to_numpy()
        texts = series[~missing]
        if not all(isinstance(v, str) for v in texts):
            texts = texts.map(_text)
        codes = np.full(len(values), -1, dtype=np.int32)
        present = pd.Categorical(texts.to_numpy(dtype=object), categories=categories).codes.astype(np.int32)
        unknown = present < 0
        if unknown.any():
            value = texts.to_numpy(dtype=object)[np.argmax(unknown)]
            raise ValueError(f"column {name!r}: value {value!r} is not among the encoding's categories")
        codes[~missing] = present
        return codes
    codes = np.empty(len(values), dtype=np.int32)
    for i, value in enumerate(values):
        if _missing(value):
            codes[i] = -1
            continue
        code = index.get(_text(value))
        if code is None:
            raise ValueError(f"column {name!r}: value {_text(value)!r} is not among the encoding's categories")
        codes[i] = code
    return codes


def encoded_features(X, encoding):
    """`X` as `EncodedFeatures`, each column typed by its summary in `encoding` (a DataFrame's
    columns by name, an array's by position)."""
    from ._encoding import NumericSummary
    pd = _pandas()
    if pd is not None and isinstance(X, pd.DataFrame):
        names = list(X.columns)
        column = lambda j: X[names[j]].to_numpy()
        n = len(X)
    else:
        if _is_sparse(X):
            X = X.toarray()
        array = np.asarray(X)
        if array.ndim != 2:
            raise ValueError(f"X must be 2-dimensional (n_samples, n_features), got shape {array.shape}")
        if array.dtype.kind in "US":
            array = array.astype(object)
        names = list(range(array.shape[1]))
        column = lambda j: array[:, j]
        n = array.shape[0]
    missing = [name for name in names if name not in encoding.columns]
    extra = [name for name in encoding.columns if name not in names]
    if missing or extra:
        raise ValueError("the encoding's columns differ from X's: "
                         + "; ".join(part for part in (
                             f"not summarised: {', '.join(map(repr, missing))}" if missing else "",
                             f"not in X: {', '.join(map(repr, extra))}" if extra else "") if part))
    kinds = []
    summaries, frequencies = [], []
    for j, name in enumerate(names):
        summary = encoding.columns[name]
        values = column(j)
        if isinstance(summary, NumericSummary):
            if values.dtype.kind in "fiub":
                numbers_ = values.astype(np.float32 if values.dtype == np.float32 else np.float64)
            elif values.dtype.kind == "O" and _object_column_is_numeric(values):
                numbers_ = np.array([np.nan if _missing(v) else float(v) for v in values], dtype=np.float64)
            else:
                raise TypeError(f"column {name!r} holds text, but the encoding summarises it as numeric")
            kinds.append(("numeric", numbers_))
            summaries.append((summary.min, summary.max, summary.sum, summary.count))
        else:
            categories = summary.categories
            kinds.append(("categorical", (_codes_against(values, categories, name), categories)))
            frequencies.extend(summary.frequencies[c] for c in categories)
    base = _from_columns(n, kinds, names=names)
    return EncodedFeatures(base, np.ascontiguousarray(np.array(summaries, dtype=np.float64).reshape(-1, 4)),
                           np.ascontiguousarray(np.array(frequencies, dtype=np.int64)))
