#include "harness.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace phantompool::bench {
namespace {

std::map<std::string, std::map<std::string, Part>>& Registry() {
  static std::map<std::string, std::map<std::string, Part>> registry;
  return registry;
}

}  // namespace

void Figures::Add(const std::string& name, double value, const std::string& unit) {
  if (!values_.count(name)) order_.push_back(name);
  values_[name] = value;
  // Small figures are ratios compared with a target (0.468 is not 0.5): three decimals.
  const int decimals = value > -10 && value < 10 ? 3 : 1;
  std::printf("%-44s %14.*f %s\n", name.c_str(), decimals, value, unit.c_str());
  std::fflush(stdout);
}

void Figures::AddNs(const std::string& name, double ns) {
  if (!values_.count(name)) order_.push_back(name);
  values_[name] = ns;
  if (reference_ns_ > 0) {
    std::printf("%-44s %14.1f ns  = %8.2f %s\n", name.c_str(), ns, ns / reference_ns_,
                reference_name_.c_str());
  } else {
    std::printf("%-44s %14.1f ns\n", name.c_str(), ns);
  }
  std::fflush(stdout);
}

void Figures::SetReference(const std::string& name, double ns) {
  reference_name_ = name;
  reference_ns_ = ns;
}

void Figures::FinishReference(const std::string& name, const std::string& figure,
                              std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  const double median = samples[samples.size() / 2];
  AddNs(figure, median);
  const std::string stem =
      figure.size() > 3 && figure.ends_with("_ns") ? figure.substr(0, figure.size() - 3) : figure;
  Add(stem + "_spread", samples.back() / samples.front(),
      "max/min of " + std::to_string(samples.size()) + " rounds");
  SetReference(name, median);
  std::printf("\nin units of %s = %.1f ns (median of %zu rounds spread through the run):\n",
              name.c_str(), median, samples.size());
  for (const auto& n : order_) {
    if (!n.ends_with("_ns") && n.find("_ns_") == std::string::npos) continue;
    std::printf("  %-42s %10.2f %s\n", n.c_str(), values_.at(n) / median, name.c_str());
  }
  std::fflush(stdout);
}

double Figures::Get(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? 0 : it->second;
}

std::string Figures::Json() const {
  std::ostringstream out;
  out << "{";
  bool first = true;
  for (const auto& name : order_) {
    if (!first) out << ", ";
    first = false;
    const double v = values_.at(name);
    out << "\"" << name << "\": ";
    if (v == static_cast<double>(static_cast<int64_t>(v))) {
      out << static_cast<int64_t>(v);
    } else {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.3f", v);
      out << buf;
    }
  }
  out << "}";
  return out.str();
}

double MeasureNs(const std::function<void()>& op, double min_seconds, int min_iters) {
  using Clock = std::chrono::steady_clock;
  op();  // warm up: caches, lazily built tables
  constexpr int kRounds = 5;
  std::vector<double> per_call;
  const double round_seconds = min_seconds / kRounds;
  for (int round = 0; round < kRounds; ++round) {
    int iters = 0;
    const auto start = Clock::now();
    double elapsed = 0;
    do {
      op();
      ++iters;
      elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < round_seconds || iters < std::max(1, min_iters / kRounds));
    per_call.push_back(elapsed * 1e9 / iters);
  }
  std::sort(per_call.begin(), per_call.end());
  return per_call[kRounds / 2];
}

bool RegisterPart(const std::string& suite, const std::string& name, Part part) {
  Registry()[suite][name] = std::move(part);
  return true;
}

std::map<std::string, Reference>& References() {
  static std::map<std::string, Reference> references;
  return references;
}

bool RegisterReference(const std::string& suite, Reference reference) {
  References()[suite] = std::move(reference);
  return true;
}

const Reference* ReferenceOf(const std::string& suite) {
  auto it = References().find(suite);
  return it == References().end() ? nullptr : &it->second;
}

std::vector<std::pair<std::string, Part>> PartsOf(const std::string& suite) {
  std::vector<std::pair<std::string, Part>> out;
  for (auto& [name, part] : Registry()[suite]) out.emplace_back(name, part);
  return out;
}

}  // namespace phantompool::bench
