"""The study's modules: one experiment a module, and no import cycles.

Imports are read from the source (``ast``), at any depth of a file.
"""

import ast

from conftest import ROOT

STUDY = ROOT / "study"


def module_name(path) -> str:
    """``study.experiments.experiment4`` for study/experiments/experiment4.py."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def study_imports(path) -> set[str]:
    """The study modules a file imports (``from study.x import y``: study.x,
    or study.x.y where that is a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("study"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                is_module = (ROOT / (full.replace(".", "/") + ".py")).is_file()
                found.add(full if is_module else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("study")}
    return found


def graph() -> dict[str, set[str]]:
    """Each study module -> the study modules it imports."""
    return {module_name(p): study_imports(p) for p in STUDY.rglob("*.py")}


def reached(edges: dict[str, set[str]], start: str) -> set[str]:
    """Every module ``start`` imports, followed through."""
    seen: set[str] = set()
    todo = list(edges.get(start, ()))
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += edges.get(name, ())
    return seen


def test_no_study_module_imports_itself_through_others():
    edges = graph()
    assert [m for m in edges if m in reached(edges, m)] == []


def test_experiments_never_import_the_registry_the_page_or_the_cli():
    """The core they use never collects them: registry.py does, once."""
    edges = graph()
    experiments = [m for m in edges if m.startswith("study.experiments.")]
    assert experiments
    for name in experiments:
        below = reached(edges, name)
        assert not below & {"study.registry", "study.page", "study.cli"}, name


def test_imports_between_experiments_and_sections_run_one_way():
    """Sections may import experiments; no experiment reaches a section.

    What both use (shared.py) lives below both folders.
    """
    edges = graph()
    experiments = [m for m in edges if m.startswith("study.experiments.")]
    for name in experiments:
        below = reached(edges, name)
        assert not {m for m in below if m.startswith("study.sections")}, name
