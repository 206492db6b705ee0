// Logs in to the simulator like a customer, opens the plugin from the dashboard, and runs
// axe-core on the page in Debian's Chromium at desktop and phone sizes. Prints the serious
// and critical violations as JSON and exits 1 when there is any.
//
//   node a11y.mjs BASE_URL USER PASSWORD SCREENSHOT_PREFIX
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { clickAndLoad } from './nav.mjs';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const [base, user, password, shots] = process.argv.slice(2);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
let failures = [];
try {
  for (const [name, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
    // bypassCSP only lets the test inject axe; the page itself keeps its strict policy.
    const context = await browser.newContext({ viewport, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(base + '/');
    await page.fill('#user', user);
    await page.fill('#pass', password);
    await Promise.all([page.waitForURL('**/frontend/jupiter/index.html'), page.click('button[type=submit]')]);
    await clickAndLoad(page, '#item_secure_reopen');
    if (!page.url().endsWith('/secure_reopen/index.live.cgi')) throw new Error('the plugin did not open: ' + page.url());
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(async () => await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }));
    const bad = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
    for (const v of bad) failures.push({ viewport: name, id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) });
    if (shots) await page.screenshot({ path: `${shots}-${name}.png`, fullPage: true });
    console.log(`${name}: ${result.passes.length} rules passed, ${result.violations.length} violations (${bad.length} serious or critical)`);
    await context.close();
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.log(JSON.stringify(failures, null, 2));
  process.exit(1);
}
