// executor.json: written by `executor init`, read strictly by `phantompool executor`.
#include "phantompool/executor/executor_config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace phantompool::executor {
namespace {

class ExecutorConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("pp_executor_config_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& text) {
    const std::string path = (dir_ / "executor.json").string();
    std::ofstream(path) << text;
    return path;
  }
  static std::string Config(const std::string& extra) {
    return R"({"format": "phantompool-executor", "version": 1, "index": 2,
               "listen": "127.0.0.1:7102", "roster": "roster.json", "state_dir": ".")" +
           extra + "}";
  }

  std::filesystem::path dir_;
};

TEST_F(ExecutorConfigTest, AWarmHeapIsOptionalAndRoundTrips) {
  auto plain = ExecutorConfig::Load(Write(Config("")));
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(plain->warm_heap_mib, 0u);
  EXPECT_EQ(plain->index, 2u);
  EXPECT_EQ(plain->listen_port, 7102);

  auto warm = ExecutorConfig::Load(Write(Config(R"(, "warm_heap_mib": 96)")));
  ASSERT_TRUE(warm.ok()) << warm.status().ToString();
  EXPECT_EQ(warm->warm_heap_mib, 96u);
  const std::string saved = (dir_ / "saved.json").string();
  ASSERT_TRUE(warm->Save(saved).ok());
  auto again = ExecutorConfig::Load(saved);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->warm_heap_mib, 96u);
  EXPECT_EQ(again->state_dir, warm->state_dir);
}

TEST_F(ExecutorConfigTest, BadValuesAreRefusedByName) {
  for (const std::string& bad :
       {std::string(R"(, "warm_heap_mib": 4097)"), std::string(R"(, "warm_heap_mib": -1)"),
        std::string(R"(, "warm_heap_mib": "96")"), std::string(R"(, "warm_heap_mib": 1.5)")}) {
    auto c = ExecutorConfig::Load(Write(Config(bad)));
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.status().field(), "config.warm_heap_mib") << bad << ": " << c.status().ToString();
  }
  auto unknown = ExecutorConfig::Load(Write(Config(R"(, "warm_heap": 96)")));
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().ToString().find("warm_heap"), std::string::npos);
}

}  // namespace
}  // namespace phantompool::executor
