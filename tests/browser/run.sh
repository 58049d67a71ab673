#!/usr/bin/env bash
# Runs the browser tests (reader.test.mjs: Playwright + axe-core in Debian's chromium) as
# CTest's `browser` test. Skips (exit 77) with the reason when node or chromium is absent;
# fails when the npm packages are missing (scripts/setup runs `npm ci` here).
#   STORYLINE_BINARY=build/storyline STORYLINE_ARTIFACTS=build/browser-artifacts tests/browser/run.sh
set -euo pipefail
cd "$(dirname "$0")"
chromium="${STORYLINE_CHROMIUM:-/usr/bin/chromium}"
if ! command -v node >/dev/null 2>&1; then
  echo "SKIPPED: node is not installed (scripts/setup installs nodejs and npm)"
  exit 77
fi
if [ ! -x "$chromium" ]; then
  echo "SKIPPED: $chromium not found (scripts/setup installs Debian's chromium; STORYLINE_CHROMIUM names another)"
  exit 77
fi
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/@axe-core/playwright ]; then
  echo "tests/browser: npm packages missing: run 'npm ci' in tests/browser (scripts/setup does)" >&2
  exit 1
fi
exec node --test --test-concurrency=1 reader.test.mjs
