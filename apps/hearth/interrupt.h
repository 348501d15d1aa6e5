// Ctrl-C for interactive commands: while an InterruptScope is alive, SIGINT sets a flag instead
// of killing the process, and interrupts a blocking read of the terminal (no SA_RESTART), so
// `hearth run` can stop an answer or a line of input and carry on.
#pragma once

#include <atomic>

namespace hearth::cli {

class InterruptScope {
 public:
  InterruptScope();   // installs the handler; restores the previous one on destruction
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

  // Set by SIGINT; clear it with Reset() once handled.
  const std::atomic<bool>& flag() const;
  bool interrupted() const { return flag().load(); }
  void Reset();
};

enum class ReadStatus { kLine, kEndOfInput, kInterrupted };

// Reads one line from standard input (without the newline) with read(2), so that Ctrl-C
// (EINTR) is seen as kInterrupted rather than as the end of input.
ReadStatus ReadLine(std::string& line);

}  // namespace hearth::cli
