"""The seams hold: no import cycles, one owner of commits, plugins only use the public API."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from carebridge import plugin_api

ROOT = Path(__file__).resolve().parents[2]
#: Each bundled plugin's package: ``plugins/<name>/carebridge_<name>``.
BUNDLED_PLUGINS = {
    path.name: path for path in sorted(ROOT.glob("plugins/*/carebridge_*"))
    if (path / "__init__.py").is_file()
}
SOURCES = {
    "carebridge": ROOT / "platform" / "carebridge",
    "resource_directory": ROOT / "resource_directory",
    **BUNDLED_PLUGINS,
}
#: Modules that start the program: they, and only they, may import the application factory.
ENTRY_POINTS = {"carebridge", "carebridge.cli", "carebridge.app"}


def module_files() -> dict[str, Path]:
    found = {}
    for package, folder in SOURCES.items():
        for path in folder.rglob("*.py"):
            if "migrations/versions" in path.as_posix():
                continue
            parts = [package, *path.relative_to(folder).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = module_files()


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports_of(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports, at the top or inside a function (an import hidden in a
    function is still a dependency), but not those only read by type checkers."""
    tree = ast.parse(path.read_text())
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if _type_checking_only(node):
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return groups


def test_the_checker_sees_the_modules_and_a_cycle():
    assert "carebridge.renderer.formdata" in GRAPH
    assert "carebridge.renderer.compile" in GRAPH["carebridge.renderer.formdata"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_there_are_no_import_cycles():
    # ``carebridge/__init__`` hands out create_app when asked (an entry point), so it is the
    # leaf every ``from carebridge import __version__`` reaches, not a way round the graph.
    graph = {**GRAPH, "carebridge": set()}
    assert cycles(graph) == []


def test_only_entry_points_import_the_application_factory():
    importers = {name for name, targets in GRAPH.items() if "carebridge.app" in targets}
    assert importers <= ENTRY_POINTS


@pytest.mark.parametrize("plugin", sorted(BUNDLED_PLUGINS))
def test_a_bundled_plugin_imports_only_the_public_plugin_api(plugin):
    outside = {
        target
        for name, targets in GRAPH.items() if name.split(".")[0] == plugin
        for target in targets if target.split(".")[0] == "carebridge" or target == "carebridge"
    }
    assert outside == {"carebridge.plugin_api"}


def commit_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text())
    return [
        node.lineno for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and node.func.attr == "commit"
    ]


def test_only_the_unit_of_work_commits():
    # The directory library commits only its search index's writer (Whoosh), never a session.
    committing = {name for name, path in MODULES.items() if commit_calls(path)}
    assert committing == {"carebridge.unit_of_work",
                          "resource_directory.search.whoosh_backend"}
    index_writer = (MODULES["resource_directory.search.whoosh_backend"]).read_text()
    assert ".commit()" in index_writer and "session.commit" not in index_writer


@pytest.mark.parametrize("name", plugin_api.__all__)
def test_every_public_name_exists_and_is_documented(name):
    assert hasattr(plugin_api, name)
    documented = (ROOT / "docs" / "plugins.md").read_text()
    assert re.search(rf"`{re.escape(name)}[`(]", documented), f"docs/plugins.md lacks {name}"
