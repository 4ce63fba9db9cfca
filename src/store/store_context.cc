#include "store_context.h"

namespace phantompool::store::internal {

Status StoreContext::Write(const Principal& p, const WriteFn& fn) {
  int64_t last_event = 0;
  Status s = db_->Run(&p, Access::kWrite, [&](SqlTx& tx) -> Status {
    const int64_t now = Now();
    Journal journal;
    last_event = 0;
    PP_RETURN_IF_ERROR(fn(tx, journal, now));
    if (journal.empty()) return Status::Ok();
    PP_ASSIGN_OR_RETURN(last_event, procs().AppendJournal(tx, journal, now));
    return Status::Ok();
  });
  if (s.ok() && last_event > 0) db_->EventsCommitted(last_event);
  return s;
}

}  // namespace phantompool::store::internal
