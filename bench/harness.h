// A small benchmark harness shared by every suite.
//
// A suite is a binary bench_<suite> built from harness_main.cc plus its part files. Each
// part registers itself with PP_BENCH_PART; parts run in registration-name order. Each
// figure is printed as a line as soon as it is measured, and at the end one line of JSON
// with every figure by name (the names are stable: scripts and issues refer to them).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace phantompool::bench {

class Figures {
 public:
  // Records a figure and prints "name: value unit".
  void Add(const std::string& name, double value, const std::string& unit);
  // Records a time in ns; if a reference time is set, also prints it as a multiple of it.
  void AddNs(const std::string& name, double ns);
  // The reference for ratios (crypto: S = one constant-time variable-base scalar mult).
  void SetReference(const std::string& name, double ns);
  // The reference measured in rounds spread through the whole run (a suite's Reference,
  // sampled before every part and at the end): records `<figure>` as the median and
  // `<figure minus _ns>_spread` as max/min, makes the median the reference, and prints every
  // ns figure as a multiple of it.
  void FinishReference(const std::string& name, const std::string& figure,
                       std::vector<double> samples);
  double Get(const std::string& name) const;
  bool Has(const std::string& name) const { return values_.count(name) != 0; }
  std::string Json() const;

 private:
  std::map<std::string, double> values_;
  std::vector<std::string> order_;
  std::string reference_name_;
  double reference_ns_ = 0;
};

// Runs `op` repeatedly for at least `min_seconds` (and at least `min_iters` times), in
// several rounds, and returns the median round's nanoseconds per call.
double MeasureNs(const std::function<void()>& op, double min_seconds = 0.5, int min_iters = 3);

// Keeps the optimiser from discarding a result.
template <typename T>
inline void DoNotOptimize(const T& value) {
  asm volatile("" : : "r,m"(value) : "memory");
}

using Part = std::function<void(Figures&)>;
bool RegisterPart(const std::string& suite, const std::string& name, Part part);
std::vector<std::pair<std::string, Part>> PartsOf(const std::string& suite);

// A suite's reference unit, sampled between parts: its display name ("S"), its figure
// ("scalar_mult_ns") and a function that measures one sample in ns.
struct Reference {
  std::string name;
  std::string figure;
  std::function<double()> measure;
};
bool RegisterReference(const std::string& suite, Reference reference);
const Reference* ReferenceOf(const std::string& suite);

}  // namespace phantompool::bench

#define PP_BENCH_CONCAT_INNER_(a, b) a##b
#define PP_BENCH_CONCAT_(a, b) PP_BENCH_CONCAT_INNER_(a, b)
// PP_BENCH_PART("crypto", "20_range_proof", [](Figures& f) { ... });
// Variadic so that commas inside the lambda need no extra parentheses.
#define PP_BENCH_PART(suite, name, ...)                          \
  static const bool PP_BENCH_CONCAT_(pp_bench_part_, __LINE__) = \
      ::phantompool::bench::RegisterPart(suite, name, __VA_ARGS__)
