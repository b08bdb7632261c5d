"""The package's shape: stages in their own subpackages, no import cycles, and
answering from a stored record without spaCy."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import nlp_policy

PACKAGE = Path(nlp_policy.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = ("nlp_policy",) + path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _imports(tree: ast.AST, modules: set[str]) -> set[str]:
    """Package modules a module imports, lazily or not (``if TYPE_CHECKING`` left out:
    it never runs)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if _is_type_checking(node):
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in modules else node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {m for m in found if m in modules}


def _graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(files)
    return {name: _imports(ast.parse(path.read_text(encoding="utf-8")), modules) - {name} for name, path in files.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := walk(node)):
            return found
    return None


def test_no_import_cycles():
    cycle = _cycle(_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_few_modules_at_the_top():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 8, top


def test_stages_keep_their_dependencies():
    """The record and the answering stage never reach into the pipeline or extraction."""
    graph = _graph()
    for name, deps in graph.items():
        if name.startswith(("nlp_policy.record", "nlp_policy.qa", "nlp_policy.text")):
            bad = {d for d in deps if d.startswith(("nlp_policy.pipeline", "nlp_policy.extraction"))}
            assert not bad, f"{name} imports {sorted(bad)}"


def test_the_ask_command_on_a_stored_record_imports_no_spacy(tmp_path):
    """The library path is checked in test_answer; this is the command's path."""
    from sample_record import sample_record

    path = tmp_path / "record.json"
    path.write_text(sample_record().to_json(), encoding="utf-8")
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from nlp_policy.cli import main\n"
        f"result = CliRunner().invoke(main, ['ask', '--record', {str(path)!r}, 'Gilt das Verbot international?'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('spacy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
