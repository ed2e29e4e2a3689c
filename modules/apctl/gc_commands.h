// apctl gc and apctl trash: keeping object storage and the attachments
// tables in step.
#pragma once

#include "modules/apctl/admin.h"

namespace ap::apctl {

// apctl gc [--report] [--delete-orphans] [--min-age-minutes N]
//          [--tenant SLUG]
int CmdGc(AdminEnv& env, const Args& args);

// apctl trash empty [--tenant SLUG] [--older-than DAYS]
int CmdTrash(AdminEnv& env, const Args& args);

}  // namespace ap::apctl
