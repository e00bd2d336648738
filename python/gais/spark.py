"""Sharded instance selection on Apache Spark (docs/spark.md).

    import gais.spark
    kept = gais.spark.select(df, label="class", keep_ratio=0.04, random_state=0)
    kept, report = gais.spark.select(df, label="class", report=True)

Every row gets a deterministic shard key, stratified inside each class (the rule of
`gais select --shard i/n`, computed by the engine: `gais.shard_keys`); each shard is selected
by the engine in one Python worker (`groupBy(...).applyInPandas`), with the scaling of the whole
DataFrame (its min, max, sums and category counts, computed once with Spark aggregates) and a
seed derived from the run's seed and the shard number; the kept rows are the union. Spark does
the scheduling, the transport and the retries; this module only describes the work.
"""

import math
import time

import numpy as np
import pandas as pd
from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

import gais
from . import _select
from ._encoding import CategoricalSummary, Encoding, NumericSummary
from ._select import seed_of as _seed_of

#: Hidden columns (dropped from the result).
KEY = "__gais_key"          # the shard key as a signed long ordered like the unsigned key
TIE = "__gais_tie"          # xxhash64 of every column: orders rows of equal keys
SHARD = "__gais_shard"
PART = "__gais_partition"   # a value whose Spark hash puts shard s into partition s
SECONDS = "__gais_seconds"
SHARD_ROWS = "__gais_shard_rows"
MERGE_SECONDS = "__gais_merge_seconds"
MERGE_ROWS = "__gais_merge_rows"
_HIDDEN = (KEY, TIE, SHARD, PART, SECONDS, SHARD_ROWS, MERGE_SECONDS, MERGE_ROWS)

#: Default shard size: shards of about this many rows (and at least one per core).
TARGET_SHARD_ROWS = 250_000
#: A shard smaller than this is not made by default (selection inside it would see too little).
MIN_SHARD_ROWS = 200
#: Rows of one class ranked by one Spark task, at most about (larger classes are split by the
#: key's leading bits into buckets ranked in parallel; the ranks do not depend on the split).
_BUCKET_ROWS = 1 << 18

_NUMERIC_TYPES = (T.ByteType, T.ShortType, T.IntegerType, T.LongType, T.FloatType, T.DoubleType, T.DecimalType)
_TEXT_TYPES = (T.StringType, T.BooleanType)
_SIGN = np.uint64(1 << 63)


def _quoted(name):
    return "`" + name.replace("`", "``") + "`"


def _column(name):
    return F.col(_quoted(name))


class _Plan:
    """What the driver decided: the columns, their kinds, the classes, the encoding, the shards."""

    def __init__(self, df, label, features, score_column):
        if not isinstance(df, DataFrame):
            raise TypeError(f"gais.spark: df must be a pyspark.sql.DataFrame, got {type(df).__name__}")
        columns = df.columns
        if len(set(columns)) != len(columns):
            twice = sorted({c for c in columns if columns.count(c) > 1})
            raise ValueError(f"gais.spark: the DataFrame has repeated column names: {', '.join(twice)}")
        if not isinstance(label, str):
            raise TypeError(f"gais.spark: label must be a column name (str), got {type(label).__name__}")
        if label not in columns:
            raise ValueError(f"gais.spark: no label column {label!r} in the DataFrame (columns: {', '.join(columns)})")
        fields = {f.name: f for f in df.schema.fields}
        if not isinstance(fields[label].dataType, T.AtomicType):
            raise TypeError(f"gais.spark: the label column {label!r} has type {fields[label].dataType.simpleString()}; "
                            "expected strings, numbers or booleans")
        if features is None:
            features = [c for c in columns if c != label]
        else:
            if isinstance(features, str):
                features = [features]
            features = list(features)
            for name in features:
                if name not in columns:
                    raise ValueError(f"gais.spark: no feature column {name!r} in the DataFrame")
                if name == label:
                    raise ValueError(f"gais.spark: the label column {label!r} is also given as a feature")
            if len(set(features)) != len(features):
                raise ValueError("gais.spark: a feature column is named twice")
        if not features:
            raise ValueError("gais.spark: no feature columns")
        for name in columns:
            if name in _HIDDEN:
                raise ValueError(f"gais.spark: the column name {name!r} is reserved by gais.spark")
        if score_column is not None and score_column in columns:
            raise ValueError(f"gais.spark: score_column {score_column!r} is already a column of the DataFrame")
        kinds = {}
        for name in features:
            data_type = fields[name].dataType
            if isinstance(data_type, _NUMERIC_TYPES):
                kinds[name] = "numeric"
            elif isinstance(data_type, _TEXT_TYPES):
                kinds[name] = "boolean" if isinstance(data_type, T.BooleanType) else "text"
            else:
                raise TypeError(f"gais.spark: column {name!r} has type {data_type.simpleString()}; expected numbers, "
                                "strings or booleans (convert it, or leave it out of features=)")
        self.df = df
        self.label = label
        self.features = features
        self.kinds = kinds
        self.columns = columns
        self.label_type = fields[label].dataType
        self.score_column = score_column


