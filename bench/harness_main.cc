// main() of every bench_<suite> binary: runs the suite's parts, then prints the JSON line.
//   bench_<suite> [PART...]   runs only the parts whose names contain one of the arguments
// A suite with a Reference (crypto's S) samples it before every part and at the end, so that
// the reported unit is the median over the whole run, with its spread.
#include <cstdio>
#include <cstring>
#include <vector>

#include "harness.h"

int main(int argc, char** argv) {
  using namespace phantompool::bench;
  Figures figures;
  const Reference* reference = ReferenceOf(PP_BENCH_SUITE);
  std::vector<double> samples;
  for (auto& [name, part] : PartsOf(PP_BENCH_SUITE)) {
    bool wanted = argc <= 1;
    for (int i = 1; i < argc; ++i) wanted = wanted || name.find(argv[i]) != std::string::npos;
    if (!wanted) continue;
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
