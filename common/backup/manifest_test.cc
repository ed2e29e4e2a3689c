#include "common/backup/manifest.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace ap::backup {

class ManifestTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ManifestTest);
  CPPUNIT_TEST(testRoundTrips);
  CPPUNIT_TEST(testChangedManifestFailsItsMac);
  CPPUNIT_TEST(testOtherKeyFailsItsMac);
  CPPUNIT_TEST(testIdCarriesItsTime);
  CPPUNIT_TEST(testCompareNamesEachDifference);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testRoundTrips() {
    Result<Manifest> m =
        ManifestFromJson(ManifestToJson(Sample(), Key()), Key());
    CPPUNIT_ASSERT(m.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("2026-12-03T140000Z-abcdef"), m->id);
    const PartEntry* p = m->FindPart("tenant-acme");
    CPPUNIT_ASSERT(p != nullptr);
    CPPUNIT_ASSERT_EQUAL(int64_t{3}, p->tables.at("plans").rows);
    CPPUNIT_ASSERT_EQUAL(2, p->schema_version);
  }

  void testChangedManifestFailsItsMac() {
    std::string json = ManifestToJson(Sample(), Key());
    json.replace(json.find("\"rows\": 3"), 9, "\"rows\": 4");
    Result<Manifest> m = ManifestFromJson(json, Key());
    CPPUNIT_ASSERT(!m.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("manifest_invalid"), m.status().error());
  }

  void testOtherKeyFailsItsMac() {
    std::string json = ManifestToJson(Sample(), Key());
    CPPUNIT_ASSERT(!ManifestFromJson(json, std::string(32, 'z')).ok());
  }

  void testIdCarriesItsTime() {
    int64_t t = 1796306400;  // 2026-12-03T14:00:00Z
    std::string id = NewBackupId(t);
    CPPUNIT_ASSERT_EQUAL(std::string("2026-12-03T140000Z-"), id.substr(0, 19));
    CPPUNIT_ASSERT_EQUAL(t, BackupIdTime(id));
    CPPUNIT_ASSERT_EQUAL(int64_t{-1}, BackupIdTime("not-an-id"));
  }

  void testCompareNamesEachDifference() {
    std::map<std::string, TableEntry> want = {{"a", {1, "x"}}, {"b", {2, "y"}}};
    std::map<std::string, TableEntry> got = {{"a", {1, "z"}}, {"c", {0, "w"}}};
    std::vector<std::string> problems = CompareTables(want, got);
    CPPUNIT_ASSERT_EQUAL(size_t{3}, problems.size());
    CPPUNIT_ASSERT(CompareTables(want, want).empty());
  }

 private:
  static std::string Key() { return std::string(32, 'k'); }

  static Manifest Sample() {
    Manifest m;
    m.id = "2026-12-03T140000Z-abcdef";
    m.started_at = "2026-12-03T14:00:00Z";
    m.finished_at = "2026-12-03T14:00:05Z";
    PartEntry p;
    p.name = "tenant-acme";
    p.schema = "ap_t_acme";
    p.tenant = "acme";
    p.schema_version = 2;
    p.sha256 = std::string(64, '0');
    p.size = 100;
    p.tables["plans"] = {3, std::string(64, '1')};
    m.parts.push_back(p);
    return m;
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ManifestTest);

}  // namespace ap::backup
