#include "common/crypto/aead.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cctype>
#include <string>

#include "common/crypto/hash.h"

namespace ap {
namespace {

const std::string kKey = RandomBytes(kAeadKeyBytes);
const std::string kAd = "totp:42";

std::string SealOrDie(std::string_view plaintext) {
  Result<std::string> sealed = Seal(kKey, plaintext, kAd);
  CPPUNIT_ASSERT(sealed.ok());
  return *sealed;
}

bool RefusedAsInvalid(const Result<std::string>& opened) {
  return !opened.ok() && opened.status().error() == "sealed_data_invalid";
}

}  // namespace

class AeadTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AeadTest);
  CPPUNIT_TEST(testRoundTrip);
  CPPUNIT_TEST(testRoundTripEmptyPlaintextAndAd);
  CPPUNIT_TEST(testLayoutIsVersionNonceCiphertextTag);
  CPPUNIT_TEST(testNonceIsFreshEachTime);
  CPPUNIT_TEST(testTamperOfAnyRegionFails);
  CPPUNIT_TEST(testWrongAssociatedDataFails);
  CPPUNIT_TEST(testWrongKeyFails);
  CPPUNIT_TEST(testShortOrTruncatedInputFails);
  CPPUNIT_TEST(testWrongKeySizeIsInternalError);
  CPPUNIT_TEST(testKeyFromHex);
  CPPUNIT_TEST(testKeyFromBase64);
  CPPUNIT_TEST(testKeyFromConfigRejectsOtherText);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testRoundTrip() {
    std::string secret = RandomBytes(20);
    Result<std::string> opened = Open(kKey, SealOrDie(secret), kAd);
    CPPUNIT_ASSERT(opened.ok());
    CPPUNIT_ASSERT(secret == *opened);
  }

  void testRoundTripEmptyPlaintextAndAd() {
    Result<std::string> sealed = Seal(kKey, "", "");
    CPPUNIT_ASSERT(sealed.ok());
    CPPUNIT_ASSERT_EQUAL(kAeadOverheadBytes, sealed->size());
    Result<std::string> opened = Open(kKey, *sealed, "");
    CPPUNIT_ASSERT(opened.ok());
    CPPUNIT_ASSERT_EQUAL(std::string(), *opened);
  }

  void testLayoutIsVersionNonceCiphertextTag() {
    std::string sealed = SealOrDie("hello");
    CPPUNIT_ASSERT_EQUAL(size_t{1 + 12 + 5 + 16}, sealed.size());
    CPPUNIT_ASSERT_EQUAL('\x01', sealed[0]);
    CPPUNIT_ASSERT(sealed.find("hello") == std::string::npos);
  }

  void testNonceIsFreshEachTime() {
    std::string a = SealOrDie("same");
    std::string b = SealOrDie("same");
    CPPUNIT_ASSERT(a.substr(1, 12) != b.substr(1, 12));
    CPPUNIT_ASSERT(a != b);
  }

  void testTamperOfAnyRegionFails() {
    const std::string sealed = SealOrDie("a secret of some length");
    // Every byte: version, nonce, ciphertext and tag.
    for (size_t i = 0; i < sealed.size(); ++i) {
      std::string bad = sealed;
      bad[i] = static_cast<char>(bad[i] ^ 0x01);
      CPPUNIT_ASSERT_MESSAGE(std::to_string(i),
                             RefusedAsInvalid(Open(kKey, bad, kAd)));
    }
  }

  void testWrongAssociatedDataFails() {
    std::string sealed = SealOrDie("secret");
    CPPUNIT_ASSERT(RefusedAsInvalid(Open(kKey, sealed, "totp:43")));
    CPPUNIT_ASSERT(RefusedAsInvalid(Open(kKey, sealed, "")));
  }

  void testWrongKeyFails() {
    std::string sealed = SealOrDie("secret");
    std::string other = RandomBytes(kAeadKeyBytes);
    CPPUNIT_ASSERT(RefusedAsInvalid(Open(other, sealed, kAd)));
  }

  void testShortOrTruncatedInputFails() {
    std::string sealed = SealOrDie("secret");
    CPPUNIT_ASSERT(RefusedAsInvalid(Open(kKey, "", kAd)));
    CPPUNIT_ASSERT(RefusedAsInvalid(
        Open(kKey, sealed.substr(0, kAeadOverheadBytes - 1), kAd)));
    CPPUNIT_ASSERT(
        RefusedAsInvalid(Open(kKey, sealed.substr(0, sealed.size() - 1), kAd)));
    CPPUNIT_ASSERT(RefusedAsInvalid(Open(kKey, sealed + "x", kAd)));
  }

  void testWrongKeySizeIsInternalError() {
    Result<std::string> sealed = Seal(kKey.substr(1), "secret", kAd);
    CPPUNIT_ASSERT(sealed.status().code() == Code::kInternal);
    Result<std::string> opened = Open(kKey + "x", SealOrDie("secret"), kAd);
    CPPUNIT_ASSERT(opened.status().code() == Code::kInternal);
  }

  void testKeyFromHex() {
    std::string hex = HexEncode(kKey);
    Result<std::string> key = KeyFromConfigText(hex);
    CPPUNIT_ASSERT(key.ok());
    CPPUNIT_ASSERT(kKey == *key);
    for (char& c : hex) c = static_cast<char>(std::toupper(c));
    key = KeyFromConfigText(" " + hex + "\n");
    CPPUNIT_ASSERT(key.ok());
    CPPUNIT_ASSERT(kKey == *key);
  }

  void testKeyFromBase64() {
    Result<std::string> key = KeyFromConfigText(Base64Encode(kKey) + "\n");
    CPPUNIT_ASSERT(key.ok());
    CPPUNIT_ASSERT(kKey == *key);
  }

  void testKeyFromConfigRejectsOtherText() {
    std::string hex = HexEncode(kKey);
    for (const std::string& bad :
         {std::string(), hex.substr(2), hex + "00", "zz" + hex.substr(2),
          Base64Encode(kKey.substr(1)), Base64UrlEncode(kKey),
          Base64Encode(kKey + "x"), std::string(64, '0'),
          Base64Encode(std::string(32, '\0')), std::string("changeme")}) {
      Result<std::string> key = KeyFromConfigText(bad);
      CPPUNIT_ASSERT_MESSAGE(bad, !key.ok());
      CPPUNIT_ASSERT_EQUAL(std::string("invalid_key"), key.status().error());
      // The text may be a real key with a typo: never echo it.
      if (!bad.empty()) {
        CPPUNIT_ASSERT(key.status().message().find(bad) == std::string::npos);
      }
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AeadTest);

}  // namespace ap
