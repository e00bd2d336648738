"""gais.spark on a local Spark (local[2]): the kept rows are exactly the union of the per-shard
selections made directly with gais.select on the same rows; the same seed gives the same rows
whatever the partitioning and the number of cores; every class is kept, each with its quota;
errors name the shard. Skipped only when pyspark cannot be imported (CI installs it)."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

pyspark = pytest.importorskip("pyspark")
pd = pytest.importorskip("pandas")

import gais  # noqa: E402
import gais.spark  # noqa: E402

FEATURES = ["a", "b", "colour", "count", "flag"]


def make_frame(n=1500, seed=0):
    """Mixed columns: floats with missing values, float32, text with missing values, a
    nullable integer, a boolean; an id column that is not a feature; three unequal classes."""
    rng = np.random.default_rng(seed)
    y = rng.choice(["p", "q", "r"], size=n, p=[0.55, 0.3, 0.15])
    shift = np.where(y == "p", 0.0, np.where(y == "q", 1.0, 2.0))
    a = rng.normal(size=n) + shift
    a[rng.random(n) < 0.05] = np.nan
    colour = rng.choice(["red", "green", "blue"], size=n).astype(object)
    colour[rng.random(n) < 0.05] = None
    count = pd.array(rng.integers(0, 9, size=n), dtype="Int64")
    count[rng.random(n) < 0.05] = pd.NA
    return pd.DataFrame({
        "id": np.arange(n), "a": a, "b": (rng.normal(size=n) * 2 - shift).astype(np.float32),
        "colour": colour, "count": count, "flag": rng.random(n) < 0.4 + 0.1 * shift, "class": y})


def spark_frame(spark, pdf):
    from pyspark.sql import types as T
    schema = T.StructType([
        T.StructField("id", T.LongType()), T.StructField("a", T.DoubleType()), T.StructField("b", T.FloatType()),
        T.StructField("colour", T.StringType()), T.StructField("count", T.IntegerType()),
        T.StructField("flag", T.BooleanType()), T.StructField("class", T.StringType())])
    rows = [tuple(None if (v is pd.NA or (isinstance(v, float) and np.isnan(v))) else v for v in row)
            for row in pdf.astype(object).itertuples(index=False)]
    rows = [(int(r[0]), r[1], r[2], r[3], None if r[4] is None else int(r[4]), bool(r[5]), r[6]) for r in rows]
    return spark.createDataFrame(rows, schema)


def as_engine_sees(pdf):
    """The feature columns as gais.spark hands them to the engine (booleans as Spark's text)."""
    X = pdf[FEATURES].copy()
    X["count"] = X["count"].astype("float64")
    X["flag"] = X["flag"].map({True: "true", False: "false"}).astype(object)
    return X


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("gais-tests")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "4")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def data(spark):
    pdf = make_frame()
    return pdf, spark_frame(spark, pdf).repartition(2)


@pytest.fixture(scope="module")
def selected(data):
    pdf, df = data
    # The network's rule, so that the score column holds scores (the default rule has none).
    kept, report = gais.spark.select(df, "class", features=FEATURES, keep_ratio=0.05, shards=3, random_state=4,
                                     rule="cover", score_column="score", report=True)
    return kept.toPandas(), report


