#include "common/storage/s3_client.h"

#include <cppunit/extensions/HelperMacros.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace ap {
namespace {

constexpr int64_t k20130524 = 1369353600;  // 2013-05-24T00:00:00Z

S3Settings Local(std::string endpoint = "http://127.0.0.1:9000") {
  S3Settings settings;
  settings.endpoint = std::move(endpoint);
  settings.region = "us-east-1";
  settings.bucket = "ap-attachments";
  settings.access_key = "AKIAIOSFODNN7EXAMPLE";
  settings.secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  return settings;
}

// The URL part before the X-Amz-* query.
std::string Base(const Result<std::string>& url) {
  CPPUNIT_ASSERT_MESSAGE(url.status().message(), url.ok());
  return url->substr(0, url->find('?'));
}

// A complete configuration, less the key named `omit`.
std::string SettingsText(std::string_view omit = "",
                         std::string_view prefix = "s3") {
  std::string text;
  for (const char* line :
       {"endpoint = https://s3.eu-west-1.amazonaws.com", "region = eu-west-1",
        "bucket = b", "access_key = ak", "secret_key = sk",
        "timeout_seconds = 30"}) {
    if (omit.empty() || !std::string_view(line).starts_with(omit)) {
      text += std::string(prefix) + "." + line + "\n";
    }
  }
  return text;
}

Result<S3Settings> FromText(const std::string& text,
                            std::string_view prefix = "s3") {
  Result<Config> config = Config::Parse(text, "test.conf");
  CPPUNIT_ASSERT_MESSAGE(config.status().message(), config.ok());
  return S3SettingsFromConfig(*config, prefix);
}

}  // namespace

