// Writes the starting corpus of jinja_fuzzer: `jinja_fuzzer_seeds OUT_DIR [files...]`.
// Seeds are a few built-in templates covering the syntax, plus every chat template fixture
// (*.jinja) in the shared folder, which is found from the paths given (scripts/fuzz.sh passes
// SHARED/models/*.gguf and the like, so SHARED/fixtures/templates is an ancestor's child).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

namespace {

constexpr const char* kBuiltInSeeds[] = {
    "{{ bos_token }}{% for m in messages %}{{ m.role ~ ': ' ~ m.content | string | trim }}"
    "{% if not loop.last %}\n{% endif %}{% endfor %}",
    "{% set ns = namespace(n=0) %}{% for t in tools | default([]) %}{% set ns.n = ns.n + 1 %}"
    "{{ t | tojson(indent=2) }}{% endfor %}{{ ns.n }}",
    "{% macro f(x, d=0) %}{% if x is mapping %}{% for k, v in x | items %}{{ k }}={{ f(v, d + 1) }}"
    "{% endfor %}{% else %}{{ x }}{% endif %}{% endmacro %}{{ f(tools[0] if tools else {}) }}",
    "{%- if messages[0]['role'] == 'system' -%}{{ raise_exception('no system') }}{%- endif -%}"
    "{{ strftime_now('%d %b %Y') }}{{ messages | selectattr('role', 'equalto', 'user') | list | length }}",
    "{% raw %}{{ x }}{% endraw %}{# c #}{{ 'a,b'.split(',')[::-1] | join('-') | upper }}"
    "{{ (1 + 2 * 3) // 2 ~ 'x' * 3 }}{{ [1, 2][5] is defined }}{% filter lower %}ABC{% endfilter %}",
};

void WriteSeed(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR [files under the shared folder...]\n", argv[0]);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  int n = 0;
  for (const char* seed : kBuiltInSeeds) WriteSeed(dir / ("builtin" + std::to_string(n++)), seed);
  std::set<std::filesystem::path> template_dirs;
  for (int i = 2; i < argc; ++i) {
    for (auto p = std::filesystem::path(argv[i]).parent_path(); p.has_relative_path();
         p = p.parent_path()) {
      if (std::filesystem::is_directory(p / "fixtures" / "templates")) {
        template_dirs.insert(p / "fixtures" / "templates");
        break;
      }
    }
  }
  std::error_code error;
  for (const auto& templates : template_dirs) {
    for (const auto& entry : std::filesystem::directory_iterator(templates, error)) {
      if (entry.path().extension() != ".jinja") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      WriteSeed(dir / entry.path().filename(), text);
    }
  }
  return 0;
}
