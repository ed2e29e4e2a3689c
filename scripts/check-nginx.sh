#!/usr/bin/env bash
# Checks what hosting admins install, without touching the system: the
# files of "make install" go into a temporary folder, with Debian's
# nginx.conf, throw-away certificates at the placeholder paths, and
#   - nginx -t on the production site as shipped, and with authenticated
#     origin pulls turned on;
#   - the load balancer range refresh: keeps good lists, refuses bad ones;
#   - a second "make install" keeps the admin's edits;
#   - the backup units, their cron file and the example of their secrets
#     are installed, with the paths of PREFIX;
#   - the example configuration, its placeholders filled as an admin
#     would, starts every module (each checks its keys at start) and is
#     accepted by apctl's backup commands; a placeholder key is refused;
#   - systemd-analyze verify on the module and backup units (when
#     available).
# Prints "N passed, N failed"; exits non-zero on a failure.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

T="$(mktemp -d "${TMPDIR:-/tmp}/ap-check-nginx.XXXXXX")"
trap 'rm -rf "$T"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); printf 'check-nginx: ok   %s\n' "$1"; }
fail() {
  failed=$((failed + 1))
  printf 'check-nginx: FAIL %s\n' "$1"
  [[ -f "$T/out" ]] && sed 's/^/    /' "$T/out"
}
check() {
  local name="$1"
  shift
  if "$@" >"$T/out" 2>&1; then ok "$name"; else fail "$name"; fi
}

ROOT="$T/root"
NGX="$ROOT/etc/nginx"
install_files() {
  make --no-print-directory -s OUT="$T" DESTDIR="$ROOT" \
    install-nginx install-data install-systemd install-backup \
    SYSTEMDDIR=/etc/systemd/system
}

