#include "common/crypto/hash_gate.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <thread>
#include <vector>

namespace ap {
namespace {

// `threads` threads each pass the gate once, holding it a few ms.
void Crowd(HashGate& gate, int threads) {
  std::vector<std::thread> crowd;
  for (int i = 0; i < threads; ++i) {
    crowd.emplace_back([&gate] {
      HashGate::Pass pass(gate);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    });
  }
  for (std::thread& t : crowd) t.join();
}

}  // namespace

class HashGateTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(HashGateTest);
  CPPUNIT_TEST(testNeverLetsMoreThanLimitIn);
  CPPUNIT_TEST(testLimitOfOneSerialises);
  CPPUNIT_TEST(testZeroMeansNoLimit);
  CPPUNIT_TEST(testRaisingLimitLetsWaitersIn);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testNeverLetsMoreThanLimitIn() {
    HashGate gate(2);
    Crowd(gate, 8);
    CPPUNIT_ASSERT_EQUAL(size_t{2}, gate.peak());
  }

  void testLimitOfOneSerialises() {
    HashGate gate(1);
    Crowd(gate, 4);
    CPPUNIT_ASSERT_EQUAL(size_t{1}, gate.peak());
  }

  void testZeroMeansNoLimit() {
    HashGate gate(0);
    HashGate::Pass a(gate);
    HashGate::Pass b(gate);
    HashGate::Pass c(gate);
    CPPUNIT_ASSERT_EQUAL(size_t{3}, gate.peak());
  }

  void testRaisingLimitLetsWaitersIn() {
    HashGate gate(1);
    HashGate::Pass held(gate);
    std::thread waiter([&gate] { HashGate::Pass pass(gate); });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CPPUNIT_ASSERT_EQUAL(size_t{1}, gate.peak());
    gate.SetLimit(2);
    waiter.join();
    CPPUNIT_ASSERT_EQUAL(size_t{2}, gate.peak());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HashGateTest);

}  // namespace ap
