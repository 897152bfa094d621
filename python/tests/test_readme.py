"""The Python examples in python/README.md run, against the installed package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


def python_blocks(root: Path) -> list[str]:
    readme = (root / "python/README.md").read_text()
    return re.findall(r"^```python\n(.*?)^```", readme, re.M | re.S)


def test_readme_has_examples(root: Path) -> None:
    assert len(python_blocks(root)) >= 4


def test_readme_examples_run(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WIDGET_SECRET", raising=False)
    for block in python_blocks(root):
        exec(compile(block, "python/README.md", "exec"), {})
