// What every browser test needs: Chromium from Debian driven by
// playwright-core, fresh tenants and users made with apctl, TOTP codes,
// screenshots, the console watched for errors, and the axe-core check.
import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {createHash, createHmac, randomBytes, X509Certificate}
  from 'node:crypto';
import {existsSync, mkdirSync, readdirSync, readFileSync} from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import {createRequire} from 'node:module';
import path from 'node:path';
import {deflateSync} from 'node:zlib';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../../..');
export const BASE_URL = (process.env.AP_BASE_URL ||
                         'https://127.0.0.1:8443').replace(/\/$/, '');
const BIN_DIR = path.resolve(ROOT, process.env.AP_BIN_DIR || 'build/bin');
// The stack's own var folder (scripts/run-tests.sh uses var/test).
const VAR_DIR = path.resolve(ROOT, process.env.AP_VAR_DIR || 'var');
const TLS_DIR = path.join(VAR_DIR, 'tls');
const SHOTS = path.join(ROOT, 'test/browser/screenshots');
const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

export const PHONE = {width: 390, height: 844};
export const TABLET = {width: 820, height: 1180};
export const DESKTOP = {width: 1280, height: 900};
export const PASSWORD = 'Browser-Test-2026!';

// The SPKI hash of the local server's key: Chromium trusts exactly that
// key (and nothing else unusual) without a system-wide CA import.
function serverSpkiHash() {
  try {
    const cert = new X509Certificate(
      readFileSync(path.join(TLS_DIR, 'server.pem')));
    const spki = cert.publicKey.export({type: 'spki', format: 'der'});
    return createHash('sha256').update(spki).digest('base64');
  } catch {
    return null;
  }
}

export async function launch() {
  const spki = serverSpkiHash();
  const args = ['--no-sandbox', '--disable-gpu',
                '--disable-background-networking',
                '--disable-component-update', '--disable-sync',
                '--no-first-run', '--disable-quic',
                '--disable-dev-shm-usage'];
  if (spki) args.push(`--ignore-certificate-errors-spki-list=${spki}`);
  return chromium.launch({
    executablePath: process.env.AP_CHROMIUM || '/usr/bin/chromium',
    headless: true, args});
}

// A fresh browser context (its own cookies) and page whose console errors,
// page errors, CSP violations and failed API calls are recorded.
// `expected` lists API answers the test provokes on purpose, e.g.
// [[401, '/api/auth/login']]; a signed-out session probe is always fine.
export async function openPage(browser, {viewport = DESKTOP,
                                         locale = 'en-GB'} = {}) {
  const context = await browser.newContext({
    baseURL: BASE_URL, viewport, locale,
    // TLS errors fail the test; AP_INSECURE_TLS=1 is for a server whose
    // certificate neither the system nor the local key pin vouches for.
    ignoreHTTPSErrors: process.env.AP_INSECURE_TLS === '1',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems = [];
  const expected = [[401, '/api/auth/session']];
  const apiErrors = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    problems.push({text: msg.text(), url: msg.location().url});
  });
  page.on('pageerror',
          (e) => problems.push({text: `page error: ${e.message}`}));
  // Every state-changing API call must carry the CSRF token (but those
  // made without a session: sign-in and the password reset).
  const sessionless = ['/api/auth/login', '/api/auth/reset',
                       '/api/auth/reset/confirm'];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!url.pathname.startsWith('/api/') ||
        sessionless.includes(url.pathname) ||
        ['GET', 'HEAD', 'OPTIONS'].includes(r.method())) return;
    if (!r.headers()['x-csrf-token']) {
      problems.push({text: `no X-CSRF-Token on ${r.method()} ${url.pathname}`});
    }
  });
  page.on('response', (r) => {
    if (r.status() >= 400) {
      apiErrors.push({status: r.status(), url: new URL(r.url()).pathname});
    }
  });
  return {
    context, page,
    expect(status, pathPrefix) {
      expected.push([status, pathPrefix]);
    },
    // Fails on any console error but Chromium's own line for an API answer
    // the test expected ("Failed to load resource: ... status of 401").
    assertClean() {
      const isExpected = (p) => {
        if (!p.text.startsWith('Failed to load resource')) return false;
        const url = p.url ? new URL(p.url).pathname : '';
        return expected.some(([status, prefix]) =>
          url.startsWith(prefix) && p.text.includes(`status of ${status}`));
      };
      const bad = problems.filter((p) => !isExpected(p));
      assert.deepEqual(bad, [], `console errors: ${JSON.stringify(bad)}` +
                       ` (responses >= 400: ${JSON.stringify(apiErrors)})`);
    },
    close: () => context.close(),
  };
}

