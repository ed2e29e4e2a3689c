#include "common/crypto/password.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace ap {
namespace {

// Cheap parameters keep the tests fast; the defaults get one test.
constexpr PasswordParams kFast{/*memory_kib=*/64, /*time_cost=*/1,
                               /*parallelism=*/1};

// Quick, yet as large as the blocks a process limit has mapped one by one.
constexpr PasswordParams kSmall{/*memory_kib=*/8192, /*time_cost=*/1,
                                /*parallelism=*/1};

// From the Argon2 reference implementation's tests: "password", salt
// "somesalt", m=65536, t=2, p=1.
const std::string kReferenceHash =
    "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$"
    "CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

template <typename F>
double FastestSeconds(F f) {
  double best = 1e9;
  for (int i = 0; i < 3; ++i) {
    auto start = std::chrono::steady_clock::now();
    f();
    std::chrono::duration<double> took =
        std::chrono::steady_clock::now() - start;
    if (took.count() < best) best = took.count();
  }
  return best;
}

}  // namespace

class PasswordTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PasswordTest);
  CPPUNIT_TEST(testDefaultsAreOwaspMinimum);
  CPPUNIT_TEST(testHashIsPhcStringWithParams);
  CPPUNIT_TEST(testVerifiesRightPassword);
  CPPUNIT_TEST(testRefusesWrongPassword);
  CPPUNIT_TEST(testSaltDiffersPerHash);
  CPPUNIT_TEST(testVerifiesReferenceVector);
  CPPUNIT_TEST(testRefusesMalformedOrOtherVariant);
  CPPUNIT_TEST(testRefusesEncodedWithEmbeddedNul);
  CPPUNIT_TEST(testBadParamsGiveEmptyHashThatNeverVerifies);
  CPPUNIT_TEST(testNeedsRehashOnlyWhenParamsDiffer);
  CPPUNIT_TEST(testNeedsRehashForMalformed);
  CPPUNIT_TEST(testCheckParams);
  CPPUNIT_TEST(testBurnCostsAboutOneVerify);
  CPPUNIT_TEST(testProcessLimitBoundsConcurrentHashes);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testDefaultsAreOwaspMinimum() {
    PasswordParams p;
    CPPUNIT_ASSERT_EQUAL(uint32_t{19456}, p.memory_kib);
    CPPUNIT_ASSERT_EQUAL(uint32_t{2}, p.time_cost);
    CPPUNIT_ASSERT_EQUAL(uint32_t{1}, p.parallelism);
    std::string h = HashPassword("secret", p);
    CPPUNIT_ASSERT_EQUAL(std::string("$argon2id$v=19$m=19456,t=2,p=1$"),
                         h.substr(0, 31));
    CPPUNIT_ASSERT(VerifyPassword("secret", h));
  }

  void testHashIsPhcStringWithParams() {
    std::string h = HashPassword("secret", kFast);
    // 16-byte salt -> 22 base64 chars, 32-byte hash -> 43.
    CPPUNIT_ASSERT_EQUAL(std::string("$argon2id$v=19$m=64,t=1,p=1$"),
                         h.substr(0, 28));
    CPPUNIT_ASSERT_EQUAL(size_t{28 + 22 + 1 + 43}, h.size());
  }

  void testVerifiesRightPassword() {
    CPPUNIT_ASSERT(
        VerifyPassword("pä55 word", HashPassword("pä55 word", kFast)));
  }

  void testRefusesWrongPassword() {
    std::string h = HashPassword("secret", kFast);
    CPPUNIT_ASSERT(!VerifyPassword("Secret", h));
    CPPUNIT_ASSERT(!VerifyPassword("", h));
    CPPUNIT_ASSERT(!VerifyPassword(std::string("secret\0", 7), h));
  }

  void testSaltDiffersPerHash() {
    std::string a = HashPassword("secret", kFast);
    std::string b = HashPassword("secret", kFast);
    CPPUNIT_ASSERT(a != b);
    CPPUNIT_ASSERT(VerifyPassword("secret", b));
  }

  void testVerifiesReferenceVector() {
    CPPUNIT_ASSERT(VerifyPassword("password", kReferenceHash));
    CPPUNIT_ASSERT(!VerifyPassword("passwore", kReferenceHash));
  }

  void testRefusesMalformedOrOtherVariant() {
    std::string h = HashPassword("secret", kFast);
    std::string argon2i = "$argon2i$" + h.substr(10);
    for (const std::string& bad :
         {std::string(), std::string("secret"), argon2i, h.substr(0, 60),
          h + "x", std::string("$argon2id$v=19$m=64,t=1,p=1$$")}) {
      CPPUNIT_ASSERT_MESSAGE(bad, !VerifyPassword("secret", bad));
    }
  }

  void testRefusesEncodedWithEmbeddedNul() {
    std::string h = HashPassword("secret", kFast);
    CPPUNIT_ASSERT(!VerifyPassword("secret", h + std::string("\0junk", 5)));
  }

  void testBadParamsGiveEmptyHashThatNeverVerifies() {
    PasswordParams bad{/*memory_kib=*/1, /*time_cost=*/1, /*parallelism=*/1};
    std::string h = HashPassword("secret", bad);
    CPPUNIT_ASSERT(h.empty());
    CPPUNIT_ASSERT(!VerifyPassword("", h));
  }

  void testNeedsRehashOnlyWhenParamsDiffer() {
    std::string h = HashPassword("secret", kFast);
    CPPUNIT_ASSERT(!NeedsRehash(h, kFast));
    CPPUNIT_ASSERT(NeedsRehash(h, PasswordParams()));
    CPPUNIT_ASSERT(NeedsRehash(h, PasswordParams{64, 2, 1}));
    CPPUNIT_ASSERT(NeedsRehash(h, PasswordParams{64, 1, 2}));
    CPPUNIT_ASSERT(!NeedsRehash(kReferenceHash, PasswordParams{65536, 2, 1}));
  }

  void testNeedsRehashForMalformed() {
    CPPUNIT_ASSERT(NeedsRehash("", kFast));
    CPPUNIT_ASSERT(
        NeedsRehash("$argon2i$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA", kFast));
    CPPUNIT_ASSERT(
        NeedsRehash("$argon2id$v=16$m=64,t=1,p=1$c2FsdA$aGFzaA", kFast));
    CPPUNIT_ASSERT(NeedsRehash("$argon2id$v=19$m=64,t=1$c2FsdA$aGFzaA", kFast));
    CPPUNIT_ASSERT(NeedsRehash("$argon2id$v=19$m=,t=1,p=1$c2FsdA", kFast));
  }

  void testCheckParams() {
    CPPUNIT_ASSERT(CheckPasswordParams(PasswordParams()).ok());
    CPPUNIT_ASSERT(CheckPasswordParams({65536, 3, 4}).ok());
    CPPUNIT_ASSERT(!CheckPasswordParams(kFast).ok());
    CPPUNIT_ASSERT(!CheckPasswordParams({19456, 0, 1}).ok());
    CPPUNIT_ASSERT(!CheckPasswordParams({19456, 2, 0}).ok());
    CPPUNIT_ASSERT(!CheckPasswordParams({8u * 1024 * 1024, 2, 1}).ok());
  }

  void testBurnCostsAboutOneVerify() {
    // Loose bounds: the point is that the burn is a real Argon2id run of
    // the same cost, not a shortcut; a shared CI machine is noisy.
    PasswordParams params;
    std::string h = HashPassword("secret", params);
    double verify = FastestSeconds([&] { (void)VerifyPassword("x", h); });
    double burn = FastestSeconds([&] { BurnPasswordTime(params); });
    CPPUNIT_ASSERT_MESSAGE(
        std::to_string(burn) + " vs " + std::to_string(verify),
        burn > verify / 3 && burn < verify * 3);
  }

  // Hashes, verifies and burns all pass the one gate of the process.
  void testProcessLimitBoundsConcurrentHashes() {
    std::string h = HashPassword("secret", kSmall);
    LimitConcurrentHashes(1);
    std::atomic<int> verified{0};
    std::vector<std::thread> crowd;
    for (int i = 0; i < 6; ++i) {
      crowd.emplace_back([&h, &verified, i] {
        if (i % 3 == 0) (void)HashPassword("secret", kSmall);
        if (i % 3 == 1 && VerifyPassword("secret", h)) ++verified;
        if (i % 3 == 2) BurnPasswordTime(kSmall);
      });
    }
    for (std::thread& t : crowd) t.join();
    LimitConcurrentHashes(0);
    CPPUNIT_ASSERT_EQUAL(2, verified.load());
    CPPUNIT_ASSERT_EQUAL(size_t{1}, PeakConcurrentHashes());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PasswordTest);

}  // namespace ap
