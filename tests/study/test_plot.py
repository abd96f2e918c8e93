"""plot.py: the figures of the runs."""

from study import plot
from run_records import FIXED, make_run


def test_plot_writes_one_png_with_both_backends(tmp_path):
    runs = FIXED + [dict(r, backend="jax") for r in FIXED]
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
    assert plot.accuracies(runs, column, "tensorflow") == [50.0]


def test_a_figure_is_the_same_bytes_each_time(tmp_path):
    plot.plot(FIXED, tmp_path / "a")
    plot.plot(FIXED, tmp_path / "b")
    first = (tmp_path / "a" / "accuracy.png").read_bytes()
    assert first == (tmp_path / "b" / "accuracy.png").read_bytes()
