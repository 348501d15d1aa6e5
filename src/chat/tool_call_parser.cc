// The driver: content and reasoning are scanned for markers; a marker hands the text that
// follows to the block reader of its family (tool_call_syntax.h) until the block ends, or turns
// out not to be one, in which case its text is scanned again as content.
#include "chat/tool_call_parser.h"

#include <array>
#include <memory>
#include <optional>

#include "base/check.h"
#include "chat/marker_scan.h"
#include "chat/tool_call_output.h"
#include "chat/tool_call_syntax.h"

namespace hearth {
namespace {

std::string_view WithoutTrailingWhitespace(std::string_view text) {
  while (!text.empty() && IsAsciiWhitespace(text.back())) text.remove_suffix(1);
  return text;
}

constexpr std::string_view kEndedInsideCall = "the output ended inside a tool call";
constexpr std::string_view kMalformedCall = "malformed tool call";

}  // namespace

class ToolCallParser::State {
 public:
  State(ChatFormat format, const ToolCallParserOptions& options);

  std::vector<ChatDelta> Feed(std::string_view text) {
    HEARTH_CHECK(!finished_) << "ToolCallParser::Feed after Finish";
    buffer_ += text;
    Run();
    return output_.TakeDeltas();
  }
  std::vector<ChatDelta> Finish();

 private:
  enum class Mode : uint8_t { kContent, kReasoning, kBlock, kPlainContent };
  // What a marker found in content opens: a block, or (nullopt) the reasoning.
  struct ContentMarkerAction {
    std::optional<ToolBlockKind> block;
    bool marker_starts_block = false;
  };

  void Run();
  // Each step returns false when it needs more text.
  bool StepContent();
  bool StepReasoning();
  bool StepBlock();
  void OpenBlock(ToolBlockKind kind, std::string opening);
  void CloseBlock();
  void AbandonBlock(std::string_view why);
  void EnterContentAtBoundary();
  void FlushAtEnd();

