// End-to-end tests of the reader in headless Debian chromium, driven by Playwright
// (playwright-core, never a downloaded browser), with axe-core checking accessibility.
// The test builds its own store (ingest + digest of fixture.mjs's articles through the
// storyline binary), serves it with `storyline serve` on a free loopback port, and saves
// screenshots (front page and a story page; light and dark; desktop and phone) in
// $STORYLINE_ARTIFACTS.
//   STORYLINE_BINARY=build/storyline STORYLINE_ARTIFACTS=build/browser-artifacts node --test reader.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { writeFixtures, HOSTILE_MARK } from './fixture.mjs';

const BINARY = process.env.STORYLINE_BINARY ?? new URL('../../build/storyline', import.meta.url).pathname;
const CHROMIUM = process.env.STORYLINE_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = process.env.STORYLINE_ARTIFACTS ?? new URL('../../build/browser-artifacts', import.meta.url).pathname;

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };

let dir, server, base, browser, serverLog = '';

function startServer(db) {
  return new Promise((resolve, reject) => {
    const child = spawn(BINARY, ['--db', db, 'serve', '--host', '127.0.0.1', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => reject(new Error('storyline serve did not start in 20 s:\n' + serverLog)), 20000);
    child.stderr.on('data', (chunk) => {
      serverLog += chunk;
      const m = /at http:\/\/127\.0\.0\.1:(\d+)\//.exec(serverLog);
      if (m && !base) {
        clearTimeout(timer);
        base = `http://127.0.0.1:${m[1]}`;
        resolve(child);
      }
    });
    child.on('exit', (code) => reject(new Error(`storyline serve exited with ${code}:\n${serverLog}`)));
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'storyline-browser-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  const f = writeFixtures(dir);
  const db = join(dir, 'reader.db');
  // The whole pipeline: ingest (JSON Lines and an HTML page), digest (cluster + write).
  execFileSync(BINARY, ['--db', db, '-q', 'ingest', f.news, f.hostile, f.page, '--published', '2025-02-11'], { stdio: 'pipe' });
  execFileSync(BINARY, ['--db', db, '-q', 'digest', '--format', 'json'], { stdio: 'pipe' });
  server = await startServer(db);
  // Playwright gives the browser a fresh, empty user data dir of its own (a temporary
  // profile, removed on close); the flags keep chromium off the network (the machine's
  // closed network refuses its background connections) and out of the sandbox (root).
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// A page that fails the test on any dialog (alert, confirm, prompt) and records errors.
async function newPage({ viewport = DESKTOP, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  page.dialogs = [];
  page.on('dialog', async (d) => {
    page.dialogs.push(d.message());
    await d.dismiss();
  });
  page.consoleErrors = [];
  page.on('pageerror', (e) => page.consoleErrors.push(String(e)));
  return page;
}

// axe-core: no serious or critical violation.
async function assertAccessible(page, what) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`), [],
    `axe violations on ${what}`);
}

// Nothing from an article ran: no dialog, no marker set, no script element or inline handler.
async function assertNothingRan(page, what) {
  assert.deepEqual(page.dialogs, [], `a dialog opened on ${what}`);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, `a script from an article ran on ${what}`);
  assert.equal(await page.evaluate(() => document.scripts.length), 0, `a script element on ${what}`);
  const handlers = await page.evaluate(() => [...document.querySelectorAll('*')].filter((el) =>
    [...el.attributes].some((a) => a.name.startsWith('on'))).length);
  assert.equal(handlers, 0, `an element with an on* attribute on ${what}`);
  const jsLinks = await page.evaluate(() => [...document.querySelectorAll('[href],[src]')].filter((el) =>
    /^\s*javascript:/i.test(el.getAttribute('href') ?? el.getAttribute('src') ?? '')).length);
  assert.equal(jsLinks, 0, `a javascript: link on ${what}`);
}

async function screenshots(url, name) {
  for (const [scheme, colorScheme] of [['light', 'light'], ['dark', 'dark']]) {
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      const page = await newPage({ viewport, colorScheme });
      await page.goto(url);
      // Readable at 360 px: nothing wider than the screen.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow} px at ${viewport.width} px (${scheme})`);
      // Dark mode follows prefers-color-scheme.
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [r, g, b] = bg.match(/\d+/g).map(Number);
      assert.ok(scheme === 'dark' ? r + g + b < 150 : r + g + b > 600, `${name} background ${bg} in ${scheme} mode`);
      await page.screenshot({ path: join(ARTIFACTS, `${name}-${scheme}-${size}.png`), fullPage: true });
      await page.context().close();
    }
  }
}

test('front page: ranked stories with headline, standfirst, time, outlets; accessible; screenshots', async () => {
  const page = await newPage();
  const res = await page.goto(base + '/');
  assert.equal(res.status(), 200);
  assert.equal(await page.locator('h1').innerText(), 'Top stories');
  const cards = page.locator('ul.stories > li.card');
  assert.equal(await cards.count(), 24, 'a full first page');
  const first = cards.first();
  assert.ok((await first.locator('h2 a').getAttribute('href')).match(/^\/story\/\d+$/));
  assert.match(await first.locator('.meta').innerText(), /^(DEVELOPING · )?\d{4}-\d{2}-\d{2} \d{2}:\d{2} \((just now|.+ ago)\) · \d+ sources? from \d+ outlets?: \w/);
  assert.ok(await page.locator('.standfirst').count() > 0);
  // Keyboard: the first Tab reaches the skip link, which moves to the content.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => location.hash), '#content');
  await assertAccessible(page, 'the front page');
  await assertNothingRan(page, 'the front page');
  await page.context().close();
  await screenshots(base + '/', 'front');
});

test('pagination: next page and back', async () => {
  const page = await newPage();
  await page.goto(base + '/');
  await page.locator('a[rel=next]').click();
  await page.waitForURL(/\?page=2$/);
  assert.match(await page.locator('h1').innerText(), /page 2/);
  const rest = await page.locator('ul.stories > li').count();
  assert.ok(rest >= 1 && rest <= 24, `${rest} stories on page 2`);
  assert.equal(await page.locator('a[rel=next]').count(), 0, 'page 2 is the last');
  await assertAccessible(page, 'page 2');
  await page.locator('a[rel=prev]').click();
  await page.waitForURL(base + '/');
  assert.equal(await page.locator('ul.stories > li').count(), 24);
  const past = await page.goto(base + '/?page=3');
  assert.equal(past.status(), 404);
  assert.match(await page.locator('h1').innerText(), /Page not found/);
  await assertAccessible(page, 'the 404 page');
  await page.context().close();
});

test('story page: footnote to its source and back, disagreements, timeline, chart; accessible; screenshots', async () => {
  const page = await newPage();
  await page.goto(base + '/');
  // A story with several outlets (its card says so).
  const card = page.locator('li.card', { hasText: /from [3-9] outlets/ }).first();
  const link = card.locator('h2 a');
  const headline = await link.innerText();
  await link.click();
  await page.waitForURL(/\/story\/\d+$/);
  const url = page.url();
  assert.equal(await page.locator('h1').innerText(), headline);
  assert.ok(await page.locator('.story-standfirst').innerText());
  // Sentences carry footnotes; one jumps to its source entry, whose back link returns.
  const note = page.locator('article p sup a').first();
  const target = await note.getAttribute('href');
  const noteId = await note.getAttribute('id');
  assert.match(target, /^#src\d+$/);
  await note.click();
  assert.equal(await page.evaluate(() => location.hash), target);
  const entry = page.locator(`li${target}`);
  assert.ok(await entry.isVisible());
  assert.ok((await entry.locator('a').first().getAttribute('href')).startsWith('https://'));
  await entry.locator('a.back').click();
  assert.match(await page.evaluate(() => location.hash), /^#c\d+-\d+$/);
  const backTarget = await page.evaluate(() => location.hash.slice(1));
  assert.equal(await page.locator(`[id="${backTarget}"]`).getAttribute('href'), target);
  assert.ok(noteId);
  // How the story developed: its articles earliest first, the first marked.
  const times = await page.locator('ol.timeline time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
  assert.ok(times.length >= 3);
  assert.deepEqual(times, [...times].sort());
  assert.match(await page.locator('ol.timeline li').first().innerText(), /First report/);
  // Coverage chart (inline SVG with a text alternative) and sources grouped by outlet.
  assert.ok(await page.locator('section.chart svg[role=img][aria-label]').count() === 1);
  assert.ok(await page.locator('.sources .outlet h3').count() >= 3);
  // The outlets disagree on a count: both values, each with its outlet.
  const dis = page.locator('.disagree li');
  assert.ok(await dis.count() >= 2, 'a disagreement with two values');
  assert.match(await dis.first().innerText(), /^\d+ according to .+ \[\d+\]/);
  await assertAccessible(page, 'a story page');
  await assertNothingRan(page, 'a story page');
  await page.context().close();
  await screenshots(url, 'story');
});

test('search: ranked results with highlighted snippets, filters, every result a link', async () => {
  const page = await newPage();
  await page.goto(base + '/');
  await page.locator('#q').fill('wildfire evacuation');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/search\?q=wildfire\+evacuation/);
  const results = page.locator('ol.results > li');
  assert.ok(await results.count() >= 2);
  for (const li of await results.all()) assert.match(await li.locator('a').first().getAttribute('href'), /^\/(story|article)\/\d+$/);
  assert.match((await page.locator('ol.results mark').first().innerText()).toLowerCase(), /wildfire|evacuation/);
  assert.match(await results.first().innerText(), /Mirefield/);
  // Outlet filter: only that outlet's articles.
  await page.locator('input[name=outlet]').fill('Metro Wire');
  await page.locator('form.filters button').click();
  await page.waitForURL(/outlet=Metro\+Wire/);
  const metas = await page.locator('#ra ~ ol .meta').allInnerTexts();
  assert.ok(metas.length >= 1);
  for (const m of metas) assert.match(m, /Metro Wire/);
  // A date range with nothing in it.
  await page.goto(base + '/search?q=wildfire&from=2024-01-01&to=2024-01-31');
  assert.match(await page.locator('[role=status]').first().innerText(), /Nothing found/);
  await assertAccessible(page, 'the search page');
  // The result links lead to the story.
  await page.goto(base + '/search?q=Mirefield');
  await page.locator('ol.results a').first().click();
  await page.waitForURL(/\/story\/\d+$/);
  assert.match(await page.locator('h1').innerText(), /Mirefield/);
  await page.context().close();
});

test('hostile articles: escaped on every page and feed, nothing runs in the browser', async () => {
  const page = await newPage();
  await page.goto(base + '/search?q=' + HOSTILE_MARK);
  assert.ok(await page.locator('ol.results > li').count() >= 1);
  // The literal text is shown as text.
  assert.match(await page.locator('main').innerText(), /<script>|<img src=x onerror/);
  await assertNothingRan(page, 'the search page');
  const storyLinks = await page.locator('#rs ~ ol a, #ra ~ ol a').evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')))]);
  assert.ok(storyLinks.length >= 1);
  for (const href of storyLinks) {
    await page.goto(base + href);
    await assertNothingRan(page, href);
    // Hover and click whatever links the page has from the hostile sources: none runs code.
    for (const a of await page.locator('.sources a').all()) await a.hover();
  }
  await assertNothingRan(page, 'the hostile story after hovering its links');
  for (const feed of ['/feed.rss', '/feed.atom', '/feed.json', `/feed.rss?q=${HOSTILE_MARK}`]) {
    const res = await page.request.get(base + feed);
    assert.equal(res.status(), 200, feed);
    const body = await res.text();
    assert.ok(!/<script|<img /i.test(body), `${feed} carries raw markup`);
  }
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('section page and the JSON error of an API route', async () => {
  const page = await newPage();
  const res = await page.goto(base + '/section/sport');
  assert.equal(res.status(), 200);
  assert.equal(await page.locator('nav.sections a[aria-current=page]').innerText(), 'Sport');
  assert.ok(await page.locator('ul.stories > li').count() >= 1);
  await assertAccessible(page, 'a section page');
  const api = await page.request.get(base + '/api/v1/stories/999999');
  assert.equal(api.status(), 404);
  assert.equal((await api.json()).status, 404);
  await page.context().close();
});
