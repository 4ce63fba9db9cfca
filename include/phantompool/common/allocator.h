// How a long-running process's allocator treats the large buffers of a batch.
#pragma once

#include <cstddef>

namespace phantompool {

// glibc serves every allocation above 128 KiB (a batch's vectors of points, scalars and
// orders) with its own mmap and returns it to the kernel when freed, so each session — and
// each doubling of a growing vector — faults its pages in again: 5–10 % of a 10,000-order
// decryption round on a fresh executor. The server and the executors call this once at
// start: allocations up to 64 MiB come from the heap, and up to 256 MiB of freed memory
// stays with the process for the next batch.
//
// Arenas::kOne also puts every thread on one malloc arena. An executor answers one request
// at a time, on whichever of its two workers is free; with glibc's arena per thread, two
// sessions in a row often ran on different arenas and the second faulted its pages in as
// if the process were new (measured: 640 → 480 ms of one executor's CPU per 10,000-order
// session, docs/benchmarks.md). The server keeps an arena per thread: its intake threads
// allocate concurrently.
//
// `warm_bytes` faults that much heap in now and frees it, where it stays (in blocks below
// the mmap threshold, so they come from the heap and return to it; the trim threshold is
// kept above them). The first session then finds its pages as later ones do: a 10,000-order
// round cost each fresh executor ~170 ms more CPU in page faults than the next one
// (docs/benchmarks.md). Useful with Arenas::kOne, where every thread allocates from the
// heap warmed here.
enum class Arenas { kPerThread, kOne };
void RetainBatchMemory(Arenas arenas = Arenas::kPerThread, size_t warm_bytes = 0);

}  // namespace phantompool
