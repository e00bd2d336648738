"""Fixed scaling: the column summaries of a whole table, so that a part of it (a shard) is
encoded by the engine with the whole table's scaling instead of its own.

The engine's encoder (method.md §1) learns, per column, only aggregates: a numeric column's min,
max, sum and count of its non-missing values (min-max scaling; the mean imputes missing
values); a text column's categories and how many rows hold each (one-hot; the most frequent one
imputes). Those aggregates combine over disjoint parts (min of mins, sums of sums), so they can
be computed anywhere — by Spark aggregates, by `Encoding.fit` on an array in memory, or by
`Encoding.combine` of parts — and handed to `gais.select(..., encoding=...)`; the engine then
builds exactly the plans fitting on the whole would (`gais_select_scaled` in gais.h).
"""

import numbers

import numpy as np


class NumericSummary:
    """Min, max, sum and count of a numeric column's non-missing values (as 32-bit floats, the
    engine's type; min and max are ignored when count is 0)."""

    __slots__ = ("min", "max", "sum", "count")

    def __init__(self, min, max, sum, count):
        if not isinstance(count, numbers.Integral) or isinstance(count, bool) or count < 0:
            raise ValueError(f"a numeric summary's count must be a whole number ≥ 0, got {count!r}")
        self.count = int(count)
        self.min = float(min) if count else float("nan")
        self.max = float(max) if count else float("nan")
        self.sum = float(sum) if count else 0.0
        if count and not (np.isfinite(self.min) and np.isfinite(self.max) and np.isfinite(self.sum)
                          and self.min <= self.max):
            raise ValueError(f"a numeric summary needs finite min ≤ max and sum, got min {min}, max {max}, sum {sum}")

    def combine(self, other):
        if not self.count:
            return other
        if not other.count:
            return self
        return NumericSummary(min(self.min, other.min), max(self.max, other.max), self.sum + other.sum,
                              self.count + other.count)

    def __eq__(self, other):
        return isinstance(other, NumericSummary) and (self.count, self.sum) == (other.count, other.sum) and (
            not self.count or (self.min, self.max) == (other.min, other.max))

    def __repr__(self):
        return f"NumericSummary(min={self.min!r}, max={self.max!r}, sum={self.sum!r}, count={self.count})"


class CategoricalSummary:
    """A text column's categories with the number of rows holding each (a dict in a fixed
    order; the engine orders categories itself, as its readers do)."""

    __slots__ = ("frequencies",)

    def __init__(self, frequencies):
        items = {}
        for name, count in dict(frequencies).items():
            if not isinstance(count, numbers.Integral) or isinstance(count, bool) or count < 0:
                raise ValueError(f"category {name!r}: a frequency must be a whole number ≥ 0, got {count!r}")
            items[str(name)] = int(count)
        self.frequencies = items

    @property
    def categories(self):
        return list(self.frequencies)

    def combine(self, other):
        merged = dict(self.frequencies)
        for name, count in other.frequencies.items():
            merged[name] = merged.get(name, 0) + count
        return CategoricalSummary(merged)

    def __eq__(self, other):
        return isinstance(other, CategoricalSummary) and self.frequencies == other.frequencies

    def __repr__(self):
        return f"CategoricalSummary({self.frequencies!r})"


class Encoding:
    """The summaries of every feature column of a whole table, by column: names for a
    DataFrame, positions 0, 1, … for an array. `gais.select(X, y, encoding=e)` encodes X with
    them: a summary's kind decides whether a column is numeric or text (then each value is
    taken as its text, and must be one of the summary's categories)."""

    def __init__(self, columns):
        columns = dict(columns)
        for key, summary in columns.items():
            if not isinstance(summary, (NumericSummary, CategoricalSummary)):
                raise TypeError(f"column {key!r}: expected a NumericSummary or CategoricalSummary, "
                                f"got {type(summary).__name__}")
        self.columns = columns

    @classmethod
    def fit(cls, X):
        """The summaries of X, computed by the engine (exactly what fitting its encoder on X
        learns), its columns typed as `gais.select` types them (numbers are numeric; strings,
        categories, booleans and objects holding text are text)."""
        from ._select import column_summaries
        data, numeric, frequencies = column_summaries(X)
        names = data.columns if data.columns is not None else list(range(data.n_columns))
        categorical = {p: k for k, p in enumerate(data.positions)}
        columns = {}
        numeric_index, offset = 0, 0
        for position, name in enumerate(names):
            if position in categorical:
                categories = data.categories[categorical[position]]
                counts = frequencies[offset:offset + len(categories)].tolist()
                offset += len(categories)
                columns[name] = CategoricalSummary(dict(zip(categories, counts)))
            else:
                lo, hi, total, count = numeric[numeric_index]
                numeric_index += 1
                columns[name] = NumericSummary(lo, hi, total, int(count))
        return cls(columns)

    def combine(self, other):
        """The summaries of two disjoint parts' union."""
        if list(self.columns) != list(other.columns):
            raise ValueError("the encodings summarise different columns")
        merged = {}
        for key, summary in self.columns.items():
            theirs = other.columns[key]
            if type(theirs) is not type(summary):
                raise ValueError(f"column {key!r} is numeric in one encoding and text in the other")
            merged[key] = summary.combine(theirs)
        return Encoding(merged)

    def __eq__(self, other):
        return isinstance(other, Encoding) and self.columns == other.columns

    def __repr__(self):
        return f"Encoding({self.columns!r})"
