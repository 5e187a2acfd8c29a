// The run pages: the runs list, one run (graph, steps, audit, buttons), waiting runs and dead letters.
import { h, status, time, duration, json, table, runLink, errorText, shortId } from './dom.js';
import { PageSize, actionButton, allowed, pagedList, runRows, runHeadings, actedOn, isFinal, trigger } from './list.js';

const Statuses = ['pending', 'running', 'waiting', 'paused', 'completed', 'failed', 'cancelled'];
const graphs = new Map();

/** A datetime-local value (the reader's time) as ISO 8601 for the API. */
const iso = (local) => (local ? new Date(local).toISOString() : '');

export async function runsPage(ctx) {
  const filters = Object.fromEntries(['flow', 'status', 'from', 'to'].map((key) => [key, ctx.query.get(key) || '']));
  const flows = await ctx.api.flows().catch(() => []);
  if (!ctx.alive()) return;

  const field = (label, control) => h('label', null, h('span', null, label), control);
  const form = h('form', { class: 'filters', 'data-testid': 'run-filters', role: 'search' },
    field('Flow', h('select', { name: 'flow', 'data-testid': 'filter-flow' },
      h('option', { value: '' }, 'All flows'),
      flows.map((flow) => h('option', { value: flow.id, selected: flow.id === filters.flow }, flow.id)))),
    field('Status', h('select', { name: 'status', 'data-testid': 'filter-status' },
      h('option', { value: '' }, 'Any status'),
      Statuses.map((value) => h('option', { value, selected: value === filters.status }, value)))),
    field('Created from', h('input', { type: 'datetime-local', name: 'from', value: filters.from, 'data-testid': 'filter-from' })),
    field('Created before', h('input', { type: 'datetime-local', name: 'to', value: filters.to, 'data-testid': 'filter-to' })),
    h('button', { type: 'submit', 'data-testid': 'filter-apply' }, 'Apply'),
    h('a', { href: '#/runs', class: 'button-link' }, 'Clear'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (value) chosen.set(key, value);
    const text = chosen.toString();
    ctx.go(text ? `#/runs?${text}` : '#/runs');
  });

  const list = pagedList(ctx,
    (continuation) => ctx.api.runs({ flow: filters.flow, status: filters.status, from: iso(filters.from), to: iso(filters.to), limit: PageSize, continuation }),
    (runs) => table('Runs, newest first', runHeadings(false), runRows(runs), { 'data-testid': 'runs-table' }, 'No runs match.'));
  ctx.main.append(h('h1', { tabindex: -1 }, 'Runs'), form, list.element);
  await list.refresh();
  ctx.onRefresh(list.refresh);
}

/** A list of runs with buttons per row (waiting: approve and reject; failed: retry), and the runs acted on. */
async function actionList(ctx, title, intro, load, actions) {
  const acted = actedOn(ctx);
  const buttons = (run) => actions.filter((action) => allowed(ctx.me, action)).map((action) => actionButton(ctx, action, async () => {
    const answer = await ctx.api.act(run.runId, action);
    ctx.notify(`${action[0].toUpperCase() + action.slice(1)}: run ${shortId(run.runId)} is ${answer?.status || 'updated'}.`);
    acted.add(run, action, answer);
    await refresh();
  }));
  const list = pagedList(ctx, load, (runs) => table(title, runHeadings(true), runRows(runs, buttons), { 'data-testid': 'runs-table' }, `No ${title.toLowerCase()}.`));
  const refresh = async () => { await list.refresh(); await acted.refresh(); };
  ctx.main.append(h('h1', { tabindex: -1 }, title), h('p', { class: 'muted' }, intro), acted.element, list.element);
  await list.refresh();
  ctx.onRefresh(refresh);
}

export const waitingPage = (ctx) => actionList(ctx, 'Waiting runs',
  'Runs suspended at an approval, an event or a timer. Approve and reject answer an approval; open a run for its details.',
  (continuation) => ctx.api.runs({ status: 'waiting', limit: PageSize, continuation }),
  ['approve', 'reject']);

export const failedPage = (ctx) => actionList(ctx, 'Failed runs',
  'Dead letters: runs that ended failed. Retry runs one again from the step that failed, on this page.',
  (continuation) => ctx.api.deadLetters({ flow: ctx.query.get('flow') || '', limit: PageSize, continuation }),
  ['retry']);

