// How a long-running process's allocator treats the large buffers of a batch.
#pragma once

namespace phantompool {

// glibc serves every allocation above 128 KiB (a batch's vectors of points, scalars and
// orders) with its own mmap and returns it to the kernel when freed, so each session — and
// each doubling of a growing vector — faults its pages in again: 5–10 % of a 10,000-order
// decryption round on a fresh executor. The server and the executors call this once at
// start: allocations up to 64 MiB come from the heap, and up to 256 MiB of freed memory
// stays with the process for the next batch.
void RetainBatchMemory();

}  // namespace phantompool
