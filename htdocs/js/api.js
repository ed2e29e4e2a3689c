// The one place that talks to the API: JSON in and out, the CSRF token on
// every state-changing request, and the API's errors as ApiError values.

let csrfToken = null;
const listeners = new Set();

export function setCsrfToken(token) {
  csrfToken = token || null;
}

// Called with (event, error) when the session is gone or must first pass
// 2FA: the app returns to sign-in and then to the same page.
export function onAuthProblem(fn) {
  listeners.add(fn);
}

export class ApiError extends Error {
  constructor(status, body, headers) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
    this.code = this.body.error ||
                (status === 0 ? 'network' : `http_${status}`);
    this.field = this.body.field || null;
    const retry = headers ? Number(headers.get('Retry-After')) : NaN;
    this.retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);
// Endpoints whose 401 is an answer for the screen, not an expired session.
const AUTH_ANSWERS = ['/api/auth/login', '/api/auth/session',
                      '/api/2fa/verify', '/api/auth/password',
                      '/api/2fa/disable'];

function headersFor(method, hasJson) {
  const headers = {Accept: 'application/json'};
  if (hasJson) headers['Content-Type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  return headers;
}

async function readBody(response) {
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  if (!type.includes('json')) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function notifyAuthProblem(path, error) {
  if (AUTH_ANSWERS.some((p) => path.startsWith(p))) return;
  let event = null;
  if (error.status === 401) event = 'unauthenticated';
  if (error.code === '2fa_required') event = '2fa_required';
  if (error.code === '2fa_enrolment_required') event = 'enrolment_required';
  if (event) for (const fn of listeners) fn(event, error);
}

// api('POST', '/api/plans', {json: {...}}) -> parsed JSON or null.
export async function api(method, path, options = {}) {
  const hasJson = options.json !== undefined;
  let response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: headersFor(method, hasJson),
      body: hasJson ? JSON.stringify(options.json) : options.body,
      signal: options.signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, {error: 'network'});
  }
  const body = await readBody(response);
  if (!response.ok) {
    const error = new ApiError(response.status, body, response.headers);
    notifyAuthProblem(path, error);
    throw error;
  }
  return body;
}

export const get = (path, o) => api('GET', path, o);
export const post = (path, json) => api('POST', path, {json});
export const patch = (path, json) => api('PATCH', path, {json});
export const put = (path, json) => api('PUT', path, {json});
// A JSON body on DELETE is optional: it carries the version a delete of a
// task is based on.
export const del = (path, json) => api('DELETE', path, {json});

// A query string from an object, leaving out empty values.
export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    q.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

// Multipart upload with progress (fetch cannot report upload progress).
// onProgress(fraction) is called with 0..1; resolves to the parsed JSON.
export function upload(path, formData, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body);
        return;
      }
      const headers = new Headers();
      const retry = xhr.getResponseHeader('Retry-After');
      if (retry) headers.set('Retry-After', retry);
      const error = new ApiError(xhr.status, body, headers);
      notifyAuthProblem(path, error);
      reject(error);
    });
    const fail = (code) => () => reject(new ApiError(0, {error: code}));
    xhr.addEventListener('error', fail('network'));
    xhr.addEventListener('abort', fail('aborted'));
    xhr.send(formData);
  });
}
