#include "common/crypto/totp.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace ap {
namespace {

// The SHA-1 key of RFC 4226 appendix D and RFC 6238 appendix B.
const std::string kRfcKey = "12345678901234567890";

std::string Decoded(std::string_view text) {
  std::string out;
  CPPUNIT_ASSERT_MESSAGE(std::string(text), Base32Decode(text, &out));
  return out;
}

}  // namespace

class TotpTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TotpTest);
  CPPUNIT_TEST(testHotpRfc4226Vectors);
  CPPUNIT_TEST(testTotpRfc6238Sha1Vectors);
  CPPUNIT_TEST(testTotpDefaultsToSixDigits);
  CPPUNIT_TEST(testTotpRefusesBadDigitsAndNegativeTime);
  CPPUNIT_TEST(testStepIsFloorOfThirtySeconds);
  CPPUNIT_TEST(testMatchReturnsCurrentStep);
  CPPUNIT_TEST(testMatchAcceptsOneStepDrift);
  CPPUNIT_TEST(testMatchRefusesTwoStepsDrift);
  CPPUNIT_TEST(testMatchHonoursZeroDrift);
  CPPUNIT_TEST(testMatchRefusesWrongLengthOrNonDigits);
  CPPUNIT_TEST(testMatchRefusesWrongCode);
  CPPUNIT_TEST(testBase32Rfc4648Vectors);
  CPPUNIT_TEST(testBase32DecodesRfc4648Vectors);
  CPPUNIT_TEST(testBase32DecodeIsTolerant);
  CPPUNIT_TEST(testBase32DecodeRejectsGarbage);
  CPPUNIT_TEST(testBase32RoundTrip);
  CPPUNIT_TEST(testOtpauthUriFormat);
  CPPUNIT_TEST(testOtpauthUriPercentEncodesNames);
  CPPUNIT_TEST(testOtpauthUriWithoutIssuer);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testHotpRfc4226Vectors() {
    const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                              "254676", "287922", "162583", "399871", "520489"};
    for (uint64_t i = 0; i < 10; ++i) {
      CPPUNIT_ASSERT_EQUAL(std::string(expected[i]), Hotp(kRfcKey, i));
    }
  }

  void testTotpRfc6238Sha1Vectors() {
    const struct {
      int64_t time;
      const char* code;
    } vectors[] = {{59, "94287082"},         {1111111109, "07081804"},
                   {1111111111, "14050471"}, {1234567890, "89005924"},
                   {2000000000, "69279037"}, {20000000000, "65353130"}};

    for (const auto& v : vectors) {
      CPPUNIT_ASSERT_EQUAL(std::string(v.code), Totp(kRfcKey, v.time, 8));
    }
  }

  void testTotpDefaultsToSixDigits() {
    CPPUNIT_ASSERT_EQUAL(std::string("287082"), Totp(kRfcKey, 59));
    CPPUNIT_ASSERT_EQUAL(std::string("081804"), Totp(kRfcKey, 1111111109));
  }

  void testTotpRefusesBadDigitsAndNegativeTime() {
    CPPUNIT_ASSERT_EQUAL(std::string(), Totp(kRfcKey, 59, 5));
    CPPUNIT_ASSERT_EQUAL(std::string(), Totp(kRfcKey, 59, 9));
    CPPUNIT_ASSERT_EQUAL(std::string(), Totp(kRfcKey, -1));
  }

  void testStepIsFloorOfThirtySeconds() {
    CPPUNIT_ASSERT_EQUAL(int64_t{0}, TotpStep(29));
    CPPUNIT_ASSERT_EQUAL(int64_t{1}, TotpStep(30));
    CPPUNIT_ASSERT_EQUAL(int64_t{37037037}, TotpStep(1111111111));
    CPPUNIT_ASSERT_EQUAL(int64_t{-1}, TotpStep(-1));
  }

  void testMatchReturnsCurrentStep() {
    const int64_t t = 1111111111;
    std::optional<int64_t> step = MatchTotp(kRfcKey, Totp(kRfcKey, t), t);
    CPPUNIT_ASSERT(step.has_value());
    CPPUNIT_ASSERT_EQUAL(TotpStep(t), *step);
  }

  void testMatchAcceptsOneStepDrift() {
    const int64_t t = 1111111111;
    std::string previous = Totp(kRfcKey, t - 30);
    std::string next = Totp(kRfcKey, t + 30);
    CPPUNIT_ASSERT_EQUAL(TotpStep(t) - 1, *MatchTotp(kRfcKey, previous, t));
    CPPUNIT_ASSERT_EQUAL(TotpStep(t) + 1, *MatchTotp(kRfcKey, next, t));
  }

  void testMatchRefusesTwoStepsDrift() {
    const int64_t t = 1111111111;
    CPPUNIT_ASSERT(!MatchTotp(kRfcKey, Totp(kRfcKey, t - 60), t));
    CPPUNIT_ASSERT(!MatchTotp(kRfcKey, Totp(kRfcKey, t + 60), t));
  }

  void testMatchHonoursZeroDrift() {
    const int64_t t = 1111111111;
    CPPUNIT_ASSERT(!MatchTotp(kRfcKey, Totp(kRfcKey, t - 30), t, 0));
    CPPUNIT_ASSERT(MatchTotp(kRfcKey, Totp(kRfcKey, t), t, 0));
  }

  void testMatchRefusesWrongLengthOrNonDigits() {
    const int64_t t = 1111111111;
    std::string code = Totp(kRfcKey, t);  // "050471"
    CPPUNIT_ASSERT(!MatchTotp(kRfcKey, Totp(kRfcKey, t, 8), t));
    CPPUNIT_ASSERT(!MatchTotp(kRfcKey, code.substr(1), t));
    CPPUNIT_ASSERT(!MatchTotp(kRfcKey, code + "0", t));
    CPPUNIT_ASSERT(!MatchTotp(kRfcKey, " " + code.substr(1), t));
    CPPUNIT_ASSERT(!MatchTotp(kRfcKey, "", t));
  }

  void testMatchRefusesWrongCode() {
    const int64_t t = 1111111111;
    std::string code = Totp(kRfcKey, t);
    code[5] = code[5] == '9' ? '0' : static_cast<char>(code[5] + 1);
    CPPUNIT_ASSERT(!MatchTotp(kRfcKey, code, t));
    CPPUNIT_ASSERT(!MatchTotp("another key", Totp(kRfcKey, t), t));
  }

  void testBase32Rfc4648Vectors() {
    CPPUNIT_ASSERT_EQUAL(std::string(""), Base32Encode(""));
    CPPUNIT_ASSERT_EQUAL(std::string("MY"), Base32Encode("f"));
    CPPUNIT_ASSERT_EQUAL(std::string("MZXQ"), Base32Encode("fo"));
    CPPUNIT_ASSERT_EQUAL(std::string("MZXW6"), Base32Encode("foo"));
    CPPUNIT_ASSERT_EQUAL(std::string("MZXW6YQ"), Base32Encode("foob"));
    CPPUNIT_ASSERT_EQUAL(std::string("MZXW6YTB"), Base32Encode("fooba"));
    CPPUNIT_ASSERT_EQUAL(std::string("MZXW6YTBOI"), Base32Encode("foobar"));
  }

  void testBase32DecodesRfc4648Vectors() {
    CPPUNIT_ASSERT_EQUAL(std::string(""), Decoded(""));
    CPPUNIT_ASSERT_EQUAL(std::string("f"), Decoded("MY======"));
    CPPUNIT_ASSERT_EQUAL(std::string("fo"), Decoded("MZXQ===="));
    CPPUNIT_ASSERT_EQUAL(std::string("foo"), Decoded("MZXW6==="));
    CPPUNIT_ASSERT_EQUAL(std::string("foob"), Decoded("MZXW6YQ="));
    CPPUNIT_ASSERT_EQUAL(std::string("fooba"), Decoded("MZXW6YTB"));
    CPPUNIT_ASSERT_EQUAL(std::string("foobar"), Decoded("MZXW6YTBOI======"));
  }

  void testBase32DecodeIsTolerant() {
    CPPUNIT_ASSERT_EQUAL(std::string("foobar"), Decoded("mzxw6ytboi"));
    CPPUNIT_ASSERT_EQUAL(std::string("foobar"), Decoded("MZXW 6YTB OI"));
    CPPUNIT_ASSERT_EQUAL(std::string("foobar"), Decoded(" mZxW6yTbOi== "));
  }

  void testBase32DecodeRejectsGarbage() {
    for (const char* bad : {"MZXW1", "MZXW8", "MZ-XW", "MZXW6\n", "M", "MZX",
                            "MZXW6Y", "MY==MY", "=MY", "MZXW6YTBO"}) {
      std::string out = "unchanged";
      CPPUNIT_ASSERT_MESSAGE(bad, !Base32Decode(bad, &out));
      CPPUNIT_ASSERT_EQUAL(std::string("unchanged"), out);
    }
  }

  void testBase32RoundTrip() {
    std::string bytes;
    for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
    for (size_t n = 0; n < 30; ++n) {
      std::string part = bytes.substr(n * 7, n);
      CPPUNIT_ASSERT(part == Decoded(Base32Encode(part)));
    }
  }

  void testOtpauthUriFormat() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("otpauth://totp/ActionPlan:alice?secret=MZXW6YTBOI"
                    "&issuer=ActionPlan&algorithm=SHA1&digits=6&period=30"),
        OtpauthUri("ActionPlan", "alice", "foobar"));
  }

  void testOtpauthUriPercentEncodesNames() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("otpauth://totp/Action%20Plan%3A%20Co:a%2Bb%40x.org%26s"
                    "?secret=MZXW6YTBOI&issuer=Action%20Plan%3A%20Co"
                    "&algorithm=SHA1&digits=6&period=30"),
        OtpauthUri("Action Plan: Co", "a+b@x.org&s", "foobar"));
    CPPUNIT_ASSERT_EQUAL(
        std::string("otpauth://totp/%C3%A9:j%C3%B6?secret=MY&issuer=%C3%A9"
                    "&algorithm=SHA1&digits=6&period=30"),
        OtpauthUri("\xc3\xa9", "j\xc3\xb6", "f"));
  }

  void testOtpauthUriWithoutIssuer() {
    CPPUNIT_ASSERT_EQUAL(std::string("otpauth://totp/alice?secret=MY"
                                     "&algorithm=SHA1&digits=6&period=30"),
                         OtpauthUri("", "alice", "f"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TotpTest);

}  // namespace ap
