#include "modules/login/oauth_handlers.h"

#include <algorithm>
#include <ctime>
#include <optional>

#include "common/account/login_throttle.h"
#include "common/account/password_state.h"
#include "common/audit/audit.h"
#include "common/crypto/hash.h"
#include "common/http/json.h"
#include "common/http_client/http_post.h"
#include "common/log/log.h"
#include "common/session/session_store.h"
#include "modules/login/oauth_store.h"

namespace ap::login {
namespace {

// Binds a sign-in to the browser that started it: the state row keeps the
// hash of this cookie's value, and the callback must present the value.
constexpr std::string_view kBindingCookie = "__Host-ap_oauth";
constexpr size_t kMaxStateLength = 128;
constexpr size_t kMaxCodeLength = 2048;

bool IsBase64UrlSecret(const std::string& text) {
  return text.size() == 43 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c == '-' || c == '_';
         });
}

// The nonce and the PKCE verifier of one sign-in, derived from the
// browser's binding secret and the state, so neither is stored anywhere:
// whoever lacks the cookie cannot redeem the code nor match the nonce.
std::string Derive(const std::string& binding, const char* label,
                   const std::string& state) {
  return Base64UrlEncode(HmacSha256(binding, std::string(label) + ":" + state));
}

std::string RedirectUri(const LoginSettings& settings,
                        const std::string& provider) {
  return settings.public_url + "/auth/oauth/" + provider + "/callback";
}

std::string BindingCookie(const std::string& binding, int64_t seconds) {
  return std::string(kBindingCookie) + "=" + binding +
         "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=" +
         std::to_string(seconds);
}

SessionState StateAfterProvider(const OauthAccount& account) {
  if (account.has_2fa) return SessionState::kPending2fa;
  if (account.tenant_enforces_2fa) return SessionState::kEnrolOnly;
  return SessionState::kFull;
}

struct Begun {
  std::string url;
  std::string cookie;
};

// Records a new sign-in and gives the provider's URL for it. The browser's
// binding secret is kept when it has one, so two tabs signing in at once
// do not undo each other.
Result<Begun> BeginFlow(Context& ctx, const LoginSettings& settings,
                        OidcClient& client, OauthPurpose purpose,
                        int64_t session_id, const std::string& next) {
  std::string binding = ctx.request().Cookie(kBindingCookie);
  if (!IsBase64UrlSecret(binding)) binding = RandomToken();
  std::string state = RandomToken();
  const std::string& name = client.provider().name;

  Result<std::string> url = client.AuthorizeUrl(
      RedirectUri(settings, name), state, Derive(binding, "nonce", state),
      Base64UrlEncode(Sha256(Derive(binding, "pkce", state))));
  if (!url.ok()) return url.status();

  Db& core = ctx.core();
  PurgeOldStates(core);
  SaveState(core, {state, binding, name, purpose, session_id, next,
                   ctx.request().remote_addr, settings.oidc.state_seconds});
  return Begun{*url, BindingCookie(binding, settings.oidc.state_seconds)};
}

// Ends a callback that cannot sign anyone in: written to the audit log
// and the log, and the browser goes back to the page it came from with a
// code the page explains. Nothing else changes.
class CallbackEnd {
 public:
  CallbackEnd(Context& ctx, std::string provider)
      : ctx_(ctx), provider_(std::move(provider)) {}

  void set_row(const OauthStateRow& row) { row_ = row; }

  void set_account(const OauthAccount& account) { account_ = account; }

  Response Refuse(const std::string& code, const std::string& why) {
    std::string detail = "provider=" + provider_ + ": " + why;
    LogWarn("security: oauth sign-in refused (" + code + ", " + detail +
            ") from " + ctx_.request().remote_addr);
    WriteAudit(
        ctx_.core(),
        {account_ ? account_->tenant_id : 0, account_ ? account_->user_id : 0,
         ctx_.request().remote_addr,
         linking() ? "identity_link_failure" : "oauth_login_failure", detail});
    if (linking()) {
      return Response::Redirect(302,
                                "/account?" + FormEncode({{"error", code}}));
    }
    std::string next = row_ ? row_->next_path : "/";
    return Response::Redirect(
        302, "/login?" + FormEncode({{"error", code}, {"next", next}}));
  }

 private:
  bool linking() const { return row_ && row_->purpose == OauthPurpose::kLink; }

  Context& ctx_;
  std::string provider_;
  std::optional<OauthStateRow> row_;
  std::optional<OauthAccount> account_;
};

