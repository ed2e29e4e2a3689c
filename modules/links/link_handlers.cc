#include "modules/links/link_handlers.h"

#include <cppconn/exception.h>

#include <cstdlib>

#include "common/audit/audit.h"
#include "common/crypto/qr.h"
#include "common/http/json.h"
#include "common/log/log.h"
#include "modules/links/code.h"
#include "modules/links/create_request.h"
#include "modules/links/link_store.h"
#include "modules/links/page.h"
#include "modules/links/short_url.h"
#include "modules/links/timestamp.h"

namespace ap::links {
namespace {

// A random code collides with a live one about never (2^57 codes); the
// retries only cover the unlucky and the alias that looks like a code.
constexpr int kCodeAttempts = 5;

struct Created {
  Link link;
  bool existed = false;
};

Json OptionalTime(const std::optional<std::string>& db_time) {
  return db_time ? Json(IsoFromDb(*db_time)) : Json(nullptr);
}

Json LinkJson(const Link& link, std::string_view base) {
  return {
      {"code", link.code},
      {"short_url", ShortUrl(base, link.code)},
      {"target", link.target},
      {"is_alias", link.is_alias},
      {"created_by", link.created_by},
      {"created_at", IsoFromDb(link.created_at)},
      {"expires_at", OptionalTime(link.expires_at)},
      {"max_visits", link.max_visits ? Json(*link.max_visits) : Json(nullptr)},
      {"visits", link.visits},
      {"last_visit_at", OptionalTime(link.last_visit_at)}};
}

Result<Link> Reload(Db& core, const NewLink& link) {
  std::optional<Link> stored = FindByCode(core, link.tenant_id, link.code);
  if (!stored) return Internal("The new link vanished.");
  return *stored;
}

Result<Created> InsertAlias(Db& core, const NewLink& link) {
  PurgeDeletedAlias(core, link.tenant_id, link.code);
  try {
    InsertLink(core, link);
  } catch (const sql::SQLException& e) {
    if (!IsDuplicateKey(e)) throw;
    return Status(Code::kConflict, "alias_taken",
                  "This alias is already in use; please choose another.");
  }
  Result<Link> stored = Reload(core, link);
  if (!stored.ok()) return stored.status();
  return Created{*stored, false};
}

// Draws codes until one is free. A plain link that a racing request
// created first is returned instead: the unique key on the plain target
// turns the race into a duplicate key, never into two links.
Result<Created> InsertRandom(Db& core, NewLink link) {
  for (int attempt = 0; attempt < kCodeAttempts; ++attempt) {
    link.code = NewCode();
    try {
      InsertLink(core, link);
    } catch (const sql::SQLException& e) {
      if (!IsDuplicateKey(e)) throw;
      if (!link.is_plain()) continue;
      std::optional<Link> first = FindPlain(core, link.tenant_id, link.target);
      if (first) return Created{*first, true};
      continue;
    }
    Result<Link> stored = Reload(core, link);
    if (!stored.ok()) return stored.status();
    return Created{*stored, false};
  }
  return Internal("No free short link code found.");
}

NewLink ToNewLink(const CreateRequest& request, const Session& session) {
  NewLink link;
  link.tenant_id = session.tenant_id;
  link.created_by = session.user_id;
  link.target = request.target;
  link.is_alias = request.alias.has_value();
  if (request.alias) link.code = *request.alias;
  link.expires_at = request.expires_at;
  link.max_visits = request.max_visits;
  return link;
}

Result<Created> CreateLink(Context& ctx, const CreateRequest& request) {
  Db& core = ctx.core();
  NewLink link = ToNewLink(request, ctx.session());
  if (link.is_plain()) {
    std::optional<Link> existing = FindPlain(core, link.tenant_id, link.target);
    if (existing) return Created{*existing, true};
  }
  if (!link.is_alias) return InsertRandom(core, std::move(link));

  Result<Created> created = InsertAlias(core, link);
  if (created.ok()) {
    const Session& s = ctx.session();
    WriteAudit(core, {s.tenant_id, s.user_id, ctx.request().remote_addr,
                      "link_alias_created",
                      "alias=" + link.code + " target=" + link.target});
  }
  return created;
}

Response NotFoundJson() { return Response::Error(NotFound("No such link.")); }

// The session tenant's link named by the {code} parameter, if it is live.
std::optional<Link> LinkOfParam(Context& ctx) {
  std::string code = ctx.Param("code");
  if (!IsCodeSyntax(code)) return std::nullopt;
  return FindByCode(ctx.core(), ctx.session().tenant_id, code);
}

Response ImageResponse(std::string body, const char* type,
                       const std::string& filename) {
  Response response;
  response.status = 200;
  response.AddHeader("Content-Type", type);
  response.AddHeader("Content-Disposition",
                     "inline; filename=\"" + filename + "\"");
  response.AddHeader("Cache-Control", "no-store");
  response.body = std::move(body);
  return response;
}

}  // namespace

Response HandleCreate(Context& ctx) {
  Result<Json> body = ParseJsonObject(ctx.request());
  if (!body.ok()) return Response::Error(body.status());
  Result<CreateRequest> request =
      ParseCreateRequest(*body, ctx.session().is_admin(), DbNow());
  if (!request.ok()) return Response::Error(request.status());

  Result<Created> created = CreateLink(ctx, *request);
  if (!created.ok()) return Response::Error(created.status());
  return JsonResponse(created->existed ? 200 : 201,
                      LinkJson(created->link, ShortLinkBase(ctx.config())));
}

Response HandleList(Context& ctx) {
  const Request& req = ctx.request();
  Result<Page> page = ParsePage(req.Query("limit"), req.Query("cursor"));
  if (!page.ok()) return Response::Error(page.status());

  // One row more than asked tells whether another page follows.
  std::vector<Link> links = ListLinks(ctx.core(), ctx.session().tenant_id,
                                      page->before_id, page->limit + 1);
  bool more = links.size() > static_cast<size_t>(page->limit);
  if (more) links.pop_back();

  std::string base = ShortLinkBase(ctx.config());
  Json items = Json::array();
  for (const Link& link : links) items.push_back(LinkJson(link, base));
  Json next = more ? Json(std::to_string(links.back().id)) : Json(nullptr);
  return JsonResponse(200, {{"items", items}, {"next_cursor", next}});
}

Response HandleDelete(Context& ctx) {
  std::optional<Link> link = LinkOfParam(ctx);
  if (!link) return NotFoundJson();
  const Session& s = ctx.session();
  if (link->created_by != s.user_id && !s.is_admin()) {
    return Response::Error(
        Status(Code::kForbidden, "forbidden",
               "Only the link's creator or an admin may delete it."));
  }

  SoftDeleteLink(ctx.core(), link->id);
  WriteAudit(ctx.core(), {s.tenant_id, s.user_id, ctx.request().remote_addr,
                          "link_deleted", "code=" + link->code});
  return Response::NoContent();
}

Response HandleQr(Context& ctx) {
  std::string format = ctx.request().Query("format");
  if (!format.empty() && format != "svg" && format != "png") {
    return Response::Error(
        BadRequest("invalid_format", "format must be svg or png."));
  }
  std::optional<Link> link = LinkOfParam(ctx);
  if (!link) return NotFoundJson();

  std::string url = ShortUrl(ShortLinkBase(ctx.config()), link->code);
  bool png = format == "png";
  Result<std::string> image = png ? QrPng(url) : QrSvg(url);
  if (!image.ok()) return Response::Error(image.status());
  return png ? ImageResponse(std::move(*image), "image/png",
                             "link-" + link->code + ".png")
             : ImageResponse(std::move(*image), "image/svg+xml",
                             "link-" + link->code + ".svg");
}

}  // namespace ap::links
