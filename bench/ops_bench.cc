// Op kernels on every ISA this CPU runs (GB/s of data touched), RoPE, decode attention over an
// f16 KV cache, and the cost of one ThreadPool parallel section.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "base/thread_pool.h"
#include "kernels/attention.h"
#include "kernels/dispatch.h"
#include "kernels/isa.h"
#include "kernels/rope.h"

namespace hearth::bench {
namespace {

std::vector<float> RandomFloats(int64_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist;
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = dist(rng);
  return v;
}

std::vector<f16> RandomHalves(int64_t n, uint32_t seed) {
  const std::vector<float> f = RandomFloats(n, seed);
  std::vector<f16> h(f.size());
  for (size_t i = 0; i < f.size(); ++i) h[i] = F32ToF16(f[i]);
  return h;
}

// Reports bytes touched per call as GB/s.
void SetBytes(benchmark::State& state, double bytes_per_call) {
  state.counters["GB/s"] = benchmark::Counter(bytes_per_call * double(state.iterations()) / 1e9,
                                              benchmark::Counter::kIsRate);
}

enum class Op {
  kRmsNorm,
  kLayerNorm,
  kSoftmax,
  kSilu,
  kGelu,
  kSwiglu,
  kAdd,
  kMul,
  kScale,
  kDotF16,
  kAxpyF16
};

struct OpInfo {
  Op op;
  const char* name;
  int64_t n;
  int touched;  // f32-sized operands read + written per element
};

constexpr OpInfo kOps[] = {
    {Op::kRmsNorm, "rms_norm", 4096, 3}, {Op::kLayerNorm, "layer_norm", 4096, 4},
    {Op::kSoftmax, "softmax", 4096, 2},  {Op::kSilu, "silu", 14336, 2},
    {Op::kGelu, "gelu", 14336, 2},       {Op::kSwiglu, "swiglu", 14336, 3},
    {Op::kAdd, "add", 4096, 3},          {Op::kMul, "mul", 4096, 3},
    {Op::kScale, "scale", 4096, 2},      {Op::kDotF16, "dot_f32_f16", 128, 1},
    {Op::kAxpyF16, "axpy_f16", 128, 2},
};

void OpBenchmark(benchmark::State& state, Isa isa, OpInfo info) {
  const OpKernels& k = KernelsFor(isa).ops;
  const int64_t n = info.n;
  std::vector<float> a = RandomFloats(n, 1), b = RandomFloats(n, 2), y(static_cast<size_t>(n));
  const std::vector<f16> h = RandomHalves(n, 3);
  float sink = 0;
  for (auto _ : state) {
    switch (info.op) {
      case Op::kRmsNorm: k.rms_norm(a.data(), b.data(), y.data(), n, 1e-5f); break;
      case Op::kLayerNorm: k.layer_norm(a.data(), b.data(), b.data(), y.data(), n, 1e-5f); break;
      case Op::kSoftmax:
        y = a;  // softmax is in place; keep the input stable
        k.softmax(y.data(), n);
        break;
      case Op::kSilu: k.silu(a.data(), y.data(), n); break;
      case Op::kGelu: k.gelu(a.data(), y.data(), n); break;
      case Op::kSwiglu: k.swiglu(a.data(), b.data(), y.data(), n); break;
      case Op::kAdd: k.add(a.data(), b.data(), y.data(), n); break;
      case Op::kMul: k.mul(a.data(), b.data(), y.data(), n); break;
      case Op::kScale: k.scale(y.data(), 1.0f, n); break;
      case Op::kDotF16: sink += k.dot_f32_f16(a.data(), h.data(), n); break;
      case Op::kAxpyF16: k.axpy_f16(1e-3f, h.data(), y.data(), n); break;
    }
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  benchmark::DoNotOptimize(sink);
  SetBytes(state, double(n) * 4.0 * info.touched);
}

// One decode step of attention: Llama-3-8B heads (32 q, 8 kv, 128 dims) over `ctx` positions.
void AttentionBenchmark(benchmark::State& state, Isa isa, int n_threads, int64_t ctx) {
  const AttentionParams p{.n_heads = 32,
                          .n_kv_heads = 8,
                          .head_dim = 128,
                          .kv_capacity = ctx,
                          .scale = 1.0f / std::sqrt(128.0f)};
  const std::vector<f16> k = RandomHalves(8 * ctx * 128, 1), v = RandomHalves(8 * ctx * 128, 2);
  const std::vector<float> q = RandomFloats(32 * 128, 3);
  std::vector<float> out(q.size());
  AttentionScratch scratch;
  float* scores = scratch.Reserve(n_threads, 4 * ctx);  // a GQA group of 4 heads per task
  ThreadPool pool(n_threads);
  for (auto _ : state) {
    pool.RunTasks(8, [&](int64_t kv_head, int thread) {  // one task per kv head
      const size_t head = size_t(kv_head) * size_t(ctx) * 128;
      AttendGroup(KernelsFor(isa), p, k.data() + head, v.data() + head, ctx, 4,
                  q.data() + kv_head * 4 * 128, out.data() + kv_head * 4 * 128,
                  scores + thread * 4 * ctx, /*round_probabilities=*/true);
    });
    benchmark::DoNotOptimize(out.data());
  }
  SetBytes(state, 2.0 * double(k.size()) * sizeof(f16));  // the K and V caches are read once
}

// One GQA group of a decode step in a small model: Qwen2.5-0.5B's 7 query heads of 64 dims on
// one kv head over `ctx` positions (a decode pass of 8 streams runs 16 such groups per layer).
void SmallGroupAttentionBenchmark(benchmark::State& state, Isa isa, int64_t ctx) {
  const AttentionParams p{.n_heads = 14,
                          .n_kv_heads = 2,
                          .head_dim = 64,
                          .kv_capacity = ctx,
                          .scale = 1.0f / std::sqrt(64.0f)};
  // The groups of a whole pass (24 layers x 8 streams x 2 kv heads): the cache read from memory.
  constexpr int64_t kGroups = 384;
  const std::vector<f16> k = RandomHalves(kGroups * ctx * 64, 1);
  const std::vector<f16> v = RandomHalves(kGroups * ctx * 64, 2);
  const std::vector<float> q = RandomFloats(7 * 64, 3);
  std::vector<float> out(q.size());
  AttentionScratch scratch;
  float* scores = scratch.Reserve(1, 7 * ctx);
  int64_t group = 0;
  for (auto _ : state) {
    const size_t at = size_t(group++ % kGroups) * size_t(ctx) * 64;
    AttendGroup(KernelsFor(isa), p, k.data() + at, v.data() + at, ctx, 7, q.data(), out.data(),
                scores, /*round_probabilities=*/true);
    benchmark::DoNotOptimize(out.data());
  }
  SetBytes(state, 2.0 * double(ctx) * 64 * sizeof(f16));
}

void RopeBenchmark(benchmark::State& state, RopeStyle style) {
  RopeParams p;
  p.style = style;
  p.n_rot = 128;
  p.freq_base = 500000.0f;
  std::vector<float> x = RandomFloats(40 * 128, 1);  // q (32 heads) and k (8 heads) of a token
  std::vector<float> cos_sin(128);
  int64_t pos = 0;
  for (auto _ : state) {
    RopeCosSin(p, pos++ % 8192, cos_sin.data());
    RopeRotate(p, cos_sin.data(), x.data(), 40, 128);
    benchmark::DoNotOptimize(x.data());
  }
}

// The fixed cost of one parallel section: what every matrix product of a forward pass pays.
void ThreadPoolSectionBenchmark(benchmark::State& state, int n_threads) {
  ThreadPool pool(n_threads);
  std::vector<int64_t> slots(size_t(n_threads) * 8, 0);
  for (auto _ : state) {
    pool.RunOnAll([&](int thread) { ++slots[size_t(thread) * 8]; });
  }
  benchmark::DoNotOptimize(slots.data());
}

bool RegisterOpBenchmarks() {
  for (Isa isa : SupportedIsas()) {
    const std::string isa_name(IsaName(isa));
    for (const OpInfo& info : kOps) {
      benchmark::RegisterBenchmark(
          ("Op/" + std::string(info.name) + "/" + std::to_string(info.n) + "/" + isa_name).c_str(),
          OpBenchmark, isa, info);
    }
    benchmark::RegisterBenchmark(("Attention/group7x64/ctx:128/" + isa_name).c_str(),
                                 SmallGroupAttentionBenchmark, isa, 128);
    for (int64_t ctx : {512, 4096}) {
      for (int threads : {1, 2}) {
        benchmark::RegisterBenchmark(("Attention/decode/ctx:" + std::to_string(ctx) +
                                      "/threads:" + std::to_string(threads) + "/" + isa_name)
                                         .c_str(),
                                     AttentionBenchmark, isa, threads, ctx)
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond);
      }
    }
  }
  benchmark::RegisterBenchmark("Rope/normal/40x128", RopeBenchmark, RopeStyle::kNormal);
  benchmark::RegisterBenchmark("Rope/neox/40x128", RopeBenchmark, RopeStyle::kNeox);
  for (int threads : {1, 2, 3}) {
    benchmark::RegisterBenchmark(("ThreadPool/section/threads:" + std::to_string(threads)).c_str(),
                                 ThreadPoolSectionBenchmark, threads)
        ->UseRealTime();
  }
  return true;
}

[[maybe_unused]] const bool registered = RegisterOpBenchmarks();

}  // namespace
}  // namespace hearth::bench
