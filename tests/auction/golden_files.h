// The replay golden files: tests/auction/golden/<name>.input.json with either
// <name>.output.json (the exact result document) or <name>.error.json (the JSON error; for
// a document that is not JSON at all only code and field are compared, since the parser's
// wording is the JSON library's).
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace phantompool::auction::testing {

struct GoldenCase {
  std::string name;
  std::filesystem::path input;
  std::filesystem::path expected;  // .output.json or .error.json
  bool is_error = false;
};

inline std::filesystem::path GoldenDir() {
  return std::filesystem::path(PP_SOURCE_DIR) / "tests" / "auction" / "golden";
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::vector<GoldenCase> GoldenCases() {
  std::vector<GoldenCase> cases;
  for (const auto& entry : std::filesystem::directory_iterator(GoldenDir())) {
    const std::string file = entry.path().filename().string();
    const std::string suffix = ".input.json";
    if (file.size() <= suffix.size() || file.substr(file.size() - suffix.size()) != suffix) {
      continue;
    }
    GoldenCase c;
    c.name = file.substr(0, file.size() - suffix.size());
    c.input = entry.path();
    c.expected = GoldenDir() / (c.name + ".output.json");
    if (!std::filesystem::exists(c.expected)) {
      c.expected = GoldenDir() / (c.name + ".error.json");
      c.is_error = true;
    }
    cases.push_back(c);
  }
  std::sort(cases.begin(), cases.end(),
            [](const GoldenCase& a, const GoldenCase& b) { return a.name < b.name; });
  return cases;
}

}  // namespace phantompool::auction::testing