export async function screenshot(page, name) {
  mkdirSync(SHOTS, {recursive: true});
  await page.screenshot({path: path.join(SHOTS, `${name}.png`),
                         fullPage: true});
}

// Runs axe-core on the page; fails on serious or critical violations.
export async function checkA11y(page, label) {
  // Evaluated through the DevTools protocol: a <script> tag would be
  // (rightly) refused by the page's Content-Security-Policy.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(readFileSync(AXE, 'utf8'));
  }
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {resultTypes: ['violations']});
    return r.violations.map((v) => ({id: v.id, impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))}));
  });
  const serious = result.filter((v) => v.impact === 'serious' ||
                                       v.impact === 'critical');
  assert.deepEqual(serious, [], `${label}: accessibility violations`);
  return result;
}

// --- The stack's admin command line ---------------------------------------

export function unique(prefix) {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export function apctl(args, input = '') {
  return execFileSync(path.join(BIN_DIR, 'apctl'), args, {
    cwd: ROOT, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe']});
}

export function createTenant(prefix = 'ui') {
  const slug = unique(prefix);
  apctl(['tenant', 'create', slug, '--name', `Browser test ${slug}`]);
  return {slug};
}

export function createUser(tenant, role = 'admin', name = 'Test User') {
  const login = unique('u');
  const email = `${login}@example.test`;
  apctl(['user', 'create', '--tenant', tenant.slug, '--login', login,
         '--email', email, '--role', role, '--name', name],
        `${PASSWORD}\n`);
  return {login, email, password: PASSWORD, tenant};
}

// --- TOTP (RFC 6238: HMAC-SHA1, 30 s, 6 digits) ---------------------------

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.replace(/[\s=-]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const index = alphabet.indexOf(ch);
    if (index < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function totp(secret, when = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(when / 1000 / 30)));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter)
      .digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const number = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(number).padStart(6, '0');
}

// A code that is not the one already used in this 30-second step (a server
// refuses a replayed code): waits for the next step when needed.
export async function freshTotp(secret, used = new Set()) {
  for (;;) {
    const code = totp(secret);
    const left = 30000 - (Date.now() % 30000);
    if (!used.has(code) && left > 3000) {
      used.add(code);
      return code;
    }
    await new Promise((r) => setTimeout(r, left + 200));
  }
}

// --- Screens ----------------------------------------------------------------

export async function signIn(page, user, next = '') {
  await page.goto(`/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByLabel(/Login or e-mail|Login lub e-mail/).fill(user.login);
  await page.getByLabel(/^(Password|Hasło)$/).fill(user.password);
  await page.getByRole('button', {name: /^(Sign in|Zaloguj się)$/}).click();
}

// Whether an endpoint exists yet (the modules land in parallel): signed
// out, a known route answers 401 (or 405), an unknown one 404.
export function endpointExists(method, urlPath) {
  return new Promise((resolve) => {
    const req = https.request(`${BASE_URL}${urlPath}`, {
      method, ca: readFileSync(path.join(TLS_DIR, 'ca.pem')),
      headers: {Accept: 'application/json'}}, (res) => {
      res.resume();
      resolve(res.statusCode !== 404);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

// Calls the API from inside the page, with its cookies and the CSRF
// token (to set up data a test is not about); returns the parsed JSON and
// fails on an error status.
export async function apiCall(page, method, urlPath, data) {
  const res = await page.evaluate(async ([m, url, body]) => {
    const session = await (await fetch('/api/auth/session')).json();
    const r = await fetch(url, {
      method: m,
      headers: {'Content-Type': 'application/json',
                'X-CSRF-Token': session.csrf_token},
      body: body === undefined ? undefined : JSON.stringify(body)});
    return {status: r.status, text: await r.text()};
  }, [method, urlPath, data]);
  assert.ok(res.status < 400,
            `${method} ${urlPath}: ${res.status} ${res.text}`);
  return res.text ? JSON.parse(res.text) : null;
}

// A small valid PNG (a 16x16 two-colour square), made here so the test
// needs no binary fixture.
export function pngBytes() {
  const width = 16;
  const height = 16;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const o = y * (width * 3 + 1) + 1 + x * 3;
      const on = (x < 8) !== (y < 8);
      raw[o] = on ? 0x1d : 0xf5;
      raw[o + 1] = on ? 0x4e : 0x9e;
      raw[o + 2] = on ? 0xd8 : 0x0b;
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0))]);
}

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k += 1) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (c ^ 0xffffffff) >>> 0;
}

// A configuration value as the stack reads it: AP_<KEY> wins over the file.
export function conf(key, fallback = '') {
  const env = `AP_${key.toUpperCase().replace(/[.-]/g, '_')}`;
  if (process.env[env] !== undefined) return process.env[env];
  const file = process.env.AP_CONFIG || path.join(ROOT, 'etc/local.conf');
  let value = fallback;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*([^#=\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
    if (m && m[1] === key) value = m[2];
  }
  return value;
}

function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// Makes sure the stack's reCAPTCHA verify stand-in answers; starts it when
// nothing listens on its port. Returns a function that stops what it
// started.
export async function ensureCaptchaVerifier() {
  const url = new URL(conf('recaptcha.verify_url',
                           'http://127.0.0.1:9180/recaptcha/api/siteverify'));
  const port = Number(url.port || 80);
  if (await listening(port)) return () => {};
  const child = spawn(process.execPath, [
    path.join(ROOT, 'test/fixtures/recaptcha/server.mjs'),
    '--secret', conf('recaptcha.secret'), '--port', String(port)],
    {stdio: 'ignore'});
  for (let i = 0; i < 50 && !(await listening(port)); i += 1) {
    await new Promise((r) => setTimeout(r, 100));
  }
  return () => child.kill();
}

// Checks that the endpoints a test's screens need ([method, path] pairs)
// answer. Every module has landed, so a missing one is a broken stack and
// fails the file rather than skipping its tests (a skipped test would
// pass the run without having checked anything). Returns false, so that
// callers can keep it as their skip condition.
export async function missing(...endpoints) {
  for (const [method, urlPath] of endpoints) {
    if (!(await endpointExists(method, urlPath))) {
      throw new Error(`${method} ${urlPath} does not answer`);
    }
  }
  return false;
}

// What the account screen asks for.
export const ACCOUNT_APIS = [['GET', '/api/auth/sessions'],
                             ['GET', '/api/auth/policy'],
                             ['GET', '/api/2fa/status']];
// What a plan's page asks for.
export const PLAN_PAGE_APIS = [['GET', '/api/plans/1'],
                               ['GET', '/api/plans/1/attachments']];

// The newest mail the stack's stand-in SMTP server kept for `address`
// (as JSON: {to, subject, text, ...}); waits up to 15 s for it.
export async function mailTo(address) {
  const dir = path.join(VAR_DIR, 'mail');
  for (let i = 0; i < 150; i += 1) {
    const names = existsSync(dir)
      ? readdirSync(dir).filter((n) => n.endsWith('.json')).sort().reverse()
      : [];
    for (const name of names) {
      const mail = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
      if (JSON.stringify(mail.to).includes(address)) return mail;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${address} in ${dir}`);
}
