"""Test modules have unique names, so pytest collects every one of them (no __init__ files)."""

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).parents[1]


def test_no_two_test_modules_share_a_name_outside_a_package():
    loose = [path for path in TESTS.rglob("test_*.py")
             if not (path.parent / "__init__.py").exists()]
    repeated = [name for name, count in Counter(p.name for p in loose).items() if count > 1]
    assert repeated == [], f"rename one of each: {repeated}"
