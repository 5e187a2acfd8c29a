// The operations pages: schedules, deferred items, kill switches, lifecycles with their entities.
import { h, time, table, runLink, json } from './dom.js';
import { PageSize, actionButton, pagedList } from './list.js';

export async function schedulesPage(ctx) {
  const holder = h('div');
  const load = async () => {
    const schedules = await ctx.api.schedules();
    if (!ctx.alive()) return;
    holder.replaceChildren(table('Scheduled flows', ['Flow', 'Cron', 'Time zone', 'Next', 'Coming', 'Last'], schedules.map((s) =>
      h('tr', { 'data-testid': 'schedule-row', 'data-flow': s.flowId },
        h('td', null, h('a', { href: `#/runs?flow=${encodeURIComponent(s.flowId)}` }, s.flowId)),
        h('td', { class: 'mono' }, s.cron),
        h('td', null, s.timeZone),
        h('td', null, time(s.nextAt)),
        h('td', null, h('ul', { class: 'plain' }, (s.next || []).slice(1).map((at) => h('li', null, time(at))))),
        h('td', null, time(s.lastAt)))),
    { 'data-testid': 'schedules' }, 'No flow has a schedule.'));
  };
  ctx.main.append(h('h1', { tabindex: -1 }, 'Schedules'), holder);
  await load();
  ctx.onRefresh(load);
}

export async function deferredPage(ctx) {
  const holder = h('div');
  const load = async () => {
    const items = await ctx.api.deferred();
    if (!ctx.alive()) return;
    holder.replaceChildren(table('Deferred items', ['Item', 'Run', 'Flow', 'Reason', 'Runs at', 'Actions'], items.map((item) =>
      h('tr', { 'data-testid': 'deferred-row', 'data-item-id': item.itemId },
        h('td', { class: 'mono' }, item.itemId),
        h('td', null, item.runId ? runLink(item.runId) : ''),
        h('td', null, item.flowId, h('span', { class: 'muted' }, item.flowVersion ? ` v${item.flowVersion}` : '')),
        h('td', null, item.reason),
        h('td', null, time(item.visibleAt)),
        h('td', { class: 'buttons' }, ctx.me.canOperate ? actionButton(ctx, 'retry', async () => {
          await ctx.api.retryDeferred(item.itemId);
          ctx.notify(`Item ${item.itemId} runs at the next poll.`);
          await load();
        }, 'Run now') : null))),
    { 'data-testid': 'deferred' }, 'Nothing is deferred.'));
  };
  ctx.main.append(h('h1', { tabindex: -1 }, 'Deferred'),
    h('p', { class: 'muted' }, 'Work put back by a concurrency limit, a throttle or a lease, and when it runs.'), holder);
  await load();
  ctx.onRefresh(load);
}

export async function killSwitchesPage(ctx) {
  const holder = h('div');
  const load = async () => {
    const switches = await ctx.api.killSwitches();
    if (!ctx.alive()) return;
    holder.replaceChildren(table('Engaged kill switches', ['Scope', 'Mode', 'Reason', 'By', 'Since', 'Actions'], switches.map((s) =>
      h('tr', { 'data-testid': 'kill-switch-row', 'data-scope': s.scope },
        h('td', { class: 'mono' }, s.scope),
        h('td', null, s.mode),
        h('td', null, s.reason),
        h('td', null, s.by || ''),
        h('td', null, time(s.engagedAt)),
        h('td', { class: 'buttons' }, ctx.me.canAdminister ? actionButton(ctx, 'lift', async () => {
          const answer = await ctx.api.lift(s.scope);
          ctx.notify(`Lifted ${s.scope}: ${answer?.runs ?? 0} run(s) affected.`);
          await load();
        }, 'Lift') : null))),
    { 'data-testid': 'kill-switches' }, 'No kill switch is engaged: every flow runs.'));
  };

  ctx.main.append(h('h1', { tabindex: -1 }, 'Kill switches'), holder);
  if (ctx.me.canAdminister) {
    const form = h('form', { class: 'filters', 'data-testid': 'engage-form' },
      h('label', null, h('span', null, 'Scope'), h('input', { name: 'scope', required: true, placeholder: '*, flow or flow@3', 'data-testid': 'engage-scope' })),
      h('label', null, h('span', null, 'Mode'), h('select', { name: 'mode', 'data-testid': 'engage-mode' },
        h('option', { value: 'pause' }, 'pause (runs wait)'), h('option', { value: 'cancel' }, 'cancel (runs end)'))),
      h('label', null, h('span', null, 'Reason'), h('input', { name: 'reason', required: true, 'data-testid': 'engage-reason' })),
      h('button', { type: 'submit', class: 'danger', 'data-testid': 'engage' }, 'Engage'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      try {
        const answer = await ctx.api.engage(data.get('scope'), data.get('mode'), data.get('reason'));
        ctx.notify(`Engaged ${data.get('scope')}: ${answer?.runs ?? 0} run(s) affected.`);
        form.reset();
        await load();
      } catch (error) {
        ctx.notify(`Engage failed: ${error.message}`, 'error');
      }
    });
    ctx.main.append(h('h2', null, 'Engage a kill switch'), form);
  }
  await load();
  ctx.onRefresh(load);
}

