// Unit test runner: runs every registered CppUnit test (or those whose name
// contains argv[1]), prints each failure, and ends with one line
// "N passed, N failed" that CI reads. Exits non-zero on any failure, or when
// a filter matches no test (a mistyped filter must not pass silently).
#include <cppunit/Exception.h>
#include <cppunit/SourceLine.h>
#include <cppunit/Test.h>
#include <cppunit/TestFailure.h>
#include <cppunit/TestListener.h>
#include <cppunit/TestResult.h>
#include <cppunit/extensions/TestFactoryRegistry.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace {

// Counts tests by outcome and prints failures as they happen.
class CountingListener : public CppUnit::TestListener {
 public:
  void startTest(CppUnit::Test*) override { failed_now_ = false; }

  void addFailure(const CppUnit::TestFailure& failure) override {
    failed_now_ = true;
    const CppUnit::SourceLine line = failure.sourceLine();
    std::printf("FAIL %s (%s:%d)%s\n  %s\n", failure.failedTestName().c_str(),
                line.fileName().c_str(), line.lineNumber(),
                failure.isError() ? " [error]" : "",
                failure.thrownException()->what());
  }

  void endTest(CppUnit::Test*) override { ++(failed_now_ ? failed_ : passed_); }

  int passed() const { return passed_; }

  int failed() const { return failed_; }

 private:
  bool failed_now_ = false;
  int passed_ = 0;
  int failed_ = 0;
};

void CollectLeaves(CppUnit::Test* test, const std::string& filter,
                   std::vector<CppUnit::Test*>* out) {
  int children = test->getChildTestCount();
  if (children == 0) {
    if (test->getName().find(filter) != std::string::npos) {
      out->push_back(test);
    }
    return;
  }
  for (int i = 0; i < children; ++i) {
    CollectLeaves(test->getChildTestAt(i), filter, out);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string filter = argc > 1 ? argv[1] : "";
  // The tree owns every test; the leaves below only borrow them.
  std::unique_ptr<CppUnit::Test> root(
      CppUnit::TestFactoryRegistry::getRegistry().makeTest());
  std::vector<CppUnit::Test*> tests;
  CollectLeaves(root.get(), filter, &tests);

  CppUnit::TestResult result;
  CountingListener listener;
  result.addListener(&listener);
  for (CppUnit::Test* test : tests) test->run(&result);

  std::printf("%d passed, %d failed\n", listener.passed(), listener.failed());
  if (tests.empty() && !filter.empty()) {
    std::fprintf(stderr, "no test name contains \"%s\"\n", filter.c_str());
    return 1;
  }
  return listener.failed() == 0 ? 0 : 1;
}
