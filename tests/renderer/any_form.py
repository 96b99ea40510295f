"""Random form definitions and answers a person could give in them, for the property tests of
``test_any_form_round_trip.py``.

The definitions use what an agency writes: nested groups, repeat groups, tuples, choices of
branches, conditions (``if``/``then``/``else``: a question shown by another's answer), groups
composed with ``allOf``, questions shared through ``$defs`` and ``$ref`` (their names with
``/``, ``~``, ``.``, spaces and letters outside ASCII, percent-encoded in the URI), strings
with a ``pattern`` a person can satisfy, wizard pages and sections, Spanish texts
(``translations``; the page is then asked for in Spanish), and property names with dots,
slashes, ``~``, spaces, markup and letters outside ASCII.

Each strategy draws a question together with the answers that fit it, so an answer is valid by
construction (the tests still ask the validator). Answers are limited to what a person can put
into the widget the renderer draws, and what it promises to keep:

- a single-line box (text, password, e-mail, a fixed value, a searchable list) holds no line
  break: a browser strips them from an ``<input>``'s value;
- a textarea holds line breaks as ``\\n``: a browser sends every line break as CRLF, which
  the renderer reads back as ``\\n`` (an answer holding ``\\r`` is not drawn);
- no control characters anywhere (a page cannot hold them), and a text answer is never blank:
  a blank box is no answer at all, so ``""`` or ``"  "`` would come back missing;
- an unticked box or switch is no answer, so an optional switch or ``"const": true`` agreement
  answers ``true`` or nothing (a required switch sends "No" when off);
- an optional group whose answers are only what its page sends untouched (a switch left off,
  a fixed value, a blank group, the blank rows a list starts with: ``Question.untouched``) is
  no answer, so such an answer is not drawn where the group is optional; a required group of
  optional questions left blank is ``{}``; an empty list is no answer;
- ticked choices keep their stored order (it rides beside the boxes), so a several-choices
  answer lists them in any order;
- a list of choices is drawn as checkboxes, which cannot send a choice twice: repeat groups
  hold no choices (several choices are drawn with ``uniqueItems``);
- a conditional question is answered only where its condition shows it (an answer in a
  hidden question is pruned);
- a choice between object branches shows one branch at a time, so an answer fills one branch,
  and branches are closed (``additionalProperties: false``) with a property of their own, so
  the answer tells which;
- what a page sends whatever is stored is always answered: a fixed value (other than an
  agreement) in an answered group, and the rows a required repeat group with ``minItems``
  starts with;
- a stored null in a ``type: [x, "null"]`` question is an empty box that carries the null
  beside it (a Yes/No question's is its "No answer" choice), so null is drawn;
- numbers are not drawn as a ``range`` (a slider cannot be left unanswered), and nothing below
  a tuple has a ``ui`` entry (a data path names no array position, so publishing refuses one).
"""

from __future__ import annotations

import copy
import itertools
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, timezone
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

ABSENT: Any = object()  # an optional property left out of an answer

#: Property names: plain, and the kinds a definition author writes (spaces, accents, markup).
NAMES = ["name", "age", "note", "a", "b_2", "zip", "kind", "x y", "ñandú", "<b>&amp;\"'",
         "Größe", "first-name", "q1", "a.b", "x/y", "t~1", "~", "日本語", "a.~/ ü"]
#: Texts people see (titles, help, placeholders), with characters that must be escaped.
WORDS = st.sampled_from(["Your name", "Age <years>", "Ñ & \"quoted\" 'text'", "Help: </p>",
                         "Date of birth", "✓ done", "a"])

_NOT_ON_A_PAGE = ("Cc", "Cs")  # control characters and lone surrogates
_LINE = st.text(st.characters(exclude_categories=_NOT_ON_A_PAGE), min_size=1, max_size=12)
_LINES = st.lists(st.text(st.characters(exclude_categories=_NOT_ON_A_PAGE), max_size=8),
                  min_size=1, max_size=4).map("\n".join)


def _said(text: str) -> bool:
    return text.strip() != ""  # what the renderer counts as an answer


