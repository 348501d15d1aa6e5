#include "chat/conversation_json.h"

#include <gtest/gtest.h>

namespace hearth {
namespace {

TEST(ConversationJson, ReadsAllFields) {
  Result<ChatRenderInput> input = ParseConversationJson(
      R"({"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function"}],
          "add_generation_prompt":false,"bos_token":"<s>","eos_token":"</s>"})",
      "c.json");
  ASSERT_TRUE(input.ok()) << input.status().ToString();
  EXPECT_EQ(input->messages.size(), 1u);
  EXPECT_EQ(input->tools.size(), 1u);
  EXPECT_FALSE(input->add_generation_prompt);
  EXPECT_EQ(input->bos_token, "<s>");
  EXPECT_EQ(input->eos_token, "</s>");
}

TEST(ConversationJson, Defaults) {
  Result<ChatRenderInput> input = ParseConversationJson(R"({"messages":[]})", "c.json");
  ASSERT_TRUE(input.ok());
  EXPECT_TRUE(input->tools.is_null());
  EXPECT_TRUE(input->add_generation_prompt);
  EXPECT_EQ(input->bos_token, "");
}

TEST(ConversationJson, BadJsonNamesTheByteOffset) {
  Result<ChatRenderInput> input = ParseConversationJson("{\"messages\": [}", "c.json");
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.status().message().rfind("c.json: invalid JSON at byte 15: parse error", 0), 0u)
      << input.status().message();
}

TEST(ConversationJson, BadFieldsAreNamed) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {"[]", "c.json: expected a JSON object with 'messages', not array"},
      {"{}", "c.json: missing field 'messages'"},
      {R"({"messages":"hi"})", "c.json: field 'messages' must be an array, not string"},
      {R"({"messages":[1]})", "c.json: field 'messages[0]' must be an object, not number"},
      {R"({"messages":[],"tools":{}})", "c.json: field 'tools' must be an array or null, not object"},
      {R"({"messages":[],"add_generation_prompt":1})",
       "c.json: field 'add_generation_prompt' must be true or false, not number"},
      {R"({"messages":[],"bos_token":1})", "c.json: field 'bos_token' must be a string, not number"},
  };
  for (const Case& c : cases) {
    Result<ChatRenderInput> input = ParseConversationJson(c.json, "c.json");
    ASSERT_FALSE(input.ok()) << c.json;
    EXPECT_EQ(input.status().message(), c.message);
  }
}

}  // namespace
}  // namespace hearth
