// An accessibility smoke run in the page: every visible form field has a label (a <label>,
// aria-label, aria-labelledby or title) and every visible button and link has a name a screen
// reader can say. A small DOM query rather than a rule engine: it catches the mistakes a page
// makes most, at no dependency.
import type { Page } from 'playwright-core';

// Runs in the browser, so written as a string: the test's types are Node's, not the DOM's.
const CHECK = `(() => {
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const text = (s) => (s ?? '').replace(/\\s+/g, ' ').trim();
  const byIds = (el) =>
    text((el.getAttribute('aria-labelledby') ?? '').split(/\\s+/).filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
  const named = (el) =>
    text(el.getAttribute('aria-label')) || byIds(el) || text(el.getAttribute('title'));
  const describe = (el) => {
    const attrs = ['name', 'type', 'data-testid', 'href'].map((a) => el.getAttribute(a))
      .filter(Boolean).join(' ');
    return el.tagName.toLowerCase() + (attrs ? '[' + attrs + ']' : '') + ' in ' +
      (el.closest('section,form,nav,header,main')?.getAttribute('aria-labelledby') ??
        el.closest('section,form,nav,header,main')?.tagName.toLowerCase() ?? 'page');
  };
  const problems = [];
  const fields = document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]), select, textarea');
  for (const el of fields) {
    if (!visible(el)) continue;
    const labelled = [...(el.labels ?? [])].some((l) => text(l.textContent)) || named(el);
    if (!labelled) problems.push('field without a label: ' + describe(el));
  }
  const actions = document.querySelectorAll(
    'button, [role=button], a[href], input[type=submit], input[type=button], input[type=reset]');
  for (const el of actions) {
    if (!visible(el)) continue;
    const own = el.tagName === 'INPUT' ? text(el.value) : text(el.textContent);
    const img = [...el.querySelectorAll('img[alt], svg[aria-label]')]
      .some((i) => text(i.getAttribute('alt') ?? i.getAttribute('aria-label')));
    if (!own && !named(el) && !img)
      problems.push((el.tagName === 'A' ? 'link' : 'button') + ' without a name: ' + describe(el));
  }
  return problems;
})()`;

/** What a screen-reader user would miss on the page as it is now; [] when nothing. */
export function a11yProblems(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(CHECK);
}
