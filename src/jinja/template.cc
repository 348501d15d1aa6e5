#include "jinja/template.h"

#include "jinja/ast.h"
#include "jinja/parser.h"
#include "jinja/renderer.h"

namespace hearth::jinja {

void Context::Set(std::string name, Value value) {
  variables_.emplace_back(std::move(name), std::move(value));
}

Status Context::SetJson(std::string name, const nlohmann::ordered_json& json) {
  Result<Value> value = Value::FromJson(json);
  if (!value.ok()) return InvalidArgument("variable '" + name + "': " + value.status().message());
  Set(std::move(name), std::move(*value));
  return Status::Ok();
}

void Context::SetFunction(std::string name, NativeFunction function) {
  Value value = Value::FromFunction(Function{name, std::move(function)});
  Set(std::move(name), std::move(value));
}

Result<Template> Template::Parse(std::string_view source, std::string name,
                                 const ParseOptions& options) {
  HEARTH_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(source, name, options));
  Parser parser(std::move(tokens), name);
  HEARTH_ASSIGN_OR_RETURN(Body body, parser.ParseTemplate());
  return Template(std::move(name), std::make_shared<const Body>(std::move(body)));
}

Result<std::string> Template::Render(const Context& context, const RenderLimits& limits) const {
  Renderer renderer(name_, context, limits);
  return renderer.Render(*body_);
}

}  // namespace hearth::jinja
