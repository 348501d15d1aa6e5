// JsonScanner (the incremental JSON checker under the tool-call parser) against nlohmann's
// parser, plus the value boundaries and string decoding the readers rely on; and the UTF-8
// helpers and marker scanning that go with it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "chat/json_scanner.h"
#include "chat/marker_scan.h"
#include "chat/utf8_validator.h"

namespace hearth {
namespace {

// Feeds all of `text`; the status after the last byte, or kInvalid/kDone as soon as reached
// (with `stopped_at` set to that byte's index).
JsonScanStatus Scan(std::string_view text, size_t* stopped_at = nullptr) {
  JsonScanner scanner;
  for (size_t i = 0; i < text.size(); ++i) {
    const JsonScanStatus status = scanner.Feed(text[i]).status;
    if (status != JsonScanStatus::kNeedMore) {
      if (stopped_at) *stopped_at = i;
      return status;
    }
  }
  return JsonScanStatus::kNeedMore;
}

TEST(JsonScanner, AgreesWithNlohmannOnWholeDocuments) {
  const std::string documents[] = {R"({})",
                                   R"([])",
                                   R"("")",
                                   R"({"a": 1})",
                                   R"({"a": -0.5e+10, "b": [true, false, null]})",
                                   R"([1, 2, 3])",
                                   R"({"nested": {"deep": [[[{"x": "y"}]]]}})",
                                   R"("\u00e9\ud83d\ude00\n\t\"\\\/")",
                                   R"( { "spaced" : [ 1 , 2 ] } )",
                                   "\"日本語\"",
                                   R"({"a": 01})",
                                   R"({"a": 1.})",
                                   R"({"a": .5})",
                                   R"({"a": 1e})",
                                   R"({"a": -})",
                                   R"({"a": tru})",
                                   R"({"a": True})",
                                   R"({"a" 1})",
                                   R"({"a": 1,})",
                                   R"([1,])",
                                   R"({,})",
                                   R"({"a": "\x"})",
                                   R"({"a": "\u12"})",
                                   R"("\ud83d")",
                                   R"("\ude00")",
                                   R"("\ud83dx")",
                                   "\"raw\nnewline\"",
                                   "\"\xff\"",
                                   "\"\xc3\"",
                                   "\"\xe0\x80\x80\"",
                                   "\"\xed\xa0\x80\"",
                                   "\"\xf4\x90\x80\x80\"",
                                   R"({"a": 1}})",
                                   R"([1] [2])",
                                   R"({"a": [1, 2}})",
                                   R"({1: 2})",
                                   R"({"a": -01})",
                                   R"({"a": 1E5, "b": 0.0e-0})"};
  for (const std::string& document : documents) {
    SCOPED_TRACE(document);
    size_t stopped_at = 0;
    const JsonScanStatus status = Scan(document, &stopped_at);
    // Done on the value's last byte; the document is whole if only whitespace follows.
    const bool whole = status == JsonScanStatus::kDone &&
                       document.find_first_not_of(" \n", stopped_at + 1) == std::string::npos;
    EXPECT_EQ(whole, nlohmann::json::accept(document))
        << "status " << int(status) << " at byte " << stopped_at;
  }
}

TEST(JsonScanner, EveryPrefixOfAValidDocumentNeedsMore) {
  const std::string document =
      R"({"name": "get_weather", "arguments": {"city": "Zürich", "days": [1, 2.5e3, -7], )"
      R"("x": null, "s": "a\"b\u00e9"}})";
  for (size_t length = 0; length < document.size(); ++length) {
    EXPECT_EQ(Scan(std::string_view(document).substr(0, length)), JsonScanStatus::kNeedMore)
        << length;
  }
  EXPECT_EQ(Scan(document), JsonScanStatus::kDone);
}

TEST(JsonScanner, TopLevelScalarsOtherThanStringsAreRefused) {
  EXPECT_EQ(Scan("1"), JsonScanStatus::kInvalid);
  EXPECT_EQ(Scan("true"), JsonScanStatus::kInvalid);
  EXPECT_EQ(Scan("\"ok\""), JsonScanStatus::kDone);
}

