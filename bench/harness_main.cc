// main() of every bench_<suite> binary: runs the suite's parts, then prints the JSON line.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "harness.h"

// PP_BENCH_PARTS=10,21 runs only the parts whose names start with one of those prefixes
// (for profiling one figure; the figures a part divides by must then be run too).
int main() {
  phantompool::bench::Figures figures;
  const char* only = std::getenv("PP_BENCH_PARTS");
  for (auto& [name, part] : phantompool::bench::PartsOf(PP_BENCH_SUITE)) {
    if (only != nullptr && *only != 0) {
      bool chosen = false;
      std::string list = std::string(only) + ",";
      for (size_t at = 0, comma; (comma = list.find(',', at)) != std::string::npos;
           at = comma + 1) {
        const std::string prefix = list.substr(at, comma - at);
        chosen = chosen || (!prefix.empty() && name.rfind(prefix, 0) == 0);
      }
      if (!chosen) continue;
    }
    part(figures);
  }
  std::printf("%s\n", figures.Json().c_str());
  return 0;
}
