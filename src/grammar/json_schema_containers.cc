// SchemaConverter: objects and arrays.
#include <algorithm>
#include <map>
#include <vector>

#include "grammar/json_schema_converter.h"
#include "tokenizer/utf8.h"

namespace hearth::json_schema {
namespace {

// An object member's key as JSON writes it, as a GBNF literal.
std::string KeyLiteral(const std::string& key) {
  return GbnfLiteral(Json(key).dump(-1, ' ', false, Json::error_handler_t::replace));
}

// A code point inside a GBNF character class.
std::string ClassChar(uint32_t c) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), c <= 0xFFFF ? "\\u%04X" : "\\U%08X", c);
  return buffer;
}

// Items between the brackets of an array: `prefix` items first (positions at or past `min`
// optional), then `rest` items ("" for none), min..max items in all; each item followed by ws.
std::string ArrayItems(const std::vector<std::string>& prefix, const std::string& rest,
                       uint64_t min, std::optional<uint64_t> max) {
  const std::string more = rest.empty() ? "" : "( \",\" ws " + rest + " ws )";
  if (prefix.empty()) {
    if (rest.empty() || (max && *max == 0)) return "";
    const std::string repeated =
        RepeatGbnf(more, min > 0 ? min - 1 : 0, max ? std::optional(*max - 1) : std::nullopt);
    const std::string items = rest + " ws" + (repeated.empty() ? "" : " " + repeated);
    return min == 0 ? "( " + items + " )? " : items + " ";
  }
  std::string tail;
  if (!rest.empty()) {
    const uint64_t size = prefix.size();
    tail = RepeatGbnf(more, min > size ? min - size : 0,
                      max ? std::optional(*max - size) : std::nullopt);
  }
  for (size_t i = prefix.size(); i-- > 0;) {
    tail = (i > 0 ? "\",\" ws " : "") + prefix[i] + " ws" + (tail.empty() ? "" : " " + tail);
    if (i >= min) tail = "( " + tail + " )?";
  }
  return tail + " ";
}

}  // namespace

Result<std::string> SchemaConverter::ExtraValue(const Json& schema, const std::string& path,
                                                const std::string& name) {
  if (!schema.contains("additionalProperties")) {
    return schema.contains("properties") ? std::string() : Block("value");
  }
  const Json& extra = schema["additionalProperties"];
  if (extra == false) return std::string();
  if (extra == true) return Block("value");
  return Visit(extra, PointerChild(path, "additionalProperties"), name + "-value");
}

Result<std::string> SchemaConverter::VisitObject(const Json& schema, const std::string& path,
                                                 const std::string& name) {
  const Json properties = schema.contains("properties") ? schema["properties"] : Json::object();
  if (!properties.is_object()) {
    return Fail(StatusCode::kInvalidArgument, path, "'properties' must be an object");
  }
  std::vector<std::string> required;
  const Json required_list = schema.contains("required") ? schema["required"] : Json::array();
  for (const Json& key : required_list) {
    if (!required_list.is_array() || !key.is_string()) {
      return Fail(StatusCode::kInvalidArgument, path, "'required' must list property names");
    }
    required.push_back(key.get<std::string>());
  }
  Block("ws");
  std::vector<Slot> slots;
  std::vector<std::string> declared;
  for (const auto& [key, value] : properties.items()) {
    HEARTH_ASSIGN_OR_RETURN(std::string expression,
                            Visit(value, PointerChild(PointerChild(path, "properties"), key), key));
    const bool is_required = std::count(required.begin(), required.end(), key) != 0;
    slots.push_back({KeyLiteral(key) + " ws \":\" ws " + expression, is_required, false});
    declared.push_back(key);
  }
  HEARTH_ASSIGN_OR_RETURN(std::string extra, ExtraValue(schema, path, name));
  for (const std::string& key : required) {
    if (std::count(declared.begin(), declared.end(), key) != 0) continue;
    if (extra.empty()) {
      return Fail(StatusCode::kInvalidArgument, path,
                  "required property '" + key +
                      "' is not in 'properties' and "
                      "additionalProperties does not allow it");
    }
    slots.push_back({KeyLiteral(key) + " ws \":\" ws " + extra, true, false});
    declared.push_back(key);
  }
  if (!extra.empty()) {
    slots.push_back({KeyOtherThan(declared, name) + " ws \":\" ws " + extra, false, true});
  }
  return AddRule(name, "\"{\" ws " + ObjectMembers(slots, name) + "\"}\"");
}

std::string SchemaConverter::ObjectMembers(const std::vector<Slot>& slots,
                                           const std::string& name) {
  const size_t n = slots.size();
  if (n == 0) return "";
  size_t first_required = 0;
  while (first_required < n && !slots[first_required].required) ++first_required;
  const size_t first_choices = std::min(first_required, n - 1) + 1;
  // tails[i]: the members from slot i on, once some member was written (each after a comma).
  // With several possible first members the tails are shared, so they become rules.
  std::vector<std::string> tails(n + 1);
  for (size_t i = n; i-- > 0;) {
    const std::string member = "\",\" ws " + slots[i].expression + " ws";
    const std::string piece = slots[i].required   ? member
                              : slots[i].repeated ? "( " + member + " )*"
                                                  : "( " + member + " )?";
    const std::string text = piece + (tails[i + 1].empty() ? "" : " " + tails[i + 1]);
    tails[i] = first_choices > 2 ? AddRule(name + "-rest", text) : text;
  }
  std::string alternatives;
  for (size_t j = 0; j < first_choices; ++j) {
    const std::string& tail = slots[j].repeated ? tails[j] : tails[j + 1];
    alternatives +=
        (j ? " | " : "") + slots[j].expression + " ws" + (tail.empty() ? "" : " " + tail);
  }
  if (first_required == n) return "( " + alternatives + " )? ";
  return first_choices > 1 ? "( " + alternatives + " ) " : alternatives + " ";
}

