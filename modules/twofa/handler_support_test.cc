#include "modules/twofa/handler_support.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "common/http/request.h"

namespace ap::twofa {
namespace {

Request JsonRequest(const std::string& body) {
  Request r;
  r.method = "POST";
  r.content_type = "application/json";
  r.body = body;
  return r;
}

// Enable's fields: a required code and an optional password.
Result<Fields> ReadEnable(const std::string& body) {
  return ReadStringFields(JsonRequest(body), {"code"}, {"password"});
}

}  // namespace

class HandlerSupportTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(HandlerSupportTest);
  CPPUNIT_TEST(testOptionalFieldMayBeAbsent);
  CPPUNIT_TEST(testOptionalFieldIsTakenWhenSent);
  CPPUNIT_TEST(testOptionalFieldMustBeAString);
  CPPUNIT_TEST(testOptionalFieldHasTheLengthLimit);
  CPPUNIT_TEST(testRequiredFieldStaysRequired);
  CPPUNIT_TEST(testUnknownFieldIsRefused);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testOptionalFieldMayBeAbsent() {
    Result<Fields> f = ReadEnable(R"({"code": "123456"})");
    CPPUNIT_ASSERT(f.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("123456"), f->at("code"));
    CPPUNIT_ASSERT(f->count("password") == 0);
  }

  void testOptionalFieldIsTakenWhenSent() {
    Result<Fields> f = ReadEnable(R"({"code": "1", "password": "pw"})");
    CPPUNIT_ASSERT(f.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("pw"), f->at("password"));
  }

  void testOptionalFieldMustBeAString() {
    Result<Fields> f = ReadEnable(R"({"code": "1", "password": null})");
    CPPUNIT_ASSERT(!f.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("missing_field"), f.status().error());
  }

  void testOptionalFieldHasTheLengthLimit() {
    std::string body =
        R"({"code": "1", "password": ")" + std::string(1025, 'x') + "\"}";
    Result<Fields> f = ReadEnable(body);
    CPPUNIT_ASSERT(!f.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("field_too_long"), f.status().error());
  }

  void testRequiredFieldStaysRequired() {
    Result<Fields> f = ReadEnable(R"({"password": "pw"})");
    CPPUNIT_ASSERT(!f.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("missing_field"), f.status().error());
  }

  void testUnknownFieldIsRefused() {
    Result<Fields> f = ReadEnable(R"({"code": "1", "token": "x"})");
    CPPUNIT_ASSERT(!f.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("unknown_field"), f.status().error());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HandlerSupportTest);

}  // namespace ap::twofa
