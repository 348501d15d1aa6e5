// Durations as users write them for keep_alive: Go's duration syntax ("5m", "1h30m", "90s",
// "250ms", "-1m") as Ollama accepts it, or a bare number of seconds ("300", "-1", "0").
#pragma once

#include <chrono>
#include <string_view>

#include "base/status.h"

namespace hearth::server {

// InvalidArgument with the text quoted when it is neither form. Units: ns, us (or µs), ms, s,
// m, h; fractions allowed ("1.5h"). Values are truncated to whole milliseconds.
Result<std::chrono::milliseconds> ParseDuration(std::string_view text);

}  // namespace hearth::server
