// What the list pages share: server-side paging with continuation tokens, action buttons, and the runs acted on.
import { h, status, runLink, time, table, errorText } from './dom.js';

export const PageSize = 25;
const Final = new Set(['completed', 'failed', 'cancelled']);
const Labels = { pause: 'Pause', resume: 'Resume', cancel: 'Cancel', retry: 'Retry', approve: 'Approve', reject: 'Reject', delete: 'Delete' };
const Confirm = new Set(['cancel', 'delete']);

export const isFinal = (value) => Final.has(value);

/** Whether the caller may take an action, as GET /me says (the API checks again). */
export function allowed(me, action) {
  return action === 'delete' ? me.canAdminister : me.canOperate;
}

/**
 * A button that calls act() when pressed. Cancel and delete ask once more on the button itself (a second press within
 * five seconds), so no dialog is needed. While the call runs the button is disabled.
 */
export function actionButton(ctx, action, act, label = Labels[action] || action) {
  const button = h('button', { type: 'button', class: `action action-${action}`, 'data-testid': `action-${action}`, 'data-action': action }, label);
  button.addEventListener('click', async () => {
    if (Confirm.has(action) && button.dataset.confirm !== 'yes') {
      button.dataset.confirm = 'yes';
      button.textContent = `Confirm ${label.toLowerCase()}`;
      setTimeout(() => { delete button.dataset.confirm; button.textContent = label; }, 5000);
      return;
    }
    button.disabled = true;
    try {
      await act();
    } catch (error) {
      ctx.notify(`${label} failed: ${error.message}`, 'error');
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/**
 * A paged list: load(token) answers { items, continuation }; render(items) gives the table. Newer and Older move
 * between pages; refresh() reloads the page shown (the auto-refresh calls it).
 */
export function pagedList(ctx, load, render) {
  const tokens = [null];
  const body = h('div', { 'data-testid': 'list' });
  const newer = h('button', { type: 'button', 'data-testid': 'page-newer', disabled: true }, '← Newer');
  const older = h('button', { type: 'button', 'data-testid': 'page-older', disabled: true }, 'Older →');
  const where = h('span', { class: 'muted', 'data-testid': 'page-number' }, 'Page 1');
  let next = null;

  let shown = null;
  async function refresh() {
    const page = await load(tokens[tokens.length - 1]);
    if (!ctx.alive()) return;
    next = page.continuation || null;
    // Redraw only what changed, so a refresh does not take the focus from a button or the place of a reader.
    const text = JSON.stringify(page.items || []) + tokens.length;
    if (text !== shown) {
      shown = text;
      body.replaceChildren(render(page.items || []));
    }
    newer.disabled = tokens.length === 1;
    older.disabled = !next;
    where.textContent = `Page ${tokens.length}`;
  }

  newer.addEventListener('click', () => { if (tokens.length > 1) { tokens.pop(); refresh().catch(fail); } });
  older.addEventListener('click', () => { if (next) { tokens.push(next); refresh().catch(fail); } });
  const fail = (error) => ctx.notify(error.message, 'error');
  const element = h('div', null, body, h('div', { class: 'pager' }, newer, where, older));
  return { element, refresh };
}

/** Rows of run summaries; extra(run) adds the last cell (buttons). */
export function runRows(runs, extra) {
  return runs.map((run) => h('tr', { 'data-testid': 'run-row', 'data-run-id': run.runId, 'data-status': run.status },
    h('td', null, runLink(run.runId)),
    h('td', null, h('a', { href: `#/runs?flow=${encodeURIComponent(run.flowId)}` }, run.flowId), h('span', { class: 'muted' }, ` v${run.flowVersion}`)),
    h('td', null, status(run.status)),
    h('td', null, trigger(run.trigger)),
    h('td', null, time(run.createdAt)),
    h('td', null, time(run.endedAt || run.updatedAt)),
    h('td', { class: 'message' }, run.error ? h('span', { class: 'error' }, errorText(run.error)) : run.message || ''),
    extra ? h('td', { class: 'buttons' }, extra(run)) : null));
}

export const runHeadings = (withButtons) => ['Run', 'Flow', 'Status', 'Trigger', 'Created', 'Updated', 'Message', withButtons ? 'Actions' : null].filter(Boolean);

export function trigger(value) {
  if (!value) return '';
  return typeof value === 'string' ? value : [value.kind, value.detail].filter(Boolean).join(': ');
}

/**
 * The runs this page acted on (retried, approved...), kept in view with their live status until they end, since they
 * leave the list that showed them (a retried run is no longer a dead letter).
 */
export function actedOn(ctx) {
  const runs = new Map();
  const element = h('section', { 'aria-labelledby': 'acted-heading', 'data-testid': 'acted', hidden: true },
    h('h2', { id: 'acted-heading' }, 'Acted on'));
  const holder = h('div');
  element.append(holder);

  function draw() {
    element.hidden = runs.size === 0;
    holder.replaceChildren(table('Runs acted on from this page', [...runHeadings(false), 'Action'],
      [...runs.values()].map(({ run, action }) => {
        const [row] = runRows([run]);
        row.dataset.testid = 'acted-row';
        row.append(h('td', null, action));
        return row;
      })));
  }

  return {
    element,
    add(run, action, answer) {
      runs.set(run.runId, { run: { ...run, status: answer?.status || run.status, error: null, message: null }, action });
      draw();
    },
    async refresh() {
      for (const [runId, entry] of runs) {
        if (isFinal(entry.run.status) && entry.polled) continue;
        try {
          entry.run = await ctx.api.run(runId);
          entry.polled = true;
        } catch (error) {
          if (error.status === 404) runs.delete(runId);
          else throw error;
        }
      }
      if (ctx.alive()) draw();
    },
  };
}
