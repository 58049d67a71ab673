// Peer benchmark: @mozilla/readability over linkedom's DOM, on the same pages as
// storyline's BM_ExtractCorpus (bench/extract_bench.cpp). Pages are read and gunzipped
// up front; only parsing + Readability is timed, one page after another, one thread.
//
// Usage: node readability_bench.mjs [dir ...]   (default: the wcxb-dev and scrapinghub
// html directories of ../shared/data/extraction beside the repository)
// Prints "readability pages/s: N" (and pages, seconds, failures) on stdout.
import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';

const here = dirname(fileURLToPath(import.meta.url));
const data = resolve(here, '../../../shared/data/extraction');
const dirs = process.argv.length > 2
  ? process.argv.slice(2)
  : [join(data, 'wcxb-dev/html'), join(data, 'scrapinghub/html')];

const pages = [];
for (const d of dirs) {
  for (const name of readdirSync(d).sort()) {
    if (!/\.(html?|html\.gz)$/.test(name)) continue;
    let bytes = readFileSync(join(d, name));
    if (name.endsWith('.gz')) bytes = gunzipSync(bytes);
    pages.push(bytes.toString('utf8'));
  }
}
if (pages.length === 0) {
  console.error('no pages found in', dirs.join(', '));
  process.exit(4);
}

let failures = 0;
let chars = 0;
const t0 = process.hrtime.bigint();
for (const html of pages) {
  try {
    const { document } = parseHTML(html);
    const article = new Readability(document).parse();
    if (article && article.textContent) chars += article.textContent.length;
    else failures += 1;
  } catch {
    failures += 1;
  }
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`readability pages: ${pages.length}  seconds: ${seconds.toFixed(3)}  no-article/failed: ${failures}  text chars: ${chars}`);
console.log(`readability pages/s: ${(pages.length / seconds).toFixed(1)}`);
