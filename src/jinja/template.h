// A Jinja template: parse once, render many times.
//
//   HEARTH_ASSIGN_OR_RETURN(auto tmpl, jinja::Template::Parse(source, "chat.jinja"));
//   jinja::Context context;
//   HEARTH_RETURN_IF_ERROR(context.SetJson("messages", messages));
//   HEARTH_ASSIGN_OR_RETURN(std::string text, tmpl.Render(context));
//
// The language is the subset of Jinja2 that chat templates use (see docs/architecture.md,
// "Chat templates"), with Jinja2's semantics: Python-like values, lenient undefined (prints
// empty, is false, iterates as empty; using it in arithmetic or reading its attributes is an
// error), scoping (a `for` body has its own scope per iteration; `namespace()` carries values
// out), whitespace control and loop controls.
//
// Errors: a syntax error and a render error both read "NAME:LINE:COL: message". Rendering is
// bounded by RenderLimits (output size, work, call depth), so hostile templates fail cleanly.
//
// Thread-safety: a Template is immutable; Render may run concurrently from several threads.
// Copies share the parsed tree.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "jinja/lexer.h"
#include "jinja/value.h"

namespace hearth::jinja {

struct Stmt;

// Whitespace handling, as Jinja2's Environment options (defaults: Hugging Face's settings).
using ParseOptions = LexerOptions;

struct RenderLimits {
  size_t max_output_bytes = size_t(32) << 20;  // also any one string (lists: 1/32 as many items)
  // Units of work: one per statement or expression evaluated, loop iteration, element
  // copied, 16 bytes of text built. 20 M is about a second or two of rendering.
  int64_t max_work = 20'000'000;
  int max_call_depth = 100;                    // nested macro calls
  // Nested statements + expressions, across macro calls: bounds stack use to about 1 MB.
  int max_eval_depth = 500;
};

// The variables a render sees (besides the builtins range, namespace, dict, joiner, which a
// variable of the same name hides). A context may be shared by concurrent renders as long as
// it holds no namespace() value (the one kind a render can modify).
class Context {
 public:
  void Set(std::string name, Value value);
  // Converts JSON (objects keep their key order); fails only for nesting past kMaxValueDepth.
  Status SetJson(std::string name, const nlohmann::ordered_json& json);
  void SetFunction(std::string name, NativeFunction function);
  const std::vector<std::pair<std::string, Value>>& variables() const { return variables_; }

 private:
  std::vector<std::pair<std::string, Value>> variables_;  // later entries win
};

class Template {
 public:
  // `name` prefixes every error ("model.gguf:tokenizer.chat_template:3:14: ...").
  static Result<Template> Parse(std::string_view source, std::string name,
                                const ParseOptions& options = {});

  Result<std::string> Render(const Context& context, const RenderLimits& limits = {}) const;

  const std::string& name() const { return name_; }

 private:
  Template(std::string name, std::shared_ptr<const std::vector<Stmt>> body)
      : name_(std::move(name)), body_(std::move(body)) {}

  std::string name_;
  std::shared_ptr<const std::vector<Stmt>> body_;
};

}  // namespace hearth::jinja
