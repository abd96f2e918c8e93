"""The top level is the learner's entrance: the six scripts and what they import.

Imports are read from the source (``ast``), at any depth of a file, so an
import inside a function counts too.
"""

import ast

from conftest import ROOT
from study.scripts import ARTICLE_SCRIPTS, SCRIPTS

SIX = {SCRIPTS[number] for number in ARTICLE_SCRIPTS}


def imported_modules(path) -> set[str]:
    """The top-level names of every module a file imports, anywhere in it."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def project_imports(files) -> set[str]:
    """The top-level project modules that ``files`` import, followed through."""
    found, todo = set(), [ROOT / name for name in files]
    while todo:
        for name in imported_modules(todo.pop()):
            if (ROOT / f"{name}.py").is_file() and name not in found:
                found.add(name)
                todo.append(ROOT / f"{name}.py")
    return found


def test_six_scripts_are_the_article_scripts():
    assert sorted(SIX) == [
        "01_naive_one_char.py",
        "02_window_features.py",
        "03_window_timesteps.py",
        "04_batch_state.py",
        "05_stateful.py",
        "06_variable_length.py",
    ]


def test_top_level_python_is_the_scripts_and_what_they_import():
    top = {p.name for p in ROOT.glob("*.py")}
    imported = {f"{name}.py" for name in project_imports(SIX)}
    assert "common.py" in imported and "fast_training.py" in imported
    assert top == SIX | imported, "a top-level module the six scripts do not import"


def test_scripts_and_their_modules_never_import_the_study():
    files = SIX | {f"{name}.py" for name in project_imports(SIX)}
    for name in sorted(files):
        assert "study" not in imported_modules(ROOT / name), name


def test_modules_do_not_import_each_other_in_a_cycle():
    """Scripts -> common.py and the training modules -> Keras, one way."""
    for name in project_imports(SIX):
        mine = {m for m in imported_modules(ROOT / f"{name}.py")}
        project = {m for m in mine if (ROOT / f"{m}.py").is_file()}
        allowed = set() if name == "common" else {"common"}
        assert project <= allowed, f"{name}.py imports {sorted(project - allowed)}"
