// Filters and tests, with tojson as Hugging Face overrides it.
#include "jinja_test_util.h"

namespace hearth::jinja {
namespace {

using testing::RenderCase;
using testing::RenderError;
using testing::RenderTemplate;

// Expected outputs produced by Jinja2 3.1 configured as Hugging Face configures it.
constexpr RenderCase kFiltersCases[] = {
    {R"J({{ '  padded  ' | trim }}|{{ 'xxaxx' | trim('x') }}|{{ missing | trim }}|)J", R"J({})J", R"J(padded|a||)J"},
    {R"J({{ 'Hello' | upper }} {{ 'Hello' | lower }} {{ 'hello world-foo(bar' | title }} {{ 'hELLO wORLD' | capitalize }})J", R"J({})J", R"J(HELLO hello Hello World-Foo(Bar Hello world)J"},
    {R"J({{ 'a-b-a' | replace('a', 'x') }} {{ 'aaa' | replace('a', 'b', 2) }} {{ 123 | replace('2', 'x') }})J", R"J({})J", R"J(x-b-x bba 1x3)J"},
    {R"J({{ 'line1\nline2\n\nline4' | indent }}|{{ 'a\nb' | indent(2, true) }}|{{ 'a\n\nb' | indent(2, blank=true) }}|{{ 'a\nb\n' | indent(width='> ') }}|)J", R"J({})J", R"J(line1
    line2

    line4|  a
  b|a
  
  b|a
> b
|)J"},
    {R"J({{ [1, 'a'] | length }} {{ 'héllo' | length }} {{ {'a': 1} | count }} {{ missing | length }} {{ '' | length }})J", R"J({})J", R"J(2 5 1 0 0)J"},
    {R"J({{ [1, 2, 3] | first }} {{ [1, 2, 3] | last }} {{ 'abc' | first }} {{ {'k': 1, 'l': 2} | first }} [{{ [] | first }}])J", R"J({})J", R"J(1 3 a k [])J"},
    {R"J({{ ['a', 'b'] | join }} {{ ['a', 'b'] | join(', ') }} {{ [1, none, true] | join('-') }} {{ [{'n': 'x'}, {'n': 'y'}] | join('/', attribute='n') }})J", R"J({})J", R"J(ab a, b 1-None-True x/y)J"},
    {R"J({{ 'abc' | list }} {{ {'k': 1} | list }} {{ (1, 2) | list }} {{ missing | list }})J", R"J({})J", R"J(['a', 'b', 'c'] ['k'] [1, 2] [])J"},
    {R"J({{ {'b': 1, 'a': 2} | items | list }} {{ missing | items | list }})J", R"J({})J", R"J([('b', 1), ('a', 2)] [])J"},
    {R"J({{ [{'n': 'x'}, {'n': 'y'}] | map(attribute='n') | list }} {{ ['a', 'B'] | map('upper') | list }} {{ [1, 2] | map('string') | join }} {{ [{'a': {'b': 1}}] | map(attribute='a.b') | list }} {{ [[1, 2], [3, 4]] | map(attribute='0') | list }} {{ [{}, {'a': 1}] | map(attribute='a', default='-') | list }})J", R"J({})J", R"J(['x', 'y'] ['A', 'B'] 12 [1] [1, 3] ['-', 1])J"},
    {R"J({{ [1, 2, 3, 4] | select('odd') | list }} {{ [1, 2, 3, 4] | reject('odd') | list }} {{ [0, 1, '', 'x', none] | select | list }} {{ [1, 2, 3] | select('gt', 1) | list }} {{ [1, 2, 3] | select('in', [2, 3]) | list }})J", R"J({})J", R"J([1, 3] [2, 4] [1, 'x'] [2, 3] [2, 3])J"},
    {R"J({{ [{'r': 'u'}, {'r': 'a'}, {}] | selectattr('r', 'equalto', 'u') | list }} {{ [{'r': 'u'}, {'r': 'a'}] | rejectattr('r', 'equalto', 'u') | list }} {{ [{'x': 1}, {'x': 0}, {}] | selectattr('x') | list }} {{ [{'t': 1}, {}] | selectattr('t', 'defined') | list }})J", R"J({})J", R"J([{'r': 'u'}] [{'r': 'a'}] [{'x': 1}] [{'t': 1}])J"},
    {R"J({{ [3, 1, 2] | sort }} {{ [3, 1, 2] | sort(reverse=true) }} {{ ['b', 'A', 'a', 'C'] | sort }} {{ ['b', 'A', 'a'] | sort(case_sensitive=true) }} {{ [{'n': 2}, {'n': 1}] | sort(attribute='n') }})J", R"J({})J", R"J([1, 2, 3] [3, 2, 1] ['A', 'a', 'b', 'C'] ['A', 'a', 'b'] [{'n': 1}, {'n': 2}])J"},
    {R"J({{ {'b': 1, 'A': 3, 'a': 2} | dictsort }} {{ {'b': 1, 'a': 2} | dictsort(by='value') }} {{ {'b': 1, 'a': 2} | dictsort(reverse=true) }})J", R"J({})J", R"J([('A', 3), ('a', 2), ('b', 1)] [('b', 1), ('a', 2)] [('b', 1), ('a', 2)])J"},
    {R"J({{ ['a', 'A', 'b', 'a'] | unique | list }} {{ ['a', 'A'] | unique(case_sensitive=true) | list }} {{ [{'t': 'x'}, {'t': 'x'}, {'t': 'y'}] | unique(attribute='t') | list }})J", R"J({})J", R"J(['a', 'b'] ['a', 'A'] [{'t': 'x'}, {'t': 'y'}])J"},
    {R"J({{ 'abc' | reverse }} {{ [1, 2, 3] | reverse | list }})J", R"J({})J", R"J(cba [3, 2, 1])J"},
    {R"J({{ [1, 2, 3, 4, 5] | batch(2) | list }} {{ [1, 2, 3] | batch(2, 'fill') | list }})J", R"J({})J", R"J([[1, 2], [3, 4], [5]] [[1, 2], [3, 'fill']])J"},
    {R"J({{ [3, 1, 2] | min }} {{ [3, 1, 2] | max }} {{ ['b', 'A'] | max }} {{ [1, 2, 3] | sum }} {{ [{'v': 2}, {'v': 3}] | sum(attribute='v') }} {{ [1] | sum(start=10) }})J", R"J({})J", R"J(1 3 b 6 5 11)J"},
    {R"J({{ x | default('d') }} {{ '' | default('e') }} {{ '' | default('e', true) }} {{ 0 | d('z', boolean=true) }} {{ none | default('n') }})J", R"J({})J", R"J(d  e z None)J"},
    {R"J({{ 42 | int }} {{ '42' | int }} {{ ' 7 ' | int }} {{ '3.9' | int }} {{ 'x' | int }} {{ 'x' | int(-1) }} {{ '1A' | int(base=16) }} {{ 3.99 | int }} {{ true | int }} {{ none | int }})J", R"J({})J", R"J(42 42 7 3 0 -1 26 3 1 0)J"},
    {R"J({{ '3.5' | float }} {{ 2 | float }} {{ 'x' | float }} {{ 'x' | float(1.5) }})J", R"J({})J", R"J(3.5 2.0 0.0 1.5)J"},
    {R"J({{ -3 | abs }} {{ -2.5 | abs }} {{ 2.5 | round }} {{ 3.5 | round }} {{ 2 | round }} {{ 2.567 | round(2) }} {{ 2.1 | round(0, 'ceil') }} {{ 2.9 | round(0, 'floor') }})J", R"J({})J", R"J(3 2.5 2.0 4.0 2 2.57 3.0 2.0)J"},
    {R"J({{ none | string }} {{ true | string }} {{ 1.50 | string }} {{ [1, 'a'] | string }} {{ (1,) | string }} {{ {'k': 'v'} | string }})J", R"J({})J", R"J(None True 1.5 [1, 'a'] (1,) {'k': 'v'})J"},
    {R"J({{ '<a href="x">&\'</a>' | e }} {{ '<b>' | escape }} {{ '<b>' | safe }})J", R"J({})J", R"J(&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt; &lt;b&gt; <b>)J"},
    {R"J({{ [1, 'a', none, true, 1.5, {'k': []}] | tojson }} {{ 'é😀 "q" \\ \n\t\u0001' | tojson }} {{ {'z': 1, 'a': 2} | tojson }} {{ {'z': 1, 'a': 2} | tojson(sort_keys=true) }})J", R"J({})J", R"J([1, "a", null, true, 1.5, {"k": []}] "é😀 \"q\" \\ \n\t\u0001" {"z": 1, "a": 2} {"a": 2, "z": 1})J"},
    {R"J({{ {'a': [1, {'b': none}], 'c': {}} | tojson(indent=2) }}|{{ [] | tojson(indent=4) }}|{{ ['x'] | tojson(indent=0) }})J", R"J({})J", R"J({
  "a": [
    1,
    {
      "b": null
    }
  ],
  "c": {}
}|[]|[
"x"
])J"},
    {R"J({{ 'x' | center(7) }}|{{ 'ab' | center(7) }}|{{ 'ab' | center(8) }}|{{ 'two words here' | wordcount }})J", R"J({})J", R"J(   x   |   ab  |   ab   |3)J"},
    {R"J({{ '%s-%s' | format('a', 1) }} {{ {'k': 1} | attr('k') }} {{ {'k': 1} | pprint }})J", R"J({})J", R"J(a-1  {'k': 1})J"},
    {R"J({{ 10 is divisibleby 5 }} {{ 10 is divisibleby(3) }} {{ 3 is odd }} {{ 3 is even }} {{ none is none }} {{ 1 is number }} {{ 1.5 is number }} {{ true is number }})J", R"J({})J", R"J(True False True False True True True True)J"},
    {R"J({{ 1 is integer }} {{ 1.0 is integer }} {{ true is integer }} {{ 1.0 is float }} {{ true is boolean }} {{ 1 is boolean }} {{ true is true }} {{ 1 is true }} {{ false is false }})J", R"J({})J", R"J(True False False True True False True False True)J"},
    {R"J({{ 'a' is string }} {{ {} is mapping }} {{ [] is mapping }} {{ [] is sequence }} {{ 'x' is sequence }} {{ 'x' is iterable }} {{ 5 is iterable }} {{ {} is iterable }})J", R"J({})J", R"J(True True False True True True False True)J"},
    {R"J({{ 1 is eq 1 }} {{ 1 is equalto 2 }} {{ 1 is ne 2 }} {{ 1 is lt 2 }} {{ 2 is le 2 }} {{ 3 is gt 2 }} {{ 3 is ge 4 }} {{ 1 is in [1] }} {{ none is sameas none }})J", R"J({})J", R"J(True False True True True True False True True)J"},
    {R"J({{ 'abc' is lower }} {{ 'ABC' is upper }} {{ 'abc' is upper }} {{ range is callable }} {{ 'x' is callable }} {{ 'upper' is filter }} {{ 'odd' is test }} {{ 'nope' is test }}
)J", R"J({})J", R"J(True True False True False True True False)J"},
};

TEST(JinjaFilters, MatchesJinja2) { testing::ExpectRenders(kFiltersCases); }

TEST(JinjaFilters, Errors) {
  EXPECT_EQ(RenderError("{{ 1 | nope }}"), "t:1:8: no filter named 'nope'");
  EXPECT_EQ(RenderError("{{ 1 is nope }}"), "t:1:9: no test named 'nope'");
  EXPECT_EQ(RenderError("{{ 'a' | indent(1, 2, 3, 4) }}"),
            "t:1:8: filter 'indent' takes at most 3 argument(s) (4 given)");
  EXPECT_EQ(RenderError("{{ 'a' | trim(wrong=1) }}"),
            "t:1:8: filter 'trim' got an unexpected keyword argument 'wrong'");
  EXPECT_EQ(RenderError("{{ 5 | length }}"), "t:1:6: object of type 'int' has no len()");
  EXPECT_EQ(RenderError("{{ [3, 'a'] | sort }}"),
            "t:1:13: '<' not supported between instances of 'str' and 'int'");
  EXPECT_EQ(RenderError("{{ [1] | select('nope') | list }}"), "t:1:8: no test named 'nope'");
  EXPECT_EQ(RenderError("{{ 5 | items }}"), "t:1:6: Can only get item pairs from a mapping.");
}

}  // namespace
}  // namespace hearth::jinja
