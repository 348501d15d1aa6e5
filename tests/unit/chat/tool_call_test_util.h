// Helpers for the tool-call parser tests: feeding output in chunks and comparing results.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "chat/tool_call_parser.h"

namespace hearth::testing {

struct StreamedOutput {
  ParsedChatOutput message;       // the deltas applied in order
  std::vector<ChatDelta> deltas;  // every delta, as returned
  // For each Feed: bytes fed so far and content bytes returned so far.
  std::vector<std::pair<size_t, size_t>> content_progress;
};

// Feeds `text` in pieces of the given sizes (cycled; 1 = byte by byte), then Finish().
inline StreamedOutput ParseInChunks(ChatFormat format, std::string_view text,
                                    const std::vector<size_t>& chunk_sizes,
                                    ToolCallParserOptions options) {
  StreamedOutput out;
  ToolCallParser parser(format, std::move(options));
  size_t fed = 0, content = 0, next_size = 0;
  auto take = [&](std::vector<ChatDelta> deltas) {
    for (ChatDelta& delta : deltas) {
      ApplyChatDelta(delta, out.message);
      if (delta.kind == ChatDeltaKind::kContent) content += delta.text.size();
      out.deltas.push_back(std::move(delta));
    }
  };
  while (fed < text.size()) {
    const size_t size = std::min(chunk_sizes[next_size++ % chunk_sizes.size()], text.size() - fed);
    take(parser.Feed(text.substr(fed, size)));
    fed += size;
    out.content_progress.emplace_back(fed, content);
  }
  take(parser.Finish());
  return out;
}

inline std::vector<size_t> RandomChunkSizes(uint32_t seed, size_t count = 64, size_t max = 12) {
  std::mt19937 random(seed);
  std::vector<size_t> sizes;
  for (size_t i = 0; i < count; ++i) sizes.push_back(1 + random() % max);
  return sizes;
}

inline ToolCallParserOptions OptionsWithSeed(ToolCallStreaming streaming, uint64_t seed = 42) {
  ToolCallParserOptions options;
  options.streaming = streaming;
  options.id_seed = seed;
  return options;
}

// Arguments as JSON values (a string holding JSON is parsed), for comparing calls.
inline nlohmann::json ArgumentsValue(const nlohmann::json& arguments) {
  if (arguments.is_string()) {
    return nlohmann::json::parse(arguments.get<std::string>(), nullptr, false);
  }
  return arguments;
}

// Checks that streaming `text` byte by byte and in random chunks, in both streaming modes,
// gives exactly the one-shot result (ids included: the parsers share a seed).
inline void ExpectStreamingMatchesOneShot(ChatFormat format, std::string_view text,
                                          ToolCallParserOptions options = {}) {
  options.id_seed = options.id_seed == 0 ? 7 : options.id_seed;
  const ParsedChatOutput one_shot = ParseToolCalls(format, text, options);
  for (ToolCallStreaming mode :
       {ToolCallStreaming::kWholeBlocks, ToolCallStreaming::kIncremental}) {
    options.streaming = mode;
    SCOPED_TRACE(mode == ToolCallStreaming::kWholeBlocks ? "whole blocks" : "incremental");
    EXPECT_EQ(ParseInChunks(format, text, {1}, options).message, one_shot) << "byte by byte";
    for (uint32_t seed = 1; seed <= 5; ++seed) {
      EXPECT_EQ(ParseInChunks(format, text, RandomChunkSizes(seed), options).message, one_shot)
          << "random chunks, seed " << seed;
    }
    EXPECT_EQ(ParseInChunks(format, text, {text.size() + 1}, options).message, one_shot)
        << "one piece";
  }
}

}  // namespace hearth::testing

namespace hearth {
// Readable failure messages.
inline void PrintTo(const ToolCall& call, std::ostream* os) {
  *os << "{id=" << call.id << " name=" << call.name << " arguments=" << call.arguments << "}";
}
inline void PrintTo(const ParsedChatOutput& message, std::ostream* os) {
  *os << "{content=\"" << message.content << "\" reasoning=\"" << message.reasoning_content
      << "\" tool_calls=[";
  for (const ToolCall& call : message.tool_calls) PrintTo(call, os);
  *os << "]}";
}
}  // namespace hearth