  ToolCallOutput output_;
  std::vector<MarkerPattern> content_markers_;
  std::vector<ContentMarkerAction> content_actions_;  // parallel to content_markers_
  std::array<MarkerPattern, 2> reasoning_markers_;    // close (anywhere), a repeated open
  Mode mode_ = Mode::kContent;
  std::string buffer_;  // output received and not yet passed on or given to a block
  // At the start of the output, or just after a block or the reasoning: boundary markers may
  // match, and whitespace is held until it is known whether a marker follows.
  bool at_boundary_ = true;
  bool drop_boundary_whitespace_ = false;  // after a block or the reasoning (not at the start)
  bool reasoning_at_start_ = false;
  std::unique_ptr<ToolCallBlock> block_;
  std::string block_opening_;  // whitespace and marker before the block (content if rejected)
  std::string block_text_;     // what the block has read
  size_t block_complete_length_ = 0;  // of block_text_, up to the end of its last complete call
  bool finished_ = false;
};

ToolCallParser::State::State(ChatFormat format, const ToolCallParserOptions& options)
    : output_(options, GetChatFormatInfo(format).id_style) {
  const ChatFormatInfo& info = GetChatFormatInfo(format);
  const ToolCallSyntax syntax = ToolCallSyntaxFor(format);
  if (options.parse_tool_calls) {
    for (const ToolCallMarker& marker : syntax.markers) {
      content_markers_.push_back(marker.pattern);
      content_actions_.push_back({marker.block, marker.marker_starts_block});
    }
  }
  const bool reasoning = options.split_reasoning && !info.reasoning_open.empty();
  if (reasoning) {
    content_markers_.push_back({info.reasoning_open, /*at_boundary_only=*/true});
    content_actions_.push_back({std::nullopt, false});
    reasoning_markers_ = {MarkerPattern{info.reasoning_close, false},
                          MarkerPattern{info.reasoning_open, true}};
  }
  if (reasoning && options.reasoning_open_at_start) {
    mode_ = Mode::kReasoning;
    reasoning_at_start_ = true;
  } else if (syntax.initial_block) {
    OpenBlock(*syntax.initial_block, "");
  }
}

void ToolCallParser::State::Run() {
  bool more = true;
  while (more) {
    switch (mode_) {
      case Mode::kContent: more = StepContent(); break;
      case Mode::kReasoning: more = StepReasoning(); break;
      case Mode::kBlock: more = StepBlock(); break;
      case Mode::kPlainContent:
        output_.Content(buffer_);
        buffer_.clear();
        more = false;
        break;
    }
  }
}

bool ToolCallParser::State::StepContent() {
  if (at_boundary_ && drop_boundary_whitespace_) {
    buffer_.erase(0, LeadingWhitespace(buffer_));
    if (buffer_.empty()) return false;
  }
  const MarkerScan scan = ScanForMarker(buffer_, content_markers_, at_boundary_);
  if (!scan.match) {
    // At the start of the output, leading whitespace waits to see whether a marker follows.
    if (at_boundary_ && LeadingWhitespace(buffer_) >= scan.safe_length) return false;
    at_boundary_ = false;  // content (not only whitespace) passes on
    output_.Content(std::string_view(buffer_).substr(0, scan.safe_length));
    buffer_.erase(0, scan.safe_length);
    return false;
  }
  const MarkerMatch& match = *scan.match;
  const ContentMarkerAction action = content_actions_[match.pattern_index];
  const size_t marker_end = match.position + content_markers_[match.pattern_index].text.size();
  const size_t opening_start = match.position - match.whitespace_before;
  const std::string_view before = std::string_view(buffer_).substr(0, opening_start);
  std::string opening;
  if (at_boundary_ && LeadingWhitespace(before) == before.size()) {
    opening = before;  // at the start: dropped, unless the block proves not to be one
  } else {
    output_.Content(before);
  }
  // A marker that starts the block stays in the buffer for the block to read.
  const size_t consumed = action.marker_starts_block ? match.position : marker_end;
  opening.append(buffer_, opening_start, consumed - opening_start);
  buffer_.erase(0, consumed);
  at_boundary_ = false;
  if (action.block) {
    OpenBlock(*action.block, std::move(opening));
  } else {
    mode_ = Mode::kReasoning;
    reasoning_at_start_ = true;
  }
  return true;
}

bool ToolCallParser::State::StepReasoning() {
  if (reasoning_at_start_) {
    buffer_.erase(0, LeadingWhitespace(buffer_));
    if (buffer_.empty()) return false;
  }
  const MarkerScan scan = ScanForMarker(buffer_, reasoning_markers_, reasoning_at_start_);
  if (scan.match && scan.match->pattern_index == 1) {  // "<think>" again after the prompt's
    buffer_.erase(0, scan.match->position + reasoning_markers_[1].text.size());
    return true;
  }
  if (scan.match) {  // the end of the reasoning
    const size_t position = scan.match->position;
    output_.Reasoning(WithoutTrailingWhitespace(std::string_view(buffer_).substr(0, position)));
    buffer_.erase(0, position + reasoning_markers_[0].text.size());
    reasoning_at_start_ = false;
    EnterContentAtBoundary();
    return true;
  }
  // Trailing whitespace waits too: it is dropped if the reasoning ends after it.
  const std::string_view safe =
      WithoutTrailingWhitespace(std::string_view(buffer_).substr(0, scan.safe_length));
  if (!safe.empty()) {
    reasoning_at_start_ = false;
    output_.Reasoning(safe);
    buffer_.erase(0, safe.size());
  }
  return false;
}

bool ToolCallParser::State::StepBlock() {
  for (size_t i = 0; i < buffer_.size(); ++i) {
    const size_t complete_calls = output_.complete_calls_in_block();
    const BlockByte result = block_->Feed(buffer_[i], output_);
    if (output_.complete_calls_in_block() != complete_calls) {
      block_complete_length_ = block_text_.size() + i + 1;
    }
    switch (result) {
      case BlockByte::kNeedMore: continue;
      case BlockByte::kEndsAfter:
        buffer_.erase(0, i + 1);
        CloseBlock();
        return true;
      case BlockByte::kEndsBefore:
        buffer_.replace(0, i, block_->TakeGiveback());
        CloseBlock();
        return true;
      case BlockByte::kInvalid:
        block_text_.append(buffer_, 0, i + 1);
        buffer_.erase(0, i + 1);
        AbandonBlock(kMalformedCall);
        return true;
    }
  }
  block_text_ += buffer_;
  buffer_.clear();
  return false;
}

void ToolCallParser::State::OpenBlock(ToolBlockKind kind, std::string opening) {
  block_ = MakeToolCallBlock(kind);
  HEARTH_CHECK(block_ != nullptr) << "no reader for tool call block kind " << int(kind);
  block_opening_ = std::move(opening);
  block_text_.clear();
  block_complete_length_ = 0;
  mode_ = Mode::kBlock;
  output_.BeginBlock();
}

void ToolCallParser::State::CloseBlock() {
  output_.CommitBlock();
  block_.reset();
  EnterContentAtBoundary();
}

// Not a well-formed block (see the header for what becomes of it).
void ToolCallParser::State::AbandonBlock(std::string_view why) {
  block_.reset();
  if (output_.complete_calls_in_block() > 0) {
    // The complete calls stand; what follows the last of them is content.
    std::string rest = block_text_.substr(block_complete_length_);
    if (output_.CloseMalformedBlock(why)) {
      output_.Content(rest);
      mode_ = Mode::kPlainContent;
    } else {
      buffer_.insert(0, rest);
      EnterContentAtBoundary();
    }
    return;
  }
  if (output_.CanRetractBlock()) {
    // It never was a block: its text is content, scanned again (it may hold a real marker).
    output_.RetractBlock();
    output_.Content(block_opening_);
    buffer_.insert(0, block_text_);
    mode_ = Mode::kContent;
    at_boundary_ = false;  // the block's own marker must not match again
    return;
  }
  output_.CloseMalformedBlock(why);
  output_.Content(block_opening_ + block_text_);
  mode_ = Mode::kPlainContent;
}

void ToolCallParser::State::EnterContentAtBoundary() {
  mode_ = Mode::kContent;
  at_boundary_ = true;
  drop_boundary_whitespace_ = true;
}

std::vector<ChatDelta> ToolCallParser::State::Finish() {
  HEARTH_CHECK(!finished_) << "ToolCallParser::Finish called twice";
  finished_ = true;
  Run();
  while (mode_ == Mode::kBlock) {
    if (block_->Finish(output_)) {
      CloseBlock();
    } else {
      AbandonBlock(kEndedInsideCall);
    }
    Run();
  }
  FlushAtEnd();
  return output_.TakeDeltas();
}

// What was held back when the output ends: a possible marker start is text after all.
void ToolCallParser::State::FlushAtEnd() {
  std::string_view rest = buffer_;
  switch (mode_) {
    case Mode::kReasoning: output_.Reasoning(WithoutTrailingWhitespace(rest)); break;
    case Mode::kContent:
      if (at_boundary_ && drop_boundary_whitespace_) rest.remove_prefix(LeadingWhitespace(rest));
      output_.Content(rest);
      break;
    case Mode::kBlock:
    case Mode::kPlainContent: output_.Content(rest); break;
  }
  buffer_.clear();
}

ToolCallParser::ToolCallParser(ChatFormat format, ToolCallParserOptions options)
    : state_(std::make_unique<State>(format, options)) {}
ToolCallParser::~ToolCallParser() = default;
ToolCallParser::ToolCallParser(ToolCallParser&&) noexcept = default;
ToolCallParser& ToolCallParser::operator=(ToolCallParser&&) noexcept = default;

std::vector<ChatDelta> ToolCallParser::Feed(std::string_view text) { return state_->Feed(text); }
std::vector<ChatDelta> ToolCallParser::Finish() { return state_->Finish(); }

void ApplyChatDelta(const ChatDelta& delta, ParsedChatOutput& message) {
  switch (delta.kind) {
    case ChatDeltaKind::kContent: message.content += delta.text; break;
    case ChatDeltaKind::kReasoning: message.reasoning_content += delta.text; break;
    case ChatDeltaKind::kToolCallBegin: {
      if (message.tool_calls.size() <= delta.tool_call_index) {
        message.tool_calls.resize(delta.tool_call_index + 1);
      }
      ToolCall& call = message.tool_calls[delta.tool_call_index];
      call.id = delta.tool_call_id;
      call.name = delta.function_name;
      break;
    }
    case ChatDeltaKind::kToolCallArguments:
      if (delta.tool_call_index < message.tool_calls.size()) {
        message.tool_calls[delta.tool_call_index].arguments += delta.text;
      }
      break;
    case ChatDeltaKind::kToolCallInvalid:
      if (delta.tool_call_index + 1 == message.tool_calls.size()) message.tool_calls.pop_back();
      break;
  }
}

ParsedChatOutput ParseToolCalls(ChatFormat format, std::string_view text,
                                ToolCallParserOptions options) {
  options.streaming = ToolCallStreaming::kWholeBlocks;
  ToolCallParser parser(format, std::move(options));
  ParsedChatOutput message;
  for (const ChatDelta& delta : parser.Feed(text)) ApplyChatDelta(delta, message);
  for (const ChatDelta& delta : parser.Finish()) ApplyChatDelta(delta, message);
  return message;
}

}  // namespace hearth
