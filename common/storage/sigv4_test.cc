#include "common/storage/sigv4.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace ap {
namespace {

// The credentials, bucket and date of AWS's published S3 SigV4 examples
// ("Signature Calculations for the Authorization Header" and "Authenticating
// Requests: Using Query Parameters").
const SigV4Credentials kExample{"AKIAIOSFODNN7EXAMPLE",
                                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                "us-east-1", "s3"};
constexpr int64_t k20130524 = 1369353600;  // 2013-05-24T00:00:00Z
const std::string kHost = "examplebucket.s3.amazonaws.com";
const std::string kEmpty(kSigV4EmptyPayloadHash);

SigV4Request ExampleGet(std::string path, SigV4Params query) {
  return SigV4Request{"GET",
                      std::move(path),
                      std::move(query),
                      {{"Host", kHost},
                       {"x-amz-content-sha256", kEmpty},
                       {"x-amz-date", "20130524T000000Z"}},
                      kEmpty};
}

std::string Expected(std::string_view signed_headers,
                     std::string_view signature) {
  return "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/"
         "us-east-1/s3/aws4_request, SignedHeaders=" +
         std::string(signed_headers) + ", Signature=" + std::string(signature);
}

}  // namespace

class SigV4Test : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SigV4Test);
  CPPUNIT_TEST(testAmzDate);
  CPPUNIT_TEST(testUriEncodeKeepsOnlyUnreserved);
  CPPUNIT_TEST(testUriEncodeKeepsSlashOnlyWhenAsked);
  CPPUNIT_TEST(testUriEncodeUtf8BytesUpperHex);
  CPPUNIT_TEST(testCanonicalQuerySortsEncodedNames);
  CPPUNIT_TEST(testCanonicalQueryKeepsEmptyValue);
  CPPUNIT_TEST(testAwsExampleGetObjectCanonicalRequest);
  CPPUNIT_TEST(testAwsExampleGetObject);
  CPPUNIT_TEST(testAwsExamplePutObject);
  CPPUNIT_TEST(testAwsExampleGetBucketLifecycle);
  CPPUNIT_TEST(testAwsExampleListObjects);
  CPPUNIT_TEST(testHeaderNamesAndSpacesAreCanonicalised);
  CPPUNIT_TEST(testAwsExamplePresignedGet);
  CPPUNIT_TEST(testPresignKeepsExtraQueryInSignature);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testAmzDate() {
    CPPUNIT_ASSERT_EQUAL(std::string("20130524T000000Z"),
                         SigV4AmzDate(k20130524));
    CPPUNIT_ASSERT_EQUAL(std::string("20240229T235959Z"),
                         SigV4AmzDate(1709251199));
  }

  void testUriEncodeKeepsOnlyUnreserved() {
    CPPUNIT_ASSERT_EQUAL(std::string("AZaz09-_.~"),
                         SigV4UriEncode("AZaz09-_.~", false));
    CPPUNIT_ASSERT_EQUAL(std::string("a%20b%2Bc%3D%26%25%24%21%2A%27%28%29"),
                         SigV4UriEncode("a b+c=&%$!*'()", false));
  }

  void testUriEncodeKeepsSlashOnlyWhenAsked() {
    CPPUNIT_ASSERT_EQUAL(std::string("a/b"), SigV4UriEncode("a/b", true));
    CPPUNIT_ASSERT_EQUAL(std::string("a%2Fb"), SigV4UriEncode("a/b", false));
    CPPUNIT_ASSERT_EQUAL(std::string("/t/%3F%23x"),
                         SigV4UriEncode("/t/?#x", true));
  }

  void testUriEncodeUtf8BytesUpperHex() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("%C3%A9t%C3%A9%0A%00"),
        SigV4UriEncode(std::string("\xC3\xA9t\xC3\xA9\n\0", 7), true));
  }

  void testCanonicalQuerySortsEncodedNames() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("X-Amz-Date=1&continuation-token=a%2Fb%3D&list-type=2&"
                    "prefix=p%20q"),
        SigV4CanonicalQuery({{"prefix", "p q"},
                             {"list-type", "2"},
                             {"continuation-token", "a/b="},
                             {"X-Amz-Date", "1"}}));
  }

  void testCanonicalQueryKeepsEmptyValue() {
    CPPUNIT_ASSERT_EQUAL(std::string("uploads="),
                         SigV4CanonicalQuery({{"uploads", ""}}));
    CPPUNIT_ASSERT_EQUAL(std::string(), SigV4CanonicalQuery({}));
  }

  void testAwsExampleGetObjectCanonicalRequest() {
    SigV4Request request = ExampleGet("/test.txt", {});
    request.headers.emplace_back("Range", "bytes=0-9");
    CPPUNIT_ASSERT_EQUAL(
        std::string("GET\n/test.txt\n\n"
                    "host:examplebucket.s3.amazonaws.com\n"
                    "range:bytes=0-9\n"
                    "x-amz-content-sha256:" +
                    kEmpty +
                    "\n"
                    "x-amz-date:20130524T000000Z\n\n"
                    "host;range;x-amz-content-sha256;x-amz-date\n" +
                    kEmpty),
        SigV4CanonicalRequest(request));
  }

  void testAwsExampleGetObject() {
    SigV4Request request = ExampleGet("/test.txt", {});
    request.headers.emplace_back("Range", "bytes=0-9");
    CPPUNIT_ASSERT_EQUAL(
        Expected(
            "host;range;x-amz-content-sha256;x-amz-date",
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
        SigV4Authorization(kExample, request, "20130524T000000Z"));
  }

  void testAwsExamplePutObject() {
    const std::string body_hash =
        "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
    SigV4Request request{"PUT",
                         "/" + SigV4UriEncode("test$file.text", true),
                         {},
                         {{"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                          {"Host", kHost},
                          {"x-amz-date", "20130524T000000Z"},
                          {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
                          {"x-amz-content-sha256", body_hash}},
                         body_hash};
    CPPUNIT_ASSERT_EQUAL(
        Expected(
            "date;host;x-amz-content-sha256;x-amz-date;"
            "x-amz-storage-class",
            "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"),
        SigV4Authorization(kExample, request, "20130524T000000Z"));
  }

  void testAwsExampleGetBucketLifecycle() {
    CPPUNIT_ASSERT_EQUAL(
        Expected(
            "host;x-amz-content-sha256;x-amz-date",
            "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"),
        SigV4Authorization(kExample, ExampleGet("/", {{"lifecycle", ""}}),
                           "20130524T000000Z"));
  }

  void testAwsExampleListObjects() {
    CPPUNIT_ASSERT_EQUAL(
        Expected(
            "host;x-amz-content-sha256;x-amz-date",
            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"),
        SigV4Authorization(
            kExample, ExampleGet("/", {{"prefix", "J"}, {"max-keys", "2"}}),
            "20130524T000000Z"));
  }

  void testHeaderNamesAndSpacesAreCanonicalised() {
    SigV4Request request = ExampleGet("/", {});
    request.headers = {{"X-Amz-Meta-B", "  two   words "},
                       {"host", "h"},
                       {"x-amz-meta-a", "1"},
                       {"X-AMZ-META-A", "2"}};
    CPPUNIT_ASSERT_EQUAL(std::string("GET\n/\n\nhost:h\nx-amz-meta-a:1,2\n"
                                     "x-amz-meta-b:two words\n\n"
                                     "host;x-amz-meta-a;x-amz-meta-b\n" +
                                     kEmpty),
                         SigV4CanonicalRequest(request));
  }

  void testAwsExamplePresignedGet() {
    SigV4Request request{"GET", "/test.txt", {}, {{"host", kHost}}, ""};
    CPPUNIT_ASSERT_EQUAL(
        std::string(
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
            "AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&"
            "X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&"
            "X-Amz-SignedHeaders=host&X-Amz-Signature="
            "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"),
        SigV4PresignedQuery(kExample, request, k20130524, 86400));
  }

  void testPresignKeepsExtraQueryInSignature() {
    SigV4Request plain{"GET", "/test.txt", {}, {{"host", kHost}}, ""};
    SigV4Request with_disposition = plain;
    with_disposition.query = {{"response-content-disposition", "attachment"}};
    auto signature = [](const std::string& query) {
      return query.substr(query.rfind('=') + 1);
    };
    std::string query =
        SigV4PresignedQuery(kExample, with_disposition, k20130524, 60);
    CPPUNIT_ASSERT(query.find("&response-content-disposition=attachment&") !=
                   std::string::npos);
    CPPUNIT_ASSERT(signature(query) != signature(SigV4PresignedQuery(
                                           kExample, plain, k20130524, 60)));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SigV4Test);

}  // namespace ap