export async function lifecyclesPage(ctx) {
  const templates = await ctx.api.lifecycles();
  if (!ctx.alive()) return;
  const chips = (values) => h('ul', { class: 'chips' }, (values || []).map((value) => typeof value === 'string'
    ? h('li', null, value)
    : h('li', { title: describe(value) }, value.name || JSON.stringify(value))));
  ctx.main.append(h('h1', { tabindex: -1 }, 'Lifecycles'),
    table('Lifecycle templates', ['Template', 'Entity type', 'States', 'Actions'], templates.map((t) =>
      h('tr', { 'data-testid': 'lifecycle-row', 'data-template': t.template },
        h('td', null, h('a', { href: `#/lifecycles/${encodeURIComponent(t.template)}` }, t.template)),
        h('td', { class: 'mono' }, t.entityType || ''),
        h('td', null, chips(t.states)),
        h('td', null, chips(t.actions)))),
    { 'data-testid': 'lifecycles' }, 'No lifecycle template is registered.'));
}

const entityRows = (template, entities) => entities.map((e) =>
  h('tr', { 'data-testid': 'entity-row', 'data-entity-id': e.entityId },
    h('td', null, h('a', { href: `#/lifecycles/${encodeURIComponent(template)}/${encodeURIComponent(e.entityId)}` }, e.entityId)),
    h('td', null, e.state, e.inFlight ? h('span', { class: 'muted' }, ` → ${e.inFlight}`) : ''),
    h('td', null, e.runId ? runLink(e.runId) : ''),
    h('td', null, e.revision),
    h('td', null, time(e.updatedAt))));

export async function entitiesPage(ctx) {
  const [template] = ctx.params;
  const list = pagedList(ctx, (continuation) => ctx.api.entities(template, { limit: PageSize, continuation }),
    (entities) => table(`Entities of ${template}`, ['Entity', 'State', 'Run', 'Revision', 'Updated'], entityRows(template, entities), { 'data-testid': 'entities' }, 'No entity yet.'));
  ctx.main.append(h('p', null, h('a', { href: '#/lifecycles' }, '← Lifecycles')), h('h1', { tabindex: -1 }, template), list.element);
  await list.refresh();
  ctx.onRefresh(list.refresh);
}

export async function entityPage(ctx) {
  const [template, entityId] = ctx.params;
  const holder = h('div', { 'data-testid': 'entity' });
  const load = async () => {
    const entity = await ctx.api.entity(template, entityId);
    if (!ctx.alive()) return;
    // The contract has no endpoint that takes a lifecycle action: the page lists those the caller may take now.
    const actions = (entity.actions || []).map((action) => typeof action === 'string' ? { name: action } : action);
    const history = entity.history || [];
    const columns = [...new Set(history.flatMap((move) => Object.keys(move)))];
    holder.replaceChildren(
      h('dl', { class: 'facts' },
        h('dt', null, 'State'), h('dd', { 'data-testid': 'entity-state' }, entity.state, entity.inFlight ? ` → ${entity.inFlight}` : ''),
        h('dt', null, 'Run'), h('dd', null, entity.runId ? runLink(entity.runId) : '—'),
        h('dt', null, 'Revision'), h('dd', null, entity.revision),
        h('dt', null, 'Created'), h('dd', null, time(entity.createdAt)),
        h('dt', null, 'Updated'), h('dd', null, time(entity.updatedAt))),
      h('h2', null, 'Actions you may take now'),
      actions.length
        ? h('ul', { class: 'chips', 'data-testid': 'entity-actions' }, actions.map((a) =>
          h('li', { title: describe(a) }, a.name)))
        : h('p', { class: 'muted' }, 'None from this state.'),
      h('h2', null, 'History'),
      table('The entity\'s moves, oldest first', columns.map(heading), history.map((move) =>
        h('tr', { 'data-testid': 'history-row' }, columns.map((column) => h('td', null, cell(column, move[column]))))),
      { 'data-testid': 'history' }, 'No moves yet.'));
  };
  ctx.main.append(h('p', null, h('a', { href: `#/lifecycles/${encodeURIComponent(template)}` }, `← ${template}`)),
    h('h1', { tabindex: -1 }, entityId), holder);
  await load();
  ctx.onRefresh(load);
}

function cell(column, value) {
  if (value === null || value === undefined) return '';
  if (column === 'runId' && typeof value === 'string') return runLink(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return time(value);
  return typeof value === 'object' ? json(value) : String(value);
}

/** A lifecycle action or state in words, for a tooltip: from Placed through Paying to Paid, runs order-processing. */
function describe(item) {
  return [item.from && `from ${item.from}`, item.transit && `through ${item.transit}`, item.to && `to ${item.to}`, item.error && `${item.error} on failure`,
    item.flowId && `runs ${item.flowId}`, item.access && `access: ${item.access}`, item.final && 'final', item.description].filter(Boolean).join(', ');
}

/** A history field's name as a column heading: runId → Run id. */
function heading(name) {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words[0].toUpperCase() + words.slice(1);
}
