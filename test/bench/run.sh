#!/usr/bin/env bash
# make bench: the speed of the product as ratios to what this machine can do
# at best, measured in the same run on the same nginx.
#
# Starts a stack of the release build in var/bench with extra baseline
# locations on https://127.0.0.1:8444, seeds a benchmark organisation and
# drives every case with wrk over HTTPS on loopback for a fixed time and
# number of connections. Prints a table and writes var/bench/results.json.
# Fails when any request of any case failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT="$PWD"

export AP_VAR_DIR="${AP_BENCH_VAR_DIR:-var/bench}"
export AP_BIN_DIR="${AP_BENCH_BIN_DIR:-build/bin}"
VAR="$ROOT/$AP_VAR_DIR"
OUT="$VAR/out"
DURATION="${AP_BENCH_SECONDS:-10}"
CONNECTIONS="${AP_BENCH_CONNECTIONS:-64}"
THREADS=2
BASE=https://127.0.0.1:8443
BASELINE=https://127.0.0.1:8444
PASSWORD='Bench-Passw0rd!'
BIN="$ROOT/$AP_BIN_DIR"

log() { printf 'bench: %s\n' "$*" >&2; }

baseline_pids=()
cleanup() {
  local pid
  for pid in "${baseline_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  bash scripts/stack.sh down >/dev/null 2>&1 || true
}

# The baseline locations, on the same nginx as the product.
write_baseline_conf() {
  mkdir -p "$VAR/nginx/bench" "$VAR/bench-htdocs"
  cat >"$VAR/nginx/bench/baseline.conf" <<CONF
# Written by test/bench/run.sh: the benchmark's baselines.
server {
    listen 127.0.0.1:8444 ssl http2;
    server_name _;
    ssl_certificate $VAR/tls/server.pem;
    ssl_certificate_key $VAR/tls/server.key;
    include snippets/ap-tls.conf;
    access_log off;
    root $VAR/bench-htdocs;

    location = /redirect { return 302 /; }
    location = /fcgi-constant {
        include fastcgi_params;
        fastcgi_pass unix:$VAR/run/bench-constant.sock;
    }
    location = /fcgi-select {
        include fastcgi_params;
        fastcgi_pass unix:$VAR/run/bench-select.sock;
    }
    # Objects straight from the object server, no module, no signature.
    location /objects/ {
        proxy_pass http://127.0.0.1:9001/ap-attachments/;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
    }
}
CONF
}

start_baseline_programs() {
  local mode
  for mode in constant select; do
    local flag=""
    [[ $mode == select ]] && flag=--select
    setsid "$BIN/fcgi-baseline" "$VAR/run/bench-$mode.sock" $flag \
      >>"$VAR/log/bench-$mode.log" 2>&1 </dev/null &
    baseline_pids+=("$!")
  done
  sleep 1
}

sql() { bash scripts/db.sh "$@"; }

seed() {
  local i owner schema
  "$BIN/apctl" tenant create bench --name "Benchmark Works" >/dev/null
  for i in $(seq -w 1 50); do
    printf '%s\n' "$PASSWORD" | "$BIN/apctl" user create --tenant bench \
      --login "bench-user-$i" --email "bench-user-$i@bench.example" \
      --role admin >/dev/null
    echo "bench-user-$i"
  done >"$OUT/logins.txt"
  schema="$(sql -N -e "SELECT db_schema FROM ap_core.tenants WHERE slug='bench'")"
  owner="$(sql -N -e "SELECT MIN(u.id) FROM ap_core.users u
    JOIN ap_core.tenants t ON t.id = u.tenant_id WHERE t.slug = 'bench'")"
  sql "$schema" <<SQL
SET SESSION max_recursive_iterations = 2000;
INSERT INTO plans (title, description, area, priority, status, owner_id,
                   due_date, created_by, updated_by)
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq
                          WHERE n < 1000)
SELECT CONCAT('Improvement plan ', n),
       CONCAT('Findings of audit ', n, ' and what fixes them.'),
       ELT(1 + n % 4, 'Assembly', 'Warehouse', 'Paint shop', 'Office'),
       ELT(1 + n % 4, 'low', 'medium', 'high', 'critical'),
       ELT(1 + n % 3, 'open', 'in_progress', 'draft'),
       $owner, CURDATE() + INTERVAL (n % 60 - 20) DAY, $owner, $owner
FROM seq;
INSERT INTO tasks (plan_id, title, description, status, position, created_by)
SELECT p.id, CONCAT('Task ', k.k, ' of plan ', p.id), '',
       ELT(k.k, 'todo', 'doing', 'done'), k.k, $owner
FROM plans p CROSS JOIN (SELECT 1 AS k UNION SELECT 2 UNION SELECT 3) k;
SQL
  sql ap_core <<SQL
SET SESSION max_recursive_iterations = 2000;
INSERT INTO short_links (code, tenant_id, target, target_hash, created_by)
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq
                          WHERE n < 1000)
SELECT CONCAT('bench-', n), t.id, CONCAT('/plans/', n),
       UNHEX(SHA2(CONCAT('/plans/', n), 256)), $owner
FROM seq, tenants t WHERE t.slug = 'bench';
SQL
  seq 1 1000 | sed 's#^#/api/plans/#' >"$OUT/plan-paths.txt"
  seq 1 1000 | sed 's#^#/s/bench-#' >"$OUT/link-paths.txt"
}

