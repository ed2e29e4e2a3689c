#include "common/crypto/uuid.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <string>

namespace ap {

class UuidTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(UuidTest);
  CPPUNIT_TEST(testNewUuidIsCanonicalLowerCase);
  CPPUNIT_TEST(testNewUuidIsVersion4Variant1);
  CPPUNIT_TEST(testNewUuidsDiffer);
  CPPUNIT_TEST(testIsUuidAcceptsAnyVersion);
  CPPUNIT_TEST(testIsUuidRejectsOtherForms);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testNewUuidIsCanonicalLowerCase() {
    std::string id = NewUuid();
    CPPUNIT_ASSERT_EQUAL(size_t{36}, id.size());
    CPPUNIT_ASSERT_MESSAGE(id, IsUuid(id));
  }

  void testNewUuidIsVersion4Variant1() {
    for (int i = 0; i < 50; ++i) {
      std::string id = NewUuid();
      CPPUNIT_ASSERT_EQUAL_MESSAGE(id, '4', id[14]);
      CPPUNIT_ASSERT_MESSAGE(
          id, std::string("89ab").find(id[19]) != std::string::npos);
    }
  }

  void testNewUuidsDiffer() {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) seen.insert(NewUuid());
    CPPUNIT_ASSERT_EQUAL(size_t{1000}, seen.size());
  }

  void testIsUuidAcceptsAnyVersion() {
    CPPUNIT_ASSERT(IsUuid("00000000-0000-0000-0000-000000000000"));
    CPPUNIT_ASSERT(IsUuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"));
    CPPUNIT_ASSERT(IsUuid("f47ac10b-58cc-4372-a567-0e02b2c3d479"));
  }

  void testIsUuidRejectsOtherForms() {
    for (const char* bad : {"", "F47AC10B-58CC-4372-A567-0E02B2C3D479",
                            "f47ac10b58cc4372a5670e02b2c3d479",
                            "{f47ac10b-58cc-4372-a567-0e02b2c3d479}",
                            "f47ac10b-58cc-4372-a567-0e02b2c3d47",
                            "f47ac10b-58cc-4372-a567-0e02b2c3d4790",
                            "f47ac10b-58cc-4372-a567_0e02b2c3d479",
                            "g47ac10b-58cc-4372-a567-0e02b2c3d479",
                            "f47ac10b-58cc-4372-a567-0e02b2c3d47 "}) {
      CPPUNIT_ASSERT_MESSAGE(bad, !IsUuid(bad));
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(UuidTest);

}  // namespace ap
