// Calls to the automations HTTP API (docs/http-api.md). Same origin, the browser's own credentials (cookies).

const base = document.querySelector('meta[name="automations-api"]').content.replace(/\/$/, '');

/** An API answer that was not a success: the problem's title and detail, and the HTTP status. */
export class ApiError extends Error {
  constructor(status, problem) {
    const detail = problem && (problem.detail || problem.title);
    super(detail ? `${status}: ${detail}` : `The API answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }
}

async function send(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(base + path, init);
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const id = encodeURIComponent;

export const api = {
  me: () => send('GET', '/me'),
  flows: () => send('GET', '/flows'),
  runs: (filters) => send('GET', '/runs' + query(filters)),
  run: (runId) => send('GET', `/runs/${id(runId)}`),
  graph: (flowId, version) => send('GET', `/flows/${id(flowId)}/versions/${id(version)}/graph.svg`),
  act: (runId, action, comment) => {
    if (action === 'delete') return send('DELETE', `/runs/${id(runId)}`);
    const body = action === 'approve' || action === 'reject' ? { comment: comment || undefined } : undefined;
    return send('POST', `/runs/${id(runId)}/${id(action)}`, body);
  },
  deadLetters: (filters) => send('GET', '/dead-letters' + query(filters)),
  deferred: () => send('GET', '/deferred'),
  retryDeferred: (itemId) => send('POST', `/deferred/${id(itemId)}/retry`),
  schedules: () => send('GET', '/schedules'),
  killSwitches: () => send('GET', '/kill-switches'),
  engage: (scope, mode, reason) => send('POST', '/kill-switches', { scope, mode, reason }),
  lift: (scope) => send('DELETE', `/kill-switches/${id(scope)}`),
  lifecycles: () => send('GET', '/lifecycles'),
  entities: (template, filters) => send('GET', `/lifecycles/${id(template)}/entities` + query(filters)),
  entity: (template, entityId) => send('GET', `/lifecycles/${id(template)}/entities/${id(entityId)}`),
};
