#include "common/http/query_number.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace ap {

class QueryNumberTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(QueryNumberTest);
  CPPUNIT_TEST(testAbsentKeepsDefault);
  CPPUNIT_TEST(testReadsNumberInRange);
  CPPUNIT_TEST(testRefusesMalformedAndOutOfRange);
  CPPUNIT_TEST_SUITE_END();

  // The status for "?limit=<text>", limit 1-500, default 50 in *value.
  static Status Read(const std::string& query, int64_t* value) {
    Request req;
    req.query = ParseQueryString(query);
    *value = 50;
    return ReadQueryNumber(req, "limit", 500, "invalid_limit", "bad", value);
  }

 public:
  void testAbsentKeepsDefault() {
    int64_t value = 0;
    CPPUNIT_ASSERT(Read("other=1", &value).ok());
    CPPUNIT_ASSERT_EQUAL(int64_t{50}, value);
  }

  void testReadsNumberInRange() {
    int64_t value = 0;
    CPPUNIT_ASSERT(Read("limit=500", &value).ok());
    CPPUNIT_ASSERT_EQUAL(int64_t{500}, value);
  }

  void testRefusesMalformedAndOutOfRange() {
    for (const char* query : {"limit=0", "limit=-1", "limit=abc", "limit=",
                              "limit=501", "limit=100000", "limit=5%20"}) {
      int64_t value = 0;
      Status s = Read(query, &value);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(query, std::string("invalid_limit"),
                                   s.error());
      CPPUNIT_ASSERT_EQUAL_MESSAGE(query, int64_t{50}, value);
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(QueryNumberTest);

}  // namespace ap
