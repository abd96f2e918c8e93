"""plot.py: the figures of the runs."""

from dataclasses import replace

from run_records import FIXED, make_run

from study import plot
from study.groups import Groups
from study.registry import CLAIMS


def test_plot_writes_one_png_with_both_backends(tmp_path):
    runs = FIXED + [replace(r, backend="jax") for r in FIXED]
    assert plot.plot(runs, tmp_path) == [tmp_path / "accuracy.png"]
    assert (tmp_path / "accuracy.png").read_bytes()[:4] == b"\x89PNG"
    assert [p.name for p in tmp_path.iterdir()] == ["accuracy.png"]


def test_conjectures_get_their_own_figure(tmp_path):
    every = [("A", "B", "B"), ("B", "D", "C")]
    runs = FIXED + [
        make_run("mlp", "hidden-64", 1, 0.9),
        make_run("06", "epochs-1000-units-64", 1, 0.99, every=every),
    ]
    written = plot.plot(runs, tmp_path)
    assert [p.name for p in written] == ["accuracy.png", "conjectures.png"]
    column = ("06", "epochs-1000-units-64", "every")
    assert plot.accuracies(Groups(runs, CLAIMS), column, "tensorflow") == [50.0]


def test_a_column_without_runs_is_left_out(tmp_path):
    runs = FIXED + [make_run("06", "patterns-250", 1, 0.9, every=[("A", "B", "B")])]
    panels = plot.panels(Groups(runs, CLAIMS), ["tensorflow"])
    main, conjectures = panels
    assert [c for _, columns in main for c in columns] == [
        ("01", "article", ""), ("02", "article", ""), ("05", "article", "")
    ]  # fmt: skip
    assert [columns for _, columns in conjectures] == [
        [("06", "patterns-250", "")],
        [("06", "patterns-250", "every")],
    ]


def test_a_figure_is_the_same_bytes_each_time(tmp_path):
    plot.plot(FIXED, tmp_path / "a")
    plot.plot(FIXED, tmp_path / "b")
    first = (tmp_path / "a" / "accuracy.png").read_bytes()
    assert first == (tmp_path / "b" / "accuracy.png").read_bytes()
