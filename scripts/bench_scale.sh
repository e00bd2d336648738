#!/usr/bin/env bash
# Scaling benchmark of default `gais select` (or with the options in $ARGS) (BENCHMARKS.md, "Scaling to 10M rows").
#
# Generates 100k, 1M and 10M rows × 50 features, 5 classes (seed 3) into $WORK, runs
# `gais select FILE --report R --output KEPT` $RUNS times per size under /usr/bin/time -v, and
# prints one line per run (stage seconds from the report, wall seconds, peak resident memory)
# and the medians, with the machine's load before and after.
#
# With BEFORE=/path/to/older/gais it first checks that both binaries keep exactly the same rows
# (`--indices`) on the 100k and 1M files and on a few bundled datasets, and stops if not.
#
#   scripts/bench_scale.sh                       # all sizes, 3 runs each
#   SIZES="100000 1000000" RUNS=5 scripts/bench_scale.sh
#   BEFORE=/tmp/gais-before scripts/bench_scale.sh
#   ARGS="--rule cover" scripts/bench_scale.sh   # the network's rule
#
# The 10M file (4.7 GB) is deleted at the end unless KEEP=1; nothing is written to the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
GAIS=${GAIS:-.build/release/gais}
WORK=${WORK:-/tmp/gais-scale}
RUNS=${RUNS:-3}
SIZES=${SIZES:-"100000 1000000 10000000"}
mkdir -p "$WORK"
[ -x "$GAIS" ] || { echo "no $GAIS: build with swift build -c release first" >&2; exit 1; }

generate() {
    local rows=$1 file="$WORK/gen-$1.csv"
    if [ ! -s "$file" ]; then
        "$GAIS" generate --rows "$rows" --features 50 --classes 5 --seed 3 --output "$file"
    fi
    echo "$file"
}

if [ -n "${BEFORE:-}" ]; then
    echo "# same rows as $BEFORE?"
    for input in "$(generate 100000)" "$(generate 1000000)" Datasets/keel/segment.csv Datasets/keel/penbased.csv \
                 Datasets/keel/mushroom.csv Datasets/keel/marketing.csv Datasets/keel/banana.csv; do
        [ -f "$input" ] || continue
        "$BEFORE" select "$input" --indices "$WORK/before.txt"
        "$GAIS" select "$input" --indices "$WORK/after.txt"
        if cmp -s "$WORK/before.txt" "$WORK/after.txt"; then
            echo "identical: $input ($(wc -l < "$WORK/after.txt") rows kept)"
        else
            echo "DIFFERENT: $input" >&2
            exit 1
        fi
    done
fi

echo "# load before: $(uptime)"
echo "rows run read encode graph train score select write total wall_s peak_MiB"
for rows in $SIZES; do
    file=$(generate "$rows")
    for run in $(seq "$RUNS"); do
        # shellcheck disable=SC2086 # ARGS is a list of options
        /usr/bin/time -v "$GAIS" select "$file" ${ARGS:-} --report "$WORK/report.json" --output "$WORK/kept.csv" \
            2> "$WORK/time.txt"
        python3 - "$rows" "$run" "$WORK/report.json" "$WORK/time.txt" <<'EOF'
import json, sys
rows, run, report, timing = sys.argv[1:5]
s = json.load(open(report))["seconds"]
wall = peak = None
for line in open(timing):
    if "Elapsed (wall clock)" in line:
        parts = line.rsplit(" ", 1)[1].strip().split(":")
        wall = sum(float(p) * 60 ** i for i, p in enumerate(reversed(parts)))
    if "Maximum resident set size" in line:
        peak = int(line.rsplit(" ", 1)[1]) / 1024
stages = ["read", "encode", "graph", "train", "score", "select", "write", "total"]
# Stages a rule does not run (the centroid rule builds no graph) count as 0.
print(rows, run, *("%.2f" % s.get(k, 0) for k in stages), "%.2f" % wall, "%.0f" % peak)
EOF
    done
done | tee "$WORK/runs.txt"
echo "# load after: $(uptime)"
python3 - "$WORK/runs.txt" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) == 12 and f[0].isdigit():
        runs.setdefault(int(f[0]), []).append([float(x) for x in f[2:]])
print("| rows | read | encode | graph | train | score | select | write | total (report) | wall | peak RSS |")
print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
for rows, values in sorted(runs.items()):
    med = [statistics.median(col) for col in zip(*values)]
    print(f"| {rows:,} | " + " | ".join("%.2f" % m for m in med[:8]) + f" | {med[8]:.2f} s | {med[9]:.0f} MiB |")
EOF
if [ "${KEEP:-0}" != 1 ]; then rm -f "$WORK/gen-10000000.csv"; fi
