#!/usr/bin/env python3
"""Every package carries the Cargo workspace version (the one version source).

Python takes it from Cargo through maturin (`dynamic = ["version"]`); the native libraries
report it through `env!("CARGO_PKG_VERSION")`, checked by each language's tests. This
checks the files that must spell it out. Prints "versions: N passed, N failed".
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cargo_version():
    text = (ROOT / "Cargo.toml").read_text()
    section = text.split("[workspace.package]", 1)[1]
    return re.search(r'^version = "([^"]+)"', section, re.M).group(1)


def main():
    want = cargo_version()
    found = {
        "node/package.json": json.loads((ROOT / "node/package.json").read_text())["version"],
        "node/package-lock.json": json.loads((ROOT / "node/package-lock.json").read_text())["version"],
        "php-ext/composer.json": json.loads((ROOT / "php-ext/composer.json").read_text())["version"],
        "ruby/lib/userhash/version.rb": re.search(
            r"VERSION = '([^']+)'", (ROOT / "ruby/lib/userhash/version.rb").read_text()).group(1),
        "python/pyproject.toml (dynamic, from Cargo)":
            want if re.search(r'^dynamic = \["version"\]', (ROOT / "python/pyproject.toml").read_text(), re.M)
            else "a static version",
    }
    failed = 0
    for where, version in found.items():
        ok = version == want
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {where}: {version}" + ("" if ok else f" (Cargo.toml says {want})"))
    print(f"versions: {len(found) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
