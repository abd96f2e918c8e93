"""template.py: page.md's blocks filled in, and the prose wrapped."""

import pytest

from study import template


def test_every_block_has_a_name_and_the_note_is_not_one(tmp_path):
    path = tmp_path / "page.md"
    path.write_text("a note\n\n@@ one\nfirst $x\n\n@@ two\nsecond\n")
    assert template.blocks(path) == {"one": "first $x", "two": "second"}
    twice = tmp_path / "twice.md"
    twice.write_text("@@ one\na\n@@ one\nb\n")
    with pytest.raises(ValueError, match="twice"):
        template.blocks(twice)


def test_a_missing_value_is_an_error_not_a_dollar_on_the_page():
    with pytest.raises(KeyError):
        template.PAGE.fill("not-run-yet")  # needs $runs
    assert template.PAGE.fill("not-run-yet", runs="`x`") == "`x`: not run yet."


def test_prose_wraps_and_tables_headings_and_code_stay_whole():
    row = "| a | " + "b | " * 40
    heading = "# A heading that is long" * 5
    text = "\n".join([heading, "", "word " * 50, "", row,
                      "|---|---|", "", "```", "code " * 30, "```"])  # fmt: skip
    out = template.wrapped(text, width=40).splitlines()
    assert out[0] == heading
    prose = out[2 : out.index(row) - 1]
    assert len(prose) > 1 and all(len(line) <= 40 for line in prose)
    assert row in out and "code " * 30 in out


def test_wrapping_keeps_code_spans_and_p_values_whole():
    text = "x " * 30 + "`06 pad-distinct-unmasked` and p < 0.001 [a b c](#x) " * 4
    for width in range(20, 40):
        lines = template.wrapped(text, width=width).splitlines()
        assert all(line.count("`") % 2 == 0 for line in lines)
        assert all(line.count("[") == line.count("]") for line in lines)
        assert not any(line.endswith(("p", "<")) for line in lines)


def test_no_line_starts_like_a_list_a_quote_or_a_heading():
    text = "a " * 18 + "- b " + "c " * 18 + "> d " + "e " * 18 + "# f 1. g"
    for width in range(10, 40):
        for line in template.wrapped(text, width=width).splitlines()[1:]:
            assert not line.startswith(("- ", "> ", "# ", "1. ")), (width, line)


def test_list_items_and_quotes_wrap_with_their_marker():
    text = "- " + "item " * 30 + "\n- second\n\n> " + "quote " * 30
    lines = template.wrapped(text, width=40).splitlines()
    assert lines[0].startswith("- ") and lines[1].startswith("  item")
    assert "- second" in lines
    quote = lines[lines.index("") + 1 :]
    assert len(quote) > 1 and all(line.startswith("> ") for line in quote)
