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
    vendor  name preset secret key now config [nonce] (json script | error) [bare=1]
    jwt_issue  name preset secret key iat [exp] token claims
    jwt_verify name preset token now leeway outcome [reason] [key_id claims] key=ID:TEXT:NOT_AFTER_OR_- ...
    explain_vendor name finding preset (secret | profile_secret) [id] [email] [hash] [token] now verifies

A vendor `json` of null is written as the JSON text `null` (what the C ABI returns there);
a jwt_issue's `claims` (and a jwt_verify's, for an authentic token) is the token's second part base64url-decoded here by Python's
`base64`: the claims text exactly as PyJWT signed it.

A widget's `config` is the configuration JSON the C ABI takes, written by Python's `json`
(as every wrapper writes it with its language's encoder). The `rotate` hashes are computed
here with Python's standard `hmac`, the oracle the vectors file itself comes from.

Usage: vectors_to_lines.py VECTORS_JSON > LINES
"""

import base64
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


def vendor(c):
    config = {k: c[k] for k in ("preset", "app_id", "user", "ttl") if k in c}
    kv("vendor", name=b(c["name"]), preset=b(c["preset"]), secret=b(c["secret_text"]),
       key=b(c["key_id"]), now=c["now"], config=b(json.dumps(config, ensure_ascii=False)),
       nonce=b(c["nonce"]) if c.get("nonce") is not None else None,
       json=b(c["json"] if c["json"] is not None else "null") if "json" in c else None,
       script=b(c["script"]) if "script" in c else None, error=c.get("error"),
       bare=1 if c.get("bare_secret") else None)


def claims_text(token: str) -> str:
    part = token.split(".")[1]
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode()


def jwt_issue(c):
    kv("jwt_issue", name=b(c["name"]), preset=b(c["preset"]), secret=b(c["secret_text"]),
       key=b(c["key_id"]), user=b(json.dumps(c["user"], ensure_ascii=False)), iat=c["iat"],
       exp=c["exp"], token=b(c["token"]), claims=b(claims_text(c["token"])))


def jwt_verify(c):
    keys = [f"{b(k['id'])}:{b(k['secret_text'])}:"
            f"{k['not_after'] if k['not_after'] is not None else '-'}" for k in c["keys"]]
    kv("jwt_verify", name=b(c["name"]), preset=b(c["preset"]), token=b(c["token"]),
       now=c["now"], leeway=c["leeway"], outcome=c["outcome"], reason=c["reason"],
       key_id=b(c["key_id"]) if c["key_id"] is not None else None,
       claims=b(claims_text(c["token"])) if c["key_id"] is not None else None, key=keys)


def explain_vendor(c):
    opt = lambda key: b(c[key]) if c[key] is not None else None
    kv("explain_vendor", name=b(c["name"]), finding=c["finding"], preset=b(c["preset"]),
       secret=opt("secret_text"), profile_secret=opt("profile_secret"), id=opt("user_id_text"),
       email=opt("email"), hash=opt("hash"), token=opt("token"), now=c["now"],
       verifies=int(c["verifies"]))


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
    for c in doc["vendors"]["cases"] + doc["vendors"]["errors"]:
        vendor(c)
    for c in doc["jwt"]["issue"]:
        jwt_issue(c)
    for c in doc["jwt"]["verify"]:
        jwt_verify(c)
    for c in doc["explain_vendor"]["cases"]:
        explain_vendor(c)
    old, new = b"old-secret", b"new-secret"
    kv("rotate", old=field(old), new=field(new), id=b("user123"),
       old_hash=b(hexhmac(old, b"user123")), new_hash=b(hexhmac(new, b"user123")))


if __name__ == "__main__":
    main(sys.argv[1])
