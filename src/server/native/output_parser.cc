#include "server/native/output_parser.h"

namespace hearth::server {

OutputDelta PlainTextParser::Push(std::string_view text) {
  OutputDelta delta;
  delta.content.assign(text);
  return delta;
}

}  // namespace hearth::server
