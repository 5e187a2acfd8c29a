// The dashboard's shell: hash routes, who the caller is (GET /me), the auto-refresh timer and the notice line.
import { api } from './api.js';
import { h } from './dom.js';
import { runsPage, runPage, waitingPage, failedPage } from './runs.js';
import { schedulesPage, deferredPage, killSwitchesPage, lifecyclesPage, entitiesPage, entityPage } from './operations.js';

const RefreshMs = 4000;

const routes = [
  [/^\/runs$/, 'runs', runsPage],
  [/^\/runs\/([^/]+)$/, 'runs', runPage],
  [/^\/waiting$/, 'waiting', waitingPage],
  [/^\/failed$/, 'failed', failedPage],
  [/^\/schedules$/, 'schedules', schedulesPage],
  [/^\/deferred$/, 'deferred', deferredPage],
  [/^\/kill-switches$/, 'kill-switches', killSwitchesPage],
  [/^\/lifecycles$/, 'lifecycles', lifecyclesPage],
  [/^\/lifecycles\/([^/]+)$/, 'lifecycles', entitiesPage],
  [/^\/lifecycles\/([^/]+)\/([^/]+)$/, 'lifecycles', entityPage],
];

const main = document.getElementById('main');
const notice = document.querySelector('[data-testid="notice"]');
const toggle = document.querySelector('[data-testid="refresh-toggle"]');
let me = { name: null, roles: [], canOperate: false, canAdminister: false };
let generation = 0;
let refresh = null;
let refreshing = false;

/** Says something in the live region (screen readers read it); errors stay until the next notice. */
function notify(text, kind = 'info') {
  notice.textContent = text;
  notice.dataset.kind = kind;
  clearTimeout(notify.timer);
  if (kind !== 'error') notify.timer = setTimeout(() => { notice.textContent = ''; }, 8000);
}

function parseHash() {
  const hash = location.hash.replace(/^#/, '') || '/runs';
  const mark = hash.indexOf('?');
  return mark < 0
    ? { path: hash, query: new URLSearchParams() }
    : { path: hash.slice(0, mark), query: new URLSearchParams(hash.slice(mark + 1)) };
}

async function route() {
  const mine = ++generation;
  refresh = null;
  const { path, query } = parseHash();
  const match = routes.map(([pattern, page, render]) => [path.match(pattern), page, render]).find(([m]) => m);
  for (const link of document.querySelectorAll('nav a')) {
    if (match && link.dataset.page === match[1]) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.replaceChildren();
  if (!match) {
    main.append(h('h1', null, 'Not found'), h('p', null, 'No such page. ', h('a', { href: '#/runs' }, 'See the runs.')));
    return;
  }
  const [found, , render] = match;
  const context = {
    api, me, query, notify, main,
    params: found.slice(1).map(decodeURIComponent),
    alive: () => mine === generation,
    onRefresh: (callback) => { if (mine === generation) refresh = callback; },
    go: (hash) => { location.hash = hash; },
  };
  try {
    await render(context);
  } catch (error) {
    if (context.alive()) showError(error);
  }
  // Focus the page's heading for screen readers and keyboards, but not on the first load.
  if (context.alive() && route.loaded) main.querySelector('h1')?.focus();
  route.loaded = true;
}

function showError(error) {
  main.replaceChildren(
    h('h1', { tabindex: -1 }, error.status === 403 ? 'Not allowed' : error.status === 401 ? 'Sign in needed' : 'Something went wrong'),
    h('p', { class: 'error', 'data-testid': 'page-error' }, error.message));
}

async function tick() {
  if (!toggle.checked || document.hidden || refreshing || !refresh) return;
  refreshing = true;
  const mine = generation;
  try {
    await refresh();
  } catch (error) {
    if (mine === generation) notify(`Refresh failed: ${error.message}`, 'error');
  } finally {
    refreshing = false;
  }
}

async function start() {
  try {
    me = await api.me();
  } catch (error) {
    showError(error);
    return;
  }
  const roles = me.canAdminister ? 'admin' : me.canOperate ? 'operator' : 'viewer';
  const who = document.querySelector('[data-testid="me"]');
  who.textContent = `${me.name || 'anonymous'} · ${roles}`;
  who.dataset.role = roles;
  document.body.dataset.role = roles;
  window.addEventListener('hashchange', route);
  // The hash names the page, so the skip link moves the focus itself instead of jumping to #main.
  document.querySelector('[data-skip]').addEventListener('click', (event) => { event.preventDefault(); main.focus(); });
  toggle.addEventListener('change', () => notify(toggle.checked ? 'Auto-refresh is on.' : 'Auto-refresh is paused.'));
  setInterval(tick, RefreshMs);
  await route();
}

start();