@dataclass
class Question:
    schema: dict
    answers: st.SearchStrategy  # valid answers, as a person can see and send them
    ui: dict = field(default_factory=dict)  # data path below this question (tuple) → ui
    empty_is_no_answer: bool = False  # an empty list or object: never drawn
    toggle: bool = False  # an unticked switch or agreement box: only ``true`` where optional
    always_sent: bool = False  # the page sends an answer even when none is stored
    blank_rows: bool = False  # a page starts it with rows of questions (minItems)
    #: whether an answer is what the page sends when the question is left alone
    untouched: Any = field(default=lambda value: False)


def _dressed(draw, question: Question) -> Question:
    """Labels, help and placeholders as a definition gives them: in the schema or in ``ui``."""
    ui = dict(question.ui.get((), {}))
    if draw(st.integers(0, 2)) == 0:
        ui["label"] = draw(WORDS)
    if draw(st.integers(0, 3)) == 0:
        ui["help"] = draw(WORDS)
    if draw(st.integers(0, 5)) == 0:
        ui["placeholder"] = draw(WORDS)
    if ui:
        question.ui = {**question.ui, (): ui}
    if draw(st.integers(0, 2)) == 0:
        question.schema["title"] = draw(WORDS)
    if draw(st.integers(0, 4)) == 0:
        question.schema["description"] = draw(WORDS)
    return question


#: Patterns a person can satisfy, with the answers that do (ASCII classes: a browser's
#: ``pattern`` reads ``\d`` as ASCII, Python's ``re`` as any digit).
PATTERNS = {
    "^[0-9]{5}$": st.from_regex(r"[0-9]{5}", fullmatch=True),
    "^[A-Z]{2}-[0-9]{1,4}$": st.from_regex(r"[A-Z]{2}-[0-9]{1,4}", fullmatch=True),
    "[a-z]": st.builds(lambda a, c, b: a + c + b, st.just("") | _LINE, st.sampled_from("az"),
                       st.just("") | _LINE),
    "^[a-zñ ]+$": st.from_regex(r"[a-zñ ]+", fullmatch=True),
    "^(yes|no)$": st.sampled_from(["yes", "no"]),
    "\\$$": _LINE.map(lambda t: t + "$"),
}


@st.composite
def patterned(draw) -> Question:
    """A string with a ``pattern`` (and the HTML pattern the page derives from it)."""
    pattern = draw(st.sampled_from(sorted(PATTERNS)))
    answers = PATTERNS[pattern].filter(_said).filter(lambda t: "\n" not in t and "\r" not in t)
    return Question({"type": "string", "pattern": pattern}, answers)


@st.composite
def texts(draw) -> Question:
    widget = draw(st.sampled_from(["", "", "textarea", "password"]))
    max_length = draw(st.sampled_from([None, None, 12, 300]))
    schema: dict = {"type": "string"}
    if max_length:
        schema["maxLength"] = max_length
    many_lines = widget == "textarea" or (max_length or 0) > 200 and widget == ""
    answers = (_LINES if many_lines else _LINE).filter(_said)
    if max_length:
        answers = answers.filter(lambda s: len(s) <= max_length)
    question = Question(schema, answers)
    if widget:
        question.ui = {(): {"widget": widget}}
    if draw(st.integers(0, 4)) == 0:
        question.schema["default"] = draw(answers)
    return question


_OFFSETS = st.sampled_from([UTC, timezone(timedelta(hours=2)),
                            timezone(timedelta(hours=-7)), timezone(timedelta(hours=5, minutes=30)),
                            timezone(timedelta(hours=-8))])


def _moment(dt: datetime | time, spec: str, zulu: bool) -> str:
    text = dt.isoformat(timespec=spec)
    return text.replace("+00:00", "Z") if zulu else text


@st.composite
def formatted(draw) -> Question:
    fmt = draw(st.sampled_from(["date", "date-time", "time", "email"]))
    if fmt == "date":
        answers = st.dates().map(lambda d: d.isoformat())
    elif fmt == "date-time":
        answers = st.builds(
            _moment,
            st.datetimes(timezones=_OFFSETS),
            st.sampled_from(["seconds", "milliseconds"]), st.booleans())
    elif fmt == "time":
        answers = st.builds(_moment, st.times(timezones=_OFFSETS),
                            st.sampled_from(["seconds", "milliseconds"]), st.booleans())
    else:
        label = st.text("abcxyz019", min_size=1, max_size=6)
        answers = st.builds(lambda a, b, c: f"{a}@{b}.{c}org", label, label,
                            st.sampled_from(["", "x."]))
    return Question({"type": "string", "format": fmt}, answers)


