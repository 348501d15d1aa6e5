// Statements: for (loop variables, else, filters, break/continue), scoping, set and
// namespace(), macros and call blocks, filter and set blocks, with, raw, comments, builtins.
#include "jinja_test_util.h"

namespace hearth::jinja {
namespace {

using testing::RenderCase;
using testing::RenderError;
using testing::RenderTemplate;

// Expected outputs produced by Jinja2 3.1 configured as Hugging Face configures it.
constexpr RenderCase kStatementCases[] = {
    {R"J({% for x in [1, 2, 3] %}{{ x }}{% endfor %})J", R"J({})J", R"J(123)J"},
    {R"J({% for x in [1, 2, 3] %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.revindex }}{{ loop.revindex0 }};{% endfor %})J", R"J({})J", R"J(10TrueFalse332;21FalseFalse321;32FalseTrue310;)J"},
    {R"J({% for x in ['a', 'b', 'c'] %}{{ loop.previtem }}<{{ x }}>{{ loop.nextitem }}|{% endfor %})J", R"J({})J", R"J(<a>b|a<b>c|b<c>|)J"},
    {R"J({% for x in [1, 2, 3] %}{{ loop.cycle('odd', 'even') }} {% endfor %})J", R"J({})J", R"J(odd even odd )J"},
    {R"J({% for x in [] %}items{% else %}no items{% endfor %})J", R"J({})J", R"J(no items)J"},
    {R"J({% for x in [1, 2, 3, 4, 5, 6] if x is even %}{{ x }}{{ loop.last }} {% endfor %})J", R"J({})J", R"J(2False 4False 6True )J"},
    {R"J({% for x in [1, 2, 3, 4] %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 4 %}{% break %}{% endif %}{{ x }}{% endfor %})J", R"J({})J", R"J(13)J"},
    {R"J({% for k, v in {'b': 1, 'a': 2}.items() %}{{ k }}={{ v }};{% endfor %})J", R"J({})J", R"J(b=1;a=2;)J"},
    {R"J({% for k in {'b': 1, 'a': 2} %}{{ k }}{% endfor %})J", R"J({})J", R"J(ba)J"},
    {R"J({% for c in 'héllo' %}[{{ c }}]{% endfor %})J", R"J({})J", R"J([h][é][l][l][o])J"},
    {R"J({% for a in [1, 2] %}{% for b in ['x', 'y'] %}{{ loop.index }}{{ a }}{{ b }} {% endfor %}{{ loop.index }}|{% endfor %})J", R"J({})J", R"J(11x 21y 1|12x 22y 2|)J"},
    {R"J({% for (a, b) in [(1, 2), (3, 4)] %}{{ a + b }}{% endfor %})J", R"J({})J", R"J(37)J"},
    {R"J({% for m in messages %}{{ m.role }}{% if loop.previtem and loop.previtem.role == m.role %}(again){% endif %}{% if not loop.last and loop.nextitem.role != m.role %}|{% endif %} {% endfor %})J", R"J({"messages": [{"role": "user", "content": "a"}, {"role": "tool", "content": "b"}, {"role": "tool", "content": "c"}]})J", R"J(user| tool tool(again) )J"},
    {R"J({% set x = 1 %}{% for i in [1, 2] %}{{ x }}{% set x = 2 %}{{ x }}{% endfor %}{{ x }})J", R"J({})J", R"J(12121)J"},
    {R"J({% for i in [1, 2, 3] %}{% if loop.first %}{% set seen = 'yes' %}{% endif %}{{ seen }},{% endfor %})J", R"J({})J", R"J(yes,,,)J"},
    {R"J({% set ns = namespace(total=0, names=[]) %}{% for i in range(4) %}{% set ns.total = ns.total + i %}{% set ns.names = ns.names + [i] %}{% endfor %}{{ ns.total }} {{ ns.names }})J", R"J({})J", R"J(6 [0, 1, 2, 3])J"},
    {R"J({% set ns = namespace() %}{% set ns.index = 0 %}{{ ns.index }}{{ ns.missing is defined }})J", R"J({})J", R"J(0False)J"},
    {R"J({% if 0 %}a{% elif '' %}b{% elif [1] %}c{% else %}d{% endif %})J", R"J({})J", R"J(c)J"},
    {R"J({% if none %}a{% else %}b{% endif %}{% if undefined_thing %}c{% else %}d{% endif %})J", R"J({})J", R"J(bd)J"},
    {R"J({% set a, b = 'xy' %}{{ b }}{{ a }}{% set t = 1, 2 %}{{ t }})J", R"J({})J", R"J(yx(1, 2))J"},
    {R"J({% set greeting %}Hello {{ 'world' }}!{% endset %}[{{ greeting }}])J", R"J({})J", R"J([Hello world!])J"},
    {R"J({% set shout | upper | replace('!', '?') %}hey!{% endset %}{{ shout }})J", R"J({})J", R"J(HEY?)J"},
    {R"J({% filter upper %}abc {{ 'def' }}{% endfilter %})J", R"J({})J", R"J(ABC DEF)J"},
    {R"J({% filter indent(2, true) %}a
b{% endfilter %})J", R"J({})J", R"J(  a
  b)J"},
    {R"J({% macro hello(name, punctuation='!') %}Hello {{ name }}{{ punctuation }}{% endmacro %}{{ hello('Bob') }} {{ hello('Al', punctuation='?') }} {{ hello(name='Cy') }})J", R"J({})J", R"J(Hello Bob! Hello Al? Hello Cy!)J"},
    {R"J({% macro m(a, b=a ~ '2') %}{{ a }}{{ b }}{% endmacro %}{{ m('x') }})J", R"J({})J", R"J(xx2)J"},
    {R"J({% macro m(a, b) %}[{{ a }}][{{ b }}][{{ b is defined }}]{% endmacro %}{{ m(1) }})J", R"J({})J", R"J([1][][False])J"},
    {R"J({% macro count(n) %}{% if n > 0 %}{{ n }}{{ count(n - 1) }}{% endif %}{% endmacro %}{{ count(5) }})J", R"J({})J", R"J(54321)J"},
    {R"J({% macro outer() %}{% set local = 'inner' %}{{ local }}{% endmacro %}{{ outer() }}{{ local is defined }})J", R"J({})J", R"J(innerFalse)J"},
    {R"J({% set top = 'T' %}{% macro show() %}{{ top }}{% endmacro %}{{ show() }}{% set top = 'U' %}{{ show() }})J", R"J({})J", R"J(TU)J"},
    {R"J({% for i in [1, 2] %}{% macro m() %}{{ i }}{% endmacro %}{{ m() }}{% endfor %})J", R"J({})J", R"J(12)J"},
    {R"J({% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}{% call wrap('b') %}bold{% endcall %})J", R"J({})J", R"J(<b>bold</b>)J"},
    {R"J({% macro each(items) %}{% for i in items %}{{ caller(i) }}{% endfor %}{% endmacro %}{% call(x) each([1, 2]) %}({{ x * 10 }}){% endcall %})J", R"J({})J", R"J((10)(20))J"},
    {R"J({% with a = 1, b = 'two' %}{{ a }}{{ b }}{% endwith %}[{{ a }}])J", R"J({})J", R"J(1two[])J"},
    {R"J({% raw %}{{ not }} {% rendered %}{% endraw %})J", R"J({})J", R"J({{ not }} {% rendered %})J"},
    {R"J(a{# a comment {{ with }} {% tags %} #}b)J", R"J({})J", R"J(ab)J"},
    {R"J({% set d = {'k': 'v'} %}{% set l = [d, d] %}{{ l }})J", R"J({})J", R"J([{'k': 'v'}, {'k': 'v'}])J"},
    {R"J({{ range(3) | list }}{{ range(2, 8, 3) | list }}{{ range(3, 0, -1) | list }})J", R"J({})J", R"J([0, 1, 2][2, 5][3, 2, 1])J"},
    {R"J({{ namespace(a=1, b='x').b }}{{ dict(a=1, b=2) }}{{ dict({'x': 1}, y=2) }})J", R"J({})J", R"J(x{'a': 1, 'b': 2}{'x': 1, 'y': 2})J"},
    {R"J({% set j = joiner(', ') %}{% for x in 'abc' %}{{ j() }}{{ x }}{% endfor %}
)J", R"J({})J", R"J(a, b, c)J"},
};

TEST(JinjaStatement, MatchesJinja2) { testing::ExpectRenders(kStatementCases); }

TEST(JinjaStatements, GenerationBlockRendersItsBody) {
  // Hugging Face's {% generation %} marks assistant text; rendering is unchanged.
  EXPECT_EQ(*RenderTemplate("a{% generation %}b{{ 1 }}{% endgeneration %}c"), "ab1c");
}

TEST(JinjaStatements, DoEvaluatesWithoutOutput) {
  EXPECT_EQ(*RenderTemplate("{% do [1, 2] %}x"), "x");
}

TEST(JinjaStatements, MacroArgumentErrors) {
  EXPECT_EQ(RenderError("{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}"),
            "t:1:35: macro 'm' takes not more than 1 argument(s)");
  EXPECT_EQ(RenderError("{% macro m(a) %}{% endmacro %}{{ m(b=1) }}"),
            "t:1:35: macro 'm' takes no keyword argument 'b'");
}

TEST(JinjaStatements, UnpackingErrors) {
  EXPECT_EQ(RenderError("{% for a, b in [[1]] %}{% endfor %}"),
            "t:1:4: not enough values to unpack (expected 2, got 1)");
  EXPECT_EQ(RenderError("{% set a, b = [1, 2, 3] %}"),
            "t:1:4: too many values to unpack (expected 2)");
}

TEST(JinjaStatements, NamespaceRules) {
  EXPECT_EQ(RenderError("{% set x = 1 %}{% set x.a = 2 %}"),
            "t:1:19: cannot assign attribute on non-namespace object 'x'");
  EXPECT_EQ(RenderError("{% set ns = namespace() %}{% set ns.me = [ns] %}"),
            "t:1:30: a namespace cannot hold another namespace");
}

}  // namespace
}  // namespace hearth::jinja
