#include "modules/apctl/command_line.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

namespace ap::apctl {

class CommandLineTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CommandLineTest);
  CPPUNIT_TEST(testParsesOptionsFlagsAndWords);
  CPPUNIT_TEST(testRefusesUnknownOption);
  CPPUNIT_TEST(testRefusesMissingValue);
  CPPUNIT_TEST(testRefusesRepeatedOption);
  CPPUNIT_TEST(testRefusesWrongArgumentCount);
  CPPUNIT_TEST(testRefusesUnknownCommandAndAction);
  CPPUNIT_TEST(testUsageNamesEveryCommand);
  CPPUNIT_TEST_SUITE_END();

  // The message of the refusal, "" when the line parses.
  static std::string Refusal(const std::vector<std::string>& argv,
                             Args* args = nullptr) {
    Args local;
    const CommandSpec* spec = nullptr;
    Status s = ParseCommandLine(argv, args != nullptr ? args : &local, &spec);
    return s.ok() ? "" : s.message();
  }

 public:
  void testParsesOptionsFlagsAndWords() {
    Args args;
    CPPUNIT_ASSERT_EQUAL(std::string(""),
                         Refusal({"backup", "restore", "20261204", "--force",
                                  "--tenant", "acme"},
                                 &args));
    CPPUNIT_ASSERT_EQUAL(size_t{3}, args.words.size());
    CPPUNIT_ASSERT(args.Flag("force"));
    CPPUNIT_ASSERT_EQUAL(std::string("acme"), args.Option("tenant"));
    CPPUNIT_ASSERT_EQUAL(std::string(""),
                         Refusal({"audit", "--limit", "-5"}, &args));
  }

  void testRefusesUnknownOption() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("unknown option --rol for 'user create'"),
        Refusal({"user", "create", "--login", "jan", "--rol", "admin"}));
    CPPUNIT_ASSERT(!Refusal({"tenant", "list", "--bogus", "1"}).empty());
    CPPUNIT_ASSERT(!Refusal({"migrate", "--force"}).empty());
    CPPUNIT_ASSERT(!Refusal({"user", "create", "--name=Jan"}).empty());
  }

  void testRefusesMissingValue() {
    CPPUNIT_ASSERT_EQUAL(std::string("--email needs a value"),
                         Refusal({"user", "create", "--email"}));
    CPPUNIT_ASSERT_EQUAL(
        std::string("--login needs a value"),
        Refusal({"user", "create", "--login", "--email", "a@b.example"}));
  }

  void testRefusesRepeatedOption() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("--role is given twice"),
        Refusal({"user", "create", "--role", "admin", "--role", "member"}));
  }

  void testRefusesWrongArgumentCount() {
    CPPUNIT_ASSERT(!Refusal({"user", "passwd"}).empty());
    CPPUNIT_ASSERT(!Refusal({"user", "passwd", "a", "b"}).empty());
    CPPUNIT_ASSERT(!Refusal({"tenant", "create", "--name", "X"}).empty());
    CPPUNIT_ASSERT_EQUAL(std::string(""), Refusal({"backup", "verify"}));
  }

  void testRefusesUnknownCommandAndAction() {
    CPPUNIT_ASSERT(!Refusal({}).empty());
    CPPUNIT_ASSERT(!Refusal({"frobnicate"}).empty());
    CPPUNIT_ASSERT(!Refusal({"user"}).empty());
    CPPUNIT_ASSERT(!Refusal({"user", "delete", "jan"}).empty());
  }

  void testUsageNamesEveryCommand() {
    std::string usage = UsageText();
    for (const CommandSpec& spec : Commands()) {
      CPPUNIT_ASSERT(usage.find(spec.usage) != std::string::npos);
    }
    CPPUNIT_ASSERT(usage.find("user reset-2fa LOGIN") != std::string::npos);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CommandLineTest);

}  // namespace ap::apctl
