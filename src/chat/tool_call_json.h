// Internal to the tool-call parser: reading tool calls written as JSON, byte by byte, with the
// argument text passed on as it arrives (insignificant whitespace dropped).
//
// A call object has a name ("name", or Command R's "tool_name"), arguments ("arguments", or
// Llama's and Command R's "parameters": an object, or a string holding an object's JSON), an
// optional "id" and an ignored "type". Any other member, a missing name or missing arguments
// make it not a call. With CallIdSource::kGenerated the call is announced (ToolCallSink::BeginCall)
// once its name is known and its arguments have begun, so the argument text streams, and an "id"
// is ignored (a model imitating earlier turns could repeat one). With kModel (Mistral, whose
// template checks the ids it wrote) the "id" is used, and since it comes last the call is
// announced when the object is complete.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "chat/json_scanner.h"
#include "chat/tool_call_block.h"

namespace hearth {

enum class CallIdSource : uint8_t { kGenerated, kModel };

// Assembles one call object read by a scanner that may hold it nested in other values.
class CallObjectAssembler {
 public:
  CallObjectAssembler(int object_depth, CallIdSource ids)
      : object_depth_(object_depth), ids_(ids) {}

  // Every byte from the object's '{' to its '}', after `scanner` took it (`step`). False: the
  // object is not a call.
  bool OnByte(char c, const JsonScanStep& step, const JsonScanner& scanner, ToolCallSink& sink);
  bool complete() const { return complete_; }

 private:
  enum class Role : uint8_t { kNone, kName, kArguments, kId, kIgnored };
  bool BeginMember(char c, std::string_view key);
  bool EndMember(const JsonScanner& scanner, ToolCallSink& sink);
  bool EndObject(ToolCallSink& sink);
  void AddArgumentText(std::string_view text, ToolCallSink& sink);
  void AnnounceIfReady(ToolCallSink& sink, bool object_complete);

  int object_depth_;
  CallIdSource ids_;
  Role role_ = Role::kNone;  // of the member value being read
  std::string name_;
  std::string id_;
  bool has_name_ = false;
  bool has_arguments_ = false;
  bool arguments_are_string_ = false;
  bool announced_ = false;
  bool complete_ = false;
  std::string held_arguments_;  // argument text read before the call was announced
};

// A bare arguments object whose function name came before it (functionary, DeepSeek): the call
// is announced at its '{'. Leading whitespace is skipped.
class ArgumentsObjectReader {
 public:
  explicit ArgumentsObjectReader(std::string name) : name_(std::move(name)) {}
  // kNeedMore, kDone (the object and the call are complete) or kInvalid.
  JsonScanStatus Feed(char c, ToolCallSink& sink);

 private:
  std::string name_;
  JsonScanner scanner_;
  bool started_ = false;
};

enum class JsonCallsLayout : uint8_t {
  kOneCall,          // a call object
  kCallList,         // an array of call objects (or one call object)
  kGenericEnvelope,  // {"tool_calls": [call, ...]}, {"tool_call": call} or {"response": "text"}
};

// One JSON value holding calls as `layout` says. The generic envelope's "response" text is
// reported as content while it is read. After a complete call (or response text), bytes that
// cannot continue the JSON end the block leniently (kEndsBefore) instead of invalidating it.
// A value that yields no call and no content is invalid.
class JsonCallsReader {
 public:
  JsonCallsReader(JsonCallsLayout layout, CallIdSource ids) : layout_(layout), ids_(ids) {}

  BlockByte Feed(char c, ToolCallSink& sink);
  // Whether what was read stands if the output ends here.
  bool CanFinish() const { return produced_ && !call_; }

 private:
  bool StartValue(char c, int depth);

  JsonCallsLayout layout_;
  CallIdSource ids_;
  JsonScanner scanner_;
  std::optional<CallObjectAssembler> call_;
  int response_depth_ = -1;  // >= 0 while reading the envelope's "response" string
  bool produced_ = false;    // a complete call or some response text
};

// [open literal] JSON [close literal], whitespace allowed around them. A missing or different
// close literal ends the block leniently: the call stands and what follows is content.
class WrappedJsonBlock final : public ToolCallBlock {
 public:
  WrappedJsonBlock(std::string_view open, JsonCallsLayout layout, CallIdSource ids,
                   std::string_view close);

  BlockByte Feed(char c, ToolCallSink& sink) override;
  bool Finish(ToolCallSink& sink) override;
  std::string TakeGiveback() override { return std::move(giveback_); }

 private:
  enum class Phase : uint8_t { kOpen, kJson, kClose };
  Phase phase_;
  LiteralMatcher open_;
  JsonCallsReader json_;
  bool has_close_;
  LiteralMatcher close_;
  std::string giveback_;
};

}  // namespace hearth
