// OpenID Connect ID tokens: a provider's key set (JWKS) and the full check
// of a token against it. The signature is verified by cjose (a JOSE
// library); what the claims must say is checked here, against the
// expectations of one sign-in.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/base/status.h"

namespace ap::oidc {

struct Expectations {
  std::vector<std::string> issuers;  // any of them; the first is canonical
  std::string client_id;             // must be in "aud"
  std::string nonce;                 // must equal "nonce"
  int64_t now = 0;                   // Unix seconds
  int64_t leeway_seconds = 120;      // clock skew allowed both ways
  int64_t max_age_seconds = 600;     // how old "iat" may be
};

struct Claims {
  std::string subject;
  std::string email;
  bool email_verified = false;
  std::string name;
};

// The signing keys of one provider. Only RSA keys meant for signatures are
// kept; the others (encryption keys, other key types) are skipped.
class KeySet {
 public:
  KeySet();
  ~KeySet();
  KeySet(KeySet&&) noexcept;
  KeySet& operator=(KeySet&&) noexcept;

  // Parses a JWKS document ({"keys": [...]}). An error when it is not one;
  // a set with no usable key is valid but empty.
  static Result<KeySet> Parse(const std::string& json);

  bool Has(const std::string& kid) const;
  size_t size() const;

 private:
  struct Key;
  friend Result<Claims> VerifyIdToken(const std::string&, const KeySet&,
                                      const Expectations&);
  const Key* Find(const std::string& kid) const;

  std::vector<std::unique_ptr<Key>> keys_;
};

// The header's "kid" of a compact JWS, "" when it has none or cannot be
// read. Used to decide whether the key set needs refreshing.
std::string TokenKeyId(const std::string& compact);

// Verifies the RS256 signature with the key the header names, then iss,
// aud (and azp when there are several audiences), exp, iat and nonce.
// Any failure is kUnauthorized with error "id_token_invalid" and a message
// saying which check failed (for the log and audit, not for the user).
Result<Claims> VerifyIdToken(const std::string& compact, const KeySet& keys,
                             const Expectations& expect);

}  // namespace ap::oidc
