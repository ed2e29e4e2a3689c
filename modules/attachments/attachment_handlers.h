// HTTP handlers of the attachments module.
//
//   POST   /api/plans/{id}/attachments     upload (multipart or raw)
//   GET    /api/plans/{id}/attachments     list (?trash=1: the trash)
//   GET    /api/attachments/{id}           download (?inline=1 for images)
//   DELETE /api/attachments/{id}           to the trash (uploader or admin)
//   POST   /api/attachments/{id}/restore   out of the trash (same)
//
// An attachment is stored completely or not at all (store_upload.h).
#pragma once

#include "common/http/context.h"
#include "common/http/response.h"
#include "modules/attachments/settings.h"

namespace ap::attachments {

Response Upload(Context& ctx, const Settings& settings);
Response List(Context& ctx);
Response Download(Context& ctx, const Settings& settings);
Response Trash(Context& ctx);
Response Restore(Context& ctx);

}  // namespace ap::attachments
