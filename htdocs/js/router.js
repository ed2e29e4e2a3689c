// Client-side routes on real paths (/plans/17), so short links and
// bookmarks point at pages; nginx answers every such path with index.html.

const routes = [];
let handler = null;

// route('/plans/:id', screenFn, {public: true})
export function route(pattern, screen, options = {}) {
  const names = [];
  const source = pattern.replace(/:(\w+)/g, (m, name) => {
    names.push(name);
    return '([^/]+)';
  });
  routes.push({regex: new RegExp(`^${source}/?$`), names, screen, options});
}

export function match(pathname) {
  for (const r of routes) {
    const m = r.regex.exec(pathname);
    if (!m) continue;
    const params = {};
    r.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1]);
    });
    return {route: r, params};
  }
  return null;
}

// The app renders the current location whenever it changes.
export function onNavigate(fn) {
  handler = fn;
}

export function currentPath() {
  return location.pathname + location.search;
}

export function navigate(path, {replace = false} = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  if (handler) handler();
}

// A same-site path to return to after sign-in: one leading "/" and not
// "//" or "/\" (which browsers read as another host), no scheme.
export function safeNext(next, fallback = '/plans') {
  if (typeof next !== 'string' || !next.startsWith('/')) return fallback;
  if (next.startsWith('//') || next.includes('\\')) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(next)) return fallback;
  try {
    const url = new URL(next, location.origin);
    if (url.origin !== location.origin) return fallback;
    if (url.pathname.startsWith('/login')) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

// Where "next" leads: an app page by the router, anything else (a short
// link /s/..., an OAuth URL) by a full page load.
export function go(next) {
  if (match(new URL(next, location.origin).pathname)) navigate(next);
  else location.assign(next);
}

function isAppLink(a, event) {
  if (event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return false;
  }
  if (a.target || a.hasAttribute('download') || a.dataset.external) {
    return false;
  }
  const url = new URL(a.href, location.href);
  return url.origin === location.origin && match(url.pathname) !== null;
}

export function start() {
  window.addEventListener('popstate', () => handler && handler());
  document.addEventListener('click', (event) => {
    const a = event.target.closest('a[href]');
    if (!a || !isAppLink(a, event)) return;
    event.preventDefault();
    const url = new URL(a.href, location.href);
    navigate(url.pathname + url.search + url.hash);
  });
}
