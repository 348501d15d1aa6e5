// Every OpKernels entry: the reference against double-precision formulas, and every ISA this
// CPU runs against the reference, over sizes with odd tails.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "kernels/dispatch.h"
#include "kernels/isa.h"

namespace hearth {
namespace {

constexpr int64_t kSizes[] = {1, 7, 31, 64, 100, 4096};

std::vector<float> RandomFloats(int64_t n, uint32_t seed, float lo = -4.0f, float hi = 4.0f) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = dist(rng);
  return v;
}

std::vector<f16> RandomHalves(int64_t n, uint32_t seed) {
  std::vector<float> f = RandomFloats(n, seed, -2.0f, 2.0f);
  std::vector<f16> h(f.size());
  for (size_t i = 0; i < f.size(); ++i) h[i] = F32ToF16(f[i]);
  return h;
}

// |got - want| <= abs_tol + rel_tol * |want|, per element.
void ExpectNear(const std::vector<float>& got, const std::vector<double>& want, double rel_tol,
                double abs_tol, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_NEAR(got[i], want[i], abs_tol + rel_tol * std::fabs(want[i]))
        << what << " at " << i << " of " << got.size();
  }
}

std::vector<double> ToDouble(const std::vector<float>& v) { return {v.begin(), v.end()}; }

double Sigmoid(double v) { return 1.0 / (1.0 + std::exp(-v)); }

double GeluTanh(double x) {
  const double k = std::sqrt(2.0 / std::numbers::pi);
  return 0.5 * x * (1.0 + std::tanh(k * (x + 0.044715 * x * x * x)));
}

// ---- The reference against straightforward double formulas. ----

// Inputs of one size for the reference checks: x, w, b in [-4, 4), h in f16.
struct RefInputs {
  explicit RefInputs(int64_t n)
      : n(n),
        x(RandomFloats(n, 1)),
        w(RandomFloats(n, 2)),
        b(RandomFloats(n, 3)),
        h(RandomHalves(n, 4)),
        y(x.size()),
        want(x.size()),
        size(" n=" + std::to_string(n)) {}
  int64_t n;
  std::vector<float> x, w, b;
  std::vector<f16> h;
  std::vector<float> y;      // output
  std::vector<double> want;  // expected output
  std::string size;          // for messages
};

TEST(OpKernelsRefTest, NormsMatchDoubleFormulas) {
  const OpKernels& ops = KernelsFor(Isa::kScalar).ops;
  for (int64_t n : kSizes) {
    RefInputs in(n);
    double ss = 0, sum = 0;
    for (float v : in.x) ss += double(v) * v, sum += v;
    const double rms = 1.0 / std::sqrt(ss / n + 1e-5);
    for (size_t i = 0; i < in.x.size(); ++i) in.want[i] = in.x[i] * rms * in.w[i];
    ops.rms_norm(in.x.data(), in.w.data(), in.y.data(), n, 1e-5f);
    ExpectNear(in.y, in.want, 1e-6, 1e-6, "rms_norm" + in.size);

    const double mean = sum / n;
    double var = 0;
    for (float v : in.x) var += (v - mean) * (v - mean);
    const double inv_std = 1.0 / std::sqrt(var / n + 1e-5);
    for (size_t i = 0; i < in.x.size(); ++i) {
      in.want[i] = (in.x[i] - mean) * inv_std * in.w[i] + in.b[i];
    }
    ops.layer_norm(in.x.data(), in.w.data(), in.b.data(), in.y.data(), n, 1e-5f);
    ExpectNear(in.y, in.want, 1e-6, 1e-5, "layer_norm" + in.size);
  }
}

