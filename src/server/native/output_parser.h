// OutputParser: splits a choice's generated text into content, reasoning and tool calls as it
// streams. The native handler feeds it the text the engine releases (whole UTF-8 characters,
// stop strings already removed) and forwards what it returns. Without tools the plain parser
// passes everything through as content; the chat planner (generation_hooks.h) supplies a
// tool-call parser for a request with tools.
//
// One parser per choice; used by one thread at a time.
#pragma once

#include <memory>
#include <string_view>

#include "server/native/generation_output.h"

namespace hearth::server {

class OutputParser {
 public:
  virtual ~OutputParser() = default;
  // Takes the next piece of generated text; returns what may be sent now (it may hold back a
  // tail that could start a tool call).
  virtual OutputDelta Push(std::string_view text) = 0;
  // The generation ended: returns what was held back.
  virtual OutputDelta Finish() = 0;
  // At least one tool call was output (the choice then ends with ChoiceFinish::kToolCalls).
  virtual bool saw_tool_calls() const = 0;
};

// Everything is content.
class PlainTextParser final : public OutputParser {
 public:
  OutputDelta Push(std::string_view text) override;
  OutputDelta Finish() override { return {}; }
  bool saw_tool_calls() const override { return false; }
};

}  // namespace hearth::server
