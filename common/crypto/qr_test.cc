#include "common/crypto/qr.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace ap {
namespace {

const std::string kUri =
    "otpauth://totp/ActionPlan:alice?secret=JBSWY3DPEHPK3PXP"
    "&issuer=ActionPlan&algorithm=SHA1&digits=6&period=30";

// Big-endian 32-bit value at `offset`, for reading PNG header fields.
uint32_t ReadU32(const std::string& s, size_t offset) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) {
    v = v << 8 | static_cast<unsigned char>(s[offset + i]);
  }
  return v;
}

}  // namespace

class QrTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(QrTest);
  CPPUNIT_TEST(testSvgHasOnePathAndViewBox);
  CPPUNIT_TEST(testSvgSizesFollowModuleAndQuietZone);
  CPPUNIT_TEST(testSvgDoesNotEmbedText);
  CPPUNIT_TEST(testPngStartsWithSignatureAndHeader);
  CPPUNIT_TEST(testPngSizeFollowsScale);
  CPPUNIT_TEST(testRefusesEmptyAndOverlongText);
  CPPUNIT_TEST(testRefusesGeometryOutOfRange);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testSvgHasOnePathAndViewBox() {
    Result<std::string> svg = QrSvg(kUri);
    CPPUNIT_ASSERT(svg.ok());
    CPPUNIT_ASSERT_EQUAL(size_t{0}, svg->find("<svg"));
    CPPUNIT_ASSERT(svg->find("viewBox=\"0 0 ") != std::string::npos);
    CPPUNIT_ASSERT(svg->find("shape-rendering=\"crispEdges\"") !=
                   std::string::npos);
    size_t path = svg->find("<path");
    CPPUNIT_ASSERT(path != std::string::npos);
    CPPUNIT_ASSERT(svg->find("<path", path + 1) == std::string::npos);
    CPPUNIT_ASSERT(svg->rfind("</svg>") == svg->size() - 6);
  }

  void testSvgSizesFollowModuleAndQuietZone() {
    // Five bytes fit a version 1 symbol: 21 modules a side.
    Result<std::string> svg = QrSvg("hello", 4, 2);
    CPPUNIT_ASSERT(svg.ok());
    CPPUNIT_ASSERT(svg->find("width=\"100\" height=\"100\" "
                             "viewBox=\"0 0 25 25\"") != std::string::npos);
    // The top-left finder pattern's first row starts inside the margin.
    CPPUNIT_ASSERT(svg->find("d=\"M2 2h7v1h-7z") != std::string::npos);
  }

  void testSvgDoesNotEmbedText() {
    Result<std::string> svg = QrSvg("<script>&\"");
    CPPUNIT_ASSERT(svg.ok());
    CPPUNIT_ASSERT(svg->find("script") == std::string::npos);
  }

  void testPngStartsWithSignatureAndHeader() {
    Result<std::string> png = QrPng(kUri);
    CPPUNIT_ASSERT(png.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("\x89PNG\r\n\x1a\n", 8),
                         png->substr(0, 8));
    CPPUNIT_ASSERT_EQUAL(std::string("IHDR"), png->substr(12, 4));
    CPPUNIT_ASSERT_EQUAL(std::string("IEND"), png->substr(png->size() - 8, 4));
  }

  void testPngSizeFollowsScale() {
    Result<std::string> png = QrPng("hello", 3, 4);
    CPPUNIT_ASSERT(png.ok());
    CPPUNIT_ASSERT_EQUAL(uint32_t{(21 + 8) * 3}, ReadU32(*png, 16));
    CPPUNIT_ASSERT_EQUAL(uint32_t{(21 + 8) * 3}, ReadU32(*png, 20));
  }

  void testRefusesEmptyAndOverlongText() {
    CPPUNIT_ASSERT(!QrSvg("").ok());
    CPPUNIT_ASSERT(!QrPng("").ok());
    Result<std::string> svg = QrSvg(std::string(4000, 'x'));
    CPPUNIT_ASSERT_EQUAL(std::string("qr_too_long"), svg.status().error());
  }

  void testRefusesGeometryOutOfRange() {
    CPPUNIT_ASSERT(!QrSvg(kUri, 0).ok());
    CPPUNIT_ASSERT(!QrSvg(kUri, 33).ok());
    CPPUNIT_ASSERT(!QrSvg(kUri, 8, -1).ok());
    CPPUNIT_ASSERT(!QrPng(kUri, 8, 17).ok());
    // A 177-module symbol at 32 px would be 5920 px wide.
    CPPUNIT_ASSERT(!QrPng(std::string(2000, 'x'), 32).ok());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(QrTest);

}  // namespace ap
