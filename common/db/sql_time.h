// The one spelling of a timestamp in the API, made by the database server.
#pragma once

// An SQL expression giving the DATETIME column `col` as ISO 8601 UTC with
// milliseconds, "2026-12-04T09:08:34.123Z" (NULL stays NULL). The server
// formats it because Connector/C++ drops the fraction of a DATETIME(3) in
// prepared statement results. A macro so that it joins string literals
// into one query text at compile time.
#define AP_SQL_ISO_MILLIS(col) \
  "CONCAT(LEFT(DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%s.%f'), 23), 'Z')"
