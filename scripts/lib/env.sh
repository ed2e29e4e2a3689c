# Shared by the stack scripts (sourced, not run): the project root, the var
# folder and the configuration reader.
#
# AP_VAR_DIR picks the folder that holds all of the local stack's data, logs,
# sockets and certificates (default: var; the tests use var/test so the
# development data in var/ survives). A relative path is taken from the
# project root.

AP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VAR="${AP_VAR_DIR:-var}"
[[ "$VAR" == /* ]] || VAR="$AP_ROOT/$VAR"
RUN_DIR="$VAR/run"
LOG_DIR="$VAR/log"
PID_DIR="$RUN_DIR/pids"
TLS_DIR="$VAR/tls"
CONFIG_FILE="${AP_CONFIG:-$AP_ROOT/etc/local.conf}"

# Prints the value of configuration key $1, or $2 when it is not set. As in
# the C++ Config: the environment variable AP_<KEY> (upper case, '.' and '-'
# as '_') wins over the file, and the file's last line for a key wins.
conf() {
  local key="$1" fallback="${2-}"
  local env_name="AP_${key^^}"
  env_name="${env_name//[.-]/_}"
  if [[ -n "${!env_name+set}" ]]; then
    printf '%s' "${!env_name}"
    return
  fi
  local value
  value="$(awk -v key="$key" '
    { sub(/^[ \t]+/, ""); sub(/[ \t\r]+$/, "") }
    /^#/ || !/=/ { next }
    {
      k = substr($0, 1, index($0, "=") - 1); sub(/[ \t]+$/, "", k)
      if (k != key) next
      v = substr($0, index($0, "=") + 1); sub(/^[ \t]+/, "", v)
      found = 1; last = v
    }
    END { if (found) print last; else exit 1 }' "$CONFIG_FILE")" ||
    value="$fallback"
  printf '%s' "$value"
}

# The port of a URL such as https://127.0.0.1:8443 (default by scheme).
url_port() {
  local url="$1" hostport
  hostport="${url#*://}"
  hostport="${hostport%%/*}"
  if [[ "$hostport" == *:* ]]; then
    printf '%s' "${hostport##*:}"
  elif [[ "$url" == https:* ]]; then
    printf '443'
  else
    printf '80'
  fi
}

# The host of such a URL.
url_host() {
  local hostport="${1#*://}"
  hostport="${hostport%%/*}"
  printf '%s' "${hostport%:*}"
}
