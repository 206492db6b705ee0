// The technicians' WHM page in Debian's Chromium, as a technician uses it at 2 a.m.: log in to
// WHM as root, see the morning list, open an incident, force a reopen (the confirmation box is
// required), land back on the incident with the result, and check the page with axe-core.
// Prints one line per step; exits 1 on the first failure.
//
//   node whm.mjs BASE_URL ROOT_PASSWORD USER SCREENSHOT_PREFIX
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { clickAndLoad } from './nav.mjs';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const [base, password, user, shots] = process.argv.slice(2);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
function check(cond, what) {
  if (!cond) throw new Error(what);
  console.log('ok: ' + what);
}
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(base + '/whm');
  await page.fill('#user', 'root');
  await page.fill('#pass', password);
  await Promise.all([page.waitForURL('**/cgi/secure_reopen/index.cgi'), page.click('button[type=submit]')]);
  check(await page.locator('table').getByRole('link', { name: user }).count() === 1, 'the list shows the incident of ' + user);
  check((await page.textContent('body')).includes('Waiting for the customer'), 'the list shows its status');
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => await window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  const bad = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
  check(bad.length === 0, 'axe-core: no serious violation on the list ' + JSON.stringify(bad.map(v => v.id)));
  if (shots) await page.screenshot({ path: `${shots}-list.png`, fullPage: true });

  await clickAndLoad(page, page.getByRole('link', { name: user }));
  check(page.url().endsWith('?user=' + user), 'the incident opens');
  // Without the confirmation box the server refuses, and says why.
  await clickAndLoad(page, page.getByRole('button', { name: 'Reopen now (skip the checklist)' }));
  check((await page.textContent('body')).includes('tick the confirmation box'), 'a forced reopen needs the confirmation');
  await page.goBack();
  await page.getByLabel(/I reopen without the customer/).check();
  await clickAndLoad(page, page.getByRole('button', { name: 'Reopen now (skip the checklist)' }));
  check(page.url().endsWith('?user=' + user), 'the forced reopen lands back on the incident');
  const text = await page.textContent('body');
  check(text.includes(': done') && text.includes('Reopened'), 'after the redirect the incident shows the result and its new status');
  if (shots) await page.screenshot({ path: `${shots}-incident.png`, fullPage: true });
  await page.reload();
  check(!(await page.textContent('body')).includes(': done'), 'a reload does not repeat the result (nor the action)');
  await context.close();
} finally {
  await browser.close();
}
