// main() of every bench_<suite> binary: runs the suite's parts, then prints the JSON line.
//   bench_<suite> [PART...]   runs only the parts whose names contain one of the arguments;
//   PP_BENCH_PARTS=10,21      the same by name prefix, from the environment (for profiling
//                             one figure; the figures a part divides by must then run too).
// A suite with a Reference (crypto's S) samples it before every part and at the end, so that
// the reported unit is the median over the whole run, with its spread.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "harness.h"

namespace {

bool Chosen(const std::string& name, int argc, char** argv) {
  bool wanted = argc <= 1;
  for (int i = 1; i < argc; ++i) wanted = wanted || name.find(argv[i]) != std::string::npos;
  const char* only = std::getenv("PP_BENCH_PARTS");
  if (only != nullptr && *only != 0) {
    bool prefixed = false;
    const std::string list = std::string(only) + ",";
    for (size_t at = 0, comma; (comma = list.find(',', at)) != std::string::npos; at = comma + 1) {
      const std::string prefix = list.substr(at, comma - at);
      prefixed = prefixed || (!prefix.empty() && name.rfind(prefix, 0) == 0);
    }
    wanted = wanted && prefixed;
  }
  return wanted;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace phantompool::bench;
  Figures figures;
  const Reference* reference = ReferenceOf(PP_BENCH_SUITE);
  std::vector<double> samples;
  for (auto& [name, part] : PartsOf(PP_BENCH_SUITE)) {
    if (!Chosen(name, argc, argv)) continue;
    if (reference != nullptr) samples.push_back(reference->measure());
    part(figures);
  }
  if (reference != nullptr) {
    samples.push_back(reference->measure());
    figures.FinishReference(reference->name, reference->figure, samples);
  }
  std::printf("%s\n", figures.Json().c_str());
  return 0;
}
