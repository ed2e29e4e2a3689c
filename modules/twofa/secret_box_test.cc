#include "modules/twofa/secret_box.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "common/crypto/totp.h"

namespace ap::twofa {
namespace {

const std::string kKeyHex(64, 'a');

Config WithKey(const std::string& value) {
  Config config;
  config.Set("twofa.key", value);
  return config;
}

std::string Key() { return *TwofaKeyFromConfig(WithKey(kKeyHex)); }

}  // namespace

class SecretBoxTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SecretBoxTest);
  CPPUNIT_TEST(testKeyFromHex);
  CPPUNIT_TEST(testMissingKeyIsRefused);
  CPPUNIT_TEST(testShortKeyIsRefusedWithoutEchoingIt);
  CPPUNIT_TEST(testSealedSecretOpensForItsUser);
  CPPUNIT_TEST(testSealedSecretIsNotTheSecretOrItsBase32);
  CPPUNIT_TEST(testSealedSecretDoesNotOpenForAnotherUser);
  CPPUNIT_TEST(testSealedSecretDoesNotOpenUnderAnotherKey);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testKeyFromHex() { CPPUNIT_ASSERT_EQUAL(size_t{32}, Key().size()); }

  void testMissingKeyIsRefused() {
    Result<std::string> key = TwofaKeyFromConfig(Config());
    CPPUNIT_ASSERT(!key.ok());
    CPPUNIT_ASSERT(key.status().message().find("twofa.key") !=
                   std::string::npos);
  }

  void testShortKeyIsRefusedWithoutEchoingIt() {
    Result<std::string> key = TwofaKeyFromConfig(WithKey("abcdef0123"));
    CPPUNIT_ASSERT(!key.ok());
    CPPUNIT_ASSERT(key.status().message().find("abcdef0123") ==
                   std::string::npos);
  }

  void testSealedSecretOpensForItsUser() {
    Result<std::string> sealed = SealSecret(Key(), 7, "0123456789abcdefghij");
    CPPUNIT_ASSERT(sealed.ok());
    Result<std::string> opened = OpenSecret(Key(), 7, *sealed);
    CPPUNIT_ASSERT(opened.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("0123456789abcdefghij"), *opened);
  }

  void testSealedSecretIsNotTheSecretOrItsBase32() {
    std::string secret = "0123456789abcdefghij";
    std::string sealed = *SealSecret(Key(), 7, secret);
    CPPUNIT_ASSERT(sealed.find(secret) == std::string::npos);
    CPPUNIT_ASSERT(sealed.find(Base32Encode(secret)) == std::string::npos);
  }

  void testSealedSecretDoesNotOpenForAnotherUser() {
    std::string sealed = *SealSecret(Key(), 7, "0123456789abcdefghij");
    CPPUNIT_ASSERT(!OpenSecret(Key(), 8, sealed).ok());
  }

  void testSealedSecretDoesNotOpenUnderAnotherKey() {
    std::string sealed = *SealSecret(Key(), 7, "0123456789abcdefghij");
    std::string other = *TwofaKeyFromConfig(WithKey(std::string(64, 'b')));
    CPPUNIT_ASSERT(!OpenSecret(other, 7, sealed).ok());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SecretBoxTest);

}  // namespace ap::twofa
