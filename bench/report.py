"""docs/benchmarks.md is written by several benchmarks; each owns one marked section."""

from __future__ import annotations

import re
from pathlib import Path

HEADER = ("# Benchmarks\n\nEvery figure is measured beside its baseline in the same run on the same machine "
          "and data. Benchmarks never run in `make test`; a small smoke run of their code does.\n\n")


def write_section(path: Path, name: str, body: str) -> None:
    """Replace the section `name` of `path` (or append it), keeping the other sections."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    block = f"<!-- bench:{name} -->\n{body.rstrip()}\n<!-- /bench:{name} -->\n"
    pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->\n?", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    elif f"## {body.splitlines()[0].lstrip('# ')}" in text:
        # an unmarked section of an earlier version: replace it up to the next section or the end
        title = body.splitlines()[0]
        start = text.index(title)
        nxt = text.find("\n## ", start + len(title))
        text = text[:start] + block + (text[nxt + 1:] if nxt >= 0 else "")
    else:
        text = text.rstrip() + "\n\n" + block
    path.write_text(text, encoding="utf-8")
