// How every subcommand reports: errors as one JSON object on stderr
//   {"error": {"code": "invalid_argument", "field": "--size", "message": "..."}}
// and exit codes in one place: 0 success, 1 operational failure (I/O, database, a proof
// or check that does not hold), 2 invalid input.
#pragma once

#include "phantompool/common/status.h"

namespace phantompool::cli {

void PrintError(const Status& status);
// The exit code for `status` (0 when ok), after printing it if it is an error.
int ReportStatus(const Status& status);
// ReportStatus for a status known to be an error.
int ReportError(const Status& status);

}  // namespace phantompool::cli