TEST(OpKernelsRefTest, SoftmaxAndActivationsMatchDoubleFormulas) {
  const OpKernels& ops = KernelsFor(Isa::kScalar).ops;
  for (int64_t n : kSizes) {
    RefInputs in(n);
    const std::vector<float>& x = in.x;
    double max = -INFINITY, z = 0;
    for (float v : x) max = std::max<double>(max, v);
    for (float v : x) z += std::exp(v - max);
    for (size_t i = 0; i < x.size(); ++i) in.want[i] = std::exp(x[i] - max) / z;
    in.y = x;
    ops.softmax(in.y.data(), n);
    ExpectNear(in.y, in.want, 1e-6, 1e-9, "softmax" + in.size);

    for (size_t i = 0; i < x.size(); ++i) in.want[i] = x[i] * Sigmoid(x[i]);
    ops.silu(x.data(), in.y.data(), n);
    ExpectNear(in.y, in.want, 1e-6, 1e-7, "silu" + in.size);

    for (size_t i = 0; i < x.size(); ++i) in.want[i] = GeluTanh(x[i]);
    ops.gelu(x.data(), in.y.data(), n);
    ExpectNear(in.y, in.want, 1e-6, 1e-7, "gelu" + in.size);

    for (size_t i = 0; i < x.size(); ++i) in.want[i] = x[i] * Sigmoid(x[i]) * in.w[i];
    ops.swiglu(x.data(), in.w.data(), in.y.data(), n);
    ExpectNear(in.y, in.want, 1e-6, 1e-7, "swiglu" + in.size);
  }
}

TEST(OpKernelsRefTest, ElementwiseAndHalfKernelsMatchDoubleFormulas) {
  const OpKernels& ops = KernelsFor(Isa::kScalar).ops;
  for (int64_t n : kSizes) {
    RefInputs in(n);
    const std::vector<float>&x = in.x, &w = in.w;
    for (size_t i = 0; i < x.size(); ++i) in.want[i] = double(x[i]) + w[i];
    ops.add(x.data(), w.data(), in.y.data(), n);
    ExpectNear(in.y, in.want, 1e-7, 0, "add" + in.size);

    for (size_t i = 0; i < x.size(); ++i) in.want[i] = double(x[i]) * w[i];
    ops.mul(x.data(), w.data(), in.y.data(), n);
    ExpectNear(in.y, in.want, 1e-7, 0, "mul" + in.size);

    in.y = x;
    for (size_t i = 0; i < x.size(); ++i) in.want[i] = x[i] * 0.3;
    ops.scale(in.y.data(), 0.3f, n);
    ExpectNear(in.y, in.want, 1e-7, 0, "scale" + in.size);

    double dot = 0, abs_dot = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      dot += x[i] * double(F16ToF32(in.h[i]));
      abs_dot += std::fabs(x[i] * double(F16ToF32(in.h[i])));
    }
    EXPECT_NEAR(ops.dot_f32_f16(x.data(), in.h.data(), n), dot, 1e-7 * abs_dot + 1e-30) << in.size;

    in.y = w;
    for (size_t i = 0; i < x.size(); ++i) in.want[i] = w[i] + 0.7 * F16ToF32(in.h[i]);
    ops.axpy_f16(0.7f, in.h.data(), in.y.data(), n);
    ExpectNear(in.y, in.want, 1e-6, 1e-6, "axpy_f16" + in.size);
  }
}

TEST(OpKernelsRefTest, NullWeightsAndExtremeInputs) {
  const OpKernels& ops = KernelsFor(Isa::kScalar).ops;
  std::vector<float> x = {1.0f, -2.0f, 3.0f};
  std::vector<float> y(3);
  ops.rms_norm(x.data(), nullptr, y.data(), 3, 0.0f);
  const double r = 1.0 / std::sqrt(14.0 / 3.0);
  ExpectNear(y, {r, -2 * r, 3 * r}, 1e-6, 0, "rms_norm without weight");
  ops.layer_norm(x.data(), nullptr, nullptr, y.data(), 3, 0.0f);
  EXPECT_NEAR(y[0] + y[1] + y[2], 0.0, 1e-6);

  std::vector<float> s = {-INFINITY, 0.0f, -INFINITY, 1000.0f};
  ops.softmax(s.data(), 4);
  ExpectNear(s, {0.0, 0.0, 0.0, 1.0}, 0, 1e-30, "softmax with -inf and a large value");
}

// ---- Every ISA against the reference. ----

class OpKernelsIsaTest : public ::testing::TestWithParam<Isa> {
 protected:
  const OpKernels& ref() { return KernelsFor(Isa::kScalar).ops; }
  const OpKernels& ops() { return KernelsFor(GetParam()).ops; }
};

