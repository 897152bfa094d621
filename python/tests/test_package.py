"""The installed distribution: where it lives, its version and its typing markers."""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

import userhash


def test_runs_against_the_installed_package(root: Path) -> None:
    package = Path(userhash.__file__).resolve().parent
    assert Path(sys.prefix).resolve() in package.parents
    # Not the source package (python/userhash); the venv itself may live under target/.
    assert (root / "python").resolve() not in package.parents


def test_version_is_the_cargo_version(root: Path) -> None:
    cargo = (root / "Cargo.toml").read_text()
    workspace_version = re.search(r'^\[workspace\.package\][^\[]*?^version = "([^"]+)"', cargo, re.M | re.S)
    assert workspace_version is not None
    assert userhash.__version__ == workspace_version.group(1)
    assert metadata.version("userhash") == userhash.__version__


def test_public_names() -> None:
    assert sorted(userhash.__all__) == sorted(
        ["FailureEvent", "Finding", "JwtPresetName", "JwtVerification", "Keyring", "KeyringError", "PresetName",
         "SecretError", "Signer", "TimestampError", "UserIdError", "UserIdTypeError", "UserhashError", "Verification",
         "WidgetError", "__version__", "explain", "generate_secret", "sign", "verify", "widget"]
    )
    for name in userhash.__all__:
        assert hasattr(userhash, name), name
    for cls in (userhash.Signer, userhash.Keyring, userhash.Verification, userhash.Finding,
                userhash.FailureEvent, userhash.KeyringError, userhash.WidgetError):
        assert cls.__module__ == "userhash", cls
    assert sorted(userhash.widget.__all__) == ["MetadataValue", "User", "json", "script"]


def test_typed_package() -> None:
    package = Path(userhash.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "__init__.pyi").is_file()
    assert (package / "widget.pyi").is_file()
