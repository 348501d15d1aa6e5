// Steady-state decoding allocates nothing: every buffer of a Session is sized at construction
// (or by the first pass). Counts calls to the global operator new while decoding.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "llm/model.h"
#include "llm/session.h"
#include "shared_data.h"

namespace {
std::atomic<int64_t> g_allocations{0};
}  // namespace

// Replacements of the global allocation functions for this test binary: they count, then
// allocate as usual.
void* operator new(size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace hearth::testing {
namespace {

TEST(Allocation, TheCounterSeesAllocations) {
  const int64_t before = g_allocations.load();
  auto* v = new std::vector<int>(10);
  delete v;
  EXPECT_EQ(g_allocations.load() - before, 2);  // the vector and its storage
}

TEST(Allocation, DecodingAllocatesNothingInSteadyState) {
  auto model = Model::Open(SharedPath("models/random/llama-Q4_K_M.gguf"));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  ThreadPool pool(2);
  Session session(**model, pool, {.n_ctx = 128, .n_batch = 16});
  const std::vector<TokenId> prompt = {1,   291, 280, 294, 262, 294, 353, 265, 284, 294,
                                       426, 359, 413, 286, 261, 262, 379, 416, 422, 328};
  ASSERT_TRUE(session.Decode(prompt).ok());  // first passes size the buffers
  const TokenId token = 269;
  ASSERT_TRUE(session.Decode(std::span<const TokenId>(&token, 1)).ok());
  const int64_t before = g_allocations.load();
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(session.Decode(std::span<const TokenId>(&token, 1)).ok());
  }
  ASSERT_TRUE(session.Decode(std::span(prompt).first(16)).ok());  // a full-batch chunk
  EXPECT_EQ(g_allocations.load() - before, 0);
}

}  // namespace
}  // namespace hearth::testing
