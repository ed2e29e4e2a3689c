#!/usr/bin/env bash
# Installs what building, the local stack and the tests need: Debian
# packages, then the npm test servers pinned in package-lock.json.
#
# Idempotent and quick when everything is present: apt is asked only for
# packages dpkg does not know as installed, and "npm ci" runs only when
# node_modules is missing or package-lock.json changed since the last run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PACKAGES=(
  build-essential pkg-config
  libfcgi-dev spawn-fcgi libcgicc-dev libmysqlcppconn-dev
  mariadb-server mariadb-client
  libcurl4-openssl-dev libboost-dev libssl-dev libcppunit-dev
  nginx libargon2-dev libqrencode-dev nlohmann-json3-dev
  libpng-dev zlib1g-dev libcjose-dev libjansson-dev
  wrk openssl ca-certificates curl chromium clang-format procps
)
# Node.js may come from elsewhere than Debian (and newer); only a machine
# without it gets Debian's.
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

log() { printf 'install-deps: %s\n' "$*"; }

# Prints the packages of "$@" that dpkg does not report as installed.
missing_packages() {
  local installed
  # dpkg-query exits 1 when it knows a package not at all (a fresh
  # machine): under pipefail that must not end this function silently.
  installed="$( (dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" \
                   2>/dev/null || true) | awk '$2 == "installed" { print $1 }')"
  local pkg
  for pkg in "$@"; do
    grep -qxF "$pkg" <<<"$installed" || printf '%s\n' "$pkg"
  done
}

as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    log "need root to run: $*" >&2
    exit 1
  fi
}

install_debian_packages() {
  local missing
  mapfile -t missing < <(missing_packages "${PACKAGES[@]}")
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "Debian packages: all ${#PACKAGES[@]} present"
    return
  fi
  log "Debian packages missing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends "${missing[@]}"
}

# The stamp holds the hash of the lock file node_modules was built from.
install_npm_packages() {
  local stamp="node_modules/.install-stamp"
  local want
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [[ -d node_modules && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]
  then
    log "npm packages: up to date"
    return
  fi
  log "npm packages: running npm ci"
  # playwright-core drives Debian's chromium; it must never fetch a browser.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund \
    --loglevel=error
  printf '%s\n' "$want" >"$stamp"
}

install_debian_packages
install_npm_packages