TEST(JsonScanner, ReportsValueBoundariesKeysAndDecodedStrings) {
  const std::string document = R"({"a": {"b": 12}, "c": "x\u00e9"})";
  JsonScanner scanner;
  std::vector<std::string> events;
  for (char c : document) {
    const JsonScanStep step = scanner.Feed(c);
    if (step.begin_depth >= 0)
      events.push_back("begin " + std::to_string(step.begin_depth) + " " + c);
    if (step.end_depth >= 0) {
      std::string key(step.end_depth > 0 ? scanner.KeyAt(step.end_depth - 1) : "");
      events.push_back("end " + std::to_string(step.end_depth) + " " + key);
    }
  }
  const std::vector<std::string> expected = {"begin 0 {",  "begin 1 {", "begin 2 1", "end 1 a",
                                             "begin 1 \"", "end 1 c",   "end 0 "};
  EXPECT_EQ(events, expected);
  EXPECT_EQ(scanner.last_string(), "xé");
  EXPECT_EQ(scanner.status(), JsonScanStatus::kDone);
}

TEST(JsonScanner, DecodesStringsPieceByPiece) {
  JsonScanner scanner;
  std::string decoded;
  for (char c : std::string(R"("a\nb\u00e9\ud83d\ude00c")")) {
    scanner.Feed(c);
    decoded += scanner.decoded_by_last_byte();
  }
  EXPECT_EQ(decoded, "a\nbé😀c");
}

TEST(JsonScanner, RefusesNestingBeyondTheLimit) {
  JsonScanner scanner(/*max_depth=*/4);
  JsonScanStatus status = JsonScanStatus::kNeedMore;
  for (int i = 0; i < 5 && status == JsonScanStatus::kNeedMore; ++i)
    status = scanner.Feed('[').status;
  EXPECT_EQ(status, JsonScanStatus::kInvalid);
}

TEST(JsonScanner, MarksInsignificantWhitespace) {
  JsonScanner scanner;
  std::string significant;
  for (char c : std::string("{ \"a b\" :\n [ 1 ,2 ] }")) {
    if (!scanner.Feed(c).insignificant) significant += c;
  }
  EXPECT_EQ(significant, "{\"a b\":[1,2]}");
}

TEST(Utf8Repairer, ReplacesIllFormedSequencesAndHoldsSplitCharacters) {
  Utf8Repairer repairer;
  EXPECT_EQ(repairer.Feed("a\xc3"), "a");
  EXPECT_EQ(repairer.Feed("\xa9"
                          "b"),
            "\xc3\xa9"
            "b");
  EXPECT_EQ(repairer.Feed("\xff"
                          "c"),
            "\xEF\xBF\xBD"
            "c");
  EXPECT_EQ(repairer.Feed("\xe6\x97"
                          "d"),
            "\xEF\xBF\xBD"
            "d");
  EXPECT_EQ(repairer.Feed("\xe6"), "");
  EXPECT_EQ(repairer.Flush(), "\xEF\xBF\xBD");
  EXPECT_EQ(repairer.Feed("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD") << "surrogate";
}

TEST(MarkerScan, HoldsBackOnlyPossibleMarkerStarts) {
  const MarkerPattern patterns[] = {{"<tool_call>", false}, {"{", true}};
  MarkerScan scan = ScanForMarker("Hello <tool", patterns, /*at_boundary=*/false);
  EXPECT_FALSE(scan.match);
  EXPECT_EQ(scan.safe_length, 6u);
  scan = ScanForMarker("Hi <tool_call> and {", patterns, false);
  ASSERT_TRUE(scan.match);
  EXPECT_EQ(scan.match->position, 3u);
  scan = ScanForMarker("  {\"a\"", patterns, /*at_boundary=*/true);
  ASSERT_TRUE(scan.match);
  EXPECT_EQ(scan.match->pattern_index, 1u);
  EXPECT_EQ(scan.match->whitespace_before, 2u);
  EXPECT_EQ(ScanForMarker("x {", patterns, true).safe_length, 3u) << "boundary markers only first";
  EXPECT_EQ(ScanForMarker("  ", patterns, true).safe_length, 0u);
}

}  // namespace
}  // namespace hearth
