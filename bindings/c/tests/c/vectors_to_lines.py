#!/usr/bin/env python3
"""Turns tests/vectors/vectors.json into lines that test_userhash.c reads.

    sign   SECRET SECRET_TEXT USER_ID INT HASH
    verify SECRET SECRET_TEXT USER_ID HASH VALID

Byte fields are written as `x` + hex (so an empty value is `x`); SECRET_TEXT is `-` when
the case has no text secret, INT is `-` when the id is not an integer. Nothing is computed
here: every expected value is copied from the vectors file.

Usage: vectors_to_lines.py VECTORS_JSON > LINES
"""

import json
import sys


def field(data: bytes) -> str:
    return "x" + data.hex()


def text(case) -> str:
    return field(case["secret_text"].encode()) if "secret_text" in case else "-"


def main(path):
    doc = json.load(open(path))
    for c in doc["sign"]:
        print("sign", "x" + c["secret_hex"], text(c), "x" + c["user_id_hex"],
              c.get("user_id_int", "-"), field(c["hash"].encode()))
    for c in doc["verify"]:
        print("verify", "x" + c["secret_hex"], text(c), "x" + c["user_id_hex"],
              field(c["hash"].encode()), int(c["valid"]))


if __name__ == "__main__":
    main(sys.argv[1])