export async function runPage(ctx) {
  const [runId] = ctx.params;
  let shown = null;
  const view = h('div', { 'data-testid': 'run' });
  ctx.main.append(view);

  async function load() {
    const run = await ctx.api.run(runId);
    if (!ctx.alive()) return;
    const text = JSON.stringify(run);
    if (text === shown) return;
    shown = text;
    // Keep what the reader typed in the comment box across a redraw.
    const comment = view.querySelector('[data-testid="comment"]')?.value || '';
    view.replaceChildren(...(await render(ctx, run, load, comment)).filter(Boolean));
  }

  await load();
  ctx.onRefresh(async () => {
    if (shown === null || !isFinal(JSON.parse(shown).status)) await load();
  });
}

async function render(ctx, run, reload, comment) {
  const commentBox = h('input', { type: 'text', 'data-testid': 'comment', 'aria-label': 'Comment for the approval', placeholder: 'Comment (optional)', value: comment });
  const actions = (run.actions || []).filter((action) => allowed(ctx.me, action));
  const buttons = actions.map((action) => actionButton(ctx, action, async () => {
    const answer = await ctx.api.act(run.runId, action, commentBox.value);
    if (action === 'delete') {
      ctx.notify(`Run ${shortId(run.runId)} deleted.`);
      ctx.go('#/runs');
      return;
    }
    ctx.notify(`${action[0].toUpperCase() + action.slice(1)}: the run is ${answer?.status || 'updated'}.`);
    await reload();
  }));
  const decides = actions.includes('approve') || actions.includes('reject');

  const facts = [
    ['Flow', h('span', null, h('a', { href: `#/runs?flow=${encodeURIComponent(run.flowId)}` }, run.flowId), ` v${run.flowVersion}`)],
    ['Status', status(run.status)],
    ['Trigger', trigger(run.trigger)],
    ['Created', time(run.createdAt)],
    ['Updated', time(run.updatedAt)],
    ['Ended', time(run.endedAt)],
    run.waiting ? ['Waiting for', [run.waiting.kind, run.waiting.name].filter(Boolean).join(' '), run.waiting.until ? [' until ', time(run.waiting.until)] : null] : null,
    run.idempotencyKey ? ['Idempotency key', h('span', { class: 'mono' }, run.idempotencyKey)] : null,
    run.parentRunId ? ['Parent run', runLink(run.parentRunId)] : null,
    run.traceId ? ['Trace', h('span', { class: 'mono' }, run.traceId)] : null,
    run.message && run.message !== errorText(run.error) && run.message !== run.error?.message ? ['Message', run.message] : null,
    run.error ? ['Error', h('span', { class: 'error', 'data-testid': 'run-error' }, errorText(run.error))] : null,
  ].filter(Boolean);

  const graph = h('div', { class: 'graph', 'data-testid': 'run-graph' }, h('p', { class: 'muted' }, 'Drawing the graph…'));
  drawGraph(ctx, run, graph);

  return [
    h('h1', { tabindex: -1 }, 'Run ', h('span', { class: 'mono', 'data-testid': 'run-id' }, run.runId), ' ', h('span', { 'data-testid': 'run-status' }, status(run.status))),
    buttons.length ? h('div', { class: 'toolbar', 'data-testid': 'run-actions' }, decides ? commentBox : null, buttons) : null,
    h('dl', { class: 'facts' }, facts.map(([term, ...value]) => [h('dt', null, term), h('dd', null, value)])),
    h('section', { 'aria-labelledby': 'graph-heading' }, h('h2', { id: 'graph-heading' }, 'Graph'),
      graph),
    h('section', { 'aria-labelledby': 'steps-heading' }, h('h2', { id: 'steps-heading' }, 'Steps'), steps(run)),
    h('div', { class: 'columns' },
      h('section', { 'aria-labelledby': 'input-heading' }, h('h2', { id: 'input-heading' }, 'Input'), json(run.input, 'run-input')),
      h('section', { 'aria-labelledby': 'output-heading' }, h('h2', { id: 'output-heading' }, 'Output'), json(run.output, 'run-output'))),
    h('section', { 'aria-labelledby': 'audit-heading' }, h('h2', { id: 'audit-heading' }, 'Audit'),
      table('Who did what to this run', ['When', 'Who', 'Action', 'Detail'], (run.audit || []).map((entry) =>
        h('tr', { 'data-testid': 'audit-row' }, h('td', null, time(entry.at)), h('td', null, entry.by), h('td', null, entry.action), h('td', null, entry.detail || ''))),
      { 'data-testid': 'audit' }, 'No one has acted on this run.')),
  ];
}