TEST_P(OpKernelsIsaTest, AllEntriesSet) {
  const OpKernels& k = ops();
  EXPECT_TRUE(k.rms_norm && k.layer_norm && k.softmax && k.silu && k.gelu && k.swiglu && k.add &&
              k.mul && k.scale && k.dot_f32_f16 && k.axpy_f16 && k.attn_scores && k.attn_values);
}

TEST_P(OpKernelsIsaTest, NormsMatchReference) {
  for (int64_t n : kSizes) {
    const std::vector<float> x = RandomFloats(n, 11), w = RandomFloats(n, 12),
                             b = RandomFloats(n, 13);
    std::vector<float> want(x.size()), got(x.size());
    const std::string size = " n=" + std::to_string(n);
    for (const float* weight : {w.data(), static_cast<const float*>(nullptr)}) {
      ref().rms_norm(x.data(), weight, want.data(), n, 1e-6f);
      ops().rms_norm(x.data(), weight, got.data(), n, 1e-6f);
      ExpectNear(got, ToDouble(want), 2e-6, 1e-6, "rms_norm" + size);
      // In place.
      got = x;
      ops().rms_norm(got.data(), weight, got.data(), n, 1e-6f);
      ExpectNear(got, ToDouble(want), 2e-6, 1e-6, "rms_norm in place" + size);

      ref().layer_norm(x.data(), weight, weight ? b.data() : nullptr, want.data(), n, 1e-5f);
      ops().layer_norm(x.data(), weight, weight ? b.data() : nullptr, got.data(), n, 1e-5f);
      ExpectNear(got, ToDouble(want), 1e-5, 1e-5, "layer_norm" + size);
    }
  }
}

TEST_P(OpKernelsIsaTest, SoftmaxMatchesReference) {
  for (int64_t n : kSizes) {
    for (float spread : {1.0f, 30.0f}) {
      std::vector<float> want = RandomFloats(n, 21, -spread, spread);
      if (n > 3) want[2] = -INFINITY;  // masked position
      std::vector<float> got = want;
      ref().softmax(want.data(), n);
      ops().softmax(got.data(), n);
      ExpectNear(got, ToDouble(want), 2e-6, 1e-9, "softmax n=" + std::to_string(n));
    }
  }
}

TEST_P(OpKernelsIsaTest, ActivationsMatchReference) {
  for (int64_t n : kSizes) {
    // Wide range: exercises exp's saturation on both sides.
    const std::vector<float> x = RandomFloats(n, 31, -20.0f, 20.0f), u = RandomFloats(n, 32);
    std::vector<float> want(x.size()), got(x.size());
    const std::string size = " n=" + std::to_string(n);
    ref().silu(x.data(), want.data(), n);
    ops().silu(x.data(), got.data(), n);
    ExpectNear(got, ToDouble(want), 2e-6, 1e-12, "silu" + size);
    ref().gelu(x.data(), want.data(), n);
    ops().gelu(x.data(), got.data(), n);
    ExpectNear(got, ToDouble(want), 2e-6, 1e-12, "gelu" + size);
    ref().swiglu(x.data(), u.data(), want.data(), n);
    got = u;  // y aliases up
    ops().swiglu(x.data(), got.data(), got.data(), n);
    ExpectNear(got, ToDouble(want), 2e-6, 1e-12, "swiglu" + size);
  }
}

TEST_P(OpKernelsIsaTest, ElementwiseMatchReference) {
  for (int64_t n : kSizes) {
    const std::vector<float> a = RandomFloats(n, 41), b = RandomFloats(n, 42);
    std::vector<float> want(a.size()), got(a.size());
    const std::string size = " n=" + std::to_string(n);
    ref().add(a.data(), b.data(), want.data(), n);
    got = a;
    ops().add(got.data(), b.data(), got.data(), n);
    ExpectNear(got, ToDouble(want), 0, 0, "add" + size);
    ref().mul(a.data(), b.data(), want.data(), n);
    ops().mul(a.data(), b.data(), got.data(), n);
    ExpectNear(got, ToDouble(want), 0, 0, "mul" + size);
    want = a;
    got = a;
    ref().scale(want.data(), -1.7f, n);
    ops().scale(got.data(), -1.7f, n);
    ExpectNear(got, ToDouble(want), 0, 0, "scale" + size);
  }
}

