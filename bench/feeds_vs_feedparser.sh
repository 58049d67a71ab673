#!/bin/sh
# Feed parsing speed against Debian's python3-feedparser (benchmark peer only; apt-get
# install python3-feedparser) on the same files: every .xml under
# ../shared/data/feeds/feedparser-dev, read into memory first, parsed PASSES times by each.
# Prints files/s for both and the ratio. Usage: bench/feeds_vs_feedparser.sh [build-dir] [passes]
set -eu
# Debian's interpreter, where apt puts python3-feedparser (not a pyenv shim).
py=${PYTHON:-/usr/bin/python3}
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
passes=${2:-5}
data=${STORYLINE_SHARED_DATA:-$here/../shared/data}/feeds/feedparser-dev
[ -d "$data" ] || { echo "feedparser-dev data not found at $data" >&2; exit 4; }
$py -c 'import feedparser' 2>/dev/null || { echo "python3-feedparser is not installed" >&2; exit 4; }
[ -x "$build/feeds_bench" ] || { echo "build $build/feeds_bench first (ninja -C $build feeds_bench)" >&2; exit 1; }

ours=$(STORYLINE_SHARED_DATA=$(dirname "$(dirname "$data")") "$build/feeds_bench" \
  --benchmark_filter=BM_ParseFeedparserDev --benchmark_min_time=2 --benchmark_format=json |
  python3 -c 'import json,sys; b=json.load(sys.stdin)["benchmarks"][0]; print(b["files/s"] * b["cpu_time"] / b["real_time"])')  # per wall second, as measured for feedparser

theirs=$($py - "$data" "$passes" <<'PY'
import os, sys, time, feedparser
root, passes = sys.argv[1], int(sys.argv[2])
docs = []
for d, _, fs in os.walk(root):
    for f in sorted(fs):
        if f.endswith(".xml"):
            with open(os.path.join(d, f), "rb") as fh:
                docs.append(fh.read())
t = time.perf_counter()
for _ in range(passes):
    for doc in docs:
        feedparser.parse(doc)
print(len(docs) * passes / (time.perf_counter() - t))
PY
)
python3 -c "import sys; o,t=float(sys.argv[1]),float(sys.argv[2]); print(f'storyline {o:.0f} files/s; feedparser {t:.0f} files/s; ratio {o/t:.1f}x')" "$ours" "$theirs"
