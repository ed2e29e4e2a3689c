#!/usr/bin/env bash
# The local stack: MariaDB, the S3 service, every module and nginx, all on
# 127.0.0.1 and all of their files under one var folder.
#
#   scripts/stack.sh up       start what is not running, wait until ready
#   scripts/stack.sh down     stop everything this var folder's stack started
#   scripts/stack.sh run      up, then stay in the foreground; Ctrl-C or
#                             SIGTERM brings it down
#   scripts/stack.sh status   what runs
#   scripts/stack.sh restart MODULE...   restart those modules' processes
#   scripts/stack.sh db-stop | db-start | s3-stop | s3-start
#                             one component alone (outage tests)
#
# Environment: AP_VAR_DIR (default var), AP_BIN_DIR (default build/bin),
# AP_CONFIG (default etc/local.conf) and any AP_<KEY> configuration override.
# Processes are stopped only by the PIDs recorded when they were started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
cd "$AP_ROOT"

MODULES=(login twofa plans attachments links)
BIN_DIR="${AP_BIN_DIR:-build/bin}"
[[ "$BIN_DIR" == /* ]] || BIN_DIR="$AP_ROOT/$BIN_DIR"
LISTEN_ADDR=127.0.0.1
INSTANCES="$(conf stack.instances 2)"
PUBLIC_URL="$(conf public_url https://127.0.0.1:8443)"
PUBLIC_URL="${PUBLIC_URL%/}"
HTTPS_PORT="$(url_port "$PUBLIC_URL")"
HTTP_PORT="$(conf stack.http_port 8080)"
DB_PORT="$(conf db.port 3307)"
S3_PORT="$(url_port "$(conf s3.endpoint http://127.0.0.1:9000)")"
S3_BACKEND_PORT="$(conf stack.s3_backend_port $((S3_PORT + 1)))"
DB_DIR="$VAR/mysql"
DB_SOCKET="$RUN_DIR/mysqld.sock"
# Its own temporary folder: other MariaDB servers on the machine use /tmp.
DB_TMP="$VAR/tmp/mysql"
NGINX_DIR="$VAR/nginx"
S3_DIR="$VAR/s3"
SEED_STAMP="$VAR/.demo-seeded"

# What the modules and apctl read (absolute, whatever their working folder).
export AP_VAR_DIR="$VAR" AP_STACK_RUN_DIR="$RUN_DIR" AP_STACK_LOG_DIR="$LOG_DIR"

log() { printf 'stack: %s\n' "$*"; }
warn() { printf 'stack: warning: %s\n' "$*" >&2; }
die() {
  printf 'stack: error: %s\n' "$*" >&2
  exit 1
}

# --- Processes, by recorded PID -------------------------------------------

# A PID file holds the PID and a marker: a string the process's command line
# must contain (a path inside this var folder), so a reused PID, or the same
# program started for another var folder, is never taken for ours.
pid_file() { printf '%s/%s.pid' "$PID_DIR" "$1"; }

# Whether process $1 lives. A process that has exited but was not reaped
# yet (a zombie, until init collects it) has ended for our purposes.
alive() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != Z ]]
}

# Prints the PID of component $1 if it runs; fails otherwise.
running_pid() {
  local file pid marker
  file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 1
  { read -r pid && read -r marker; } <"$file" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker" ||
    return 1
  printf '%s' "$pid"
}

# start_bg NAME MARKER LOGFILE COMMAND...: runs COMMAND in the background in
# its own session (so a Ctrl-C meant for "run" reaches only the script, which
# then stops everything in order) and records its PID.
start_bg() {
  local name="$1" marker="$2" logfile="$3"
  shift 3
  setsid "$@" >>"$logfile" 2>&1 </dev/null &
  printf '%s\n%s\n' "$!" "$marker" >"$(pid_file "$name")"
}

# stop TIMEOUT_SECONDS NAME...: TERM to each, wait for all, then KILL the
# process group of any that is left. Together, so that processes that take
# a moment to finish do it at the same time.
stop() {
  local timeout="$1" name pid i left
  shift
  local -A pids=()
  for name in "$@"; do
    if pid="$(running_pid "$name")"; then
      pids[$name]="$pid"
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  for ((i = 0; i < timeout * 10; i++)); do
    left=0
    for pid in "${pids[@]}"; do
      alive "$pid" && left=1
    done
    [[ $left == 0 ]] && break
    sleep 0.1
  done
  for name in "${!pids[@]}"; do
    pid="${pids[$name]}"
    if alive "$pid"; then
      warn "$name (pid $pid) ignored TERM for ${timeout}s: killing it"
      # The group: nginx's workers, or anything else the process started.
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null ||
        true
      for ((i = 0; i < 50; i++)); do
        alive "$pid" || break
        sleep 0.1
      done
    fi
    log "stopped $name (pid $pid)"
  done
  for name in "$@"; do
    rm -f "$(pid_file "$name")"
  done
}

# wait_until NAME SECONDS LOGFILE COMMAND...: polls COMMAND until it
# succeeds; fails early, with the log's tail, if process NAME has died.
wait_until() {
  local name="$1" seconds="$2" logfile="$3" i
  shift 3
  for ((i = 0; i < seconds * 10; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    if ! running_pid "$name" >/dev/null; then
      printf 'stack: %s exited; end of %s:\n' "$name" "$logfile" >&2
      tail -n 20 "$logfile" >&2 || true
      return 1
    fi
    sleep 0.1
  done
  printf 'stack: %s not ready after %ss; end of %s:\n' "$name" "$seconds" \
    "$logfile" >&2
  tail -n 20 "$logfile" >&2 || true
  return 1
}

port_in_use() { (exec 3<>"/dev/tcp/$LISTEN_ADDR/$1") 2>/dev/null; }

# Fails if a port we need is held by something other than our component.
check_ports() {
  local entry port name
  for entry in "$DB_PORT:mariadb" "$S3_PORT:s3" "$S3_BACKEND_PORT:s3" \
               "$HTTPS_PORT:nginx" "$HTTP_PORT:nginx"; do
    port="${entry%%:*}"
    name="${entry#*:}"
    running_pid "$name" >/dev/null && continue
    if port_in_use "$port"; then
      die "port $port ($name) on $LISTEN_ADDR is taken by a program that" \
          "this stack ($VAR) did not start. Stop it (another stack:" \
          "AP_VAR_DIR=<its folder> scripts/stack.sh down), or choose other" \
          "ports through the configuration."
    fi
  done
}

# --- MariaDB ---------------------------------------------------------------

db_root() {
  mariadb --no-defaults --socket="$DB_SOCKET" --user=root "$@"
}

start_mariadb() {
  if running_pid mariadb >/dev/null; then
    log "mariadb already runs"
    return
  fi
  if [[ ! -d "$DB_DIR/mysql" ]]; then
    log "initialising MariaDB in $DB_DIR"
    mkdir -p "$DB_DIR" "$DB_TMP"
    mariadb-install-db --no-defaults --user=root --datadir="$DB_DIR" \
      --tmpdir="$DB_TMP" \
      --auth-root-authentication-method=socket --skip-test-db \
      >>"$LOG_DIR/mariadb-install.log" 2>&1 ||
      die "mariadb-install-db failed; see $LOG_DIR/mariadb-install.log"
  fi
  rm -f "$DB_SOCKET"
  mkdir -p "$DB_TMP"
  log "starting MariaDB on $LISTEN_ADDR:$DB_PORT"
  # Durable commits (flush at each commit), UTF-8 everywhere, UTC.
  start_bg mariadb "--datadir=$DB_DIR" "$LOG_DIR/mariadb.log" \
    mariadbd --no-defaults --user=root --datadir="$DB_DIR" \
    --socket="$DB_SOCKET" --port="$DB_PORT" --bind-address="$LISTEN_ADDR" \
    --tmpdir="$DB_TMP" \
    --pid-file="$RUN_DIR/mysqld.pid" --log-error="$LOG_DIR/mariadb.log" \
    --skip-name-resolve --max-connections=500 \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --default-time-zone=+00:00 \
    --innodb-flush-log-at-trx-commit=1 --innodb-doublewrite=1 \
    --innodb-file-per-table=1 --innodb-buffer-pool-size=256M
  wait_until mariadb 60 "$LOG_DIR/mariadb.log" \
    mariadb-admin --no-defaults --socket="$DB_SOCKET" --user=root \
    --connect-timeout=1 ping
}

sql_string() {
  local s="${1//\\/\\\\}"
  printf "'%s'" "${s//\'/\'\'}"
}

# `name` with backticks doubled.
sql_ident() { printf '`%s`' "${1//\`/\`\`}"; }

# The users of the configuration, created or brought up to date: the
# admin user (apctl: schemas, migrations) and the modules' user, which may
# only read and write data in the core schema and in the tenant schemas.
ensure_db_users() {
  local admin admin_pw user user_pw core prefix pattern host sql=""
  admin="$(sql_string "$(conf db.admin_user ap_admin)")"
  admin_pw="$(sql_string "$(conf db.admin_password)")"
  user="$(sql_string "$(conf db.user ap)")"
  user_pw="$(sql_string "$(conf db.password)")"
  core="$(sql_ident "$(conf db.core_schema ap_core)")"
  prefix="$(conf db.tenant_schema_prefix ap_t_)"
  # A schema-level grant takes a LIKE pattern: escape the prefix's own
  # wildcards so that ap_t_% cannot also match, say, "apxtxother".
  prefix="${prefix//\\/\\\\}"
  prefix="${prefix//_/\\_}"
  prefix="${prefix//%/\\%}"
  pattern="$(sql_ident "$prefix%")"
  for host in "'127.0.0.1'" "'localhost'"; do
    sql+="CREATE USER IF NOT EXISTS $admin@$host IDENTIFIED BY $admin_pw;
ALTER USER $admin@$host IDENTIFIED BY $admin_pw;
GRANT ALL PRIVILEGES ON *.* TO $admin@$host WITH GRANT OPTION;
CREATE USER IF NOT EXISTS $user@$host IDENTIFIED BY $user_pw;
ALTER USER $user@$host IDENTIFIED BY $user_pw;
GRANT SELECT, INSERT, UPDATE, DELETE ON $core.* TO $user@$host;
GRANT SELECT, INSERT, UPDATE, DELETE ON $pattern.* TO $user@$host;
"
  done
  db_root <<<"$sql" || die "could not create the database users"
}

# Migrations at every start; demo data once per var folder.
run_apctl() {
  local apctl="$BIN_DIR/apctl"
  if [[ ! -x "$apctl" ]]; then
    warn "$apctl is not built yet: no migrations, no demo data"
    return
  fi
  log "apctl migrate"
  "$apctl" migrate 2>&1 | tee -a "$LOG_DIR/apctl.log" || {
    echo "stack: apctl migrate failed; see $LOG_DIR/apctl.log" >&2
    exit 1
  }
  [[ -f "$SEED_STAMP" ]] && return
  log "apctl seed-demo (first start of $VAR)"
  "$apctl" seed-demo --write "$VAR/demo-login.txt" 2>&1 |
    tee -a "$LOG_DIR/apctl.log" || {
    echo "stack: apctl seed-demo failed; see $LOG_DIR/apctl.log" >&2
    exit 1
  }
  date -u +%FT%TZ >"$SEED_STAMP"
}

# --- S3 ------------------------------------------------------------------

start_s3() {
  if running_pid s3 >/dev/null; then
    log "s3 already runs"
    return
  fi
  [[ -d node_modules/s3rver ]] ||
    die "node_modules is missing: run scripts/install-deps.sh (make deps)"
  log "starting S3 on $LISTEN_ADDR:$S3_PORT (objects on :$S3_BACKEND_PORT)"
  # s3rver makes list continuation tokens with DES, which Node's OpenSSL 3
  # refuses without the legacy provider (listings past 1000 objects).
  NODE_OPTIONS=--openssl-legacy-provider \
  AP_S3_ACCESS_KEY="$(conf s3.access_key)" \
  AP_S3_SECRET_KEY="$(conf s3.secret_key)" \
  AP_S3_REGION="$(conf s3.region us-east-1)" \
    start_bg s3 "--dir $S3_DIR" "$LOG_DIR/s3.log" \
    node "$AP_ROOT/test/fixtures/s3/server.mjs" --dir "$S3_DIR" \
    --host "$LISTEN_ADDR" --port "$S3_PORT" \
    --backend-port "$S3_BACKEND_PORT" \
    --bucket "$(conf s3.bucket ap-attachments)" \
    --bucket ap-backup-a --bucket ap-backup-b
}

s3_answers() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 \
            "http://$LISTEN_ADDR:$S3_PORT/")"
  # Unsigned, so refused: the front and the object server are up.
  [[ "$code" == 403 ]]
}

# --- Stand-ins for the mail server, reCAPTCHA and OpenID Connect ------------

# Started only when the configuration points at this machine: a real
# configuration names real services. Mail is kept in $VAR/mail for tests.
start_standins() {
  local smtp_url captcha_url port
  smtp_url="$(conf mail.smtp_url)"
  captcha_url="$(conf recaptcha.verify_url)"
  if [[ "$smtp_url" == "smtp://$LISTEN_ADDR:"* ]] &&
    ! running_pid smtp >/dev/null; then
    port="$(url_port "$smtp_url")"
    log "starting the stand-in SMTP server on $LISTEN_ADDR:$port"
    start_bg smtp "--dir $VAR/mail" "$LOG_DIR/smtp.log" \
      node "$AP_ROOT/test/fixtures/smtp/server.mjs" --dir "$VAR/mail" \
      --host "$LISTEN_ADDR" --port "$port"
    wait_until smtp 20 "$LOG_DIR/smtp.log" port_in_use "$port"
  fi
  if [[ "$captcha_url" == "http://$LISTEN_ADDR:"* ]] &&
    ! running_pid recaptcha >/dev/null; then
    port="$(url_port "$captcha_url")"
    log "starting the stand-in reCAPTCHA service on $LISTEN_ADDR:$port"
    start_bg recaptcha "--tag $VAR" "$LOG_DIR/recaptcha.log" \
      node "$AP_ROOT/test/fixtures/recaptcha/server.mjs" --tag "$VAR" \
      --secret "$(conf recaptcha.secret)" --host "$LISTEN_ADDR" --port "$port"
    wait_until recaptcha 20 "$LOG_DIR/recaptcha.log" port_in_use "$port"
  fi
  start_oidc_standins
}

# One stand-in OpenID Connect provider per configured provider whose
# discovery URL points at this machine (locally: google and linkedin).
start_oidc_standins() {
  local providers name url port
  providers="$(conf oauth.providers)"
  for name in ${providers//,/ }; do
    url="$(conf "oauth.$name.discovery_url")"
    [[ "$url" == "http://$LISTEN_ADDR:"* ]] || continue
    running_pid "oidc-$name" >/dev/null && continue
    port="$(url_port "$url")"
    log "starting the stand-in OpenID Connect provider $name on" \
        "$LISTEN_ADDR:$port"
    start_bg "oidc-$name" "--tag $VAR" "$LOG_DIR/oidc-$name.log" \
      node "$AP_ROOT/test/fixtures/oidc/server.mjs" --tag "$VAR" \
      --host "$LISTEN_ADDR" --port "$port" \
      --client-id "$(conf "oauth.$name.client_id")" \
      --client-secret "$(conf "oauth.$name.client_secret")"
    wait_until "oidc-$name" 20 "$LOG_DIR/oidc-$name.log" port_in_use "$port"
  done
}

# --- Modules -------------------------------------------------------------

module_socket() { printf '%s/ap-%s-%s.sock' "$RUN_DIR" "$1" "$2"; }

start_modules() {
  local m n bin sock name
  for m in "${MODULES[@]}"; do
    bin="$BIN_DIR/ap-$m"
    if [[ ! -x "$bin" ]]; then
      warn "$bin is not built yet: module $m skipped"
      continue
    fi
    for ((n = 1; n <= INSTANCES; n++)); do
      name="ap-$m-$n"
      sock="$(module_socket "$m" "$n")"
      if running_pid "$name" >/dev/null; then
        log "$name already runs"
        continue
      fi
      rm -f "$sock"
      log "starting $name"
      start_bg "$name" "$sock" "$LOG_DIR/$name.log" "$bin" --socket "$sock"
    done
  done
  for m in "${MODULES[@]}"; do
    [[ -x "$BIN_DIR/ap-$m" ]] || continue
    for ((n = 1; n <= INSTANCES; n++)); do
      sock="$(module_socket "$m" "$n")"
      wait_until "ap-$m-$n" 20 "$LOG_DIR/ap-$m-$n.log" test -S "$sock"
    done
  done
}

# --- nginx ---------------------------------------------------------------

# The local stack's address lists (formats: nginx/README.md): 127.0.0.1
# plays the load balancer, 127.0.0.2 the internal network, other addresses
# are outside; 198.51.100.0/24 (a documentation range) is deny-listed; a
# client seen as 127.0.0.1 (no client-IP header) is not rate-limited.
write_nginx_lists() {
  local dir="$1"
  local head="# Generated by scripts/stack.sh; edits are lost."
  printf '%s\nset_real_ip_from 127.0.0.1;\n' "$head" >"$dir/lb-realip.conf"
  printf '%s\n127.0.0.1 1;\n' "$head" >"$dir/lb-allow.conf"
  printf '%s\n127.0.0.2 1;\n' "$head" >"$dir/internal-allow.conf"
  printf '%s\n198.51.100.0/24 1;\n' "$head" >"$dir/deny.conf"
  printf '%s\n127.0.0.1 1;\n' "$head" >"$dir/rate-exempt.conf"
  # The pages may load reCAPTCHA only when the login module asks for it.
  if [[ -n "$(conf recaptcha.site_key)" ]]; then
    printf '%s\ndefault 1;\n' "$head" >"$dir/recaptcha.conf"
  else
    printf '%s\n' "$head" >"$dir/recaptcha.conf"
  fi
}

write_nginx_conf() {
  local m n origin
  mkdir -p "$NGINX_DIR/tmp" "$NGINX_DIR/actionplan"
  cp /etc/nginx/mime.types /etc/nginx/fastcgi_params "$NGINX_DIR/"
  ln -sfn "$AP_ROOT/nginx/snippets" "$NGINX_DIR/snippets"
  write_nginx_lists "$NGINX_DIR/actionplan"
  {
    echo "# Generated by scripts/stack.sh; edits are lost."
    for m in "${MODULES[@]}"; do
      echo "upstream ap_$m {"
      for ((n = 1; n <= INSTANCES; n++)); do
        echo "    server unix:$(module_socket "$m" "$n");"
      done
      echo "}"
    done
  } >"$NGINX_DIR/actionplan/upstreams.conf"
  rm -f "$NGINX_DIR/upstreams.conf"
  origin="$(printf '%s' "$PUBLIC_URL" | sed -E 's#^(https?://[^/]+).*#\1#')"
  sed -e "s#@RUN_DIR@#$RUN_DIR#g" -e "s#@LOG_DIR@#$LOG_DIR#g" \
      -e "s#@NGINX_DIR@#$NGINX_DIR#g" -e "s#@TLS_DIR@#$TLS_DIR#g" \
      -e "s#@HTDOCS@#$AP_ROOT/htdocs#g" -e "s#@LISTEN_ADDR@#$LISTEN_ADDR#g" \
      -e "s#@HTTP_PORT@#$HTTP_PORT#g" -e "s#@HTTPS_PORT@#$HTTPS_PORT#g" \
      -e "s#@PUBLIC_ORIGIN@#$origin#g" \
      -e "s#@SERVER_NAMES@#$(url_host "$PUBLIC_URL") localhost#g" \
      "$AP_ROOT/nginx/local/nginx.conf.in" >"$NGINX_DIR/nginx.conf"
}

nginx_cmd() {
  nginx -p "$NGINX_DIR/" -c "$NGINX_DIR/nginx.conf" \
    -e "$LOG_DIR/nginx-error.log" "$@"
}

# Reloads nginx and waits until its old workers are gone: until then they
# still answer, with the old configuration and upstream state (a module
# restarted a moment ago would still count as down there).
reload_nginx() {
  local pid="$1" old i
  old="$(ps -o pid= --ppid "$pid" | tr -s ' \n' ' ')"
  kill -HUP "$pid"
  for ((i = 0; i < 100; i++)); do
    sleep 0.1
    local current w gone=1
    current=" $(ps -o pid= --ppid "$pid" | tr -s ' \n' ' ') "
    for w in $old; do
      [[ "$current" == *" $w "* ]] && gone=0
    done
    [[ $gone == 1 ]] && return 0
  done
  warn "nginx's old workers still run after 10s"
}

start_nginx() {
  local pid
  write_nginx_conf
  nginx_cmd -t -q || die "the generated $NGINX_DIR/nginx.conf is invalid"
  if pid="$(running_pid nginx)"; then
    log "nginx already runs: reloading its configuration"
    reload_nginx "$pid"
    return
  fi
  log "starting nginx on https://$LISTEN_ADDR:$HTTPS_PORT/"
  start_bg nginx "$NGINX_DIR/nginx.conf" "$LOG_DIR/nginx-error.log" \
    nginx -p "$NGINX_DIR/" -c "$NGINX_DIR/nginx.conf" \
    -e "$LOG_DIR/nginx-error.log"
}

nginx_answers() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
            --cacert "$TLS_DIR/ca.pem" "https://$LISTEN_ADDR:$HTTPS_PORT/")"
  [[ "$code" != 000 ]]
}

# --- Commands ------------------------------------------------------------

# A unix socket's path has at most 107 bytes: say so plainly, instead of the
# modules failing to bind.
check_socket_paths() {
  local longest
  longest="$(module_socket attachments "$INSTANCES")"
  if ((${#longest} > 107)); then
    die "socket paths such as $longest are too long for unix sockets;" \
        "set AP_VAR_DIR to a shorter folder"
  fi
}

cmd_up() {
  check_socket_paths
  mkdir -p "$RUN_DIR" "$LOG_DIR" "$PID_DIR"
  check_ports
  bash "$AP_ROOT/scripts/tls.sh"
  # Until everything is ready, a failure stops the stack again rather than
  # leave half of it running.
  UP_DONE=0
  trap '[[ $UP_DONE == 1 ]] || { warn "start failed: stopping"; cmd_down; }' \
    EXIT
  start_s3
  start_mariadb
  ensure_db_users
  wait_until s3 20 "$LOG_DIR/s3.log" s3_answers
  run_apctl
  start_standins
  start_modules
  start_nginx
  wait_until nginx 20 "$LOG_DIR/nginx-error.log" nginx_answers
  UP_DONE=1
  print_summary
}

print_summary() {
  local DB_SH="scripts/db.sh"
  [[ "$VAR" == "$AP_ROOT/var" ]] || DB_SH="AP_VAR_DIR=$VAR scripts/db.sh"
  cat <<EOF

Action Plan runs at  $PUBLIC_URL/
  CA certificate     $TLS_DIR/ca.pem  (curl --cacert, or import in a browser)
  logs               $LOG_DIR/
  MariaDB            $LISTEN_ADDR:$DB_PORT, root shell: $DB_SH
  S3                 http://$LISTEN_ADDR:$S3_PORT (SigV4 checked)
EOF
  [[ -f "$VAR/demo-login.txt" ]] && sed 's/^/  /' "$VAR/demo-login.txt"
  echo
}

cmd_down() {
  local file modules=() rest=()
  for file in "$PID_DIR"/*.pid; do
    [[ -e "$file" ]] || continue
    file="$(basename "$file" .pid)"
    case "$file" in
      ap-*) modules+=("$file") ;;
      nginx | s3 | mariadb) ;;
      *) rest+=("$file") ;;
    esac
  done
  # Front to back: nothing reaches a component that is already gone.
  stop 10 nginx
  [[ ${#modules[@]} -eq 0 ]] || stop 10 "${modules[@]}"
  stop 10 s3
  stop 60 mariadb
  [[ ${#rest[@]} -eq 0 ]] || stop 10 "${rest[@]}"
  rm -f "$RUN_DIR"/*.sock
}

cmd_status() {
  local file name pid any=0
  for file in "$PID_DIR"/*.pid; do
    [[ -e "$file" ]] || continue
    name="$(basename "$file" .pid)"
    any=1
    if pid="$(running_pid "$name")"; then
      printf '%-20s running (pid %s)\n' "$name" "$pid"
    else
      printf '%-20s stopped (stale PID file)\n' "$name"
    fi
  done
  [[ $any == 1 ]] || echo "nothing runs ($VAR)"
}

# Restarts the processes of the named modules (after a rebuild), with the
# binaries of AP_BIN_DIR.
cmd_restart() {
  local m n names=()
  [[ $# -gt 0 ]] || die "usage: $0 restart MODULE..."
  for m in "$@"; do
    [[ " ${MODULES[*]} " == *" $m "* ]] || die "no module named $m"
    for ((n = 1; n <= INSTANCES; n++)); do names+=("ap-$m-$n"); done
  done
  stop 10 "${names[@]}"
  MODULES=("$@")
  start_modules
}

# Stops or starts one component alone, for tests of outages: the modules
# and nginx stay up and must cope.
cmd_component() {
  case "$1" in
    db-stop) stop 60 mariadb ;;
    db-start)
      mkdir -p "$RUN_DIR" "$LOG_DIR" "$PID_DIR"
      start_mariadb
      ensure_db_users
      ;;
    s3-stop) stop 10 s3 ;;
    s3-start)
      start_s3
      wait_until s3 20 "$LOG_DIR/s3.log" s3_answers
      ;;
  esac
}

cmd_run() {
  cmd_up
  trap 'echo; cmd_down; exit 0' INT TERM
  log "running; Ctrl-C stops the stack"
  while true; do
    sleep 1 &
    wait $! || true
  done
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  run) cmd_run ;;
  status) cmd_status ;;
  restart)
    shift
    cmd_restart "$@"
    ;;
  db-stop | db-start | s3-stop | s3-start) cmd_component "$1" ;;
  *)
    echo "usage: $0 {up|down|run|status|restart MODULE...|db-stop|db-start|s3-stop|s3-start}" >&2
    exit 2
    ;;
esac
