// apctl backup ...: snapshots of the database to two destinations, their
// retention, restores and the automatic restore test. See docs/backups.md.
#pragma once

#include "modules/apctl/admin.h"

namespace ap::apctl {

// apctl backup run|list|restore|verify|prune|check ...
int CmdBackup(AdminEnv& env, const Args& args);

}  // namespace ap::apctl
