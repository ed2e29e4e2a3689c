#include "modules/links/create_request.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace ap::links {
namespace {

const char* kNow = "2026-06-01 12:00:00.000";

Result<CreateRequest> Parse(const std::string& json, bool admin = false) {
  return ParseCreateRequest(Json::parse(json), admin, kNow);
}

std::string ErrorOf(const std::string& json, bool admin = false) {
  return Parse(json, admin).status().error();
}

}  // namespace

class CreateRequestTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CreateRequestTest);
  CPPUNIT_TEST(testTargetAlone);
  CPPUNIT_TEST(testAllFields);
  CPPUNIT_TEST(testNullsMeanAbsent);
  CPPUNIT_TEST(testTargetIsRequiredAndChecked);
  CPPUNIT_TEST(testUnknownFieldIsRefused);
  CPPUNIT_TEST(testAliasNeedsAdmin);
  CPPUNIT_TEST(testAliasIsChecked);
  CPPUNIT_TEST(testExpiryMustBeUtcAndFuture);
  CPPUNIT_TEST(testMaxVisitsMustBePositiveWhole);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testTargetAlone() {
    Result<CreateRequest> r = Parse(R"({"target": "/plans/17"})");
    CPPUNIT_ASSERT(r.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("/plans/17"), r->target);
    CPPUNIT_ASSERT(!r->alias && !r->expires_at && !r->max_visits);
  }

  void testAllFields() {
    Result<CreateRequest> r = Parse(
        R"({"target": "/plans?status=open", "alias": "safety-week",
            "expires_at": "2026-12-31T23:59:59.5Z", "max_visits": 3})",
        true);
    CPPUNIT_ASSERT(r.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("safety-week"), *r->alias);
    CPPUNIT_ASSERT_EQUAL(std::string("2026-12-31 23:59:59.500"),
                         *r->expires_at);
    CPPUNIT_ASSERT_EQUAL(int64_t{3}, *r->max_visits);
  }

  void testNullsMeanAbsent() {
    Result<CreateRequest> r = Parse(
        R"({"target": "/", "alias": null, "expires_at": null,
            "max_visits": null})");
    CPPUNIT_ASSERT(r.ok());
    CPPUNIT_ASSERT(!r->alias && !r->expires_at && !r->max_visits);
  }

  void testTargetIsRequiredAndChecked() {
    CPPUNIT_ASSERT_EQUAL(std::string("missing_field"), ErrorOf("{}"));
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_target"),
                         ErrorOf(R"({"target": 17})"));
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_target"),
                         ErrorOf(R"({"target": "//evil.example"})"));
  }

  void testUnknownFieldIsRefused() {
    CPPUNIT_ASSERT_EQUAL(std::string("unknown_field"),
                         ErrorOf(R"({"target": "/", "tenant_id": 2})"));
  }

  void testAliasNeedsAdmin() {
    Result<CreateRequest> r =
        Parse(R"({"target": "/", "alias": "safety-week"})", false);
    CPPUNIT_ASSERT(r.status().code() == Code::kForbidden);
  }

  void testAliasIsChecked() {
    CPPUNIT_ASSERT_EQUAL(std::string("reserved_alias"),
                         ErrorOf(R"({"target": "/", "alias": "api"})", true));
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_alias"),
                         ErrorOf(R"({"target": "/", "alias": "A b"})", true));
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_alias"),
                         ErrorOf(R"({"target": "/", "alias": 5})", true));
  }

  void testExpiryMustBeUtcAndFuture() {
    for (const char* bad :
         {R"("2026-12-31")", R"("2026-12-31T23:59:59")",
          R"("2026-12-31T23:59:59+02:00")", R"("2026-02-30T10:00:00Z")",
          R"("2026-06-01T11:59:59Z")", R"("2026-06-01T12:00:00Z")",
          R"(1767225599)", R"("tomorrow")"}) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(
          bad, std::string("invalid_expires_at"),
          ErrorOf(std::string(R"({"target": "/", "expires_at": )") + bad +
                  "}"));
    }
    CPPUNIT_ASSERT(
        Parse(R"({"target": "/", "expires_at": "2026-06-01T12:00:01+00:00"})")
            .ok());
  }

  void testMaxVisitsMustBePositiveWhole() {
    for (const char* bad : {"0", "-1", "1.5", "\"3\"", "true", "1000000001",
                            "18446744073709551615"}) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(
          bad, std::string("invalid_max_visits"),
          ErrorOf(std::string(R"({"target": "/", "max_visits": )") + bad +
                  "}"));
    }
    CPPUNIT_ASSERT(Parse(R"({"target": "/", "max_visits": 1000000000})").ok());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CreateRequestTest);

}  // namespace ap::links
