// Long-running commands (serve, executor) block SIGINT and SIGTERM in every thread and wait
// for one in the main thread, then shut down in order.
#pragma once

namespace phantompool::cli {

// Call before starting any thread: the threads inherit the blocked mask.
void BlockStopSignals();
// Returns the signal that arrived (SIGINT or SIGTERM).
int WaitForStopSignal();

}  // namespace phantompool::cli
