"""The PEP 517 backend of the sdist: maturin's, stopping first when Rust is missing.

Without `cargo` on PATH, maturin would download a Rust toolchain (about 750 MB) through
puccinialin, and fail with a long traceback when offline. A user who meets the sdist has no
wheel for their platform: one sentence saying what to install serves them better.
"""

import shutil
import sys

import maturin
from maturin import build_sdist, get_requires_for_build_sdist  # noqa: F401  (hooks as they are)

NO_RUST = (
    "userhash: no prebuilt wheel matches this platform and building from source needs Rust "
    "1.88 or newer, which is not installed: install it from https://rustup.rs (or your "
    "distribution's cargo and rustc packages) and run pip again."
)


def _require_cargo() -> None:
    if shutil.which("cargo") is None:
        print(NO_RUST, file=sys.stderr)
        raise SystemExit(1)


def _needs_cargo(hook):
    def checked(*args, **kwargs):
        _require_cargo()
        return hook(*args, **kwargs)

    checked.__name__ = hook.__name__
    return checked


get_requires_for_build_wheel = _needs_cargo(maturin.get_requires_for_build_wheel)
get_requires_for_build_editable = _needs_cargo(maturin.get_requires_for_build_editable)
prepare_metadata_for_build_wheel = _needs_cargo(maturin.prepare_metadata_for_build_wheel)
prepare_metadata_for_build_editable = _needs_cargo(maturin.prepare_metadata_for_build_editable)
build_wheel = _needs_cargo(maturin.build_wheel)
build_editable = _needs_cargo(maturin.build_editable)