@st.composite
def numbers(draw) -> Question:
    kind = draw(st.sampled_from(["integer", "number"]))
    schema: dict = {"type": kind}
    low = draw(st.none() | st.integers(-1000, 1000))
    high = draw(st.none() | st.integers(10, 2000).map(lambda n: n + (low or 0)))
    for key, bound in (("minimum", low), ("maximum", high)):
        if bound is not None:
            schema[key] = bound
    step = draw(st.sampled_from([None, 1, 5] if kind == "integer" else [None, 0.01, 0.5, 0.25]))
    if step is not None:
        schema["multipleOf"] = step
    if step is None and kind == "number":
        answers = st.floats(low, high, allow_nan=False, allow_infinity=False) | st.integers(
            low, high)
    else:
        unit = Decimal(str(step or 1))
        first = -10**6 if low is None else int((low / unit).to_integral_value(ROUND_CEILING))
        last = 10**6 if high is None else int((high / unit).to_integral_value(ROUND_FLOOR))
        as_number = int if kind == "integer" or unit == unit.to_integral() else (
            lambda d: float(d) if d != d.to_integral() else int(d))
        answers = st.integers(first, last).map(lambda k: as_number(Decimal(k) * unit))
    return Question(schema, answers)


@st.composite
def booleans(draw) -> Question:
    widget = draw(st.sampled_from(["", "radio", "toggle"]))
    question = Question({"type": "boolean"}, st.booleans(), toggle=widget == "toggle",
                        untouched=(lambda v: v is False) if widget == "toggle" else
                        Question.untouched)
    if widget:
        question.ui = {(): {"widget": widget}}
    return question


#: Values of choices: mixed types, and strings a form could mistake for another value.
CHOICE_VALUES = st.one_of(
    st.sampled_from(["yes", "no", "often", "Sometimes", "a b", "1", "true", "null", "",
                     "ÿ<&>", 0, 1, 2, -3, True, False, None]),
    st.text(st.characters(exclude_categories=_NOT_ON_A_PAGE), max_size=5),
)


def _distinct(values: list) -> list:
    seen, out = set(), []
    for v in values:
        key = json.dumps(v)  # JSON equality: 1 and true are different values
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


@st.composite
def choices(draw) -> Question:
    values = _distinct(draw(st.lists(CHOICE_VALUES, min_size=1, max_size=8)))
    if draw(st.integers(0, 5)) == 0:  # a long list: a select, then a searchable list
        values = _distinct(values + [f"option {i}" for i in range(draw(st.integers(20, 40)))])
    labelled = draw(st.booleans())
    schema = ({"oneOf": [{"const": v, "title": f"Choice {i}"} for i, v in enumerate(values)]}
              if labelled else {"enum": values})
    question = Question(schema, st.sampled_from(values))
    widget = draw(st.sampled_from(["", "radio", "select"]))
    if widget:
        question.ui = {(): {"widget": widget}}
    return question


@st.composite
def several_choices(draw) -> Question:
    values = _distinct(draw(st.lists(CHOICE_VALUES, min_size=1, max_size=6)))
    labelled = draw(st.booleans())
    items = ({"oneOf": [{"const": v, "title": f"Choice {i}"} for i, v in enumerate(values)]}
             if labelled else {"enum": values})
    answers = st.lists(st.sampled_from(range(len(values))), min_size=1, unique=True).map(
        lambda picked: [values[i] for i in picked])
    return Question({"type": "array", "uniqueItems": True, "items": items}, answers,
                    empty_is_no_answer=True)


FIXED_VALUES = st.one_of(
    st.sampled_from(["2024-B", "v1", 3, 0.5, True, False, None, [1, "a"], {"k": "v"}]),
    _LINE.filter(_said), st.integers(-50, 50),
)


@st.composite
def constants(draw) -> Question:
    value = draw(FIXED_VALUES)
    # A fixed value other than an agreement is on the page (shown read-only, or hidden when
    # it is not text or a number) and sent whatever is stored.
    return Question({"const": value}, st.just(value), toggle=value is True,
                    always_sent=value is not True, untouched=lambda v: v is not True)


