// Runs Lighthouse (pinned in package.json) on each page of a running site with one headless Chromium, and prints one
// JSON object to stdout: { "<path>": { "scores": { "<category>": 0..1 }, "failing": ["<category>: <audit id> (<title>)"],
// "metrics": { ... } } }.
//
//   node audit.mjs <base-url> <categories, comma-separated> <path> [<path> ...]
//
// Lighthouse's default settings (mobile emulation, simulated throttling). CHROME_PATH names the browser (Debian's
// Chromium: Lighthouse downloads none). Used by LighthouseBrowserTests (accessibility, best practices, SEO at 100) and
// bench/lighthouse.sh (performance, for docs/performance.md).
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const [base, categoryList, ...paths] = process.argv.slice(2);
if (!base || !categoryList || paths.length === 0) {
  console.error('usage: node audit.mjs <base-url> <categories> <path> [<path> ...]');
  process.exit(2);
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic',
    // The browser tests serve the site over HTTPS with a throwaway certificate.
    '--ignore-certificate-errors',
  ],
});

// Without the performance category nothing is timed, so the page need not sit idle for Lighthouse's default quiet
// windows (a second each) before the audits run; with it, the defaults stand.
const categories = categoryList.split(',');
const config = categories.includes('performance') ? undefined : {
  extends: 'lighthouse:default',
  settings: { pauseAfterFcpMs: 100, pauseAfterLoadMs: 100, networkQuietThresholdMs: 100, cpuQuietThresholdMs: 100 },
};

const results = {};
try {
  for (const path of paths) {
    const url = new URL(path, base).toString();
    const runner = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories }, config);
    const lhr = runner.lhr;
    if (lhr.runtimeError) {
      results[path] = { error: `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` };
      continue;
    }

    const scores = {};
    const failing = [];
    for (const [id, category] of Object.entries(lhr.categories)) {
      scores[id] = category.score;
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          failing.push(`${id}: ${ref.id} (${audit.title})`);
        }
      }
    }

    const metric = (id) => lhr.audits[id]?.numericValue;
    results[path] = {
      scores,
      failing,
      metrics: {
        firstContentfulPaintMs: metric('first-contentful-paint'),
        largestContentfulPaintMs: metric('largest-contentful-paint'),
        totalBlockingTimeMs: metric('total-blocking-time'),
        cumulativeLayoutShift: metric('cumulative-layout-shift'),
        speedIndexMs: metric('speed-index'),
        totalByteWeight: metric('total-byte-weight'),
      },
    };
  }
} finally {
  await chrome.kill();
}

process.stdout.write(JSON.stringify(results, null, 2) + '\n');
