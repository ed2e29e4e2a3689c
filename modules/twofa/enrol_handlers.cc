// Enrolment: setup, enable, status. Reachable by a full session and by one
// the organisation restricts to enrolling.
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>

#include "common/account/password_state.h"
#include "common/crypto/hash.h"
#include "common/crypto/qr.h"
#include "common/crypto/totp.h"
#include "common/http/json.h"
#include "common/session/session_json.h"
#include "modules/twofa/handler_support.h"
#include "modules/twofa/reauth.h"
#include "modules/twofa/second_factor.h"
#include "modules/twofa/secret_box.h"
#include "modules/twofa/session_change.h"
#include "modules/twofa/twofa_handlers.h"
#include "modules/twofa/twofa_store.h"

namespace ap::twofa {
namespace {

Status AlreadyEnabled() {
  return Status(Code::kConflict, "2fa_already_enabled",
                "Two-factor sign-in is already on. Turn it off first to "
                "use another device.");
}

// What authenticator apps show next to the code: the e-mail address is
// what people recognise, the login when there is none.
std::string AccountLabel(const Session& s) {
  return s.email.empty() ? s.login : s.email;
}

Result<Json> SetupJson(const Settings& settings, const Session& s,
                       const std::string& secret) {
  std::string uri = OtpauthUri(settings.issuer, AccountLabel(s), secret);
  Result<std::string> svg = QrSvg(uri);
  if (!svg.ok()) return svg.status();
  return Json{{"secret", Base32Encode(secret)},
              {"otpauth_uri", uri},
              {"qr_svg", *svg},
              {"issuer", settings.issuer},
              {"account", AccountLabel(s)},
              {"algorithm", "SHA1"},
              {"digits", kTotpDigits},
              {"period", kTotpPeriodSeconds}};
}

// What turning 2FA on must be proved with. A full session may be a stolen
// one: without a proof its holder could put their own authenticator on the
// account and lock the owner out. An enrol-only session straight from
// sign-in has just proved the password and can do nothing but enrol, so
// asking again would only add typing; an older one (a full session the
// organisation's new rule moved to enrolment, or one left open on the
// enrolment page) is asked like a full session. An account that signs in
// only through a provider has no password to give: a recent sign-in is its
// proof, and an older session must sign in again.
enum class EnableProof { kNone, kPassword, kFreshSignIn };

EnableProof ProofToEnable(Context& ctx) {
  const Session& s = ctx.session();
  bool recent = SignedInRecently(ctx.core(), s.id);
  if (s.state == SessionState::kEnrolOnly && recent) return EnableProof::kNone;
  if (UserHasPassword(ctx.core(), s.user_id)) return EnableProof::kPassword;
  return recent ? EnableProof::kNone : EnableProof::kFreshSignIn;
}

// The proof of enabling: nullopt to go on, else the answer.
std::optional<Response> CheckEnableProof(Context& ctx, const Settings& settings,
                                         const Fields& fields) {
  EnableProof proof = ProofToEnable(ctx);
  if (proof == EnableProof::kNone) return std::nullopt;
  if (proof == EnableProof::kFreshSignIn) {
    return Response::Error(SignInAgain());
  }
  return ReauthenticateWithPassword(ctx, settings, fields, nullptr, "enabling");
}

// Enabling is a privilege change (an enrol-only session becomes full, a
// full one is now worth more), so the session gets a new token.
Response EnabledAnswer(Context& ctx, const std::vector<std::string>& codes,
                       const RotatedSession& rotated) {
  return AnswerWithToken(ctx,
                         {{"enabled", true},
                          {"recovery_codes", codes},
                          {"session", SessionJson(rotated.session)}},
                         rotated);
}

}  // namespace

Response HandleSetup(Context& ctx, const Settings& settings) {
  const Session& s = ctx.session();
  Db& core = ctx.core();
  std::optional<TotpRow> row = LoadTotp(core, s.user_id);
  if (row && row->enabled) return Response::Error(AlreadyEnabled());
  EnableProof proof = ProofToEnable(ctx);
  if (proof == EnableProof::kFreshSignIn) return Response::Error(SignInAgain());

  std::string secret = RandomBytes(kSecretBytes);
  Result<std::string> sealed = SealSecret(settings.key, s.user_id, secret);
  if (!sealed.ok()) return Response::Error(Internal("Internal error."));
  Result<Json> body = SetupJson(settings, s, secret);
  if (!body.ok()) return Response::Error(Internal("Internal error."));
  if (!StartSetup(core, s.user_id, *sealed)) {
    return Response::Error(AlreadyEnabled());
  }

  // Setup alone changes nothing the account relies on (an unconfirmed
  // secret signs nobody in), so the proof is asked at enable; the answer
  // says whether it will be.
  (*body)["password_required"] = proof == EnableProof::kPassword;
  Audit(ctx, "2fa_setup_started", "");
  return JsonResponse(200, *body);
}

Response HandleEnable(Context& ctx, const Settings& settings) {
  auto fields = ReadStringFields(ctx.request(), {"code"}, {"password"});
  if (!fields.ok()) return Response::Error(fields.status());
  const Session& s = ctx.session();
  Db& core = ctx.core();
  std::optional<TotpRow> row = LoadTotp(core, s.user_id);
  if (row && row->enabled) return Response::Error(AlreadyEnabled());
  if (!row) {
    return Response::Error(
        Status(Code::kConflict, "no_setup", "Start with POST /api/2fa/setup."));
  }
  std::optional<Response> refused = CheckEnableProof(ctx, settings, *fields);
  if (refused) return *refused;

  Result<int64_t> step =
      MatchSealedTotp(settings.key, s.user_id, row->secret_sealed,
                      fields->at("code"), NowUnix());
  if (!step.ok()) return Response::Error(step.status());
  if (*step < 0) {
    Audit(ctx, "2fa_failure", "wrong code while enabling");
    return Response::Error(InvalidCode());
  }

  Transaction tx(core);
  if (!ConfirmSetup(core, s.user_id, row->secret_sealed, *step)) {
    return Response::Error(Status(Code::kConflict, "setup_changed",
                                  "A newer setup replaced this one."));
  }
  std::vector<std::string> codes = IssueRecoveryCodes(core, s.user_id);
  RevokeOtherSessions(ctx);
  RotatedSession rotated = RotateSession(ctx, SessionState::kFull);
  tx.Commit();

  Audit(ctx, "2fa_enabled", "other sessions revoked; new token");
  return EnabledAnswer(ctx, codes, rotated);
}

Response HandleStatus(Context& ctx, const Settings& settings) {
  (void)settings;
  const Session& s = ctx.session();
  Db& core = ctx.core();
  std::optional<TotpRow> row = LoadTotp(core, s.user_id);
  bool enabled = row && row->enabled;
  return JsonResponse(
      200, {{"enabled", enabled},
            {"enabled_at", enabled ? Json(row->enabled_at) : Json(nullptr)},
            {"setup_pending", row && !row->enabled},
            {"recovery_codes_left",
             enabled ? UnusedRecoveryCodes(core, s.user_id) : 0},
            {"enforced", TenantEnforces(core, s.tenant_id)},
            {"has_password", UserHasPassword(core, s.user_id)},
            {"state", SessionStateName(s.state)}});
}

}  // namespace ap::twofa
