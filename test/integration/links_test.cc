// Short links through the real stack: create, resolve signed in and out,
// tenant isolation, expiry, visit limits, HEAD (no visit), odd paths,
// aliases, refused targets, list, delete and QR codes.
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "test/integration/fixtures.h"
#include "test/integration/http_client.h"

namespace ap::test {
namespace {

constexpr const char* kAlphabet =
    "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

std::string Error(const HttpResult& r) {
  Json j = r.json();
  return j.is_object() && j.contains("error") ? j["error"].get<std::string>()
                                              : "";
}

// A web client logged in as `user`.
struct Browser {
  explicit Browser(const TestUser& user) {
    HttpResult r = http.Login(user.login, user.password);
    if (r.status != 200) throw std::runtime_error("login failed: " + r.body);
  }

  HttpClient http;
};

Json CreateLink(HttpClient& http, const Json& body, long want = 201) {
  HttpResult r = http.PostJson("/api/links", body);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, want, r.status);
  return r.json();
}

std::string NewCode(HttpClient& http, const std::string& target) {
  return CreateLink(http, {{"target", target}})["code"].get<std::string>();
}

std::string LinkColumn(const std::string& code, const std::string& column) {
  return QueryOne(
      AdminCore(),
      "SELECT " + column + " FROM short_links WHERE code = '" + code + "'");
}

std::string UniqueTarget() { return "/plans/" + UniqueSuffix(); }

}  // namespace

class LinksTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LinksTest);
  CPPUNIT_TEST(testCreateReturnsCodeAndShortUrl);
  CPPUNIT_TEST(testResolveSignedInRedirectsToExactTarget);
  CPPUNIT_TEST(testResolveSignedOutGoesToLoginThenTarget);
  CPPUNIT_TEST(testUnknownCodeSignedOutAlsoGoesToLogin);
  CPPUNIT_TEST(testPendingTwoFactorGoesToLogin);
  CPPUNIT_TEST(testOtherTenantGetsSame404AsUnknown);
  CPPUNIT_TEST(testExpiredLinkIs404);
  CPPUNIT_TEST(testUsedUpLinkIs404);
  CPPUNIT_TEST(testHeadCountsNoVisit);
  CPPUNIT_TEST(testHeadOfUsedUpLinkIs404);
  CPPUNIT_TEST(testOddPathsGetTheNotFoundPage);
  CPPUNIT_TEST(testOddPathsSignedOutGetTheNotFoundPage);
  CPPUNIT_TEST(testCreateIsIdempotentPerTargetAndTenant);
  CPPUNIT_TEST(testAdminChoosesAlias);
  CPPUNIT_TEST(testAliasCollisionIs409);
  CPPUNIT_TEST(testMemberMayNotChooseAlias);
  CPPUNIT_TEST(testReservedAliasIsRefused);
  CPPUNIT_TEST(testDeletedAliasCanBeTakenAgain);
  CPPUNIT_TEST(testRefusedTargetsAre400);
  CPPUNIT_TEST(testInvalidExpiryAndVisitLimitAre400);
  CPPUNIT_TEST(testListIsPagedAndOwnTenantOnly);
  CPPUNIT_TEST(testDeleteByCreatorOrAdminOnly);
  CPPUNIT_TEST(testDeleteOfOtherTenantsLinkIs404);
  CPPUNIT_TEST(testQrCodeAsSvgAndPng);
  CPPUNIT_TEST(testCreateNeedsSessionAndCsrf);
  CPPUNIT_TEST(testManyLinksHaveUniqueRandomCodes);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    tenant_ = CreateTenant("links");
    member_ = CreateUser(tenant_, "member");
    admin_ = CreateUser(tenant_, "admin");
  }

  void testCreateReturnsCodeAndShortUrl() {
    Browser b(member_);
    Json link = CreateLink(b.http, {{"target", "/plans/17"}});
    std::string code = link["code"];
    CPPUNIT_ASSERT_EQUAL(size_t{10}, code.size());
    CPPUNIT_ASSERT(code.find_first_not_of(kAlphabet) == std::string::npos);
    CPPUNIT_ASSERT_EQUAL(BaseUrl() + "/s/" + code,
                         link["short_url"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("/plans/17"),
                         link["target"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(member_.id, link["created_by"].get<int64_t>());
    CPPUNIT_ASSERT_EQUAL(int64_t{0}, link["visits"].get<int64_t>());
    CPPUNIT_ASSERT(link["expires_at"].is_null());
    CPPUNIT_ASSERT(link["last_visit_at"].is_null());
    // ISO 8601 UTC with milliseconds: "2026-12-03T18:25:21.484Z".
    std::string created = link["created_at"];
    CPPUNIT_ASSERT_EQUAL(size_t{24}, created.size());
    CPPUNIT_ASSERT(created[10] == 'T' && created[19] == '.' &&
                   created.back() == 'Z');

    CPPUNIT_ASSERT_EQUAL(std::to_string(tenant_.id),
                         LinkColumn(code, "tenant_id"));
    CPPUNIT_ASSERT_EQUAL(std::string("/plans/17"), LinkColumn(code, "target"));
    CPPUNIT_ASSERT_EQUAL(std::string("1"),
                         LinkColumn(code,
                                    "target_hash = UNHEX(SHA2(target,"
                                    " 256))"));
  }

  void testResolveSignedInRedirectsToExactTarget() {
    Browser b(member_);
    std::string target = "/plans?status=open&owner=me#top";
    std::string code = NewCode(b.http, target);
    HttpResult r = b.http.Get("/s/" + code);
    CPPUNIT_ASSERT_EQUAL(302L, r.status);
    CPPUNIT_ASSERT_EQUAL(target, r.Header("location"));
    CPPUNIT_ASSERT_EQUAL(std::string("1"), LinkColumn(code, "visits"));
    CPPUNIT_ASSERT(!LinkColumn(code, "last_visit_at").empty());
  }

  void testResolveSignedOutGoesToLoginThenTarget() {
    Browser creator(member_);
    std::string code = NewCode(creator.http, "/plans/42");

    HttpClient visitor;
    HttpResult first = visitor.Get("/s/" + code);
    CPPUNIT_ASSERT_EQUAL(302L, first.status);
    CPPUNIT_ASSERT_EQUAL("/login.html?next=%2Fs%2F" + code,
                         first.Header("location"));
    CPPUNIT_ASSERT_EQUAL(std::string("0"), LinkColumn(code, "visits"));

    CPPUNIT_ASSERT_EQUAL(200L,
                         visitor.Login(admin_.login, admin_.password).status);
    HttpResult second = visitor.Get("/s/" + code);
    CPPUNIT_ASSERT_EQUAL(302L, second.status);
    CPPUNIT_ASSERT_EQUAL(std::string("/plans/42"), second.Header("location"));
  }

  void testUnknownCodeSignedOutAlsoGoesToLogin() {
    // A stranger cannot tell a live code from an unknown one.
    HttpClient visitor;
    HttpResult r = visitor.Get("/s/zzzzzzzzzz");
    CPPUNIT_ASSERT_EQUAL(302L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("/login.html?next=%2Fs%2Fzzzzzzzzzz"),
                         r.Header("location"));
  }

  void testPendingTwoFactorGoesToLogin() {
    Browser creator(member_);
    std::string code = NewCode(creator.http, "/plans/7");
    TestUser with_2fa = CreateUser(tenant_, "member");
    AdminCore().Execute(
        "INSERT INTO user_totp (user_id, secret_sealed, enabled_at) VALUES (" +
        std::to_string(with_2fa.id) + ", 'x', UTC_TIMESTAMP(3))");

    HttpClient half;
    HttpResult login = half.Login(with_2fa.login, with_2fa.password);
    CPPUNIT_ASSERT_EQUAL(std::string("pending_2fa"),
                         login.json()["state"].get<std::string>());
    HttpResult r = half.Get("/s/" + code);
    CPPUNIT_ASSERT_EQUAL(302L, r.status);
    CPPUNIT_ASSERT_EQUAL("/login.html?next=%2Fs%2F" + code,
                         r.Header("location"));
    CPPUNIT_ASSERT_EQUAL(std::string("0"), LinkColumn(code, "visits"));
  }

  void testOtherTenantGetsSame404AsUnknown() {
    Browser owner(member_);
    std::string code = NewCode(owner.http, "/plans/1");
    TestTenant other = CreateTenant("links-other");
    Browser stranger(CreateUser(other, "admin"));

    HttpResult foreign = stranger.http.Get("/s/" + code);
    HttpResult unknown = stranger.http.Get("/s/zzzzzzzzzz");
    HttpResult malformed = stranger.http.Get("/s/a.b");
    CPPUNIT_ASSERT_EQUAL(404L, foreign.status);
    CPPUNIT_ASSERT_EQUAL(404L, unknown.status);
    CPPUNIT_ASSERT_EQUAL(404L, malformed.status);
    CPPUNIT_ASSERT_EQUAL(unknown.body, foreign.body);
    CPPUNIT_ASSERT_EQUAL(unknown.body, malformed.body);
    CPPUNIT_ASSERT_EQUAL(unknown.Header("content-type"),
                         foreign.Header("content-type"));
    CPPUNIT_ASSERT(foreign.Header("content-type").find("text/html") == 0);
    CPPUNIT_ASSERT(foreign.Header("location").empty());
    CPPUNIT_ASSERT_EQUAL(std::string("0"), LinkColumn(code, "visits"));
  }

  void testExpiredLinkIs404() {
    Browser b(member_);
    Json link = CreateLink(b.http, {{"target", "/plans/3"},
                                    {"expires_at", "2099-01-01T00:00:00Z"}});
    CPPUNIT_ASSERT_EQUAL(std::string("2099-01-01T00:00:00.000Z"),
                         link["expires_at"].get<std::string>());
    std::string code = link["code"];
    CPPUNIT_ASSERT_EQUAL(302L, b.http.Get("/s/" + code).status);

    AdminCore().Execute(
        "UPDATE short_links SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 "
        "SECOND WHERE code = '" +
        code + "'");
    HttpResult r = b.http.Get("/s/" + code);
    CPPUNIT_ASSERT_EQUAL(404L, r.status);
    CPPUNIT_ASSERT_EQUAL(b.http.Get("/s/zzzzzzzzzz").body, r.body);
    CPPUNIT_ASSERT_EQUAL(std::string("1"), LinkColumn(code, "visits"));
  }

  void testUsedUpLinkIs404() {
    Browser b(member_);
    Json link = CreateLink(b.http, {{"target", "/plans/5"}, {"max_visits", 2}});
    std::string code = link["code"];
    CPPUNIT_ASSERT_EQUAL(int64_t{2}, link["max_visits"].get<int64_t>());
    CPPUNIT_ASSERT_EQUAL(302L, b.http.Get("/s/" + code).status);
    CPPUNIT_ASSERT_EQUAL(302L, b.http.Get("/s/" + code).status);
    HttpResult third = b.http.Get("/s/" + code);
    CPPUNIT_ASSERT_EQUAL(404L, third.status);
    CPPUNIT_ASSERT_EQUAL(b.http.Get("/s/zzzzzzzzzz").body, third.body);
    CPPUNIT_ASSERT_EQUAL(std::string("2"), LinkColumn(code, "visits"));
  }

  void testHeadCountsNoVisit() {
    // A chat app's previewer must not use up a one-visit link.
    Browser b(member_);
    Json link = CreateLink(b.http, {{"target", "/plans/9"}, {"max_visits", 1}});
    std::string code = link["code"];
    for (int i = 0; i < 3; ++i) {
      HttpResult head = b.http.Send("HEAD", "/s/" + code, "", {});
      CPPUNIT_ASSERT_EQUAL(302L, head.status);
      CPPUNIT_ASSERT_EQUAL(std::string("/plans/9"), head.Header("location"));
    }
    CPPUNIT_ASSERT_EQUAL(std::string("0"), LinkColumn(code, "visits"));
    CPPUNIT_ASSERT_EQUAL(std::string("1"),
                         LinkColumn(code, "last_visit_at IS NULL"));

    HttpResult get = b.http.Get("/s/" + code);
    CPPUNIT_ASSERT_EQUAL(302L, get.status);
    CPPUNIT_ASSERT_EQUAL(std::string("/plans/9"), get.Header("location"));
    CPPUNIT_ASSERT_EQUAL(std::string("1"), LinkColumn(code, "visits"));
  }

  void testHeadOfUsedUpLinkIs404() {
    Browser b(member_);
    Json link = CreateLink(b.http, {{"target", "/plans/9"}, {"max_visits", 1}});
    std::string code = link["code"];
    CPPUNIT_ASSERT_EQUAL(302L, b.http.Get("/s/" + code).status);
    HttpResult head = b.http.Send("HEAD", "/s/" + code, "", {});
    CPPUNIT_ASSERT_EQUAL(404L, head.status);
    CPPUNIT_ASSERT(head.Header("location").empty());
    CPPUNIT_ASSERT_EQUAL(std::string("1"), LinkColumn(code, "visits"));
  }

  void testOddPathsGetTheNotFoundPage() {
    Browser b(member_);
    HttpResult unknown = b.http.Get("/s/zzzzzzzzzz");
    CPPUNIT_ASSERT_EQUAL(404L, unknown.status);
    AssertNotFoundPages(b.http, unknown);
  }

  void testOddPathsSignedOutGetTheNotFoundPage() {
    // No code is named, so there is nothing to sign in for.
    Browser b(member_);
    HttpResult unknown = b.http.Get("/s/zzzzzzzzzz");
    HttpClient visitor;
    AssertNotFoundPages(visitor, unknown);
  }

  void testCreateIsIdempotentPerTargetAndTenant() {
    Browser b(member_);
    std::string target = UniqueTarget();
    Json first = CreateLink(b.http, {{"target", target}}, 201);
    Json again = CreateLink(b.http, {{"target", target}}, 200);
    CPPUNIT_ASSERT_EQUAL(first["code"].get<std::string>(),
                         again["code"].get<std::string>());

    // Another user of the tenant gets the same link; a limited link and
    // another tenant's link are new ones.
    Browser admin(admin_);
    CPPUNIT_ASSERT_EQUAL(
        first["code"].get<std::string>(),
        CreateLink(admin.http, {{"target", target}}, 200)["code"]
            .get<std::string>());
    Json limited =
        CreateLink(b.http, {{"target", target}, {"max_visits", 5}}, 201);
    CPPUNIT_ASSERT(limited["code"] != first["code"]);
    Browser stranger(CreateUser(CreateTenant("links-other"), "member"));
    Json foreign = CreateLink(stranger.http, {{"target", target}}, 201);
    CPPUNIT_ASSERT(foreign["code"] != first["code"]);
    CPPUNIT_ASSERT_EQUAL(std::string("2"),
                         QueryOne(AdminCore(),
                                  "SELECT COUNT(*) FROM short_links WHERE "
                                  "tenant_id = " +
                                      std::to_string(tenant_.id) +
                                      " AND target = '" + target + "'"));
  }

  void testAdminChoosesAlias() {
    Browser admin(admin_);
    std::string alias = "safety-week-" + UniqueSuffix();
    Json link = CreateLink(admin.http,
                           {{"target", "/plans?tag=safety"}, {"alias", alias}});
    CPPUNIT_ASSERT_EQUAL(alias, link["code"].get<std::string>());
    CPPUNIT_ASSERT(link["is_alias"].get<bool>());
    CPPUNIT_ASSERT_EQUAL(BaseUrl() + "/s/" + alias,
                         link["short_url"].get<std::string>());

    Browser member(member_);
    HttpResult r = member.http.Get("/s/" + alias);
    CPPUNIT_ASSERT_EQUAL(302L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("/plans?tag=safety"),
                         r.Header("location"));
  }

  void testAliasCollisionIs409() {
    Browser admin(admin_);
    std::string alias = "audit-" + UniqueSuffix();
    CreateLink(admin.http, {{"target", "/plans/1"}, {"alias", alias}});
    HttpResult same = admin.http.PostJson(
        "/api/links", {{"target", "/plans/2"}, {"alias", alias}});
    CPPUNIT_ASSERT_EQUAL(409L, same.status);
    CPPUNIT_ASSERT_EQUAL(std::string("alias_taken"), Error(same));

    // Aliases are one namespace: another tenant cannot take it either.
    Browser other(CreateUser(CreateTenant("links-other"), "admin"));
    HttpResult foreign = other.http.PostJson(
        "/api/links", {{"target", "/plans/3"}, {"alias", alias}});
    CPPUNIT_ASSERT_EQUAL(409L, foreign.status);
    CPPUNIT_ASSERT_EQUAL(std::string("/plans/1"), LinkColumn(alias, "target"));
  }

  void testMemberMayNotChooseAlias() {
    Browser member(member_);
    std::string alias = "mine-" + UniqueSuffix();
    HttpResult r = member.http.PostJson(
        "/api/links", {{"target", "/plans/1"}, {"alias", alias}});
    CPPUNIT_ASSERT_EQUAL(403L, r.status);
    CPPUNIT_ASSERT(LinkColumn(alias, "id").empty());
  }

  void testReservedAliasIsRefused() {
    Browser admin(admin_);
    for (const char* word : {"api", "login", "admin", "static", "plans"}) {
      HttpResult r = admin.http.PostJson(
          "/api/links", {{"target", "/plans/1"}, {"alias", word}});
      CPPUNIT_ASSERT_EQUAL_MESSAGE(word, 400L, r.status);
      CPPUNIT_ASSERT_EQUAL(std::string("reserved_alias"), Error(r));
    }
    HttpResult bad = admin.http.PostJson(
        "/api/links", {{"target", "/plans/1"}, {"alias", "Not OK"}});
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_alias"), Error(bad));
  }

  void testDeletedAliasCanBeTakenAgain() {
    Browser admin(admin_);
    std::string alias = "again-" + UniqueSuffix();
    CreateLink(admin.http, {{"target", "/plans/1"}, {"alias", alias}});
    CPPUNIT_ASSERT_EQUAL(204L, admin.http.Delete("/api/links/" + alias).status);
    CreateLink(admin.http, {{"target", "/plans/2"}, {"alias", alias}});
    HttpResult r = admin.http.Get("/s/" + alias);
    CPPUNIT_ASSERT_EQUAL(std::string("/plans/2"), r.Header("location"));
  }

  void testRefusedTargetsAre400() {
    Browser b(member_);
    std::string before = CountLinks();
    for (const char* target : {"https://evil.example/plans",
                               "http://127.0.0.1:8443/plans",
                               "//evil.example",
                               "///evil.example",
                               "/\\evil.example",
                               "\\\\evil.example",
                               "/plans\\17",
                               "/\t/evil.example",
                               "/plans\r\nX: y",
                               "/plans 17",
                               "/plans\x7f",
                               "javascript:alert(1)",
                               "/x?u=JavaScript:alert(1)",
                               "/%2f%2fevil.example",
                               "%2f%2fevil.example",
                               "/%5cevil.example",
                               "/%252f/evil.example",
                               "/plans/../s/x",
                               "/s/abcdefgh23",
                               "plans/17",
                               ""}) {
      HttpResult r = b.http.PostJson("/api/links", {{"target", target}});
      CPPUNIT_ASSERT_EQUAL_MESSAGE(target, 400L, r.status);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(target, std::string("invalid_target"),
                                   Error(r));
    }
    HttpResult nul = b.http.PostJson("/api/links",
                                     {{"target", std::string("/plans\0x", 8)}});
    CPPUNIT_ASSERT_EQUAL(400L, nul.status);
    HttpResult too_long = b.http.PostJson(
        "/api/links", {{"target", "/" + std::string(2000, 'a')}});
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_target"), Error(too_long));
    CPPUNIT_ASSERT_EQUAL(before, CountLinks());
  }

  void testInvalidExpiryAndVisitLimitAre400() {
    Browser b(member_);
    HttpResult past = b.http.PostJson(
        "/api/links",
        {{"target", "/plans/1"}, {"expires_at", "2000-01-01T00:00:00Z"}});
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_expires_at"), Error(past));
    HttpResult zero = b.http.PostJson(
        "/api/links", {{"target", "/plans/1"}, {"max_visits", 0}});
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_max_visits"), Error(zero));
    HttpResult unknown = b.http.PostJson(
        "/api/links", {{"target", "/plans/1"}, {"tenant_id", 1}});
    CPPUNIT_ASSERT_EQUAL(std::string("unknown_field"), Error(unknown));
  }

  void testListIsPagedAndOwnTenantOnly() {
    Browser b(member_);
    std::vector<std::string> made;
    for (int i = 0; i < 3; ++i) made.push_back(NewCode(b.http, UniqueTarget()));
    Browser other(CreateUser(CreateTenant("links-other"), "member"));
    std::string foreign = NewCode(other.http, UniqueTarget());

    HttpResult page1 = b.http.Get("/api/links?limit=2");
    CPPUNIT_ASSERT_EQUAL(200L, page1.status);
    Json j1 = page1.json();
    CPPUNIT_ASSERT_EQUAL(size_t{2}, j1["items"].size());
    CPPUNIT_ASSERT_EQUAL(made[2], j1["items"][0]["code"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(made[1], j1["items"][1]["code"].get<std::string>());
    CPPUNIT_ASSERT(j1["items"][0].contains("target"));
    CPPUNIT_ASSERT(j1["items"][0].contains("visits"));

    Json j2 = b.http
                  .Get("/api/links?limit=2&cursor=" +
                       j1["next_cursor"].get<std::string>())
                  .json();
    CPPUNIT_ASSERT_EQUAL(size_t{1}, j2["items"].size());
    CPPUNIT_ASSERT_EQUAL(made[0], j2["items"][0]["code"].get<std::string>());
    CPPUNIT_ASSERT(j2["next_cursor"].is_null());
    CPPUNIT_ASSERT(b.http.Get("/api/links").body.find(foreign) ==
                   std::string::npos);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_limit"),
                         Error(b.http.Get("/api/links?limit=0")));
  }

  void testDeleteByCreatorOrAdminOnly() {
    Browser creator(member_);
    std::string code = NewCode(creator.http, UniqueTarget());
    Browser colleague(CreateUser(tenant_, "member"));
    HttpResult refused = colleague.http.Delete("/api/links/" + code);
    CPPUNIT_ASSERT_EQUAL(403L, refused.status);
    CPPUNIT_ASSERT(LinkColumn(code, "deleted_at").empty());

    CPPUNIT_ASSERT_EQUAL(204L,
                         creator.http.Delete("/api/links/" + code).status);
    CPPUNIT_ASSERT(!LinkColumn(code, "deleted_at").empty());
    CPPUNIT_ASSERT_EQUAL(404L, creator.http.Get("/s/" + code).status);
    CPPUNIT_ASSERT(creator.http.Get("/api/links").body.find(code) ==
                   std::string::npos);
    CPPUNIT_ASSERT_EQUAL(404L,
                         creator.http.Delete("/api/links/" + code).status);

    std::string second = NewCode(creator.http, UniqueTarget());
    Browser admin(admin_);
    CPPUNIT_ASSERT_EQUAL(204L,
                         admin.http.Delete("/api/links/" + second).status);
  }

  void testDeleteOfOtherTenantsLinkIs404() {
    Browser owner(member_);
    std::string code = NewCode(owner.http, UniqueTarget());
    Browser other(CreateUser(CreateTenant("links-other"), "admin"));
    HttpResult r = other.http.Delete("/api/links/" + code);
    CPPUNIT_ASSERT_EQUAL(404L, r.status);
    CPPUNIT_ASSERT_EQUAL(r.body,
                         other.http.Delete("/api/links/zzzzzzzzzz").body);
    CPPUNIT_ASSERT(LinkColumn(code, "deleted_at").empty());
    CPPUNIT_ASSERT_EQUAL(404L,
                         other.http.Get("/api/links/" + code + "/qr").status);
  }

  void testQrCodeAsSvgAndPng() {
    Browser b(member_);
    std::string code = NewCode(b.http, UniqueTarget());
    HttpResult svg = b.http.Get("/api/links/" + code + "/qr");
    CPPUNIT_ASSERT_EQUAL(200L, svg.status);
    // nginx may add "; charset=utf-8" to SVG, a text format.
    CPPUNIT_ASSERT(svg.Header("content-type").rfind("image/svg+xml", 0) == 0);
    CPPUNIT_ASSERT(svg.Header("content-disposition").find("inline") == 0);
    CPPUNIT_ASSERT(svg.body.find("<svg") == 0);

    HttpResult png = b.http.Get("/api/links/" + code + "/qr?format=png");
    CPPUNIT_ASSERT_EQUAL(200L, png.status);
    CPPUNIT_ASSERT_EQUAL(std::string("image/png"), png.Header("content-type"));
    CPPUNIT_ASSERT(png.body.rfind("\x89PNG\r\n\x1a\n", 0) == 0);
    CPPUNIT_ASSERT_EQUAL(
        400L, b.http.Get("/api/links/" + code + "/qr?format=gif").status);
  }

  void testCreateNeedsSessionAndCsrf() {
    HttpClient anonymous;
    CPPUNIT_ASSERT_EQUAL(
        401L,
        anonymous.PostJson("/api/links", {{"target", "/plans/1"}}).status);
    CPPUNIT_ASSERT_EQUAL(401L, anonymous.Get("/api/links").status);

    Browser b(member_);
    b.http.set_send_csrf(false);
    HttpResult r = b.http.PostJson("/api/links", {{"target", "/plans/1"}});
    CPPUNIT_ASSERT_EQUAL(403L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("csrf"), Error(r));
  }

  void testManyLinksHaveUniqueRandomCodes() {
    // 10,000 codes are checked in the generator's unit test; through the
    // API, as many as fit a few seconds.
    constexpr int kLinks = 200;
    Browser b(member_);
    std::string prefix = UniqueTarget() + "/";
    std::set<std::string> codes;
    std::map<char, int> counts;
    for (int i = 0; i < kLinks; ++i) {
      std::string code = NewCode(b.http, prefix + std::to_string(i));
      codes.insert(code);
      for (char c : code) ++counts[c];
    }
    CPPUNIT_ASSERT_EQUAL(size_t{kLinks}, codes.size());
    // 2,000 characters over 55 letters: about 36 each; none may dominate.
    for (const auto& [letter, count] : counts) {
      CPPUNIT_ASSERT(std::string(kAlphabet).find(letter) != std::string::npos);
      CPPUNIT_ASSERT_MESSAGE(std::string(1, letter), count < 90);
    }
    CPPUNIT_ASSERT(counts.size() > 45);
  }

 private:
  // Paths under /s/ that cannot hold a code get `page`, the resolver's 404
  // page, byte for byte, on GET and (without the body) on HEAD.
  static void AssertNotFoundPages(HttpClient& http, const HttpResult& page) {
    CPPUNIT_ASSERT(page.Header("content-type").find("text/html") == 0);
    for (const char* path : {"/s/", "/s", "/s/a/b", "/s/zzzzzzzzzz/x/"}) {
      HttpResult r = http.Get(path);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 404L, r.status);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path, page.body, r.body);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path, page.Header("content-type"),
                                   r.Header("content-type"));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path, std::string("no-store"),
                                   r.Header("cache-control"));
      HttpResult head = http.Send("HEAD", path, "", {});
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 404L, head.status);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path, page.Header("content-type"),
                                   head.Header("content-type"));
    }
  }

  std::string CountLinks() {
    return QueryOne(AdminCore(),
                    "SELECT COUNT(*) FROM short_links WHERE tenant_id = " +
                        std::to_string(tenant_.id));
  }

  TestTenant tenant_;
  TestUser member_;
  TestUser admin_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(LinksTest);

}  // namespace ap::test
