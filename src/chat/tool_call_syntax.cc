#include "chat/tool_call_syntax.h"

#include <array>

#include "chat/tool_call_family_blocks.h"
#include "chat/tool_call_json.h"
#include "chat/tool_call_markers.h"

namespace hearth {
namespace {

namespace m = markers;

constexpr bool kAnywhere = false;
constexpr bool kAtBoundary = true;

constexpr std::array<ToolCallMarker, 2> kGenericMarkers = {{
    {{m::kJsonObjectOpen, kAtBoundary}, ToolBlockKind::kGenericJson, true},
    {{m::kJsonFenceOpen, kAtBoundary}, ToolBlockKind::kGenericFencedJson, false},
}};
constexpr std::array<ToolCallMarker, 2> kLlamaMarkers = {{
    {{m::kLlamaPythonTag, kAnywhere}, ToolBlockKind::kLlamaPythonTag, false},
    {{m::kJsonObjectOpen, kAtBoundary}, ToolBlockKind::kLlamaJsonCall, true},
}};
constexpr std::array<ToolCallMarker, 1> kMistralMarkers = {{
    {{m::kMistralToolCalls, kAnywhere}, ToolBlockKind::kMistralCalls, false},
}};
constexpr std::array<ToolCallMarker, 1> kHermesMarkers = {{
    {{m::kHermesCallOpen, kAnywhere}, ToolBlockKind::kHermesCall, false},
}};
constexpr std::array<ToolCallMarker, 1> kFunctionaryMarkers = {{
    {{m::kFunctionaryRecipient, kAnywhere}, ToolBlockKind::kFunctionarySegment, false},
}};
constexpr std::array<ToolCallMarker, 1> kCommandRMarkers = {{
    {{m::kCommandRAction, kAnywhere}, ToolBlockKind::kCommandRActions, false},
}};
constexpr std::array<ToolCallMarker, 2> kDeepSeekMarkers = {{
    {{m::kDeepSeekCallsBegin, kAnywhere}, ToolBlockKind::kDeepSeekCalls, false},
    {{m::kDeepSeekCallBegin, kAnywhere}, ToolBlockKind::kDeepSeekCall, false},
}};

}  // namespace

ToolCallSyntax ToolCallSyntaxFor(ChatFormat format) {
  switch (format) {
    case ChatFormat::kGeneric: return {kGenericMarkers, std::nullopt};
    case ChatFormat::kLlama3: return {kLlamaMarkers, std::nullopt};
    case ChatFormat::kMistralNemo: return {kMistralMarkers, std::nullopt};
    case ChatFormat::kHermes2Pro: return {kHermesMarkers, std::nullopt};
    case ChatFormat::kFunctionaryV32:
      return {kFunctionaryMarkers, ToolBlockKind::kFunctionarySegment};
    case ChatFormat::kCommandRPlus: return {kCommandRMarkers, std::nullopt};
    case ChatFormat::kDeepSeekR1: return {kDeepSeekMarkers, std::nullopt};
  }
  return {kGenericMarkers, std::nullopt};
}

std::unique_ptr<ToolCallBlock> MakeToolCallBlock(ToolBlockKind kind) {
  constexpr CallIdSource kGenerated = CallIdSource::kGenerated;
  switch (kind) {
    case ToolBlockKind::kHermesCall:
      return std::make_unique<WrappedJsonBlock>("", JsonCallsLayout::kOneCall, kGenerated,
                                                m::kHermesCallClose);
    case ToolBlockKind::kLlamaJsonCall:
      return std::make_unique<WrappedJsonBlock>("", JsonCallsLayout::kOneCall, kGenerated, "");
    case ToolBlockKind::kLlamaPythonTag: return MakeLlamaPythonTagBlock();
    case ToolBlockKind::kMistralCalls:
      return std::make_unique<WrappedJsonBlock>("", JsonCallsLayout::kCallList,
                                                CallIdSource::kModel, "");
    case ToolBlockKind::kCommandRActions:
      return std::make_unique<WrappedJsonBlock>(m::kJsonFenceOpen, JsonCallsLayout::kCallList,
                                                kGenerated, m::kFenceClose);
    case ToolBlockKind::kFunctionarySegment: return MakeFunctionarySegmentBlock();
    case ToolBlockKind::kDeepSeekCalls: return MakeDeepSeekCallsBlock(false);
    case ToolBlockKind::kDeepSeekCall: return MakeDeepSeekCallsBlock(true);
    case ToolBlockKind::kGenericJson:
      return std::make_unique<WrappedJsonBlock>("", JsonCallsLayout::kGenericEnvelope, kGenerated,
                                                "");
    case ToolBlockKind::kGenericFencedJson:
      return std::make_unique<WrappedJsonBlock>("", JsonCallsLayout::kGenericEnvelope, kGenerated,
                                                m::kFenceClose);
  }
  return nullptr;
}

}  // namespace hearth
