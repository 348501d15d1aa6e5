// A store model's Modelfile defaults reach both APIs: PARAMETER fills the options a request
// leaves out (the request wins), SYSTEM is the system message when the chat has none.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "server_test_util.h"
#include "shared_data.h"
#include "store/model_create.h"

namespace hearth::server {
namespace {

namespace fs = std::filesystem;
using testing::TestServer;

class ModelDefaultsTest : public ::testing::Test {
 protected:
  ModelDefaultsTest()
      : home_(fs::path(::testing::TempDir()) / ("hearth-defaults-" + std::to_string(getpid()))) {
    fs::remove_all(home_);
    store::ModelStore model_store = *store::ModelStore::Open(home_.string());
    const std::string gguf = hearth::testing::SharedPath("models/stories260K.gguf");
    Result<store::Modelfile> tales = store::Modelfile::Parse(
        "FROM " + gguf + "\nPARAMETER num_predict 3\nPARAMETER temperature 0\n"
        "SYSTEM Once upon a time there was a long system prompt.\n");
    EXPECT_TRUE(store::CreateModel(model_store, *store::ModelName::Parse("tales"), *tales, "").ok());
    store::Modelfile plain;
    plain.from = gguf;
    EXPECT_TRUE(store::CreateModel(model_store, *store::ModelName::Parse("plain"), plain, "").ok());
    // A Jinja TEMPLATE replaces the file's chat template; an Ollama Go template does not.
    store::Modelfile jinja = plain;
    jinja.template_text =
        "{% for m in messages %}<<{{ m.role }}>> a long preamble {{ m.content }}{% endfor %}";
    EXPECT_TRUE(store::CreateModel(model_store, *store::ModelName::Parse("jinja"), jinja, "").ok());
    store::Modelfile go = plain;
    go.template_text = "{{ .System }} a long preamble {{ .Prompt }}";
    EXPECT_TRUE(store::CreateModel(model_store, *store::ModelName::Parse("go"), go, "").ok());
  }
  ~ModelDefaultsTest() override { fs::remove_all(home_); }

  ServerOptions Options() const {
    ServerOptions options = testing::TestServerOptions();
    options.store_home = home_.string();
    return options;
  }

  fs::path home_;
};

TEST_F(ModelDefaultsTest, ParametersFillWhatTheRequestLeavesOut) {
  TestServer server(Options());
  const Json messages = Json::array({{{"role", "user"}, {"content", "Hi"}}});
  auto ollama = server.Post("/api/chat", {{"model", "tales"}, {"messages", messages},
                                          {"stream", false}});
  ASSERT_EQ(ollama.status, 200) << ollama.body;
  EXPECT_EQ(ollama.json()["eval_count"], 3);
  auto overridden = server.Post("/api/chat", {{"model", "tales"}, {"messages", messages},
                                              {"stream", false}, {"options", {{"num_predict", 5}}}});
  EXPECT_EQ(overridden.json()["eval_count"], 5);
  auto openai = server.Post("/v1/chat/completions", {{"model", "tales"}, {"messages", messages}});
  ASSERT_EQ(openai.status, 200) << openai.body;
  EXPECT_EQ(openai.json()["usage"]["completion_tokens"], 3);
  auto openai_own = server.Post("/v1/chat/completions",
                                {{"model", "tales"}, {"messages", messages}, {"max_tokens", 4}});
  EXPECT_EQ(openai_own.json()["usage"]["completion_tokens"], 4);
}

TEST_F(ModelDefaultsTest, SystemPromptUnlessTheChatHasOne) {
  TestServer server(Options());
  const Json user = {{"role", "user"}, {"content", "Hi"}};
  auto prompt_tokens = [&](const std::string& model, const Json& messages) {
    auto reply = server.Post("/v1/chat/completions",
                             {{"model", model}, {"messages", messages}, {"max_tokens", 1}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json()["usage"]["prompt_tokens"].get<int>();
  };
  const int with_default = prompt_tokens("tales", Json::array({user}));
  const int without = prompt_tokens("plain", Json::array({user}));
  EXPECT_GT(with_default, without + 8);  // the system prompt is in the prompt
  const Json own_system = {{"role", "system"}, {"content", "Be brief."}};
  EXPECT_EQ(prompt_tokens("tales", Json::array({own_system, user})),
            prompt_tokens("plain", Json::array({own_system, user})));
}

TEST_F(ModelDefaultsTest, JinjaTemplateReplacesTheFilesGoTemplateDoesNot) {
  TestServer server(Options());
  const Json messages = Json::array({{{"role", "user"}, {"content", "Hi"}}});
  auto prompt_tokens = [&](const std::string& model) {
    auto reply = server.Post("/v1/chat/completions",
                             {{"model", model}, {"messages", messages}, {"max_tokens", 1}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json()["usage"]["prompt_tokens"].get<int>();
  };
  const int plain = prompt_tokens("plain");
  EXPECT_NE(prompt_tokens("jinja"), plain);
  EXPECT_EQ(prompt_tokens("go"), plain);
  // Two names of one file with different templates are two loaded models.
  EXPECT_EQ(server.server().models().ListResident().size(), 2u);
}

}  // namespace
}  // namespace hearth::server
