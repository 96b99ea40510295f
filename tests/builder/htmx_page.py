"""The builder page as a browser running htmx holds it: parsed, changed by each answer's swaps
(the main swap and the out-of-band ones, as htmx 2 does them), and drawn canonically, so a test
can compare the page after htmx answers with the page the plain POST → redirect path draws."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), parent=self.open[-1])
        self.open[-1].children.append(node)
        if tag not in VOID:
            self.open.append(node)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(Node(tag, dict(attrs), parent=self.open[-1]))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return
        raise AssertionError(f"</{tag}> closes nothing open")

    def handle_data(self, data):
        self.open[-1].children.append(data)


def parse(html: str) -> Node:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.root


def walk(node: Node):
    for child in node.children:
        if isinstance(child, Node):
            yield child
            yield from walk(child)


def by_id(root: Node, wanted: str) -> Node:
    found = [n for n in walk(root) if n.attrs.get("id") == wanted]
    assert len(found) == 1, f"{len(found)} elements with the id {wanted}"
    return found[0]


def _adopt(parent: Node, nodes: list[Node | str]) -> list[Node | str]:
    for node in nodes:
        if isinstance(node, Node):
            node.parent = parent
    return nodes


def _replace(old: Node, new: list[Node | str]) -> None:
    siblings = old.parent.children
    at = siblings.index(old)
    siblings[at:at + 1] = _adopt(old.parent, new)


def swap(target: Node, how: str, content: list[Node | str]) -> None:
    if how == "outerHTML":
        _replace(target, content)
    elif how == "innerHTML":
        target.children = _adopt(target, content)
    elif how == "afterbegin":
        target.children[0:0] = _adopt(target, content)
    elif how == "afterend":
        siblings = target.parent.children
        at = siblings.index(target) + 1
        siblings[at:at] = _adopt(target.parent, content)
    elif how == "delete":
        target.parent.children.remove(target)
    else:
        raise AssertionError(f"no swap {how!r} in this model")


def apply_answer(page: Node, html: str, headers) -> None:
    """Put an htmx answer to a builder form into ``page``, as htmx 2 would: out-of-band parts
    first (by id, or ``how:#id``), then the rest where the request was aimed (``#builder``,
    outerHTML, unless the answer retargets it)."""
    answer = parse(html)
    for node in [n for n in answer.children if isinstance(n, Node)
                 and "hx-swap-oob" in n.attrs]:
        answer.children.remove(node)
        value = node.attrs.pop("hx-swap-oob") or "true"
        how, _, where = value.partition(":")
        if how == "true":
            how = "outerHTML"
        target = by_id(page, where.removeprefix("#") if where else node.attrs["id"])
        content: list[Node | str] = [node] if how == "outerHTML" else node.children
        swap(target, how, content)
    main = re.sub(r"^#", "", headers.get("HX-Retarget", "#builder"))
    rest = [n for n in answer.children if isinstance(n, Node) or n.strip()]
    swap(by_id(page, main), headers.get("HX-Reswap", "outerHTML"), rest)


def drawn(node: Node, skip=lambda n: False) -> str:
    """``node`` drawn canonically: attributes sorted, runs of white space as one space."""
    out: list[str] = []

    def draw(n: Node | str) -> None:
        if isinstance(n, str):
            text = " ".join(n.split())
            if text:
                out.append(text)
            return
        if skip(n):
            return
        attrs = "".join(f" {k}={v!r}" for k, v in sorted(n.attrs.items()))
        out.append(f"<{n.tag}{attrs}>")
        for child in n.children:
            draw(child)
        out.append(f"</{n.tag}>")

    draw(node)
    return "\n".join(out)


def inputs(node: Node) -> dict[str, str]:
    return {n.attrs["name"]: n.attrs.get("value") or "" for n in walk(node)
            if n.tag == "input" and "name" in n.attrs}
