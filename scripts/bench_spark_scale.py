#!/usr/bin/env python3
"""Scale of gais.spark (BENCHMARKS.md, "Sharded selection"): one sharded selection of a
generated table through a local Spark, timed end to end.

    gais generate --rows 10000000 --features 50 --classes 5 --seed 3 --output /tmp/gais-scale/10m.csv
    .build/python-venv/bin/python scripts/bench_spark_scale.py /tmp/gais-scale/10m.csv

The CSV is first converted to Parquet beside it (the form a Spark user's table has; the
conversion is timed apart and not counted). Then `gais.spark.select(df, "class", report=True)`
runs once with the default shard count: the statistics jobs, the shard keys, the ranking, the
per-shard selections, and caching the kept rows. Prints one JSON object: rows, shards, wall
seconds, rows per second per core, the report's stage seconds and the shards' seconds.
"""

import argparse
import json
import os
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default="6g")
    parser.add_argument("--shards", type=int, default=None)
    parser.add_argument("--method", default="gais")
    parser.add_argument("--convert-only", action="store_true", help="only write the Parquet copy")
    args = parser.parse_args()

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession
    import gais.spark

    spark = (SparkSession.builder.master(args.master).appName("gais-scale")
             .config("spark.driver.memory", args.driver_memory)
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    cores = spark.sparkContext.defaultParallelism
    parquet = os.path.splitext(args.csv)[0] + ".parquet"
    conversion = None
    if not os.path.exists(parquet):
        clock = time.perf_counter()
        spark.read.csv(args.csv, header=True, inferSchema=False, enforceSchema=False,
                       schema=_schema(args.csv)).write.parquet(parquet)
        conversion = time.perf_counter() - clock
    if args.convert_only:
        print(json.dumps({"parquet": parquet, "conversion_seconds": conversion}))
        spark.stop()
        return
    df = spark.read.parquet(parquet)
    clock = time.perf_counter()
    kept, report = gais.spark.select(df, "class", method=args.method, shards=args.shards, report=True)
    kept_rows = kept.count()
    wall = time.perf_counter() - clock
    seconds = [s["seconds"] for s in report["per_shard"] if s["seconds"] is not None]
    print(json.dumps({
        "csv": args.csv, "master": args.master, "cores": cores, "method": args.method,
        "rows": report["rows"], "shards": report["shards"], "kept": kept_rows,
        "wall_seconds": round(wall, 2), "rows_per_second_per_core": round(report["rows"] / wall / cores),
        "statistics_seconds": round(report["seconds"]["statistics"], 2),
        "selection_seconds": round(report["seconds"]["selection"], 2),
        "shard_seconds_mean": round(sum(seconds) / len(seconds), 2), "shard_seconds_max": round(max(seconds), 2),
        "shard_rows_max": max(s["rows"] for s in report["per_shard"]),
        "parquet_conversion_seconds": None if conversion is None else round(conversion, 2),
        "load_average": os.getloadavg(),
    }))
    spark.stop()


def _schema(path):
    from pyspark.sql import types as T
    with open(path) as f:
        header = f.readline().strip().split(",")
    return T.StructType([T.StructField(name, T.StringType() if name == "class" else T.DoubleType())
                         for name in header])


if __name__ == "__main__":
    main()
