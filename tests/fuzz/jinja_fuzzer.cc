// libFuzzer target for the Jinja parser and renderer, through the chat-template layer: the
// input is a template; it is parsed and, if it parses, rendered against two conversations
// (plain, and with tools and a tool call) under small render limits. Any crash, sanitizer
// report, hang, an error without a message, or a render that differs between two runs is a
// finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "chat/chat_template.h"

namespace hearth {
namespace {

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

ChatRenderInput Conversation(bool with_tools) {
  ChatRenderInput input;
  input.bos_token = "<s>";
  input.eos_token = "</s>";
  input.now = std::chrono::system_clock::time_point(std::chrono::hours(24 * 20000));
  input.messages = nlohmann::ordered_json::parse(
      R"([{"role":"system","content":"Be brief."},{"role":"user","content":"Hi é 😀"},
          {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
           "function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},
          {"role":"tool","tool_call_id":"call_1","content":"{\"temp\": 18}"},
          {"role":"user","content":[{"type":"text","text":"more"}]}])");
  if (with_tools) {
    input.tools = nlohmann::ordered_json::parse(
        R"([{"type":"function","function":{"name":"get_weather","description":"Weather",
            "parameters":{"type":"object","properties":{"city":{"type":"string",
            "enum":["Paris","Tokyo"]},"days":{"type":["integer","null"],"default":1}},
            "required":["city"]}}}])");
  }
  input.add_generation_prompt = with_tools;
  return input;
}

jinja::RenderLimits FuzzLimits() {
  jinja::RenderLimits limits;
  limits.max_output_bytes = 1 << 16;
  limits.max_work = 200'000;
  return limits;
}

}  // namespace
}  // namespace hearth

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hearth;
  Result<ChatTemplate> tmpl =
      ChatTemplate::Parse(std::string(reinterpret_cast<const char*>(data), size), "fuzz.jinja");
  if (!tmpl.ok()) {
    Require(tmpl.status().message().rfind("fuzz.jinja:", 0) == 0);
    return 0;
  }
  for (bool with_tools : {false, true}) {
    const ChatRenderInput input = Conversation(with_tools);
    Result<std::string> first = tmpl->Render(input, FuzzLimits());
    Result<std::string> second = tmpl->Render(input, FuzzLimits());
    Require(first.ok() == second.ok());
    if (first.ok()) {
      Require(*first == *second);
      Require(first->size() <= FuzzLimits().max_output_bytes);
    } else {
      Require(!first.status().message().empty());
      Require(first.status().message() == second.status().message());
    }
  }
  return 0;
}
