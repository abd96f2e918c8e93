"""compare_figure.py: the accuracy figure."""

import compare_figure
from run_records import FIXED


def test_plot_writes_png_with_both_backends(tmp_path):
    runs = FIXED + [dict(r, backend="jax") for r in FIXED]
    compare_figure.plot(runs, tmp_path / "accuracy.png")
    assert (tmp_path / "accuracy.png").read_bytes()[:4] == b"\x89PNG"
    assert [p.name for p in tmp_path.iterdir()] == ["accuracy.png"]


def test_scaled_epochs_are_said_in_the_figure(tmp_path):
    figure_title = compare_figure.plot(FIXED, tmp_path / "a.png", epochs_scale=0.05)
    assert "TRAINING CUT TO 5%" in figure_title
    assert "article's settings" in compare_figure.plot(FIXED, tmp_path / "b.png")
