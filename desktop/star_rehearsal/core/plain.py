"""Deck text is the user's words, never markup: the one place it is made literal for Markdown
and HTML (issue #29 item 2: `<img src="/tmp/fifo">` in a heading hung the window, `width=20000`
took 3.2 GB, `![x](/path/a.png)` put a local file into an exported PDF).

Qt-free, for the reports; the window's labels and tooltips use ui/plain_text on top of these.
"""

from __future__ import annotations

import html
import re

# Characters that start inline Markdown (emphasis, code, links, images, raw HTML, entities,
# tables, strikethrough) wherever they stand.
_INLINE = re.compile(r"([\\`*_\[\]<>!|~&])")
# What starts a block at the beginning of a line: headings, quotes, lists, rules, setext lines.
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def markdown_literal(text: str) -> str:
    """`text` as Markdown that shows exactly these characters, on one line."""
    one_line = " ".join(text.split())
    escaped = _INLINE.sub(r"\\\1", one_line)
    return _BLOCK_START.sub(lambda m: m[1] + m[2][:-1] + "\\" + m[2][-1], escaped)


def html_literal(text: str) -> str:
    """`text` as HTML that shows exactly these characters (line breaks kept)."""
    return html.escape(text).replace("\n", "<br>")
