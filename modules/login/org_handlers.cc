#include "modules/login/org_handlers.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <map>
#include <memory>
#include <optional>

#include "common/account/user_validation.h"
#include "common/audit/audit.h"
#include "common/db/sql_time.h"
#include "common/http/json.h"
#include "common/http/query_number.h"
#include "common/text/safe_text.h"
#include "modules/login/oauth_store.h"
#include "modules/login/user_handlers.h"

namespace ap::login {
namespace {

constexpr size_t kMaxOrgNameLength = 200;
constexpr int64_t kDefaultAuditLimit = 50;
constexpr int64_t kMaxAuditLimit = 500;

Json OrgJson(Db& core, int64_t tenant_id, const OidcSettings& oidc) {
  auto st = core.Prepare(
      "SELECT slug, name, enforce_2fa, password_policy FROM tenants"
      " WHERE id = ?");
  st->setInt64(1, tenant_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return Json::object();

  // Every configured provider, allowed unless the organisation said no.
  std::map<std::string, bool> switches =
      TenantProviderSwitches(core, tenant_id);
  Json providers = Json::object();
  for (const OidcProvider& p : oidc.providers) {
    auto it = switches.find(p.name);
    providers[p.name] = it == switches.end() || it->second;
  }
  return {{"slug", rs->getString("slug")},
          {"name", rs->getString("name")},
          {"enforce_2fa", rs->getBoolean("enforce_2fa")},
          {"password_policy", rs->getString("password_policy")},
          {"oauth_providers", providers}};
}

struct OrgChange {
  std::optional<std::string> name;
  std::optional<bool> enforce_2fa;
  std::optional<std::string> policy;
  std::map<std::string, bool> providers;
};

Status ParseProviders(const Json& value, const OidcSettings& oidc,
                      OrgChange* c) {
  if (!value.is_object()) {
    return BadRequest("invalid_oauth_providers",
                      "oauth_providers must map provider names to booleans.");
  }
  for (const auto& [name, on] : value.items()) {
    if (oidc.Find(name) == nullptr) {
      return BadRequest("unknown_provider", "There is no sign-in provider '" +
                                                name.substr(0, 32) + "'.");
    }
    if (!on.is_boolean()) {
      return BadRequest("invalid_oauth_providers",
                        "oauth_providers must map provider names to booleans.");
    }
    c->providers[name] = on.get<bool>();
  }
  return Status::Ok();
}

Result<OrgChange> ParseOrgChange(const Request& req, const OidcSettings& oidc) {
  Result<Json> body = ParseJsonObject(req);
  if (!body.ok()) return body.status();
  const Json& b = *body;
  AP_RETURN_IF_ERROR(RejectUnknownFields(
      b, {"name", "enforce_2fa", "password_policy", "oauth_providers"}));
  OrgChange c;
  if (b.contains("oauth_providers")) {
    AP_RETURN_IF_ERROR(ParseProviders(b["oauth_providers"], oidc, &c));
  }
  if (b.contains("name")) {
    if (!b["name"].is_string() || b["name"].get<std::string>().empty() ||
        b["name"].get<std::string>().size() > kMaxOrgNameLength) {
      return BadRequest("invalid_name",
                        "The name must be 1 to 200 characters.");
    }
    if (HasUnsafeCharacters(b["name"].get<std::string>(), false)) {
      return BadRequest("invalid_name", kUnsafeNameMessage);
    }
    c.name = b["name"].get<std::string>();
  }
  if (b.contains("enforce_2fa")) {
    if (!b["enforce_2fa"].is_boolean()) {
      return BadRequest("invalid_enforce_2fa",
                        "enforce_2fa must be true or false.");
    }
    c.enforce_2fa = b["enforce_2fa"].get<bool>();
  }
  if (b.contains("password_policy")) {
    if (b["password_policy"] != "contract" && b["password_policy"] != "nist") {
      return BadRequest("invalid_password_policy",
                        "password_policy must be contract or nist.");
    }
    c.policy = b["password_policy"].get<std::string>();
  }
  return c;
}

std::string Describe(const OrgChange& c) {
  std::string out;
  if (c.name) out += "name; ";
  if (c.enforce_2fa) {
    out += std::string("enforce_2fa=") + (*c.enforce_2fa ? "on" : "off") + "; ";
  }
  if (c.policy) out += "password_policy=" + *c.policy + "; ";
  for (const auto& [name, on] : c.providers) {
    out += "sign-in with " + name + (on ? " on" : " off") + "; ";
  }
  if (!out.empty()) out.resize(out.size() - 2);
  return out;
}

void StoreOrgChange(Db& core, int64_t tenant_id, const OrgChange& change) {
  auto st = core.Prepare(
      "UPDATE tenants SET name = COALESCE(?, name),"
      " enforce_2fa = COALESCE(?, enforce_2fa),"
      " password_policy = COALESCE(?, password_policy),"
      " updated_at = UTC_TIMESTAMP(3) WHERE id = ?");
  if (change.name)
    st->setString(1, *change.name);
  else
    st->setNull(1, 0);
  if (change.enforce_2fa)
    st->setBoolean(2, *change.enforce_2fa);
  else
    st->setNull(2, 0);
  if (change.policy)
    st->setString(3, *change.policy);
  else
    st->setNull(3, 0);
  st->setInt64(4, tenant_id);
  st->executeUpdate();
  for (const auto& [name, on] : change.providers) {
    SetTenantProvider(core, tenant_id, name, on);
  }
}

// Once the organisation demands 2FA, the full sessions of its users who
// have none would otherwise keep everything until they end (up to
// session.absolute_seconds): they are moved to enrolment at once, so the
// next request of such a user can only enrol. That includes the admin
// making the change, if they have no 2FA either: the rule is for everyone.
// Returns how many sessions were moved.
int64_t RestrictUnenrolledSessions(Db& core, int64_t tenant_id) {
  auto st = core.Prepare(
      "UPDATE sessions s SET s.state = 'enrol_only'"
      " WHERE s.tenant_id = ? AND s.state = 'full' AND s.revoked_at IS NULL"
      " AND NOT EXISTS (SELECT 1 FROM user_totp x"
      "  WHERE x.user_id = s.user_id AND x.enabled_at IS NOT NULL)");
  st->setInt64(1, tenant_id);
  return st->executeUpdate();
}

struct AuditPage {
  int64_t limit = kDefaultAuditLimit;
  int64_t before = INT64_MAX;  // entries with a smaller ID
};

// `limit` 1-500 and `before` (an entry ID) as sent, else 400: a typo must
// not quietly show another page than the one asked for.
Result<AuditPage> ParseAuditPage(const Request& req) {
  AuditPage page;
  AP_RETURN_IF_ERROR(ReadQueryNumber(
      req, "limit", kMaxAuditLimit, "invalid_limit",
      "limit must be from 1 to " + std::to_string(kMaxAuditLimit) + ".",
      &page.limit));
  AP_RETURN_IF_ERROR(ReadQueryNumber(
      req, "before", INT64_MAX, "invalid_cursor",
      "before must be the next_before of a previous page.", &page.before));
  return page;
}

}  // namespace

Response HandleGetOrg(Context& ctx, const LoginSettings& settings) {
  return JsonResponse(
      200, OrgJson(ctx.core(), ctx.session().tenant_id, settings.oidc));
}

Response HandleUpdateOrg(Context& ctx, const LoginSettings& settings) {
  Status admin = RequireAdmin(ctx);
  if (!admin.ok()) return Response::Error(admin);
  Result<OrgChange> change = ParseOrgChange(ctx.request(), settings.oidc);
  if (!change.ok()) return Response::Error(change.status());
  const Session& session = ctx.session();
  Db& core = ctx.core();

  // One transaction: the organisation's settings change together or not,
  // and with them the sessions the new 2FA rule applies to.
  Transaction tx(core);
  StoreOrgChange(core, session.tenant_id, *change);
  int64_t restricted = 0;
  if (change->enforce_2fa.value_or(false)) {
    restricted = RestrictUnenrolledSessions(core, session.tenant_id);
  }
  tx.Commit();

  const std::string& ip = ctx.request().remote_addr;
  WriteAudit(core, {session.tenant_id, session.user_id, ip, "org_updated",
                    Describe(*change)});
  if (restricted > 0) {
    WriteAudit(core,
               {session.tenant_id, session.user_id, ip, "sessions_restricted",
                std::to_string(restricted) +
                    " sessions of users without 2FA now enrol_only"});
  }
  return JsonResponse(200, OrgJson(core, session.tenant_id, settings.oidc));
}

Response HandleOrgAudit(Context& ctx) {
  Status admin = RequireAdmin(ctx);
  if (!admin.ok()) return Response::Error(admin);
  Result<AuditPage> page = ParseAuditPage(ctx.request());
  if (!page.ok()) return Response::Error(page.status());
  int64_t limit = page->limit;

  auto st = ctx.core().Prepare("SELECT a.id, " AP_SQL_ISO_MILLIS(
      "a.at") " AS at,"
              " COALESCE(a.user_id, 0) AS user_id, COALESCE(u.login, '') AS "
              "login,"
              " a.ip, a.event, a.detail FROM audit_log a"
              " LEFT JOIN users u ON u.id = a.user_id"
              " WHERE a.tenant_id = ? AND a.id < ? ORDER BY a.id DESC LIMIT ?");
  st->setInt64(1, ctx.session().tenant_id);
  st->setInt64(2, page->before);
  st->setInt64(3, limit + 1);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());

  Json entries = Json::array();
  Json next_before = nullptr;
  while (rs->next()) {
    if (static_cast<int64_t>(entries.size()) == limit) {
      next_before = entries.back()["id"];
      break;
    }
    entries.push_back({{"id", rs->getInt64("id")},
                       {"at", rs->getString("at")},
                       {"user_id", rs->getInt64("user_id")},
                       {"login", rs->getString("login")},
                       {"ip", rs->getString("ip")},
                       {"event", rs->getString("event")},
                       {"detail", rs->getString("detail")}});
  }
  return JsonResponse(200,
                      {{"entries", entries}, {"next_before", next_before}});
}

}  // namespace ap::login
