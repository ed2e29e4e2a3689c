#include "modules/attachments/settings.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace ap::attachments {
namespace {

const std::string kS3 =
    "s3.endpoint = http://127.0.0.1:9000\ns3.region = us-east-1\n"
    "s3.bucket = b\ns3.access_key = a\ns3.secret_key = s\n";

Result<Settings> Load(const std::string& extra) {
  Result<Config> config = Config::Parse(kS3 + extra, "test");
  if (!config.ok()) return config.status();
  return SettingsFromConfig(*config);
}

}  // namespace

class SettingsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SettingsTest);
  CPPUNIT_TEST(testDefaults);
  CPPUNIT_TEST(testAllowListFromConfig);
  CPPUNIT_TEST(testBadValuesStopTheStart);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testDefaults() {
    Result<Settings> s = Load("");
    CPPUNIT_ASSERT_MESSAGE(s.status().message(), s.ok());
    CPPUNIT_ASSERT_EQUAL(int64_t{26214400}, s->limits.max_bytes);
    CPPUNIT_ASSERT(s->limits.allowed_types.count("image/png") == 1);
    CPPUNIT_ASSERT_EQUAL(std::string("/internal/s3"), s->accel_prefix);
    CPPUNIT_ASSERT_EQUAL(60, s->presign_seconds);
  }

  void testAllowListFromConfig() {
    Result<Settings> s =
        Load("attachments.allowed_types = image/png, Text/CSV\n");
    CPPUNIT_ASSERT_EQUAL(size_t{2}, s->limits.allowed_types.size());
    CPPUNIT_ASSERT(s->limits.allowed_types.count("text/csv") == 1);
  }

  void testBadValuesStopTheStart() {
    CPPUNIT_ASSERT(!Load("attachments.max_bytes = 0\n").ok());
    CPPUNIT_ASSERT(!Load("attachments.allowed_types = ,\n").ok());
    CPPUNIT_ASSERT(!Load("attachments.accel_prefix = internal/\n").ok());
    CPPUNIT_ASSERT(!Load("attachments.presign_seconds = 1\n").ok());
    CPPUNIT_ASSERT(
        !Config::Parse("s3.region = x\n", "t").ok() ||
        !SettingsFromConfig(*Config::Parse("s3.region = x\n", "t")).ok());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SettingsTest);

}  // namespace ap::attachments
