// The globals Hugging Face adds for chat templates: raise_exception(message) and
// strftime_now(format).
#pragma once

#include <chrono>

#include "jinja/template.h"

namespace hearth {

// raise_exception(msg): the render fails with `msg` as the error message.
jinja::NativeFunction MakeRaiseException();

// strftime_now(format): `now` formatted in the local time zone as Python's
// datetime.now().strftime(format) would (C strftime codes).
jinja::NativeFunction MakeStrftimeNow(std::chrono::system_clock::time_point now);

}  // namespace hearth
