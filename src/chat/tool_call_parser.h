// Parsing a model's output into content, reasoning and tool calls while it is being generated.
//
// ToolCallParser takes the output text in pieces as the detokenizer produces them (any split,
// even inside a UTF-8 character or a marker) and returns deltas in OpenAI's terms:
//   - content: passed on as soon as it cannot be the start of a tool-call marker; only a
//     possible marker prefix is held back (at most the longest marker's length minus one
//     byte), and at the start of the output, whitespace and a possible start of the formats'
//     boundary markers ("{" for Llama 3 and the generic format, "<think>" for R1) and
//     functionary's recipient line ("all\n", which is not content). Whitespace between a tool
//     call block or the reasoning and what follows is dropped;
//   - reasoning (formats with <think>): the text inside <think>...</think>, trimmed;
//   - tool calls: kToolCallBegin (index, id, function name), then kToolCallArguments pieces
//     whose concatenation is the text of one JSON object (compact: whitespace outside strings
//     dropped). Llama's and Command R's "parameters" are reported as the arguments. Ids are
//     generated ("call_" + 24 letters and digits), except Mistral's, which the model writes
//     itself (9 letters and digits, the only ids its template accepts; generated in that form
//     when missing).
//
// Malformed calls. A block that opens with a marker but does not parse (broken JSON, a missing
// name or arguments, a name outside ToolCallParserOptions::tool_names, output ending inside it)
// is not a call: its text, marker included, is content at its place in the output, and it is
// scanned again for markers. Well-formed calls elsewhere still count, including earlier complete
// calls of the same block (Mistral's list, R1's sequence): then only the text after the last
// complete call is content. So a reply whose only call is malformed comes out as plain content
// with no tool calls. A well-formed call followed by text that is not the expected closing
// marker stands; the text is content.
//
// Streaming modes. kWholeBlocks announces a block's calls once the block has been read and
// checked, so nothing emitted is ever taken back and the concatenated deltas always equal
// ParseToolCalls(). kIncremental announces a call once its name is known and its arguments
// begin, and streams the arguments as they arrive. If such a call then turns out malformed, that
// cannot be undone: the parser emits kToolCallInvalid for it (the server should treat the call
// as never made, e.g. not finish with "tool_calls" because of it), and its text and everything
// after it are content, with no further calls. Otherwise both modes give the same result.
//
// Thread-safety: one parser per generated sequence; not thread-safe. Move-only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chat/chat_format.h"

namespace hearth {

enum class ChatDeltaKind : uint8_t {
  kContent,            // text
  kReasoning,          // text
  kToolCallBegin,      // tool_call_index, tool_call_id, function_name
  kToolCallArguments,  // tool_call_index, text: a piece of the arguments' JSON text
  kToolCallInvalid,    // tool_call_index, text: why (kIncremental only; see above)
};

struct ChatDelta {
  ChatDeltaKind kind = ChatDeltaKind::kContent;
  std::string text;
  size_t tool_call_index = 0;  // 0, 1, ... in the order the calls begin
  std::string tool_call_id;
  std::string function_name;

  bool operator==(const ChatDelta&) const = default;
};

enum class ToolCallStreaming : uint8_t { kIncremental, kWholeBlocks };

struct ToolCallParserOptions {
  // False when the request has no tools: only content and reasoning are split (functionary's
  // "all" header is still removed).
  bool parse_tool_calls = true;
  // When non-empty, only calls to these functions are recognised (others stay content).
  std::vector<std::string> tool_names;
  // Split <think> reasoning, for formats that have it (ChatFormatInfo::reasoning_open).
  bool split_reasoning = true;
  // The prompt ended inside <think> (PromptOpensReasoning): the output starts as reasoning.
  bool reasoning_open_at_start = false;
  ToolCallStreaming streaming = ToolCallStreaming::kIncremental;
  // Seed for generated tool call ids; 0 draws one from std::random_device.
  uint64_t id_seed = 0;
};

class ToolCallParser {
 public:
  explicit ToolCallParser(ChatFormat format, ToolCallParserOptions options = {});
  ~ToolCallParser();
  ToolCallParser(ToolCallParser&&) noexcept;
  ToolCallParser& operator=(ToolCallParser&&) noexcept;

  // The deltas that `text` (the next piece of output) completes; adjacent deltas of one kind
  // are merged. Never fails: bad output becomes content.
  std::vector<ChatDelta> Feed(std::string_view text);
  // The output has ended: whatever was held back, resolved. Call once, and Feed no more.
  std::vector<ChatDelta> Finish();

 private:
  class State;
  std::unique_ptr<State> state_;
};

struct ToolCall {
  std::string id;
  std::string name;
  std::string arguments;  // JSON object text

  bool operator==(const ToolCall&) const = default;
};

struct ParsedChatOutput {
  std::string content;
  std::string reasoning_content;
  std::vector<ToolCall> tool_calls;

  bool operator==(const ParsedChatOutput&) const = default;
};

// Adds one delta to an accumulated message. kToolCallInvalid removes the failed call (always the
// last one), so a kIncremental stream accumulates to what ParseToolCalls() returns as long as no
// call follows the malformed one.
void ApplyChatDelta(const ChatDelta& delta, ParsedChatOutput& message);

// The whole output at once (non-streaming responses): the same parser in kWholeBlocks mode,
// whatever `options.streaming` says.
ParsedChatOutput ParseToolCalls(ChatFormat format, std::string_view text,
                                ToolCallParserOptions options = {});

}  // namespace hearth
