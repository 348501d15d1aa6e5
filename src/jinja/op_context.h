// What operators, methods, filters and tests need besides their operands: the render's work
// budget and the size limit for anything they build.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "base/status.h"

namespace hearth::jinja {

// Units of work a render may spend (loop iterations, calls, elements copied, 16-byte chunks of
// text built); operations that could run long charge it and stop with an error once it is
// spent, so a hostile template cannot hang a render.
class WorkBudget {
 public:
  explicit WorkBudget(int64_t units) : remaining_(units), limit_(units) {}
  Status Spend(int64_t units) {
    remaining_ -= units;
    if (remaining_ >= 0) return Status::Ok();
    return Status(StatusCode::kResourceExhausted,
                  "the template exceeded its work limit of " + std::to_string(limit_) +
                      " steps (a loop or recursion that does not end?)");
  }
  int64_t limit() const { return limit_; }

 private:
  int64_t remaining_;
  int64_t limit_;
};

struct OpContext {
  WorkBudget& budget;
  size_t max_bytes;  // longest string (bytes) an operation may build
  size_t max_items;  // longest list an operation may build
};

}  // namespace hearth::jinja