def test_kept_rows_are_the_union_of_per_shard_selections(data, selected):
    pdf, df = data
    kept, _ = selected
    encoding = gais.spark.encoding(df, "class", features=FEATURES)
    X, y = as_engine_sees(pdf), pdf["class"].to_numpy(dtype=object)
    # The Spark aggregates summarise the whole frame as the engine itself does.
    fitted = gais.Encoding.fit(X)
    for name in FEATURES:
        ours, theirs = encoding.columns[name], fitted.columns[name]
        if isinstance(ours, gais.NumericSummary):
            assert (ours.min, ours.max, ours.count) == (theirs.min, theirs.max, theirs.count)
            assert ours.sum == pytest.approx(theirs.sum, rel=1e-12)
        else:
            assert ours == theirs
    shard_of = gais.spark.shard_frame(df, "class", features=FEATURES, shards=3, random_state=4) \
        .select("id", "gais_shard").toPandas().set_index("id")["gais_shard"]
    np.testing.assert_array_equal(shard_of.loc[pdf["id"]].to_numpy(), gais.shards(X, y, 3, random_state=4))
    expected_ids, expected_scores = [], {}
    for shard in range(3):
        rows = gais.shard_order(X, y, 3, shard, random_state=4)
        result = gais._select.run(X.iloc[rows], y[rows], "gais", "rule=cover,keep-ratio=0.05",
                                  seed=gais.shard_seed(4, shard), encoding=encoding)
        ids = pdf["id"].to_numpy()[rows[result.indices]]
        expected_ids += ids.tolist()
        expected_scores.update(zip(ids.tolist(), result.scores[result.indices].tolist()))
    assert sorted(kept["id"]) == sorted(expected_ids)
    # Every original column comes back unchanged, with the engine's score.
    original = pdf.set_index("id").loc[kept["id"]]
    for name in ["a", "b", "colour", "count", "flag", "class"]:
        def plain(values):
            return [None if pd.isna(v) else v for v in values]
        assert plain(kept[name]) == plain(original[name]), name
    for i, score in zip(kept["id"], kept["score"]):
        assert np.float32(score) == np.float32(expected_scores[i])


