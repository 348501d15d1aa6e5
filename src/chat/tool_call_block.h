// Internal to the tool-call parser (tool_call_parser.h): the interface between its driver, which
// finds where a tool call block starts, and the block readers, which read one family's block
// byte by byte and report calls as they are recognised; plus small pieces the readers share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chat/utf8_validator.h"

namespace hearth {

// Where block readers report what they recognise (implemented by the parser).
class ToolCallSink {
 public:
  virtual ~ToolCallSink() = default;
  // A call starts. `model_id`: the id the model wrote, "" to have one generated.
  virtual void BeginCall(std::string_view name, std::string_view model_id) = 0;
  // A piece of the current call's arguments; the pieces of one call concatenate to the text
  // of one JSON object.
  virtual void AppendArguments(std::string_view json_text) = 0;
  virtual void EndCall() = 0;
  // Plain content found inside a block (the generic format's "response"). It is passed on at
  // once, so a block that reported content cannot be taken back as a whole any more.
  virtual void AppendContent(std::string_view text) = 0;
  // Whether a call to `name` may be recognised (the request has tools, and `name` is one).
  virtual bool AcceptsToolName(std::string_view name) const = 0;
};

// What one byte did to a block.
enum class BlockByte : uint8_t {
  kNeedMore,    // the block goes on
  kEndsAfter,   // the block ends with this byte
  kEndsBefore,  // the block ended before this byte; this byte (after TakeGiveback()) follows it
  kInvalid,     // not well formed: only calls it completed stand (see tool_call_parser.h)
};

// One tool call block of one family, from just after its opening marker.
class ToolCallBlock {
 public:
  virtual ~ToolCallBlock() = default;
  virtual BlockByte Feed(char c, ToolCallSink& sink) = 0;
  // The output ended inside the block. True: what was read stands (every call reported is
  // complete; open calls are completed, e.g. code that runs to the end of the output).
  // False: as kInvalid.
  virtual bool Finish(ToolCallSink& sink) = 0;
  // After kEndsBefore: bytes taken earlier that belong after the block (they precede the byte
  // that ended it).
  virtual std::string TakeGiveback() { return {}; }
};

bool IsAsciiWhitespace(char c);
// Letters, digits, '_', '-' and '.': what function names and recipients are made of.
bool IsToolNameChar(char c);

// Matches one of several literals byte by byte (optionally after whitespace).
class LiteralMatcher {
 public:
  enum class Result : uint8_t { kNeedMore, kMatched, kMismatch };
  explicit LiteralMatcher(std::vector<std::string_view> options, bool skip_whitespace = true);

  // After kMatched or kMismatch, Reset() before feeding again.
  Result Feed(char c);
  void Reset();
  size_t matched_option() const { return matched_option_; }
  // Whether literal bytes (not just whitespace) have been matched.
  bool matching() const { return !text_.empty(); }
  // Whitespace and literal bytes taken before the byte that mismatched.
  const std::string& consumed() const { return consumed_; }

 private:
  std::vector<std::string_view> options_;
  bool skip_whitespace_;
  std::string text_;      // literal bytes read
  std::string consumed_;  // whitespace and literal bytes read
  size_t matched_option_ = 0;
};

// Appends `text` as the inside of a JSON string literal (quotes, backslashes and control
// characters escaped).
void AppendJsonEscaped(std::string& out, std::string_view text);

// A call to "python" whose source is raw text: arguments {"code": "<text>"} streamed as the
// text arrives (Llama's <|python_tag|> code interpreter, functionary's python recipient).
// Ill-formed UTF-8 in the source becomes U+FFFD, so the arguments are always valid JSON.
class CodeCallWriter {
 public:
  static constexpr std::string_view kToolName = "python";
  // False when the request has no such tool.
  bool Begin(ToolCallSink& sink);
  void Append(std::string_view code, ToolCallSink& sink);
  void End(ToolCallSink& sink);

 private:
  void AppendEscaped(std::string_view text, ToolCallSink& sink);
  Utf8Repairer utf8_;
};

}  // namespace hearth
