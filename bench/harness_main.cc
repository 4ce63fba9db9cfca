// main() of every bench_<suite> binary: runs the suite's parts, then prints the JSON line.
#include <cstdio>

#include "harness.h"

int main() {
  phantompool::bench::Figures figures;
  for (auto& [name, part] : phantompool::bench::PartsOf(PP_BENCH_SUITE)) part(figures);
  std::printf("%s\n", figures.Json().c_str());
  return 0;
}
