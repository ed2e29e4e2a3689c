#include "common/oidc/id_token.h"

#include <cjose/jwk.h>
#include <cjose/jws.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/crypto/hash.h"
#include "common/http/json.h"

namespace ap::oidc {
namespace {

using Json = nlohmann::json;

// Far above any real ID token (Google's are about 1 KiB), far below what
// would cost anything to refuse.
constexpr size_t kMaxTokenBytes = 16 * 1024;
constexpr size_t kMaxSubjectLength = 255;

Status Invalid(const std::string& why) {
  return Status(Code::kUnauthorized, "id_token_invalid", why);
}

// The three dot-separated parts of a compact JWS; false when there are not
// exactly three.
bool SplitCompact(const std::string& compact, std::string* header,
                  std::string* payload) {
  size_t first = compact.find('.');
  if (first == std::string::npos) return false;
  size_t second = compact.find('.', first + 1);
  if (second == std::string::npos) return false;
  if (compact.find('.', second + 1) != std::string::npos) return false;
  *header = compact.substr(0, first);
  *payload = compact.substr(first + 1, second - first - 1);
  return true;
}

// Decodes one base64url part holding a JSON object; a discarded (null)
// value when it is anything else.
Json DecodeJsonPart(const std::string& part) {
  std::string bytes;
  if (!Base64UrlDecode(part, &bytes)) return Json();
  Json value = Json::parse(bytes, nullptr, false);
  if (value.is_discarded() || !value.is_object()) return Json();
  return value;
}

// A NumericDate claim, which JSON may spell as an integer or a float.
bool ReadTime(const Json& claims, const char* name, int64_t* out) {
  auto it = claims.find(name);
  if (it == claims.end() || !it->is_number()) return false;
  if (!it->is_number_float()) {
    *out = it->get<int64_t>();
    return true;
  }
  // A double outside int64_t's range would make the cast undefined; no
  // real time is anywhere near this bound (the year 33658).
  double seconds = it->get<double>();
  if (!(seconds > -1e12 && seconds < 1e12)) return false;
  *out = static_cast<int64_t>(seconds);
  return true;
}

Status CheckAudience(const Json& claims, const std::string& client_id) {
  auto aud = claims.find("aud");
  if (aud == claims.end()) return Invalid("no aud");
  if (aud->is_string()) {
    if (*aud != client_id) return Invalid("aud is another client's");
    return Status::Ok();
  }
  if (!aud->is_array() || aud->empty()) return Invalid("aud is malformed");
  bool found = std::any_of(aud->begin(), aud->end(), [&](const Json& a) {
    return a.is_string() && a == client_id;
  });
  if (!found) return Invalid("aud is another client's");

  // Several audiences: the token must say it was issued to us.
  if (aud->size() > 1 && StringMember(claims, "azp") != client_id) {
    return Invalid("azp is not this client");
  }
  return Status::Ok();
}

Status CheckTimes(const Json& claims, const Expectations& expect) {
  int64_t exp = 0;
  int64_t iat = 0;
  if (!ReadTime(claims, "exp", &exp)) return Invalid("no exp");
  if (!ReadTime(claims, "iat", &iat)) return Invalid("no iat");
  if (expect.now >= exp + expect.leeway_seconds) return Invalid("expired");
  if (iat > expect.now + expect.leeway_seconds) {
    return Invalid("iat is in the future");
  }
  if (iat < expect.now - expect.max_age_seconds - expect.leeway_seconds) {
    return Invalid("iat is too old");
  }
  int64_t nbf = 0;
  if (claims.contains("nbf")) {
    if (!ReadTime(claims, "nbf", &nbf)) return Invalid("nbf is malformed");
    if (nbf > expect.now + expect.leeway_seconds) {
      return Invalid("not valid yet (nbf)");
    }
  }
  return Status::Ok();
}

// Providers spell email_verified as a boolean; a few older ones send the
// string "true". Anything else is unverified.
bool ReadVerified(const Json& claims) {
  auto it = claims.find("email_verified");
  if (it == claims.end()) return false;
  if (it->is_boolean()) return it->get<bool>();
  return it->is_string() && *it == "true";
}

Result<Claims> CheckClaims(const Json& claims, const Expectations& expect) {
  std::string iss = StringMember(claims, "iss");
  if (std::find(expect.issuers.begin(), expect.issuers.end(), iss) ==
      expect.issuers.end()) {
    return Invalid("iss is not the provider's");
  }
  AP_RETURN_IF_ERROR(CheckAudience(claims, expect.client_id));
  AP_RETURN_IF_ERROR(CheckTimes(claims, expect));

  auto nonce = claims.find("nonce");
  if (nonce == claims.end() || !nonce->is_string() || expect.nonce.empty() ||
      nonce->get<std::string>() != expect.nonce) {
    return Invalid("nonce does not match");
  }

  Claims out;
  auto sub = claims.find("sub");
  if (sub != claims.end() && sub->is_string()) out.subject = *sub;
  if (out.subject.empty() || out.subject.size() > kMaxSubjectLength) {
    return Invalid("sub is missing or malformed");
  }
  auto email = claims.find("email");
  if (email != claims.end() && email->is_string()) out.email = *email;
  out.email_verified = !out.email.empty() && ReadVerified(claims);
  auto name = claims.find("name");
  if (name != claims.end() && name->is_string()) out.name = *name;
  return out;
}

}  // namespace

struct KeySet::Key {
  std::string kid;
  cjose_jwk_t* jwk = nullptr;

