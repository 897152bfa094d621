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
    widget  case preset secret app [global] [nonce] [user=1 id name email phone
            picture created meta=KEY:KIND[:VALUE] ...] (json script | error)
    explain name secret id hash [email] code
    rotate  old new id old_hash new_hash

The `explain` and `rotate` lines are not in the vectors file: their hashes (made the way
the mistaken code would make them) are computed here with Python's standard `hmac`, the
oracle the vectors file itself comes from.

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


def meta(key, value):
    if value is None:
        return f"{b(key)}:null"
    if isinstance(value, bool):
        return f"{b(key)}:bool:{int(value)}"
    if isinstance(value, int):
        return f"{b(key)}:int:{value}"
    return f"{b(key)}:text:{b(value)}"


def widget(c):
    user = c["user"]
    u = {}
    if user is not None:
        u = dict(user=1, id=b(user["id"]))
        for key, name in [("name", "name"), ("email", "email"), ("phone", "phone"),
                          ("profile_picture_url", "picture")]:
            if key in user:
                u[name] = b(user[key])
        if "created_at" in user:
            u["created"] = user["created_at"]
        if "metadata" in user:
            u["metas"] = 1
            u["meta"] = [meta(k, v) for k, v in user["metadata"].items()]
    kv("widget", case=b(c["name"]), preset=b(c["preset"]), secret=b(c["secret_text"]),
       app=b(c["app_id"]), **{"global": b(c["global"]) if "global" in c else None},
       nonce=b(c["nonce"]) if "nonce" in c else None, **u,
       json=b(c["json"]) if "json" in c else None,
       script=b(c["script"]) if "script" in c else None, error=c.get("error"))


def explain_cases():
    """The table of crates/userhash/tests/explain.rs."""
    key = b"your_secret_key"
    right = hexhmac(key, b"user123")
    cases = [
        ("verified", b"user123", right, None),
        ("missing_hash", b"user123", "", None),
        ("hash_whitespace", b"user123", right + "\n", None),
        ("uppercase_hash", b"user123", right.upper(), None),
        ("truncated_hash", b"user123", right[:40], None),
        ("malformed_hash", b"user123", "not a hash", None),
        ("id_whitespace", b"user123", hexhmac(key, b"user123\n"), None),
        ("id_whitespace", b"user123", hexhmac(key, b" user123"), None),
        ("id_whitespace", b" user123 ", hexhmac(key, b"user123"), None),
        ("id_case", b"User123", hexhmac(key, b"user123"), None),
        ("id_case", b"abc", hexhmac(key, b"ABC"), None),
        ("id_number_format", b"42", hexhmac(key, b"42.0"), None),
        ("id_number_format", b"42.0", hexhmac(key, b"42"), None),
        ("id_number_format", b"42", hexhmac(key, b"042"), None),
        ("email_instead_of_id", b"user123", hexhmac(key, b"jo@example.com"), b"jo@example.com"),
        ("secret_whitespace", b"user123", hexhmac(b"your_secret_key\n", b"user123"), None),
        ("secret_whitespace", b"user123", hexhmac(b"your_secret_key\r\n", b"user123"), None),
        ("secret_encoding", b"u", hexhmac(bytes.fromhex("796f75725f7365637265745f6b6579"), b"u"), None),
        ("unknown", b"user123", hexhmac(b"another key", b"user123"), None),
    ]
    for i, (code, uid, presented, email) in enumerate(cases):
        # secret_encoding: the server holds the hex text, the vendor meant the bytes.
        secret = "796f75725f7365637265745f6b6579" if code == "secret_encoding" else "your_secret_key"
        kv("explain", name=b(f"explain #{i}"), secret=b(secret), id=field(uid), hash=b(presented),
           email=field(email) if email is not None else None, code=code)


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
    explain_cases()
    old, new = b"old-secret", b"new-secret"
    kv("rotate", old=field(old), new=field(new), id=b("user123"),
       old_hash=b(hexhmac(old, b"user123")), new_hash=b(hexhmac(new, b"user123")))


if __name__ == "__main__":
    main(sys.argv[1])
