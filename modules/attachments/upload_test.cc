#include "modules/attachments/upload.h"

#include <cppunit/extensions/HelperMacros.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "common/crypto/hash.h"
#include "modules/attachments/download.h"
#include "modules/attachments/sniff.h"

namespace ap::attachments {
namespace {

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + "rest";

Request MultipartRequest(const std::string& file, const std::string& name) {
  Request r;
  r.method = "POST";
  r.content_type = "multipart/form-data; boundary=BB";
  r.body =
      "--BB\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
      name + "\"\r\n\r\n" + file + "\r\n--BB--\r\n";
  return r;
}

UploadLimits Limits() {
  UploadLimits limits;
  limits.max_bytes = 100;
  limits.allowed_types = ParseTypeList(DefaultAllowedTypes());
  return limits;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

class UploadTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(UploadTest);
  CPPUNIT_TEST(testStagesMultipartFile);
  CPPUNIT_TEST(testTempFileIsRemoved);
  CPPUNIT_TEST(testStagesRawBodyWithHeaderName);
  CPPUNIT_TEST(testRawNeedsFilename);
  CPPUNIT_TEST(testEmptyFileIs400);
  CPPUNIT_TEST(testOverLimitIs413);
  CPPUNIT_TEST(testRenamedProgramIs415);
  CPPUNIT_TEST(testMissingFilePartIs400);
  CPPUNIT_TEST(testTaskIdMustBeAnId);
  CPPUNIT_TEST(testAccelRedirectKeepsSignedQuery);
  CPPUNIT_TEST(testDownloadHeaders);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testStagesMultipartFile() {
    Result<StagedUpload> u =
        StageUpload(MultipartRequest(kPng, "p%22ic.png"), Limits());
    CPPUNIT_ASSERT_MESSAGE(u.status().message(), u.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("image/png"), u->content_type);
    CPPUNIT_ASSERT_EQUAL(std::string("p\"ic.png"), u->filename);
    CPPUNIT_ASSERT_EQUAL(static_cast<int64_t>(kPng.size()), u->size);
    CPPUNIT_ASSERT_EQUAL(Sha256Hex(kPng), u->sha256);
    CPPUNIT_ASSERT(kPng == ReadFile(u->path));
  }

  void testTempFileIsRemoved() {
    std::string path;
    {
      Result<StagedUpload> u =
          StageUpload(MultipartRequest(kPng, "a.png"), Limits());
      path = u->path;
      CPPUNIT_ASSERT(::access(path.c_str(), F_OK) == 0);
    }
    CPPUNIT_ASSERT(::access(path.c_str(), F_OK) != 0);
  }

  void testStagesRawBodyWithHeaderName() {
    Request r;
    r.content_type = "application/octet-stream";
    r.headers["x-filename"] = "%C3%BCber.csv";
    r.query = ParseQueryString("task_id=12");
    r.body = "a,b\n1,2\n";
    Result<StagedUpload> u = StageUpload(r, Limits());
    CPPUNIT_ASSERT_MESSAGE(u.status().message(), u.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("text/csv"), u->content_type);
    CPPUNIT_ASSERT_EQUAL(std::string("über.csv"), u->filename);
    CPPUNIT_ASSERT_EQUAL(int64_t{12}, u->task_id.value());
    CPPUNIT_ASSERT(r.body == ReadFile(u->path));
  }

  void testRawNeedsFilename() {
    Request r;
    r.content_type = "image/png";
    r.body = kPng;
    CPPUNIT_ASSERT_EQUAL(std::string("missing_filename"),
                         StageUpload(r, Limits()).status().error());
  }

  void testEmptyFileIs400() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("empty_file"),
        StageUpload(MultipartRequest("", "a.png"), Limits()).status().error());
  }

  void testOverLimitIs413() {
    Result<StagedUpload> u =
        StageUpload(MultipartRequest(std::string(101, 'a'), "a.txt"), Limits());
    CPPUNIT_ASSERT(u.status().code() == Code::kTooLarge);
  }

  void testRenamedProgramIs415() {
    Result<StagedUpload> u =
        StageUpload(MultipartRequest("MZ\x90", "cat.png"), Limits());
    CPPUNIT_ASSERT(u.status().code() == Code::kUnsupportedType);
  }

  void testMissingFilePartIs400() {
    Request r = MultipartRequest("", "");
    r.body =
        "--BB\r\nContent-Disposition: form-data; name=\"task_id\"\r\n\r\n"
        "1\r\n--BB--\r\n";
    CPPUNIT_ASSERT_EQUAL(std::string("missing_file"),
                         StageUpload(r, Limits()).status().error());
  }

  void testTaskIdMustBeAnId() {
    CPPUNIT_ASSERT(!ParseTaskId("0").ok());
    CPPUNIT_ASSERT(!ParseTaskId("1x").ok());
    CPPUNIT_ASSERT(!ParseTaskId("-1").ok());
    CPPUNIT_ASSERT(!ParseTaskId("").value().has_value());
    CPPUNIT_ASSERT_EQUAL(int64_t{42}, ParseTaskId("42").value().value());
  }

  void testAccelRedirectKeepsSignedQuery() {
    Result<std::string> accel = AccelRedirectFor(
        "http://127.0.0.1:9000/bkt/t/u/k?X-Amz-Credential=a%2Fb&X-Amz-S=1",
        "/internal/s3");
    CPPUNIT_ASSERT_EQUAL(
        std::string("/internal/s3/http/127.0.0.1:9000/bkt/t/u/k"
                    "?X-Amz-Credential=a%2Fb&X-Amz-S=1"),
        *accel);
    CPPUNIT_ASSERT(!AccelRedirectFor("ftp://x/y", "/i").ok());
    CPPUNIT_ASSERT(!AccelRedirectFor("http://host", "/i").ok());
  }

  void testDownloadHeaders() {
    Attachment a;
    a.filename = "page.html";
    a.content_type = "text/html";
    SigV4Params overrides = ResponseOverrides(a, true);
    CPPUNIT_ASSERT_EQUAL(std::string("response-content-type"),
                         overrides[0].first);
    CPPUNIT_ASSERT_EQUAL(std::string("text/html"), overrides[0].second);
    CPPUNIT_ASSERT(overrides[1].second.rfind("attachment;", 0) == 0);
    a.content_type = "image/png";
    CPPUNIT_ASSERT(ResponseOverrides(a, true)[1].second.rfind("inline;", 0) ==
                   0);
    CPPUNIT_ASSERT(
        ResponseOverrides(a, false)[1].second.rfind("attachment;", 0) == 0);
    Response r = DownloadResponse("/internal/s3/x");
    CPPUNIT_ASSERT_EQUAL(std::string("/internal/s3/x"),
                         r.Header("X-Accel-Redirect"));
    CPPUNIT_ASSERT(r.Header("Content-Security-Policy").find("sandbox") !=
                   std::string::npos);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(UploadTest);

}  // namespace ap::attachments
