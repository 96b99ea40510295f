"""The submission validator: exact numbers, every format, and problems instead of crashes."""

import pytest
from jsonschema import Draft202012Validator

from carebridge import jsontext
from carebridge.forms.formats import CHECKS
from carebridge.forms.validation import FORMAT_CHECKER, make_validator, problems


def read(text):
    """Answers as the API reads them: numbers keep the digits they were written with."""
    return jsontext.loads(text, max_depth=100)


def valid(schema, text):
    return problems(make_validator(schema), read(text)) == []


@pytest.mark.parametrize(
    ("number", "step", "expected"),
    [
        ("19.99", "0.01", True),
        ("0.07", "0.01", True),
        ("1234.56", "0.01", True),
        ("19.999", "0.01", False),
        ("123456789012345678901234567.89", "0.01", True),
        ("123456789012345678901234567.891", "0.01", False),  # Decimal's 28 digits rounded this
        ("1e308", "0.123456789", False),  # the suite's "float division = inf"
        ("12391239123", "1e-8", True),
        ("0.0000000001", "1e-10", True),
        ("3", "1.5", True),
        ("4.5", "1.5", True),
        ("4.6", "1.5", False),
        ("98249283749234923498293171823948729348710298301928331", "3", False),
        ("98249283749234923498293171823948729348710298301928330", "10", True),
    ],
)
def test_multiple_of_is_exact_at_any_size(number, step, expected):
    assert valid({"multipleOf": read(step)}, number) is expected


@pytest.mark.parametrize(
    ("schema", "number", "expected"),
    [
        ({"maximum": 100}, "100.0000000000000000001", False),
        ({"maximum": 100}, "100", True),
        ({"exclusiveMaximum": 0.3}, "0.29999999999999999999", True),
        ({"exclusiveMinimum": 0.1}, "0.1000000000000000000001", True),
        ({"minimum": 18446744073709551615}, "18446744073709551614", False),
    ],
)
def test_bounds_compare_numbers_as_written(schema, number, expected):
    assert valid(schema, number) is expected


def test_money_problems_read_as_people_expect():
    schema = {"type": "object", "properties": {"rent": {"type": "number", "multipleOf": 0.01}}}
    found = problems(make_validator(schema), read('{"rent": 123456789012345678901234567.891}'))
    assert [(p.pointer, p.message) for p in found] == [("/rent", "Must be a multiple of 0.01.")]


DRAFT_2020_12_FORMATS = {
    "date-time", "date", "time", "duration", "email", "idn-email", "hostname", "idn-hostname",
    "ipv4", "ipv6", "uri", "uri-reference", "iri", "iri-reference", "uuid", "uri-template",
    "json-pointer", "relative-json-pointer", "regex",
}


def test_every_draft_2020_12_format_is_checked():
    assert set(CHECKS) == DRAFT_2020_12_FORMATS
    # ...including each that jsonschema's own checker knows for this draft.
    assert set(Draft202012Validator.FORMAT_CHECKER.checkers) <= set(FORMAT_CHECKER.checkers)


@pytest.mark.parametrize(
    ("fmt", "good", "bad"),
    [
        ("duration", "P1Y2M3DT4H5M6S", "P1Y2D"),
        ("hostname", "xn--9n2bp8q.xn--9t4b11yi5a", "xn--X"),
        ("idn-hostname", "\uc2e4\ub840.\ud14c\uc2a4\ud2b8", "a\u05d0"),
        ("iri", "http://\u0192\u00f8\u00f8.\u00df\u00e5r/", "/abc"),
        ("iri-reference", "/\u00e2\u03c0\u03c0", "#\u0192r\u00e4g\\m\u00eant"),
        ("json-pointer", "/foo/0/~1", "foo"),
        ("relative-json-pointer", "0/foo", "/foo"),
        ("uri-template", "http://example.com/{term:1}/{term}", "{v:01}"),
        ("time", "23:59:60Z", "22:59:60Z"),
        ("date-time", "1998-12-31T23:59:60Z", "2026-11-23T09:30:00"),
        ("email", '"joe bloggs"@example.com', "maria@example"),
        ("email", "joe.bloggs@[127.0.0.1]", "joe.bloggs@[127.0.0.300]"),
        ("uuid", "2eb8aa08-aa98-11ea-b4aa-73b441d16380", "2eb8aa08-aa98-11ea-b4aa-73b441d1_380"),
        ("uri", "https://example.org/a?b#c", "http://[::ffff:192.168.0.01]"),
        ("regex", "^[a-z]+$", "(?i)abc"),
    ],
)
def test_formats_that_used_to_pass_anything_are_checked(fmt, good, bad):
    validator = make_validator({"format": fmt})
    assert problems(validator, good) == []
    assert problems(validator, bad) != []


def test_a_schema_that_loops_on_itself_is_a_problem_not_a_crash():
    loop = {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}
    found = problems(make_validator(loop), {})
    assert [p.pointer for p in found] == [""]
    assert "refers to itself" in found[0].message


def test_problems_sort_indexes_and_names_together():
    schema = {"type": "object", "properties": {"a": {"type": "array", "items": {"type": "string"},
                                                     "properties": {}}},
              "additionalProperties": {"type": "string"}}
    found = problems(make_validator(schema), {"a": [1, "x", 3], "b": 2})
    assert [p.pointer for p in found] == ["/a/0", "/a/2", "/b"]


def test_a_stored_pattern_the_engine_refuses_is_a_problem_not_a_crash():
    # Published before patterns were checked as ECMA-262: (?i) is Python's, not ECMA's.
    schema = {"type": "object", "properties": {"code": {"type": "string", "pattern": "(?i)^x"}}}
    found = problems(make_validator(schema), {"code": "X"})
    assert [p.pointer for p in found] == ["/code"]
    assert "cannot be used" in found[0].message
