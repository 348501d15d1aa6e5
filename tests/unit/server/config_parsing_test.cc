// Parsing what users write in flags and the environment: durations, listen addresses, API key
// files; and the API key and CORS checks.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "server/http/api_key_auth.h"
#include "server/http/cors_policy.h"
#include "server/http/listen_address.h"
#include "server/models/duration.h"

namespace hearth::server {
namespace {

using std::chrono::milliseconds;

TEST(DurationTest, GoDurationsAndBareSeconds) {
  EXPECT_EQ(*ParseDuration("5m"), milliseconds(300000));
  EXPECT_EQ(*ParseDuration("1h30m"), milliseconds(5400000));
  EXPECT_EQ(*ParseDuration("1.5s"), milliseconds(1500));
  EXPECT_EQ(*ParseDuration("250ms"), milliseconds(250));
  EXPECT_EQ(*ParseDuration("300"), milliseconds(300000));
  EXPECT_EQ(*ParseDuration("0"), milliseconds(0));
  EXPECT_LT(ParseDuration("-1")->count(), 0);
  EXPECT_LT(ParseDuration("-1m")->count(), 0);
  for (const char* bad : {"", "m", "5x", "5m3", "1..2s", "soon", "-"}) {
    const auto d = ParseDuration(bad);
    EXPECT_FALSE(d.ok()) << bad;
    if (!d.ok()) {
      EXPECT_NE(d.status().message().find("not a duration"), std::string::npos);
    }
  }
}

TEST(ListenAddressTest, HostPortForms) {
  ListenAddress a = *ParseListenAddress("");
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 11434);
  a = *ParseListenAddress("0.0.0.0:8080");
  EXPECT_EQ(a.host, "0.0.0.0");
  EXPECT_EQ(a.port, 8080);
  a = *ParseListenAddress(":9000");
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 9000);
  a = *ParseListenAddress("http://localhost:1234/");
  EXPECT_EQ(a.host, "localhost");
  EXPECT_EQ(a.port, 1234);
  a = *ParseListenAddress("[::1]:5000");
  EXPECT_EQ(a.host, "::1");
  EXPECT_EQ(a.port, 5000);
  EXPECT_EQ(ParseListenAddress("example.com").value().port, 11434);
  for (const char* bad : {"host:port", "host:70000", "host:12/path", "[::1"}) {
    EXPECT_FALSE(ParseListenAddress(bad).ok()) << bad;
  }
}

TEST(ApiKeyAuthTest, BearerKeysOnly) {
  const ApiKeyAuth none({});
  EXPECT_TRUE(none.Allows(""));
  const ApiKeyAuth auth({"k1", "second-key"});
  EXPECT_TRUE(auth.Allows("Bearer k1"));
  EXPECT_TRUE(auth.Allows("bearer second-key"));
  EXPECT_FALSE(auth.Allows(""));
  EXPECT_FALSE(auth.Allows("Bearer k"));
  EXPECT_FALSE(auth.Allows("Bearer k12"));
  EXPECT_FALSE(auth.Allows("Basic k1"));
  EXPECT_FALSE(auth.Allows("Bearer "));
}

TEST(ApiKeyAuthTest, KeyFilesSkipBlankLinesAndComments) {
  const std::string path = ::testing::TempDir() + "/hearth_keys.txt";
  std::ofstream(path) << "# keys\n\n  alpha  \nbeta\n";
  const auto keys = ReadApiKeyFile(path);
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  EXPECT_EQ(*keys, (std::vector<std::string>{"alpha", "beta"}));
  std::ofstream(path) << "# none\n";
  EXPECT_FALSE(ReadApiKeyFile(path).ok());
  std::remove(path.c_str());
  EXPECT_FALSE(ReadApiKeyFile(path).ok());
}

TEST(CorsPolicyTest, ExactOriginsOrAny) {
  const CorsPolicy none({});
  EXPECT_EQ(none.AllowedOrigin("https://a.example"), "");
  const CorsPolicy some({"https://a.example/"});
  EXPECT_EQ(some.AllowedOrigin("https://a.example"), "https://a.example");
  EXPECT_EQ(some.AllowedOrigin("https://b.example"), "");
  EXPECT_EQ(some.AllowedOrigin(""), "");
  const CorsPolicy any({"*"});
  EXPECT_EQ(any.AllowedOrigin("https://b.example"), "*");
}

}  // namespace
}  // namespace hearth::server
