// How many threads compute-bound work should use by default.
#pragma once

namespace hearth {

// Physical cores (distinct package/core pairs in /sys), or the logical CPU count where the
// topology cannot be read. Inference runs best with one thread per physical core: a second
// hyper-thread on a core adds memory traffic, not arithmetic.
int PhysicalCoreCount();

}  // namespace hearth
