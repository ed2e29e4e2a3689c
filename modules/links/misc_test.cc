// Small pieces of the links module: timestamps, paging, short URLs and
// the resolver's fixed answers.
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "common/config/config.h"
#include "modules/links/page.h"
#include "modules/links/resolve_handler.h"
#include "modules/links/short_url.h"
#include "modules/links/timestamp.h"

namespace ap::links {

class LinksMiscTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LinksMiscTest);
  CPPUNIT_TEST(testTimestampsRoundTrip);
  CPPUNIT_TEST(testDbNowHasTheDbForm);
  CPPUNIT_TEST(testPageDefaultsAndBounds);
  CPPUNIT_TEST(testBaseUrlDefaultsToPublicUrl);
  CPPUNIT_TEST(testBaseUrlMustBeSchemeAndHost);
  CPPUNIT_TEST(testLoginRedirectCarriesTheCode);
  CPPUNIT_TEST(testNotFoundPageIsHtml);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testTimestampsRoundTrip() {
    CPPUNIT_ASSERT_EQUAL(std::string("2024-02-29 00:00:00.000"),
                         *ParseUtcTimestamp("2024-02-29T00:00:00Z"));
    CPPUNIT_ASSERT_EQUAL(std::string("2026-01-02 03:04:05.123"),
                         *ParseUtcTimestamp("2026-01-02T03:04:05.123456Z"));
    CPPUNIT_ASSERT(!ParseUtcTimestamp("2023-02-29T00:00:00Z"));
    CPPUNIT_ASSERT(!ParseUtcTimestamp("2026-01-02T24:00:00Z"));
    CPPUNIT_ASSERT(!ParseUtcTimestamp("2026-01-02T03:04:05.Z"));
    CPPUNIT_ASSERT(!ParseUtcTimestamp("2026-01-02T03:04:05Zjunk"));
    CPPUNIT_ASSERT_EQUAL(std::string("2026-01-02T03:04:05.123Z"),
                         IsoFromDb("2026-01-02 03:04:05.123"));
    CPPUNIT_ASSERT_EQUAL(std::string("2026-01-02T03:04:05.123Z"),
                         IsoFromDb("2026-01-02 03:04:05.123456"));
    CPPUNIT_ASSERT_EQUAL(std::string("2026-01-02T03:04:05.000Z"),
                         IsoFromDb("2026-01-02 03:04:05"));
  }

  void testDbNowHasTheDbForm() {
    std::string now = DbNow();
    CPPUNIT_ASSERT_EQUAL(size_t{23}, now.size());
    CPPUNIT_ASSERT(ParseUtcTimestamp(IsoFromDb(now)).has_value());
  }

  void testPageDefaultsAndBounds() {
    Result<Page> page = ParsePage("", "");
    CPPUNIT_ASSERT(page.ok());
    CPPUNIT_ASSERT_EQUAL(kDefaultPageSize, page->limit);
    CPPUNIT_ASSERT_EQUAL(int64_t{0}, page->before_id);
    CPPUNIT_ASSERT_EQUAL(int64_t{42}, ParsePage("100", "42")->before_id);
    for (const char* limit : {"0", "101", "-1", "1x", "01"}) {
      CPPUNIT_ASSERT_EQUAL(std::string("invalid_limit"),
                           ParsePage(limit, "").status().error());
    }
    for (const char* cursor : {"0", "abc", "-5", "99999999999999999999"}) {
      CPPUNIT_ASSERT_EQUAL(std::string("invalid_cursor"),
                           ParsePage("", cursor).status().error());
    }
  }

  void testBaseUrlDefaultsToPublicUrl() {
    Config config;
    config.Set("public_url", "https://ap.example/");
    CPPUNIT_ASSERT_EQUAL(std::string("https://ap.example"),
                         ShortLinkBase(config));
    config.Set("links.base_url", "https://go.example");
    CPPUNIT_ASSERT_EQUAL(std::string("https://go.example/s/abc"),
                         ShortUrl(ShortLinkBase(config), "abc"));
  }

  void testBaseUrlMustBeSchemeAndHost() {
    CPPUNIT_ASSERT(ValidateBaseUrl("https://go.example").ok());
    CPPUNIT_ASSERT(ValidateBaseUrl("https://127.0.0.1:8443").ok());
    CPPUNIT_ASSERT(ValidateBaseUrl("http://localhost:8080").ok());
    for (const char* bad : {"", "go.example", "http://go.example", "https://",
                            "https://go.example/x", "https://u@go.example",
                            "https://go.example?x", "javascript:alert(1)"}) {
      CPPUNIT_ASSERT_MESSAGE(bad, !ValidateBaseUrl(bad).ok());
    }
  }

  void testLoginRedirectCarriesTheCode() {
    CPPUNIT_ASSERT_EQUAL(std::string("/login.html?next=%2Fs%2FabcDEF2345"),
                         LoginRedirectLocation("abcDEF2345"));
  }

  void testNotFoundPageIsHtml() {
    Response page = NotFoundPage();
    CPPUNIT_ASSERT_EQUAL(404, page.status);
    CPPUNIT_ASSERT_EQUAL(std::string("text/html; charset=utf-8"),
                         page.Header("Content-Type"));
    CPPUNIT_ASSERT(page.body.find("<title>Link not found") !=
                   std::string::npos);
    CPPUNIT_ASSERT_EQUAL(page.body, NotFoundPage().body);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LinksMiscTest);

}  // namespace ap::links