# Debian's nginx.conf and its includes, with every absolute path moved into
# the temporary root, and only our site enabled (Debian's "default" also
# claims default_server; the guide says to remove it).
prepare_nginx() {
  local f
  cp -R /etc/nginx/. "$NGX/" 2>/dev/null || return 1
  rm -f "$NGX"/sites-enabled/*
  mkdir -p "$NGX/sites-enabled" "$ROOT/var/log/nginx" "$ROOT/tmp" "$ROOT/run" \
    "$ROOT/etc/ssl/actionplan"
  ln -s ../sites-available/actionplan.conf "$NGX/sites-enabled/actionplan.conf"
  for f in "$NGX/nginx.conf" "$NGX"/sites-available/actionplan.conf \
           "$NGX"/actionplan/*.conf; do
    sed -i -e "s#/etc/#$ROOT/etc/#g" -e "s#/var/log/#$ROOT/var/log/#g" \
      -e "s#/run/#$ROOT/run/#g" -e "s#/usr/local/#$ROOT/usr/local/#g" "$f"
  done
  # Temporary files of nginx -t inside the folder too.
  sed -i "s#^http {#http {\n\tclient_body_temp_path $ROOT/tmp/body;\n\tfastcgi_temp_path $ROOT/tmp/fastcgi;\n\tproxy_temp_path $ROOT/tmp/proxy;\n\tuwsgi_temp_path $ROOT/tmp/uwsgi;\n\tscgi_temp_path $ROOT/tmp/scgi;#" \
    "$NGX/nginx.conf"
}

# A throw-away CA and an origin certificate for the placeholder name, at
# the placeholder paths.
make_certs() {
  local d="$ROOT/etc/ssl/actionplan"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -days 2 -subj "/CN=Check CA" -keyout "$d/ca.key" -out "$d/ca.pem" &&
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj "/CN=actionplan.example.com" -keyout "$d/origin.key" \
    -out "$d/origin.csr" &&
  openssl x509 -req -in "$d/origin.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
    -CAcreateserial -days 2 -out "$d/origin.pem" &&
  cp "$d/ca.pem" "$d/issuer-chain.pem" &&
  cp "$d/ca.pem" "$NGX/actionplan/origin-pull-ca.pem"
}

nginx_test() {
  nginx -t -p "$ROOT/" -c "$NGX/nginx.conf" -e "$ROOT/var/log/nginx/error.log"
}

# The config test's output must not hide an error among warnings.
nginx_test_clean() {
  nginx_test 2>&1 | tee "$T/nginx-t"
  grep -q "test is successful" "$T/nginx-t" &&
    ! grep -E "\[(emerg|alert|crit|error)\]" "$T/nginx-t"
}

origin_pulls_on() {
  sed -i -e 's|^# ssl_client_certificate|ssl_client_certificate|' \
    -e 's|^# ssl_verify_client|ssl_verify_client|' "$NGX/actionplan/tls.conf"
  grep -q '^ssl_verify_client on;' "$NGX/actionplan/tls.conf" &&
    nginx_test_clean
}

ranges_of() { grep -v '^#' "$1" | sed -E 's/^set_real_ip_from //; s/ 1;$//; s/;$//' | sort; }

# Feeding the shipped ranges back gives the same lists.
refresh_keeps_good_lists() {
  ranges_of nginx/actionplan/lb-allow.conf >"$T/ranges"
  bash nginx/refresh-lb-ranges.sh --dir "$NGX/actionplan" --no-reload \
    --from "$T/ranges" &&
  diff <(ranges_of nginx/actionplan/lb-allow.conf) \
       <(ranges_of "$NGX/actionplan/lb-allow.conf") &&
  diff <(ranges_of nginx/actionplan/lb-allow.conf) \
       <(ranges_of "$NGX/actionplan/lb-realip.conf") &&
  nginx_test_clean
}

# A list with garbage, or too short, changes nothing.
refresh_refuses_bad_lists() {
  local before
  before="$(cat "$NGX/actionplan/lb-allow.conf")"
  { cat "$T/ranges"; echo "<html>"; } >"$T/bad"
  head -n 3 "$T/ranges" >"$T/short"
  ! bash nginx/refresh-lb-ranges.sh --dir "$NGX/actionplan" --no-reload \
      --from "$T/bad" &&
  ! bash nginx/refresh-lb-ranges.sh --dir "$NGX/actionplan" --no-reload \
      --from "$T/short" &&
  [[ "$(cat "$NGX/actionplan/lb-allow.conf")" == "$before" ]]
}

reinstall_keeps_edits() {
  echo "203.0.113.7 1;" >>"$NGX/actionplan/deny.conf"
  install_files &&
  grep -q '^203.0.113.7 1;' "$NGX/actionplan/deny.conf" &&
  [[ -f "$ROOT/etc/systemd/system/actionplan@.service" ]] &&
  [[ -f "$ROOT/usr/local/share/actionplan/htdocs/index.html" ]] &&
  [[ -d "$ROOT/usr/local/share/actionplan/sql/core" ]] &&
  [[ -x "$ROOT/usr/local/sbin/ap-refresh-lb-ranges" ]]
}

backup_files_installed() {
  local u="$ROOT/etc/systemd/system" f
  for f in actionplan-backup.service actionplan-backup.timer \
           actionplan-backup-verify.service actionplan-backup-verify.timer \
           actionplan-backup-check.service actionplan-backup-check.timer; do
    [[ -f "$u/$f" ]] || { echo "missing $u/$f"; return 1; }
  done
  [[ -f "$ROOT/etc/actionplan/backup.env.example" ]] &&
  grep -q '^0 2,14 \* \* \* *actionplan .*apctl backup run' \
    "$ROOT/usr/local/share/actionplan/cron/actionplan-backup" &&
  grep -q '^ExecStart=/usr/local/bin/apctl backup run$' \
    "$u/actionplan-backup.service" &&
  # Not in cron.d: it would run on every host at once.
  [[ ! -e "$ROOT/etc/cron.d/actionplan-backup" ]]
}

# The installed example with its placeholders filled as an admin would;
# the secrets of backup.env come from the environment, as in the units.
BIN_DIR="${AP_BIN_DIR:-build/bin}"
EXAMPLE="$ROOT/etc/actionplan/actionplan.conf.example"
KEY=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
FILLED=(AP_CONFIG="$EXAMPLE" AP_TWOFA_KEY="$KEY" AP_BACKUP_KEY="$KEY"
        AP_BACKUP_A_SECRET_KEY=secret-a AP_BACKUP_B_SECRET_KEY=secret-b)

# Starts one module on a socket in $T: it has accepted its configuration
# when the socket appears; a module that refuses one exits (status 2).
module_starts() {
  local m="$1" sock="$T/ap-$1.sock" pid i up=1
  rm -f "$sock"
  # env execs the module: $! is the module's own PID.
  env "${FILLED[@]}" "$BIN_DIR/ap-$m" --socket "$sock" &
  pid=$!
  for i in $(seq 1 100); do
    [[ -S "$sock" ]] && { up=0; break; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return "$up"
}

example_starts_modules() {
  local m
  [[ -x "$BIN_DIR/ap-login" ]] || { echo "(not built)"; return 0; }
  for m in login twofa plans attachments links; do
    module_starts "$m" || { echo "ap-$m refused the example"; return 1; }
  done
}

# Left as shipped, the 2FA key placeholder stops the module, naming it.
example_placeholder_refused() {
  [[ -x "$BIN_DIR/ap-twofa" ]] || { echo "(not built)"; return 0; }
  local out rc=0
  out="$(AP_CONFIG="$EXAMPLE" timeout 10 "$BIN_DIR/ap-twofa" \
           --socket "$T/ap-twofa-refused.sock" 2>&1)" || rc=$?
  echo "$out"
  [[ $rc -eq 2 ]] && grep -q 'twofa.key' <<<"$out"
}

# apctl reads backup.* (and db.*) before it reaches anything. The
# placeholder endpoints cannot answer, so "backup list" reports both
# destinations unreachable; a refused configuration would stop it before
# any destination is listed.
example_accepted_by_apctl() {
  [[ -x "$BIN_DIR/apctl" ]] || { echo "(not built)"; return 0; }
  local out
  out="$(env "${FILLED[@]}" AP_BACKUP_A_MAX_ATTEMPTS=1 \
           AP_BACKUP_B_MAX_ATTEMPTS=1 \
           AP_BACKUP_A_TIMEOUT_SECONDS=5 AP_BACKUP_B_TIMEOUT_SECONDS=5 \
           timeout 60 "$BIN_DIR/apctl" backup list 2>&1)"
  echo "$out"
  grep -Eq '^a +unreachable' <<<"$out" && grep -Eq '^b +unreachable' <<<"$out"
}

# The units as installed, with stand-ins for the programs.
units_verify() {
  local m
  command -v systemd-analyze >/dev/null || { echo "(not installed)"; return 0; }
  make --no-print-directory -s OUT="$T" PREFIX="$T/prefix" \
    SYSTEMDDIR="$T/units" SYSUSERSDIR="$T/sysusers" install-systemd || return 1
  mkdir -p "$T/prefix/bin"
  for m in login twofa plans attachments links; do
    cp /bin/true "$T/prefix/bin/ap-$m"
    cp "$T/units/actionplan@.service" "$T/units/actionplan@$m.service"
    systemd-analyze verify "$T/units/actionplan@$m.service" || return 1
  done
}

backup_units_verify() {
  command -v systemd-analyze >/dev/null || { echo "(not installed)"; return 0; }
  make --no-print-directory -s OUT="$T" PREFIX="$T/prefix" \
    SYSTEMDDIR="$T/units" SYSCONFDIR="$T/etc" install-backup || return 1
  mkdir -p "$T/prefix/bin"
  cp /bin/true "$T/prefix/bin/apctl"
  systemd-analyze verify "$T"/units/actionplan-backup*.timer \
    "$T"/units/actionplan-backup*.service
}

mkdir -p "$ROOT"
check "make install puts the nginx, data and unit files" install_files
check "Debian's nginx.conf with only the Action Plan site" prepare_nginx
check "throw-away certificates at the placeholder paths" make_certs
check "nginx -t: production site as shipped" nginx_test_clean
check "load balancer ranges: refresh keeps good lists" refresh_keeps_good_lists
check "load balancer ranges: refresh refuses bad lists" refresh_refuses_bad_lists
check "nginx -t: with authenticated origin pulls" origin_pulls_on
check "make install again keeps the admin's edits" reinstall_keeps_edits
check "make install puts the backup units and cron file" backup_files_installed
check "example configuration: every module starts" example_starts_modules
check "example configuration: a placeholder key is refused" \
  example_placeholder_refused
check "example configuration: apctl accepts the backup keys" \
  example_accepted_by_apctl
check "systemd-analyze verify: module units" units_verify
check "systemd-analyze verify: backup units" backup_units_verify

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
