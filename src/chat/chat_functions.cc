#include "chat/chat_functions.h"

#include <ctime>
#include <string>
#include <vector>

#include "jinja/value_format.h"

namespace hearth {
namespace {

constexpr size_t kMaxFormatLength = 1024;
constexpr size_t kMaxFormattedLength = 64 * 1024;

}  // namespace

jinja::NativeFunction MakeRaiseException() {
  return [](const jinja::Arguments& args) -> Result<jinja::Value> {
    HEARTH_ASSIGN_OR_RETURN(auto bound,
                            jinja::BindArguments("raise_exception()", args, {"message"}, 1));
    HEARTH_ASSIGN_OR_RETURN(std::string message, jinja::ToStr(bound[0], kMaxFormattedLength));
    return InvalidArgument(std::move(message));
  };
}

jinja::NativeFunction MakeStrftimeNow(std::chrono::system_clock::time_point now) {
  return [now](const jinja::Arguments& args) -> Result<jinja::Value> {
    HEARTH_ASSIGN_OR_RETURN(auto bound, jinja::BindArguments("strftime_now()", args, {"format"}, 1));
    if (!bound[0].is_string()) {
      return InvalidArgument("strftime_now() argument must be str, not " + bound[0].TypeName());
    }
    const std::string& format = bound[0].AsString();
    if (format.size() > kMaxFormatLength) return InvalidArgument("strftime_now(): format too long");
    if (format.empty()) return jinja::Value::String("");
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm local{};
    if (localtime_r(&seconds, &local) == nullptr) return InvalidArgument("strftime_now(): bad time");
    // strftime returns 0 both for "too small" and for an empty result: grow, then give up.
    for (size_t size = 256; size <= kMaxFormattedLength; size *= 4) {
      std::vector<char> buffer(size);
      const size_t n = std::strftime(buffer.data(), buffer.size(), format.c_str(), &local);
      if (n > 0) return jinja::Value::String(std::string(buffer.data(), n));
    }
    return jinja::Value::String("");
  };
}

}  // namespace hearth
