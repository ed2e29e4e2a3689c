#include "modules/attachments/store_upload.h"

#include <cppconn/exception.h>
#include <cppunit/extensions/HelperMacros.h>

#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace ap::attachments {
namespace {

// An object store in memory that can be told to fail.
class FakeObjects : public ObjectStore {
 public:
  Status Put(const std::string& key, const StagedUpload&) override {
    if (fail_put) return Unavailable("s3", "connection refused");
    keys.insert(key);
    return Status::Ok();
  }

  Status Remove(const std::string& key) override {
    ++removes;
    if (fail_remove) return Unavailable("s3", "connection refused");
    keys.erase(key);
    return Status::Ok();
  }

  std::set<std::string> keys;
  bool fail_put = false;
  bool fail_remove = false;
  int removes = 0;
};

// A row store in memory; `fail` throws what the database would.
class FakeRows : public RowStore {
 public:
  int64_t Insert(const Attachment& row) override {
    ++inserts;
    if (fail && !commit_before_failing) fail();
    rows.push_back(row);
    if (fail) fail();
    return static_cast<int64_t>(rows.size());
  }

  int64_t FindByObjectKey(const std::string& key) override {
    ++finds;
    if (fail_find) ThrowSql(2002);
    for (size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].object_key == key) return static_cast<int64_t>(i + 1);
    }
    return 0;
  }

  static void ThrowSql(int code) {
    throw sql::SQLException("statement failed", "HY000", code);
  }

  std::vector<Attachment> rows;
  std::function<void()> fail;
  bool commit_before_failing = false;  // the COMMIT lands, then the throw
  bool fail_find = false;
  int inserts = 0;
  int finds = 0;
};

void ThrowSql(int code) { FakeRows::ThrowSql(code); }

Attachment Row() {
  Attachment row;
  row.plan_id = 7;
  row.object_key = "t/tenant/object";
  row.filename = "a.png";
  return row;
}

StagedUpload Upload() {
  StagedUpload upload;
  upload.path = "/nonexistent";
  upload.size = 4;
  return upload;
}

}  // namespace

class StoreUploadTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StoreUploadTest);
  CPPUNIT_TEST(testStoresObjectThenRow);
  CPPUNIT_TEST(testFailedPutWritesNoRow);
  CPPUNIT_TEST(testFailedInsertRemovesObjectAnd503);
  CPPUNIT_TEST(testLostConnectionRemovesObjectAndRethrows);
  CPPUNIT_TEST(testLostConnectionAfterCommitKeepsBoth);
  CPPUNIT_TEST(testLostConnectionWithDatabaseGoneKeepsObject);
  CPPUNIT_TEST(testOtherExceptionRemovesObjectAndRethrows);
  CPPUNIT_TEST(testFailedRemoveIsStill503);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testStoresObjectThenRow() {
    Result<int64_t> id = StoreUpload(objects_, rows_, Upload(), Row(), "r1");
    CPPUNIT_ASSERT(id.ok());
    CPPUNIT_ASSERT_EQUAL(int64_t{1}, *id);
    CPPUNIT_ASSERT_EQUAL(size_t{1}, objects_.keys.count("t/tenant/object"));
    CPPUNIT_ASSERT_EQUAL(std::string("t/tenant/object"),
                         rows_.rows.at(0).object_key);
    CPPUNIT_ASSERT_EQUAL(0, objects_.removes);
  }

  void testFailedPutWritesNoRow() {
    objects_.fail_put = true;
    Result<int64_t> id = StoreUpload(objects_, rows_, Upload(), Row(), "r1");
    CPPUNIT_ASSERT(id.status().code() == Code::kUnavailable);
    CPPUNIT_ASSERT_EQUAL(std::string("storage_unavailable"),
                         id.status().error());
    CPPUNIT_ASSERT_EQUAL(0, rows_.inserts);
  }

  void testFailedInsertRemovesObjectAnd503() {
    rows_.fail = [] { ThrowSql(1644); };  // what a failing trigger raises
    Result<int64_t> id = StoreUpload(objects_, rows_, Upload(), Row(), "r1");
    CPPUNIT_ASSERT(id.status().code() == Code::kUnavailable);
    CPPUNIT_ASSERT_EQUAL(std::string("db_unavailable"), id.status().error());
    CPPUNIT_ASSERT(objects_.keys.empty());
    CPPUNIT_ASSERT(rows_.rows.empty());
  }

  void testLostConnectionRemovesObjectAndRethrows() {
    // The dispatcher must see it to drop the thread's dead connections.
    rows_.fail = [] { ThrowSql(2013); };
    CPPUNIT_ASSERT_THROW(
        StoreUpload(objects_, rows_, Upload(), Row(), "r1").ok(),
        sql::SQLException);
    CPPUNIT_ASSERT_EQUAL(1, rows_.finds);
    CPPUNIT_ASSERT(objects_.keys.empty());
  }

  // The COMMIT reached the server, then the connection went: the upload
  // is stored, and removing its object would lose the bytes of a row.
  void testLostConnectionAfterCommitKeepsBoth() {
    rows_.fail = [] { ThrowSql(2013); };
    rows_.commit_before_failing = true;
    Result<int64_t> id = StoreUpload(objects_, rows_, Upload(), Row(), "r1");
    CPPUNIT_ASSERT(id.ok());
    CPPUNIT_ASSERT_EQUAL(int64_t{1}, *id);
    CPPUNIT_ASSERT_EQUAL(size_t{1}, objects_.keys.count("t/tenant/object"));
    CPPUNIT_ASSERT_EQUAL(0, objects_.removes);
  }

  // Nobody can say whether the row exists: an orphan object (found by
  // apctl gc) is the safe side of a row without its bytes.
  void testLostConnectionWithDatabaseGoneKeepsObject() {
    rows_.fail = [] { ThrowSql(2013); };
    rows_.fail_find = true;
    CPPUNIT_ASSERT_THROW(
        StoreUpload(objects_, rows_, Upload(), Row(), "r1").ok(),
        sql::SQLException);
    CPPUNIT_ASSERT_EQUAL(1, rows_.finds);
    CPPUNIT_ASSERT_EQUAL(0, objects_.removes);
  }

  void testOtherExceptionRemovesObjectAndRethrows() {
    rows_.fail = [] { throw std::runtime_error("out of memory"); };
    CPPUNIT_ASSERT_THROW(
        StoreUpload(objects_, rows_, Upload(), Row(), "r1").ok(),
        std::runtime_error);
    CPPUNIT_ASSERT(objects_.keys.empty());
  }

  void testFailedRemoveIsStill503() {
    rows_.fail = [] { ThrowSql(1205); };
    objects_.fail_remove = true;
    Result<int64_t> id = StoreUpload(objects_, rows_, Upload(), Row(), "r1");
    CPPUNIT_ASSERT_EQUAL(std::string("db_unavailable"), id.status().error());
    CPPUNIT_ASSERT_EQUAL(1, objects_.removes);
  }

 private:
  FakeObjects objects_;
  FakeRows rows_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(StoreUploadTest);

}  // namespace ap::attachments
