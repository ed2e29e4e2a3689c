// Turns the benchmark's raw numbers into the table people read and the
// JSON later runs are compared with. Exits 1 when any request failed.
//   node report.mjs OUT_DIR CORES RESULTS_JSON
import { readFileSync, writeFileSync } from 'node:fs';

const [outDir, coresText, resultsPath] = process.argv.slice(2);
const cores = Number(coresText);
const jsonLines = (name) =>
  readFileSync(`${outDir}/${name}`, 'utf8').split('\n').filter(Boolean)
    .map((line) => JSON.parse(line));

const cases = Object.fromEntries(jsonLines('cases.jsonl').map((c) => {
  const seconds = c.duration_us / 1e6;
  return [c.case, {
    rps: c.requests / seconds,
    p50_ms: c.p50_us / 1000,
    p99_ms: c.p99_us / 1000,
    errors: c.errors + c.status_errors,
    requests: c.requests,
  }];
}));
const memory = jsonLines('memory.jsonl');
const hashMs = Number(readFileSync(`${outDir}/hash-ms.txt`, 'utf8'));
const connections = Object.fromEntries(
  readFileSync(`${outDir}/connections.txt`, 'utf8').split('\n')
    .filter(Boolean).map((l) => l.split(' ')));

// Each case against what the same machine does at best, and the target
// ratio the README promises (not enforced here).
const loginCeiling = cores / (hashMs / 1000);
const comparisons = [
  ['plans-list', 'fcgi-select', 0.5],
  ['plan-read', 'fcgi-select', 0.5],
  ['short-link', 'fcgi-select', 0.6],
  ['login', null, 0.9],
  ['download-1mb', 'objects-1mb', 0.8],
  ['download-10mb', 'objects-10mb', 0.8],
  ['upload-1mb', null, null],
];

const rows = [];
for (const [name, base, target] of comparisons) {
  const c = cases[name];
  if (!c) continue;
  const ceiling = name === 'login' ? loginCeiling : base ? cases[base]?.rps : null;
  const ratio = ceiling ? c.rps / ceiling : null;
  rows.push({ case: name, baseline: name === 'login' ? 'cores / hash' : base,
    connections: Number(connections[name]), ...c, ratio, target,
    meets: ratio === null || target === null ? null : ratio >= target });
}
const baselines = Object.entries(cases)
  .filter(([name]) => !comparisons.some(([n]) => n === name))
  .map(([name, c]) => ({ case: name, ...c }));

const fmt = (n, d = 1) => (n === null || n === undefined ? '-' : n.toFixed(d));
const pad = (s, n) => String(s).padEnd(n);
let text = `${pad('case', 15)}${pad('req/s', 10)}${pad('p50 ms', 9)}` +
  `${pad('p99 ms', 9)}${pad('errors', 8)}${pad('baseline', 14)}` +
  `${pad('ratio', 7)}target\n`;
for (const r of rows) {
  text += `${pad(r.case, 15)}${pad(fmt(r.rps, 0), 10)}${pad(fmt(r.p50_ms), 9)}` +
    `${pad(fmt(r.p99_ms), 9)}${pad(r.errors, 8)}${pad(r.baseline ?? '-', 14)}` +
    `${pad(fmt(r.ratio, 2), 7)}${r.target === null ? '-' :
      `>= ${r.target} ${r.meets ? 'met' : 'MISSED'}`}\n`;
}
text += '\nbaselines\n';
for (const b of baselines) {
  text += `${pad(b.case, 19)}${pad(fmt(b.rps, 0), 10)}${pad(fmt(b.p50_ms), 9)}` +
    `${pad(fmt(b.p99_ms), 9)}${b.errors} errors\n`;
}
text += `${pad('argon2id hash', 19)}${fmt(hashMs, 2)} ms alone; ` +
  `${cores} cores / hash = ${fmt(loginCeiling, 0)} logins/s\n`;
text += '\npeak resident memory per module process\n';
for (const m of memory) {
  text += `${pad(m.process, 19)}${fmt(m.peak_kib / 1024)} MiB` +
    `${m.peak_kib > 32 * 1024 ? '  (over 32 MiB)' : ''}\n`;
}
process.stdout.write(text);

const failed = Object.values(cases).reduce((n, c) => n + c.errors, 0);
writeFileSync(resultsPath, JSON.stringify({
  at: new Date().toISOString(), cores, hash_ms: hashMs, cases: rows,
  baselines, memory, failed_requests: failed }, null, 2));
if (failed > 0) {
  process.stdout.write(`\n${failed} requests failed\n`);
  process.exit(1);
}