/** The step timeline: every try, with a bar placing it in the run's time. */
function steps(run) {
  const list = run.steps || [];
  const start = Date.parse(run.createdAt);
  const end = Math.max(Date.parse(run.endedAt || run.updatedAt) || start, ...list.map((s) => Date.parse(s.endedAt || s.startedAt) || start));
  const span = Math.max(end - start, 1);
  return table('The steps the run took, in order', ['Step', 'Try', 'Status', 'Endpoint', 'Started', 'Duration', 'Timeline', 'Error'],
    list.map((step) => {
      const from = ((Date.parse(step.startedAt) - start) / span) * 100;
      const width = Math.max(((step.durationMs || 0) / span) * 100, 0.5);
      return h('tr', { 'data-testid': 'step', 'data-step': step.stepId, 'data-step-status': step.status },
        h('td', { class: 'mono' }, step.stepId),
        h('td', null, step.attempt),
        h('td', null, status(step.status)),
        h('td', null, step.endpoint || ''),
        h('td', null, time(step.startedAt)),
        h('td', null, duration(step.durationMs)),
        h('td', { class: 'timeline', 'aria-hidden': 'true' },
          h('span', { class: `bar bar-${step.status}`, style: `margin-left:${Math.min(Math.max(from, 0), 99.5).toFixed(2)}%;width:${Math.min(width, 100).toFixed(2)}%` })),
        h('td', { class: 'error' }, errorText(step.error)));
    }), { 'data-testid': 'steps', class: 'steps' }, 'No step has run yet.');
}

/** Fetches the flow version's graph (once per version), and marks the steps the run took and the arrows between them, the failed step and the current one. */
async function drawGraph(ctx, run, holder) {
  const key = `${run.flowId}@${run.flowVersion}`;
  try {
    if (!graphs.has(key)) graphs.set(key, await ctx.api.graph(run.flowId, run.flowVersion));
  } catch (error) {
    holder.replaceChildren(h('p', { class: 'muted' }, `No graph: ${error.message}`));
    return;
  }
  const svg = parseSvg(graphs.get(key));
  if (!svg) {
    holder.replaceChildren(h('p', { class: 'muted' }, 'The graph could not be read.'));
    return;
  }

  // The last try of each step decides how it is marked: a step retried to success is not failed.
  const last = new Map();
  for (const step of run.steps || []) last.set(step.stepId, step);
  const failed = new Set([...last.values()].filter((step) => step.status === 'failed').map((step) => step.stepId));
  if (run.status === 'failed' && run.error?.stepId) failed.add(run.error.stepId);
  const current = !isFinal(run.status) && run.steps?.length ? run.steps[run.steps.length - 1].stepId : null;
  // An arrow is on the path when the run went from its start to its end: two steps one after the other (tries of one
  // step count once).
  const moves = new Set();
  let previous = null;
  for (const step of run.steps || []) {
    if (previous !== null && previous !== step.stepId) moves.add(`${previous}\n${step.stepId}`);
    previous = step.stepId;
  }
  for (const edge of svg.querySelectorAll('[data-from][data-to]')) {
    edge.classList.toggle('on-path', moves.has(`${edge.getAttribute('data-from')}\n${edge.getAttribute('data-to')}`));
  }
  for (const node of svg.querySelectorAll('[data-step]')) {
    const step = node.getAttribute('data-step');
    node.classList.toggle('on-path', last.has(step));
    node.classList.toggle('failed-step', failed.has(step));
    node.classList.toggle('current-step', step === current);
  }
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `The graph of ${run.flowId} v${run.flowVersion}, with the ${last.size} steps this run took marked`);
  const legend = h('p', { class: 'muted legend' }, h('span', { class: 'key on-path' }), ' ran ', h('span', { class: 'key failed-step' }), ' failed ', h('span', { class: 'key current-step' }), ' where it is now');
  holder.replaceChildren(legend, svg);
}

/** The API's SVG as a node of this page, without scripts or event handlers (defence in depth: the API is trusted). */
function parseSvg(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (!root || root.nodeName !== 'svg' || doc.querySelector('parsererror')) return null;
  for (const bad of root.querySelectorAll('script, foreignObject, iframe, object, embed')) bad.remove();
  for (const element of [root, ...root.querySelectorAll('*')]) {
    for (const attribute of [...element.attributes]) {
      const value = attribute.value.trim().toLowerCase();
      if (attribute.name.toLowerCase().startsWith('on') || value.startsWith('javascript:')) element.removeAttribute(attribute.name);
    }
  }
  return document.importNode(root, true);
}