// Provider error codes are short ASCII words; anything else is not echoed.
std::string SafeWord(const std::string& text) {
  std::string out = text.substr(0, 64);
  bool plain = std::all_of(out.begin(), out.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
  return plain ? out : "(unreadable)";
}

Response FinishLink(Context& ctx, const OauthStateRow& row,
                    const oidc::Claims& claims, const std::string& provider,
                    CallbackEnd& end) {
  if (!ctx.has_session() || ctx.session().id != row.session_id ||
      ctx.session().state != SessionState::kFull) {
    return end.Refuse("oauth_failed",
                      "linking: the session that asked for it has ended");
  }
  const Session& session = ctx.session();
  Db& core = ctx.core();
  if (!TenantAllowsProvider(core, session.tenant_id, provider)) {
    return end.Refuse("oauth_disabled", "the organisation turned it off");
  }
  LinkOutcome outcome = LinkIdentity(core, session.user_id, provider,
                                     claims.subject, claims.email);
  if (outcome == LinkOutcome::kTakenByOther) {
    return end.Refuse("oauth_identity_taken",
                      "the identity is linked to another user");
  }

  WriteAudit(core,
             {session.tenant_id, session.user_id, ctx.request().remote_addr,
              "identity_linked", "provider=" + provider});
  return Response::Redirect(302,
                            "/account?" + FormEncode({{"linked", provider}}));
}

Response FinishLogin(Context& ctx, const LoginSettings& settings,
                     const OauthStateRow& row, const oidc::Claims& claims,
                     const std::string& provider, CallbackEnd& end) {
  Db& core = ctx.core();
  const Request& req = ctx.request();

  // The identity signs in the user it is linked to; an unlinked one only
  // the active user whose e-mail the provider vouches for.
  bool by_email = false;
  std::optional<OauthAccount> account =
      FindAccountByIdentity(core, provider, claims.subject);
  if (!account && claims.email_verified) {
    account = FindActiveAccountByEmail(core, claims.email);
    by_email = account.has_value();
  }
  if (account) end.set_account(*account);

  LoginThrottle throttle(settings.limits);
  std::string account_key =
      LoginThrottle::AccountKey(account ? account->user_id : 0,
                                "oauth:" + provider + ":" + claims.subject);
  std::string ip_key = LoginThrottle::IpKey(req.remote_addr);
  if (throttle.Check(core, account_key, ip_key).locked()) {
    return end.Refuse("oauth_throttled", "too many failed sign-ins");
  }
  if (!account) {
    throttle.RecordFailure(core, account_key, ip_key);
    if (!claims.email.empty() && !claims.email_verified) {
      return end.Refuse("oauth_not_verified",
                        "the provider has not verified the e-mail");
    }
    return end.Refuse("oauth_no_account", "no linked or matching user");
  }
  if (!account->active) {
    throttle.RecordFailure(core, account_key, ip_key);
    return end.Refuse("oauth_no_account", "account or organisation disabled");
  }
  if (!TenantAllowsProvider(core, account->tenant_id, provider)) {
    return end.Refuse("oauth_disabled", "the organisation turned it off");
  }
  if (by_email) {
    // A user who unlinked this provider, or linked another account of it,
    // decided which one signs them in: the e-mail does not overrule that.
    if (HasIdentityRecord(core, account->user_id, provider)) {
      return end.Refuse("oauth_link_required",
                        "the user unlinked or linked another identity here");
    }
    if (LinkIdentity(core, account->user_id, provider, claims.subject,
                     claims.email) == LinkOutcome::kTakenByOther) {
      return end.Refuse("oauth_failed", "identity linked meanwhile");
    }
    WriteAudit(core, {account->tenant_id, account->user_id, req.remote_addr,
                      "identity_linked",
                      "provider=" + provider +
                          " at first sign-in"
                          " (verified e-mail)"});
  }
  TouchIdentity(core, provider, claims.subject);

  // Failures are forgotten only once the person is fully in: a session
  // still waiting for its 2FA code has proved nothing yet.
  SessionState state = StateAfterProvider(*account);
  if (state == SessionState::kFull) throttle.Reset(core, account_key);
  SessionStore store(ctx.config());
  if (ctx.has_session()) store.Revoke(core, ctx.session().id);
  SessionStore::Created created =
      store.Create(core, account->user_id, state, "web", req);
  WriteAudit(
      core,
      {account->tenant_id, account->user_id, req.remote_addr, "login_success",
       "client=web method=" + provider + " state=" + SessionStateName(state)});

  std::string target = row.next_path;
  if (state == SessionState::kPending2fa) {
    target = "/2fa?" + FormEncode({{"next", row.next_path}});
  } else if (state == SessionState::kEnrolOnly) {
    target = "/2fa/enrol?" + FormEncode({{"next", row.next_path}});
  }
  Response response = Response::Redirect(302, target);
  response.AddHeader("Set-Cookie", store.CookieFor(created.token));
  return response;
}

Json ProviderJson(const OidcProvider& p) {
  return {{"name", p.name}, {"label", p.label}};
}

}  // namespace

