// The JSON bodies of errors in the two API styles:
//   OpenAI: {"error": {"message": ..., "type": ..., "param": ..., "code": ...}}
//   Ollama: {"error": "..."}
#pragma once

#include <string>
#include <string_view>

#include "server/native/api_error.h"
#include "server/native/json_fields.h"

namespace hearth::server {

enum class ErrorStyle { kOpenAi, kOllama };

Json ErrorJson(const ApiError& error, ErrorStyle style);
// The style of a path no route matched: OpenAI under /v1/, else Ollama.
ErrorStyle ErrorStyleForPath(std::string_view path);

// Serializes JSON for the wire. Invalid UTF-8 (a token that splits a character, in
// log-probability reports) becomes U+FFFD instead of failing.
std::string DumpJson(const Json& value);

}  // namespace hearth::server
