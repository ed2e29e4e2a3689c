#include "modules/twofa/codes.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <string>

#include "common/crypto/hash.h"

namespace ap::twofa {

class CodesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CodesTest);
  CPPUNIT_TEST(testSixDigitsAreTotp);
  CPPUNIT_TEST(testSpacesInTotpAreIgnored);
  CPPUNIT_TEST(testOtherDigitCountsAreInvalid);
  CPPUNIT_TEST(testRecoveryCodeIsCanonicalised);
  CPPUNIT_TEST(testRecoveryCodeWithoutDashIsAccepted);
  CPPUNIT_TEST(testLookAlikeCharactersAreRefused);
  CPPUNIT_TEST(testWrongLengthRecoveryCodeIsInvalid);
  CPPUNIT_TEST(testEmptyIsInvalid);
  CPPUNIT_TEST(testNewCodesHaveTheDisplayFormat);
  CPPUNIT_TEST(testNewCodesAreDistinct);
  CPPUNIT_TEST(testNewCodesParseAsRecoveryCodes);
  CPPUNIT_TEST(testHashIsSha256OfCanonicalForm);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testSixDigitsAreTotp() {
    CodeInput in = ParseCodeInput("012345");
    CPPUNIT_ASSERT(in.kind == CodeInput::Kind::kTotp);
    CPPUNIT_ASSERT_EQUAL(std::string("012345"), in.value);
  }

  void testSpacesInTotpAreIgnored() {
    CodeInput in = ParseCodeInput(" 123 456 ");
    CPPUNIT_ASSERT(in.kind == CodeInput::Kind::kTotp);
    CPPUNIT_ASSERT_EQUAL(std::string("123456"), in.value);
  }

  void testOtherDigitCountsAreInvalid() {
    CPPUNIT_ASSERT(ParseCodeInput("12345").kind == CodeInput::Kind::kInvalid);
    CPPUNIT_ASSERT(ParseCodeInput("1234567").kind == CodeInput::Kind::kInvalid);
    CPPUNIT_ASSERT(ParseCodeInput("12345a").kind == CodeInput::Kind::kInvalid);
  }

  void testRecoveryCodeIsCanonicalised() {
    CodeInput in = ParseCodeInput("ABCDE-FGH23");
    CPPUNIT_ASSERT(in.kind == CodeInput::Kind::kRecovery);
    CPPUNIT_ASSERT_EQUAL(std::string("abcdefgh23"), in.value);
  }

  void testRecoveryCodeWithoutDashIsAccepted() {
    CPPUNIT_ASSERT_EQUAL(std::string("abcdefgh23"),
                         NormalizeRecoveryCode("abcde fgh23"));
    CPPUNIT_ASSERT_EQUAL(std::string("abcdefgh23"),
                         NormalizeRecoveryCode("abcdefgh23"));
  }

  void testLookAlikeCharactersAreRefused() {
    for (const char* code : {"abcde-fgh20", "abcde-fgh2o", "abcde-fgh21",
                             "abcde-fgh2l", "abcde-fgh2i"}) {
      CPPUNIT_ASSERT_MESSAGE(code, NormalizeRecoveryCode(code).empty());
    }
  }

  void testWrongLengthRecoveryCodeIsInvalid() {
    CPPUNIT_ASSERT(ParseCodeInput("abcde-fgh2").kind ==
                   CodeInput::Kind::kInvalid);
    CPPUNIT_ASSERT(ParseCodeInput("abcde-fgh234").kind ==
                   CodeInput::Kind::kInvalid);
  }

  void testEmptyIsInvalid() {
    CPPUNIT_ASSERT(ParseCodeInput("").kind == CodeInput::Kind::kInvalid);
    CPPUNIT_ASSERT(ParseCodeInput("   ").kind == CodeInput::Kind::kInvalid);
  }

  void testNewCodesHaveTheDisplayFormat() {
    std::vector<std::string> codes = NewRecoveryCodes();
    CPPUNIT_ASSERT_EQUAL(size_t{10}, codes.size());
    for (const std::string& code : codes) {
      CPPUNIT_ASSERT_EQUAL(size_t{11}, code.size());
      CPPUNIT_ASSERT_EQUAL('-', code[5]);
    }
  }

  void testNewCodesAreDistinct() {
    std::vector<std::string> codes = NewRecoveryCodes(50);
    CPPUNIT_ASSERT_EQUAL(
        size_t{50}, std::set<std::string>(codes.begin(), codes.end()).size());
  }

  void testNewCodesParseAsRecoveryCodes() {
    for (const std::string& code : NewRecoveryCodes()) {
      CPPUNIT_ASSERT_MESSAGE(
          code, ParseCodeInput(code).kind == CodeInput::Kind::kRecovery);
    }
  }

  void testHashIsSha256OfCanonicalForm() {
    CPPUNIT_ASSERT_EQUAL(
        Sha256("abcdefgh23"),
        RecoveryCodeHash(NormalizeRecoveryCode("ABCDE-FGH23")));
    CPPUNIT_ASSERT_EQUAL(size_t{32}, RecoveryCodeHash("abcdefgh23").size());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CodesTest);

}  // namespace ap::twofa
