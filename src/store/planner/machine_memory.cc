#include "store/planner/machine_memory.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#if defined(__APPLE__)
#include <sys/sysctl.h>
#include <sys/types.h>
#endif

namespace hearth::planner {
namespace {

std::string Gib(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f GiB", double(bytes) / double(1ull << 30));
  return buf;
}

// The value (kB) of a "Key:   123 kB" line, or -1.
int64_t MeminfoValue(std::string_view text, std::string_view key) {
  size_t at = 0;
  while (at < text.size()) {
    const size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view line = text.substr(at, end - at);
    if (line.size() > key.size() && line.substr(0, key.size()) == key &&
        line[key.size()] == ':') {
      return std::strtoll(std::string(line.substr(key.size() + 1)).c_str(), nullptr, 10);
    }
    at = end + 1;
  }
  return -1;
}

}  // namespace

Result<uint64_t> ParseMemorySize(std::string_view text) {
  const std::string original(text);
  auto bad = [&] {
    return InvalidArgument("invalid memory size '" + original +
                           "': expected a number with a unit, e.g. 192G, 64GiB, 1.5T, 512M");
  };
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) {
    ++i;
  }
  if (i == 0) return bad();
  char* end = nullptr;
  const std::string number(text.substr(0, i));
  const double value = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size() || !(value > 0) || !std::isfinite(value)) {
    return bad();
  }
  std::string unit;
  for (char c : text.substr(i)) {
    if (c != ' ') unit += char(std::toupper(static_cast<unsigned char>(c)));
  }
  double scale = 0;
  if (unit.empty() || unit == "B") {
    scale = 1;
  } else if (unit == "K" || unit == "KB" || unit == "KIB") {
    scale = double(1ull << 10);
  } else if (unit == "M" || unit == "MB" || unit == "MIB") {
    scale = double(1ull << 20);
  } else if (unit == "G" || unit == "GB" || unit == "GIB") {
    scale = double(1ull << 30);
  } else if (unit == "T" || unit == "TB" || unit == "TIB") {
    scale = double(1ull << 40);
  } else {
    return bad();
  }
  const double bytes = value * scale;
  if (bytes >= 1.8e19) return bad();
  return uint64_t(std::llround(bytes));
}

MachineMemory DescribeMachine(uint64_t total_bytes, bool apple_gpu, double gpu_fraction,
                              uint64_t wired_limit_mb) {
  MachineMemory m;
  m.total_bytes = total_bytes;
  m.usable_bytes = total_bytes;
  m.source = Gib(total_bytes) + " RAM";
  if (apple_gpu) {
    m.apple_gpu_limit = true;
    if (wired_limit_mb > 0) {
      m.usable_bytes = std::min(total_bytes, wired_limit_mb << 20);
      m.source += ", GPU working set " + Gib(m.usable_bytes) + " (iogpu.wired_limit_mb=" +
                  std::to_string(wired_limit_mb) + ")";
    } else {
      m.usable_bytes = uint64_t(double(total_bytes) * gpu_fraction);
      char pct[16];
      std::snprintf(pct, sizeof(pct), "%.0f%%", gpu_fraction * 100);
      m.source += ", GPU working set " + std::string(pct) + " = " + Gib(m.usable_bytes) +
                  " (macOS default)";
    }
  }
  return m;
}

Result<MachineMemory> ParseMeminfo(std::string_view meminfo) {
  const int64_t total_kb = MeminfoValue(meminfo, "MemTotal");
  if (total_kb <= 0) return DataLoss("/proc/meminfo: no MemTotal line");
  MachineMemory m = DescribeMachine(uint64_t(total_kb) << 10, /*apple_gpu=*/false);
  const int64_t available_kb = MeminfoValue(meminfo, "MemAvailable");
  if (available_kb > 0) m.available_bytes = uint64_t(available_kb) << 10;
  m.source += " (/proc/meminfo)";
  return m;
}

Result<MachineMemory> DetectMachineMemory(double gpu_fraction) {
#if defined(__APPLE__)
  uint64_t memsize = 0;
  size_t len = sizeof(memsize);
  if (sysctlbyname("hw.memsize", &memsize, &len, nullptr, 0) != 0 || memsize == 0) {
    return IoError("sysctl hw.memsize failed");
  }
  uint64_t wired_mb = 0;
  uint32_t wired32 = 0;
  len = sizeof(wired32);
  if (sysctlbyname("iogpu.wired_limit_mb", &wired32, &len, nullptr, 0) == 0) wired_mb = wired32;
  MachineMemory m = DescribeMachine(memsize, /*apple_gpu=*/true, gpu_fraction, wired_mb);
  m.source += " (sysctl)";
  return m;
#else
  (void)gpu_fraction;
  std::ifstream in("/proc/meminfo");
  if (!in) return IoError("cannot read /proc/meminfo to find this machine's memory");
  std::stringstream text;
  text << in.rdbuf();
  return ParseMeminfo(text.str());
#endif
}

}  // namespace hearth::planner
