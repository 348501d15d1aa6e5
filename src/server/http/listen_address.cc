#include "server/http/listen_address.h"

#include <charconv>

namespace hearth::server {

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  const Status invalid = InvalidArgument("'" + std::string(text) +
                                         "' is not an address (host, host:port or :port)");
  std::string_view rest = text;
  for (std::string_view scheme : {"http://", "https://"}) {
    if (rest.starts_with(scheme)) rest.remove_prefix(scheme.size());
  }
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find('/') != std::string_view::npos) return invalid;
  ListenAddress address;
  std::string_view host = rest, port;
  if (rest.starts_with('[')) {  // [IPv6]:port
    const size_t close = rest.find(']');
    if (close == std::string_view::npos) return invalid;
    host = rest.substr(1, close - 1);
    std::string_view after = rest.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return invalid;
    if (!after.empty()) port = after.substr(1);
  } else if (const size_t colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (!host.empty()) address.host = std::string(host);
  if (!port.empty()) {
    int value = -1;
    const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || ptr != port.data() + port.size() || value < 0 || value > 65535) {
      return invalid;
    }
    address.port = value;
  }
  return address;
}

}  // namespace hearth::server
