#!/usr/bin/env bash
# Load test of the web reader with wrk (Debian package): serves STORE read-only and reads,
# with CONNECTIONS connections for SECONDS each:
#   front     the front page
#   story     story pages of the 100 best stories (what readers open), at random
#   story-any story pages of any story in the store, at random (cold: mostly not cached)
#   search    /search with words at random: common words, story key words, rare names
# and prints each run's requests/s, latency percentiles and errors, with the load average.
#   bench/serve_load.sh [STORE (/tmp/serve_load.db)] [CONNECTIONS (64)] [SECONDS (30)]
# A missing STORE is built first: build/serve_store_bench 100000 10000 STORE
# (cmake -DSTORYLINE_BUILD_BENCH=ON; see docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
store="${1:-/tmp/serve_load.db}"
conns="${2:-64}"
secs="${3:-30}"
command -v wrk >/dev/null || { echo "bench/serve_load.sh: wrk not found (apt-get install -y wrk)" >&2; exit 1; }
if [ ! -f "$store" ]; then
  [ -x build/serve_store_bench ] || { echo "bench/serve_load.sh: build/serve_store_bench missing (cmake -DSTORYLINE_BUILD_BENCH=ON)" >&2; exit 1; }
  build/serve_store_bench 100000 10000 "$store"
fi
port=$((20000 + RANDOM % 20000))
build/storyline --db "$store" -q serve --port "$port" --no-access-log &
pid=$!
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"
stories=$(curl -sf "$base/healthz" | grep -o '"stories":[0-9]*' | cut -d: -f2)
# The 100 best stories (two API pages) and words to search for, from their headlines.
api=$(curl -sf "$base/api/v1/stories"; curl -sf "$base/api/v1/stories?cursor=50")
top=$(echo "$api" | grep -o '"id":[0-9]*' | cut -d: -f2 | head -100 | paste -sd, -)
words=$(echo "$api" | grep -o '"headline":"[^"]*' | cut -d'"' -f4 | tr -cs 'A-Za-z' '\n' | tr 'A-Z' 'a-z' |
        awk 'length > 3' | sort -u | head -60 | sed 's/.*/"&"/' | paste -sd, -)
cat >"$work/story.lua" <<EOF
local ids = {$top}
math.randomseed(1)
request = function() return wrk.format(nil, "/story/" .. ids[math.random(#ids)]) end
EOF
cat >"$work/story_any.lua" <<EOF
math.randomseed(2)
request = function() return wrk.format(nil, "/story/" .. math.random($stories)) end
EOF
cat >"$work/search.lua" <<EOF
local words = {$words, "power", "government", "election", "storm", "minister+police", "river+bridge", "zzzunknown"}
math.randomseed(3)
request = function() return wrk.format(nil, "/search?q=" .. words[math.random(#words)]) end
EOF
echo "store: $store ($stories stories); $conns connections, ${secs} s a run; $(nproc) cores"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run() {  # name, wrk arguments...
  local name=$1
  shift
  echo "== $name"
  wrk -t2 -c"$conns" -d"${secs}s" --latency "$@" | grep -E "Latency  |50%|90%|99%|Requests/sec|Non-2xx|Socket errors|requests in"
  echo "   load: $(cut -d' ' -f1-3 /proc/loadavg)"
}
run front "$base/"
run story -s "$work/story.lua" "$base"
run story-any -s "$work/story_any.lua" "$base"
run search -s "$work/search.lua" "$base"
curl -sf "$base/metrics" | grep -E '^storyline_http_cache_lookups_total|_count\{route="(/|/story/\{id\}|/search)"\}'
