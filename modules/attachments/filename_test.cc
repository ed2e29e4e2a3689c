#include "modules/attachments/filename.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace ap::attachments {

class FilenameTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(FilenameTest);
  CPPUNIT_TEST(testKeepsAnyLanguage);
  CPPUNIT_TEST(testDropsControlAndBidiCharacters);
  CPPUNIT_TEST(testRepairsBrokenUtf8);
  CPPUNIT_TEST(testCapsLengthInCharacters);
  CPPUNIT_TEST(testEmptyBecomesFile);
  CPPUNIT_TEST(testDispositionHasBothForms);
  CPPUNIT_TEST(testDispositionCannotBreakTheHeader);
  CPPUNIT_TEST(testDispositionReplacesLeadingDotInBothForms);
  CPPUNIT_TEST(testDecodesBrowserEscapes);
  CPPUNIT_TEST(testPercentDecode);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testKeepsAnyLanguage() {
    CPPUNIT_ASSERT_EQUAL(std::string("Отчёт 報告 ü.pdf"),
                         CleanFilename("Отчёт 報告 ü.pdf"));
  }

  void testDropsControlAndBidiCharacters() {
    CPPUNIT_ASSERT_EQUAL(std::string("ab\"../c.png"),
                         CleanFilename("a\r\nb\"../c.png\x7F"));
    CPPUNIT_ASSERT_EQUAL(std::string("photogpj.exe"),
                         CleanFilename("photo\xE2\x80\xAEgpj.exe"));
  }

  void testRepairsBrokenUtf8() {
    CPPUNIT_ASSERT_EQUAL(std::string("a\xEF\xBF\xBD"
                                     "b"),
                         CleanFilename("a\xFF"
                                       "b"));
  }

  void testCapsLengthInCharacters() {
    std::string name;
    for (int i = 0; i < 300; ++i) name += "é";
    std::string clean = CleanFilename(name);
    CPPUNIT_ASSERT_EQUAL(kMaxFilenameChars * 2, clean.size());
  }

  void testEmptyBecomesFile() {
    CPPUNIT_ASSERT_EQUAL(std::string("file"), CleanFilename(" \r\n "));
  }

  void testDispositionHasBothForms() {
    CPPUNIT_ASSERT_EQUAL(std::string("attachment; filename=\"_ber.pdf\"; "
                                     "filename*=UTF-8''%C3%BCber.pdf"),
                         ContentDisposition("attachment", "über.pdf"));
  }

  void testDispositionCannotBreakTheHeader() {
    std::string header =
        ContentDisposition("inline", "a\"b\r\nSet-Cookie: x=1;\\../c%.png");
    CPPUNIT_ASSERT_EQUAL(
        std::string(
            "inline; filename=\"a_bSet-Cookie: x=1__.._c_.png\"; "
            "filename*=UTF-8''a%22bSet-Cookie%3A%20x%3D1%3B_.._c%25.png"),
        header);
    CPPUNIT_ASSERT(header.find('\r') == std::string::npos);
    CPPUNIT_ASSERT(header.find('/') == std::string::npos);
  }

  void testDispositionReplacesLeadingDotInBothForms() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("attachment; filename=\"_._.._etc_passwd\"; "
                    "filename*=UTF-8''_._.._etc_passwd"),
        ContentDisposition("attachment", "../../etc/passwd"));
    CPPUNIT_ASSERT_EQUAL(
        std::string("inline; filename=\"_bashrc\"; filename*=UTF-8''_bashrc"),
        ContentDisposition("inline", ".bashrc"));
  }

  void testDecodesBrowserEscapes() {
    CPPUNIT_ASSERT_EQUAL(std::string("a\"b\r\nc%41"),
                         DecodeFormFilename("a%22b%0D%0ac%41"));
  }

  void testPercentDecode() {
    std::string out;
    CPPUNIT_ASSERT(PercentDecode("%C3%BCber%20x.png", &out));
    CPPUNIT_ASSERT_EQUAL(std::string("über x.png"), out);
    CPPUNIT_ASSERT(!PercentDecode("bad%2", &out));
    CPPUNIT_ASSERT(!PercentDecode("bad%zz", &out));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FilenameTest);

}  // namespace ap::attachments
