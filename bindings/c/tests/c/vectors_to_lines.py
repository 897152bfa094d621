#!/usr/bin/env python3
"""Turns tests/vectors/vectors.json into lines that test_userhash.c reads.

    sign   SECRET SECRET_TEXT USER_ID INT HASH
    verify SECRET SECRET_TEXT USER_ID HASH VALID

Byte fields are written as `x` + hex (so an empty value is `x`); SECRET_TEXT is `-` when
the case has no text secret, INT is `-` when the id is not an integer. Every expected value
of those lines is copied from the vectors file.

The sections added later are written as `KIND key=value ...` (a value is `x` + hex bytes,
a decimal number, or a word; a missing key is an absent field):

    token   name secret text id expires token check=NOW:LEEWAY:OUTCOME ...
    reject  name token outcome [reason]        (user123, seed secret, now 1767225599)
    widget  case secret config [nonce] (json script | error)
    explain name now id hash [email] finding key=ID:SECRET:TEXT_OR_-:NOT_AFTER_OR_- ...
    rotate  old new id old_hash new_hash

A widget's `config` is the configuration JSON the C ABI takes, written by Python's `json`
(as every wrapper writes it with its language's encoder). The `rotate` hashes are computed
here with Python's standard `hmac`, the oracle the vectors file itself comes from.

Usage: vectors_to_lines.py VECTORS_JSON > LINES
"""

import hashlib
import hmac
import json
import sys


def field(data: bytes) -> str:
    return "x" + data.hex()


def text(case) -> str:
    return field(case["secret_text"].encode()) if "secret_text" in case else "-"


def hexhmac(key: bytes, msg: bytes) -> str:
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def kv(kind, **fields):
    parts = [kind]
    for key, value in fields.items():
        if value is None:
            continue
        if isinstance(value, list):
            parts.extend(f"{key}={v}" for v in value)
        else:
            parts.append(f"{key}={value}")
    print(" ".join(parts))


def b(text: str) -> str:
    return field(text.encode())


def widget(c):
    config = {"preset": c["preset"], "app_id": c["app_id"], "user": c["user"]}
    if "global" in c:
        config["global"] = c["global"]
    kv("widget", case=b(c["name"]), secret=b(c["secret_text"]),
       config=b(json.dumps(config, ensure_ascii=False)),
       nonce=b(c["nonce"]) if "nonce" in c else None,
       json=b(c["json"]) if "json" in c else None,
       script=b(c["script"]) if "script" in c else None, error=c.get("error"))


def explain(c):
    keys = [f"{k['id']}:x{k['secret_hex']}:"
            f"{b(k['secret_text']) if k['secret_text'] is not None else '-'}:"
            f"{k['not_after'] if k['not_after'] is not None else '-'}" for k in c["keys"]]
    kv("explain", name=b(c["name"]), now=c["now"], id=b(c["user_id_text"]), hash=b(c["hash"]),
       email=b(c["email"]) if c["email"] is not None else None, finding=c["finding"], key=keys)


def main(path):
    doc = json.load(open(path))
    for c in doc["sign"]:
        print("sign", "x" + c["secret_hex"], text(c), "x" + c["user_id_hex"],
              c.get("user_id_int", "-"), field(c["hash"].encode()))
    for c in doc["verify"]:
        print("verify", "x" + c["secret_hex"], text(c), "x" + c["user_id_hex"],
              field(c["hash"].encode()), int(c["valid"]))
    for c in doc["token"]["cases"]:
        kv("token", name=b(c["name"]), secret="x" + c["secret_hex"],
           text=b(c["secret_text"]) if "secret_text" in c else None,
           id="x" + c["user_id_hex"], expires=c["expires_at"], token=b(c["token"]),
           check=[f"{k['now']}:{k['leeway']}:{k['outcome']}" for k in c["checks"]])
    for c in doc["token"]["rejections"]:
        kv("reject", name=b(c["name"]), token=b(c["token"]), outcome=c["outcome"],
           reason=c["reason"])
    for c in doc["widget"]["cases"] + doc["widget"]["errors"]:
        widget(c)
    for c in doc["explain"]["cases"]:
        explain(c)
    old, new = b"old-secret", b"new-secret"
    kv("rotate", old=field(old), new=field(new), id=b("user123"),
       old_hash=b(hexhmac(old, b"user123")), new_hash=b(hexhmac(new, b"user123")))


if __name__ == "__main__":
    main(sys.argv[1])
