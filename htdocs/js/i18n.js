// Polish and English. The language comes from the browser, can be switched,
// and is remembered; dates and times are formatted for the chosen locale.
import {en} from './lang/en.js';
import {pl} from './lang/pl.js';

const DICTIONARIES = {en, pl};
const STORAGE_KEY = 'ap.lang';
let current = 'en';
const listeners = new Set();

function fromBrowser() {
  const langs = navigator.languages || [navigator.language || 'en'];
  for (const tag of langs) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (DICTIONARIES[base]) return base;
  }
  return 'en';
}

function stored() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function initLanguage() {
  const saved = stored();
  current = DICTIONARIES[saved] ? saved : fromBrowser();
  document.documentElement.lang = current;
}

export function lang() {
  return current;
}

export function languages() {
  return Object.keys(DICTIONARIES);
}

export function setLanguage(code) {
  if (!DICTIONARIES[code] || code === current) return;
  current = code;
  document.documentElement.lang = code;
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  for (const fn of listeners) fn(code);
}

export function onLanguageChange(fn) {
  listeners.add(fn);
}

export function has(key) {
  return key in DICTIONARIES[current] || key in en;
}

// t('plans.progress', {done: 1, total: 3}) -> the text, {names} replaced.
export function t(key, params = {}) {
  let text = DICTIONARIES[current][key] ?? en[key] ?? key;
  if (typeof text === 'function') text = text(params);
  return text.replace(/\{(\w+)\}/g, (m, name) =>
    params[name] !== undefined ? String(params[name]) : m);
}

// The user-facing sentence for an ApiError: our own text for the code,
// else the API's sentence, else a generic one.
export function errorText(error) {
  if (!error) return '';
  const code = error.code || error.error;
  if (code === 'too_many_attempts' && error.retryAfter) {
    return t('err.too_many_attempts_wait',
             {minutes: Math.max(1, Math.ceil(error.retryAfter / 60))});
  }
  if (code && has(`err.${code}`)) return t(`err.${code}`);
  if (error.body && error.body.message) return error.body.message;
  return t('err.generic');
}

function locale() {
  return current === 'pl' ? 'pl-PL' : 'en-GB';
}

// "YYYY-MM-DD" (a calendar day, no time zone) -> local display.
export function formatDay(day) {
  if (!day) return '';
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return new Intl.DateTimeFormat(locale(), {dateStyle: 'medium'})
      .format(new Date(y, m - 1, d));
}

// An ISO 8601 timestamp -> local date and time.
export function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), {dateStyle: 'medium',
                                            timeStyle: 'short'}).format(date);
}

export function formatNumber(n) {
  return new Intl.NumberFormat(locale()).format(n);
}

export function formatBytes(n) {
  if (!Number.isFinite(n)) return '';
  const units = ['B', 'kB', 'MB', 'GB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  const digits = i === 0 ? 0 : 1;
  return `${new Intl.NumberFormat(locale(), {maximumFractionDigits: digits})
      .format(v)} ${units[i]}`;
}