OidcClients::OidcClients(const OidcSettings& settings) {
  for (const OidcProvider& p : settings.providers) {
    clients_[p.name] = std::make_unique<OidcClient>(p);
  }
}

OidcClient* OidcClients::Find(const std::string& name) const {
  auto it = clients_.find(name);
  return it == clients_.end() ? nullptr : it->second.get();
}

Response HandleProviders(Context& /*ctx*/, const LoginSettings& settings) {
  Json list = Json::array();
  for (const OidcProvider& p : settings.oidc.providers) {
    list.push_back(ProviderJson(p));
  }
  return JsonResponse(200, {{"providers", list}});
}

Response HandleOauthStart(Context& ctx, const LoginSettings& settings,
                          OidcClients& clients) {
  std::string next = SafeNextPath(ctx.request().Query("next"));
  auto back = [&](const char* code) {
    return Response::Redirect(
        302, "/login?" + FormEncode({{"error", code}, {"next", next}}));
  };
  OidcClient* client = clients.Find(ctx.Param("provider"));
  if (client == nullptr) return back("oauth_unavailable");

  Result<Begun> begun =
      BeginFlow(ctx, settings, *client, OauthPurpose::kLogin, 0, next);
  if (!begun.ok()) {
    LogError("oauth: " + client->provider().name +
             " cannot be reached: " + begun.status().message());
    return back("oauth_unavailable");
  }
  Response response = Response::Redirect(302, begun->url);
  response.AddHeader("Set-Cookie", begun->cookie);
  return response;
}

Response HandleOauthCallback(Context& ctx, const LoginSettings& settings,
                             OidcClients& clients) {
  const Request& req = ctx.request();
  std::string provider = ctx.Param("provider");
  CallbackEnd end(ctx, SafeWord(provider));
  OidcClient* client = clients.Find(provider);
  if (client == nullptr) return end.Refuse("oauth_unavailable", "unknown");

  // The state first: it says where to go back to, and it works once.
  std::string state = req.Query("state");
  if (state.empty() || state.size() > kMaxStateLength) {
    return end.Refuse("oauth_failed", "no state");
  }
  std::optional<OauthStateRow> row = ClaimState(ctx.core(), state);
  if (!row) return end.Refuse("oauth_failed", "state unknown or used before");
  end.set_row(*row);
  if (row->purpose == OauthPurpose::kLink && ctx.has_session()) {
    // A refused link is the signed-in user's: the organisation's audit
    // view must show it.
    OauthAccount actor;
    actor.user_id = ctx.session().user_id;
    actor.tenant_id = ctx.session().tenant_id;
    end.set_account(actor);
  }
  std::string binding = req.Cookie(kBindingCookie);
  if (!IsBase64UrlSecret(binding) || Sha256Hex(binding) != row->binding_hash) {
    return end.Refuse("oauth_failed", "state started in another browser");
  }
  if (row->provider != provider) {
    return end.Refuse("oauth_failed", "state of another provider");
  }
  if (row->expired) return end.Refuse("oauth_expired", "state expired");

  std::string error = req.Query("error");
  if (!error.empty()) {
    return end.Refuse(
        error == "access_denied" ? "oauth_denied" : "oauth_failed",
        "the provider answered " + SafeWord(error));
  }
  std::string code = req.Query("code");
  if (code.empty() || code.size() > kMaxCodeLength) {
    return end.Refuse("oauth_failed", "no code");
  }

  Result<std::string> id_token = client->ExchangeCode(
      code, RedirectUri(settings, provider), Derive(binding, "pkce", state));
  if (!id_token.ok()) {
    bool unreachable = id_token.status().code() == Code::kUnavailable;
    return end.Refuse(unreachable ? "oauth_unavailable" : "oauth_failed",
                      id_token.status().message());
  }
  Result<oidc::Claims> claims =
      client->Verify(*id_token, Derive(binding, "nonce", state),
                     static_cast<int64_t>(std::time(nullptr)));
  if (!claims.ok()) {
    return end.Refuse("oauth_failed",
                      "ID token refused: " + claims.status().message());
  }

  if (row->purpose == OauthPurpose::kLink) {
    return FinishLink(ctx, *row, *claims, provider, end);
  }
  return FinishLogin(ctx, settings, *row, *claims, provider, end);
}

