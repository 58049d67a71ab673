// Input for the browser tests: a day of news from several outlets (JSON Lines, in the
// format `storyline ingest` reads) and hostile articles (a JSON Lines file and an HTML page
// with broken UTF-8), all made from templates here so the tests need no data set.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OUTLETS = ['Harbour Herald', 'Daily Ledger', 'Metro Wire', 'Coastal Times', 'Northern Post', 'Valley Gazette'];

// One real-world event each: where, what happened, who spoke, a count the outlets report
// (the later outlets report another number, so the story shows a disagreement), and the
// words that place it in a section.
const EVENTS = [
  ['Port Elwick', 'a ferry ran aground near the harbour mouth', 'the coastguard', 212, 'passengers'],
  ['Lindmoor', 'the parliament passed the new election law after a night session', 'the prime minister', 48, 'amendments'],
  ['Castelnau', 'the national football team won the cup final on penalties', 'the coach', 61000, 'fans'],
  ['Brakefield', 'shares in the steel company fell after a profit warning', 'the chief executive', 900, 'jobs'],
  ['Oristad', 'scientists published a study on a new malaria vaccine', 'the research team', 4800, 'volunteers'],
  ['Quenby', 'a software flaw took the city payment app offline', 'the technology office', 35000, 'users'],
  ['Harlow Sound', 'a storm cut power to coastal villages', 'the energy regulator', 17000, 'homes'],
  ['Vestrup', 'the central bank raised interest rates to fight inflation', 'the bank governor', 25, 'basis points'],
  ['Mirefield', 'a wildfire forced the evacuation of hillside suburbs', 'the fire service', 3200, 'residents'],
  ['Tallow Bay', 'dockworkers began a strike over pay and pensions', 'the union leader', 1400, 'workers'],
  ['Greywater', 'the river burst its banks after a week of rain', 'the mayor', 640, 'households'],
  ['Ashcombe', 'the senate rejected the budget proposal in a close vote', 'the finance minister', 51, 'senators'],
  ['Kelvinside', 'astronomers spotted a comet that will pass close to the planet', 'the observatory', 12, 'telescopes'],
  ['Redmarsh', 'the tennis champion retired after a season of injuries', 'her coach', 22, 'titles'],
  ['Pellingford', 'a train derailed outside the station in the morning', 'the rail operator', 86, 'passengers'],
  ['Dunmore', 'the hospital opened a new cancer treatment wing', 'the health minister', 120, 'beds'],
  ['Westhaven', 'the airport cancelled flights because of volcanic ash', 'the airport authority', 310, 'flights'],
  ['Corrin Falls', 'a chip maker announced a new factory in the valley', 'the company', 2500, 'jobs'],
  ['Ilsbury', 'the ceasefire talks broke down after troops crossed the border', 'the foreign ministry', 9, 'delegates'],
  ['Marlow Heath', 'an earthquake damaged old buildings in the town centre', 'the geological survey', 74, 'buildings'],
  ['Fennick', 'the oil price jumped after the pipeline was shut', 'the energy company', 7, 'dollars a barrel'],
  ['Stoneleigh', 'the league suspended the club for unpaid wages', 'the league chairman', 14, 'players'],
  ['Rowanport', 'hackers stole data from the tax office', 'the cyber agency', 880000, 'records'],
  ['Blackwood', 'the coalition government survived a vote of confidence', 'the opposition leader', 163, 'votes'],
  ['Amberley', 'the museum returned looted bronzes to their owners', 'the museum director', 31, 'bronzes'],
  ['Lowmoor', 'a heatwave pushed temperatures to a record high', 'the weather service', 41, 'degrees'],
  ['Caddon', 'the marathon was won in a course record', 'the race organisers', 18000, 'runners'],
  ['Tresham', 'the drug maker recalled a blood pressure medicine', 'the medicines agency', 60000, 'packs'],
  ['Norbury', 'the city council approved a tram line to the suburbs', 'the transport committee', 19, 'stops'],
  ['Eastfold', 'a landslide blocked the mountain highway', 'the road agency', 5, 'kilometres'],
];

const T0 = Date.UTC(2025, 1, 11, 6, 0, 0) / 1000;  // 2025-02-11 06:00 UTC

