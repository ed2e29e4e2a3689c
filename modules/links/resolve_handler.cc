#include "modules/links/resolve_handler.h"

#include "common/log/log.h"
#include "modules/links/code.h"
#include "modules/links/link_store.h"
#include "modules/links/target.h"

namespace ap::links {
namespace {

// A page of our own rather than a JSON error: people reach it from a
// printed QR code or a chat message. The stylesheet is the app's (the
// content security policy allows no inline style).
constexpr std::string_view kNotFoundHtml =
    "<!doctype html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, "
    "initial-scale=1\">\n"
    "<meta name=\"robots\" content=\"noindex\">\n"
    "<title>Link not found - Action Plan</title>\n"
    "<link rel=\"stylesheet\" href=\"/css/app.css\">\n"
    "<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\n"
    "</head>\n"
    "<body>\n"
    "<main id=\"main\" class=\"not-found\">\n"
    "<h1>Link not found</h1>\n"
    "<p>This link does not exist, has expired or has been used up, or it "
    "belongs to another organisation.</p>\n"
    "<p lang=\"pl\">Ten link nie istnieje, wygas\xc5\x82 lub zosta\xc5\x82 "
    "wykorzystany albo nale\xc5\xbcy do innej organizacji.</p>\n"
    "<p><a href=\"/\">Action Plan</a></p>\n"
    "</main>\n"
    "</body>\n"
    "</html>\n";

bool HasFullSession(const Context& ctx) {
  return ctx.has_session() && ctx.session().state == SessionState::kFull;
}

}  // namespace

std::string LoginRedirectLocation(std::string_view code) {
  // Codes hold only letters, digits and '-': nothing else needs escaping.
  return "/login.html?next=%2Fs%2F" + std::string(code);
}

Response NotFoundPage() {
  Response response;
  response.status = 404;
  response.AddHeader("Content-Type", "text/html; charset=utf-8");
  response.AddHeader("Cache-Control", "no-store");
  response.body = std::string(kNotFoundHtml);
  return response;
}

Response HandleResolve(Context& ctx) {
  std::string code = ctx.Param("code");
  // Such a code cannot exist, for anyone: saying so reveals nothing.
  if (!IsCodeSyntax(code)) return NotFoundPage();
  if (!HasFullSession(ctx)) {
    return Response::Redirect(302, LoginRedirectLocation(code));
  }

  Db& core = ctx.core();
  std::optional<Resolvable> link =
      FindResolvable(core, code, ctx.session().tenant_id);
  if (!link) return NotFoundPage();
  // Targets were checked when stored; checked again so that no row, however
  // it got there, can send anyone off this site.
  if (!ValidateTarget(link->target).ok()) {
    LogError("short link " + std::to_string(link->id) +
             " has an invalid target; refusing to redirect");
    return NotFoundPage();
  }
  // Link previewers and scanners send HEAD: they see where the link goes
  // but must not use up a visit-limited link before its reader comes.
  if (ctx.request().method == "HEAD") {
    return Response::Redirect(302, link->target);
  }
  if (!CountVisit(core, link->id)) return NotFoundPage();
  return Response::Redirect(302, link->target);
}

}  // namespace ap::links