def _frame(pdf, features, kinds):
    """A pandas frame of Spark rows as gais.select takes it: numbers as floats, text as str
    (booleans as Spark casts them to text: 'true', 'false'), missing as NaN/None."""
    data = {}
    for name in features:
        column = pdf[name]
        kind = kinds[name]
        if kind == "numeric":
            data[name] = column.astype("float32" if column.dtype == np.float32 else "float64").to_numpy()
        else:
            if kind == "boolean":
                column = column.map({True: "true", False: "false"})
            values = np.array(column.astype(object).to_numpy(), dtype=object, copy=True)
            values[pd.isna(values)] = None
            data[name] = values
    return pd.DataFrame(data, index=pdf.index, columns=features)


def _labels(pdf, label):
    values = pdf[label]
    if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
        return values.to_numpy()
    return values.to_numpy(dtype=object)


def _sortable(keys):
    """uint64 keys as int64 whose signed order is the keys' unsigned order (the sign bit
    flipped), so Spark's LongType sorts them as the rule ranks them."""
    return (keys ^ _SIGN).view(np.int64)


def _statistics(plan, max_categories):
    """Class counts and the encoding of the whole DataFrame: two Spark jobs (the numeric
    aggregates grouped by class, and the categories' counts); max_categories=None: the class
    counts only (one job)."""
    df, label = plan.df, plan.label
    aggregates = [F.count(F.lit(1)).alias("rows")]
    numeric = [c for c in plan.features if plan.kinds[c] == "numeric"]
    for j, name in enumerate(numeric):
        value = _column(name)
        if isinstance(df.schema[name].dataType, (T.FloatType, T.DoubleType)):
            value = F.when(~F.isnan(value), value)  # NaN is missing, as for the engine
        single = value.cast("float")  # the engine holds values as 32-bit floats
        aggregates += [F.min(single).alias(f"min{j}"), F.max(single).alias(f"max{j}"),
                       F.sum(single.cast("double")).alias(f"sum{j}"), F.count(single).alias(f"count{j}")]
    rows = df.groupBy(_column(label).alias("label")).agg(*aggregates).collect()
    classes = {}
    summaries = {name: NumericSummary(0.0, 0.0, 0.0, 0) for name in numeric}
    for row in rows:
        value = row["label"]
        if value is None or (isinstance(value, float) and math.isnan(value)):
            raise ValueError(f"gais.spark: the label column {label!r} has {row['rows']} missing values "
                             "(every row needs a class)")
        classes[value] = row["rows"]
        for j, name in enumerate(numeric):
            count = row[f"count{j}"]
            if count:
                lo, hi = row[f"min{j}"], row[f"max{j}"]
                if math.isinf(lo) or math.isinf(hi):
                    raise ValueError(f"gais.spark: column {name!r}: a value is infinite or out of range")
                summaries[name] = summaries[name].combine(NumericSummary(lo, hi, row[f"sum{j}"], count))
    text = [c for c in plan.features if plan.kinds[c] != "numeric"]
    if max_categories is None:  # only the class counts are wanted
        return classes, None
    if text:
        pairs = F.explode(F.array(*[
            F.struct(F.lit(j).alias("j"), _column(name).cast("string").alias("v")) for j, name in enumerate(text)]))
        counts = (df.select(pairs.alias("p")).select("p.j", "p.v").where(F.col("v").isNotNull())
                  .groupBy("j", "v").count())
        # One job, and never more than max_categories values per column on the driver: beyond
        # that many (column, value) pairs in all, some column has more than max_categories.
        limit = min(max_categories * len(text), 2**31 - 2)
        found = counts.limit(limit + 1).collect()
        frequencies = {j: {} for j in range(len(text))}
        for r in found:
            frequencies[r["j"]][r["v"]] = r["count"]
        for j, values in frequencies.items():
            if len(values) > max_categories or len(found) > limit and len(values) == max(map(len, frequencies.values())):
                raise ValueError(f"gais.spark: column {text[j]!r} has more than max_categories={max_categories} "
                                 "distinct values (one-hot encoding would make a feature of each; leave it out of "
                                 "features= or raise max_categories)")
        for j, name in enumerate(text):
            summaries[name] = CategoricalSummary(dict(sorted(frequencies[j].items())))
    return classes, Encoding({name: summaries[name] for name in plan.features})


