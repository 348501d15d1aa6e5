// Modelfiles (FROM, PARAMETER, TEMPLATE, SYSTEM, LICENSE, MESSAGE) and creating models from
// them: a GGUF file copied into the store, or a stored model with new settings.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "shared_data.h"
#include "store/atomic_file.h"
#include "store/model_create.h"
#include "store/modelfile.h"

namespace hearth::store {
namespace {

namespace fs = std::filesystem;

TEST(ModelfileTest, ParsesEveryInstruction) {
  const Result<Modelfile> parsed = Modelfile::Parse(R"(# comment
FROM ./model.gguf
parameter temperature 0.7
PARAMETER num_ctx 8192
PARAMETER stop "<|eot_id|>"
PARAMETER stop User:
TEMPLATE """{{ .System }}
{{ .Prompt }}"""
SYSTEM You are a pirate.
LICENSE "MIT"
MESSAGE user Hello
MESSAGE assistant """Arr!"""
)");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->from, "./model.gguf");
  EXPECT_EQ(parsed->parameters.dump(),
            R"({"num_ctx":8192,"stop":["<|eot_id|>","User:"],"temperature":0.7})");
  EXPECT_EQ(*parsed->template_text, "{{ .System }}\n{{ .Prompt }}");
  EXPECT_EQ(*parsed->system, "You are a pirate.");
  EXPECT_EQ(parsed->licenses, std::vector<std::string>{"MIT"});
  ASSERT_EQ(parsed->messages.size(), 2u);
  EXPECT_EQ(parsed->messages[1].role, "assistant");
  EXPECT_EQ(parsed->messages[1].content, "Arr!");
}

TEST(ModelfileTest, ErrorsNameTheLine) {
  EXPECT_EQ(Modelfile::Parse("FROM x\nPARAMETER temperature hot\n").status().message(),
            "Modelfile:2: PARAMETER temperature: 'hot' is not a number");
  EXPECT_EQ(Modelfile::Parse("FROM x\nPARAMETER warmth 1\n", "M").status().message(),
            "M:2: PARAMETER warmth: unknown parameter 'warmth'");
  EXPECT_EQ(Modelfile::Parse("FROM x\nRUN rm -rf /\n").status().message(),
            "Modelfile:2: unknown instruction 'RUN' (expected FROM, PARAMETER, TEMPLATE, "
            "SYSTEM, LICENSE or MESSAGE)");
  EXPECT_EQ(Modelfile::Parse("FROM x\nSYSTEM \"\"\"never closed\n").status().message(),
            "Modelfile:2: \"\"\" is never closed");
  EXPECT_EQ(Modelfile::Parse("PARAMETER seed 1\n").status().message(),
            "Modelfile: no FROM line (the model's weights)");
  EXPECT_EQ(Modelfile::Parse("FROM x\nPARAMETER num_ctx 1.5\n").status().message(),
            "Modelfile:2: PARAMETER num_ctx: '1.5' is not an integer");
  EXPECT_NE(Modelfile::Parse("FROM x\nADAPTER lora.gguf\n").status().message().find(
                "not supported"),
            std::string::npos);
}

class CreateModelTest : public ::testing::Test {
 protected:
  CreateModelTest()
      : home_(fs::path(::testing::TempDir()) / ("hearth-create-" + std::to_string(getpid()))) {
    fs::remove_all(home_);
  }
  ~CreateModelTest() override { fs::remove_all(home_); }
  fs::path home_;
};

TEST_F(CreateModelTest, FromAFileThenFromTheStoredModel) {
  ModelStore store = *ModelStore::Open(home_.string());
  const std::string gguf = hearth::testing::SharedPath("models/stories260K.gguf");
  Modelfile base;
  base.from = gguf;
  uint64_t copied = 0;
  const Result<StoredModel> tiny = CreateModel(store, *ModelName::Parse("tiny"), base, "",
                                               [&](uint64_t done, uint64_t) { copied = done; });
  ASSERT_TRUE(tiny.ok()) << tiny.status().ToString();
  EXPECT_EQ(copied, fs::file_size(gguf));
  const Result<std::string> config =
      ReadWholeFile(store.blobs().PathOf(tiny->manifest.config.digest));
  EXPECT_EQ(ModelConfig::FromJson(*config).model_family, "llama");
  EXPECT_EQ(ModelConfig::FromJson(*config).file_type, "F32");

  Modelfile derived = *Modelfile::Parse("FROM tiny\nSYSTEM Be brief.\nPARAMETER top_k 5\n");
  const Result<StoredModel> brief =
      CreateModel(store, *ModelName::Parse("brief:v1"), derived, "");
  ASSERT_TRUE(brief.ok()) << brief.status().ToString();
  EXPECT_EQ(brief->model_path, tiny->model_path);  // the same weights blob
  EXPECT_EQ(*store.ReadLayerText(*brief, kSystemMediaType), "Be brief.");
  EXPECT_EQ(*store.ReadLayerText(*brief, kParamsMediaType), R"({"top_k":5})");
  EXPECT_EQ(*store.ReadLayerText(*tiny, kSystemMediaType), "");
}

TEST_F(CreateModelTest, BadSourcesLeaveNoModel) {
  ModelStore store = *ModelStore::Open(home_.string());
  Modelfile missing;
  missing.from = "nothing-here";
  EXPECT_EQ(CreateModel(store, *ModelName::Parse("x"), missing, "").status().code(),
            StatusCode::kNotFound);
  const fs::path not_gguf = home_ / "notes.gguf";
  ASSERT_TRUE(WriteFileAtomically(not_gguf.string(), "hello").ok());
  Modelfile bad;
  bad.from = not_gguf.string();
  const Result<StoredModel> created = CreateModel(store, *ModelName::Parse("x"), bad, "");
  ASSERT_FALSE(created.ok());
  EXPECT_NE(created.status().message().find("notes.gguf"), std::string::npos)
      << created.status().message();
  EXPECT_TRUE(store.List().empty());
  EXPECT_TRUE(store.blobs().ListDigests().empty());
}

}  // namespace
}  // namespace hearth::store
