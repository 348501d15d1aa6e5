#include "jinja/lexer.h"

#include <gtest/gtest.h>

namespace hearth::jinja {
namespace {

std::vector<Token> Lex(std::string_view source) {
  Result<std::vector<Token>> tokens = Tokenize(source, "t", LexerOptions{});
  EXPECT_TRUE(tokens.ok()) << tokens.status().ToString();
  return tokens.ok() ? *tokens : std::vector<Token>{};
}

TEST(JinjaLexer, TokensAndPositions) {
  const std::vector<Token> tokens = Lex("hé {{ a.b[0] | f(x=1.5) }}\n{% if 'q' %}");
  std::vector<std::string> texts;
  for (const Token& t : tokens) texts.push_back(t.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"hé ", "{{", "a", ".", "b", "[", "0", "]", "|", "f",
                                             "(", "x", "=", "1.5", ")", "}}", "\n", "{%", "if",
                                             "q", "%}", ""}));
  EXPECT_EQ(tokens[1].kind, TokenKind::kVariableBegin);
  EXPECT_EQ(tokens[1].pos.line, 1);
  EXPECT_EQ(tokens[1].pos.column, 4);  // columns count code points: "hé " is 3
  EXPECT_EQ(tokens[6].kind, TokenKind::kInteger);
  EXPECT_EQ(tokens[13].kind, TokenKind::kFloat);
  EXPECT_DOUBLE_EQ(tokens[13].float_value, 1.5);
  EXPECT_EQ(tokens[19].kind, TokenKind::kString);
  EXPECT_EQ(tokens[19].pos.line, 2);
  EXPECT_EQ(tokens[19].pos.column, 7);
  EXPECT_EQ(tokens.back().kind, TokenKind::kEnd);
}

TEST(JinjaLexer, StringEscapes) {
  const std::vector<Token> tokens = Lex(R"({{ 'a\n\t\\\'\x41\u00e9\U0001F600\101\q' }})");
  ASSERT_GE(tokens.size(), 3u);
  EXPECT_EQ(tokens[1].text, "a\n\t\\'Aé😀A\\q");
}

TEST(JinjaLexer, DotNumberIsTwoSubscripts) {
  const std::vector<Token> tokens = Lex("{{ x.0.1 }}");
  ASSERT_EQ(tokens.size(), 8u);
  EXPECT_EQ(tokens[3].kind, TokenKind::kInteger);
  EXPECT_EQ(tokens[5].kind, TokenKind::kInteger);
}

TEST(JinjaLexer, LongSingleLineIsFast) {
  std::string source;
  for (int i = 0; i < 50000; ++i) source += "{{ x }}";  // quadratic would take minutes
  Result<std::vector<Token>> tokens = Tokenize(source, "t", LexerOptions{});
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ(tokens->size(), 150001u);
  EXPECT_EQ(tokens->back().pos.column, 350001);
}

}  // namespace
}  // namespace hearth::jinja