TEST_P(OpKernelsIsaTest, HalfKernelsMatchReference) {
  for (int64_t n : kSizes) {
    const std::vector<float> x = RandomFloats(n, 51);
    const std::vector<f16> h = RandomHalves(n, 52);
    double abs_dot = 0;
    for (size_t i = 0; i < x.size(); ++i) abs_dot += std::fabs(x[i] * F16ToF32(h[i]));
    EXPECT_NEAR(ops().dot_f32_f16(x.data(), h.data(), n), ref().dot_f32_f16(x.data(), h.data(), n),
                1e-6 * abs_dot)
        << "n=" << n;
    std::vector<float> want = RandomFloats(n, 53), got = want;
    ref().axpy_f16(-0.37f, h.data(), want.data(), n);
    ops().axpy_f16(-0.37f, h.data(), got.data(), n);
    ExpectNear(got, ToDouble(want), 1e-6, 1e-6, "axpy_f16 n=" + std::to_string(n));
  }
}

// attn_scores / attn_values against the reference over head sizes with tails, group sizes
// past the 4-head blocks and key counts past the 4-key blocks.
TEST_P(OpKernelsIsaTest, AttentionKernelsMatchReference) {
  for (int64_t d : {16, 32, 40, 64, 80, 128, 256}) {
    for (int n_q : {1, 3, 4, 8}) {
      for (int64_t n : {1, 2, 5, 8, 37}) {
        const std::string what = " d=" + std::to_string(d) + " n_q=" + std::to_string(n_q) +
                                 " n=" + std::to_string(n);
        const std::vector<float> q = RandomFloats(n_q * d, 61);
        const std::vector<f16> k = RandomHalves(n * d, 62), v = RandomHalves(n * d, 63);
        std::vector<float> want(size_t(n_q * n)), got(want.size());
        ref().attn_scores(q.data(), n_q, k.data(), n, d, 0.125f, want.data());
        ops().attn_scores(q.data(), n_q, k.data(), n, d, 0.125f, got.data());
        ExpectNear(got, ToDouble(want), 1e-5, 1e-5 * double(d), "attn_scores" + what);

        const std::vector<float> p = RandomFloats(n_q * n, 64, 0.0f, 1.0f);
        std::vector<float> want_out(size_t(n_q * d)), got_out(want_out.size(), NAN);
        ref().attn_values(p.data(), n_q, v.data(), n, d, want_out.data());
        ops().attn_values(p.data(), n_q, v.data(), n, d, got_out.data());
        ExpectNear(got_out, ToDouble(want_out), 1e-5, 1e-5 * double(n), "attn_values" + what);
      }
    }
  }
}

// A head's scores and output are bit-identical whether it is computed alone or in a group:
// batched serving must give each request what it would get alone.
TEST_P(OpKernelsIsaTest, AttentionKernelsDoNotDependOnTheGroup) {
  constexpr int64_t d = 80, n = 23;
  constexpr int n_q = 7;
  const std::vector<float> q = RandomFloats(n_q * d, 71), p = RandomFloats(n_q * n, 72, 0, 1);
  const std::vector<f16> k = RandomHalves(n * d, 73), v = RandomHalves(n * d, 74);
  std::vector<float> scores(size_t(n_q * n)), out(size_t(n_q * d));
  ops().attn_scores(q.data(), n_q, k.data(), n, d, 0.1f, scores.data());
  ops().attn_values(p.data(), n_q, v.data(), n, d, out.data());
  for (int g = 0; g < n_q; ++g) {
    std::vector<float> one_scores(static_cast<size_t>(n)), one_out(static_cast<size_t>(d));
    ops().attn_scores(q.data() + g * d, 1, k.data(), n, d, 0.1f, one_scores.data());
    ops().attn_values(p.data() + g * n, 1, v.data(), n, d, one_out.data());
    for (int64_t j = 0; j < n; ++j) ASSERT_EQ(one_scores[size_t(j)], scores[size_t(g * n + j)]);
    for (int64_t i = 0; i < d; ++i) ASSERT_EQ(one_out[size_t(i)], out[size_t(g * d + i)]);
  }
}

std::string IsaParamName(const ::testing::TestParamInfo<Isa>& info) {
  std::string name(IsaName(info.param));
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(AllIsas, OpKernelsIsaTest, ::testing::ValuesIn(SupportedIsas()),
                         IsaParamName);

}  // namespace
}  // namespace hearth
