// How much memory a machine offers models.
//
// On Apple Silicon, CPU and GPU share the RAM, but Metal lets the GPU keep only its "recommended
// working set" resident: about 75% of RAM on machines with more than 36 GB (two thirds below),
// unless the administrator raises it with `sudo sysctl iogpu.wired_limit_mb=N`. That limit,
// not the RAM, decides what a model running on the GPU may use. Elsewhere the usable memory is
// the RAM (MemTotal; MemAvailable tells what is free right now).
//
// Sizes given by the user ("192G") are binary (GiB): Apple's "192 GB" is 192 x 2^30 bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace hearth::planner {

inline constexpr double kAppleDefaultGpuFraction = 0.75;

struct MachineMemory {
  uint64_t total_bytes = 0;      // RAM
  uint64_t available_bytes = 0;  // free now (Linux MemAvailable); 0 if unknown
  uint64_t usable_bytes = 0;     // what plans are made against
  bool apple_gpu_limit = false;  // usable_bytes is the Metal working-set limit
  std::string source;            // how usable_bytes was found, for the report
};

// "192G", "192GB", "192GiB", "64g", "1.5T", "512M", "1073741824" (bytes); binary units.
// InvalidArgument quotes the text on anything else.
Result<uint64_t> ParseMemorySize(std::string_view text);

// A machine of `total_bytes` RAM. With apple_gpu, usable = gpu_fraction x RAM (or
// wired_limit_mb when nonzero: the iogpu.wired_limit_mb setting); else usable = RAM.
MachineMemory DescribeMachine(uint64_t total_bytes, bool apple_gpu,
                              double gpu_fraction = kAppleDefaultGpuFraction,
                              uint64_t wired_limit_mb = 0);

// Parses /proc/meminfo text: MemTotal and MemAvailable (kB). DataLoss if MemTotal is absent.
Result<MachineMemory> ParseMeminfo(std::string_view meminfo);

// This machine: on macOS hw.memsize and iogpu.wired_limit_mb (GPU working set), on Linux
// /proc/meminfo. IoError when neither can be read.
Result<MachineMemory> DetectMachineMemory(double gpu_fraction = kAppleDefaultGpuFraction);

}  // namespace hearth::planner
