#include "modules/links/code.h"

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <set>
#include <string>

namespace ap::links {

class CodeTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CodeTest);
  CPPUNIT_TEST(testAlphabetHasNoLookAlikes);
  CPPUNIT_TEST(testCodeHasLengthAndAlphabet);
  CPPUNIT_TEST(testRejectsBytesThatWouldBias);
  CPPUNIT_TEST(testTenThousandCodesAreUniqueAndEvenlySpread);
  CPPUNIT_TEST(testCodeSyntax);
  CPPUNIT_TEST(testAcceptsReadableAliases);
  CPPUNIT_TEST(testRefusesMalformedAliases);
  CPPUNIT_TEST(testRefusesReservedAliases);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testAlphabetHasNoLookAlikes() {
    for (char c : std::string("0O1lIio")) {
      CPPUNIT_ASSERT(kCodeAlphabet.find(c) == std::string_view::npos);
    }
    std::set<char> distinct(kCodeAlphabet.begin(), kCodeAlphabet.end());
    CPPUNIT_ASSERT_EQUAL(kCodeAlphabet.size(), distinct.size());
  }

  void testCodeHasLengthAndAlphabet() {
    std::string code = NewCode();
    CPPUNIT_ASSERT(code.size() >= 8);
    CPPUNIT_ASSERT_EQUAL(kCodeLength, code.size());
    for (char c : code) {
      CPPUNIT_ASSERT(kCodeAlphabet.find(c) != std::string_view::npos);
    }
    CPPUNIT_ASSERT(IsCodeSyntax(code));
  }

  void testRejectsBytesThatWouldBias() {
    // 220..255 would favour the first 36 letters: they must be skipped.
    int calls = 0;
    RandomSource source = [&calls](size_t n) {
      ++calls;
      return calls == 1 ? std::string(n, static_cast<char>(0xff))
                        : std::string(n, static_cast<char>(56));
    };
    std::string code = NewCode(source);
    CPPUNIT_ASSERT_EQUAL(2, calls);
    // 56 % 55 == 1: the second letter of the alphabet, every time.
    CPPUNIT_ASSERT_EQUAL(std::string(kCodeLength, kCodeAlphabet[1]), code);
  }

  void testTenThousandCodesAreUniqueAndEvenlySpread() {
    constexpr int kCodes = 10000;
    std::set<std::string> codes;
    std::map<char, int> counts;
    for (int i = 0; i < kCodes; ++i) {
      std::string code = NewCode();
      codes.insert(code);
      for (char c : code) ++counts[c];
    }
    CPPUNIT_ASSERT_EQUAL(size_t{kCodes}, codes.size());
    CPPUNIT_ASSERT_EQUAL(kCodeAlphabet.size(), counts.size());

    // Chi-square over 55 letters (54 degrees of freedom: mean 54, standard
    // deviation about 10). 130 is beyond seven deviations, so a fair
    // generator essentially never fails, a biased one (a letter twice as
    // likely) fails at once.
    double expected = double(kCodes) * kCodeLength / kCodeAlphabet.size();
    double chi2 = 0;
    for (const auto& [letter, count] : counts) {
      double diff = count - expected;
      chi2 += diff * diff / expected;
      CPPUNIT_ASSERT(count > expected * 0.8 && count < expected * 1.2);
    }
    CPPUNIT_ASSERT_MESSAGE(std::to_string(chi2), chi2 < 130);
  }

  void testCodeSyntax() {
    CPPUNIT_ASSERT(IsCodeSyntax("abcDEF2345"));
    CPPUNIT_ASSERT(IsCodeSyntax("safety-week"));
    CPPUNIT_ASSERT(!IsCodeSyntax(""));
    CPPUNIT_ASSERT(!IsCodeSyntax("a/b"));
    CPPUNIT_ASSERT(!IsCodeSyntax("a b"));
    CPPUNIT_ASSERT(!IsCodeSyntax("caf\xc3\xa9"));
    CPPUNIT_ASSERT(!IsCodeSyntax(std::string(65, 'a')));
  }

  void testAcceptsReadableAliases() {
    for (const char* ok :
         {"safety-week", "q42", "abc", "line-7-audit", "2026-safety"}) {
      CPPUNIT_ASSERT_MESSAGE(ok, ValidateAlias(ok).ok());
    }
    CPPUNIT_ASSERT(ValidateAlias(std::string(64, 'a')).ok());
  }

  void testRefusesMalformedAliases() {
    for (const char* bad :
         {"ab", "Safety", "safety week", "safety_week", "-safety", "safety-",
          "caf\xc3\xa9", "a/b", "a.b"}) {
      Status s = ValidateAlias(bad);
      CPPUNIT_ASSERT_MESSAGE(bad, s.error() == "invalid_alias");
    }
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_alias"),
                         ValidateAlias(std::string(65, 'a')).error());
  }

  void testRefusesReservedAliases() {
    for (const char* word :
         {"api", "login", "admin", "static", "assets", "health", "auth",
          "plans", "new", "2fa", "links", "well-known"}) {
      Status s = ValidateAlias(word);
      CPPUNIT_ASSERT_MESSAGE(word, s.error() == "reserved_alias");
      CPPUNIT_ASSERT(s.code() == Code::kBadRequest);
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CodeTest);

}  // namespace ap::links
