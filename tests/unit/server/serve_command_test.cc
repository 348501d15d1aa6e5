// `hearth serve` refuses bad configuration with a message and an exit code, before serving.
#include <gtest/gtest.h>

#include <cstdlib>

#include "run_hearth.h"

namespace hearth::testing {
namespace {

TEST(ServeCommandTest, ABadKeepAliveIsRefused) {
  const CommandResult r = RunHearth("serve --port 0 --keep-alive soon");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("'soon' is not a duration"), std::string::npos) << r.err;
}

TEST(ServeCommandTest, ABadHearthHostIsRefused) {
  setenv("HEARTH_HOST", "localhost:port", 1);
  const CommandResult r = RunHearth("serve");
  unsetenv("HEARTH_HOST");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("'localhost:port' is not an address"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace hearth::testing
