#!/usr/bin/env bash
# storyline's HTML extraction vs @mozilla/readability + linkedom, on the same pages
# (the wcxb-dev and scrapinghub html files of ../shared/data/extraction, gunzipped in
# memory before timing), each on one core. Prints pages/s for both and the ratio.
#
# Usage: bench/extraction_vs_readability.sh [dir ...]
# Env:   BUILD_DIR (default build-bench), CORE (default 0; the CPU both runs are pinned to).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
build="${BUILD_DIR:-build-bench}"
core="${CORE:-0}"
dirs=("$@")
if [ ${#dirs[@]} -eq 0 ]; then
  data="$root/../shared/data/extraction"
  dirs=("$data/wcxb-dev/html" "$data/scrapinghub/html")
fi
for d in "${dirs[@]}"; do [ -d "$d" ] || { echo "no such directory: $d" >&2; exit 4; }; done
pin=()
command -v taskset >/dev/null && pin=(taskset -c "$core")

# Readability: node dependencies from the lock file.
if [ ! -d bench/peer/node_modules/@mozilla/readability ] || [ ! -d bench/peer/node_modules/linkedom ]; then
  (cd bench/peer && npm ci --no-audit --no-fund >/dev/null)
fi

# storyline: the extract_bench target, Release.
if [ ! -f "$build/build.ninja" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTORYLINE_BUILD_BENCH=ON >/dev/null
fi
ninja -C "$build" -j1 extract_bench >/dev/null

list="$(IFS=:; echo "${dirs[*]}")"
json="$(STORYLINE_BENCH_PAGES="$list" "${pin[@]}" "$build/extract_bench" \
          --benchmark_filter='^BM_ExtractCorpus' --benchmark_format=json 2>/dev/null)"
ours="$(printf '%s' "$json" | node -e '
  let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
    const b = JSON.parse(s).benchmarks.find(x => x.name.startsWith("BM_ExtractCorpus"));
    if (!b || b.error_occurred) { console.error(b ? b.error_message : "no result"); process.exit(1); }
    console.log(b.items_per_second.toFixed(1) + " " + b.pages);
  });')"
read -r ours_pps pages <<<"$ours"

peer_out="$("${pin[@]}" node bench/peer/readability_bench.mjs "${dirs[@]}")"
peer_pps="$(printf '%s\n' "$peer_out" | sed -n 's/^readability pages\/s: //p')"

echo "pages: $pages (${dirs[*]})"
echo "storyline extract_html      pages/s: $ours_pps"
echo "readability + linkedom      pages/s: $peer_pps"
awk -v a="$ours_pps" -v b="$peer_pps" 'BEGIN { printf "ratio (storyline / readability): %.1fx\n", a / b }'
