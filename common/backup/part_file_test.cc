#include "common/backup/part_file.h"

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <sstream>
#include <string>

#include "common/backup/temp_dir.h"
#include "common/crypto/hash.h"

namespace ap::backup {

class PartFileTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PartFileTest);
  CPPUNIT_TEST(testRoundTripsSeveralChunks);
  CPPUNIT_TEST(testRoundTripsEmptyPart);
  CPPUNIT_TEST(testChangedByteFails);
  CPPUNIT_TEST(testCutOffFileFails);
  CPPUNIT_TEST(testOtherPartNameFails);
  CPPUNIT_TEST(testWrongKeyFails);
  CPPUNIT_TEST(testShaMatchesFile);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { CPPUNIT_ASSERT(dir_.Create("", "part-test").ok()); }

  void testRoundTripsSeveralChunks() {
    // Random data does not compress: more than two 4 MiB chunks.
    std::string plain = RandomBytes(9 << 20);
    Write(plain);
    std::string back;
    CPPUNIT_ASSERT(Read(Key(), "p", &back).ok());
    CPPUNIT_ASSERT(plain == back);
  }

  void testRoundTripsEmptyPart() {
    Write("");
    std::string back = "x";
    CPPUNIT_ASSERT(Read(Key(), "p", &back).ok());
    CPPUNIT_ASSERT(back.empty());
  }

  void testChangedByteFails() {
    Write("INSERT INTO `t` VALUES (1);\n");
    std::string data = Contents();
    data[data.size() - 20] ^= 1;
    Overwrite(data);
    std::string back;
    CPPUNIT_ASSERT_EQUAL(std::string("integrity_failed"),
                         Read(Key(), "p", &back).error());
  }

  void testCutOffFileFails() {
    Write(RandomBytes(5 << 20));
    std::string data = Contents();
    Overwrite(data.substr(0, 5 + 4 + kChunkBytes + kAeadOverheadBytes()));
    std::string back;
    CPPUNIT_ASSERT(!Read(Key(), "p", &back).ok());
  }

  void testOtherPartNameFails() {
    Write("data");
    std::string back;
    CPPUNIT_ASSERT(!Read(Key(), "q", &back).ok());
  }

  void testWrongKeyFails() {
    Write("data");
    std::string back;
    CPPUNIT_ASSERT(!Read(std::string(32, 'k'), "p", &back).ok());
  }

  void testShaMatchesFile() {
    PartWriter w;
    CPPUNIT_ASSERT(w.Open(Path(), Key(), "id1", "p").ok());
    CPPUNIT_ASSERT(w.Write("abc").ok());
    CPPUNIT_ASSERT(w.Finish().ok());
    CPPUNIT_ASSERT_EQUAL(Sha256Hex(Contents()), w.sha256_hex());
    CPPUNIT_ASSERT_EQUAL(static_cast<int64_t>(Contents().size()), w.size());
  }

 private:
  static size_t kAeadOverheadBytes() { return 29; }

  static std::string Key() { return std::string(32, 'a'); }

  std::string Path() { return dir_.File("p.enc"); }

  void Write(const std::string& plain) {
    PartWriter w;
    CPPUNIT_ASSERT(w.Open(Path(), Key(), "id1", "p").ok());
    CPPUNIT_ASSERT(w.Write(plain).ok());
    CPPUNIT_ASSERT(w.Finish().ok());
  }

  Status Read(const std::string& key, const std::string& part,
              std::string* out) {
    out->clear();
    return ReadPart(Path(), key, "id1", part, [out](std::string_view s) {
      out->append(s);
      return Status::Ok();
    });
  }

  std::string Contents() {
    std::ifstream in(Path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  void Overwrite(const std::string& data) {
    std::ofstream(Path(), std::ios::binary | std::ios::trunc) << data;
  }

  TempDir dir_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(PartFileTest);

}  // namespace ap::backup
