// Static checks of htdocs/: what the strict Content-Security-Policy needs
// (no inline scripts or styles, no eval) and what keeps data from the API
// out of the markup (no innerHTML).
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {ROOT} from './support/harness.mjs';

const HTDOCS = path.join(ROOT, 'htdocs');

function files(dir, ext) {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return files(full, ext);
    return e.name.endsWith(ext) ? [full] : [];
  });
}

test('the pages have no inline scripts, styles or handlers', () => {
  for (const file of files(HTDOCS, '.html')) {
    const html = readFileSync(file, 'utf8');
    const name = path.relative(HTDOCS, file);
    assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/i, name);
    assert.doesNotMatch(html, /<style|\sstyle=/i, name);
    assert.doesNotMatch(html, /\son[a-z]+=/i, name);
    assert.match(html, /<meta charset="utf-8">/i, name);
  }
});

test('the scripts build markup without innerHTML or eval', () => {
  for (const file of files(path.join(HTDOCS, 'js'), '.js')) {
    const js = readFileSync(file, 'utf8');
    const name = path.relative(HTDOCS, file);
    assert.doesNotMatch(js, /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML/,
                        name);
    assert.doesNotMatch(js, /\beval\(|new Function\(|document\.write/, name);
    assert.doesNotMatch(js, /setAttribute\(\s*['"]style['"]/, name);
  }
});

test('the sign-in address /login.html is the same page as the app', () => {
  assert.equal(readFileSync(path.join(HTDOCS, 'login.html'), 'utf8'),
               readFileSync(path.join(HTDOCS, 'index.html'), 'utf8'));
});
