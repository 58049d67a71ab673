#!/usr/bin/env bash
# Peak memory of extract_html() on generated 10 MB pages (three shapes, see
# BM_ExtractHugePage in bench/extract_bench.cpp), each in its own process so that the
# figure is the growth of that process's peak resident set during the one call.
#
# Usage: bench/extract_memory.sh        Env: BUILD_DIR (default build)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${BUILD_DIR:-build}"
ninja -C "$build" -j1 extract_bench >/dev/null
printf '%-28s %10s %14s %12s\n' shape page_MiB peak_extra_MiB seconds
for shape in 0 1 2; do
  "$build/extract_bench" --benchmark_filter="^BM_ExtractHugePage/$shape/" --benchmark_format=json 2>/dev/null |
    node -e '
      let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
        const b = JSON.parse(s).benchmarks[0];
        const names = ["dense markup", "long paragraphs", "article + script furniture"];
        console.log(names['"$shape"'].padEnd(28), b.page_MiB.toFixed(1).padStart(10),
                    b.peak_extra_MiB.toFixed(1).padStart(14), (b.real_time / 1000).toFixed(2).padStart(12));
      });'
done