class S3ClientTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(S3ClientTest);
  CPPUNIT_TEST(testPresignMatchesAwsExample);
  CPPUNIT_TEST(testPresignUsesPathStyle);
  CPPUNIT_TEST(testPresignEncodesKeySegments);
  CPPUNIT_TEST(testPresignDropsDefaultPortAndKeepsBasePath);
  CPPUNIT_TEST(testPresignClampsExpiry);
  CPPUNIT_TEST(testPresignEncodesResponseOverrides);
  CPPUNIT_TEST(testRejectsDotSegmentKeys);
  CPPUNIT_TEST(testRejectsEmptyAndOverlongKeys);
  CPPUNIT_TEST(testBadEndpointFailsEveryCall);
  CPPUNIT_TEST(testUnreachableStoreIsUnavailable);
  CPPUNIT_TEST(testPutFileRejectsMalformedHash);
  CPPUNIT_TEST(testPutFileRejectsMissingFile);
  CPPUNIT_TEST(testSettingsFromConfig);
  CPPUNIT_TEST(testSettingsFromConfigNamesMissingKey);
  CPPUNIT_TEST(testSettingsFromConfigUsesPrefix);
  CPPUNIT_TEST(testSettingsFromConfigRejectsBadValues);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testPresignMatchesAwsExample() {
    S3Settings settings = Local("https://s3.amazonaws.com");
    settings.bucket = "examplebucket";
    settings.virtual_host = true;
    CPPUNIT_ASSERT_EQUAL(
        std::string(
            "https://examplebucket.s3.amazonaws.com/test.txt"
            "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
            "AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&"
            "X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&"
            "X-Amz-SignedHeaders=host&X-Amz-Signature="
            "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"),
        *S3Client(settings).PresignGet("test.txt", 86400, k20130524));
  }

  void testPresignUsesPathStyle() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("http://127.0.0.1:9000/ap-attachments/t1/f.txt"),
        Base(S3Client(Local()).PresignGet("t1/f.txt", 60, k20130524)));
  }

  void testPresignEncodesKeySegments() {
    CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:9000/ap-attachments/"
                                     "d%20e/%C3%BC%2Bx%3Fy%23z%25/%257E~"),
                         Base(S3Client(Local()).PresignGet(
                             "d e/\xC3\xBC+x?y#z%/%7E~", 60, k20130524)));
  }

  void testPresignDropsDefaultPortAndKeepsBasePath() {
    CPPUNIT_ASSERT_EQUAL(std::string("https://s3.example.com/ap-attachments/k"),
                         Base(S3Client(Local("HTTPS://S3.Example.com:443/"))
                                  .PresignGet("k", 60, k20130524)));
    CPPUNIT_ASSERT_EQUAL(
        std::string("http://gw.example.com:8080/store/ap-attachments/k"),
        Base(S3Client(Local("http://gw.example.com:8080/store/"))
                 .PresignGet("k", 60, k20130524)));
  }

  void testPresignClampsExpiry() {
    S3Client client(Local());
    Result<std::string> week = client.PresignGet("k", 1 << 30, k20130524);
    Result<std::string> second = client.PresignGet("k", -5, k20130524);
    CPPUNIT_ASSERT(week->find("&X-Amz-Expires=604800&") != std::string::npos);
    CPPUNIT_ASSERT(second->find("&X-Amz-Expires=1&") != std::string::npos);
  }

  void testPresignEncodesResponseOverrides() {
    Result<std::string> url = S3Client(Local()).PresignGet(
        "k", 60, k20130524,
        {{"response-content-disposition", "attachment; filename=\"a b\""}});
    CPPUNIT_ASSERT(url.ok());
    CPPUNIT_ASSERT(url->find("&response-content-disposition=attachment%3B%20"
                             "filename%3D%22a%20b%22&") != std::string::npos);
  }

  void testRejectsDotSegmentKeys() {
    S3Client client(Local());
    for (const char* key : {"..", "a/../b", ".", "a/./b", "a/.."}) {
      CPPUNIT_ASSERT_MESSAGE(key, !client.PresignGet(key, 60, 0).ok());
      CPPUNIT_ASSERT_MESSAGE(key, client.Delete(key).code() == Code::kInternal);
    }
    CPPUNIT_ASSERT(client.PresignGet("a/..b/.c", 60, 0).ok());
  }

  void testRejectsEmptyAndOverlongKeys() {
    S3Client client(Local());
    CPPUNIT_ASSERT(!client.PresignGet("", 60, 0).ok());
    CPPUNIT_ASSERT(!client.PresignGet(std::string(1025, 'k'), 60, 0).ok());
    CPPUNIT_ASSERT(client.PresignGet(std::string(1024, 'k'), 60, 0).ok());
  }

  void testBadEndpointFailsEveryCall() {
    for (const char* endpoint :
         {"ftp://h", "h:9000", "http://", "http://u:p@h", "http://h?x"}) {
      S3Client client(Local(endpoint));
      CPPUNIT_ASSERT_MESSAGE(endpoint, !client.PresignGet("k", 60, 0).ok());
      Status status = client.PutString("k", "body", "text/plain");
      CPPUNIT_ASSERT_MESSAGE(endpoint, status.code() == Code::kInternal);
      CPPUNIT_ASSERT(status.message().find("u:p") == std::string::npos);
    }
  }

  void testUnreachableStoreIsUnavailable() {
    // Port 1 on loopback: refused at once, no network involved.
    S3Settings settings = Local("http://127.0.0.1:1");
    settings.max_attempts = 1;
    Result<ObjectInfo> info = S3Client(settings).Head("k");
    CPPUNIT_ASSERT(info.status().code() == Code::kUnavailable);
    CPPUNIT_ASSERT_EQUAL(std::string("storage_unavailable"),
                         info.status().error());
  }

  void testPutFileRejectsMalformedHash() {
    char path[] = "/tmp/s3_client_test_XXXXXX";
    int fd = ::mkstemp(path);
    CPPUNIT_ASSERT(fd >= 0);
    ::close(fd);
    Status status =
        S3Client(Local("http://127.0.0.1:1")).PutFile("k", path, "", "abc");
    ::unlink(path);
    CPPUNIT_ASSERT(status.code() == Code::kInternal);
    CPPUNIT_ASSERT(status.message().find("SHA-256") != std::string::npos);
  }

  void testPutFileRejectsMissingFile() {
    Status status = S3Client(Local("http://127.0.0.1:1"))
                        .PutFile("k", "/nonexistent/file", "", "");
    CPPUNIT_ASSERT(status.code() == Code::kInternal);
  }

  void testSettingsFromConfig() {
    Result<S3Settings> settings = FromText(SettingsText());
    CPPUNIT_ASSERT_MESSAGE(settings.status().message(), settings.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("https://s3.eu-west-1.amazonaws.com"),
                         settings->endpoint);
    CPPUNIT_ASSERT_EQUAL(std::string("eu-west-1"), settings->region);
    CPPUNIT_ASSERT_EQUAL(std::string("b"), settings->bucket);
    CPPUNIT_ASSERT_EQUAL(std::string("ak"), settings->access_key);
    CPPUNIT_ASSERT_EQUAL(std::string("sk"), settings->secret_key);
    CPPUNIT_ASSERT_EQUAL(30, settings->timeout_seconds);
    CPPUNIT_ASSERT_EQUAL(3, settings->max_attempts);
    CPPUNIT_ASSERT(!settings->virtual_host);
  }

  void testSettingsFromConfigNamesMissingKey() {
    Result<S3Settings> settings = FromText(SettingsText("secret_key"));
    CPPUNIT_ASSERT(!settings.ok());
    CPPUNIT_ASSERT(settings.status().message().find("s3.secret_key") !=
                   std::string::npos);
  }

  void testSettingsFromConfigUsesPrefix() {
    Result<S3Settings> settings =
        FromText(SettingsText("", "backup.s3"), "backup.s3");
    CPPUNIT_ASSERT_MESSAGE(settings.status().message(), settings.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("b"), settings->bucket);
  }

  void testSettingsFromConfigRejectsBadValues() {
    CPPUNIT_ASSERT(
        !FromText(SettingsText("endpoint") + "s3.endpoint = s3.amazonaws.com\n")
             .ok());
    CPPUNIT_ASSERT(
        !FromText(SettingsText("timeout") + "s3.timeout_seconds = 0\n").ok());
    CPPUNIT_ASSERT(!FromText(SettingsText() + "s3.max_attempts = 0\n").ok());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(S3ClientTest);

}  // namespace ap
