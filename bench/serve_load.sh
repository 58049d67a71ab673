#!/usr/bin/env bash
# Load test of the web reader with wrk (Debian package): serves STORE read-only and reads the
# front page, a story page and search with CONNECTIONS connections for SECONDS each; prints
# wrk's latency distribution (p50/p90/p99) and errors per route.
#   bench/serve_load.sh STORE [CONNECTIONS (32)] [SECONDS (20)]
# Build a store first, e.g. `build/live_stream_bench 100000 /tmp/lsb100k.db`.
set -euo pipefail
cd "$(dirname "$0")/.."
store="${1:?usage: bench/serve_load.sh STORE [CONNECTIONS] [SECONDS]}"
conns="${2:-32}"
secs="${3:-20}"
command -v wrk >/dev/null || { echo "bench/serve_load.sh: wrk not found (apt-get install -y wrk)" >&2; exit 1; }
port=$((20000 + RANDOM % 20000))
build/storyline --db "$store" -q serve --port "$port" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
story=$(curl -sf "http://127.0.0.1:$port/api/v1/stories" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
word=$(curl -sf "http://127.0.0.1:$port/api/v1/stories/$story" | grep -o '"headline":"[A-Za-z]*' | head -1 | cut -d'"' -f4)
for route in "/" "/story/$story" "/search?q=${word:-news}" "/api/v1/stories"; do
  echo "== $route ($conns connections, ${secs} s)"
  wrk -t2 -c"$conns" -d"${secs}s" --latency "http://127.0.0.1:$port$route" | grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx|Socket errors|requests in"
done
