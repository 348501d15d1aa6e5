#include "chat/chat_format.h"

#include <array>

#include "chat/tool_call_markers.h"

namespace hearth {
namespace {

namespace m = markers;

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

constexpr std::array<std::string_view, 2> kGenericTriggers = {m::kJsonObjectOpen,
                                                              m::kJsonFenceOpen};

constexpr std::array<std::string_view, 2> kLlamaEnd = {m::kLlamaEndOfTurn, m::kLlamaEndOfMessage};
constexpr std::array<std::string_view, 1> kLlamaPreserved = {m::kLlamaPythonTag};
constexpr std::array<std::string_view, 2> kLlamaTriggers = {m::kLlamaPythonTag, m::kJsonObjectOpen};

constexpr std::array<std::string_view, 1> kMistralEnd = {m::kMistralEndOfTurn};
constexpr std::array<std::string_view, 1> kMistralMarkers = {m::kMistralToolCalls};

constexpr std::array<std::string_view, 1> kHermesEnd = {m::kImEnd};
constexpr std::array<std::string_view, 2> kHermesPreserved = {m::kHermesCallOpen,
                                                              m::kHermesCallClose};
constexpr std::array<std::string_view, 1> kHermesTriggers = {m::kHermesCallOpen};

constexpr std::array<std::string_view, 1> kFunctionaryEnd = {m::kLlamaEndOfTurn};
constexpr std::array<std::string_view, 1> kFunctionaryTriggers = {m::kFunctionaryRecipient};

constexpr std::array<std::string_view, 1> kCommandREnd = {m::kCommandREndOfTurn};
constexpr std::array<std::string_view, 1> kCommandRTriggers = {m::kCommandRAction};

constexpr std::array<std::string_view, 1> kDeepSeekEnd = {m::kDeepSeekEndOfSentence};
constexpr std::array<std::string_view, 7> kDeepSeekPreserved = {
    m::kDeepSeekCallsBegin, m::kDeepSeekCallsEnd, m::kDeepSeekCallBegin, m::kDeepSeekCallEnd,
    m::kDeepSeekSeparator,  m::kThinkOpen,        m::kThinkClose};
constexpr std::array<std::string_view, 2> kDeepSeekTriggers = {m::kDeepSeekCallsBegin,
                                                               m::kDeepSeekCallBegin};

ChatFormatInfo MakeInfo(std::string_view name, bool native, std::span<const std::string_view> end,
                        std::span<const std::string_view> preserved,
                        std::span<const std::string_view> triggers) {
  ChatFormatInfo info;
  info.name = name;
  info.native_tool_syntax = native;
  info.end_of_turn = end;
  info.preserved_tokens = preserved;
  info.tool_call_triggers = triggers;
  return info;
}

ChatFormatInfo BuildInfo(ChatFormat format) {
  switch (format) {
    case ChatFormat::kGeneric: return MakeInfo("generic", false, {}, {}, kGenericTriggers);
    case ChatFormat::kLlama3:
      return MakeInfo("llama3", true, kLlamaEnd, kLlamaPreserved, kLlamaTriggers);
    case ChatFormat::kMistralNemo: {
      ChatFormatInfo info =
          MakeInfo("mistral-nemo", true, kMistralEnd, kMistralMarkers, kMistralMarkers);
      info.id_style = ToolCallIdStyle::kNineAlphanumeric;
      return info;
    }
    case ChatFormat::kHermes2Pro:
      return MakeInfo("hermes2pro", true, kHermesEnd, kHermesPreserved, kHermesTriggers);
    case ChatFormat::kFunctionaryV32:
      return MakeInfo("functionary-v3.2", true, kFunctionaryEnd, {}, kFunctionaryTriggers);
    case ChatFormat::kCommandRPlus:
      return MakeInfo("command-r-plus", true, kCommandREnd, {}, kCommandRTriggers);
    case ChatFormat::kDeepSeekR1: {
      ChatFormatInfo info =
          MakeInfo("deepseek-r1", true, kDeepSeekEnd, kDeepSeekPreserved, kDeepSeekTriggers);
      info.reasoning_open = m::kThinkOpen;
      info.reasoning_close = m::kThinkClose;
      return info;
    }
  }
  return MakeInfo("generic", false, {}, {}, kGenericTriggers);
}

}  // namespace

ChatFormat DetectChatFormat(std::string_view source) {
  if (Contains(source, m::kFunctionaryDetect)) return ChatFormat::kFunctionaryV32;
  if (Contains(source, m::kMistralToolCalls)) return ChatFormat::kMistralNemo;
  if (Contains(source, m::kDeepSeekCallsBegin)) return ChatFormat::kDeepSeekR1;
  if (Contains(source, m::kCommandRTurnStart) && Contains(source, m::kCommandRAction)) {
    return ChatFormat::kCommandRPlus;
  }
  if (Contains(source, m::kHermesCallOpen)) return ChatFormat::kHermes2Pro;
  if (Contains(source, "<|start_header_id|>") &&
      (Contains(source, "ipython") || Contains(source, "\"parameters\": "))) {
    return ChatFormat::kLlama3;
  }
  return ChatFormat::kGeneric;
}

const ChatFormatInfo& GetChatFormatInfo(ChatFormat format) {
  // Immutable after construction (thread-safe static initialization).
  static const std::array<ChatFormatInfo, 7> kInfos = {
      BuildInfo(ChatFormat::kGeneric),        BuildInfo(ChatFormat::kLlama3),
      BuildInfo(ChatFormat::kMistralNemo),    BuildInfo(ChatFormat::kHermes2Pro),
      BuildInfo(ChatFormat::kFunctionaryV32), BuildInfo(ChatFormat::kCommandRPlus),
      BuildInfo(ChatFormat::kDeepSeekR1)};
  const auto index = static_cast<size_t>(format);
  return kInfos[index < kInfos.size() ? index : 0];
}

std::string_view ChatFormatName(ChatFormat format) { return GetChatFormatInfo(format).name; }

bool PromptOpensReasoning(ChatFormat format, std::string_view prompt) {
  const ChatFormatInfo& info = GetChatFormatInfo(format);
  if (info.reasoning_open.empty()) return false;
  while (!prompt.empty() && (prompt.back() == '\n' || prompt.back() == ' ')) {
    prompt.remove_suffix(1);
  }
  return prompt.ends_with(info.reasoning_open);
}

}  // namespace hearth
