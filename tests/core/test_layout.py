"""The project's shape is a contract: platform/ is a source folder, every module says why."""

import ast
import importlib
import inspect
import sys
from pathlib import Path

from carebridge import hookspecs

ROOT = Path(__file__).resolve().parents[2]


def test_import_platform_gives_the_standard_library():
    import platform

    assert not Path(platform.__file__).resolve().is_relative_to(ROOT)
    assert Path(platform.__file__).resolve().is_relative_to(Path(sys.base_prefix).resolve())
    assert callable(platform.python_version)


def test_platform_folder_is_never_a_package():
    assert not (ROOT / "platform" / "__init__.py").exists()


def test_sqlalchemy_still_imports_beside_the_platform_folder():
    assert importlib.import_module("sqlalchemy.engine").__name__ == "sqlalchemy.engine"


def python_modules():
    for folder in ("platform/carebridge", "resource_directory", "plugins"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations/versions" not in path.as_posix():
                yield path


def test_every_module_has_a_one_line_docstring():
    missing = [
        str(path.relative_to(ROOT))
        for path in python_modules()
        if path.stat().st_size and not ast.get_docstring(ast.parse(path.read_text()))
    ]
    assert missing == []


def test_every_hook_is_documented():
    hooks = [
        (name, fn) for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(fn, "carebridge_spec")
    ]
    assert hooks
    assert [name for name, fn in hooks if not (fn.__doc__ or "").strip()] == []


def test_the_directory_library_does_not_import_flask():
    offenders = []
    for path in sorted((ROOT / "resource_directory").rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in ("flask", "carebridge") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
