// Enrolment: setup, enable, status. Reachable by a full session and by one
// the organisation restricts to enrolling.
#include <optional>

#include "common/crypto/hash.h"
#include "common/crypto/qr.h"
#include "common/crypto/totp.h"
#include "common/http/json.h"
#include "common/session/session_json.h"
#include "modules/twofa/handler_support.h"
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

// After enabling: an enrol-only session becomes full (a privilege change,
// so a new token); a full session stays as it is.
Response EnabledAnswer(Context& ctx, const std::vector<std::string>& codes) {
  Json body{{"enabled", true}, {"recovery_codes", codes}};
  if (ctx.session().state != SessionState::kEnrolOnly) {
    body["session"] = SessionJson(ctx.session());
    return JsonResponse(200, body);
  }
  RotatedSession rotated = RotateSession(ctx, SessionState::kFull);
  body["session"] = SessionJson(rotated.session);
  return AnswerWithToken(ctx, body, rotated);
}

}  // namespace

Response HandleSetup(Context& ctx, const Settings& settings) {
  const Session& s = ctx.session();
  Db& core = ctx.core();
  std::optional<TotpRow> row = LoadTotp(core, s.user_id);
  if (row && row->enabled) return Response::Error(AlreadyEnabled());

  std::string secret = RandomBytes(kSecretBytes);
  Result<std::string> sealed = SealSecret(settings.key, s.user_id, secret);
  if (!sealed.ok()) return Response::Error(Internal("Internal error."));
  Result<Json> body = SetupJson(settings, s, secret);
  if (!body.ok()) return Response::Error(Internal("Internal error."));
  if (!StartSetup(core, s.user_id, *sealed)) {
    return Response::Error(AlreadyEnabled());
  }

  Audit(ctx, "2fa_setup_started", "");
  return JsonResponse(200, *body);
}

Response HandleEnable(Context& ctx, const Settings& settings) {
  auto fields = ReadStringFields(ctx.request(), {"code"});
  if (!fields.ok()) return Response::Error(fields.status());
  const Session& s = ctx.session();
  Db& core = ctx.core();
  std::optional<TotpRow> row = LoadTotp(core, s.user_id);
  if (row && row->enabled) return Response::Error(AlreadyEnabled());
  if (!row) {
    return Response::Error(
        Status(Code::kConflict, "no_setup", "Start with POST /api/2fa/setup."));
  }

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
  tx.Commit();

  RevokeOtherSessions(ctx);
  Audit(ctx, "2fa_enabled", "other sessions revoked");
  return EnabledAnswer(ctx, codes);
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
            {"state", SessionStateName(s.state)}});
}

}  // namespace ap::twofa
