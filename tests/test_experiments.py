"""experiments.py: the six scripts by number, imported from their paths."""

import experiments
import pytest


def test_every_script_is_listed_and_exists():
    assert sorted(experiments.SCRIPTS) == ["01", "02", "03", "04", "05", "06"]
    for number, name in experiments.SCRIPTS.items():
        assert name.startswith(number + "_") and (experiments.ROOT / name).is_file()


@pytest.mark.parametrize(
    "number,epochs",
    [("01", 500), ("02", 500), ("03", 500), ("04", 5000), ("05", 300), ("06", 500)],
)
def test_load_script_gives_the_module_once(number, epochs):
    module = experiments.load_script(number)
    assert callable(module.run) and module.EPOCHS == epochs
    assert experiments.default_epochs(number) == epochs  # the article's
    assert experiments.load_script(number) is module  # imported once
