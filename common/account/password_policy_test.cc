#include "common/account/password_policy.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/config/config.h"

namespace ap {
namespace {

const CommonPasswords& Common() {
  static const CommonPasswords list = CommonPasswords::FromText(
      "# comment\npassword\nP@ssw0rd\n\nzaq1@wsx\r\n");
  return list;
}

std::vector<std::string> Contract(const std::string& password) {
  return PasswordProblems(password, {"jan.kowalski", "jan@example.pl"},
                          PasswordPolicy(), Common());
}

std::vector<std::string> Nist(const std::string& password, bool enforce_2fa) {
  return PasswordProblems(password, {"jan.kowalski", "jan@example.pl"},
                          PasswordPolicy::FromTenant("nist", enforce_2fa),
                          Common());
}

bool Has(const std::vector<std::string>& problems, const std::string& rule) {
  return std::find(problems.begin(), problems.end(), rule) != problems.end();
}

}  // namespace

class PasswordPolicyTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PasswordPolicyTest);
  CPPUNIT_TEST(testGoodContractPasswordPasses);
  CPPUNIT_TEST(testEachContractRuleIsNamed);
  CPPUNIT_TEST(testLengthCountsCharactersNotBytes);
  CPPUNIT_TEST(testLoginAndEmailIgnoreCase);
  CPPUNIT_TEST(testCommonListIgnoresCase);
  CPPUNIT_TEST(testNistNeedsFifteenOrEightWith2fa);
  CPPUNIT_TEST(testNistHasNoCompositionRules);
  CPPUNIT_TEST(testPolicyDescription);
  CPPUNIT_TEST(testShippedListLoadsAndIsLarge);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testGoodContractPasswordPasses() {
    CPPUNIT_ASSERT(Contract("Correct-Horse7").empty());
  }

  void testEachContractRuleIsNamed() {
    CPPUNIT_ASSERT(Has(Contract("Ab1!"), "min_length"));
    CPPUNIT_ASSERT(Has(Contract("Ab1!" + std::string(125, 'x')), "max_length"));
    CPPUNIT_ASSERT(Has(Contract("abcdef1!"), "uppercase"));
    CPPUNIT_ASSERT(Has(Contract("ABCDEF1!"), "lowercase"));
    CPPUNIT_ASSERT(Has(Contract("Abcdefg!"), "digit"));
    CPPUNIT_ASSERT(Has(Contract("Abcdefg1"), "special"));
    CPPUNIT_ASSERT_EQUAL(size_t{1}, Contract("Abcdefg1").size());
  }

  void testLengthCountsCharactersNotBytes() {
    // 8 characters, 12 bytes: long enough; 128 Polish letters are not too
    // long although they take 256 bytes.
    CPPUNIT_ASSERT(!Has(Contract("Zażółć1!"), "min_length"));
    std::string ok = "A1!";
    for (int i = 0; i < 125; ++i) ok += "ż";
    CPPUNIT_ASSERT(!Has(Contract(ok), "max_length"));
    CPPUNIT_ASSERT(Has(Contract(ok + "ż"), "max_length"));
  }

  void testLoginAndEmailIgnoreCase() {
    std::vector<std::string> login = PasswordProblems(
        "Jan.Kowalski1!", {"jan.kowalski1!", ""}, PasswordPolicy(), Common());
    CPPUNIT_ASSERT(Has(login, "not_login"));
    std::vector<std::string> email = PasswordProblems(
        "JAN1@example.pl", {"", "jan1@EXAMPLE.pl"}, PasswordPolicy(), Common());
    CPPUNIT_ASSERT(Has(email, "not_email"));
  }

  void testCommonListIgnoresCase() {
    CPPUNIT_ASSERT(Has(Contract("p@SSW0RD"), "common"));
    CPPUNIT_ASSERT(Has(Contract("ZAQ1@wsx"), "common"));
    CPPUNIT_ASSERT(!Has(Contract("Correct-Horse7"), "common"));
    CPPUNIT_ASSERT(Has(Nist("password", false), "common"));
  }

  void testNistNeedsFifteenOrEightWith2fa() {
    CPPUNIT_ASSERT(Has(Nist("fourteen chars", false), "min_length"));
    CPPUNIT_ASSERT(Nist("fifteen chars!!", false).empty());
    CPPUNIT_ASSERT(Nist("eightchr", true).empty());
    CPPUNIT_ASSERT(Has(Nist("seven c", true), "min_length"));
  }

  void testNistHasNoCompositionRules() {
    std::vector<std::string> p = Nist("all lower case words", false);
    CPPUNIT_ASSERT(p.empty());
  }

  void testPolicyDescription() {
    PasswordPolicy contract;
    CPPUNIT_ASSERT_EQUAL(std::string("contract"),
                         std::string(contract.mode_name()));
    CPPUNIT_ASSERT_EQUAL(size_t{8}, contract.min_length());
    CPPUNIT_ASSERT_EQUAL(size_t{4}, contract.required_classes().size());
    PasswordPolicy nist = PasswordPolicy::FromTenant("nist", false);
    CPPUNIT_ASSERT_EQUAL(size_t{15}, nist.min_length());
    CPPUNIT_ASSERT(nist.required_classes().empty());
    CPPUNIT_ASSERT_EQUAL(size_t{128}, nist.max_length());
  }

  void testShippedListLoadsAndIsLarge() {
    Result<CommonPasswords> list = CommonPasswords::Load(
        std::string(AP_SOURCE_DIR) + "/etc/common-passwords.txt");
    CPPUNIT_ASSERT(list.ok());
    CPPUNIT_ASSERT(list->size() > 5000);
    CPPUNIT_ASSERT(list->Contains("123456"));
    CPPUNIT_ASSERT(list->Contains("Password1!"));
    CPPUNIT_ASSERT(list->Contains("Haslo123!"));
    CPPUNIT_ASSERT(!list->Contains("Test-Passw0rd!"));
    CPPUNIT_ASSERT(!CommonPasswords::Load("/nonexistent/list.txt").ok());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PasswordPolicyTest);

}  // namespace ap
