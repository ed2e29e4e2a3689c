#include "common/backup/dump_text.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

namespace ap::backup {
namespace {

// Records what the splitter hands out.
class RecordingSink : public DumpSink {
 public:
  Status BeginPart(const std::string& schema) override {
    parts.push_back({schema, ""});
    return Status::Ok();
  }

  Status Line(std::string_view line) override {
    parts.back().second += std::string(line) + "\n";
    return Status::Ok();
  }

  Status EndPart() override { return Status::Ok(); }

  std::vector<std::pair<std::string, std::string>> parts;
};

const char* kDump[] = {
    "/*!40101 SET NAMES utf8mb4 */;",
    "--",
    "-- Current Database: `ap_core`",
    "--",
    "CREATE DATABASE /*!32312 IF NOT EXISTS*/ `ap_core`;",
    "USE `ap_core`;",
    "-- Dumping data for table `users`",
    "INSERT INTO `users` VALUES (1,'a');",
    "-- Current Database: `ap_t_x`",
    "CREATE DATABASE `ap_t_x`;",
    "USE `ap_t_x`;",
    "-- Dumping data for table `plans`",
};

}  // namespace

class DumpTextTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(DumpTextTest);
  CPPUNIT_TEST(testSplitsOnePartPerSchema);
  CPPUNIT_TEST(testPartsCarryHeaderButNoSchemaName);
  CPPUNIT_TEST(testDumpWithoutSchemaIsAnError);
  CPPUNIT_TEST(testReadsEscapedIdentifier);
  CPPUNIT_TEST(testCountsRowsAndEmptyTables);
  CPPUNIT_TEST(testChecksumIgnoresOrderButNotContent);
  CPPUNIT_TEST(testSchemaVersionIsHighestRow);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testSplitsOnePartPerSchema() {
    RecordingSink sink = Split();
    CPPUNIT_ASSERT_EQUAL(size_t{2}, sink.parts.size());
    CPPUNIT_ASSERT_EQUAL(std::string("ap_core"), sink.parts[0].first);
    CPPUNIT_ASSERT_EQUAL(std::string("ap_t_x"), sink.parts[1].first);
  }

  void testPartsCarryHeaderButNoSchemaName() {
    RecordingSink sink = Split();
    const std::string& second = sink.parts[1].second;
    CPPUNIT_ASSERT(second.rfind("/*!40101 SET NAMES utf8mb4 */;\n", 0) == 0);
    CPPUNIT_ASSERT(second.find("CREATE DATABASE") == std::string::npos);
    CPPUNIT_ASSERT(second.find("USE `") == std::string::npos);
    CPPUNIT_ASSERT(sink.parts[0].second.find("INSERT INTO `users`") !=
                   std::string::npos);
  }

  void testDumpWithoutSchemaIsAnError() {
    RecordingSink sink;
    DumpSplitter splitter(&sink);
    CPPUNIT_ASSERT(splitter.Feed("-- nothing").ok());
    CPPUNIT_ASSERT(!splitter.Finish().ok());
  }

  void testReadsEscapedIdentifier() {
    std::string name;
    size_t consumed = 0;
    CPPUNIT_ASSERT(ReadIdentifier("`a``b` VALUES", &name, &consumed));
    CPPUNIT_ASSERT_EQUAL(std::string("a`b"), name);
    CPPUNIT_ASSERT_EQUAL(size_t{6}, consumed);
    CPPUNIT_ASSERT(!ReadIdentifier("`open", &name, &consumed));
  }

  void testCountsRowsAndEmptyTables() {
    PartStats stats;
    stats.Line("-- Dumping data for table `plans`");
    stats.Line("-- Dumping data for table `tasks`");
    stats.Line("INSERT INTO `tasks` VALUES (1,'x');");
    stats.Line("INSERT INTO `tasks` VALUES (2,'y');");
    CPPUNIT_ASSERT_EQUAL(int64_t{0}, stats.tables().at("plans").rows);
    CPPUNIT_ASSERT_EQUAL(int64_t{2}, stats.tables().at("tasks").rows);
  }

  void testChecksumIgnoresOrderButNotContent() {
    TableStats a, b, c;
    a.AddRow("r1");
    a.AddRow("r2");
    b.AddRow("r2");
    b.AddRow("r1");
    c.AddRow("r1");
    c.AddRow("r3");
    CPPUNIT_ASSERT_EQUAL(a.ChecksumHex(), b.ChecksumHex());
    CPPUNIT_ASSERT(a.ChecksumHex() != c.ChecksumHex());
    CPPUNIT_ASSERT_EQUAL(size_t{64}, a.ChecksumHex().size());
  }

  void testSchemaVersionIsHighestRow() {
    PartStats stats;
    stats.Line("INSERT INTO `schema_version` VALUES (2,'002_x.sql','t');");
    stats.Line("INSERT INTO `schema_version` VALUES (1,'001_x.sql','t');");
    CPPUNIT_ASSERT_EQUAL(2, stats.schema_version());
  }

 private:
  RecordingSink Split() {
    RecordingSink sink;
    DumpSplitter splitter(&sink);
    for (const char* line : kDump) CPPUNIT_ASSERT(splitter.Feed(line).ok());
    CPPUNIT_ASSERT(splitter.Finish().ok());
    return sink;
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DumpTextTest);

}  // namespace ap::backup
