#include "server_client.h"

#include <httplib.h>

#include <cstdlib>

#include "server/http/listen_address.h"

namespace hearth::cli {

Result<nlohmann::json> CallServer(const std::string& method, const std::string& path,
                                  const nlohmann::json& body) {
  const char* host_env = std::getenv("HEARTH_HOST");
  HEARTH_ASSIGN_OR_RETURN(server::ListenAddress address,
                          server::ParseListenAddress(host_env != nullptr ? host_env : ""));
  const std::string host = address.host == "0.0.0.0" ? "127.0.0.1" : address.host;
  httplib::Client client(host, address.port);
  client.set_connection_timeout(5);
  client.set_read_timeout(300);
  httplib::Headers headers;
  if (const char* key = std::getenv("HEARTH_API_KEY"); key != nullptr && *key != '\0') {
    headers.emplace("Authorization", std::string("Bearer ") + key);
  }
  const std::string where = host + ":" + std::to_string(address.port);
  httplib::Result response =
      method == "GET" ? client.Get(path, headers)
                      : client.Post(path, headers, body.is_null() ? "" : body.dump(),
                                    "application/json");
  if (!response) {
    return Unavailable("cannot reach the server at " + where + " (" +
                       httplib::to_string(response.error()) + "); is `hearth serve` running?");
  }
  nlohmann::json answer = nlohmann::json::parse(response->body, nullptr, false);
  if (response->status != 200) {
    std::string message = "the server answered " + std::to_string(response->status);
    if (answer.is_object() && answer.contains("error")) {
      const nlohmann::json& error = answer["error"];
      message += ": " + (error.is_string() ? error.get<std::string>() : error.dump());
    }
    return Unavailable(message);
  }
  if (answer.is_discarded()) return Internal("the server's answer to " + path + " is not JSON");
  return answer;
}

}  // namespace hearth::cli
