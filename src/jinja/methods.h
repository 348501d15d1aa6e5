// The Python methods templates call on values: str (strip, split, startswith, replace, upper,
// join, format, ...), dict (items, keys, values, get) and list (index, count). Methods that
// would mutate (list.append, dict.update, ...) are refused as Hugging Face's immutable sandbox
// refuses them.
#pragma once

#include <optional>
#include <string_view>

#include "base/status.h"
#include "jinja/op_context.h"
#include "jinja/value.h"

namespace hearth::jinja {

// `object.name` as a bound-method value; for a mutating method an undefined that says it is
// unsafe; nullopt when `object` has no such method. The result refers to `ctx`, so it must
// not outlive the render it was made in.
std::optional<Value> BindMethod(const Value& object, std::string_view name, OpContext& ctx);

// Calls `object.name(args)` directly; nullopt when there is no such (safe) method.
std::optional<Result<Value>> CallMethod(const Value& object, std::string_view name,
                                        const Arguments& args, OpContext& ctx);

}  // namespace hearth::jinja