  ~Key() { cjose_jwk_release(jwk); }
};

KeySet::KeySet() = default;
KeySet::~KeySet() = default;
KeySet::KeySet(KeySet&&) noexcept = default;
KeySet& KeySet::operator=(KeySet&&) noexcept = default;

Result<KeySet> KeySet::Parse(const std::string& json) {
  Json doc = Json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("keys") ||
      !doc["keys"].is_array()) {
    return Invalid("the key set is not a JWKS document");
  }

  KeySet set;
  for (const Json& entry : doc["keys"]) {
    if (!entry.is_object() || StringMember(entry, "kty") != "RSA") continue;
    if (entry.contains("use") && entry["use"] != "sig") continue;
    if (entry.contains("alg") && entry["alg"] != "RS256") continue;

    std::string text = entry.dump();
    cjose_err err;
    cjose_jwk_t* jwk = cjose_jwk_import(text.c_str(), text.size(), &err);
    if (jwk == nullptr) continue;  // a malformed key is one key less
    auto key = std::make_unique<Key>();
    key->jwk = jwk;
    key->kid = StringMember(entry, "kid");
    set.keys_.push_back(std::move(key));
  }
  return set;
}

bool KeySet::Has(const std::string& kid) const { return Find(kid) != nullptr; }

size_t KeySet::size() const { return keys_.size(); }

// A token without a kid can only be checked when the set holds one key.
const KeySet::Key* KeySet::Find(const std::string& kid) const {
  if (kid.empty()) return keys_.size() == 1 ? keys_.front().get() : nullptr;
  for (const auto& key : keys_) {
    if (key->kid == kid) return key.get();
  }
  return nullptr;
}

std::string TokenKeyId(const std::string& compact) {
  std::string header;
  std::string payload;
  if (compact.size() > kMaxTokenBytes ||
      !SplitCompact(compact, &header, &payload)) {
    return "";
  }
  Json h = DecodeJsonPart(header);
  return StringMember(h, "kid");
}

Result<Claims> VerifyIdToken(const std::string& compact, const KeySet& keys,
                             const Expectations& expect) {
  std::string header_part;
  std::string payload_part;
  if (compact.empty() || compact.size() > kMaxTokenBytes ||
      !SplitCompact(compact, &header_part, &payload_part)) {
    return Invalid("not a compact JWS");
  }

  // The algorithm is ours to choose, never the token's: only RS256 is
  // accepted, so "none" and HMAC-with-the-public-key tricks end here.
  Json header = DecodeJsonPart(header_part);
  if (!header.is_object()) return Invalid("the header is not JSON");
  if (StringMember(header, "alg") != "RS256")
    return Invalid("alg is not RS256");
  if (header.contains("crit")) return Invalid("unknown critical header");
  const KeySet::Key* key = keys.Find(StringMember(header, "kid"));
  if (key == nullptr) return Invalid("no key with the token's kid");

  cjose_err err;
  std::unique_ptr<cjose_jws_t, void (*)(cjose_jws_t*)> jws(
      cjose_jws_import(compact.c_str(), compact.size(), &err),
      cjose_jws_release);
  if (!jws) return Invalid("the token cannot be parsed");
  if (!cjose_jws_verify(jws.get(), key->jwk, &err)) {
    return Invalid("the signature does not verify");
  }
  uint8_t* plain = nullptr;
  size_t plain_len = 0;
  if (!cjose_jws_get_plaintext(jws.get(), &plain, &plain_len, &err)) {
    return Invalid("the payload cannot be read");
  }

  Json claims = Json::parse(plain, plain + plain_len, nullptr, false);
  if (claims.is_discarded() || !claims.is_object()) {
    return Invalid("the payload is not a JSON object");
  }
  return CheckClaims(claims, expect);
}

}  // namespace ap::oidc
