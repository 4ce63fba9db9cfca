// MapSlices: work on a batch cut into one slice per core, for batch steps whose items are
// independent (parsing the frozen orders, opening them). Each slice gets at least
// `min_slice` items, so small batches stay on the calling thread; the results come back in
// slice order, so concatenating them keeps the batch order.
#pragma once

#include <algorithm>
#include <cstddef>
#include <future>
#include <thread>
#include <vector>

namespace phantompool {

// fn(begin, end) is called once per slice, concurrently; it must touch only its own range.
template <typename Fn>
auto MapSlices(size_t n, size_t min_slice, Fn fn) -> std::vector<decltype(fn(size_t{}, size_t{}))> {
  using Out = decltype(fn(size_t{}, size_t{}));
  const size_t cores = std::max<size_t>(1, std::thread::hardware_concurrency());
  const size_t slices = std::min(cores, std::max<size_t>(1, n / std::max<size_t>(1, min_slice)));
  std::vector<Out> out;
  if (slices <= 1) {
    out.push_back(fn(size_t{0}, n));
    return out;
  }
  const size_t per = (n + slices - 1) / slices;
  std::vector<std::future<Out>> parts;
  for (size_t at = per; at < n; at += per) {
    parts.push_back(std::async(std::launch::async, fn, at, std::min(n, at + per)));
  }
  out.push_back(fn(size_t{0}, std::min(n, per)));  // the calling thread takes the first
  for (auto& part : parts) out.push_back(part.get());
  return out;
}

}  // namespace phantompool
