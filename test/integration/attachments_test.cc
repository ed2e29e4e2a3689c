// Attachments through the real stack: nginx (body in a file, X-Accel
// downloads), the module, MariaDB and the S3 service.
#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "common/config/config.h"
#include "common/crypto/hash.h"
#include "common/storage/s3_client.h"
#include "test/integration/fixtures.h"
#include "test/integration/http_client.h"

namespace ap::test {
namespace {

// A valid 1x1 red PNG.
const std::string kPng = std::string(
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52"
    "\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    "\x89\x00\x00\x00\x0d\x49\x44\x41\x54\x78\x9c\x63\xf8\xcf\xc0\xf0"
    "\x1f\x00\x05\x00\x01\xff\x89\x99\x3d\x1d\x00\x00\x00\x00\x49\x45"
    "\x4e\x44\xae\x42\x60\x82",
    70);

const std::string kPdf =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    "trailer<</Root 1 0 R>>\n%%EOF\n";

// A CSV of `bytes` bytes: text, so the allow-list accepts it.
std::string BigCsv(size_t bytes) {
  std::string line = "42,action,plan,owner,2026-12-03,done\n";
  std::string csv;
  csv.reserve(bytes);
  while (csv.size() + line.size() <= bytes) csv += line;
  csv.append(bytes - csv.size(), 'x');
  return csv;
}

S3Client& Storage() {
  static std::unique_ptr<S3Client> client = [] {
    Result<Config> config = Config::LoadDefault();
    Result<S3Settings> settings = S3SettingsFromConfig(*config);
    return std::make_unique<S3Client>(*settings);
  }();
  return *client;
}

int RunStack(const std::string& command) {
  std::string line =
      "bash " AP_SOURCE_DIR "/scripts/stack.sh " + command + " >/dev/null 2>&1";
  return std::system(line.c_str());
}

}  // namespace

class AttachmentsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AttachmentsTest);
  CPPUNIT_TEST(testPngUploadListDownload);
  CPPUNIT_TEST(testPdfDownloadsByteIdentical);
  CPPUNIT_TEST(testListIsPaged);
  CPPUNIT_TEST(testTwentyMegabytesRoundTrip);
  CPPUNIT_TEST(testPulseRawUploadWithTask);
  CPPUNIT_TEST(testDeleteMovesToTrashAndRestoreBringsBack);
  CPPUNIT_TEST(testOnlyUploaderOrAdminDeletes);
  CPPUNIT_TEST(testOtherTenantsIdsAre404);
  CPPUNIT_TEST(testObjectKeyIsNeverShown);
  CPPUNIT_TEST(testInternalLocationIs404FromOutside);
  CPPUNIT_TEST(testOverNginxLimitIs413Json);
  CPPUNIT_TEST(testOverModuleLimitIs413);
  CPPUNIT_TEST(testRenamedProgramIs415);
  CPPUNIT_TEST(testNastyFilenameIsSafeInHeaders);
  CPPUNIT_TEST(testTruncatedMultipartIs400);
  CPPUNIT_TEST(testEmptyFileAndMissingPartAre400);
  CPPUNIT_TEST(testUnknownTaskIs404);
  CPPUNIT_TEST(testUploadNeedsCsrfAndSession);
  CPPUNIT_TEST(testStorageDownIs503WithoutRow);
  CPPUNIT_TEST(testFailedRowIs503WithoutObject);
  CPPUNIT_TEST(testFailedHistoryIs503WithoutRowOrObject);
  CPPUNIT_TEST(testMissingObjectIs404Json);
  CPPUNIT_TEST(testGcFindsOrphansBothWays);
  CPPUNIT_TEST(testTrashEmptyRemovesRowAndObject);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    tenant_ = CreateTenant("att");
    user_ = CreateUser(tenant_);
    tenant_uuid_ =
        QueryOne(AdminCore(), "SELECT uuid FROM tenants WHERE id = " +
                                  std::to_string(tenant_.id));
    plan_id_ = CreatePlan(tenant_, user_);
    http_ = std::make_unique<HttpClient>();
    CPPUNIT_ASSERT_EQUAL(200L,
                         http_->Login(user_.login, user_.password).status);
  }

  void testPngUploadListDownload() {
    HttpResult r = UploadFile(*http_, plan_id_, kPng, "photo.png");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 201L, r.status);
    Json a = r.json();
    CPPUNIT_ASSERT_EQUAL(std::string("photo.png"),
                         a["filename"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("image/png"),
                         a["content_type"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(static_cast<int64_t>(kPng.size()),
                         a["size"].get<int64_t>());
    CPPUNIT_ASSERT_EQUAL(Sha256Hex(kPng), a["sha256"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(user_.id, a["uploaded_by"].get<int64_t>());
    CPPUNIT_ASSERT(a["task_id"].is_null());
    std::string id = std::to_string(a["id"].get<int64_t>());

    Db& db = AdminTenantDb(tenant_);
    CPPUNIT_ASSERT_EQUAL(
        Sha256Hex(kPng),
        QueryOne(db, "SELECT sha256 FROM attachments WHERE id = " + id));
    CPPUNIT_ASSERT_EQUAL(
        std::string("1"),
        QueryOne(db,
                 "SELECT COUNT(*) FROM history WHERE entity = 'attachment'"
                 " AND action = 'create' AND entity_id = " +
                     id));
    std::string key =
        QueryOne(db, "SELECT object_key FROM attachments WHERE id = " + id);
    CPPUNIT_ASSERT_EQUAL(
        0, static_cast<int>(key.rfind("t/" + tenant_uuid_ + "/", 0)));
    CPPUNIT_ASSERT(IsUuid(key.substr(key.rfind('/') + 1)));
    CPPUNIT_ASSERT_EQUAL(size_t{1}, ObjectCount());

    HttpResult list = http_->Get(PlanPath(plan_id_));
    CPPUNIT_ASSERT_EQUAL(200L, list.status);
    CPPUNIT_ASSERT_EQUAL(size_t{1}, list.json()["items"].size());

    HttpResult down = http_->Get("/api/attachments/" + id);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(down.body, 200L, down.status);
    CPPUNIT_ASSERT(kPng == down.body);
    CPPUNIT_ASSERT_EQUAL(std::string("image/png"), down.Header("content-type"));
    CPPUNIT_ASSERT(down.Header("content-disposition").rfind("attachment;", 0) ==
                   0);
    CPPUNIT_ASSERT_EQUAL(std::string("nosniff"),
                         down.Header("x-content-type-options"));
    CPPUNIT_ASSERT(Contains(down.Header("content-security-policy"), "sandbox"));
    CPPUNIT_ASSERT(down.Headers("content-disposition").size() == 1);
    CPPUNIT_ASSERT(down.Header("x-accel-redirect").empty());
    CPPUNIT_ASSERT(down.Header("x-amz-request-id").empty());

    HttpResult shown = http_->Get("/api/attachments/" + id + "?inline=1");
    CPPUNIT_ASSERT(shown.Header("content-disposition").rfind("inline;", 0) ==
                   0);
  }

  void testPdfDownloadsByteIdentical() {
    HttpResult r = UploadFile(*http_, plan_id_, kPdf, "report.pdf");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 201L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("application/pdf"),
                         r.json()["content_type"].get<std::string>());
    HttpResult down = http_->Get(DownloadPath(r));
    CPPUNIT_ASSERT_EQUAL(Sha256Hex(kPdf), Sha256Hex(down.body));
    // Asked inline, a PDF is still an attachment: only images show inline.
    HttpResult shown = http_->Get(DownloadPath(r) + "?inline=1");
    CPPUNIT_ASSERT(
        shown.Header("content-disposition").rfind("attachment;", 0) == 0);
  }

  void testListIsPaged() {
    UploadFile(*http_, plan_id_, kPng, "1.png");
    UploadFile(*http_, plan_id_, kPdf, "2.pdf");
    Json first = http_->Get(PlanPath(plan_id_) + "?limit=1").json();
    CPPUNIT_ASSERT_EQUAL(size_t{1}, first["items"].size());
    std::string cursor = first["next_cursor"].get<std::string>();
    Json second =
        http_->Get(PlanPath(plan_id_) + "?limit=1&cursor=" + cursor).json();
    CPPUNIT_ASSERT_EQUAL(std::string("2.pdf"),
                         second["items"][0]["filename"].get<std::string>());
    CPPUNIT_ASSERT(second["next_cursor"].is_null());
    CPPUNIT_ASSERT_EQUAL(400L,
                         http_->Get(PlanPath(plan_id_) + "?limit=1x").status);
  }

  void testTwentyMegabytesRoundTrip() {
    std::string csv = BigCsv(20 << 20);
    HttpResult r = UploadFile(*http_, plan_id_, csv, "export.csv");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 201L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("text/csv"),
                         r.json()["content_type"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(int64_t{20 << 20}, r.json()["size"].get<int64_t>());
    HttpResult down = http_->Get(DownloadPath(r));
    CPPUNIT_ASSERT_EQUAL(200L, down.status);
    CPPUNIT_ASSERT_EQUAL(Sha256Hex(csv), Sha256Hex(down.body));
  }

  void testPulseRawUploadWithTask() {
    std::string task = CreateTask(tenant_, plan_id_, user_);
    HttpClient pulse;
    CPPUNIT_ASSERT_EQUAL(200L,
                         pulse.LoginPulse(user_.login, user_.password).status);
    HttpResult r = pulse.Send(
        "POST", PlanPath(plan_id_) + "?task_id=" + task, kPng,
        {"Content-Type: image/png", "X-Filename: %C3%BCber%20Foto.png"});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 201L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("über Foto.png"),
                         r.json()["filename"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::stoll(task),
                         r.json()["task_id"].get<long long>());
    HttpResult down = pulse.Get(DownloadPath(r));
    CPPUNIT_ASSERT(kPng == down.body);
    CPPUNIT_ASSERT(Contains(down.Header("content-disposition"),
                            "filename*=UTF-8''%C3%BCber%20Foto.png"));
  }

  void testDeleteMovesToTrashAndRestoreBringsBack() {
    HttpResult r = UploadFile(*http_, plan_id_, kPng, "a.png");
    std::string path = DownloadPath(r);
    CPPUNIT_ASSERT_EQUAL(204L, http_->Delete(path).status);
    CPPUNIT_ASSERT_EQUAL(404L, http_->Get(path).status);
    CPPUNIT_ASSERT_EQUAL(size_t{0},
                         http_->Get(PlanPath(plan_id_)).json()["items"].size());
    Json trash = http_->Get(PlanPath(plan_id_) + "?trash=1").json()["items"];
    CPPUNIT_ASSERT_EQUAL(size_t{1}, trash.size());
    CPPUNIT_ASSERT_EQUAL(user_.id, trash[0]["deleted_by"].get<int64_t>());
    CPPUNIT_ASSERT_EQUAL(size_t{1}, ObjectCount());  // the object stays

    HttpResult back = http_->Post(path + "/restore", "", "application/json");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(back.body, 200L, back.status);
    CPPUNIT_ASSERT(kPng == http_->Get(path).body);
    CPPUNIT_ASSERT_EQUAL(
        404L, http_->Post(path + "/restore", "", "application/json").status);
    CPPUNIT_ASSERT_EQUAL(std::string("1"),
                         QueryOne(AdminTenantDb(tenant_),
                                  "SELECT COUNT(*) FROM history WHERE entity = "
                                  "'attachment' AND action = 'restore'"));
  }

  void testOnlyUploaderOrAdminDeletes() {
    std::string path =
        DownloadPath(UploadFile(*http_, plan_id_, kPng, "a.png"));
    TestUser other = CreateUser(tenant_);
    HttpClient member;
    member.Login(other.login, other.password);
    CPPUNIT_ASSERT_EQUAL(200L, member.Get(path).status);
    CPPUNIT_ASSERT_EQUAL(403L, member.Delete(path).status);
    TestUser boss = CreateUser(tenant_, "admin");
    HttpClient admin;
    admin.Login(boss.login, boss.password);
    CPPUNIT_ASSERT_EQUAL(204L, admin.Delete(path).status);
  }

  void testOtherTenantsIdsAre404() {
    TestTenant other = CreateTenant("attb");
    TestUser stranger = CreateUser(other);
    int64_t other_plan = CreatePlan(other, stranger);
    HttpClient them;
    them.Login(stranger.login, stranger.password);
    // Make the other tenant's IDs run ahead, so they exist only there.
    UploadFile(them, other_plan, kPng, "1.png");
    HttpResult theirs = UploadFile(them, other_plan, kPng, "2.png");
    std::string path = DownloadPath(theirs);

    CPPUNIT_ASSERT_EQUAL(404L, http_->Get(path).status);
    CPPUNIT_ASSERT_EQUAL(404L, http_->Delete(path).status);
    CPPUNIT_ASSERT_EQUAL(
        404L, http_->Post(path + "/restore", "", "application/json").status);
    CPPUNIT_ASSERT_EQUAL(std::string("not_found"),
                         http_->Get(path).json()["error"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(404L, http_->Get(PlanPath(other_plan + 1000)).status);
    CPPUNIT_ASSERT_EQUAL(200L, them.Get(path).status);
  }

  void testObjectKeyIsNeverShown() {
    HttpResult r = UploadFile(*http_, plan_id_, kPng, "a.png");
    std::string key =
        QueryOne(AdminTenantDb(tenant_), "SELECT object_key FROM attachments");
    std::string object_uuid = key.substr(key.rfind('/') + 1);
    HttpResult list = http_->Get(PlanPath(plan_id_));
    HttpResult down = http_->Get(DownloadPath(r));
    for (const HttpResult* answer : {&r, &list, &down}) {
      CPPUNIT_ASSERT(!Contains(answer->body, object_uuid));
      for (const auto& [name, value] : answer->headers) {
        CPPUNIT_ASSERT_MESSAGE(name, !Contains(value, object_uuid));
      }
    }
  }

  void testInternalLocationIs404FromOutside() {
    std::string key = "t/" + tenant_uuid_ + "/x";
    CPPUNIT_ASSERT_EQUAL(
        404L,
        http_->Get("/internal/s3/http/127.0.0.1:9000/ap-attachments/" + key)
            .status);
    CPPUNIT_ASSERT_EQUAL(404L, http_->Get("/internal/s3/").status);
  }

  void testOverNginxLimitIs413Json() {
    HttpResult r = UploadFile(*http_, plan_id_, BigCsv(26 << 20), "big.csv");
    CPPUNIT_ASSERT_EQUAL(413L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("too_large"),
                         r.json()["error"].get<std::string>());
    AssertNothingStored();
  }

  void testOverModuleLimitIs413() {
    HttpResult r =
        UploadFile(*http_, plan_id_, BigCsv((25 << 20) + 1), "big.csv");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 413L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("too_large"),
                         r.json()["error"].get<std::string>());
    AssertNothingStored();
  }

  void testRenamedProgramIs415() {
    std::string exe =
        std::string("MZ\x90\0\x03\0\0\0", 8) + std::string(500, '\0');
    HttpResult r = UploadFile(*http_, plan_id_, exe, "cat.png", "image/png");
    CPPUNIT_ASSERT_EQUAL(415L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("unsupported_file_type"),
                         r.json()["error"].get<std::string>());
    HttpResult html =
        UploadFile(*http_, plan_id_, "<html><script>x</script>", "a.txt");
    CPPUNIT_ASSERT_EQUAL(415L, html.status);
    AssertNothingStored();
  }

  void testNastyFilenameIsSafeInHeaders() {
    // As a browser encodes them: '"' as %22, CR LF as %0D%0A.
    std::string sent = "a%22b%0D%0ASet-Cookie: x=1;../\xC3\xBCn\xC3\xAF.png";
    HttpResult r =
        http_->Send("POST", PlanPath(plan_id_), Multipart(kPng, sent),
                    {"Content-Type: multipart/form-data; boundary=ZZ"});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 201L, r.status);
    std::string shown = "a\"bSet-Cookie: x=1;../\xC3\xBCn\xC3\xAF.png";
    CPPUNIT_ASSERT_EQUAL(shown, r.json()["filename"].get<std::string>());

    HttpResult down = http_->Get(DownloadPath(r));
    std::string cd = down.Header("content-disposition");
    CPPUNIT_ASSERT_EQUAL(
        std::string("attachment; filename=\"a_bSet-Cookie: x=1_..__n_.png\"; "
                    "filename*=UTF-8''a%22bSet-Cookie%3A%20x%3D1%3B.._%C3%BCn%"
                    "C3%AF.png"),
        cd);
    CPPUNIT_ASSERT(down.Header("set-cookie").empty());
    CPPUNIT_ASSERT(kPng == down.body);
  }

  void testTruncatedMultipartIs400() {
    std::string body = Multipart(std::string(300000, 'a'), "cut.txt");
    HttpResult r =
        http_->Send("POST", PlanPath(plan_id_), body.substr(0, 200000),
                    {"Content-Type: multipart/form-data; boundary=ZZ"});
    CPPUNIT_ASSERT_EQUAL(400L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("truncated_body"),
                         r.json()["error"].get<std::string>());
    AssertNothingStored();
  }

  void testEmptyFileAndMissingPartAre400() {
    CPPUNIT_ASSERT_EQUAL(std::string("empty_file"),
                         UploadFile(*http_, plan_id_, "", "a.png")
                             .json()["error"]
                             .get<std::string>());
    HttpResult none =
        http_->PostMultipart(PlanPath(plan_id_), {{"task_id", "", "", "1"}});
    CPPUNIT_ASSERT_EQUAL(400L, none.status);
    CPPUNIT_ASSERT_EQUAL(std::string("missing_file"),
                         none.json()["error"].get<std::string>());
    AssertNothingStored();
  }

  void testUnknownTaskIs404() {
    HttpResult r = http_->PostMultipart(
        PlanPath(plan_id_),
        {{"task_id", "", "", "999999"}, {"file", "a.png", "image/png", kPng}});
    CPPUNIT_ASSERT_EQUAL(404L, r.status);
    AssertNothingStored();
  }

  void testUploadNeedsCsrfAndSession() {
    http_->set_send_csrf(false);
    CPPUNIT_ASSERT_EQUAL(403L,
                         UploadFile(*http_, plan_id_, kPng, "a.png").status);
    HttpClient anonymous;
    CPPUNIT_ASSERT_EQUAL(401L,
                         UploadFile(anonymous, plan_id_, kPng, "a.png").status);
    AssertNothingStored();
  }

  void testStorageDownIs503WithoutRow() {
    CPPUNIT_ASSERT_EQUAL(0, RunStack("s3-stop"));
    HttpResult r = UploadFile(*http_, plan_id_, kPng, "a.png");
    int started = RunStack("s3-start");
    CPPUNIT_ASSERT_EQUAL(0, started);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 503L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("storage_unavailable"),
                         r.json()["error"].get<std::string>());
    AssertNothingStored();
    CPPUNIT_ASSERT_EQUAL(201L,
                         UploadFile(*http_, plan_id_, kPng, "a.png").status);
  }

  // The object is stored, then the row insert fails: the object must go
  // again. The real module, S3 service and database; a trigger that the
  // admin connection puts on the tenant's table makes the insert fail.
  void testFailedRowIs503WithoutObject() {
    FailInserts("attachments");
    HttpResult r = UploadFile(*http_, plan_id_, kPng, "a.png");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 503L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("db_unavailable"),
                         r.json()["error"].get<std::string>());
    AssertNothingStored();

    AllowInserts("attachments");
    CPPUNIT_ASSERT_EQUAL(201L,
                         UploadFile(*http_, plan_id_, kPng, "a.png").status);
    CPPUNIT_ASSERT_EQUAL(size_t{1}, ObjectCount());
  }

  // The row is written but its history entry fails: the transaction takes
  // the row back, and the object goes too.
  void testFailedHistoryIs503WithoutRowOrObject() {
    FailInserts("history");
    HttpResult r = UploadFile(*http_, plan_id_, kPng, "a.png");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 503L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("db_unavailable"),
                         r.json()["error"].get<std::string>());
    AssertNothingStored();
    CPPUNIT_ASSERT_EQUAL(
        std::string("0"),
        QueryOne(AdminTenantDb(tenant_), "SELECT COUNT(*) FROM history"));
  }

  void testMissingObjectIs404Json() {
    std::string id = InsertRowWithoutObject();
    HttpResult r = http_->Get("/api/attachments/" + id);
    CPPUNIT_ASSERT_EQUAL(404L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("not_found"),
                         r.json()["error"].get<std::string>());
    CPPUNIT_ASSERT(r.Header("content-disposition").empty());
  }

  void testGcFindsOrphansBothWays() {
    UploadFile(*http_, plan_id_, kPng, "kept.png");
    std::string orphan =
        "t/" + tenant_uuid_ + "/" + "00000000-0000-4000-8000-000000000001";
    CPPUNIT_ASSERT(Storage().PutString(orphan, "lost", "text/plain").ok());
    InsertRowWithoutObject();

    std::string out;
    CPPUNIT_ASSERT_EQUAL(
        1, RunApctl("gc --report --tenant " + tenant_.slug, "", &out));
    CPPUNIT_ASSERT_MESSAGE(out, Contains(out, "orphan object   key=" + orphan));
    CPPUNIT_ASSERT_MESSAGE(
        out, Contains(out, "missing object  tenant=" + tenant_.slug));
    CPPUNIT_ASSERT_EQUAL(size_t{2}, ObjectCount());  // a report deletes nothing

    RunApctl("gc --delete-orphans --min-age-minutes 0 --tenant " + tenant_.slug,
             "", &out);
    CPPUNIT_ASSERT_MESSAGE(out, Contains(out, "orphan objects: 1, deleted: 1"));
    CPPUNIT_ASSERT_EQUAL(size_t{1}, ObjectCount());  // the attachment stays
  }

  void testTrashEmptyRemovesRowAndObject() {
    std::string kept =
        DownloadPath(UploadFile(*http_, plan_id_, kPng, "kept.png"));
    std::string gone =
        DownloadPath(UploadFile(*http_, plan_id_, kPdf, "gone.pdf"));
    CPPUNIT_ASSERT_EQUAL(204L, http_->Delete(gone).status);
    std::string out;
    CPPUNIT_ASSERT_EQUAL(
        0, RunApctl("trash empty --tenant " + tenant_.slug, "", &out));
    CPPUNIT_ASSERT_EQUAL(size_t{2}, ObjectCount());  // not 30 days yet

    CPPUNIT_ASSERT_EQUAL(
        0, RunApctl("trash empty --older-than 0 --tenant " + tenant_.slug, "",
                    &out));
    CPPUNIT_ASSERT_MESSAGE(out, Contains(out, "1 attachments removed"));
    CPPUNIT_ASSERT_EQUAL(size_t{1}, ObjectCount());
    CPPUNIT_ASSERT_EQUAL(
        std::string("1"),
        QueryOne(AdminTenantDb(tenant_), "SELECT COUNT(*) FROM attachments"));
    CPPUNIT_ASSERT_EQUAL(200L, http_->Get(kept).status);
  }

 private:
  // A row whose object is not in storage, written an hour ago.
  std::string InsertRowWithoutObject() {
    Db& db = AdminTenantDb(tenant_);
    db.Execute(
        "INSERT INTO attachments (plan_id, object_key, filename, content_type,"
        " size, sha256, uploaded_by, uploaded_at) VALUES (" +
        std::to_string(plan_id_) + ", 't/" + tenant_uuid_ +
        "/gone', 'gone.png', 'image/png', 1, '', 1,"
        " UTC_TIMESTAMP(3) - INTERVAL 1 HOUR)");
    return QueryOne(db, "SELECT MAX(id) FROM attachments");
  }

  // Every insert into the tenant's `table` fails as a full disk or a
  // constraint would: an error from the server, the connection stays.
  void FailInserts(const std::string& table) {
    AdminTenantDb(tenant_).Execute(
        "CREATE TRIGGER test_fail_" + table + " BEFORE INSERT ON " + table +
        " FOR EACH ROW SIGNAL SQLSTATE '45000'"
        " SET MESSAGE_TEXT = 'insert refused by the test'");
  }

  void AllowInserts(const std::string& table) {
    AdminTenantDb(tenant_).Execute("DROP TRIGGER test_fail_" + table);
  }

  static int64_t CreatePlan(const TestTenant& tenant, const TestUser& user) {
    Db& db = AdminTenantDb(tenant);
    std::string uid = std::to_string(user.id);
    db.Execute(
        "INSERT INTO plans (title, description, created_by, updated_by)"
        " VALUES ('Evidence', '', " +
        uid + ", " + uid + ")");
    return std::stoll(QueryOne(db, "SELECT MAX(id) FROM plans"));
  }

  static std::string CreateTask(const TestTenant& tenant, int64_t plan_id,
                                const TestUser& user) {
    Db& db = AdminTenantDb(tenant);
    db.Execute(
        "INSERT INTO tasks (plan_id, title, description, created_by)"
        " VALUES (" +
        std::to_string(plan_id) + ", 'Fix', '', " + std::to_string(user.id) +
        ")");
    return QueryOne(db, "SELECT MAX(id) FROM tasks");
  }

  static std::string PlanPath(int64_t plan_id) {
    return "/api/plans/" + std::to_string(plan_id) + "/attachments";
  }

  static std::string DownloadPath(const HttpResult& upload) {
    return "/api/attachments/" +
           std::to_string(upload.json()["id"].get<int64_t>());
  }

  static HttpResult UploadFile(
      HttpClient& http, int64_t plan_id, const std::string& data,
      const std::string& filename,
      const std::string& type = "application/octet-stream") {
    return http.PostMultipart(PlanPath(plan_id),
                              {{"file", filename, type, data}});
  }

  // One file part with the boundary "ZZ" and the filename as given.
  static std::string Multipart(const std::string& data,
                               const std::string& filename) {
    return "--ZZ\r\nContent-Disposition: form-data; name=\"file\"; "
           "filename=\"" +
           filename + "\"\r\nContent-Type: image/png\r\n\r\n" + data +
           "\r\n--ZZ--\r\n";
  }

  static bool Contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }

  static bool IsUuid(const std::string& text) {
    return text.size() == 36 && text[8] == '-' && text[14] == '4';
  }

  size_t ObjectCount() {
    Result<std::vector<ObjectInfo>> objects =
        Storage().List("t/" + tenant_uuid_ + "/");
    CPPUNIT_ASSERT_MESSAGE(objects.status().message(), objects.ok());
    return objects->size();
  }

  void AssertNothingStored() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("0"),
        QueryOne(AdminTenantDb(tenant_), "SELECT COUNT(*) FROM attachments"));
    CPPUNIT_ASSERT_EQUAL(size_t{0}, ObjectCount());
  }

  TestTenant tenant_;
  TestUser user_;
  std::string tenant_uuid_;
  int64_t plan_id_ = 0;
  std::unique_ptr<HttpClient> http_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(AttachmentsTest);

}  // namespace ap::test