# Signs in every benchmark user as the Pulse app; one token per line.
sign_in_all() {
  local login
  while read -r login; do
    curl -sS --cacert "$VAR/tls/ca.pem" -H 'Content-Type: application/json' \
      -d "{\"login\":\"$login\",\"password\":\"$PASSWORD\",\"client\":\"pulse\"}" \
      "$BASE/api/auth/login" | sed -E 's/.*"token":"([^"]+)".*/\1/'
    echo  # the answer ends without a newline
  done <"$OUT/logins.txt" >"$OUT/tokens.txt"
  [[ $(grep -c . "$OUT/tokens.txt") -eq 50 ]] || {
    log "could not sign in the benchmark users"
    exit 1
  }
}

# Uploads one attachment of $1 bytes to plan 1; prints its id.
upload() {
  local size="$1" file="$OUT/upload-$1.csv"
  head -c "$size" /dev/zero | tr '\0' 'x' >"$file"
  curl -sS --cacert "$VAR/tls/ca.pem" \
    -H "Authorization: Bearer $(head -n 1 "$OUT/tokens.txt")" \
    -F "file=@$file;type=text/csv" "$BASE/api/plans/1/attachments" |
    sed -E 's/.*"id":([0-9]+).*/\1/'
}

object_key_of() {
  local schema
  schema="$(sql -N -e "SELECT db_schema FROM ap_core.tenants WHERE slug='bench'")"
  sql -N "$schema" -e "SELECT object_key FROM attachments WHERE id = $1"
}

# run_case NAME URL [ENV=VALUE...]: one wrk run; appends a JSON line.
run_case() {
  local name="$1" url="$2" line
  shift 2
  printf '%s %s\n' "$name" "$CONNECTIONS" >>"$OUT/connections.txt"
  log "case $name ($DURATION s, $CONNECTIONS connections)"
  line="$(env "$@" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" \
    --timeout 10s -s test/bench/wrk.lua "$url" | grep '^BENCH ' |
    sed 's/^BENCH //')"
  printf '{"case":"%s",%s\n' "$name" "${line#\{}" >>"$OUT/cases.jsonl"
}

module_memory() {
  local file name pid
  for file in "$VAR"/run/pids/ap-*.pid; do
    name="$(basename "$file" .pid)"
    pid="$(head -n 1 "$file")"
    printf '{"process":"%s","peak_kib":%s}\n' "$name" \
      "$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")"
  done >"$OUT/memory.jsonl"
}

main() {
  [[ -x "$BIN/fcgi-baseline" && -x "$BIN/apctl" ]] ||
    { log "build first (make)"; exit 1; }
  bash scripts/stack.sh down >/dev/null 2>&1 || true
  rm -rf "$VAR"
  mkdir -p "$OUT" "$VAR/run" "$VAR/log"
  trap cleanup EXIT
  write_baseline_conf
  start_baseline_programs
  # The demo seed is not wanted here: mark it done.
  touch "$VAR/.demo-seeded"
  bash scripts/stack.sh up >"$OUT/stack-up.log" 2>&1 ||
    { cat "$OUT/stack-up.log"; exit 1; }

  seed
  sign_in_all
  local small big
  small="$(upload 1048576)"
  big="$(upload 10485760)"
  curl -sS --cacert "$VAR/tls/ca.pem" \
    -H "Authorization: Bearer $(head -n 1 "$OUT/tokens.txt")" \
    "$BASE/api/plans?limit=20" >"$VAR/bench-htdocs/plans-page.json"

  local T="AP_BENCH_TOKENS=$OUT/tokens.txt"
  : >"$OUT/cases.jsonl"
  run_case static-plans-page "$BASELINE/plans-page.json"
  run_case plans-list "$BASE/api/plans?limit=20" "$T"
  run_case fcgi-constant "$BASELINE/fcgi-constant"
  run_case fcgi-select "$BASELINE/fcgi-select"
  run_case plan-read "$BASE/" "$T" "AP_BENCH_PATHS=$OUT/plan-paths.txt"
  run_case redirect-baseline "$BASELINE/redirect"
  run_case short-link "$BASE/" "$T" "AP_BENCH_PATHS=$OUT/link-paths.txt"
  run_case login "$BASE/api/auth/login" "AP_BENCH_LOGINS=$OUT/logins.txt" \
    "AP_BENCH_PASSWORD=$PASSWORD"
  run_case objects-1mb "$BASELINE/objects/$(object_key_of "$small")"
  run_case download-1mb "$BASE/api/attachments/$small" "$T"
  run_case objects-10mb "$BASELINE/objects/$(object_key_of "$big")"
  run_case download-10mb "$BASE/api/attachments/$big" "$T"
  # Fewer connections: every request stores another megabyte.
  CONNECTIONS=8 run_case upload-1mb "$BASE/api/plans/2/attachments" "$T" \
    "AP_BENCH_UPLOAD=1048576"
  module_memory
  "$BIN/bench-hash" 20 >"$OUT/hash-ms.txt"

  node test/bench/report.mjs "$OUT" "$(nproc)" "$VAR/results.json" \
    >"$VAR/report.txt" || status=$?
  cat "$VAR/report.txt"
  return "${status:-0}"
}

main "$@"