function sentences(e, outlet, k) {
  const [place, what, who, count, unit] = e;
  const n = k < 2 ? count : count + Math.max(2, Math.round(count / 10));  // later outlets disagree
  const days = ['on Monday', 'on Tuesday', 'early on Tuesday'];
  return [
    `In ${place}, ${what} ${days[k % 3]}, ${who} said.`,
    `${who[0].toUpperCase() + who.slice(1)} said ${n} ${unit} were affected in ${place}.`,
    `Officials in ${place} promised a full review of what happened and said more details would follow.`,
    `Local people told ${outlet} reporters that the news from ${place} had spread quickly.`,
    `The ${place} authorities will publish a report within weeks.`,
  ].join(' ');
}

export function newsLines() {
  const lines = [];
  EVENTS.forEach((e, i) => {
    const outlets = 2 + (i % 3);  // 2 to 4 outlets an event
    for (let k = 0; k < outlets; ++k) {
      const outlet = OUTLETS[(i + k) % OUTLETS.length];
      const slug = e[0].toLowerCase().replace(/[^a-z]+/g, '-');
      lines.push(JSON.stringify({
        url: `https://${outlet.toLowerCase().replace(/ /g, '')}.example/${slug}-${k}`,
        source: outlet,
        title: `${e[0]}: ${e[1][0].toUpperCase()}${e[1].slice(1)}`,
        text: sentences(e, outlet, k),
        // Events spread over the day; the outlets of one event follow each other within hours.
        published: new Date((T0 + i * 1500 + k * 2400) * 1000).toISOString().replace('.000Z', 'Z'),
      }));
    }
  });
  return lines.join('\n') + '\n';
}

// What hostile text tries: a script element, an event-handler attribute, a javascript:
// link, quotes that break out of an attribute, and (in the HTML page) broken UTF-8.
export const HOSTILE_MARK = 'Zanzibarine';  // a word only the hostile articles use (to search for them)
export function hostileLines() {
  const payloads = [
    { source: '<script>window.__pwned=1;alert("outlet")</script>', title: `${HOSTILE_MARK} <script>window.__pwned=2;alert(1)</script> summit`,
      url: 'javascript:window.__pwned=3;alert(3)' },
    { source: 'Evil" onmouseover="window.__pwned=4', title: `${HOSTILE_MARK} <img src=x onerror="window.__pwned=5;alert(5)"> summit`,
      url: 'https://evil.example/"><script>window.__pwned=6</script>' },
  ];
  return payloads.map((p, k) => JSON.stringify({
    url: p.url,
    source: p.source,
    title: p.title,
    text: `${HOSTILE_MARK} leaders met at the summit <script>window.__pwned=7;alert(7)</script> on Tuesday. ` +
      `Delegates said "><img src=x onerror=alert(8)> the ${HOSTILE_MARK} summit agreed on ${40 + k} points. ` +
      `A ${HOSTILE_MARK} spokesman linked <a href="javascript:alert(9)">the text</a> of the agreement.`,
    published: new Date((T0 + 40000 + k * 900) * 1000).toISOString().replace('.000Z', 'Z'),
  })).join('\n') + '\n';
}

// An HTML page whose text carries markup as text (&lt;script&gt;) and bytes that are not
// UTF-8 (0xFF 0xFE), for the extract path.
export function hostilePage() {
  const head = Buffer.from(
    '<!doctype html><html><head><meta charset="utf-8"><title>' + HOSTILE_MARK +
    ' summit &lt;script&gt;alert(10)&lt;/script&gt;</title>' +
    '<link rel="canonical" href="javascript:alert(11)"></head><body><article><h1>' + HOSTILE_MARK +
    ' summit ends &lt;img src=x onerror=alert(12)&gt;</h1><p>The ' + HOSTILE_MARK +
    ' summit leaders met on Tuesday and agreed on 44 points, delegates said. Broken bytes: ', 'utf8');
  const broken = Buffer.from([0xff, 0xfe, 0xc3, 0x28]);
  const tail = Buffer.from(
    ' end.</p><p>A spokesman said the ' + HOSTILE_MARK + ' summit would meet again &quot;&gt;&lt;script&gt;alert(13)&lt;/script&gt; next year.</p>' +
    '<script>window.__pwned=14</script></article></body></html>', 'utf8');
  return Buffer.concat([head, broken, tail]);
}

export function writeFixtures(dir) {
  const news = join(dir, 'news.jsonl');
  const hostile = join(dir, 'hostile.jsonl');
  const page = join(dir, 'hostile.html');
  writeFileSync(news, newsLines());
  writeFileSync(hostile, hostileLines());
  writeFileSync(page, hostilePage());
  return { news, hostile, page, events: EVENTS.length };
}
