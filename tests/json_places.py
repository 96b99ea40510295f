"""Places in a JSON document, as key paths: what the broken-input property tests break."""

from __future__ import annotations


def places(node, where: tuple = ()):
    """Every place in ``node`` (itself first), as the keys and indexes leading to it."""
    yield where
    if isinstance(node, dict):
        for key, value in node.items():
            yield from places(value, (*where, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from places(value, (*where, i))


def at(document, where: tuple):
    """The value at a place ``places`` named."""
    for key in where:
        document = document[key]
    return document