@st.composite
def nullable(draw) -> Question:
    """``type: [x, "null"]``. A stored null is shown as an empty box carrying it (a Yes or No
    question has a "No answer" choice)."""
    inner = draw(st.sampled_from(["string", "integer", "number", "boolean"]))
    answers = {"string": _LINE.filter(_said), "integer": st.integers(-99, 99),
               "number": st.floats(-1e6, 1e6), "boolean": st.booleans()}[inner]
    return Question({"type": [inner, "null"]}, answers | st.none())


def leaves() -> st.SearchStrategy:
    return st.one_of(texts(), formatted(), numbers(), booleans(), choices(), several_choices(),
                     constants(), nullable(), patterned())


@st.composite
def objects(draw, depth: int) -> Question:
    keys = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
    children = {k: _dressed(draw, draw(questions(depth + 1))) for k in keys}
    required = draw(st.sets(st.sampled_from(keys))) if keys else set()
    shape = draw(st.sampled_from(["plain", "plain", "if", "allOf"]))
    if shape == "if":
        return _conditional(draw, depth, children, required)
    question = _object_of(draw, children, required, closed=shape == "plain" and draw(
        st.booleans()))
    if shape == "allOf" and len(keys) > 1:
        # The same object as the parts an author composes it of (never closed: each part's
        # additionalProperties would refuse the others' questions).
        cut = draw(st.integers(1, len(keys) - 1))
        parts = [{"properties": {k: children[k].schema for k in ks},
                  **({"required": sorted(required & set(ks))} if required & set(ks) else {})}
                 for ks in (keys[:cut], keys[cut:])]
        question.schema = {"type": "object", "allOf": parts}
    return question


#: Names of the questions an if/then/else brings in (a form's own names: never in NAMES).
TRIGGER, THEN, OTHERWISE = "asked", "then_more", "else_more"


def _conditional(draw, depth: int, children: dict, required: set) -> Question:
    """An object whose question ``asked`` shows ``then_more`` when answered "yes" and, when
    it is anything else or not answered, ``else_more`` (if/then/else)."""
    children = {**children, TRIGGER: Question({"enum": ["yes", "no"]},
                                              st.sampled_from(["yes", "no"]))}
    if draw(st.booleans()):
        required = required | {TRIGGER}
    then_q = _dressed(draw, draw(leaves() if depth >= 2 else questions(depth + 1)))
    else_q = _dressed(draw, draw(leaves())) if draw(st.booleans()) else None
    base = _object_of(draw, children, required, closed=False)
    then_required = draw(st.booleans())
    else_required = else_q is not None and draw(st.booleans())
    base.schema["if"] = {"properties": {TRIGGER: {"const": "yes"}}, "required": [TRIGGER]}
    base.schema["then"] = {"properties": {THEN: then_q.schema},
                           **({"required": [THEN]} if then_required else {})}
    if else_q is not None:
        base.schema["else"] = {"properties": {OTHERWISE: else_q.schema},
                               **({"required": [OTHERWISE]} if else_required else {})}
    base.ui.update({(THEN, *path): opts for path, opts in then_q.ui.items()})
    if else_q is not None:
        base.ui.update({(OTHERWISE, *path): opts for path, opts in else_q.ui.items()})

    def shown(answers: dict) -> st.SearchStrategy:
        if answers.get(TRIGGER) == "yes":
            more, key, needed = then_q, THEN, then_required
        elif else_q is not None:
            more, key, needed = else_q, OTHERWISE, else_required
        else:
            return st.just(answers)
        return _answer(key, more, needed).map(
            lambda v: answers if v is ABSENT else {**answers, key: v})

    asked = {**children, THEN: then_q, **({OTHERWISE: else_q} if else_q else {})}
    return Question(base.schema, base.answers.flatmap(shown), base.ui, empty_is_no_answer=True,
                    untouched=lambda d: all(asked[k].untouched(v) for k, v in d.items()))


def _answer(k: str, q: Question, required: bool) -> st.SearchStrategy:
    """The answers of question ``q`` under the key ``k`` of its group (ABSENT: none)."""
    if required or q.always_sent:
        return q.answers
    if q.toggle:
        return st.just(ABSENT) | q.answers.filter(lambda v: v is True)
    # Left alone, an optional group is no answer (its blank rows, switches, fixed values).
    return st.just(ABSENT) | q.answers.filter(lambda v: not q.untouched(v))


