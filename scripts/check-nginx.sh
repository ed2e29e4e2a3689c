#!/usr/bin/env bash
# Checks what hosting admins install, without touching the system: the
# files of "make install" go into a temporary folder, with Debian's
# nginx.conf, throw-away certificates at the placeholder paths, and
#   - nginx -t on the production site as shipped, and with authenticated
#     origin pulls turned on;
#   - the load balancer range refresh: keeps good lists, refuses bad ones;
#   - a second "make install" keeps the admin's edits;
#   - systemd-analyze verify on the module units (when available).
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
    install-nginx install-data install-systemd SYSTEMDDIR=/etc/systemd/system
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

mkdir -p "$ROOT"
check "make install puts the nginx, data and unit files" install_files
check "Debian's nginx.conf with only the Action Plan site" prepare_nginx
check "throw-away certificates at the placeholder paths" make_certs
check "nginx -t: production site as shipped" nginx_test_clean
check "load balancer ranges: refresh keeps good lists" refresh_keeps_good_lists
check "load balancer ranges: refresh refuses bad lists" refresh_refuses_bad_lists
check "nginx -t: with authenticated origin pulls" origin_pulls_on
check "make install again keeps the admin's edits" reinstall_keeps_edits
check "systemd-analyze verify: module units" units_verify

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
