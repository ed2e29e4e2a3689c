// apctl backup against the local stack: a backup taken while plans are
// written, restores of one tenant and of everything, verify, tampering and
// a destination that is down.
//
// One backup is taken for the whole suite (it holds every schema of the
// stack, so it is the slow step) and the tests work on it in order.
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include "common/backup/scratch_db.h"
#include "common/config/config.h"
#include "common/storage/s3_client.h"
#include "test/integration/fixtures.h"

namespace ap::test {
namespace {

const Config& TestConfig() {
  static const Config config = [] {
    Result<Config> loaded = Config::LoadDefault();
    if (!loaded.ok()) throw std::runtime_error(loaded.status().message());
    return *loaded;
  }();
  return config;
}

S3Client Bucket(const std::string& destination) {
  Result<S3Settings> settings =
      S3SettingsFromConfig(TestConfig(), "backup." + destination);
  if (!settings.ok()) throw std::runtime_error(settings.status().message());
  return S3Client(*settings);
}

// Ids of the backups in a destination that have a manifest.
std::set<std::string> CompleteIds(const std::string& destination) {
  Result<std::vector<ObjectInfo>> list = Bucket(destination).List("backups/");
  if (!list.ok()) throw std::runtime_error(list.status().message());
  std::set<std::string> ids;
  for (const ObjectInfo& o : *list) {
    size_t slash = o.key.find('/', 8);
    if (o.key.substr(slash + 1) == "manifest.json") {
      ids.insert(o.key.substr(8, slash - 8));
    }
  }
  return ids;
}

// Every row of plans as text, in id order: what "as it was" compares.
std::string PlanRows(Db& db) {
  db.Execute("SET SESSION group_concat_max_len = 16777216");
  return QueryOne(db,
                  "SELECT GROUP_CONCAT(CONCAT_WS('|', id, title, description,"
                  " status, priority, COALESCE(deleted_at, '-'), version)"
                  " ORDER BY id SEPARATOR '\\n') FROM plans");
}

void AddPlans(Db& db, const std::string& prefix, int n) {
  for (int i = 0; i < n; ++i) {
    auto st = db.Prepare(
        "INSERT INTO plans (title, description, created_by, updated_by)"
        " VALUES (?, ?, 1, 1)");
    st->setString(1, prefix + " plan " + std::to_string(i));
    st->setString(
        2, "line one\nline two, 'quoted' \\ and ünïcode " + std::to_string(i));
    st->executeUpdate();
  }
}

// Plan inserts through the modules' own database user, as fast as they
// go, counting failures, until stopped.
class PlanWriter {
 public:
  explicit PlanWriter(const TestTenant& tenant) : tenant_(tenant) {
    thread_ = std::thread([this] { Run(); });
  }

  ~PlanWriter() { Stop(); }

  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

  int written() const { return written_; }

  int failed() const { return failed_; }

 private:
  void Run() {
    DbThreadInit();
    {
      Db db(tenant_.db, CredentialsFromConfig(TestConfig()));
      while (!stop_) {
        try {
          AddPlans(db, "load", 1);
          ++written_;
        } catch (const sql::SQLException&) {
          ++failed_;
        }
      }
    }
    DbThreadEnd();
  }

  TestTenant tenant_;
  std::atomic<bool> stop_{false};
  std::atomic<int> written_{0};
  std::atomic<int> failed_{0};
  std::thread thread_;
};

// What the suite's backup holds, recorded when it was taken.
struct SuiteBackup {
  std::string id;
  TestTenant first, second, load;
  std::string first_rows, second_rows;
  int writes_during = 0;
  int failed_writes = 0;
  std::string output;
  int rc = -1;
};

// True for an id such as "2026-12-03T140000Z-a1b2c3".
bool IsBackupId(std::string_view id) {
  const std::string_view shape = "dddd-dd-ddTddddddZ-hhhhhh";
  if (id.size() != shape.size()) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool digit = c >= '0' && c <= '9';
    bool ok = shape[i] == 'd'   ? digit
              : shape[i] == 'h' ? digit || (c >= 'a' && c <= 'f')
                                : c == shape[i];
    if (!ok) return false;
  }
  return true;
}

// The id in apctl's "backup <id> ..." line ("" when there is none).
std::string BackupIdIn(const std::string& output) {
  const std::string marker = "backup ";
  for (size_t at = output.find(marker); at != std::string::npos;
       at = output.find(marker, at + 1)) {
    std::string id = output.substr(at + marker.size(), 25);
    if (IsBackupId(id)) return id;
  }
  return "";
}

SuiteBackup TakeSuiteBackup() {
  SuiteBackup b;
  b.first = CreateTenant("bk");
  b.second = CreateTenant("bk");
  b.load = CreateTenant("bkload");
  AddPlans(AdminTenantDb(b.first), "first", 20);
  AddPlans(AdminTenantDb(b.second), "second", 5);
  b.first_rows = PlanRows(AdminTenantDb(b.first));
  b.second_rows = PlanRows(AdminTenantDb(b.second));

  PlanWriter writer(b.load);
  b.rc = RunApctl("backup run --no-prune", "", &b.output);
  writer.Stop();
  b.writes_during = writer.written();
  b.failed_writes = writer.failed();
  b.id = BackupIdIn(b.output);
  return b;
}

SuiteBackup& Suite() {
  static SuiteBackup backup = TakeSuiteBackup();
  return backup;
}

}  // namespace

class BackupTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(BackupTest);
  CPPUNIT_TEST(testRunCompletesWhileWritesGoOn);
  CPPUNIT_TEST(testBackupIsCompleteInBothDestinations);
  CPPUNIT_TEST(testRestoresOneTenantAsItWas);
  CPPUNIT_TEST(testRefusesToRestoreOverLiveSchema);
  CPPUNIT_TEST(testRestoresEverythingIntoAnotherServer);
  CPPUNIT_TEST(testVerifyPasses);
  CPPUNIT_TEST(testTamperedPartFailsVerifyAndRestore);
  CPPUNIT_TEST(testDestinationDownFailsRunAndLeavesNoBackup);
  CPPUNIT_TEST_SUITE_END();

 public:
  void tearDown() override {
    for (const std::string& schema : dropped_) {
      AdminCore().Execute("DROP DATABASE IF EXISTS `" + schema + "`");
    }
  }

  void testRunCompletesWhileWritesGoOn() {
    SuiteBackup& b = Suite();
    CPPUNIT_ASSERT_EQUAL_MESSAGE(b.output, 0, b.rc);
    CPPUNIT_ASSERT(!b.id.empty());
    CPPUNIT_ASSERT(b.writes_during > 0);
    CPPUNIT_ASSERT_EQUAL(0, b.failed_writes);
    CPPUNIT_ASSERT_EQUAL(
        std::string("backup_completed"),
        QueryOne(AdminCore(),
                 "SELECT event FROM audit_log WHERE detail LIKE '" + b.id +
                     "%' ORDER BY id DESC LIMIT 1"));
  }

  void testBackupIsCompleteInBothDestinations() {
    SuiteBackup& b = Suite();
    CPPUNIT_ASSERT(CompleteIds("a").count(b.id) == 1);
    CPPUNIT_ASSERT(CompleteIds("b").count(b.id) == 1);
    std::string out;
    CPPUNIT_ASSERT_EQUAL(0, RunApctl("backup list", "", &out));
    CPPUNIT_ASSERT(out.find(b.id) != std::string::npos);
    CPPUNIT_ASSERT(out.find("BAD") == std::string::npos);
  }

  void testRestoresOneTenantAsItWas() {
    SuiteBackup& b = Suite();
    Db& live = AdminTenantDb(b.first);
    live.Execute("UPDATE plans SET title = 'changed' WHERE id % 2 = 0");
    live.Execute("DELETE FROM plans WHERE id % 3 = 0");
    AddPlans(live, "after", 2);

    std::string schema = Restored("ap_t_rst_" + UniqueSuffix());
    std::string out;
    int rc = RunApctl("backup restore " + b.id + " --tenant " + b.first.slug +
                          " --target-schema " + schema,
                      "", &out);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, rc);
    CPPUNIT_ASSERT_EQUAL(b.first_rows, PlanRows(SchemaDb(schema)));
    CPPUNIT_ASSERT(PlanRows(live) != b.first_rows);
  }

  void testRefusesToRestoreOverLiveSchema() {
    SuiteBackup& b = Suite();
    std::string out;
    int rc = RunApctl("backup restore " + b.id + " --tenant " + b.second.slug +
                          " --target-schema " + b.second.db.schema,
                      "", &out);
    CPPUNIT_ASSERT_EQUAL(1, rc);
    CPPUNIT_ASSERT(out.find("exists") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(b.second_rows, PlanRows(AdminTenantDb(b.second)));
  }

  void testRestoresEverythingIntoAnotherServer() {
    SuiteBackup& b = Suite();
    backup::ScratchDb scratch;
    Status started = scratch.Start(backup::ToolPaths(), "", true);
    CPPUNIT_ASSERT_MESSAGE(started.message(), started.ok());
    backup::ServerTarget target = scratch.tcp_target();

    std::string out;
    int rc =
        RunApctl("backup restore " + b.id + " --target-host " + target.host +
                     " --target-port " + std::to_string(target.port),
                 "", &out);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, rc);
    CPPUNIT_ASSERT_EQUAL(b.first_rows,
                         PlanRows(*ScratchSchema(target, b.first.db.schema)));
    CPPUNIT_ASSERT_EQUAL(b.second_rows,
                         PlanRows(*ScratchSchema(target, b.second.db.schema)));
    auto core = ScratchSchema(target, "ap_core");
    CPPUNIT_ASSERT_EQUAL(
        b.first.slug, QueryOne(*core, "SELECT slug FROM tenants WHERE id = " +
                                          std::to_string(b.first.id)));
  }

  void testVerifyPasses() {
    SuiteBackup& b = Suite();
    std::string out;
    int rc = RunApctl("backup verify " + b.id, "", &out);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, rc);
    CPPUNIT_ASSERT(out.find("verified") != std::string::npos);
    CPPUNIT_ASSERT(out.find("FAIL") == std::string::npos);
  }

  void testTamperedPartFailsVerifyAndRestore() {
    SuiteBackup& b = Suite();
    std::string part = "tenant-" + b.first.slug;
    std::string key = "backups/" + b.id + "/" + part + ".enc";
    S3Client bucket = Bucket("a");
    Result<std::string> original = bucket.GetString(key);
    CPPUNIT_ASSERT(original.ok());
    std::string tampered = *original;
    tampered[tampered.size() / 2] ^= 0x01;
    CPPUNIT_ASSERT(
        bucket.PutString(key, tampered, "application/octet-stream").ok());

    std::string expected =
        "part " + part + " of backup " + b.id + " failed its integrity check";
    std::string out;
    int verify_rc = RunApctl("backup verify " + b.id + " --from a", "", &out);
    std::string schema = Restored("ap_t_rst_" + UniqueSuffix());
    std::string restore_out;
    int restore_rc = RunApctl("backup restore " + b.id + " --from a --tenant " +
                                  b.first.slug + " --target-schema " + schema,
                              "", &restore_out);
    // Put the object back before asserting: the stack keeps the backup.
    CPPUNIT_ASSERT(
        bucket.PutString(key, *original, "application/octet-stream").ok());

    CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 1, verify_rc);
    CPPUNIT_ASSERT_MESSAGE(out, out.find(expected) != std::string::npos);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(restore_out, 1, restore_rc);
    CPPUNIT_ASSERT_MESSAGE(restore_out,
                           restore_out.find(expected) != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(
        std::string("0"),
        QueryOne(AdminCore(),
                 "SELECT COUNT(*) FROM information_schema.schemata WHERE"
                 " schema_name = '" +
                     schema + "'"));
  }

  void testDestinationDownFailsRunAndLeavesNoBackup() {
    Suite();
    std::set<std::string> before_a = CompleteIds("a");
    std::set<std::string> before_b = CompleteIds("b");
    setenv("AP_BACKUP_B_ENDPOINT", "http://127.0.0.1:1", 1);
    setenv("AP_BACKUP_B_MAX_ATTEMPTS", "1", 1);
    std::string out;
    int rc = RunApctl("backup run", "", &out);
    unsetenv("AP_BACKUP_B_ENDPOINT");
    unsetenv("AP_BACKUP_B_MAX_ATTEMPTS");

    CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 1, rc);
    CPPUNIT_ASSERT_MESSAGE(
        out, out.find("ERROR apctl: backup failed: destination b") !=
                 std::string::npos);
    CPPUNIT_ASSERT(CompleteIds("a") == before_a);
    CPPUNIT_ASSERT(CompleteIds("b") == before_b);
    std::string failed_id = BackupIdIn(out);
    CPPUNIT_ASSERT(!failed_id.empty());
    Result<std::vector<ObjectInfo>> left =
        Bucket("a").List("backups/" + failed_id + "/");
    CPPUNIT_ASSERT(left.ok());
    CPPUNIT_ASSERT(left->empty());
    CPPUNIT_ASSERT(
        QueryOne(AdminCore(),
                 "SELECT detail FROM audit_log WHERE event = 'backup_failed'"
                 " ORDER BY id DESC LIMIT 1")
            .find("destination b") != std::string::npos);
  }

 private:
  std::string Restored(const std::string& schema) {
    dropped_.push_back(schema);
    return schema;
  }

  static Db& SchemaDb(const std::string& schema) {
    TestTenant t;
    t.db = CoreAddressFromConfig(TestConfig());
    t.db.schema = schema;
    return AdminTenantDb(t);
  }

  // The scratch server takes any user (it skips grant checks).
  static std::unique_ptr<Db> ScratchSchema(const backup::ServerTarget& target,
                                           const std::string& schema) {
    DbCredentials creds;
    creds.user = "root";
    return std::make_unique<Db>(DbAddress{target.host, target.port, schema},
                                creds);
  }

  std::vector<std::string> dropped_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(BackupTest);

}  // namespace ap::test
