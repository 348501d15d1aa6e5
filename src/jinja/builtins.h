// The global functions every template sees: range(), namespace(), dict(), joiner().
// (Chat-specific globals such as raise_exception live with the chat templates.)
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "jinja/op_context.h"
#include "jinja/value.h"

namespace hearth::jinja {

// Python's range() refuses more elements than this, as Jinja2's sandbox does.
inline constexpr int64_t kMaxRangeLength = 100000;

// The builtins for one render; the functions charge `ctx`, so they must not outlive it.
std::vector<std::pair<std::string, Value>> MakeBuiltins(OpContext& ctx);

}  // namespace hearth::jinja
