"""docs/plugins.md documents every hook in hookspecs.py, and no hook that does not exist."""

import re
from pathlib import Path

import pytest

from carebridge import hookspecs

DOCS = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"
HOOKS = sorted(
    name for name, value in vars(hookspecs).items()
    if callable(value) and hasattr(value, "carebridge_spec")
)
# A hook is documented by a heading "### `name(...)`" or a code entry "`name(...)`".
DOCUMENTED = set(re.findall(r"`([a-z_]+)\(", DOCS.read_text()))
# Names that look like hooks (register_*, extra_*, *_created, *_published) wherever they appear.
MENTIONED = set(re.findall(
    r"\b(register_[a-z_]+|extra_[a-z_]+|[a-z]+_(?:created|published|from_request))\b",
    DOCS.read_text(),
))


def test_there_are_hooks_to_document():
    assert "register_widgets" in HOOKS and "register_importers" in HOOKS


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented(hook):
    assert hook in DOCUMENTED, f"docs/plugins.md does not document {hook}()"


def test_the_docs_mention_no_hook_that_does_not_exist():
    assert MENTIONED - set(HOOKS) == set()


def test_every_hook_has_a_one_line_docstring_saying_what_it_returns():
    for hook in HOOKS:
        doc = getattr(hookspecs, hook).__doc__
        assert doc and "\n" not in doc.strip(), hook
        assert "Return" in doc or "return nothing" in doc, hook


HEADINGS = dict(re.findall(r"^### `([a-z_]+)\(([^)]*)\)`", DOCS.read_text(), re.M))


def _section(hook: str) -> str:
    text = DOCS.read_text()
    start = text.index(f"### `{hook}(")
    following = text.find("\n### ", start + 1)
    return text[start: following if following != -1 else len(text)]


@pytest.mark.parametrize("hook", HOOKS)
def test_every_documented_signature_matches_the_hookspec(hook):
    import inspect

    declared = list(inspect.signature(getattr(hookspecs, hook)).parameters)
    documented = [arg.strip() for arg in HEADINGS[hook].split(",") if arg.strip()]
    assert documented == declared


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_says_what_it_returns_and_has_an_example(hook):
    section = _section(hook)
    assert "Returns" in section
    assert re.search(rf"```python\n@hookimpl\ndef {hook}\(", section), hook