def _object_of(draw, children: dict, required: set, *, closed: bool,
               extra: dict | None = None) -> Question:
    schema: dict = {"type": "object",
                    "properties": {k: q.schema for k, q in children.items()}}
    if required:
        schema["required"] = sorted(required)
    if closed:
        schema["additionalProperties"] = False
    ui = {(k, *path): opts for k, q in children.items() for path, opts in q.ui.items()}

    values = st.fixed_dictionaries(
        {k: _answer(k, q, k in required) for k, q in children.items()}).map(
        lambda d: {k: v for k, v in d.items() if v is not ABSENT})

    def untouched(d: dict) -> bool:
        return all(children[k].untouched(v) for k, v in d.items())

    return Question(schema, values, ui, empty_is_no_answer=True, untouched=untouched)


@st.composite
def repeat_groups(draw, depth: int) -> Question:
    # Not choices: a list of choices is drawn as checkboxes, which cannot send one twice.
    item = draw(objects(depth + 1) if draw(st.booleans()) else st.one_of(
        texts(), formatted(), numbers()))
    schema: dict = {"type": "array", "items": item.schema}
    low, high = draw(st.sampled_from([(0, None), (1, None), (0, 3), (2, 4)]))
    if low:
        schema["minItems"] = low
    if high is not None:
        schema["maxItems"] = high
    ui = {("*", *path): opts for path, opts in item.ui.items()}
    answers = st.lists(item.answers, min_size=max(low, 1), max_size=min(high or 3, 3))
    # A page draws minItems rows; left blank, a required list's rows send empty items.
    rows = low > 0 and item.schema.get("type") == "object"
    return Question(schema, answers, ui, empty_is_no_answer=True, blank_rows=rows,
                    untouched=lambda v: rows and len(v) <= low and all(map(item.untouched, v)))


@st.composite
def tuples(draw) -> Question:
    parts = draw(st.lists(st.one_of(texts(), formatted(), numbers(), choices()).filter(
        lambda q: not q.ui), min_size=1, max_size=3))
    schema = {"type": "array", "prefixItems": [p.schema for p in parts], "items": False}
    # No ui below a tuple: a data path names no array position, so publishing refuses one.
    ui: dict = {}
    answers = st.integers(1, len(parts)).flatmap(
        lambda n: st.tuples(*(p.answers for p in parts[:n])).map(list))
    return Question(schema, answers, ui, empty_is_no_answer=True)


_branch_names = itertools.count()


@st.composite
def alternatives(draw, depth: int) -> Question:
    """oneOf/anyOf of closed objects, told apart by a ``const`` or by a required question of
    each branch's own."""
    count = draw(st.integers(2, 3))
    by_const = draw(st.booleans())
    branches = []
    for i in range(count):
        keys = draw(st.lists(st.sampled_from(NAMES), max_size=2, unique=True))
        own = f"only_{i}"
        children = {k: draw(questions(depth + 1)) for k in keys}
        if by_const:
            children["kind"] = Question({"const": f"k{i}"}, st.just(f"k{i}"), always_sent=True,
                                        untouched=lambda v: True)
            required = {"kind"}
        else:
            children[own] = draw(st.one_of(texts(), numbers(), choices()))
            required = {own}
        required |= draw(st.sets(st.sampled_from(keys))) if keys else set()
        branch = _object_of(draw, children, required, closed=True)
        if draw(st.booleans()):
            branch.schema["title"] = draw(WORDS)
        branches.append(branch)
    keyword = draw(st.sampled_from(["oneOf", "anyOf"]))
    schema = {keyword: [b.schema for b in branches]}
    ui: dict = {}
    for b in branches:
        ui.update(b.ui)
    def untouched(value: dict) -> bool:  # the branch the answer is in, told by its own key
        i = next((i for i in range(count)
                  if value.get("kind") == f"k{i}" or f"only_{i}" in value), 0)
        return branches[i].untouched(value)

    return Question(schema, st.one_of(*(b.answers for b in branches)), ui,
                    empty_is_no_answer=True, untouched=untouched)


def questions(depth: int = 0) -> st.SearchStrategy:
    if depth >= 3:
        return leaves()
    return st.one_of(leaves(), objects(depth), repeat_groups(depth), tuples(),
                     alternatives(depth))


