// `hearth ps` and `hearth stop` against a running server (HEARTH_HOST): what is loaded, with
// its memory and context; unloading on request; a clear message when no server answers.
#include <gtest/gtest.h>

#include <cstdlib>

#include "run_hearth.h"
#include "server_test_util.h"

namespace hearth::server {
namespace {

using hearth::testing::CommandResult;
using hearth::testing::RunHearth;

class PsStopCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("HEARTH_HOST", ("127.0.0.1:" + std::to_string(server_.port())).c_str(), 1);
  }
  void TearDown() override { unsetenv("HEARTH_HOST"); }

  testing::TestServer server_;
};

TEST_F(PsStopCommandsTest, ListsThenUnloads) {
  CommandResult empty = RunHearth("ps");
  ASSERT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_EQ(empty.out.find(testing::kModel), std::string::npos);

  ASSERT_EQ(server_.Post("/api/generate", {{"model", testing::kModel}}).status, 200);  // loads
  CommandResult loaded = RunHearth("ps");
  ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
  EXPECT_NE(loaded.out.find("NAME"), std::string::npos);
  EXPECT_NE(loaded.out.find(testing::kModel), std::string::npos) << loaded.out;
  EXPECT_NE(loaded.out.find(" MB"), std::string::npos) << loaded.out;  // its memory

  CommandResult stopped = RunHearth(std::string("stop ") + testing::kModel);
  ASSERT_EQ(stopped.exit_code, 0) << stopped.err;
  EXPECT_TRUE(server_.server().models().ListResident().empty());
}

TEST(PsStopCommandsNoServerTest, SaysTheServerIsNotRunning) {
  setenv("HEARTH_HOST", "127.0.0.1:9", 1);
  CommandResult r = RunHearth("ps");
  unsetenv("HEARTH_HOST");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot reach the server at 127.0.0.1:9"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("is `hearth serve` running?"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace hearth::server
