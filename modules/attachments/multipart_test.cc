#include "modules/attachments/multipart.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace ap::attachments {
namespace {

// Hands out at most `step` bytes per read, to cross every block boundary.
class DripSource : public ByteSource {
 public:
  DripSource(std::string data, size_t step)
      : data_(std::move(data)), step_(step) {}

  Result<size_t> Read(char* out, size_t size) override {
    size_t n = std::min({size, step_, data_.size() - pos_});
    data_.copy(out, n, pos_);
    pos_ += n;
    return n;
  }

 private:
  std::string data_;
  size_t step_;
  size_t pos_ = 0;
};

const std::string kBoundary = "XyZ--b0und";

std::string Form(const std::string& file,
                 const std::string& filename = "a.png") {
  return "preamble\r\n--" + kBoundary +
         "\r\nContent-Disposition: form-data; name=\"task_id\"\r\n\r\n7\r\n--" +
         kBoundary +
         "\r\nContent-Disposition: form-data; name=\"file\"; "
         "filename=\"" +
         filename + "\"\r\nContent-Type: image/png\r\n\r\n" + file + "\r\n--" +
         kBoundary + "--\r\n";
}

}  // namespace

class MultipartTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(MultipartTest);
  CPPUNIT_TEST(testReadsFileAndFields);
  CPPUNIT_TEST(testFileMayContainBoundaryLookalikes);
  CPPUNIT_TEST(testWorksByteByByte);
  CPPUNIT_TEST(testTruncatedBodyIs400);
  CPPUNIT_TEST(testMissingFinalBoundaryIs400);
  CPPUNIT_TEST(testSecondFileIsRefused);
  CPPUNIT_TEST(testSinkErrorStopsReading);
  CPPUNIT_TEST(testBoundaryFromContentType);
  CPPUNIT_TEST(testHeaderParamUnquotes);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testReadsFileAndFields() {
    std::string got;
    Result<MultipartForm> form = Read(Form("PNGDATA"), 1 << 16, &got);
    CPPUNIT_ASSERT(form.ok());
    CPPUNIT_ASSERT(form->has_file);
    CPPUNIT_ASSERT_EQUAL(std::string("PNGDATA"), got);
    CPPUNIT_ASSERT_EQUAL(std::string("a.png"), form->filename);
    CPPUNIT_ASSERT_EQUAL(std::string("image/png"), form->declared_type);
    CPPUNIT_ASSERT_EQUAL(std::string("7"), form->fields["task_id"]);
  }

  void testFileMayContainBoundaryLookalikes() {
    std::string file = "x\r\n--" + kBoundary.substr(0, 5) + "\r\n--XyZ\r\n";
    std::string got;
    CPPUNIT_ASSERT(Read(Form(file), 3, &got).ok());
    CPPUNIT_ASSERT_EQUAL(file, got);
  }

  void testWorksByteByByte() {
    std::string big(200000, 'q');
    std::string got;
    CPPUNIT_ASSERT(Read(Form(big), 1, &got).ok());
    CPPUNIT_ASSERT(big == got);
  }

  void testTruncatedBodyIs400() {
    std::string body = Form(std::string(100000, 'z'));
    std::string got;
    Result<MultipartForm> form = Read(body.substr(0, 50000), 4096, &got);
    CPPUNIT_ASSERT_EQUAL(std::string("truncated_body"), form.status().error());
    CPPUNIT_ASSERT(form.status().code() == Code::kBadRequest);
  }

  void testMissingFinalBoundaryIs400() {
    std::string body = Form("abc");
    std::string got;
    Result<MultipartForm> form =
        Read(body.substr(0, body.size() - 4), 4096, &got);
    CPPUNIT_ASSERT(form.status().code() == Code::kBadRequest);
  }

  void testSecondFileIsRefused() {
    std::string body = Form("abc");
    body.resize(body.size() - 4);
    body +=
        "\r\nContent-Disposition: form-data; name=\"file\"; "
        "filename=\"b\"\r\n\r\nB\r\n--" +
        kBoundary + "--\r\n";
    std::string got;
    CPPUNIT_ASSERT_EQUAL(std::string("too_many_files"),
                         Read(body, 4096, &got).status().error());
  }

  void testSinkErrorStopsReading() {
    std::string body = Form(std::string(1000, 'a'));
    StringSource source(body);
    Result<MultipartForm> form =
        ReadMultipart(source, kBoundary, [](std::string_view) {
          return Status(Code::kTooLarge, "too_large", "big");
        });
    CPPUNIT_ASSERT(form.status().code() == Code::kTooLarge);
  }

  void testBoundaryFromContentType() {
    Result<std::string> b =
        MultipartBoundary("multipart/form-data; boundary=\"a b\"");
    CPPUNIT_ASSERT_EQUAL(std::string("a b"), *b);
    CPPUNIT_ASSERT(MultipartBoundary("image/png").status().code() ==
                   Code::kUnsupportedType);
    CPPUNIT_ASSERT(!MultipartBoundary("multipart/form-data").ok());
  }

  void testHeaderParamUnquotes() {
    std::string value = "form-data; name=\"file\"; filename=\"a\\\"; b.png\"";
    CPPUNIT_ASSERT_EQUAL(std::string("file"), HeaderParam(value, "name"));
    CPPUNIT_ASSERT_EQUAL(std::string("a\"; b.png"),
                         HeaderParam(value, "filename"));
    bool found = true;
    CPPUNIT_ASSERT_EQUAL(std::string(), HeaderParam(value, "x", &found));
    CPPUNIT_ASSERT(!found);
  }

 private:
  static Result<MultipartForm> Read(const std::string& body, size_t step,
                                    std::string* file) {
    DripSource source(body, step);
    return ReadMultipart(source, kBoundary, [file](std::string_view bytes) {
      file->append(bytes);
      return Status::Ok();
    });
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MultipartTest);

}  // namespace ap::attachments