std::string SchemaConverter::KeyOtherThan(const std::vector<std::string>& names,
                                          const std::string& name) {
  // A trie of the names' characters; names with characters JSON escapes are left out (a key
  // can only equal them by escaping the same way).
  struct Node {
    bool is_name = false;
    std::map<uint32_t, size_t> children;
  };
  std::vector<Node> trie(1);
  for (const std::string& key : names) {
    const std::vector<uint32_t> chars = utf8::DecodeUtf8Lenient(key);
    if (std::any_of(chars.begin(), chars.end(),
                    [](uint32_t c) { return c < 0x20 || c == '"' || c == '\\'; })) {
      continue;
    }
    size_t node = 0;
    for (uint32_t c : chars) {
      auto [it, inserted] = trie[node].children.try_emplace(c, trie.size());
      if (inserted) trie.emplace_back();
      node = it->second;
    }
    trie[node].is_name = true;
  }
  if (trie.size() == 1 && !trie[0].is_name) return Block("string");
  const std::string other_char = "\"\\\\\" ( [\"\\\\/bfnrt] | \"u\" [0-9a-fA-F]{4} )";  // an escape
  const std::string any_rest = Block("char") + "* \"\\\"\"";
  std::string leaf_rule;  // after a whole name with no longer one: any non-empty rest
  // Children have larger indices than their parents: build rules from the leaves up.
  std::vector<std::string> rule_of(trie.size());
  for (size_t node = trie.size(); node-- > 0;) {
    const Node& n = trie[node];
    if (n.is_name && n.children.empty() && !leaf_rule.empty()) {
      rule_of[node] = leaf_rule;
      continue;
    }
    std::string excluded, body = n.is_name ? "" : "\"\\\"\"";
    for (const auto& [c, child] : n.children) {
      excluded += ClassChar(c);
      body += (body.empty() ? "" : " | ") + GbnfLiteral(utf8::EncodeUtf8(c)) + " " + rule_of[child];
    }
    body += (body.empty() ? "" : " | ") + std::string("( [^\"\\\\\\x00-\\x1F") + excluded + "] | " +
            other_char + " ) " + any_rest;
    rule_of[node] = AddRule(name + "-key", body);
    if (n.is_name && n.children.empty()) leaf_rule = rule_of[node];
  }
  return "\"\\\"\" " + rule_of[0];
}

Result<std::string> SchemaConverter::VisitArray(const Json& schema, const std::string& path,
                                                const std::string& name) {
  const bool tuple =
      schema.contains("prefixItems") || (schema.contains("items") && schema["items"].is_array());
  const char* prefix_key = schema.contains("prefixItems") ? "prefixItems" : "items";
  const char* rest_key = schema.contains("prefixItems") ? "items" : "additionalItems";
  std::vector<std::string> prefix;
  if (tuple) {
    if (!schema[prefix_key].is_array()) {
      return Fail(StatusCode::kInvalidArgument, path, "'prefixItems' must be an array");
    }
    for (size_t i = 0; i < schema[prefix_key].size(); ++i) {
      HEARTH_ASSIGN_OR_RETURN(std::string item,
                              Visit(schema[prefix_key][i],
                                    PointerChild(PointerChild(path, prefix_key), std::to_string(i)),
                                    name + "-" + std::to_string(i)));
      prefix.push_back(std::move(item));
    }
  }
  if (!tuple) rest_key = "items";
  HEARTH_ASSIGN_OR_RETURN(std::optional<uint64_t> min, CountKeyword(schema, "minItems", path));
  HEARTH_ASSIGN_OR_RETURN(std::optional<uint64_t> max, CountKeyword(schema, "maxItems", path));
  // After a tuple without a schema for more items, only as many as minItems asks for.
  if (tuple && !schema.contains(rest_key) && !max)
    max = std::max<uint64_t>(prefix.size(), min.value_or(0));
  std::string rest;
  if (!schema.contains(rest_key) || schema[rest_key] == true) {
    rest = Block("value");
  } else if (schema[rest_key] != false) {
    HEARTH_ASSIGN_OR_RETURN(rest,
                            Visit(schema[rest_key], PointerChild(path, rest_key), name + "-item"));
  }
  if (rest.empty()) max = std::min<uint64_t>(max.value_or(prefix.size()), prefix.size());
  if (max && prefix.size() > *max) {
    prefix.resize(*max);
    rest.clear();
  }
  if (max && min.value_or(0) > *max) {
    return Fail(StatusCode::kInvalidArgument, path, "no array has that many items (minItems)");
  }
  Block("ws");
  return AddRule(name, "\"[\" ws " + ArrayItems(prefix, rest, min.value_or(0), max) + "\"]\"");
}

}  // namespace hearth::json_schema
