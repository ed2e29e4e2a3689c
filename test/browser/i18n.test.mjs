// The two dictionaries of the web UI: the same keys, and every key the
// code asks for by name exists (a missing one would show as its key).
import assert from 'node:assert/strict';
import {copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync}
  from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {pathToFileURL} from 'node:url';
import {ROOT} from './support/harness.mjs';

const JS = path.join(ROOT, 'htdocs/js');

// The browser's modules are .js files without a package.json saying so:
// imported here as .mjs copies, so Node does not guess (and warn).
async function load(name) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ap-i18n-'));
  const copy = path.join(dir, `${name}.mjs`);
  copyFileSync(path.join(JS, 'lang', `${name}.js`), copy);
  const module = await import(pathToFileURL(copy));
  rmSync(dir, {recursive: true});
  return module[name];
}
const en = await load('en');
const pl = await load('pl');

function sources(dir) {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name))
                    : e.name.endsWith('.js') ? [path.join(dir, e.name)] : []);
}

test('Polish and English have the same keys', () => {
  assert.deepEqual(Object.keys(pl).filter((k) => !(k in en)), []);
  assert.deepEqual(Object.keys(en).filter((k) => !(k in pl)), []);
});

test('every key named in the code exists', () => {
  const missing = [];
  for (const file of sources(JS)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\('([a-z_0-9]+\.[a-z_0-9.-]+)'/g)) {
      if (!(m[1] in en)) missing.push(`${path.basename(file)}: ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('Polish texts are written with Polish letters', () => {
  const all = Object.values(pl).filter((v) => typeof v === 'string').join(' ');
  assert.match(all, /[ąćęłńóśźż]/);
  assert.doesNotMatch(pl['login.title'], /Sign in/);
});