def test_every_class_kept_with_its_quota(data, selected):
    pdf, _ = data
    kept, report = selected
    counts = pdf["class"].value_counts()
    for name, total in counts.items():
        quota = sum(max(1, round(0.05 * rows)) for rows in
                    (total // 3 + (1 if s < total % 3 else 0) for s in range(3)) if rows)
        assert (kept["class"] == name).sum() == quota
    assert report["kept"] == len(kept)
    assert {c["class"]: c["kept"] for c in report["classes"]} == kept["class"].value_counts().to_dict()


def test_report_has_every_shards_rows_and_seconds(data, selected):
    pdf, _ = data
    _, report = selected
    assert report["shards"] == 3 and report["rows"] == len(pdf)
    assert sum(s["rows"] for s in report["per_shard"]) == len(pdf)
    assert sum(s["kept"] for s in report["per_shard"]) == report["kept"]
    for s in report["per_shard"]:
        assert s["seed"] == gais.shard_seed(4, s["shard"])
        assert s["seconds"] > 0
        assert set(s["rows_per_class"]) == {"p", "q", "r"}


def test_same_seed_same_rows_whatever_the_partitioning(data, selected):
    _, df = data
    kept, _ = selected
    # The fixture's frame has 2 partitions.
    for partitions in [1, 4]:
        again = gais.spark.select(df.repartition(partitions), "class", features=FEATURES, keep_ratio=0.05,
                                  shards=3, random_state=4, rule="cover").select("id")
        # Each shard is a task of its own: 3 partitions, none empty.
        sizes = again.rdd.glom().map(len).collect()
        assert len(sizes) == 3 and min(sizes) > 0, sizes
        assert sorted(r["id"] for r in again.collect()) == sorted(kept["id"]), partitions


def test_same_rows_with_one_core_and_other_shuffle_partitions(selected, tmp_path):
    # Another Spark: one core, 3 shuffle partitions, the rows given in another order.
    kept, _ = selected
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {os.path.dirname(os.path.abspath(__file__))!r})
        from pyspark.sql import SparkSession
        import gais.spark
        from test_spark import make_frame, spark_frame, FEATURES
        spark = (SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")
                 .config("spark.ui.showConsoleProgress", "false")
                 .config("spark.sql.shuffle.partitions", "3").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        df = spark_frame(spark, make_frame().iloc[::-1]).repartition(5)
        kept = gais.spark.select(df, "class", features=FEATURES, keep_ratio=0.05, shards=3, random_state=4,
                                 rule="cover")
        print(" ".join(str(i) for i in sorted(r["id"] for r in kept.select("id").collect())))
        spark.stop()
    """)
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    ids = [int(i) for i in result.stdout.strip().splitlines()[-1].split()]
    assert ids == sorted(kept["id"])


def test_merge_pass_equals_the_in_process_merge(data):
    pdf, df = data
    kept, report = gais.spark.select(df, "class", features=FEATURES, method="random", keep_ratio=0.05, shards=5,
                                     random_state=1, merge=True, report=True)
    expected = gais.select_sharded(as_engine_sees(pdf), pdf["class"].to_numpy(dtype=object), 5, method="random",
                                   keep_ratio=0.05, random_state=1, merge=True)
    assert sorted(kept.select("id").toPandas()["id"]) == sorted(pdf["id"].to_numpy()[expected])
    assert report["merge"]["rows"] == sum(s["kept"] for s in report["per_shard"])
    assert report["merge"]["kept"] == report["kept"] == len(expected)


def test_spark_equals_the_cli_shard_runs(spark, cli, tmp_path):
    # Numbers only, as a file holds them: n runs of `gais select --shard i/n`, concatenated, are
    # exactly the Spark selection.
    rng = np.random.default_rng(3)
    n = 900
    y = rng.integers(0, 3, size=n)
    X = rng.normal(size=(n, 4)) + y[:, None]
    path = tmp_path / "data.csv"
    with open(path, "w") as f:
        f.write("x1,x2,x3,x4,class\n")
        for row, label in zip(X, y):
            f.write(",".join(repr(float(v)) for v in row) + f",c{label}\n")
    union = []
    for shard in range(4):
        out = tmp_path / f"kept{shard}.txt"
        subprocess.run([cli, "select", str(path), "--seed", "6", "--keep-ratio", "0.05", "--shard", f"{shard}/4",
                        "--indices", str(out)], check=True, capture_output=True)
        union += [int(line) for line in open(out) if line.strip()]
    df = spark.read.csv(str(path), header=True, inferSchema=True)
    from pyspark.sql import functions as F
    df = df.withColumn("row", F.monotonically_increasing_id())  # file order: one partition, small file
    kept = gais.spark.select(df, "class", features=["x1", "x2", "x3", "x4"], keep_ratio=0.05, shards=4,
                             random_state=6)
    assert sorted(r["row"] for r in kept.select("row").collect()) == sorted(union)


def test_default_shards_from_rows_and_classes():
    assert gais.spark.default_shards(10_000_000, [5_000_000, 5_000_000], 2) == 40
    assert gais.spark.default_shards(1_000, [500, 500], 8) == 5          # ≥ 200 rows per shard
    assert gais.spark.default_shards(100_000, [99_997, 3], 8) == 3       # never a one-class shard
    assert gais.spark.default_shards(100_000, [50_000, 50_000], 8) == 8  # one per core


def test_errors_name_the_column_or_the_shard(spark, data):
    pdf, df = data
    with pytest.raises(ValueError, match="no label column 'nope'"):
        gais.spark.select(df, "nope")
    with pytest.raises(ValueError, match="no feature column 'zz'"):
        gais.spark.select(df, "class", features=["a", "zz"])
    with pytest.raises(TypeError, match="column 'tags' has type array<string>"):
        gais.spark.select(df.selectExpr("*", "array(colour) as tags"), "class", features=["a", "tags"])
    with pytest.raises(ValueError, match="parameter 'batch-size' of gais must be"):
        gais.spark.select(df, "class", features=FEATURES, batch_size=1)
    with pytest.raises(ValueError, match="keep= \\(a total\\) cannot be shared"):
        gais.spark.select(df, "class", features=FEATURES, keep=10)
    with pytest.raises(ValueError, match="label column 'colour' has \\d+ missing values"):
        gais.spark.select(df, "colour", features=["a", "b"])
    with pytest.raises(ValueError, match="column 'colour' has more than max_categories=2 distinct values"):
        gais.spark.select(df, "class", features=FEATURES, max_categories=2)
    with pytest.raises(ValueError, match="4000 shards for 1500 rows"):
        gais.spark.select(df, "class", features=FEATURES, shards=4000)
    # Class 'r' has 3 rows: shards 3 and 4 of 5 hold class 'p' only, and the engine refuses them.
    small = spark_frame(spark, pd.concat([pdf[pdf["class"] == "p"].head(300), pdf[pdf["class"] == "r"].head(3)]))
    with pytest.raises(ValueError, match=r"gais\.spark: shard [34] of 5 \(\d+ rows\): only one class \('p'\)"):
        gais.spark.select(small, "class", features=FEATURES, method="random", shards=5, report=True)
    lazy = gais.spark.select(small, "class", features=FEATURES, method="random", shards=5)
    with pytest.raises(Exception, match=r"gais\.spark: shard [34] of 5 .*only one class"):
        lazy.collect()
