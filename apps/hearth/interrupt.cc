#include "interrupt.h"

#include <csignal>
#include <cerrno>
#include <string>
#include <unistd.h>

namespace hearth::cli {
namespace {

// A signal handler can only reach static storage; this flag is the one piece of process state
// the CLI keeps, and only while an InterruptScope is alive.
std::atomic<bool> interrupted_flag{false};
struct sigaction previous_action;

void OnInterrupt(int) { interrupted_flag.store(true); }

}  // namespace

InterruptScope::InterruptScope() {
  interrupted_flag.store(false);
  struct sigaction action = {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocking read returns EINTR
  sigaction(SIGINT, &action, &previous_action);
}

InterruptScope::~InterruptScope() { sigaction(SIGINT, &previous_action, nullptr); }

const std::atomic<bool>& InterruptScope::flag() const { return interrupted_flag; }

void InterruptScope::Reset() { interrupted_flag.store(false); }

ReadStatus ReadLine(std::string& line) {
  line.clear();
  for (;;) {
    char c;
    const ssize_t n = read(STDIN_FILENO, &c, 1);
    if (n == 1) {
      if (c == '\n') return ReadStatus::kLine;
      line.push_back(c);
      continue;
    }
    if (n < 0 && errno == EINTR) return ReadStatus::kInterrupted;
    // End of input (Ctrl-D on an empty line) or a read error: a partial last line still counts.
    return line.empty() ? ReadStatus::kEndOfInput : ReadStatus::kLine;
  }
}

}  // namespace hearth::cli
