// ChatTemplate: the ChatML default, templates from GGUF metadata, the HF globals
// (raise_exception, strftime_now), and how errors read.
#include "chat/chat_template.h"

#include <gtest/gtest.h>

#include <ctime>

#include "gguf/gguf_writer.h"
#include "shared_data.h"

namespace hearth {
namespace {

nlohmann::ordered_json Messages(std::string_view json) {
  return nlohmann::ordered_json::parse(json);
}

ChatRenderInput Input(std::string_view messages_json, bool add_generation_prompt = true) {
  ChatRenderInput input;
  input.messages = Messages(messages_json);
  input.add_generation_prompt = add_generation_prompt;
  return input;
}

// A GGUF image holding only the given metadata (the bytes must outlive the file).
Result<GgufFile> FileWith(const GgufWriter& writer, std::vector<uint8_t>& bytes) {
  HEARTH_ASSIGN_OR_RETURN(bytes, writer.WriteToBytes());
  return GgufFile::Parse(bytes, "model.gguf");
}

TEST(ChatTemplateDefault, IsChatMl) {
  const ChatTemplate chatml = ChatTemplate::Default();
  EXPECT_TRUE(chatml.is_default());
  EXPECT_NE(chatml.name().find(kDefaultChatTemplateName), std::string::npos);
  Result<std::string> prompt = chatml.Render(Input(
      R"([{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},
          {"role":"assistant","content":"Hello"},{"role":"user","content":"Again"}])"));
  ASSERT_TRUE(prompt.ok()) << prompt.status().ToString();
  EXPECT_EQ(*prompt,
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
            "<|im_start|>assistant\nHello<|im_end|>\n<|im_start|>user\nAgain<|im_end|>\n"
            "<|im_start|>assistant\n");
}

TEST(ChatTemplateDefault, WithoutGenerationPromptAndWithOddContent) {
  Result<std::string> prompt = ChatTemplate::Default().Render(
      Input(R"([{"role":"assistant","content":null},{"role":"user","content":[{"type":"text","text":"x"}]}])",
            /*add_generation_prompt=*/false));
  ASSERT_TRUE(prompt.ok()) << prompt.status().ToString();
  EXPECT_EQ(*prompt,
            "<|im_start|>assistant\n<|im_end|>\n"
            "<|im_start|>user\n[{\"type\": \"text\", \"text\": \"x\"}]<|im_end|>\n");
}

TEST(ChatTemplate, PassesTokensAndToolsAsHuggingFaceDoes) {
  Result<ChatTemplate> t = ChatTemplate::Parse(
      "{{ bos_token }}|{{ tools is defined }}|{{ tools | length }}|{{ eos_token }}", "t.jinja");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ChatRenderInput input = Input("[]");
  input.bos_token = "<s>";
  input.eos_token = "</s>";
  EXPECT_EQ(*t->Render(input), "<s>|False|0|</s>");  // tools: null -> undefined
  input.tools = nlohmann::ordered_json::parse(R"([{"type":"function"}])");
  EXPECT_EQ(*t->Render(input), "<s>|True|1|</s>");
}

TEST(ChatTemplate, RaiseExceptionFailsWithTheTemplatesMessage) {
  Result<ChatTemplate> t = ChatTemplate::Parse(
      "{% if messages[0].role == 'system' %}{{ raise_exception('System role not supported') }}"
      "{% endif %}ok",
      "gemma.jinja");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t->Render(Input(R"([{"role":"user","content":"x"}])")), "ok");
  Result<std::string> refused = t->Render(Input(R"([{"role":"system","content":"x"}])"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(), "gemma.jinja:1:56: System role not supported");
}

TEST(ChatTemplate, StrftimeNowUsesTheInjectedTime) {
  Result<ChatTemplate> t = ChatTemplate::Parse("{{ strftime_now('%d %b %Y') }}", "t");
  ASSERT_TRUE(t.ok());
  std::tm day{};
  day.tm_year = 2026 - 1900;
  day.tm_mon = 6;
  day.tm_mday = 26;
  day.tm_hour = 12;
  day.tm_isdst = -1;
  ChatRenderInput input = Input("[]");
  input.now = std::chrono::system_clock::from_time_t(std::mktime(&day));
  EXPECT_EQ(*t->Render(input), "26 Jul 2026");
  input.now.reset();  // the real clock: some date of the same shape
  Result<std::string> today = t->Render(input);
  ASSERT_TRUE(today.ok());
  EXPECT_EQ(today->size(), 11u) << *today;
}

TEST(ChatTemplate, SyntaxErrorsNameTheTemplateLineAndColumn) {
  Result<ChatTemplate> t = ChatTemplate::Parse("line one\n{% if x %}\n{{ x + }}\n{% endif %}",
                                               "model.gguf:tokenizer.chat_template");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(),
            "model.gguf:tokenizer.chat_template:3:8: expected an expression, got '}}'");
}

TEST(ChatTemplate, RuntimeErrorsAreClear) {
  Result<ChatTemplate> t = ChatTemplate::Parse("{{ messages[0].content + 1 }}", "t");
  ASSERT_TRUE(t.ok());
  Result<std::string> r = t->Render(Input(R"([{"role":"user","content":"x"}])"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "t:1:24: can only concatenate str (not \"int\") to str");
  ChatRenderInput not_a_list;
  not_a_list.messages = nlohmann::ordered_json::object();
  r = t->Render(not_a_list);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "t: messages must be a JSON array, not object");
}

TEST(ChatTemplateFromGguf, ModelWithoutTemplateGetsTheDefault) {
  Result<GgufFile> file = GgufFile::Open(testing::SharedPath("models/stories260K.gguf"));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  Result<ChatTemplate> t = ChatTemplate::FromGguf(*file);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_TRUE(t->is_default());
  Result<ChatSpecialTokens> tokens = ChatSpecialTokensFromGguf(*file);
  ASSERT_TRUE(tokens.ok()) << tokens.status().ToString();
  EXPECT_EQ(tokens->bos_token, "<s>");
  EXPECT_EQ(tokens->eos_token, "</s>");
}

TEST(ChatTemplateFromGguf, EmbeddedTemplate) {
  Result<GgufFile> file = GgufFile::Open(testing::SharedPath("models/random/phi3-Q8_0.gguf"));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  Result<ChatTemplate> t = ChatTemplate::FromGguf(*file);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_FALSE(t->is_default());
  EXPECT_EQ(t->name(), file->path() + ":tokenizer.chat_template");
  Result<ChatSpecialTokens> tokens = ChatSpecialTokensFromGguf(*file);
  ASSERT_TRUE(tokens.ok());
  ChatRenderInput input = Input(R"([{"role":"user","content":"Hi"}])");
  input.bos_token = tokens->bos_token;
  EXPECT_EQ(*t->Render(input), "<s><|user|>\nHi<|end|>\n<|assistant|>\n");
}

TEST(ChatTemplateFromGguf, NamedVariantAndBadMetadata) {
  GgufWriter writer;
  writer.SetString("tokenizer.chat_template", "{{ 'main' }}");
  writer.SetString("tokenizer.chat_template.tool_use", "{{ 'tools' }}");
  writer.SetArray<std::string>("tokenizer.ggml.tokens", {"<unk>", "<s>"});
  writer.SetUint32("tokenizer.ggml.bos_token_id", 1);
  writer.SetUint32("tokenizer.ggml.eos_token_id", 7);
  std::vector<uint8_t> bytes;
  Result<GgufFile> file = FileWith(writer, bytes);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(*ChatTemplate::FromGguf(*file)->Render(Input("[]")), "main");
  EXPECT_EQ(*ChatTemplate::FromGguf(*file, "tool_use")->Render(Input("[]")), "tools");
  EXPECT_EQ(ChatTemplate::FromGguf(*file, "rag").status().code(), StatusCode::kNotFound);
  Result<ChatSpecialTokens> tokens = ChatSpecialTokensFromGguf(*file);
  ASSERT_FALSE(tokens.ok());
  EXPECT_EQ(tokens.status().message(),
            "model.gguf: metadata key 'tokenizer.ggml.eos_token_id' is 7, outside the vocabulary "
            "of 2 tokens");

  GgufWriter bad;
  bad.SetUint32("tokenizer.chat_template", 3);
  std::vector<uint8_t> bad_bytes;
  Result<GgufFile> bad_file = FileWith(bad, bad_bytes);
  ASSERT_TRUE(bad_file.ok());
  Result<ChatTemplate> refused = ChatTemplate::FromGguf(*bad_file);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("tokenizer.chat_template"), std::string::npos)
      << refused.status().message();
}

TEST(ChatTemplate, RenderLimitsStopHostileTemplates) {
  Result<ChatTemplate> t = ChatTemplate::Parse(
      "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "t");
  ASSERT_TRUE(t.ok());
  jinja::RenderLimits limits;
  limits.max_work = 100'000;
  Result<std::string> r = t->Render(Input("[]"), limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(r.status().message().find("work limit of 100000"), std::string::npos)
      << r.status().message();
}

}  // namespace
}  // namespace hearth
