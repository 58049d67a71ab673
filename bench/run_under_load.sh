#!/usr/bin/env bash
# The live engine under load (issue 12): `storyline run` on a fresh store takes in ARTICLES
# generated articles through POST /api/v1/articles (JSON Lines, BATCH a request, one
# feeder), while wrk (Debian package) reads the front page, story pages (50 of them in
# turn), search (50 words in turn) and /api/v1/stories for SECONDS, all four at once with
# CONNECTIONS connections in all (a quarter each), from the first stories on.
# Prints, per route, wrk's latency distribution (p50/p90/p99), requests/s and errors, and
# for the ingest: articles accepted, rejected requests, and the time until every article was
# clustered and every story written (the engine idle).
#   bench/run_under_load.sh [ARTICLES (100000)] [CONNECTIONS (32)] [SECONDS (240)] [BATCH (500)]
# Needs build/storyline and build/live_stream_bench (the article generator).
set -euo pipefail
cd "$(dirname "$0")/.."
articles="${1:-100000}"
conns="${2:-32}"
secs="${3:-240}"
batch="${4:-500}"
command -v wrk >/dev/null || { echo "bench/run_under_load.sh: wrk not found (apt-get install -y wrk)" >&2; exit 1; }
for b in build/storyline build/live_stream_bench; do
  [ -x "$b" ] || { echo "bench/run_under_load.sh: $b not built" >&2; exit 1; }
done
work=$(mktemp -d /tmp/storyline_run_load.XXXXXX)
store="$work/store.db"
port=$((20000 + RANDOM % 20000))
token=bench-token
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== generating $articles articles"
build/live_stream_bench "$articles" --ndjson > "$work/articles.ndjson"
split -l "$batch" -d -a 5 "$work/articles.ndjson" "$work/chunk."

# RUN_ARGS: more options for `storyline run` (e.g. RUN_ARGS="--writer-threads 0").
# shellcheck disable=SC2086
build/storyline --db "$store" run --port "$port" --token "$token" ${RUN_ARGS:-} > "$work/run.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { echo "run did not start:" >&2; cat "$work/run.log" >&2; exit 1; }

# The feeder: every chunk in order; counts what was accepted and any request not answered 202.
(
  accepted=0 failed=0
  for f in "$work"/chunk.*; do
    code=$(curl -s -o "$work/post.out" -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/x-ndjson' --data-binary "@$f" "http://127.0.0.1:$port/api/v1/articles")
    if [ "$code" = 202 ]; then
      n=$(grep -o '"accepted":[0-9]*' "$work/post.out" | cut -d: -f2 || true)
      accepted=$((accepted + ${n:-0}))
    else
      failed=$((failed + 1))
    fi
  done
  echo "$accepted $failed $(date +%s.%N)" > "$work/feeder.done"
) &
feeder=$!
pids+=($feeder)
start=$(date +%s.%N)

# Wait for some stories, then take the routes' paths from what is there.
for _ in $(seq 600); do
  n=$( (curl -sf "http://127.0.0.1:$port/api/v1/stories" || true) | grep -o '"id":[0-9]*' | wc -l || true)
  [ "$n" -ge 20 ] && break
  sleep 0.2
done
ids=$(curl -sf "http://127.0.0.1:$port/api/v1/stories" | grep -o '"id":[0-9]*' | cut -d: -f2 | head -50 || true)
words=$(curl -sf "http://127.0.0.1:$port/api/v1/stories" | grep -o '"headline":"[^"]*' | cut -d'"' -f4 |
  tr ' ' '\n' | grep -E '^[A-Za-z]{4,}$' | sort -u | head -50 || true)
lua() {  # a wrk script cycling through the given paths
  echo "local paths = {"
  for p in "$@"; do echo "  \"$p\","; done
  echo "}"
  echo "local i = 0"
  echo "request = function() i = i % #paths + 1; return wrk.format('GET', paths[i]) end"
}
story_paths=(); for id in $ids; do story_paths+=("/story/$id"); done
search_paths=(); for w in $words; do search_paths+=("/search?q=$w"); done
lua "${story_paths[@]}" > "$work/stories.lua"
lua "${search_paths[@]:-/search?q=news}" > "$work/search.lua"

echo "== reads start: $(curl -sf "http://127.0.0.1:$port/healthz"), load average $(cut -d' ' -f1-3 /proc/loadavg)"
each=$(( conns / 4 > 0 ? conns / 4 : 1 ))
wpids=()
for route in front stories search api; do
  case $route in
    front) args=("http://127.0.0.1:$port/") ;;
    stories) args=(-s "$work/stories.lua" "http://127.0.0.1:$port") ;;
    search) args=(-s "$work/search.lua" "http://127.0.0.1:$port") ;;
    api) args=("http://127.0.0.1:$port/api/v1/stories") ;;
  esac
  wrk -t1 -c"$each" -d"${secs}s" --timeout 10s --latency "${args[@]}" > "$work/wrk.$route" 2>&1 &
  wpids+=($!)
done
sleep $((secs / 2))
echo "== halfway: $(curl -sf "http://127.0.0.1:$port/healthz" || true), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for p in "${wpids[@]}"; do wait "$p" || true; done
echo "== reads end: $(curl -sf "http://127.0.0.1:$port/healthz" || true), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for route in front stories search api; do
  echo "== $route ($each connections, ${secs} s)"
  grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx|Socket errors|requests in" "$work/wrk.$route" || true
done

wait "$feeder" || true
read -r accepted failed fed_at < "$work/feeder.done"
# Idle: everything clustered and no story waiting (deferred rewrites drain within 10 s).
for _ in $(seq 6000); do
  h=$(curl -sf "http://127.0.0.1:$port/healthz" || true)
  if echo "$h" | grep -q '"queued":0' && echo "$h" | grep -q '"unclustered":0'; then break; fi
  sleep 0.1
done
idle_at=$(date +%s.%N)
echo "== ingest: $accepted articles accepted, $failed POST requests not answered 202"
echo "   all POSTed in $(awk "BEGIN{printf \"%.1f\", $fed_at - $start}") s; engine idle (all clustered and written) after $(awk "BEGIN{printf \"%.1f\", $idle_at - $start}") s"
echo "   $(curl -sf "http://127.0.0.1:$port/healthz")"
grep -E "error|warn" "$work/run.log" | head -5 || true
