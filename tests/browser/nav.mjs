// Clicking something that loads a new page, without racing the old one.
//
// `Promise.all([page.waitForLoadState('load'), el.click()])` is racy: the old page is already
// loaded, so the wait returns at once and the next check can read the old page, or a page half
// replaced. (CI failed that way: "back from the print view: the same sheet" read the print view.)
// Here the wait is for the main frame to commit a new document first, then for its load event.
export async function clickAndLoad(p, target) {
  const committed = p.waitForEvent('framenavigated', { predicate: f => f === p.mainFrame(), timeout: 30000 });
  await (typeof target === 'string' ? p.click(target) : target.click());
  await committed;
  await p.waitForLoadState('load');
}
