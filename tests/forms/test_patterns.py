"""Patterns are ECMA-262, run by one engine under one time budget, whichever keyword runs them."""

import ast
from pathlib import Path

import pytest

from carebridge.forms import patterns, validation
from carebridge.forms.patterns import Budget, PatternTimeout
from carebridge.forms.validation import checking, make_validator, problems

BACKTRACKING = "^(a|aa)+$"
HOSTILE = "a" * 40 + "!"


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("^abc$", "abc", True),
        ("^abc$", "abc\n", False),  # Python's $ matches before a final newline; ECMA's does not
        ("^\\d+$", "42", True),
        ("^\\d+$", "\u09ea\u09e8", False),  # Bengali digits are not \d in ECMA-262
        ("^\\p{digit}+$", "\u09ea\u09e8", True),
        ("^\\w+$", "caf\u00e9", False),
        ("^\\W$", "\u00e9", True),
        ("^\\s$", "\u00a0", True),
        ("^\\s$", "\ufeff", True),
        ("^\\s$", "\u2013", False),
        ("^\\S$", "\u2003", False),
        ("^.$", "\r", False),  # . stops at every line terminator, not only \n
        ("^.$", "\u2028", False),
        ("^[^]$", "\n", True),
        ("^[]$", "", False),
        ("x\\b", "x\u00e9", True),  # é is not a word character for ECMA's \b
        ("^\\cC$", "\u0003", True),
        ("^\\u{1F600}$", "\U0001f600", True),
        ("^\\uD83D\\uDE00$", "\U0001f600", True),
        ("^[\\d-]+$", "12-3", True),
        ("^(?<year>[0-9]{4})-\\k<year>$", "2024-2024", True),
        ("^(a)?\\1b$", "b", True),  # a reference to a group that did not match matches ""
        ("(?<=a+)b", "aaab", True),
        ("\\p{Script=Greek}", "\u03b1", True),
        ("^\\P{Letter}$", "1", True),
        ("^[a-z]{2,3}$", "abcd", False),
    ],
)
def test_patterns_mean_what_ecma_262_says(pattern, text, matches):
    assert Budget(1.0).search(pattern, text) is matches


@pytest.mark.parametrize(
    "pattern",
    [
        "\\a",  # not an ECMA-262 escape (Annex B's identity escapes are not allowed with u)
        "(?i)abc",  # inline flags
        "(?P<name>x)",  # Python's named groups
        "(?P<n>a)(?P=n)",
        "(?#comment)a",
        "(?>atomic)",
        "a++",
        "a{",
        "}",
        "]",
        "(unclosed",
        "^(abc]",
        "[z-a]",
        "[\\d-z]",
        "a{3,2}",
        "(a)\\2",
        "\\k<missing>",
        "(?<a>x)(?<a>y)",
        "\\p{Greek}",  # a script is \p{Script=Greek}
        "\\p{lu}",  # ECMA-262's names are case-sensitive
        "\\p{RGI_Emoji}",  # a property of strings: only with the v flag
        "\\p{Block=Basic_Latin}",
        "\\p{Script=Klingon}",
        "a{1,4294967296}",
        "\\01",
        "\\",
        "^*",
    ],
)
def test_what_the_engine_cannot_run_the_same_way_is_refused(pattern):
    assert patterns.check(pattern) is not None
    with pytest.raises(patterns.PatternError):
        patterns.compile_pattern(pattern)


def test_a_backtracking_pattern_uses_up_the_budget_and_stops():
    budget = Budget(0.05)
    with pytest.raises(PatternTimeout) as raised:
        budget.search(BACKTRACKING, HOSTILE)
    assert raised.value.text == HOSTILE
    assert budget.spent == budget.seconds
    # Once spent, nothing more runs: the next search fails before matching anything.
    with pytest.raises(PatternTimeout):
        budget.search("^a$", "a")
    assert budget.searches == 1


SCHEMAS_USING_PATTERNS = {
    "pattern": ({"type": "array", "items": {"type": "string", "pattern": BACKTRACKING}},
                [HOSTILE] * 320, "/0"),
    "patternProperties": ({"type": "object", "patternProperties": {BACKTRACKING: {}}},
                          {f"{HOSTILE}{i}": i for i in range(320)}, "/" + HOSTILE + "0"),
    "additionalProperties": ({"type": "object", "patternProperties": {BACKTRACKING: {}},
                              "additionalProperties": False},
                             {f"{HOSTILE}{i}": i for i in range(320)}, "/" + HOSTILE + "0"),
    "unevaluatedProperties": ({"type": "object",
                               "allOf": [{"patternProperties": {BACKTRACKING: {}}}],
                               "unevaluatedProperties": False},
                              {f"{HOSTILE}{i}": i for i in range(320)}, "/" + HOSTILE + "0"),
    "propertyNames": ({"type": "object", "propertyNames": {"pattern": BACKTRACKING}},
                      {f"{HOSTILE}{i}": i for i in range(320)}, "/" + HOSTILE + "0"),
}


@pytest.mark.parametrize("keyword", list(SCHEMAS_USING_PATTERNS))
def test_one_budget_bounds_every_keyword_that_runs_patterns(keyword):
    schema, data, where = SCHEMAS_USING_PATTERNS[keyword]
    budget = Budget(0.05)
    with checking(budget):
        found = problems(make_validator(schema), data)
    # One clear problem where the time ran out; the other 319 values were never matched.
    assert [(p.pointer, p.message) for p in found][-1] == (
        where, "This answer could not be checked in time; please shorten or simplify it."
    )
    assert budget.searches <= 2


def test_the_budget_is_shared_across_validations():
    schema = {"type": "string", "pattern": BACKTRACKING}
    budget = Budget(0.05)
    with checking(budget):
        assert problems(make_validator(schema), HOSTILE)[0].pointer == ""
        second = problems(make_validator({"type": "string", "pattern": "^a+$"}), "aaa")
    assert budget.searches == 1, "the second validation found the budget spent"
    assert "could not be checked" in second[0].message


def test_a_timeout_under_not_is_a_problem_not_a_pass():
    # Counting a timeout as "no match" would turn `not: {pattern}` into a pass.
    schema = {"not": {"type": "string", "pattern": BACKTRACKING}}
    with checking(Budget(0.05)):
        assert problems(make_validator(schema), HOSTILE) != []
        assert validation.is_valid(make_validator(schema), HOSTILE) is False


def test_ordinary_patterns_are_never_cut_short():
    # 2,000 ordinary searches take a few milliseconds; the allowance is generous so that a busy
    # machine cannot turn this into a test of the clock. What it checks: every answer is
    # searched once and none is refused as "could not be checked in time".
    schema = {"type": "array", "items": {"type": "string", "pattern": "^[A-Z][0-9]{4}$"}}
    budget = Budget(5.0)
    with checking(budget):
        assert problems(make_validator(schema), ["A1234"] * 2000) == []
    assert budget.searches == 2000


VALIDATION_MODULES = ["validation.py", "patterns.py", "formats.py", "definitions.py", "dates.py",
                      "names.py"]


@pytest.mark.parametrize("module", VALIDATION_MODULES)
def test_no_validation_module_uses_pythons_re(module):
    source = (Path(validation.__file__).parent / module).read_text()
    imported = {
        alias.name for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    } | {
        node.module for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)
    }
    assert "re" not in imported


def test_every_keyword_that_matches_names_or_text_is_ours():
    # jsonschema's own versions of these call re.search.
    for keyword in ("pattern", "patternProperties", "additionalProperties",
                    "unevaluatedProperties"):
        assert validation.Validator.VALIDATORS[keyword].__module__ == validation.__name__
