"""Finds user-facing text that is not marked for translation, in templates and in Python.

Templates: the text between tags and the attributes people read (aria-label, placeholder,
title, alt, a button's value) must come from an expression (``{{ _("…") }}``), and a sentence
written as a string inside an expression must be an argument of ``_``/``ngettext``.
Python: messages given to ``flash``, to the domain errors and to ``Problem`` must be marked
(``_(…)``), never a literal or an f-string; so must the labels of both navigation hooks.
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment

HOLE = " \x00 "  # where an expression or a tag stood (spaced: it may sit inside an HTML tag)
LETTERS = re.compile(r"[^\W\d_]{2,}")
#: Words that are the same in every language: the product's name, units in data.
NOT_WORDS = {"Carebridge"}
READ_ATTRIBUTES = {"aria-label", "placeholder", "title", "alt", "aria-description"}
MARKERS = {"_", "gettext", "ngettext", "lazy_gettext", "_l"}
#: A string compared with a value is data (``status == "temporarily closed"``), not text.
COMPARISONS = {"==", "!="}
#: Keyword arguments of macros that carry CSS classes or ids, never words.
NOT_TEXT_ARGUMENTS = {"cls", "class_", "classes", "id", "css", "format"}  # format: a date pattern


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        named = dict(attrs)
        for name, value in attrs:
            if name in READ_ATTRIBUTES or (
                name == "value" and tag == "input"
                and (named.get("type") or "") in ("submit", "button", "reset")
            ):
                self._check(value or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self._check(data)

    def _check(self, text: str) -> None:
        bare = _ATTRIBUTE_TEXT.sub(" ", text.replace("\x00", " "))
        words = [w for w in LETTERS.findall(bare) if w not in NOT_WORDS]
        if words:
            self.found.append(" ".join(text.replace("\x00", "…").split()))


#: Blocks that fill an attribute (``<body class="{% block body_class %}">``): never text.
_ATTRIBUTE_BLOCKS = re.compile(r"{%-?\s*block\s+\w+_class\s*-?%}.*?{%-?\s*endblock\s*-?%}", re.S)
#: An expression inside an attribute that is never read (``class="{{ 'a b' if x }}"``).
_IN_ATTRIBUTE = re.compile(
    r"""\b(?:class|id|href|src|name|value|type|hx-[\w-]+|data-[\w-]+)="[^"]*$""")
#: A dictionary key naming an attribute that holds ids or classes (``{'aria-describedby': …}``).
_ATTRIBUTE_KEY = re.compile(r"""['"](?:aria-describedby|aria-labelledby|aria-controls|class|id)""")
#: Attributes written out as text by a macro (``hx-post="…"``), which are not words to read.
_ATTRIBUTE_TEXT = re.compile(r"""[\w:.-]+=(?:"[^"]*"|'[^']*')""")


def unmarked_in_template(source: str, env: Environment) -> list[str]:
    """Text in a Jinja template that a reader would see untranslated."""
    source = _ATTRIBUTE_BLOCKS.sub("", source)
    html: list[str] = []
    found: list[str] = []
    calls: list[str | None] = []
    previous = before = last_string = None
    in_comment = False
    for _line, kind, value in env.lex(source):
        if kind == "comment_begin":
            in_comment = True
        elif kind == "comment_end":
            in_comment = False
        if in_comment or kind in ("comment", "comment_end"):
            continue
        if kind == "data":
            html.append(value)
            continue
        if kind == "whitespace":
            continue
        if kind in ("variable_begin", "block_begin"):
            html.append(HOLE)
            calls.clear()
        if kind == "operator" and value == "(":
            calls.append(previous if previous in MARKERS else None)
        elif kind == "operator" and value == ")" and calls:
            calls.pop()
        elif (kind == "string" and not (calls and any(calls)) and previous not in COMPARISONS
              and not (previous == "=" and before in NOT_TEXT_ARGUMENTS)
              and not (previous == ":" and _ATTRIBUTE_KEY.match(last_string or ""))
              and not _IN_ATTRIBUTE.search("".join(html[-3:]))):
            if " " in value.strip() and LETTERS.search(value) and not value.lstrip().startswith(
                    ("<", "%", "#", ".")):
                found.append(ast.literal_eval(value))
        before = previous
        previous = value if kind in ("name", "operator") else None
        if kind == "string":
            last_string = value
    parser = _Text()
    parser.feed("".join(html))
    parser.close()
    return found + parser.found


#: Calls whose first message argument a person reads.
_MESSAGE_CALLS = {"flash": 0, "InvalidInput": 0, "NotFound": 0, "Forbidden": 0, "Conflict": 0,
                  "BadBody": 0, "UnreadableJson": 0, "ValidationError": 0, "InvalidSearch": 0,
                  "Problem": 1, "fail": 1}


def _is_unmarked(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(LETTERS.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_unmarked(node.left) or _is_unmarked(node.right)
    if isinstance(node, ast.IfExp):
        return _is_unmarked(node.body) or _is_unmarked(node.orelse)
    return False


def unmarked_in_python(source: str) -> list[tuple[int, str]]:
    """(line, code) of each message given unmarked to a call that shows it to a person."""
    found = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else (
                node.func.attr if isinstance(node.func, ast.Attribute) else None)
            index = _MESSAGE_CALLS.get(name or "")
            if index is not None and len(node.args) > index and _is_unmarked(node.args[index]):
                found.append((node.lineno, ast.unparse(node)[:120]))
        if isinstance(node, ast.FunctionDef) and node.name in NAVIGATION_HOOKS:
            for inner in ast.walk(node):
                if (isinstance(inner, ast.Tuple) and len(inner.elts) == 2
                        and _is_unmarked(inner.elts[0])):
                    found.append((inner.lineno, ast.unparse(inner)[:120]))
    return found


NAVIGATION_HOOKS = ("extra_nav_items", "extra_nav_items_for_role")


def template_files(root: Path) -> list[Path]:
    return sorted([*root.glob("templates/**/*.html"),
                   *root.glob("plugins/*/carebridge_*/templates/**/*.html")])


def python_files(root: Path) -> list[Path]:
    return sorted([*root.glob("platform/carebridge/**/*.py"),
                   *root.glob("plugins/*/carebridge_*/**/*.py")])
