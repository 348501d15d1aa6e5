// Expressions: literals, arithmetic and precedence, comparisons, `in`, and/or/not, inline if,
// subscripts and slices, attribute access, undefined values, and str/dict/list methods.
#include "jinja_test_util.h"

namespace hearth::jinja {
namespace {

using testing::RenderCase;
using testing::RenderError;
using testing::RenderTemplate;

// Expected outputs produced by Jinja2 3.1 configured as Hugging Face configures it.
constexpr RenderCase kExpressionsCases[] = {
    {R"J({{ 42 }} {{ -7 }} {{ 1_000 }} {{ 0x1F }} {{ 0o17 }} {{ 0b101 }} {{ 3.25 }} {{ 1e3 }} {{ 2.5e-3 }})J", R"J({})J", R"J(42 -7 1000 31 15 5 3.25 1000.0 0.0025)J"},
    {R"J({{ 'single' }} {{ "double" }} {{ 'it\'s' }} {{ "tab\tnew\\n" }} {{ '\u00e9\x41' }} {{ 'a' 'b' }})J", R"J({})J", R"J(single double it's tab	new\n éA ab)J"},
    {R"J({{ true }} {{ false }} {{ none }} {{ True }} {{ None }})J", R"J({})J", R"J(True False None True None)J"},
    {R"J({{ [1, 'two', none, true, 2.5] }} {{ (1,) }} {{ () }} {{ {'k': [1, {'n': none}]} }})J", R"J({})J", R"J([1, 'two', None, True, 2.5] (1,) () {'k': [1, {'n': None}]})J"},
    {R"J({{ "it's" }} {{ ["it's", 'say "hi"', 'both \' "', 'back\\slash', 'nl\n'] }})J", R"J({})J", R"J(it's ["it's", 'say "hi"', 'both \' "', 'back\\slash', 'nl\n'])J"},
    {R"J({{ 7 + 3 }} {{ 7 - 10 }} {{ 7 * 3 }} {{ 7 / 2 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 7 % -3 }} {{ 2 ** 10 }} {{ 2 ** -1 }})J", R"J({})J", R"J(10 -3 21 3.5 3 -4 1 2 -2 1024 0.5)J"},
    {R"J({{ 1.5 + 1 }} {{ 10 / 4 }} {{ 0.1 + 0.2 }} {{ 1e16 }} {{ 1e15 }} {{ 123456.789 }} {{ 1e-5 }} {{ 0.0001 }} {{ -0.0 }} {{ 3.0 }})J", R"J({})J", R"J(2.5 2.5 0.30000000000000004 1e+16 1000000000000000.0 123456.789 1e-05 0.0001 -0.0 3.0)J"},
    {R"J({{ true + 1 }} {{ true * 3 }} {{ 2 == 2.0 }} {{ true == 1 }})J", R"J({})J", R"J(2 3 True True)J"},
    {R"J({{ 'ab' ~ 1 ~ none ~ true ~ [1] }} {{ 'x' * 3 }} {{ 3 * 'y' }} {{ [0] * 3 }} {{ 'z' * -1 }}|)J", R"J({})J", R"J(ab1NoneTrue[1] xxx yyy [0, 0, 0] |)J"},
    {R"J({{ 'a' + 'b' }} {{ [1] + [2, 3] }} {{ (1,) + (2,) }})J", R"J({})J", R"J(ab [1, 2, 3] (1, 2))J"},
    {R"J({{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 2 ** 3 ** 2 }} {{ -2 ** 2 }} {{ 10 - 2 - 3 }} {{ 1 ~ 2 * 3 }})J", R"J({})J", R"J(7 9 64 4 5 16)J"},
    {R"J({{ 1 < 2 }} {{ 2 <= 1 }} {{ 1 < 2 < 3 }} {{ 3 > 2 > 5 }} {{ 'a' < 'b' }} {{ [1, 2] < [1, 3] }} {{ 'b' >= 'b' }})J", R"J({})J", R"J(True False True False True True True)J"},
    {R"J({{ 1 == 1 }} {{ 'a' != 'a' }} {{ [1, [2]] == [1, [2]] }} {{ {'a': 1, 'b': 2} == {'b': 2, 'a': 1} }} {{ (1, 2) == [1, 2] }} {{ none == none }})J", R"J({})J", R"J(True False True True False True)J"},
    {R"J({{ 'b' in 'abc' }} {{ 'x' not in 'abc' }} {{ 2 in [1, 2] }} {{ 'k' in {'k': 1} }} {{ [1] in [[1]] }} {{ 3 not in [1, 2] }})J", R"J({})J", R"J(True True True True True True)J"},
    {R"J({{ true and 'yes' }} {{ 0 and 'no' }} {{ 0 or 'fallback' }} {{ 'first' or 'second' }} {{ not 0 }} {{ not 'x' }} {{ none or [] }})J", R"J({})J", R"J(yes 0 fallback first True False [])J"},
    {R"J({{ not 1 == 2 }} {{ not 'a' in 'b' }} {{ not true or true }} {{ not (true or true) }})J", R"J({})J", R"J(True True True False)J"},
    {R"J({{ 'yes' if 1 else 'no' }} {{ 'yes' if 0 else 'no' }} [{{ 'only' if false }}] {{ 'a' if 0 else 'b' if 0 else 'c' }})J", R"J({})J", R"J(yes no [] c)J"},
    {R"J({{ 'abcdef'[1] }} {{ 'abcdef'[-1] }} {{ 'abcdef'[1:3] }} {{ 'abcdef'[::2] }} {{ 'abcdef'[::-1] }} {{ 'héllo'[1:3] }} {{ 'abc'[5:] }}|)J", R"J({})J", R"J(b f bc ace fedcba él |)J"},
    {R"J({{ [1, 2, 3, 4][1:] }} {{ [1, 2, 3, 4][:-1] }} {{ [1, 2, 3, 4][::-1] }} {{ [1, 2, 3, 4][-3:-1] }} {{ [1, 2][-5:] }} {{ (1, 2, 3)[1:] }})J", R"J({})J", R"J([2, 3, 4] [1, 2, 3] [4, 3, 2, 1] [2, 3] [1, 2] (2, 3))J"},
    {R"J({{ m.role }} {{ m['content'] }} {{ l[0] }} {{ l.1 }} {{ l[-1] }} [{{ l[5] }}] [{{ m.missing }}] [{{ m['missing'] }}] [{{ none.x }}])J", R"J({"m": {"role": "user", "content": "hi", "items": "key"}, "l": [10, 20]})J", R"J(user hi 10 20 20 [] [] [] [])J"},
    {R"J({{ m.content is none }} {{ m.content is defined }} {{ m.other is defined }} {{ m.other is undefined }})J", R"J({"m": {"content": null}})J", R"J(True True False True)J"},
    {R"J({{ missing }}|{{ missing | length }}|{{ missing is iterable }}|{{ missing is sequence }}|{% for x in missing %}x{% endfor %}|{{ 'a' ~ missing }}|{{ missing == missing }}|{{ missing is none }})J", R"J({})J", R"J(|0|True|True||a|True|False)J"},
    {R"J({% if missing %}t{% else %}f{% endif %} {{ missing or 'default' }} {{ 'a' in missing }})J", R"J({})J", R"J(f default False)J"},
    {R"J({{ x is defined }} {{ x is not defined }} {{ not x is defined }} {{ x is undefined }})J", R"J({})J", R"J(False True True True)J"},
    {R"J({% set d = {'a': 1, 'b': 2} %}{{ d.items() | list }} {{ d.keys() | list }} {{ d.values() | list }} {{ d.get('a') }} {{ d.get('z') }} {{ d.get('z', 0) }})J", R"J({})J", R"J([('a', 1), ('b', 2)] ['a', 'b'] [1, 2] 1 None 0)J"},
    {R"J({{ '  both  '.strip() }}|{{ 'xxaxx'.strip('x') }}|{{ '  l'.lstrip() }}|{{ 'r  '.rstrip() }}|{{ '\u3000wide\u00a0'.strip() }}|)J", R"J({})J", R"J(both|a|l|r|wide|)J"},
    {R"J({{ 'a b  c'.split() }} {{ 'a,b,,c'.split(',') }} {{ ' a b c '.split(None, 1) }} {{ 'a-b-c'.rsplit('-', 1) }} {{ 'a-b-c'.split('-', 1) }})J", R"J({})J", R"J(['a', 'b', 'c'] ['a', 'b', '', 'c'] ['a', 'b c '] ['a-b', 'c'] ['a', 'b-c'])J"},
    {R"J({{ 'l1\nl2\r\nl3'.splitlines() }} {{ 'l1\nl2\n'.splitlines(true) }})J", R"J({})J", R"J(['l1', 'l2', 'l3'] ['l1\n', 'l2\n'])J"},
    {R"J({{ 'abc'.startswith('ab') }} {{ 'abc'.startswith(('x', 'a')) }} {{ 'abc'.endswith('bc') }} {{ 'abc'.endswith('x') }})J", R"J({})J", R"J(True True True False)J"},
    {R"J({{ 'MiXed'.upper() }} {{ 'MiXed'.lower() }} {{ "they're bill's".title() }} {{ 'hELLO'.capitalize() }} {{ 'straße'.upper() }})J", R"J({})J", R"J(MIXED mixed They'Re Bill'S Hello STRASSE)J"},
    {R"J({{ 'a-b-a'.replace('a', 'x') }} {{ 'aaa'.replace('a', 'b', 2) }} {{ 'ab'.replace('', '.') }} {{ 'hello'.find('l') }} {{ 'héllo'.find('l') }} {{ 'hello'.rfind('l') }} {{ 'hello'.find('z') }} {{ 'banana'.count('a') }})J", R"J({})J", R"J(x-b-x bba .a.b. 2 2 3 -1 3)J"},
    {R"J({{ ', '.join(['a', 'b']) }} {{ ''.join('xyz') }} {{ '{} and {}'.format('a', 1) }} {{ '{0}{0}'.format('r') }} {{ '{n}!'.format(n=5) }})J", R"J({})J", R"J(a, b xyz a and 1 rr 5!)J"},
    {R"J({{ 'abc'.isalpha() }} {{ '123'.isdigit() }} {{ ' \t'.isspace() }} {{ 'a1'.isalnum() }} {{ ''.isalpha() }} {{ 'abc'.islower() }} {{ 'ABC'.isupper() }})J", R"J({})J", R"J(True True True True False True True)J"},
    {R"J({{ '%s has %d items' % ('cart', 3) }} {{ '%.2f' % 3.14159 }} {{ '%s' % none }} {{ '100%%' % () }})J", R"J({})J", R"J(cart has 3 items 3.14 None 100%)J"},
    {R"J({% set items = [3, 1, 2] %}{{ items.index(1) }} {{ items.count(3) }}
)J", R"J({})J", R"J(1 1)J"},
};

TEST(JinjaExpressions, MatchesJinja2) { testing::ExpectRenders(kExpressionsCases); }

TEST(JinjaExpressions, TypeErrorsReadLikePython) {
  EXPECT_EQ(RenderError("{{ 'a' + 1 }}"), "t:1:8: can only concatenate str (not \"int\") to str");
  EXPECT_EQ(RenderError("{{ 1 + 'a' }}"), "t:1:6: unsupported operand type(s) for +: 'int' and 'str'");
  EXPECT_EQ(RenderError("{{ [1] + 'a' }}"), "t:1:8: can only concatenate list (not \"str\") to list");
  EXPECT_EQ(RenderError("{{ 1 < 'a' }}"), "t:1:4: '<' not supported between instances of 'int' and 'str'");
  EXPECT_EQ(RenderError("{{ 'x' in none }}"), "t:1:4: argument of type 'NoneType' is not iterable");
  EXPECT_EQ(RenderError("{{ -'x' }}"), "t:1:4: bad operand type for unary -: 'str'");
  EXPECT_EQ(RenderError("{{ 1 / 0 }}"), "t:1:6: division by zero");
  EXPECT_EQ(RenderError("{{ 'abc'() }}"), "t:1:9: 'str' object is not callable");
  EXPECT_EQ(RenderError("{{ 9223372036854775807 + 1 }}"),
            "t:1:24: integer result out of the 64-bit range");
}

TEST(JinjaExpressions, UndefinedIsAnErrorWhereJinja2RaisesOne) {
  EXPECT_EQ(RenderError("{{ x.y }}"), "t:1:5: 'x' is undefined");
  EXPECT_EQ(RenderError("{{ x + 1 }}"), "t:1:6: 'x' is undefined");
  EXPECT_EQ(RenderError("{{ x() }}"), "t:1:5: 'x' is undefined");
  EXPECT_EQ(RenderError("{% set d = {} %}{{ d.a.b }}"), "t:1:23: 'dict object' has no attribute 'a'");
  EXPECT_EQ(RenderError("{{ x | tojson }}"), "t:1:6: Object of type Undefined is not JSON serializable");
}

TEST(JinjaExpressions, TemplatesCannotMutateValues) {
  EXPECT_EQ(*RenderTemplate("{% set l = [1] %}[{{ l.append }}]"), "[]");
  EXPECT_NE(RenderError("{% set l = [1] %}{{ l.append(2) }}").find("unsafe"), std::string::npos);
  EXPECT_NE(RenderError("{% set d = {} %}{{ d.update({'a': 1}) }}").find("unsafe"), std::string::npos);
}

}  // namespace
}  // namespace hearth::jinja
