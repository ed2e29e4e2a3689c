// Db's prepared statement cache against the real server: a statement is
// reused with its parameters cleared, never shared by two users at once,
// and forgotten with its connection.
#include "common/db/db.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <string>

#include "test/integration/fixtures.h"

namespace ap::test {
namespace {

const std::string kEcho = "SELECT ? AS v";

std::string Echo(CachedStatement& st, const std::string& value) {
  st->setString(1, value);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  CPPUNIT_ASSERT(rs->next());
  return rs->getString("v");
}

}  // namespace

class DbTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(DbTest);
  CPPUNIT_TEST(testStatementIsReusedAfterReturn);
  CPPUNIT_TEST(testReusedStatementHasNoParametersSet);
  CPPUNIT_TEST(testSecondUserWhileResultIsReadGetsOwnStatement);
  CPPUNIT_TEST(testResetForgetsCachedStatements);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { AdminCore().Reset(); }

  void testStatementIsReusedAfterReturn() {
    Db& db = AdminCore();
    sql::PreparedStatement* first = nullptr;
    {
      CachedStatement st = db.Prepare(kEcho);
      first = st.get();
      CPPUNIT_ASSERT_EQUAL(std::string("a"), Echo(st, "a"));
    }
    CachedStatement again = db.Prepare(kEcho);
    CPPUNIT_ASSERT(again.get() == first);
    CPPUNIT_ASSERT_EQUAL(std::string("b"), Echo(again, "b"));
  }

  // A value bound by the last user must not leak into the next query.
  void testReusedStatementHasNoParametersSet() {
    Db& db = AdminCore();
    {
      CachedStatement st = db.Prepare(kEcho);
      st->setString(1, "left over");
    }
    CachedStatement again = db.Prepare(kEcho);
    CPPUNIT_ASSERT_THROW(std::unique_ptr<sql::ResultSet>(again->executeQuery()),
                         sql::SQLException);
  }

  void testSecondUserWhileResultIsReadGetsOwnStatement() {
    Db& db = AdminCore();
    CachedStatement outer = db.Prepare(kEcho);
    outer->setString(1, "outer");
    std::unique_ptr<sql::ResultSet> rs(outer->executeQuery());

    CachedStatement inner = db.Prepare(kEcho);
    CPPUNIT_ASSERT(inner.get() != outer.get());
    CPPUNIT_ASSERT_EQUAL(std::string("inner"), Echo(inner, "inner"));
    CPPUNIT_ASSERT(rs->next());
    CPPUNIT_ASSERT_EQUAL(std::string("outer"), std::string(rs->getString("v")));
  }

  void testResetForgetsCachedStatements() {
    Db& db = AdminCore();
    { CachedStatement st = db.Prepare(kEcho); }
    CPPUNIT_ASSERT_EQUAL(size_t{1}, db.cached_statements());
    CachedStatement on_loan = db.Prepare(kEcho);
    db.Reset();
    CPPUNIT_ASSERT_EQUAL(size_t{0}, db.cached_statements());
    on_loan = CachedStatement();  // comes back after the reset: dropped
    CPPUNIT_ASSERT_EQUAL(size_t{0}, db.cached_statements());
    CachedStatement fresh = db.Prepare(kEcho);
    CPPUNIT_ASSERT_EQUAL(std::string("c"), Echo(fresh, "c"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DbTest);

}  // namespace ap::test
