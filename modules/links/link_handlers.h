// The links API: create, list, delete and QR code of the session tenant's
// short links. Every route needs a full session.
#pragma once

#include "common/http/context.h"
#include "common/http/response.h"

namespace ap::links {

// POST /api/links: 201 with a new link, or 200 with the tenant's existing
// plain link to the same target.
Response HandleCreate(Context& ctx);

// GET /api/links?limit=&cursor=: newest first, keyset paged.
Response HandleList(Context& ctx);

// DELETE /api/links/{code}: by its creator or an admin; 204.
Response HandleDelete(Context& ctx);

// GET /api/links/{code}/qr[?format=png&scale=N]: the short URL as a QR
// code, SVG by default.
Response HandleQr(Context& ctx);

}  // namespace ap::links
