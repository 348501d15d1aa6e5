// HEARTH_CHECK: for our own invariants (a bug if it fires), never for bad input; bad input gets
// a Status (status.h). A failed check prints file:line and the streamed message, then aborts.
#pragma once

#include <sstream>

namespace hearth::internal {

class CheckFailure {
 public:
  CheckFailure(const char* file, int line, const char* condition);
  [[noreturn]] ~CheckFailure();
  template <typename T>
  CheckFailure& operator<<(const T& value) {
    stream_ << value;
    return *this;
  }

 private:
  std::ostringstream stream_;
};

// Lets `HEARTH_CHECK(x) << "msg"` be a void expression in both branches of the ternary.
struct Voidify {
  void operator&(const CheckFailure&) {}
};

}  // namespace hearth::internal

#define HEARTH_CHECK(condition)                     \
  (condition) ? (void)0                             \
              : ::hearth::internal::Voidify() &     \
                    ::hearth::internal::CheckFailure(__FILE__, __LINE__, #condition)

#ifdef NDEBUG
#define HEARTH_DCHECK(condition) \
  while (false) HEARTH_CHECK(condition)
#else
#define HEARTH_DCHECK(condition) HEARTH_CHECK(condition)
#endif
