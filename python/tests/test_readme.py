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


VENDORS = ["Intercom (classic identity verification)", "Intercom (Messenger security, JWT)", "Chatwoot",
           "Crisp", "Help Scout", "Front", "Pylon", "Zendesk (messaging, JWT)", "Canny (JWT only)", "Featurebase"]


def test_each_vendor_has_an_example(root: Path) -> None:
    # Each one runs in test_readme_examples_run, as every python block does.
    section = (root / "python/README.md").read_text().split("\n## Vendors\n")[1].split("\n## ")[0]
    subsections = dict(re.findall(r"^### (.+?)\n(.*?)(?=^### |\Z)", section, re.M | re.S))
    assert list(subsections)[:len(VENDORS)] == VENDORS
    for vendor in VENDORS:
        assert "```python\n" in subsections[vendor], vendor
    for vendor in ("Crisp", "Help Scout", "Pylon"):
        assert "exactly as given" in subsections[vendor], vendor
    assert "hex, decoded" in subsections["Pylon"]
