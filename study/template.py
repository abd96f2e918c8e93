"""The page's sentences: named blocks of template files, filled in and wrapped.

A template file holds sentences of RESULTS.md as text with ``$name``
placeholders (string.Template), in blocks that start with a line
``@@ block-name``: page.md the shared ones (the title, the explanations,
the cross-cutting sections), each experiment module its own file beside
it (study/experiments/experiment4.md beside experiment4.py). The code
computes the values; ``Template(path).fill("block-name", name=value)``
puts them in and wraps the prose to WIDTH columns (``PAGE`` is page.md's).
Tables, headings, code and HTML comments are left as they are, one row a
line.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TEMPLATE = Path(__file__).with_name("page.md")
WIDTH = 88
_BLOCK = re.compile(r"^@@ (\S+)\s*$")
# A word that would start a list, a quote, a heading or a table if it began
# a line: the wrapper never lets a line begin with one.
_RISKY = re.compile(r"^([-+*>#|=]|\d+[.)]|<.*)$")
_ITEM = re.compile(r"^(- |\d+\. )")
_KEPT = ("|", "```", "<!--", "![", "#")
# "p < 0.001" and "p = 0.04" stay on one line.
_P_VALUE = re.compile(r"\bp [<=] \S+")
_GLUE = "\0"
# An empty value leaves a paragraph out: never two blank lines in a row.
_BLANKS = re.compile(r"\n{3,}")


@cache
def blocks(path: Path = TEMPLATE) -> dict[str, str]:
    """The named blocks of a template file; text before the first is a note."""
    found: dict[str, list[str]] = {}
    name = None
    for line in path.read_text().splitlines():
        match = _BLOCK.match(line)
        if match:
            name = match.group(1)
            if name in found:
                raise ValueError(f"{path.name}: block {name!r} twice")
            found[name] = []
        elif name is not None:
            found[name].append(line)
    return {k: "\n".join(v).strip("\n") for k, v in found.items()}


@dataclass(frozen=True)
class Template:
    """The blocks of one template file, filled in by name."""

    path: Path

    @classmethod
    def beside(cls, module_file: str) -> Template:
        """The template of a module: its file with ``.md`` for ``.py``."""
        return cls(Path(module_file).with_suffix(".md"))

    def fill(self, name: str, wrap: bool = True, **values: object) -> str:
        """A block with its values in, wrapped unless ``wrap`` is False.

        A placeholder without a value, or a block that does not exist, is an
        error (KeyError): the page never prints a ``$name``.
        """
        text = string.Template(blocks(self.path)[name]).substitute(values)
        return wrapped(text) if wrap else text

    def lines(self, name: str, **values: object) -> list[str]:
        """``fill``, as a list of lines (how the sections build the page)."""
        return self.fill(name, **values).splitlines()

    def phrase(self, name: str, **values: object) -> str:
        """A block filled in, unwrapped: a piece of a sentence."""
        return self.fill(name, wrap=False, **values)


# page.md: the blocks every section shares, and the cross-cutting sections'.
PAGE = Template(TEMPLATE)


def wrap_words(text: str, width: int, indent: str = "") -> list[str]:
    """Words into lines of at most ``width`` (a longer word: a line alone).

    No line after the first starts with a word that markdown would read as
    the start of a list, quote, heading or table: that word takes the one
    before it along.
    """
    out: list[list[str]] = [[]]
    for word in _words(text):
        line = out[-1]
        if line and len(indent + " ".join([*line, word])) > width:
            carried = [line.pop()] if _RISKY.match(word) and len(line) > 1 else []
            out.append([*carried, word])
        else:
            line.append(word)
    return [indent + " ".join(words) for words in out if words]


def _words(text: str) -> list[str]:
    """The words of a text; a code span (`` `06 pad-distinct` ``) or a link's
    text (``[Accuracy over seeds](#...)``) is one word."""
    words: list[str] = []
    for word in _P_VALUE.sub(lambda m: m.group(0).replace(" ", _GLUE), text).split():
        last = words[-1] if words else ""
        if last.count("`") % 2 or last.count("[") > last.count("]"):
            words[-1] += " " + word
        else:
            words.append(word)
    return [w.replace(_GLUE, " ") for w in words]


def _paragraph(chunk: list[str], width: int) -> list[str]:
    """One paragraph wrapped: a list (item by item), a quote, or prose."""
    if chunk[0].startswith(_KEPT):
        return chunk
    if _ITEM.match(chunk[0]):
        items: list[list[str]] = []
        for line in chunk:
            if _ITEM.match(line) or not items:
                items.append([line])
            else:
                items[-1].append(line.strip())
        out = []
        for item in items:
            marker = _ITEM.match(item[0]).group(1)  # type: ignore[union-attr]
            body = wrap_words(" ".join(item)[len(marker) :], width, " " * len(marker))
            out += [marker + body[0].lstrip(), *body[1:]]
        return out
    if chunk[0].startswith(">"):
        body = " ".join(line.lstrip("> ").strip() for line in chunk)
        return wrap_words(body, width, "> ")
    return wrap_words(" ".join(chunk), width)


def wrapped(text: str, width: int = WIDTH) -> str:
    """Markdown with its prose paragraphs wrapped; code blocks left whole."""
    out: list[str] = []
    chunk: list[str] = []
    in_code = False
    for line in [*text.splitlines(), ""]:
        if line.startswith("```"):
            in_code = not in_code
        if in_code or line.startswith("```"):
            out += [*_paragraph(chunk, width), line] if chunk else [line]
            chunk = []
        elif line.strip():
            chunk.append(line)
        else:
            out += [*_paragraph(chunk, width), ""] if chunk else [""]
            chunk = []
    return _BLANKS.sub("\n\n", "\n".join(out)).strip("\n")
