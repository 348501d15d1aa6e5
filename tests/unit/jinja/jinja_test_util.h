// Helpers for the Jinja tests: render a template with variables given as JSON, and check
// tables of {template, variables, expected output} cases.
#pragma once

#include <gtest/gtest.h>

#include <span>
#include <string>
#include <string_view>

#include "jinja/template.h"

namespace hearth::jinja::testing {

struct RenderCase {
  const char* source;
  const char* vars;  // a JSON object: the context variables
  const char* expected;
};

inline Result<std::string> RenderTemplate(std::string_view source, std::string_view vars = "{}",
                                          const RenderLimits& limits = {}) {
  HEARTH_ASSIGN_OR_RETURN(Template tmpl, Template::Parse(source, "t"));
  Context context;
  const auto json = nlohmann::ordered_json::parse(vars);
  for (const auto& [name, value] : json.items()) {
    HEARTH_RETURN_IF_ERROR(context.SetJson(name, value));
  }
  return tmpl.Render(context, limits);
}

// The error message of a template that must fail (parse or render).
inline std::string RenderError(std::string_view source, std::string_view vars = "{}",
                               const RenderLimits& limits = {}) {
  Result<std::string> r = RenderTemplate(source, vars, limits);
  if (r.ok()) return "(rendered: " + *r + ")";
  return r.status().message();
}

inline void ExpectRenders(std::span<const RenderCase> cases) {
  for (const RenderCase& c : cases) {
    Result<std::string> r = RenderTemplate(c.source, c.vars);
    ASSERT_TRUE(r.ok()) << c.source << "\n" << r.status().ToString();
    EXPECT_EQ(*r, c.expected) << c.source;
  }
}

}  // namespace hearth::jinja::testing
