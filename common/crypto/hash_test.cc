#include "common/crypto/hash.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace ap {
namespace {

std::string DecodeOrDie(bool (*decode)(std::string_view, std::string*),
                        std::string_view text) {
  std::string out;
  CPPUNIT_ASSERT_MESSAGE(std::string(text), decode(text, &out));
  return out;
}

bool Rejects(bool (*decode)(std::string_view, std::string*),
             std::string_view text) {
  std::string out = "unchanged";
  return !decode(text, &out) && out == "unchanged";
}

}  // namespace

class HashTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(HashTest);
  CPPUNIT_TEST(testSha256OfAbc);
  CPPUNIT_TEST(testSha256OfEmpty);
  CPPUNIT_TEST(testHmacSha256Rfc4231Case2);
  CPPUNIT_TEST(testHmacSha1Rfc2202Case2);
  CPPUNIT_TEST(testHmacAcceptsEmptyKey);
  CPPUNIT_TEST(testHexEncode);
  CPPUNIT_TEST(testRandomBytesLengthAndVariety);
  CPPUNIT_TEST(testRandomTokenIs43UrlSafeChars);
  CPPUNIT_TEST(testBase64Rfc4648Vectors);
  CPPUNIT_TEST(testBase64DecodesRfc4648Vectors);
  CPPUNIT_TEST(testBase64UrlUsesUrlAlphabetWithoutPadding);
  CPPUNIT_TEST(testBase64UrlRoundTripsAllLengths);
  CPPUNIT_TEST(testBase64DecodeRejectsGarbage);
  CPPUNIT_TEST(testBase64DecodeRejectsNonCanonicalBits);
  CPPUNIT_TEST(testBase64UrlDecodeRejectsPaddingAndStdAlphabet);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testSha256OfAbc() {
    CPPUNIT_ASSERT_EQUAL(std::string("ba7816bf8f01cfea414140de5dae2223"
                                     "b00361a396177a9cb410ff61f20015ad"),
                         Sha256Hex("abc"));
    CPPUNIT_ASSERT_EQUAL(size_t{32}, Sha256("abc").size());
  }

  void testSha256OfEmpty() {
    CPPUNIT_ASSERT_EQUAL(std::string("e3b0c44298fc1c149afbf4c8996fb924"
                                     "27ae41e4649b934ca495991b7852b855"),
                         Sha256Hex(""));
  }

  void testHmacSha256Rfc4231Case2() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("5bdcc146bf60754e6a042426089575c7"
                    "5a003f089d2739839dec58b964ec3843"),
        HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")));
  }

  void testHmacSha1Rfc2202Case2() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
        HexEncode(HmacSha1("Jefe", "what do ya want for nothing?")));
  }

  void testHmacAcceptsEmptyKey() {
    CPPUNIT_ASSERT_EQUAL(std::string("b613679a0814d9ec772f95d778c35fc5"
                                     "ff1697c493715653c6c712144292c5ad"),
                         HexEncode(HmacSha256("", "")));
  }

  void testHexEncode() {
    CPPUNIT_ASSERT_EQUAL(std::string("00ff10ab"),
                         HexEncode(std::string("\x00\xff\x10\xab", 4)));
    CPPUNIT_ASSERT_EQUAL(std::string(), HexEncode(""));
  }

  void testRandomBytesLengthAndVariety() {
    CPPUNIT_ASSERT_EQUAL(size_t{0}, RandomBytes(0).size());
    CPPUNIT_ASSERT_EQUAL(size_t{64}, RandomBytes(64).size());
    CPPUNIT_ASSERT(RandomBytes(32) != RandomBytes(32));
  }

  void testRandomTokenIs43UrlSafeChars() {
    std::string token = RandomToken();
    CPPUNIT_ASSERT_EQUAL(size_t{43}, token.size());
    CPPUNIT_ASSERT_EQUAL(size_t{32},
                         DecodeOrDie(Base64UrlDecode, token).size());
    CPPUNIT_ASSERT(token != RandomToken());
  }

  void testBase64Rfc4648Vectors() {
    CPPUNIT_ASSERT_EQUAL(std::string(""), Base64Encode(""));
    CPPUNIT_ASSERT_EQUAL(std::string("Zg=="), Base64Encode("f"));
    CPPUNIT_ASSERT_EQUAL(std::string("Zm8="), Base64Encode("fo"));
    CPPUNIT_ASSERT_EQUAL(std::string("Zm9v"), Base64Encode("foo"));
    CPPUNIT_ASSERT_EQUAL(std::string("Zm9vYg=="), Base64Encode("foob"));
    CPPUNIT_ASSERT_EQUAL(std::string("Zm9vYmE="), Base64Encode("fooba"));
    CPPUNIT_ASSERT_EQUAL(std::string("Zm9vYmFy"), Base64Encode("foobar"));
  }

  void testBase64DecodesRfc4648Vectors() {
    CPPUNIT_ASSERT_EQUAL(std::string(""), DecodeOrDie(Base64Decode, ""));
    CPPUNIT_ASSERT_EQUAL(std::string("f"), DecodeOrDie(Base64Decode, "Zg=="));
    CPPUNIT_ASSERT_EQUAL(std::string("fo"), DecodeOrDie(Base64Decode, "Zm8="));
    CPPUNIT_ASSERT_EQUAL(std::string("foob"),
                         DecodeOrDie(Base64Decode, "Zm9vYg=="));
    CPPUNIT_ASSERT_EQUAL(std::string("foobar"),
                         DecodeOrDie(Base64Decode, "Zm9vYmFy"));
  }

  void testBase64UrlUsesUrlAlphabetWithoutPadding() {
    const std::string bytes("\xfb\xff\xbf", 3);
    CPPUNIT_ASSERT_EQUAL(std::string("+/+/"), Base64Encode(bytes));
    CPPUNIT_ASSERT_EQUAL(std::string("-_-_"), Base64UrlEncode(bytes));
    CPPUNIT_ASSERT_EQUAL(std::string("Zg"), Base64UrlEncode("f"));
    CPPUNIT_ASSERT_EQUAL(bytes, DecodeOrDie(Base64UrlDecode, "-_-_"));
  }

  void testBase64UrlRoundTripsAllLengths() {
    for (size_t n = 0; n < 40; ++n) {
      std::string bytes = RandomBytes(n);
      CPPUNIT_ASSERT(bytes ==
                     DecodeOrDie(Base64UrlDecode, Base64UrlEncode(bytes)));
      CPPUNIT_ASSERT(bytes == DecodeOrDie(Base64Decode, Base64Encode(bytes)));
    }
  }

  void testBase64DecodeRejectsGarbage() {
    for (const char* bad : {"Zg", "Zg=", "Z===", "Zm9v!", "Zm 9v", "Zm9v\n",
                            "=Zm9", "Zg==Zg==", "Zm9-", "Zm9_", "Zm9vY"}) {
      CPPUNIT_ASSERT_MESSAGE(bad, Rejects(Base64Decode, bad));
    }
  }

  void testBase64DecodeRejectsNonCanonicalBits() {
    // "Zh==" carries the same byte as "Zg==" plus a stray low bit.
    CPPUNIT_ASSERT(Rejects(Base64Decode, "Zh=="));
    CPPUNIT_ASSERT(Rejects(Base64Decode, "Zm9="));
    CPPUNIT_ASSERT(Rejects(Base64UrlDecode, "Zh"));
  }

  void testBase64UrlDecodeRejectsPaddingAndStdAlphabet() {
    for (const char* bad : {"Zg==", "+/+/", "Z", "Zm9v.", "Zm9v "}) {
      CPPUNIT_ASSERT_MESSAGE(bad, Rejects(Base64UrlDecode, bad));
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HashTest);

}  // namespace ap
