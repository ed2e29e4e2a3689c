#include "common/oidc/id_token.h"

#include <cjose/header.h>
#include <cjose/jwk.h>
#include <cjose/jws.h>
#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "common/crypto/hash.h"

namespace ap::oidc {
namespace {

using Json = nlohmann::json;

constexpr int64_t kNow = 1'800'000'000;
const char* const kIssuer = "https://id.example";
const char* const kClient = "client-1";
const char* const kNonce = "nonce-abc";

// One RSA key made for the whole suite (making them is slow), with its
// public JWK, and a second key the provider never published.
struct TestKey {
  cjose_jwk_t* jwk = nullptr;
  std::string public_json;
};

TestKey MakeKey(const std::string& kid) {
  static const uint8_t kE[] = {0x01, 0x00, 0x01};
  cjose_err err;
  TestKey key;
  key.jwk = cjose_jwk_create_RSA_random(2048, kE, sizeof kE, &err);
  CPPUNIT_ASSERT(key.jwk != nullptr);
  CPPUNIT_ASSERT(cjose_jwk_set_kid(key.jwk, kid.c_str(), kid.size(), &err));
  char* json = cjose_jwk_to_json(key.jwk, false, &err);
  CPPUNIT_ASSERT(json != nullptr);
  key.public_json = json;
  std::free(json);
  return key;
}

const TestKey& ProviderKey() {
  static TestKey key = MakeKey("key-1");
  return key;
}

const TestKey& RogueKey() {
  static TestKey key = MakeKey("key-1");  // same kid, other key
  return key;
}

KeySet ProviderKeys() {
  Result<KeySet> set =
      KeySet::Parse("{\"keys\": [" + ProviderKey().public_json + "]}");
  CPPUNIT_ASSERT(set.ok());
  return std::move(*set);
}

Json GoodClaims() {
  return {{"iss", kIssuer},
          {"sub", "10769150350006150715113082367"},
          {"aud", kClient},
          {"iat", kNow - 5},
          {"exp", kNow + 3600},
          {"nonce", kNonce},
          {"email", "jan@example.com"},
          {"email_verified", true},
          {"name", "Jan Kowalski"}};
}

std::string Sign(const Json& claims, const TestKey& key,
                 const std::string& kid = "key-1") {
  cjose_err err;
  cjose_header_t* header = cjose_header_new(&err);
  cjose_header_set(header, CJOSE_HDR_ALG, CJOSE_HDR_ALG_RS256, &err);
  if (!kid.empty()) cjose_header_set(header, CJOSE_HDR_KID, kid.c_str(), &err);
  std::string payload = claims.dump();
  cjose_jws_t* jws = cjose_jws_sign(
      key.jwk, header, reinterpret_cast<const uint8_t*>(payload.data()),
      payload.size(), &err);
  CPPUNIT_ASSERT(jws != nullptr);
  const char* compact = nullptr;
  CPPUNIT_ASSERT(cjose_jws_export(jws, &compact, &err));
  std::string out = compact;
  cjose_jws_release(jws);
  cjose_header_release(header);
  return out;
}

// A token whose header says what the test wants, with any signature.
std::string Forge(const Json& header, const Json& claims,
                  const std::string& signature) {
  return Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump()) +
         "." + signature;
}

Expectations Expect() {
  Expectations e;
  e.issuers = {kIssuer};
  e.client_id = kClient;
  e.nonce = kNonce;
  e.now = kNow;
  return e;
}

std::string Refusal(const std::string& token,
                    const Expectations& expect = Expect()) {
  Result<Claims> claims = VerifyIdToken(token, ProviderKeys(), expect);
  CPPUNIT_ASSERT_MESSAGE("expected a refusal", !claims.ok());
  CPPUNIT_ASSERT_EQUAL(std::string("id_token_invalid"),
                       claims.status().error());
  return claims.status().message();
}

}  // namespace

class IdTokenTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(IdTokenTest);
  CPPUNIT_TEST(testGoodTokenGivesClaims);
  CPPUNIT_TEST(testOtherKeyWithSameKidIsRefused);
  CPPUNIT_TEST(testUnknownKidIsRefused);
  CPPUNIT_TEST(testTamperedPayloadIsRefused);
  CPPUNIT_TEST(testAlgNoneAndHmacAreRefused);
  CPPUNIT_TEST(testOtherAudienceIsRefused);
  CPPUNIT_TEST(testSeveralAudiencesNeedAzp);
  CPPUNIT_TEST(testOtherIssuerIsRefused);
  CPPUNIT_TEST(testExtraIssuerSpellingIsAccepted);
  CPPUNIT_TEST(testExpiredIsRefusedAfterLeeway);
  CPPUNIT_TEST(testIatInFutureOrTooOldIsRefused);
  CPPUNIT_TEST(testNonceMustMatch);
  CPPUNIT_TEST(testSubjectIsRequired);
  CPPUNIT_TEST(testEmailVerifiedSpellings);
  CPPUNIT_TEST(testMalformedTokensAreRefused);
  CPPUNIT_TEST(testClaimsOfOtherTypesAreRefusedNotThrown);
  CPPUNIT_TEST(testKeySetKeepsOnlyRsaSigningKeys);
  CPPUNIT_TEST(testKeySetRefusesNonJwks);
  CPPUNIT_TEST(testTokenKeyId);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testGoodTokenGivesClaims() {
    Result<Claims> claims = VerifyIdToken(Sign(GoodClaims(), ProviderKey()),
                                          ProviderKeys(), Expect());
    CPPUNIT_ASSERT_MESSAGE(claims.ok() ? "" : claims.status().message(),
                           claims.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("10769150350006150715113082367"),
                         claims->subject);
    CPPUNIT_ASSERT_EQUAL(std::string("jan@example.com"), claims->email);
    CPPUNIT_ASSERT(claims->email_verified);
    CPPUNIT_ASSERT_EQUAL(std::string("Jan Kowalski"), claims->name);
  }

  void testOtherKeyWithSameKidIsRefused() {
    CPPUNIT_ASSERT_EQUAL(std::string("the signature does not verify"),
                         Refusal(Sign(GoodClaims(), RogueKey())));
  }

  void testUnknownKidIsRefused() {
    CPPUNIT_ASSERT_EQUAL(std::string("no key with the token's kid"),
                         Refusal(Sign(GoodClaims(), ProviderKey(), "key-2")));
  }

  void testTamperedPayloadIsRefused() {
    std::string token = Sign(GoodClaims(), ProviderKey());
    Json claims = GoodClaims();
    claims["email"] = "boss@example.com";
    size_t first = token.find('.');
    size_t second = token.find('.', first + 1);
    std::string forged = token.substr(0, first + 1) +
                         Base64UrlEncode(claims.dump()) + token.substr(second);
    CPPUNIT_ASSERT_EQUAL(std::string("the signature does not verify"),
                         Refusal(forged));
  }

  void testAlgNoneAndHmacAreRefused() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("alg is not RS256"),
        Refusal(Forge({{"alg", "none"}, {"kid", "key-1"}}, GoodClaims(), "")));
    // HMAC keyed with the public key: the classic confusion attack.
    std::string header =
        Base64UrlEncode(Json({{"alg", "HS256"}, {"kid", "key-1"}}).dump());
    std::string payload = Base64UrlEncode(GoodClaims().dump());
    std::string mac = Base64UrlEncode(
        HmacSha256(ProviderKey().public_json, header + "." + payload));
    CPPUNIT_ASSERT_EQUAL(std::string("alg is not RS256"),
                         Refusal(header + "." + payload + "." + mac));
  }

  void testOtherAudienceIsRefused() {
    Json claims = GoodClaims();
    claims["aud"] = "client-2";
    CPPUNIT_ASSERT_EQUAL(std::string("aud is another client's"),
                         Refusal(Sign(claims, ProviderKey())));
    claims["aud"] = Json::array({"client-2", "client-3"});
    CPPUNIT_ASSERT_EQUAL(std::string("aud is another client's"),
                         Refusal(Sign(claims, ProviderKey())));
  }

  void testSeveralAudiencesNeedAzp() {
    Json claims = GoodClaims();
    claims["aud"] = Json::array({kClient, "client-2"});
    CPPUNIT_ASSERT_EQUAL(std::string("azp is not this client"),
                         Refusal(Sign(claims, ProviderKey())));

    claims["azp"] = kClient;
    CPPUNIT_ASSERT(
        VerifyIdToken(Sign(claims, ProviderKey()), ProviderKeys(), Expect())
            .ok());
  }

  // Regression: a claim of an unexpected JSON type threw from nlohmann's
  // value() and became a 500 instead of a refusal.
  void testClaimsOfOtherTypesAreRefusedNotThrown() {
    Json claims = GoodClaims();
    claims["iss"] = 5;
    CPPUNIT_ASSERT_EQUAL(std::string("iss is not the provider's"),
                         Refusal(Sign(claims, ProviderKey())));
    claims = GoodClaims();
    claims["exp"] = 1e300;
    CPPUNIT_ASSERT_EQUAL(std::string("no exp"),
                         Refusal(Sign(claims, ProviderKey())));
    claims = GoodClaims();
    claims["aud"] = Json::array({kClient, "other"});
    claims["azp"] = Json::array({kClient});
    CPPUNIT_ASSERT_EQUAL(std::string("azp is not this client"),
                         Refusal(Sign(claims, ProviderKey())));
  }

  void testOtherIssuerIsRefused() {
    Json claims = GoodClaims();
    claims["iss"] = "https://evil.example";
    CPPUNIT_ASSERT_EQUAL(std::string("iss is not the provider's"),
                         Refusal(Sign(claims, ProviderKey())));
    claims.erase("iss");
    CPPUNIT_ASSERT_EQUAL(std::string("iss is not the provider's"),
                         Refusal(Sign(claims, ProviderKey())));
  }

  void testExtraIssuerSpellingIsAccepted() {
    Json claims = GoodClaims();
    claims["iss"] = "id.example";
    Expectations expect = Expect();
    expect.issuers.push_back("id.example");
    CPPUNIT_ASSERT(
        VerifyIdToken(Sign(claims, ProviderKey()), ProviderKeys(), expect)
            .ok());
  }

  void testExpiredIsRefusedAfterLeeway() {
    Json claims = GoodClaims();
    claims["iat"] = kNow - 400;
    claims["exp"] = kNow - 60;  // within the 120 s of skew allowed
    CPPUNIT_ASSERT(
        VerifyIdToken(Sign(claims, ProviderKey()), ProviderKeys(), Expect())
            .ok());

    claims["exp"] = kNow - 121;
    CPPUNIT_ASSERT_EQUAL(std::string("expired"),
                         Refusal(Sign(claims, ProviderKey())));
    claims.erase("exp");
    CPPUNIT_ASSERT_EQUAL(std::string("no exp"),
                         Refusal(Sign(claims, ProviderKey())));
  }

  void testIatInFutureOrTooOldIsRefused() {
    Json claims = GoodClaims();
    claims["iat"] = kNow + 600;
    CPPUNIT_ASSERT_EQUAL(std::string("iat is in the future"),
                         Refusal(Sign(claims, ProviderKey())));
    claims["iat"] = kNow - 3000;
    CPPUNIT_ASSERT_EQUAL(std::string("iat is too old"),
                         Refusal(Sign(claims, ProviderKey())));
    claims["iat"] = kNow;
    claims["nbf"] = kNow + 600;
    CPPUNIT_ASSERT_EQUAL(std::string("not valid yet (nbf)"),
                         Refusal(Sign(claims, ProviderKey())));
  }

  void testNonceMustMatch() {
    Json claims = GoodClaims();
    claims["nonce"] = "nonce-other";
    CPPUNIT_ASSERT_EQUAL(std::string("nonce does not match"),
                         Refusal(Sign(claims, ProviderKey())));
    claims.erase("nonce");
    CPPUNIT_ASSERT_EQUAL(std::string("nonce does not match"),
                         Refusal(Sign(claims, ProviderKey())));

    // A sign-in that expected no nonce is a bug, never a pass.
    Expectations expect = Expect();
    expect.nonce = "";
    claims["nonce"] = "";
    CPPUNIT_ASSERT_EQUAL(std::string("nonce does not match"),
                         Refusal(Sign(claims, ProviderKey()), expect));
  }

  void testSubjectIsRequired() {
    Json claims = GoodClaims();
    claims["sub"] = "";
    CPPUNIT_ASSERT_EQUAL(std::string("sub is missing or malformed"),
                         Refusal(Sign(claims, ProviderKey())));
    claims["sub"] = 42;
    CPPUNIT_ASSERT_EQUAL(std::string("sub is missing or malformed"),
                         Refusal(Sign(claims, ProviderKey())));
  }

  void testEmailVerifiedSpellings() {
    auto verified = [](const Json& value) {
      Json claims = GoodClaims();
      if (value.is_null()) {
        claims.erase("email_verified");
      } else {
        claims["email_verified"] = value;
      }
      Result<Claims> out =
          VerifyIdToken(Sign(claims, ProviderKey()), ProviderKeys(), Expect());
      CPPUNIT_ASSERT(out.ok());
      return out->email_verified;
    };
    CPPUNIT_ASSERT(verified(true));
    CPPUNIT_ASSERT(verified("true"));
    CPPUNIT_ASSERT(!verified(false));
    CPPUNIT_ASSERT(!verified("false"));
    CPPUNIT_ASSERT(!verified(1));
    CPPUNIT_ASSERT(!verified(Json()));
  }

  void testMalformedTokensAreRefused() {
    CPPUNIT_ASSERT_EQUAL(std::string("not a compact JWS"), Refusal(""));
    CPPUNIT_ASSERT_EQUAL(std::string("not a compact JWS"), Refusal("a.b"));
    CPPUNIT_ASSERT_EQUAL(std::string("not a compact JWS"), Refusal("a.b.c.d"));
    CPPUNIT_ASSERT_EQUAL(std::string("the header is not JSON"),
                         Refusal("!!!.b.c"));
    CPPUNIT_ASSERT_EQUAL(std::string("not a compact JWS"),
                         Refusal(std::string(20000, 'a') + ".b.c"));
  }

  void testKeySetKeepsOnlyRsaSigningKeys() {
    Json enc = Json::parse(ProviderKey().public_json);
    enc["kid"] = "enc-1";
    enc["use"] = "enc";
    Json rs512 = Json::parse(ProviderKey().public_json);
    rs512["kid"] = "rs512";
    rs512["alg"] = "RS512";
    Json ec = {{"kty", "EC"}, {"kid", "ec-1"}, {"crv", "P-256"}};
    Json doc = {{"keys", Json::array({Json::parse(ProviderKey().public_json),
                                      enc, rs512, ec})}};
    Result<KeySet> set = KeySet::Parse(doc.dump());
    CPPUNIT_ASSERT(set.ok());
    CPPUNIT_ASSERT_EQUAL(size_t{1}, set->size());
    CPPUNIT_ASSERT(set->Has("key-1"));
    CPPUNIT_ASSERT(!set->Has("enc-1"));
    CPPUNIT_ASSERT(!set->Has("ec-1"));
  }

  void testKeySetRefusesNonJwks() {
    CPPUNIT_ASSERT(!KeySet::Parse("").ok());
    CPPUNIT_ASSERT(!KeySet::Parse("[]").ok());
    CPPUNIT_ASSERT(!KeySet::Parse("{\"keys\": 1}").ok());
    Result<KeySet> empty = KeySet::Parse("{\"keys\": []}");
    CPPUNIT_ASSERT(empty.ok());
    CPPUNIT_ASSERT_EQUAL(size_t{0}, empty->size());
  }

  void testTokenKeyId() {
    CPPUNIT_ASSERT_EQUAL(std::string("key-1"),
                         TokenKeyId(Sign(GoodClaims(), ProviderKey())));
    CPPUNIT_ASSERT_EQUAL(std::string(""), TokenKeyId("garbage"));
    CPPUNIT_ASSERT_EQUAL(std::string(""),
                         TokenKeyId(Sign(GoodClaims(), ProviderKey(), "")));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(IdTokenTest);

}  // namespace ap::oidc