def default_shards(rows, class_counts, cores):
    """Shards of about TARGET_SHARD_ROWS rows, at least one per core — but no more than leave
    every shard MIN_SHARD_ROWS rows and at least two classes (shard s holds class c only when
    s < n_c, so at most the second-largest class count)."""
    wanted = max(int(cores), math.ceil(rows / TARGET_SHARD_ROWS))
    counts = sorted(class_counts, reverse=True)
    second = counts[1] if len(counts) > 1 else counts[0] if counts else 1
    return max(1, min(wanted, rows // MIN_SHARD_ROWS, second))


def _check_shards(shards, rows):
    if not isinstance(shards, (int, np.integer)) or isinstance(shards, bool) or shards < 1:
        raise ValueError(f"gais.spark: shards must be a whole number ≥ 1, got {shards!r}")
    if shards > max(1, rows):
        raise ValueError(f"gais.spark: {shards} shards for {rows} rows; use at most {max(1, rows)}")
    return int(shards)


def _keyed(plan, seed, shards, class_counts):
    """The DataFrame with every row's key, tie-break and shard (KEY, TIE, SHARD)."""
    features, kinds, label = plan.features, plan.kinds, plan.label

    @F.pandas_udf(T.LongType())
    def shard_key(rows: pd.DataFrame) -> pd.Series:
        keys, _ = _select.shard_keys(_frame(rows, features, kinds), _labels(rows, label), seed=seed, threads=1)
        return pd.Series(_sortable(keys))

    hashable = [_column(c) for c in plan.columns
                if not isinstance(plan.df.schema[c].dataType, (T.MapType,))]
    keyed = plan.df.withColumn(KEY, shard_key(F.struct(*[_column(c) for c in [label] + features]))) \
                   .withColumn(TIE, F.xxhash64(*hashable))
    largest = max(class_counts.values()) if class_counts else 0
    bits = 0 if largest <= _BUCKET_ROWS else min(16, math.ceil(math.log2(largest / _BUCKET_ROWS)))
    order = [F.col(KEY), F.col(TIE)]
    if bits == 0:
        rank = F.row_number().over(Window.partitionBy(_column(label)).orderBy(*order)) - 1
    else:
        # Each class's rows, cut by the key's leading bits into buckets of contiguous key ranges;
        # a row's rank = the rows of its class in earlier buckets + its rank inside its bucket.
        bucket = "__gais_bucket"
        keyed = keyed.withColumn(bucket, F.shiftright(F.col(KEY), 64 - bits))
        counts = keyed.groupBy(_column(label).alias("label"), F.col(bucket)).count().collect()
        offsets, running = [], {}
        for row in sorted(counts, key=lambda r: (repr(r["label"]), r[bucket])):
            offsets.append((row["label"], row[bucket], running.get(row["label"], 0)))
            running[row["label"]] = running.get(row["label"], 0) + row["count"]
        spark = plan.df.sparkSession
        schema = T.StructType([T.StructField(label, plan.label_type), T.StructField(bucket, T.LongType()),
                               T.StructField("__gais_offset", T.LongType())])
        table = spark.createDataFrame(offsets, schema)
        keyed = keyed.join(F.broadcast(table), on=[label, bucket], how="inner")
        rank = F.col("__gais_offset") + F.row_number().over(
            Window.partitionBy(_column(label), F.col(bucket)).orderBy(*order)) - 1
        keyed = keyed.withColumn(SHARD, (rank % shards).cast("int")).drop(bucket, "__gais_offset")
        return keyed.select(*[_column(c) for c in plan.columns], KEY, TIE, SHARD)
    return keyed.withColumn(SHARD, (rank % shards).cast("int"))


def _partition_values(spark, shards):
    """For each shard s a long whose Spark hash modulo `shards` is s: repartitioning by it puts
    every shard in a partition of its own (hashing the shard numbers themselves would put some
    together and leave other partitions empty)."""
    found = {}
    start = 0
    while len(found) < shards:
        rows = spark.range(start, start + 64 * shards).select(
            "id", F.pmod(F.hash("id"), F.lit(shards)).alias("p")).collect()
        for row in rows:
            found.setdefault(row["p"], row["id"])
        start += 64 * shards
    return [found[s] for s in range(shards)]


def encoding(df, label, features=None, max_categories=10_000):
    """The `gais.Encoding` of df's feature columns, by Spark aggregates (the scaling every shard
    is encoded with)."""
    return _statistics(_Plan(df, label, features, None), max_categories)[1]


def shard_frame(df, label, features=None, shards=None, random_state=0):
    """`df` with a column `gais_shard`: each row's shard by the documented rule (the same
    as `gais.shards` and `gais select --shard` give for the same rows)."""
    plan = _Plan(df, label, features, None)
    seed = _seed_of(random_state)
    class_counts, _ = _statistics(plan, max_categories=None)
    rows = sum(class_counts.values())
    n = default_shards(rows, class_counts.values(), df.sparkSession.sparkContext.defaultParallelism) \
        if shards is None else _check_shards(shards, rows)
    keyed = _keyed(plan, seed, n, class_counts)
    return keyed.select(*[_column(c) for c in plan.columns], F.col(SHARD).alias("gais_shard"))


def _task_threads(spark, threads):
    if threads is not None:
        return _select.thread_count(threads)
    try:
        return max(1, int(spark.conf.get("spark.task.cpus", "1")))
    except (ValueError, TypeError):
        return 1


def _error_line(error):
    """The gais.spark line of a failure raised in a Python worker (Spark wraps it)."""
    for line in reversed(str(error).splitlines()):
        at = line.find("gais.spark: ")
        if at >= 0:
            return line[at:].strip()
    return None


def select(df, label, features=None, method="gais", keep_ratio=0.04, shards=None, random_state=0,
           merge=False, merge_factor=4.0, score_column=None, report=False, threads_per_shard=None,
           max_categories=10_000, **params):
    """The rows of `df` kept by `method`, selected shard by shard (a Spark DataFrame with all
    of df's columns, plus `score_column` when given: the engine's importance score, null for
    methods without one).

    label: the class column. features: the feature columns (default: every other column);
    numbers are scaled, strings and booleans one-hot encoded, as `gais select` encodes a
    file, with the scaling of the whole DataFrame. shards: the number of shards (default from
    the row count: `default_shards`). keep_ratio, method and **params: as for `gais.select`
    (each shard keeps max(1, round(keep_ratio · n_c)) of its n_c rows of class c). merge=True:
    shards keep merge_factor times more, and one more selection over their union (in one task)
    keeps 1/merge_factor of it. threads_per_shard: the engine's threads in each task (default:
    spark.task.cpus). report=True: run now and return (kept, report), report a dict with the
    shards' rows, kept rows per class and seconds; the kept rows are then cached.

    Same seed ⇒ same rows, whatever the partitioning of df, the number of executors or cores.
    Errors in a shard name the shard and carry the engine's message.
    """
    plan = _Plan(df, label, features, score_column)
    if "keep" in params:
        raise ValueError("gais.spark: keep= (a total) cannot be shared between shards; use keep_ratio")
    if "reduction" in params:
        keep_ratio = 1 - float(params.pop("reduction"))
    shard_ratio, merge_ratio = gais._merge_ratios(method, keep_ratio, merge, merge_factor)
    gais.check_settings(method, shard_ratio, **params)
    if merge:
        gais.check_settings(method, merge_ratio, **params)
    settings = gais._given_settings(method, shard_ratio, params)
    merge_settings = gais._given_settings(method, merge_ratio, params) if merge else None
    seed = _seed_of(random_state)
    spark = df.sparkSession
    threads = _task_threads(spark, threads_per_shard)

    started = time.perf_counter()
    class_counts, encoding = _statistics(plan, max_categories)
    rows = sum(class_counts.values())
    n = default_shards(rows, class_counts.values(), spark.sparkContext.defaultParallelism) \
        if shards is None else _check_shards(shards, rows)
    statistics_seconds = time.perf_counter() - started

    keyed = _keyed(plan, seed, n, class_counts)
    table = _partition_values(spark, n)
    keyed = keyed.withColumn(PART, F.element_at(F.array(*[F.lit(v).cast("long") for v in table]), F.col(SHARD) + 1))
    keyed = keyed.repartition(n, F.col(PART))

    features, kinds, columns = plan.features, plan.kinds, plan.columns
    fields = list(df.schema.fields)
    if score_column is not None:
        fields.append(T.StructField(score_column, T.FloatType(), True))
    hidden = [T.StructField(KEY, T.LongType()), T.StructField(TIE, T.LongType()),
              T.StructField(SHARD, T.IntegerType()), T.StructField(SECONDS, T.DoubleType()),
              T.StructField(SHARD_ROWS, T.LongType())]
    schema = T.StructType(fields + hidden)

    def select_in(pdf, settings, seed_for, where):
        """Selects inside `pdf` (rows in key order), returning the kept rows and scores."""
        pdf = pdf.sort_values([KEY, TIE], kind="mergesort").reset_index(drop=True)
        frame = _frame(pdf, features, kinds)
        try:
            result = _select.run(frame, _labels(pdf, label), method, settings, seed=seed_for, threads=threads,
                                 encoding=encoding)
        except ValueError as error:
            raise ValueError(f"gais.spark: {where} ({len(pdf)} rows): {error}") from None
        kept = pdf.iloc[result.indices].reset_index(drop=True)
        scores = None if result.scores is None else result.scores[result.indices]
        return kept, scores

    def run_shard(pdf):
        clock = time.perf_counter()
        shard = int(pdf[SHARD].iloc[0])
        kept, scores = select_in(pdf, settings, gais.shard_seed(seed, shard), f"shard {shard} of {n}")
        out = kept[columns].copy()
        if score_column is not None:
            out[score_column] = np.full(len(out), np.nan, dtype=np.float32) if scores is None else scores
        out[KEY], out[TIE], out[SHARD] = kept[KEY].to_numpy(), kept[TIE].to_numpy(), shard
        out[SECONDS] = time.perf_counter() - clock
        out[SHARD_ROWS] = len(pdf)
        return out

    shard_kept = keyed.groupBy(PART).applyInPandas(run_shard, schema)
    if report:
        shard_kept = _materialise(shard_kept)
    kept = shard_kept
    if merge:
        merge_schema = T.StructType(list(schema.fields) + [T.StructField(MERGE_SECONDS, T.DoubleType()),
                                                            T.StructField(MERGE_ROWS, T.LongType())])

        def run_merge(pdf):
            clock = time.perf_counter()
            chosen, scores = select_in(pdf.drop(columns=[PART]), merge_settings, gais.shard_seed(seed, None),
                                       f"merge pass over the {n} shards' selections")
            out = chosen[[f.name for f in schema.fields]].copy()
            if score_column is not None and scores is not None:
                out[score_column] = scores
            out[MERGE_SECONDS] = time.perf_counter() - clock
            out[MERGE_ROWS] = len(pdf)
            return out

        kept = shard_kept.withColumn(PART, F.lit(0)).groupBy(PART).applyInPandas(run_merge, merge_schema)
        if report:
            kept = _materialise(kept)

    visible = [_column(c) for c in columns] + ([_column(score_column)] if score_column is not None else [])
    if not report:
        return kept.select(*visible)
    selection_seconds = time.perf_counter() - started - statistics_seconds
    summary = _report(shard_kept, kept if merge else None, plan, class_counts, n, seed, method,
                      statistics_seconds, selection_seconds)
    if merge:
        shard_kept.unpersist()  # the merged rows are cached themselves
    return kept.select(*visible), summary


def _materialise(frame):
    """`frame` cached and computed now; a failure in a worker re-raised as its one line."""
    frame = frame.persist()
    try:
        frame.count()
    except Exception as error:
        frame.unpersist()
        line = _error_line(error)
        if line is not None:
            raise ValueError(line) from error
        raise
    return frame


def _report(shard_kept, merged, plan, class_counts, n, seed, method, statistics_seconds, selection_seconds):
    """Rows, kept rows per class and seconds of every shard (and of the merge pass)."""
    label = plan.label
    rows = shard_kept.groupBy(F.col(SHARD).alias("shard"), _column(label).alias("label")).agg(
        F.count(F.lit(1)).alias("kept"), F.first(SECONDS).alias("seconds"),
        F.first(SHARD_ROWS).alias("rows")).collect()
    per_shard = []
    for s in range(n):
        # Shard s holds ⌈n_c/n⌉ rows of class c when s < n_c mod n, else ⌊n_c/n⌋ (the rule).
        in_shard = {c: k // n + (1 if s < k % n else 0) for c, k in class_counts.items()}
        mine = [r for r in rows if r["shard"] == s]
        per_shard.append({
            "shard": s, "seed": gais.shard_seed(seed, s), "rows": sum(in_shard.values()),
            "rows_per_class": {c: k for c, k in in_shard.items() if k},
            "kept": sum(r["kept"] for r in mine),
            "kept_per_class": {r["label"]: r["kept"] for r in mine},
            "seconds": mine[0]["seconds"] if mine else None,
        })
    final = rows
    merge = None
    if merged is not None:
        final = merged.groupBy(_column(label).alias("label")).agg(
            F.count(F.lit(1)).alias("kept"), F.first(MERGE_SECONDS).alias("seconds"),
            F.first(MERGE_ROWS).alias("rows")).collect()
        merge = {"seed": gais.shard_seed(seed, None), "rows": final[0]["rows"] if final else 0,
                 "kept": sum(r["kept"] for r in final), "seconds": final[0]["seconds"] if final else None}
    kept_per_class = {c: 0 for c in class_counts}
    for r in final:
        kept_per_class[r["label"]] += r["kept"]
    return {
        "method": method, "seed": seed, "shards": n, "rows": sum(class_counts.values()),
        "kept": sum(kept_per_class.values()),
        "classes": [{"class": c, "rows": k, "kept": kept_per_class[c]} for c, k in class_counts.items()],
        "per_shard": per_shard,
        "merge": merge,
        "seconds": {"statistics": statistics_seconds, "selection": selection_seconds},
    }
