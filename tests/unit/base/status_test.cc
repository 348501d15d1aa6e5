#include "base/status.h"

#include <gtest/gtest.h>

namespace hearth {
namespace {

Result<int> ParsePositive(int x) {
  if (x <= 0) return InvalidArgument("x must be positive, got " + std::to_string(x));
  return x;
}

Status UseIt(int x, int* out) {
  HEARTH_ASSIGN_OR_RETURN(*out, ParsePositive(x));
  return Status::Ok();
}

TEST(StatusTest, OkAndError) {
  EXPECT_TRUE(Status::Ok().ok());
  Status s = DataLoss("file.gguf: truncated at byte 12");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
  EXPECT_EQ(s.ToString(), "data loss: file.gguf: truncated at byte 12");
}

TEST(StatusTest, ResultCarriesValueOrStatus) {
  int out = 0;
  EXPECT_TRUE(UseIt(3, &out).ok());
  EXPECT_EQ(out, 3);
  Status bad = UseIt(-1, &out);
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.message(), "x must be positive, got -1");
}

}  // namespace
}  // namespace hearth
