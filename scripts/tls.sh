#!/usr/bin/env bash
# Makes the local stack's TLS files once and reuses them afterwards:
#   $VAR/tls/ca.pem, ca.key           a private CA (trust ca.pem in a browser
#                                     or pass it to curl --cacert)
#   $VAR/tls/server.pem, server.key   the certificate nginx serves, for
#                                     127.0.0.1 and localhost
# The server certificate is made again only when it is missing, expires
# within 30 days or was not issued by the CA beside it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"

CA_DAYS=3650
SERVER_DAYS=825
mkdir -p "$TLS_DIR"
chmod 755 "$TLS_DIR"  # ca.pem is for everyone; the keys are 0600
cd "$TLS_DIR"

log() { printf 'tls: %s\n' "$*"; }

make_ca() {
  log "making a local CA in $TLS_DIR/ca.pem"
  rm -f ca.key ca.pem server.pem server.key
  (umask 077 && openssl genpkey -algorithm EC \
     -pkeyopt ec_paramgen_curve:P-256 -out ca.key 2>/dev/null)
  openssl req -x509 -new -key ca.key -out ca.pem -days "$CA_DAYS" \
    -subj "/O=Action Plan local stack/CN=Action Plan local CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash"
}

server_cert_ok() {
  [[ -s server.pem && -s server.key ]] &&
    openssl x509 -in server.pem -noout -checkend $((30 * 86400)) \
      >/dev/null 2>&1 &&
    openssl verify -CAfile ca.pem server.pem >/dev/null 2>&1
}

make_server_cert() {
  log "making the server certificate for 127.0.0.1 and localhost"
  (umask 077 && openssl genpkey -algorithm EC \
     -pkeyopt ec_paramgen_curve:P-256 -out server.key 2>/dev/null)
  openssl req -new -key server.key -out server.csr \
    -subj "/O=Action Plan local stack/CN=127.0.0.1"
  cat >server.ext <<'EOF'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key \
    -CAcreateserial -out server.pem -days "$SERVER_DAYS" \
    -extfile server.ext 2>/dev/null
  rm -f server.csr server.ext
}

if [[ ! -s ca.pem || ! -s ca.key ]] ||
   ! openssl x509 -in ca.pem -noout -checkend $((30 * 86400)) >/dev/null
then
  make_ca
fi
server_cert_ok || make_server_cert
