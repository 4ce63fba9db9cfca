// JsonReader (src/auction/json_reader.h) against nlohmann's strict SAX parser: the same
// events, and the same verdict, on hand-picked corner cases of the grammar, every short
// byte sequence in a string, and tens of thousands of random mutations of replay documents.
// The one difference is deliberate: nlohmann ends the input at a NUL byte, JsonReader
// refuses it (json_events.h).
#include "auction/json_reader.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "golden_files.h"
#include "json_events.h"

namespace phantompool::auction {
namespace {

using testing::ExpectedReaderEvents;
using testing::ReaderEvents;

TEST(AuctionJsonReader, CornerCasesGiveTheSameEventsAsNlohmann) {
  const std::vector<std::string> cases = {
      "",
      " ",
      "{}",
      "[]",
      "[[[]]]",
      "{\"a\":{\"b\":[1,2,{}]}}",
      "  \t\r\n{ } \n",
      "{} {}",
      "{} x",
      "[1,]",
      "[,1]",
      "{\"a\":1,}",
      "{\"a\" 1}",
      "{1:2}",
      "{\"a\":}",
      "[1 2]",
      "[",
      "{",
      "]",
      "}",
      "\"abc\"",
      "\"abc",
      "\"a\\\"b\"",
      "\"\\u0041\\u00e9\\u20ac\"",
      "\"\\ud83d\\ude00\"",
      "\"\\ud83d\"",
      "\"\\ude00\"",
      "\"\\ud83dx\"",
      "\"\\u12\"",
      "\"\\x\"",
      "\"\\/\\b\\f\\n\\r\\t\"",
      std::string("\"a\0b\"", 5),
      "\"a\x01b\"",
      "\"\x7f\"",
      "\"\xc3\xa9\"",
      "\"\xc3\"",
      "\"\xc0\xaf\"",
      "\"\xe0\x80\xaf\"",
      "\"\xed\xa0\x80\"",
      "\"\xf4\x90\x80\x80\"",
      "\"\xf0\x9f\x98\x80\"",
      "\"\xff\"",
      "\"\\u0000\"",
      "0",
      "-0",
      "01",
      "-",
      "-a",
      "1.",
      "1.5",
      ".5",
      "1e5",
      "1E+5",
      "1e-5",
      "1e",
      "1e+",
      "+1",
      "18446744073709551615",
      "18446744073709551616",
      "-9223372036854775808",
      "-9223372036854775809",
      "1e400",
      "-1e400",
      "123456789012345678901234567890",
      "true",
      "false",
      "null",
      "tru",
      "nul",
      "nulll",
      "TRUE",
      "[true,false,null]",
      "\xef\xbb\xbf{}",
      "\xef\xbb{}",
      "/* c */{}",
      "{\"a\":1}//",
      "[1]\x00",
      "{\"a\":\"b\",\"a\":\"c\"}",
      "[\"\xe2\x82\xac\", \"\\u20AC\"]",
      std::string("[1]\0", 4),
      std::string("[1\0]", 4),
      std::string("\0", 1),
      "\"\xed\xbf\xbf\"",
      "\"\xed\x9f\xbf\"",
      "\"\xee\x80\x80\"",
  };
  for (const std::string& text : cases) {
    EXPECT_EQ(ReaderEvents(text), ExpectedReaderEvents(text)) << "text: " << text;
  }
}

// Every one- and two-byte sequence, every three-byte sequence with a lead from E0, and
// every four-byte lead with every second byte (the rest continuation bytes), inside a
// string: the UTF-8 checks must agree byte for byte.
TEST(AuctionJsonReader, EveryShortByteSequenceInAStringIsJudgedAsNlohmannDoes) {
  auto same = [](const std::string& bytes) {
    const std::string text = "\"" + bytes + "\"";
    return ReaderEvents(text) == ExpectedReaderEvents(text);
  };
  int checked = 0;
  for (int a = 0; a < 256; ++a) {
    ASSERT_TRUE(same(std::string(1, static_cast<char>(a)))) << a;
    for (int b = 0; b < 256; ++b) {
      ASSERT_TRUE(same({static_cast<char>(a), static_cast<char>(b)})) << a << " " << b;
      ++checked;
      if (a >= 0xE0 && a <= 0xEF) {
        for (int c = 0x70; c < 0xC8; ++c) {
          ASSERT_TRUE(same({static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)}))
              << a << " " << b << " " << c;
        }
      }
      if (a >= 0xF0) {
        ASSERT_TRUE(same({static_cast<char>(a), static_cast<char>(b), '\x80', '\xbf'})) << a;
      }
    }
  }
  EXPECT_EQ(checked, 65536);
}

// Random mutations (byte flips, insertions and deletions of JSON's own characters) of the
// golden replay inputs: the two readers must agree on every one.
TEST(AuctionJsonReader, RandomMutationsGiveTheSameEventsAsNlohmann) {
  std::vector<std::string> seeds;
  for (const auto& c : testing::GoldenCases()) seeds.push_back(testing::ReadFile(c.input));
  ASSERT_FALSE(seeds.empty());
  const std::string alphabet =
      std::string("{}[]:,\"\\ \t\r\n0123456789-+.eEtrufalsn\x7f\xc3\xa9\xed\xff") + '\0';
  std::mt19937_64 rng(12);
  int rejected = 0;
  for (int k = 0; k < 20000; ++k) {
    std::string text = seeds[rng() % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text[at] = alphabet[rng() % alphabet.size()];
          break;
        case 1:
          text.insert(text.begin() + static_cast<long>(at), alphabet[rng() % alphabet.size()]);
          break;
        default:
          text.erase(at, 1 + rng() % 3);
      }
    }
    const auto ours = ReaderEvents(text), theirs = ExpectedReaderEvents(text);
    ASSERT_EQ(ours, theirs) << "text: " << text;
    rejected += !theirs.empty() && theirs.back() == "error";
  }
  EXPECT_GE(rejected, 5000);  // most mutations break the syntax; some keep it
  EXPECT_LE(rejected, 19900);
}

}  // namespace
}  // namespace phantompool::auction
