// Small DOM helpers: elements are built with textContent only, never from HTML strings, so API data cannot inject markup.

/** An element: h('td', { class: 'x', 'data-testid': 'y', onclick }, child, 'text', [more]). */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

/** A time as the reader's locale shows it, with the ISO value in a tooltip. */
export function time(value) {
  if (!value) return h('span', { class: 'muted' }, '—');
  const date = new Date(value);
  return h('time', { datetime: value, title: value }, date.toLocaleString());
}

/** A duration in ms as 850 ms, 2.4 s, 3 min 5 s. */
export function duration(ms) {
  if (ms === undefined || ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60000);
  return `${minutes} min ${Math.round((ms % 60000) / 1000)} s`;
}

/** A status as a badge; data-status holds the API's value for styling and tests. */
export function status(value) {
  const text = value ? value.replace(/([a-z])([A-Z])/g, '$1 $2') : 'unknown';
  return h('span', { class: `status status-${value}`, 'data-status': value, 'data-testid': 'status' }, text[0].toUpperCase() + text.slice(1));
}

/** JSON, indented, in a pre block (or a dash). */
export function json(value, testId) {
  if (value === undefined || value === null) return h('p', { class: 'muted', 'data-testid': testId }, 'None');
  return h('pre', { class: 'json', 'data-testid': testId }, JSON.stringify(value, null, 2));
}

/** A table with a caption, headings and rows (arrays of cells); an empty message when there are no rows. */
export function table(caption, headings, rows, attributes, empty = 'Nothing here.') {
  if (rows.length === 0) return h('p', { class: 'muted empty', 'data-testid': 'empty' }, empty);
  return h('table', attributes,
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', null, h('tr', null, headings.map((heading) => h('th', { scope: 'col' }, heading)))),
    h('tbody', null, rows));
}

/** A run id made short: the first and last hex digits (ids made close in time share their first digits). */
export const shortId = (runId) => `${runId.slice(0, 8)}…${runId.slice(-6)}`;

/** A short run id linking to the run's page. */
export function runLink(runId) {
  return h('a', { href: `#/runs/${runId}`, class: 'mono', title: runId, 'data-testid': 'run-link' }, shortId(runId));
}

/** An error's message, whatever its shape (a string, { message }, { title, detail }). */
export function errorText(error) {
  if (!error) return '';
  if (typeof error === 'string') return error;
  return [error.stepId ? `${error.stepId}: ` : '', error.message || error.detail || error.title || JSON.stringify(error)].join('');
}
