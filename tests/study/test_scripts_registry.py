"""scripts.py: the scripts by name, imported from their paths."""

from study import scripts
import pytest


def test_every_script_is_listed_and_exists():
    numbered = ["01", "02", "03", "04", "05", "06"]
    assert sorted(scripts.SCRIPTS) == numbered + ["mlp", "prefix"]
    assert scripts.ARTICLE_SCRIPTS == numbered
    for number, name in scripts.SCRIPTS.items():
        assert (scripts.ROOT / name).is_file()
        assert name.startswith(number + "_") or number not in numbered


@pytest.mark.parametrize(
    "number,epochs",
    [
        ("01", 500),
        ("02", 500),
        ("03", 500),
        ("04", 5000),
        ("05", 300),
        ("06", 500),
        ("mlp", 500),
        ("prefix", 300),
    ],  # fmt: skip
)
def test_load_script_gives_the_module_once(number, epochs):
    module = scripts.load_script(number)
    assert callable(module.run) and module.EPOCHS == epochs
    assert scripts.default_epochs(number) == epochs  # the article's
    assert scripts.load_script(number) is module  # imported once
