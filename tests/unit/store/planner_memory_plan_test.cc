// The memory planner's arithmetic: KV cache sizes of known models, the largest-context search,
// the seed corrections, model sets, machine memory parsing, and a GGUF file's geometry.
#include "store/planner/memory_plan.h"

#include <gtest/gtest.h>

#include "gguf/gguf_file.h"
#include "shared_data.h"
#include "store/catalog/known_models.h"
#include "store/catalog/quant_sizes.h"
#include "store/planner/gguf_geometry.h"
#include "store/planner/machine_memory.h"
#include "store/planner/plan_report.h"

namespace hearth::planner {
namespace {

constexpr uint64_t kGiB = 1ull << 30;
constexpr double kGB = 1e9;

const catalog::KnownModel& Known(const char* name) {
  const catalog::KnownModel* m = catalog::FindKnownModel(name);
  EXPECT_NE(m, nullptr) << name;
  return *m;
}

ModelGeometry At(const char* name, const char* quant) {
  const catalog::KnownModel& m = Known(name);
  return GeometryOf(m, catalog::WeightBytes(m, *catalog::FindQuant(quant)));
}

TEST(KvCacheTest, Llama31_8BAt8192IsOneGiB) {
  PlanOptions o;
  o.n_ctx = 8192;
  // 32 layers x 8 KV heads x 128 x 2 (K, V) x 2 bytes x 8192 positions.
  EXPECT_EQ(KvCacheBytes(Known("llama3.1:8b").shape, o), kGiB);
  o.kv_type = KvType::kF32;
  EXPECT_EQ(KvCacheBytes(Known("llama3.1:8b").shape, o), 2 * kGiB);
  o.kv_type = KvType::kQ8_0;
  EXPECT_EQ(KvCacheBytes(Known("llama3.1:8b").shape, o), kGiB / 32 * 17);
  o.kv_type = KvType::kF16;
  o.n_parallel = 4;  // n_ctx is per slot, as in EngineOptions
  EXPECT_EQ(KvCacheBytes(Known("llama3.1:8b").shape, o), 4 * kGiB);
}

TEST(KvCacheTest, Llama31_70BAt128KIs40GiB) {
  PlanOptions o;
  o.n_ctx = 131072;
  EXPECT_EQ(KvCacheBytes(Known("llama3.1:70b").shape, o), 40 * kGiB);
}

TEST(KvCacheTest, DeepSeekLatentCacheIs576ValuesPerTokenAndLayer) {
  PlanOptions o;
  o.n_ctx = 1000;
  EXPECT_EQ(KvCacheBytes(Known("deepseek-v3:671b").shape, o), 61u * 576 * 2 * 1000);
}

TEST(KvCacheTest, GemmaSlidingLayersHoldTheWindowWhenAsked) {
  const catalog::TransformerShape& g = Known("gemma2:9b").shape;
  PlanOptions o;
  o.n_ctx = 8192;
  const uint64_t per_token_layer = 2 * 8 * 256 * 2;
  EXPECT_EQ(KvCacheBytes(g, o), 42 * 8192 * per_token_layer);  // Hearth's KvCache: all full
  o.sliding_window_cache = true;
  EXPECT_EQ(KvCacheBytes(g, o), (21 * 8192 + 21 * 4096) * per_token_layer);
}

TEST(KvTypeTest, ParsesNamesAndRejectsOthers) {
  EXPECT_EQ(*ParseKvType("Q8_0"), KvType::kQ8_0);
  EXPECT_EQ(*ParseKvType("f32"), KvType::kF32);
  Result<KvType> bad = ParseKvType("q4");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'q4'"), std::string::npos);
}

TEST(ComputeTest, GrowsWithBatchContextAndSlots) {
  const catalog::TransformerShape& s = Known("llama3.1:8b").shape;
  PlanOptions o;
  const uint64_t base = ComputeBytes(s, o);
  PlanOptions bigger_batch = o;
  bigger_batch.n_batch = 1024;
  PlanOptions longer = o;
  longer.n_ctx = 32768;
  PlanOptions slots = o;
  slots.n_parallel = 8;
  EXPECT_GT(ComputeBytes(s, bigger_batch), base);
  EXPECT_GT(ComputeBytes(s, longer), base);
  EXPECT_GT(ComputeBytes(s, slots), base);
  // 512 tokens of f32 activations for an 8B model are a few hundred MB, not GBs.
  EXPECT_GT(base, 100u << 20);
  EXPECT_LT(base, 1u << 30);
}

TEST(LargestContextTest, IsTheLargestStepThatFits) {
  const ModelGeometry g = At("llama3.1:70b", "Q4_K_M");
  PlanOptions o;
  const uint64_t budget = 48 * kGiB;  // M2 Ultra 64 GB at 75%
  const int32_t n = LargestContext(g, o, budget);
  ASSERT_GT(n, 0);
  EXPECT_EQ(n % 256, 0);
  o.n_ctx = n;
  EXPECT_TRUE(Fits(EstimateMemory(g, o), budget));
  o.n_ctx = n + 256;
  EXPECT_FALSE(Fits(EstimateMemory(g, o), budget));
}

TEST(LargestContextTest, TrainingContextWhenEverythingFitsAndZeroWhenNothingDoes) {
  PlanOptions o;
  EXPECT_EQ(LargestContext(At("llama3.1:8b", "Q4_K_M"), o, 144 * kGiB), 131072);
  EXPECT_EQ(LargestContext(At("llama3.1:405b", "Q4_K_M"), o, 144 * kGiB), 0);
  EXPECT_EQ(LargestContext(At("whisper:tiny", "F16"), o, 1 * kGiB), 448);
}

TEST(SeedCorrectionTest, DeepSeekV3IsFlaggedWithTheTrueSize) {
  const std::vector<SeedCorrection> corrections = SeedCorrections();
  ASSERT_EQ(corrections.size(), 1u);
  const SeedCorrection& c = corrections[0];
  EXPECT_EQ(c.model->name, "deepseek-v3:671b");
  EXPECT_EQ(c.claimed_bytes, 130'000'000'000u);
  EXPECT_NEAR(double(c.actual.bytes) / kGB, 404, 5);
  ASSERT_NE(c.closest.quant, nullptr);
  EXPECT_EQ(c.closest.quant->name, "IQ1_S");
}

TEST(ModelPlanTest, DeepSeekV3OnTheThreeM2UltraSizes) {
  const catalog::KnownModel& ds = Known("deepseek-v3:671b");
  PlanOptions o;
  o.n_ctx = 8192;
  for (uint64_t gb : {64, 128}) {
    const ModelPlan p = PlanKnownModel(ds, o, DescribeMachine(gb * kGiB, true).usable_bytes);
    EXPECT_EQ(p.best, -1) << gb;
  }
  const ModelPlan p = PlanKnownModel(ds, o, DescribeMachine(192 * kGiB, true).usable_bytes);
  ASSERT_NE(p.preferred_fit(), nullptr);
  EXPECT_FALSE(p.preferred_fit()->fits);  // Q4_K_M: 404 GB
  ASSERT_NE(p.best_fit(), nullptr);
  EXPECT_EQ(p.best_fit()->weights.quant->name, "IQ1_S");
  EXPECT_GE(p.best_fit()->max_context, 8192);
}

TEST(ModelPlanTest, Llama70BAtQ4KMFitsOn64GBWithLimitedContext) {
  PlanOptions o;
  o.n_ctx = 8192;
  const ModelPlan p =
      PlanKnownModel(Known("llama3.1:70b"), o, DescribeMachine(64 * kGiB, true).usable_bytes);
  ASSERT_NE(p.preferred_fit(), nullptr);
  EXPECT_TRUE(p.preferred_fit()->fits);
  EXPECT_GT(p.preferred_fit()->max_context, 8192);
  EXPECT_LT(p.preferred_fit()->max_context, 131072);
}

TEST(ModelSetTest, SetsFitAtTheLargestQuantTheBudgetAllows) {
  PlanOptions o;
  o.n_ctx = 8192;
  const ModelSet pair{"two 70B", {"llama3.1:70b", "qwen2.5:72b"}};
  Result<SetFit> on128 = PlanSet(pair, o, DescribeMachine(128 * kGiB, true).usable_bytes);
  ASSERT_TRUE(on128.ok());
  EXPECT_TRUE(on128->fits);
  EXPECT_EQ(on128->quant, "Q4_K_M");
  Result<SetFit> on64 = PlanSet(pair, o, DescribeMachine(64 * kGiB, true).usable_bytes);
  ASSERT_TRUE(on64.ok());
  EXPECT_TRUE(on64->fits);
  EXPECT_NE(on64->quant, "Q4_K_M");  // a smaller quant
  EXPECT_LE(on64->bytes, DescribeMachine(64 * kGiB, true).usable_bytes);
  const ModelSet too_big{"405B + DeepSeek", {"llama3.1:405b", "deepseek-v3:671b"}};
  Result<SetFit> none = PlanSet(too_big, o, 144 * kGiB);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->fits);
  const ModelSet unknown{"x", {"llama3.1:8b", "no-such-model"}};
  Result<SetFit> bad = PlanSet(unknown, o, 144 * kGiB);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("no-such-model"), std::string::npos);
}

TEST(ModelSetTest, EverySuggestedSetNamesCatalogModels) {
  for (const ModelSet& s : SuggestedSets()) {
    EXPECT_TRUE(PlanSet(s, PlanOptions{}, 144 * kGiB).ok()) << s.name;
  }
}

TEST(MachineMemoryTest, ParsesSizes) {
  EXPECT_EQ(*ParseMemorySize("192G"), 192 * kGiB);
  EXPECT_EQ(*ParseMemorySize("64GiB"), 64 * kGiB);
  EXPECT_EQ(*ParseMemorySize("128 gb"), 128 * kGiB);
  EXPECT_EQ(*ParseMemorySize("1.5T"), 1536 * kGiB);
  EXPECT_EQ(*ParseMemorySize("512M"), 512ull << 20);
  EXPECT_EQ(*ParseMemorySize("4096"), 4096u);
  for (const char* bad : {"", "G", "abc", "12X", "-4G", "1.2.3G"}) {
    Result<uint64_t> r = ParseMemorySize(bad);
    EXPECT_FALSE(r.ok()) << bad;
  }
}

TEST(MachineMemoryTest, AppleWorkingSetIsThreeQuartersUnlessRaised) {
  const MachineMemory m = DescribeMachine(192 * kGiB, /*apple_gpu=*/true);
  EXPECT_EQ(m.usable_bytes, 144 * kGiB);
  EXPECT_TRUE(m.apple_gpu_limit);
  const MachineMemory raised = DescribeMachine(192 * kGiB, true, 0.75, 180000);
  EXPECT_EQ(raised.usable_bytes, 180000ull << 20);
  EXPECT_NE(raised.source.find("iogpu.wired_limit_mb=180000"), std::string::npos);
  EXPECT_EQ(DescribeMachine(64 * kGiB, false).usable_bytes, 64 * kGiB);
}

TEST(MachineMemoryTest, ReadsMeminfo) {
  Result<MachineMemory> m = ParseMeminfo(
      "MemTotal:       16318480 kB\nMemFree:         1000000 kB\n"
      "MemAvailable:   12000000 kB\n");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->total_bytes, 16318480ull << 10);
  EXPECT_EQ(m->available_bytes, 12000000ull << 10);
  EXPECT_EQ(m->usable_bytes, m->total_bytes);
  EXPECT_FALSE(ParseMeminfo("MemFree: 1 kB\n").ok());
  Result<MachineMemory> here = DetectMachineMemory();
  ASSERT_TRUE(here.ok()) << here.status().ToString();
  EXPECT_GT(here->usable_bytes, 0u);
}

TEST(GgufGeometryTest, ReadsStories260K) {
  Result<GgufFile> file = GgufFile::Open(testing::SharedPath("models/stories260K.gguf"));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  Result<ModelGeometry> g = GeometryFromGguf(*file);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(g->shape.n_layer, 5);
  EXPECT_EQ(g->shape.n_embd, 64);
  EXPECT_EQ(g->shape.n_vocab, 512);
  EXPECT_EQ(g->shape.head_dim * g->shape.n_head, 64);
  EXPECT_EQ(g->weight_bytes, file->file_size());
}

TEST(GgufGeometryTest, ReadsLatentAttentionFromDeepSeek2) {
  Result<GgufFile> file = GgufFile::Open(testing::SharedPath("models/random/deepseek2-Q8_0.gguf"));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  Result<ModelGeometry> g = GeometryFromGguf(*file);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(g->shape.attention, catalog::AttentionKind::kLatent);
  EXPECT_GT(g->shape.kv_lora_rank, 0);
}

}  // namespace
}  // namespace hearth::planner
