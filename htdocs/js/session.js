// The signed-in session as GET /api/auth/session describes it.
import {get, post, setCsrfToken} from './api.js';

let current = null;
const listeners = new Set();

export function session() {
  return current;
}

export function setSession(s) {
  current = s || null;
  setCsrfToken(current ? current.csrf_token : null);
  for (const fn of listeners) fn(current);
}

export function onSessionChange(fn) {
  listeners.add(fn);
}

export async function loadSession() {
  try {
    setSession(await get('/api/auth/session'));
  } catch (e) {
    if (e.status !== 401) throw e;
    setSession(null);
  }
  return current;
}

export async function signOut() {
  try {
    await post('/api/auth/logout');
  } finally {
    setSession(null);
  }
}

export function isAdmin() {
  return !!current && current.user && current.user.role === 'admin';
}
