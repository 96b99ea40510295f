"""carebridge.jsontext: the JSON door the API uses and the HTML form path can call."""

import copy
import json
import pickle

import pytest

from carebridge import jsontext
from carebridge.jsontext import JsonFloat, UnreadableJson


def test_fractions_keep_the_digits_they_were_written_with():
    value = jsontext.loads('{"rent": 123456789012345678901234567.891}', max_depth=10)["rent"]
    assert isinstance(value, float) and value.text == "123456789012345678901234567.891"
    # Everything downstream still sees a float: stored, copied and written back as a number.
    assert json.dumps(value) == "1.2345678901234568e+26"
    assert copy.deepcopy(value).text == value.text
    assert pickle.loads(pickle.dumps(value)).text == value.text


def test_a_typed_number_is_read_as_json_reads_it():
    assert jsontext.number("42") == 42 and type(jsontext.number("42")) is int
    assert jsontext.number("19.99").text == "19.99"
    with pytest.raises(ValueError):
        jsontext.number("nineteen")
    with pytest.raises(UnreadableJson):
        jsontext.number("1e999")


@pytest.mark.parametrize(
    ("value", "pointer"),
    [
        ({"a": ["ok", "bad \ud800"]}, "/a/1"),
        ({"x/y": {"\udc00": 1}}, "/x~1y/\udc00"),
        ("\udfff", ""),
    ],
)
def test_check_value_finds_a_lone_surrogate_anywhere(value, pointer):
    with pytest.raises(UnreadableJson) as raised:
        jsontext.check_value(value, max_depth=10)
    assert raised.value.pointer == pointer
    assert "unpaired UTF-16 surrogate" in raised.value.message


def test_check_value_bounds_nesting():
    jsontext.check_value([[[1]]], max_depth=3)
    with pytest.raises(UnreadableJson) as raised:
        jsontext.check_value([[[[1]]]], max_depth=3)
    assert raised.value.pointer == "/0/0/0"


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", '{"a": NaN}'])
def test_constants_that_are_not_json_numbers_are_refused(text):
    with pytest.raises(UnreadableJson):
        jsontext.loads(text, max_depth=10)


def test_text_that_is_not_utf8_is_refused():
    with pytest.raises(UnreadableJson, match="not UTF-8"):
        jsontext.loads(b'{"a": "\xff"}', max_depth=10)


def test_has_lone_surrogate_knows_pairs_from_halves():
    assert not jsontext.has_lone_surrogate("Ana \U0001f600")
    assert jsontext.has_lone_surrogate("Ana \ud83d")
    assert JsonFloat("0.1") == 0.1


@pytest.mark.parametrize(("value", "pointer"), [
    ({"given_name": "Ana\x00"}, "/given_name"),
    ({"notes": [{"ok": 1, "\x00": 1}]}, "/notes/0/\x00"),
    ({"a": ["fine", {"b": "also fine"}]}, None),
])
def test_the_first_nul_character_is_found_with_its_pointer(value, pointer):
    assert jsontext.nul_pointer(value) == pointer