_slugs = itertools.count()


def _top_keys(schema: dict) -> list[str]:
    keys = list(schema.get("properties") or {})
    for part in schema.get("allOf") or []:
        keys += [k for k in part.get("properties") or {} if k not in keys]
    return keys


def _escaped(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _with_refs(draw, schema: dict) -> dict:
    """``schema`` with some of its questions (and conditions) moved to ``$defs`` and named by a
    ``$ref``, sometimes beside a title of its own, as an author shares a question."""
    schema = copy.deepcopy(schema)
    defs: dict = {}

    def shared(sub: dict) -> dict:
        name = draw(st.sampled_from(["answer", "a/b", "t~", "ü", "x.y", "a b"])) + str(len(defs))
        defs[name] = sub
        # A $ref is a URI: a name outside ASCII (or with a space) is percent-encoded in it.
        ref = {"$ref": "#/$defs/" + quote(_escaped(name), safe="~")}
        if draw(st.integers(0, 3)) == 0:
            ref["title"] = draw(WORDS)
        return ref

    def walk(node) -> None:
        if not isinstance(node, dict):
            return
        for props in [node.get("properties")] + [
                (node.get(k) or {}).get("properties") for k in ("if", "then", "else")]:
            for k, sub in list((props or {}).items()):
                walk(sub)
                if draw(st.integers(0, 3)) == 0:
                    props[k] = shared(sub)
        walk(node.get("items"))
        for key in ("allOf", "oneOf", "anyOf", "prefixItems"):
            for sub in node.get(key) or []:
                walk(sub)
        for key in ("then", "else"):
            walk(node.get(key))

    walk(schema)
    if defs:
        schema["$defs"] = defs
    return schema


def _presented(draw, keys: list[str]) -> dict:
    """How the questions are laid out: as they come, on wizard pages, or in sections (some
    questions left out of every section)."""
    how = draw(st.sampled_from(["", "", "pages", "sections"]))
    if how == "pages" and len(keys) > 1:
        cuts = sorted(draw(st.sets(st.integers(1, len(keys) - 1), min_size=1, max_size=2)))
        spans = zip([0, *cuts], [*cuts, len(keys)], strict=True)
        return {"pages": [{"id": f"p{i}", "title": draw(WORDS), "fields": keys[a:b],
                           **({"description": draw(WORDS)} if draw(st.booleans()) else {})}
                          for i, (a, b) in enumerate(spans)]}
    if how == "sections":
        placed = draw(st.lists(st.sampled_from(keys), unique=True))
        cut = draw(st.integers(0, len(placed)))
        groups = [g for g in (placed[:cut], placed[cut:]) if g]
        if groups:
            return {"sections": [{"title": draw(WORDS), "fields": g, **(
                {"description": draw(WORDS)} if draw(st.booleans()) else {})} for g in groups]}
    return {}


def _translated(draw, document: dict) -> dict:
    """A Spanish text for some of the document's translatable texts (``es``)."""
    from carebridge.forms.translations import texts as translatable

    pointers = draw(st.lists(st.sampled_from(sorted(translatable(document))), unique=True)
                    ) if translatable(document) else []
    original = translatable(document)
    return {"es": {p: f"«{original[p]}» en español" for p in pointers}} if pointers else {}


@st.composite
def forms(draw) -> tuple[dict, st.SearchStrategy]:
    """A definition document and the strategy of its valid answers."""
    root = draw(objects(0))
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **root.schema}
    if draw(st.integers(0, 2)) == 0:
        schema = _with_refs(draw, schema)
    ui_fields = {"/" + "/".join(_escaped(p) for p in path): opts
                 for path, opts in root.ui.items()}
    document = {"id": f"any-form-{next(_slugs)}", "title": draw(WORDS), "kind": "intake",
                "schema": schema}
    ui: dict = {}
    if ui_fields:
        ui["fields"] = ui_fields
    ui.update(_presented(draw, _top_keys(schema)))
    if ui:
        document["ui"] = ui
    if draw(st.integers(0, 2)) == 0:
        translations = _translated(draw, document)
        if translations:
            document["translations"] = translations
    return document, root.answers


def forms_with_answers() -> st.SearchStrategy:
    return forms().flatmap(lambda made: st.tuples(st.just(made[0]), made[1]))


