#include "common/config/config.h"

#include <cppunit/extensions/HelperMacros.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace ap {
namespace {

// A configuration file in the temporary folder, removed at the end.
class TempConfigFile {
 public:
  explicit TempConfigFile(const std::string& text) {
    char name[] = "/tmp/ap-config-test-XXXXXX";
    int fd = mkstemp(name);
    CPPUNIT_ASSERT(fd >= 0);
    close(fd);
    path_ = name;
    std::ofstream(path_) << text;
  }

  ~TempConfigFile() { unlink(path_.c_str()); }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Sets an environment variable for one test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    setenv(name, value, 1);
  }

  ~ScopedEnv() { unsetenv(name_); }

 private:
  const char* name_;
};

}  // namespace

class ConfigTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ConfigTest);
  CPPUNIT_TEST(testFileValuesAreRead);
  CPPUNIT_TEST(testEnvironmentOverridesLoadedFile);
  CPPUNIT_TEST(testParsedTextIgnoresEnvironment);
  CPPUNIT_TEST(testMalformedLineNamesItsPlace);
  CPPUNIT_TEST(testNumbersAndBooleans);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testFileValuesAreRead() {
    TempConfigFile file("# comment\n test.greeting = hello there \n");
    Result<Config> config = Config::Load(file.path());
    CPPUNIT_ASSERT(config.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("hello there"),
                         config->GetString("test.greeting"));
    CPPUNIT_ASSERT(!config->Has("test.missing"));
  }

  void testEnvironmentOverridesLoadedFile() {
    TempConfigFile file("db.port = 3306\n");
    ScopedEnv env("AP_DB_PORT", "3307");
    Result<Config> config = Config::Load(file.path());
    CPPUNIT_ASSERT(config.ok());
    CPPUNIT_ASSERT_EQUAL(int64_t{3307}, config->GetInt("db.port", 0));
  }

  // Regression: unit tests built their configuration from text, yet an
  // AP_<KEY> variable exported in the shell changed what they read.
  void testParsedTextIgnoresEnvironment() {
    ScopedEnv env("AP_DB_PORT", "3307");
    Result<Config> config = Config::Parse("db.port = 3306\n", "test");
    CPPUNIT_ASSERT(config.ok());
    CPPUNIT_ASSERT_EQUAL(int64_t{3306}, config->GetInt("db.port", 0));
    Config empty;
    CPPUNIT_ASSERT(!empty.Has("db.port"));
  }

  void testMalformedLineNamesItsPlace() {
    Result<Config> config = Config::Parse("a = 1\nno equals sign\n", "f.conf");
    CPPUNIT_ASSERT(!config.ok());
    CPPUNIT_ASSERT(config.status().message().find("f.conf:2") !=
                   std::string::npos);
  }

  void testNumbersAndBooleans() {
    Config config;
    config.Set("n", "12");
    config.Set("bad", "12x");
    config.Set("on", "yes");
    CPPUNIT_ASSERT_EQUAL(int64_t{12}, config.GetInt("n", 0));
    CPPUNIT_ASSERT_EQUAL(int64_t{5}, config.GetInt("bad", 5));
    CPPUNIT_ASSERT(config.GetBool("on", false));
    CPPUNIT_ASSERT(!config.GetBool("missing", false));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConfigTest);

}  // namespace ap
