// Whitespace control as Hugging Face configures Jinja2: trim_blocks, lstrip_blocks, `-` and
// `+` modifiers, comments, raw blocks, the dropped final newline.
#include "jinja_test_util.h"

namespace hearth::jinja {
namespace {

using testing::RenderCase;
using testing::RenderError;
using testing::RenderTemplate;

// Expected outputs produced by Jinja2 3.1 configured as Hugging Face configures it.
constexpr RenderCase kWhitespaceCases[] = {
    {R"J({% for m in [1, 2] %}
  {{ m }}
{% endfor %})J", R"J({})J", R"J(  1
  2
)J"},
    {R"J({% for m in [1, 2] -%}
  {{ m }}
{%- endfor %})J", R"J({})J", R"J(12)J"},
    {R"J(<div>
    {% if true %}
    yes
    {% endif %}
</div>)J", R"J({})J", R"J(<div>
    yes
</div>)J"},
    {R"J( {% if true %}a{% endif %} b)J", R"J({})J", R"J(a b)J"},
    {R"J(x {% if true %}
a
{% endif %})J", R"J({})J", R"J(x a
)J"},
    {R"J({%- if true %}
  a
{%- endif %}

b)J", R"J({})J", R"J(  a
b)J"},
    {R"J(line1
  {# comment #}
line2)J", R"J({})J", R"J(line1
line2)J"},
    {R"J(a{#- comment -#}
b)J", R"J({})J", R"J(ab)J"},
    {R"J({{ 1 }}
{{ 2 }})J", R"J({})J", R"J(1
2)J"},
    {R"J(	{% if true %}tab{% endif %})J", R"J({})J", R"J(tab)J"},
    {R"J({%- set x = 1 -%}
  {{ x }}  )J", R"J({})J", R"J(1  )J"},
    {R"J({% raw %}
  {{ x }}
{% endraw %})J", R"J({})J", R"J(
  {{ x }}
)J"},
    {R"J(  {%- raw -%}  a  {%- endraw -%}  b)J", R"J({})J", R"J(ab)J"},
    {R"J({{ "{{ not a tag }}" }}{{ '{%' }} { x } {x})J", R"J({})J", R"J({{ not a tag }}{% { x } {x})J"},
    {R"J({{ {'a': {'b': 1}} }})J", R"J({})J", R"J({'a': {'b': 1}})J"},
    {R"J(text with a trailing newline
)J", R"J({})J", R"J(text with a trailing newline)J"},
    {R"J({%if true%}compact{%endif%})J", R"J({})J", R"J(compact)J"},
    {R"J({% if true -%}
    
    x
{%- endif %})J", R"J({})J", R"J(x)J"},
    {R"J({% macro f() -%}
  body
{%- endmacro %}
[{{ f() }}])J", R"J({})J", R"J([body])J"},
    {R"J({%+ if true %}kept{% endif %})J", R"J({})J", R"J(kept)J"},
    {R"J(  {%+ if true %}kept{% endif %})J", R"J({})J", R"J(  kept)J"},
    {R"J({% if true +%}
kept newline{% endif %})J", R"J({})J", R"J(
kept newline)J"},
    {R"J(a {{- ' b ' -}} c)J", R"J({})J", R"J(a b c)J"},
    {R"J(a
  {{ 'x' }}
b
)J", R"J({})J", R"J(a
  x
b)J"},
};

TEST(JinjaWhitespace, MatchesJinja2) { testing::ExpectRenders(kWhitespaceCases); }

TEST(JinjaWhitespace, NewlinesAreNormalized) {
  EXPECT_EQ(*RenderTemplate("a\r\nb\rc{% if true %}\r\nd{% endif %}\r\n"), "a\nb\ncd");
}

TEST(JinjaWhitespace, OptionsCanBeTurnedOff) {
  ParseOptions options;
  options.trim_blocks = false;
  options.lstrip_blocks = false;
  options.keep_trailing_newline = true;
  Result<Template> t = Template::Parse("  {% if true %}\nx\n  {% endif %}\n", "t", options);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t->Render(Context()), "  \nx\n  \n");
}

}  // namespace
}  // namespace hearth::jinja
