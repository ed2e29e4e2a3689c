#include "modules/attachments/sniff.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace ap::attachments {

class SniffTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SniffTest);
  CPPUNIT_TEST(testImagesAndPdfByMagic);
  CPPUNIT_TEST(testClaimedNameDoesNotMakeAProgramAnImage);
  CPPUNIT_TEST(testZipIsOfficeOnlyWithOfficeExtension);
  CPPUNIT_TEST(testOleIsLegacyOfficeOnlyWithOfficeExtension);
  CPPUNIT_TEST(testTextAndCsv);
  CPPUNIT_TEST(testHtmlSvgAndScriptsAreNamed);
  CPPUNIT_TEST(testBinaryIsOctetStream);
  CPPUNIT_TEST(testDefaultAllowListRefusesActiveTypes);
  CPPUNIT_TEST(testValidatorAcceptsUtf8AcrossPieces);
  CPPUNIT_TEST(testValidatorRefusesBadUtf8AndNul);
  CPPUNIT_TEST(testInlineOnlyForRasterImages);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testImagesAndPdfByMagic() {
    Check("image/png", std::string("\x89PNG\r\n\x1a\n\0\0", 10), "a.bin");
    Check("image/jpeg", "\xFF\xD8\xFF\xE0", "a");
    Check("image/gif", "GIF89a..", "a.gif");
    Check("image/webp", std::string("RIFF\x10\0\0\0WEBPVP8 ", 16), "x.webp");
    Check("application/pdf", "%PDF-1.4\n", "doc.pdf");
  }

  void testClaimedNameDoesNotMakeAProgramAnImage() {
    Check("application/x-msdownload", "MZ\x90\0", "photo.png");
    Check("application/x-executable",
          "\x7F"
          "ELF\x02",
          "photo.jpg");
  }

  void testZipIsOfficeOnlyWithOfficeExtension() {
    Check(
        "application/vnd.openxmlformats-officedocument.wordprocessingml."
        "document",
        "PK\x03\x04", "Report.DOCX");
    Check("application/vnd.oasis.opendocument.spreadsheet", "PK\x03\x04",
          "t.ods");
    Check("application/zip", "PK\x03\x04", "evil.png");
  }

  void testOleIsLegacyOfficeOnlyWithOfficeExtension() {
    std::string ole = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    Check("application/vnd.ms-excel", ole, "old.xls");
    Check("application/x-ole-storage", ole, "setup.msi");
  }

  void testTextAndCsv() {
    CPPUNIT_ASSERT_EQUAL(std::string("text/csv"),
                         SniffContentType("a,b\n1,2\n", "x.csv", true));
    CPPUNIT_ASSERT_EQUAL(std::string("text/plain"),
                         SniffContentType("Grüße\n", "notes.txt", true));
  }

  void testHtmlSvgAndScriptsAreNamed() {
    CPPUNIT_ASSERT_EQUAL(std::string("text/html"),
                         SniffContentType("  <!DOCTYPE html>", "a.txt", true));
    CPPUNIT_ASSERT_EQUAL(
        std::string("image/svg+xml"),
        SniffContentType("<?xml?><svg onload=x>", "a.png", true));
    CPPUNIT_ASSERT_EQUAL(std::string("text/x-script"),
                         SniffContentType("#!/bin/sh\n", "run.txt", true));
    CPPUNIT_ASSERT_EQUAL(std::string("text/x-script"),
                         SniffContentType("alert(1)", "x.js", true));
  }

  void testBinaryIsOctetStream() {
    CPPUNIT_ASSERT_EQUAL(std::string("application/octet-stream"),
                         SniffContentType("\x01\x02\x03", "a.txt", false));
  }

  void testDefaultAllowListRefusesActiveTypes() {
    std::set<std::string> allowed = ParseTypeList(DefaultAllowedTypes());
    for (const char* type :
         {"image/png", "application/pdf", "text/csv", "application/msword"}) {
      CPPUNIT_ASSERT_MESSAGE(type, allowed.count(type) == 1);
    }
    for (const char* type :
         {"text/html", "image/svg+xml", "application/x-msdownload",
          "application/zip", "application/octet-stream", "text/x-script"}) {
      CPPUNIT_ASSERT_MESSAGE(type, allowed.count(type) == 0);
    }
    CPPUNIT_ASSERT_EQUAL(size_t{2}, ParseTypeList(" A/b , ,c/d").size());
  }

  void testValidatorAcceptsUtf8AcrossPieces() {
    TextValidator v;
    std::string text = "Żółć 😀";
    for (char c : text) v.Feed(std::string_view(&c, 1));
    CPPUNIT_ASSERT(v.Finish());
  }

  void testValidatorRefusesBadUtf8AndNul() {
    for (std::string bad :
         {std::string("a\0b", 3), std::string("\xC0\xAF"),
          std::string("\xED\xA0\x80"), std::string("\xE2\x82"),
          std::string("\xF4\x90\x80\x80")}) {
      TextValidator v;
      v.Feed(bad);
      CPPUNIT_ASSERT(!v.Finish());
    }
  }

  void testInlineOnlyForRasterImages() {
    CPPUNIT_ASSERT(IsInlineSafe("image/png"));
    CPPUNIT_ASSERT(!IsInlineSafe("image/svg+xml"));
    CPPUNIT_ASSERT(!IsInlineSafe("text/html"));
    CPPUNIT_ASSERT(!IsInlineSafe("application/pdf"));
  }

 private:
  static void Check(const std::string& want, const std::string& head,
                    const std::string& name) {
    CPPUNIT_ASSERT_EQUAL_MESSAGE(name, want,
                                 SniffContentType(head, name, false));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SniffTest);

}  // namespace ap::attachments