Response HandleListIdentities(Context& ctx, const LoginSettings& settings) {
  const Session& session = ctx.session();
  Db& core = ctx.core();
  std::map<std::string, bool> switches =
      TenantProviderSwitches(core, session.tenant_id);

  Json linked = Json::array();
  std::vector<std::string> linked_names;
  for (const IdentityRow& row : ListIdentities(core, session.user_id)) {
    const OidcProvider* p = settings.oidc.Find(row.provider);
    linked.push_back({{"provider", row.provider},
                      {"label", p ? p->label : row.provider},
                      {"email", row.email},
                      {"linked_at", row.linked_at}});
    linked_names.push_back(row.provider);
  }
  Json available = Json::array();
  for (const OidcProvider& p : settings.oidc.providers) {
    auto it = switches.find(p.name);
    bool allowed = it == switches.end() || it->second;
    bool is_linked = std::find(linked_names.begin(), linked_names.end(),
                               p.name) != linked_names.end();
    if (allowed && !is_linked) available.push_back(ProviderJson(p));
  }
  return JsonResponse(
      200, {{"identities", linked},
            {"available", available},
            {"has_password", UserHasPassword(core, session.user_id)}});
}

Response HandleLinkIdentity(Context& ctx, const LoginSettings& settings,
                            OidcClients& clients) {
  const Session& session = ctx.session();
  OidcClient* client = clients.Find(ctx.Param("provider"));
  if (client == nullptr) {
    return Response::Error(NotFound("No such sign-in provider."));
  }
  // The provider sends the browser back with the session cookie; a Pulse
  // bearer session has no cookie to come back with.
  if (session.via_bearer) {
    return Response::Error(BadRequest(
        "browser_only", "Link sign-in providers from the web application."));
  }

  std::string next = "/account";
  if (!ctx.request().body.empty()) {
    Result<Json> body = ParseJsonObject(ctx.request());
    if (!body.ok()) return Response::Error(body.status());
    Status fields = RejectUnknownFields(*body, {"next"});
    if (!fields.ok()) return Response::Error(fields);
    if (body->contains("next")) {
      if (!(*body)["next"].is_string()) {
        return Response::Error(
            BadRequest("invalid_next", "next must be a path of this site."));
      }
      next = SafeNextPath((*body)["next"].get<std::string>());
    }
  }
  const std::string& name = client->provider().name;
  if (!TenantAllowsProvider(ctx.core(), session.tenant_id, name)) {
    return Response::Error(Status(Code::kForbidden, "provider_disabled",
                                  "Your organisation does not allow signing "
                                  "in with this provider."));
  }

  Result<Begun> begun =
      BeginFlow(ctx, settings, *client, OauthPurpose::kLink, session.id, next);
  if (!begun.ok()) {
    LogError("oauth: " + name +
             " cannot be reached: " + begun.status().message());
    return Response::Error(Unavailable(
        "oauth_unavailable", "The sign-in provider cannot be reached now."));
  }
  Response response = JsonResponse(200, {{"url", begun->url}});
  response.AddHeader("Set-Cookie", begun->cookie);
  return response;
}

Response HandleUnlinkIdentity(Context& ctx, const LoginSettings& /*settings*/) {
  const Session& session = ctx.session();
  std::string provider = ctx.Param("provider");
  bool last = false;
  if (provider.size() > 32 ||
      !UnlinkIdentity(ctx.core(), session.user_id, provider, &last)) {
    if (last) {
      return Response::Error(
          Status(Code::kConflict, "last_sign_in_method",
                 "This is your only way to sign in: set a password first."));
    }
    return Response::Error(
        Status(Code::kNotFound, "not_linked",
               "No identity of this provider is linked to your account."));
  }
  WriteAudit(ctx.core(),
             {session.tenant_id, session.user_id, ctx.request().remote_addr,
              "identity_unlinked", "provider=" + SafeWord(provider)});
  return Response::NoContent();
}

}  // namespace ap::login
