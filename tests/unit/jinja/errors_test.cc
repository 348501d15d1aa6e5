// Syntax errors name the position and what was expected; hostile templates stop at the render
// limits with a clear error instead of crashing or hanging.
#include "jinja_test_util.h"

namespace hearth::jinja {
namespace {

using testing::RenderError;
using testing::RenderTemplate;

std::string ParseError(std::string_view source) {
  Result<Template> t = Template::Parse(source, "chat.jinja");
  return t.ok() ? "(parsed)" : t.status().message();
}

TEST(JinjaSyntaxErrors, NameLineColumnAndExpectation) {
  struct Case {
    const char* source;
    const char* message;
  };
  const Case cases[] = {
      {"{% if %}{% endif %}", "chat.jinja:1:7: expected an expression, got '%}'"},
      {"a\n{% if x %}\nb", "chat.jinja:3:2: unexpected end of template; expected 'elif', 'else' or 'endif' to close the 'if' block opened at 2:4"},
      {"{% for x in y %}{% endif %}", "chat.jinja:1:20: unexpected 'endif'; expected 'endfor' or 'else' for the 'for' block opened at 1:4"},
      {"{% endfor %}", "chat.jinja:1:4: unexpected 'endfor'"},
      {"{{ 'abc }}", "chat.jinja:1:4: unterminated string literal"},
      {"{{ x ", "chat.jinja:1:1: unclosed tag: expected '}}' before the end of the template"},
      {"{# never closed", "chat.jinja:1:1: unterminated comment (missing '#}')"},
      {"{% raw %}x", "chat.jinja:1:1: unterminated raw block (missing '{% endraw %}')"},
      {"{{ (1 }}", "chat.jinja:1:7: unexpected '}', expected ')'"},
      {"{{ 1 ) }}", "chat.jinja:1:6: unexpected ')'"},
      {"{{ a $ b }}", "chat.jinja:1:6: unexpected character '$'"},
      {"{% frobnicate %}", "chat.jinja:1:4: unknown tag 'frobnicate'"},
      {"{% break %}", "chat.jinja:1:4: 'break' outside of a loop"},
      {"{% for x in y %}{% macro m() %}{% continue %}{% endmacro %}{% endfor %}",
       "chat.jinja:1:35: 'continue' outside of a loop"},
      {"{% set true = 1 %}", "chat.jinja:1:8: cannot assign to 'true'"},
      {"{% macro m(a=1, b) %}{% endmacro %}", "chat.jinja:1:17: parameter 'b' without a default follows one with a default"},
      {"{{ f(a=1, 2) }}", "chat.jinja:1:11: positional argument follows keyword argument"},
      {"{{ x | nofilter }}", "chat.jinja:1:8: no filter named 'nofilter'"},
      {"{{ 99999999999999999999 }}", "chat.jinja:1:4: integer literal 99999999999999999999 is too large"},
      {"é {{ ! }}", "chat.jinja:1:6: unexpected character '!'"},
  };
  for (const Case& c : cases) EXPECT_EQ(ParseError(c.source), c.message) << c.source;
}

TEST(JinjaSyntaxErrors, UnsupportedTagsSaySo) {
  Result<Template> t = Template::Parse("{% include 'other.jinja' %}", "chat.jinja");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kUnimplemented);
  EXPECT_EQ(t.status().message(),
            "chat.jinja:1:4: the 'include' tag is not supported (a chat template must be "
            "self-contained)");
}

TEST(JinjaSyntaxErrors, DeepNestingIsRefused) {
  const std::string parens = "{{ " + std::string(5000, '(') + "1" + std::string(5000, ')') + " }}";
  EXPECT_NE(ParseError(parens).find("nested more than"), std::string::npos);
  std::string ifs;
  for (int i = 0; i < 5000; ++i) ifs += "{% if 1 %}";
  EXPECT_NE(ParseError(ifs).find("nested more than"), std::string::npos);
  EXPECT_NE(ParseError("{{ " + std::string(100000, '-') + "1 }}").find("nested more than"),
            std::string::npos);
}

TEST(JinjaRenderLimits, RunawayRecursion) {
  EXPECT_EQ(RenderError("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}"),
            "t:1:21: macro calls nested more than 100 deep (runaway recursion?)");
}

TEST(JinjaRenderLimits, WorkLimit) {
  RenderLimits limits;
  limits.max_work = 300000;
  const std::string error = RenderError(
      "{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}", "{}",
      limits);
  EXPECT_EQ(error,
            "t:1:30: the template exceeded its work limit of 300000 steps (a loop or recursion "
            "that does not end?)");
  // Exponential recursion is bounded by the same budget.
  EXPECT_NE(RenderError("{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}"
                        "{% endmacro %}{{ f(60) }}",
                        "{}", limits)
                .find("work limit"),
            std::string::npos);
}

TEST(JinjaRenderLimits, OutputAndValueSizes) {
  RenderLimits limits;
  limits.max_output_bytes = 1 << 16;
  EXPECT_EQ(RenderError("{{ 'x' * 1000000 }}", "{}", limits),
            "t:1:8: result longer than the limit of 65536");
  EXPECT_EQ(RenderError("{% for i in range(1000) %}{{ 'x' * 100 }}{% endfor %}", "{}", limits),
            "t:1:27: the output exceeds the limit of 65536 bytes");
  EXPECT_NE(RenderError("{% set ns = namespace(s='x') %}{% for i in range(100) %}"
                        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
                        "{}", limits)
                .find("longer than the limit"),
            std::string::npos);
  // A list sharing one sublist 2^60 times: printing it stops at the size limit.
  EXPECT_NE(RenderError("{% set ns = namespace(l=[1]) %}{% for i in range(60) %}"
                        "{% set ns.l = [ns.l, ns.l] %}{% endfor %}{{ ns.l }}",
                        "{}", limits)
                .find("longer than the limit"),
            std::string::npos);
  EXPECT_EQ(RenderError("{{ range(100001) | length }}"),
            "t:1:9: Range too big. The sandbox blocks ranges larger than 100000.");
}

TEST(JinjaRenderLimits, ValueNesting) {
  EXPECT_EQ(RenderError("{% set ns = namespace(l=[]) %}{% for i in range(1000) %}"
                        "{% set ns.l = [ns.l] %}{% endfor %}"),
            "t:1:71: value nested more than 128 levels deep");
  std::string deep_json = std::string(200, '[') + std::string(200, ']');
  EXPECT_NE(RenderError("{{ x }}", "{\"x\": " + deep_json + "}").find("nested more than 128"),
            std::string::npos);
}

TEST(JinjaRenderLimits, EvaluationDepth) {
  // Nesting that parses (60 chained additions, 40 nested calls) but runs past the limit.
  std::string sum = "{{ 1";
  for (int i = 0; i < 60; ++i) sum += " + 1";
  sum += " }}";
  RenderLimits limits;
  limits.max_eval_depth = 50;
  EXPECT_NE(RenderError(sum, "{}", limits).find("nests more than 50 levels deep"),
            std::string::npos);
  EXPECT_EQ(*RenderTemplate(sum), "61");
  EXPECT_NE(RenderError("{% macro f(n) %}{% if true %}{{ f(n + 1) }}{% endif %}{% endmacro %}"
                        "{{ f(0) }}",
                        "{}", limits)
                .find("nests more than 50 levels deep"),
            std::string::npos);
}

TEST(JinjaSyntaxErrors, LongChainsCountAsNesting) {
  std::string chain = "{{ x";
  for (int i = 0; i < 100000; ++i) chain += ".a";
  EXPECT_NE(ParseError(chain + " }}").find("nested more than 250 levels deep"), std::string::npos);
  std::string sum = "{{ 1";
  for (int i = 0; i < 3000; ++i) sum += " + 1";
  EXPECT_NE(ParseError(sum + " }}").find("nested more than 250 levels deep"), std::string::npos);
}

}  // namespace
}  // namespace hearth::jinja
