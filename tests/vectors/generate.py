#!/usr/bin/env python3
"""Generates tests/vectors/vectors.json and errors.json with Python's stdlib `hmac` as the oracle.

Every expected hash in the file comes from `hmac.new(secret, user_id, hashlib.sha256)`,
never from userhash itself; the RFC 4231 cases are also checked against the values printed
in the RFC. `--check` regenerates in memory and fails if the committed file differs.

The vendor and JWT sections (vendors.py) take their tokens from PyJWT: run the generator
with a Python that has it (scripts/test makes target/oracle-venv with pyjwt==2.10.1).

Usage: generate.py [--check]
"""

import base64
import hashlib
import hmac
import json
import sys
import unicodedata
from pathlib import Path

import vendors  # tests/vectors/vendors.py: the vendor-profile and JWT vectors (PyJWT)

OUT = Path(__file__).with_name("vectors.json")
ERRORS_OUT = Path(__file__).with_name("errors.json")

# Unicode White_Space, the set Rust's char::is_whitespace uses (Python's str.isspace differs).
WHITE_SPACE = set(
    "\u0009\u000a\u000b\u000c\u000d\u0020\u0085\u00a0\u1680\u2028\u2029\u202f\u205f\u3000"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
)

SEED_SECRET = b"your_secret_key"

# RFC 4231 section 4, HMAC-SHA-256 values as printed in the RFC.
RFC4231 = [
    ("1", b"\x0b" * 20, b"Hi There",
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
    ("2", b"Jefe", b"what do ya want for nothing?",
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
    ("3", b"\xaa" * 20, b"\xdd" * 50,
     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
    ("4", bytes(range(1, 26)), b"\xcd" * 50,
     "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
    # Case 5 is printed truncated to 128 bits.
    ("5", b"\x0c" * 20, b"Test With Truncation", "a3b6167473100ee06e0c796c2955552b"),
    ("6", b"\xaa" * 131, b"Test Using Larger Than Block-Size Key - Hash Key First",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    ("7", b"\xaa" * 131,
     b"This is a test using a larger than block-size key and a larger than block-size data."
     b" The key needs to be hashed before being used by the HMAC algorithm.",
     "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
]


def oracle(secret: bytes, user_id: bytes) -> str:
    return hmac.new(secret, user_id, hashlib.sha256).hexdigest()


def as_text(data: bytes):
    """The text form of `data` when it is valid UTF-8, else None."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def as_text_secret(secret: bytes):
    """The text form of a secret when userhash accepts it as text (no surrounding whitespace)."""
    text = as_text(secret)
    if text and text[0] not in WHITE_SPACE and text[-1] not in WHITE_SPACE:
        return text
    return None


def sign_case(group, name, secret: bytes, user_id: bytes, **extra):
    case = {"group": group, "name": name, "secret_hex": secret.hex()}
    if (text := as_text_secret(secret)) is not None:
        case["secret_text"] = text
    case["user_id_hex"] = user_id.hex()
    if (text := as_text(user_id)) is not None:
        case["user_id_text"] = text
    case.update(extra)
    case["hash"] = oracle(secret, user_id)
    return case


def sign_cases():
    for number, key, data, printed in RFC4231:
        case = sign_case("rfc4231", f"RFC 4231 test case {number}", key, data)
        assert case["hash"].startswith(printed), f"stdlib hmac disagrees with RFC 4231 case {number}"
        yield case

    yield sign_case("seed", "TAU seed: create_hmac('user123', 'your_secret_key')", SEED_SECRET, b"user123")
    yield sign_case("seed", "Hal seed: visitor id 'user-123'", SEED_SECRET, b"user-123")

    for length in (1, 16, 32, 63, 64, 65, 128, 1000):
        key = bytes((i * 7 + 1) % 256 for i in range(length))
        yield sign_case("key-length", f"{length}-byte binary key", key, b"user123")
        yield sign_case("key-length", f"{length}-character text key", (b"k" * length), b"user123")

    for length in (1, 55, 56, 63, 64, 119, 120, 1000, 4096, 65536):
        uid = bytes(ord("a") + i % 26 for i in range(length))
        yield sign_case("id-length", f"{length}-byte id", SEED_SECRET, uid)

    unicode_ids = {
        "accented, NFC": unicodedata.normalize("NFC", "José"),
        "accented, NFD": unicodedata.normalize("NFD", "José"),
        "emoji": "user-\U0001F600",
        "emoji ZWJ sequence": "\U0001F468\u200D\U0001F469\u200D\U0001F467",
        "zero-width joiner alone": "user\u200Did",
        "right-to-left (Hebrew)": "\u05de\u05e9\u05ea\u05de\u05e9",
        "right-to-left mark": "\u200Fuser123",
        "CJK": "\u7528\u6237123",
        "Turkish dotless i": "\u0131d",
        "U+2028 line separator": "a\u2028b",
        "BOM prefix": "\ufeffuser123",
    }
    for name, uid in unicode_ids.items():
        yield sign_case("unicode", name, SEED_SECRET, uid.encode("utf-8"))
    yield sign_case("unicode", "text secret with non-ASCII", "clé-secrète-🔑".encode(), b"user123")

    for name, uid in {
        "leading space": b" user123",
        "trailing space": b"user123 ",
        "trailing newline": b"user123\n",
        "trailing CRLF": b"user123\r\n",
        "leading tab": b"\tuser123",
        "inner space": b"user 123",
        "uppercase": b"USER123",
        "only spaces": b"   ",
    }.items():
        yield sign_case("whitespace", f"id with {name}", SEED_SECRET, uid)
    yield sign_case("whitespace", "secret with trailing newline, as raw bytes",
                    SEED_SECRET + b"\n", b"user123")
    yield sign_case("whitespace", "secret with leading space, as raw bytes",
                    b" " + SEED_SECRET, b"user123")

    yield sign_case("nul", "NUL inside id", SEED_SECRET, b"user\x00123")
    yield sign_case("nul", "id of one NUL", SEED_SECRET, b"\x00")
    yield sign_case("nul", "NUL at end of id", SEED_SECRET, b"user123\x00")
    yield sign_case("nul", "NUL inside secret", b"secret\x00key", b"user123")
    yield sign_case("nul", "secret of NULs", b"\x00" * 32, b"user123")

    yield sign_case("non-utf8", "Latin-1 byte in id", SEED_SECRET, b"Jos\xe9")
    yield sign_case("non-utf8", "lone continuation byte", SEED_SECRET, b"\x80user")
    yield sign_case("non-utf8", "UTF-16 surrogate encoded as WTF-8", SEED_SECRET, b"a\xed\xa0\x80b")
    yield sign_case("non-utf8", "all byte values", bytes(range(256)), bytes(range(256)))

    for n in (0, 1, 7, 42, -1, -42, 123456789, 2**31 - 1, 2**53 - 1, 2**53, -(2**53 - 1),
              2**63 - 1, -(2**63), 2**64, 2**127 - 1, -(2**127)):
        # str(int) is Python's canonical decimal: no '+', no leading zeros, '-' for negatives.
        yield sign_case("integer", f"integer id {n}", SEED_SECRET, str(n).encode(), user_id_int=str(n))


def verify_cases():
    good = oracle(SEED_SECRET, b"user123")
    other_id = oracle(SEED_SECRET, b"user124")
    other_key = oracle(b"another_secret_key", b"user123")

    def flip(hexstr, index):
        raw = bytearray(bytes.fromhex(hexstr))
        raw[index] ^= 0x01
        return raw.hex()

    candidates = [
        ("exact lowercase hash", good, True),
        ("uppercase hash", good.upper(), True),
        ("mixed-case hash", good[:32].upper() + good[32:], True),
        ("hash of another id", other_id, False),
        ("hash under another key", other_key, False),
        ("first byte flipped", flip(good, 0), False),
        ("last byte flipped", flip(good, 31), False),
        ("truncated to 63 characters", good[:63], False),
        ("truncated to 32 characters", good[:32], False),
        ("over-long by one character", good + "0", False),
        ("doubled", good + good, False),
        ("non-hex character", good[:63] + "g", False),
        ("non-hex, right length", "z" * 64, False),
        ("empty", "", False),
        ("leading space", " " + good, False),
        ("trailing newline", good + "\n", False),
        ("prefixed like a versioned signature", "v1," + good, False),
        ("bare version prefix", "v1,", False),
        ("0x prefix", "0x" + good[:62], False),
        ("all zeros", "0" * 64, False),
    ]
    for name, candidate, valid in candidates:
        yield {
            "name": name,
            "secret_hex": SEED_SECRET.hex(),
            "secret_text": SEED_SECRET.decode(),
            "user_id_hex": b"user123".hex(),
            "user_id_text": "user123",
            "hash": candidate,
            "valid": valid,
        }


# docs/spec.md section 2: the v1 token, computed here independently from the spec's bytes.
TOKEN_KEY_SALT = b"userhash-token-v1"
T0 = 1767225600
I64_MAX = 2**63 - 1


def utf8_replacing_lone_surrogates(units) -> bytes:
    """UTF-8 of a UTF-16 string in which every unpaired surrogate becomes U+FFFD: what
    JavaScript's Buffer.from(string), TextEncoder and createHmac().update(string) hash."""
    out, i = [], 0
    while i < len(units):
        unit = units[i]
        pair = i + 1 < len(units) and 0xD800 <= unit <= 0xDBFF and 0xDC00 <= units[i + 1] <= 0xDFFF
        if pair:
            out.append(chr(0x10000 + ((unit - 0xD800) << 10) + (units[i + 1] - 0xDC00)))
            i += 2
            continue
        out.append("\ufffd" if 0xD800 <= unit <= 0xDFFF else chr(unit))
        i += 1
    return "".join(out).encode("utf-8")


def lone_surrogate_cases():
    """Strings only JavaScript (and other UTF-16 languages) can hold: ids with unpaired
    surrogates, given as UTF-16 code units because JSON text cannot carry them to every
    reader. The expected hash is of the U+FFFD-replaced UTF-8 in user_id_hex."""
    u = [ord(c) for c in "user"]
    for name, units in {
        "lone high surrogate inside": u + [0xD800] + [ord("1")],
        "lone low surrogate inside": u + [0xDC00] + [ord("1")],
        "high surrogate at the end": u + [0xD83D],
        "low surrogate at the start": [0xDE00] + u,
        "reversed pair": [0xDE00, 0xD83D],
        "two high surrogates before a low one": [0xD83D, 0xD83D, 0xDE00],
        "only a lone surrogate": [0xD800],
        "valid pair, for contrast": [0xD83D, 0xDE00],
    }.items():
        uid = utf8_replacing_lone_surrogates(units)
        yield {"name": name, "secret_text": SEED_SECRET.decode(), "user_id_utf16": units,
               "user_id_hex": uid.hex(), "hash": oracle(SEED_SECRET, uid)}


def token(secret: bytes, user_id: bytes, expires_at: int) -> str:
    token_key = hmac.new(TOKEN_KEY_SALT, secret, hashlib.sha256).digest()
    message = b"v1\x00" + expires_at.to_bytes(8, "big") + user_id
    return f"v1.{expires_at}." + hmac.new(token_key, message, hashlib.sha256).hexdigest()


def token_cases():
    """Tokens with the outcome of verifying them at instants around their expiry.

    Times are decimal strings so that 2^63 - 1 survives JSON parsers with float numbers."""
    for name, secret, user_id, expires_at in [
        ("seed secret and id", SEED_SECRET, b"user123", T0),
        ("NUL inside id", SEED_SECRET, b"user\x00123", T0),
        ("binary secret", bytes(range(1, 33)), b"user123", T0),
        ("Unicode id", SEED_SECRET, "Jos\u00e9-\U0001F600".encode(), T0),
        ("long id", SEED_SECRET, b"x" * 200, T0),
        ("expiry at the epoch", SEED_SECRET, b"user123", 0),
        ("largest expiry (10^11 - 1: from 10^11 on it can only be milliseconds)", SEED_SECRET,
         b"user123", 10**11 - 1),
    ]:
        case = sign_case("token", name, secret, user_id)
        del case["hash"]
        case["expires_at"] = str(expires_at)
        case["token"] = token(secret, user_id, expires_at)
        checks = []
        for offset, leeway in [(-1, 0), (0, 0), (29, 30), (30, 30)]:
            now = expires_at + offset
            if -(2**63) <= now <= I64_MAX:
                outcome = "verified" if now < expires_at + leeway else "expired"
                checks.append({"now": str(now), "leeway": leeway, "outcome": outcome})
        case["checks"] = checks
        yield case


def token_rejections():
    """Tokens that must not verify for user123 under the seed secret at T0 - 1."""
    good = token(SEED_SECRET, b"user123", T0)
    mac = good.rsplit(".", 1)[1]
    widget_hash = oracle(SEED_SECRET, b"user123")
    for name, candidate, outcome, reason in [
        ("empty", "", "missing", None),
        ("token of another id", token(SEED_SECRET, b"user124", T0), "mismatch", None),
        ("token under another key", token(b"another_secret_key", b"user123", T0), "mismatch", None),
        ("expiry edited", good.replace(f"v1.{T0}.", f"v1.{T0 + 86400}."), "mismatch", None),
        ("widget hash as a token", widget_hash, "malformed", "token_version"),
        ("widget hash in token form", f"v1.{T0}.{widget_hash}", "mismatch", None),
        ("unknown version", "v2" + good[2:], "malformed", "token_version"),
        ("leading zero in expiry", good.replace("v1.", "v1.0", 1), "malformed", "token_format"),
        ("plus sign in expiry", good.replace("v1.", "v1.+", 1), "malformed", "token_format"),
        ("expiry beyond 2^63-1", f"v1.{2**63}.{mac}", "malformed", "token_format"),
        ("expiry in milliseconds", token(SEED_SECRET, b"user123", T0 * 1000), "malformed",
         "timestamp_in_milliseconds"),
        ("expiry 2^63-1", token(SEED_SECRET, b"user123", I64_MAX), "malformed",
         "timestamp_in_milliseconds"),
        ("missing expiry", f"v1..{mac}", "malformed", "token_format"),
        ("truncated MAC", good[:-1], "malformed", "hash_wrong_length"),
        ("non-hex MAC", good[:-1] + "g", "malformed", "hash_not_hex"),
        ("uppercase MAC", good[: -64] + mac.upper(), "verified", None),
    ]:
        yield {"name": name, "token": candidate, "outcome": outcome, "reason": reason}


# docs/spec.md section 5: widget snippets, built here with Python's json module.
HTML_SAFE = [("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
             ("\u2028", "\\u2028"), ("\u2029", "\\u2029")]
GLOBALS = {"tau": "window.taubotConfig", "hal": "window.HalSettings", "generic": "window.userhashConfig"}
XSS_NAME = "</script><script>window.pwned=1</script>"


def window_path(global_name):
    """docs/spec.md section 5: a plain identifier is assigned as a property of window."""
    return global_name if "." in global_name else f"window.{global_name}"


def html_safe_json(obj) -> str:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in HTML_SAFE:
        text = text.replace(raw, escaped)
    return text


def widget_object(preset, app_id, user, secret):
    obj = {"appId": app_id}
    if user is None:
        return obj
    digest = oracle(secret, user["id"].encode())
    pick = lambda keys: {k: user[k] for k in keys if k in user}  # noqa: E731
    metadata = dict(sorted(user.get("metadata", {}).items(), key=lambda kv: kv[0].encode()))
    if preset == "tau":
        obj["user"] = {"id": user["id"], "hash": digest,
                       **pick(["name", "email", "phone", "profile_picture_url", "created_at"])}
    elif preset == "hal":
        obj.update({"visitorId": user["id"], **pick(["name", "email"]), "userHash": digest})
        if "metadata" in user:
            obj["metadata"] = metadata
    else:
        obj.update({"userId": user["id"], "userHash": digest, **pick(["name", "email", "phone"])})
        renamed = {"profile_picture_url": "profilePictureUrl", "created_at": "createdAt"}
        obj.update({new: user[old] for old, new in renamed.items() if old in user})
        if "metadata" in user:
            obj["metadata"] = metadata
    return obj


def widget_cases():
    full = {"id": "user123", "name": "John Smith", "email": "john@example.com",
            "phone": "+15551234567", "profile_picture_url": "https://cdn.example.com/p/123.png",
            "created_at": 1701967378}
    metadata = {"plan": "pro", "seats": 5, "beta": True, "referrer": None, "Zeta": "z",
                "\u00e9t\u00e9": "summer", "a<b": "</script>"}
    cases = [
        ("TAU, every field", "tau", "YOUR_APP_ID", full, None, None),
        ("TAU, id only", "tau", "YOUR_APP_ID", {"id": "user123"}, None, None),
        ("TAU, anonymous visitor", "tau", "YOUR_APP_ID", None, None, None),
        ("TAU, script-injection name", "tau", "app", {"id": "user123", "name": XSS_NAME}, None, None),
        ("TAU, line separators in name", "tau", "app",
         {"id": "user123", "name": "a\u2028b\u2029c"}, None, None),
        ("TAU, quotes, backslash, controls, emoji", "tau", "app",
         {"id": "u\"1\\", "name": "tab\there\nnew \x01 \x7f caf\u00e9 \U0001F600 &amp;"}, None, None),
        ("TAU, CSP nonce", "tau", "app", {"id": "user123"}, "rAnd0m+/=_-", None),
        ("Hal, seed example with metadata", "hal", "your-app-id",
         {"id": "user-123", "name": "Jo", "email": "jo@example.com", "metadata": metadata}, None, None),
        ("Hal, id only", "hal", "your-app-id", {"id": "user-123"}, None, None),
        ("Hal, anonymous visitor", "hal", "your-app-id", None, None, None),
        ("Hal, script-injection name", "hal", "x", {"id": "u", "name": XSS_NAME}, "n0nce", None),
        ("generic, every field", "generic", "app", {**full, "metadata": {"tier": 2}}, None, None),
        ("generic, named global", "generic", "app", {"id": "42"}, None, "window.MyWidget.settings"),
        ("generic, plain identifier global", "generic", "app", {"id": "42"}, None, "myWidget"),
        ("generic, global with $ and _", "generic", "app", {"id": "42"}, None, "window.$uh._cfg"),
        ("generic, anonymous", "generic", "app", None, None, None),
    ]
    for name, preset, app_id, user, nonce, global_name in cases:
        case = {"name": name, "preset": preset, "secret_text": SEED_SECRET.decode(), "app_id": app_id}
        if global_name:
            case["global"] = global_name
        case["user"] = user
        if nonce:
            case["nonce"] = nonce
        body = html_safe_json(widget_object(preset, app_id, user, SEED_SECRET))
        case["json"] = body
        attr = f' nonce="{nonce}"' if nonce else ""
        case["script"] = f"<script{attr}>{window_path(global_name or GLOBALS[preset])} = {body};</script>"
        yield case


def widget_errors():
    """Widget inputs that must fail with the given stable code."""
    ok_user = {"id": "user123"}
    for name, preset, app_id, user, extra, code in [
        ("empty app id", "tau", "", ok_user, {}, "empty_app_id"),
        ("empty id", "tau", "app", {"id": ""}, {}, "empty_user_id"),
        ("phone without +", "tau", "app", {"id": "u", "phone": "5551234567"}, {}, "invalid_phone"),
        ("phone with spaces", "tau", "app", {"id": "u", "phone": "+1 555 123 4567"}, {}, "invalid_phone"),
        ("javascript: picture", "tau", "app", {"id": "u", "profile_picture_url": "javascript:alert(1)"}, {}, "invalid_url"),
        ("picture without host", "tau", "app", {"id": "u", "profile_picture_url": "https:///x.png"}, {}, "invalid_url"),
        ("negative created_at", "tau", "app", {"id": "u", "created_at": -1}, {}, "invalid_timestamp"),
        ("email without @", "hal", "app", {"id": "u", "email": "jo.example.com"}, {}, "invalid_email"),
        ("phone for Hal", "hal", "app", {"id": "u", "phone": "+15551234567"}, {}, "field_not_in_preset"),
        ("metadata for TAU", "tau", "app", {"id": "u", "metadata": {"a": 1}}, {}, "field_not_in_preset"),
        ("empty metadata key", "hal", "app", {"id": "u", "metadata": {"": 1}}, {}, "invalid_metadata"),
        ("global for TAU", "tau", "app", ok_user, {"global": "x"}, "field_not_in_preset"),
        ("bad global", "generic", "app", ok_user, {"global": "a;alert(1)"}, "invalid_global_name"),
        *[(f"global {bad}", "generic", "app", ok_user, {"global": bad}, "invalid_global_name")
          for bad in ["Object.prototype.isAdmin", "location", "document.body.innerHTML",
                      "window.location", "window.__proto__.x", "window.a.constructor",
                      "window.class", "window.", "window..a", "1a", "window.a-b"]],
        ("picture with empty userinfo and host", "tau", "app", {"id": "u", "profile_picture_url": "https://@/"}, {}, "invalid_url"),
        ("picture with userinfo, no host", "tau", "app", {"id": "u", "profile_picture_url": "https://user@/p.png"}, {}, "invalid_url"),
        ("picture with port, no host", "tau", "app", {"id": "u", "profile_picture_url": "https://:443/p.png"}, {}, "invalid_url"),
        ("created_at in milliseconds", "tau", "app", {"id": "u", "created_at": 1701967378000}, {}, "timestamp_in_milliseconds"),
        ("bad nonce", "tau", "app", ok_user, {"nonce": "a\" onload=\"x"}, "invalid_nonce"),
        ("unknown preset", "drift", "app", ok_user, {}, "unknown_preset"),
    ]:
        yield {"name": name, "preset": preset, "secret_text": SEED_SECRET.decode(),
               "app_id": app_id, "user": user, **extra, "error": code}


def explain_case(finding, user_id: bytes, presented: str, email=None, keys=None, now=T0):
    """A case of `explain`: the finding for `presented` sent with `user_id` under `keys`
    (id, secret bytes, not_after) at `now`."""
    keys = keys or [("current", b"your_secret_key", None)]
    return {
        "name": f"{finding}: {user_id.decode()!r} / {presented[:16]!r}",
        "finding": finding,
        "keys": [
            {"id": key_id, "secret_hex": secret.hex(), "secret_text": as_text_secret(secret),
             "not_after": not_after}
            for key_id, secret, not_after in keys
        ],
        "now": now,
        "user_id_text": user_id.decode("utf-8"),
        "hash": presented,
        "email": email,
    }


def explain_cases():
    """The mistakes `explain` names, each hash made the way the mistaken code makes it:
    the stdlib hmac over the mistaken bytes."""
    key = b"your_secret_key"
    right = oracle(key, b"user123")
    yield explain_case("verified", b"user123", right)
    yield explain_case("missing_hash", b"user123", "")
    yield explain_case("hash_whitespace", b"user123", right + "\n")
    yield explain_case("uppercase_hash", b"user123", right.upper())
    yield explain_case("truncated_hash", b"user123", right[:40])
    yield explain_case("malformed_hash", b"user123", "not a hash")
    yield explain_case("malformed_hash", b"user123", right[:31])
    yield explain_case("id_whitespace", b"user123", oracle(key, b"user123\n"))
    yield explain_case("id_whitespace", b"user123", oracle(key, b" user123"))
    yield explain_case("id_whitespace", b" user123 ", oracle(key, b"user123"))
    yield explain_case("id_case", b"User123", oracle(key, b"user123"))
    yield explain_case("id_case", b"abc", oracle(key, b"ABC"))
    for sent, hashed in [(b"42", b"42.0"), (b"42.0", b"42"), (b"42", b"042")]:
        yield explain_case("id_number_format", sent, oracle(key, hashed))
    yield explain_case("email_instead_of_id", b"user123", oracle(key, b"jo@example.com"),
                       email="jo@example.com")
    yield explain_case("secret_whitespace", b"user123", oracle(key + b"\n", b"user123"))
    yield explain_case("secret_whitespace", b"user123", oracle(key + b"\r\n", b"user123"))
    hex_text = b"deadbeefcafe0123"
    yield explain_case("secret_encoding", b"u", oracle(bytes.fromhex(hex_text.decode()), b"u"),
                       keys=[("current", hex_text, None)])
    # The server decoded the hex but the vendor meant the text: the reverse direction.
    yield explain_case("secret_encoding", b"u", oracle(hex_text, b"u"),
                       keys=[("current", bytes.fromhex(hex_text.decode()), None)])
    b64_text = base64.b64encode(b"secret-key-bytes")
    yield explain_case("secret_encoding", b"u", oracle(b"secret-key-bytes", b"u"),
                       keys=[("current", b64_text, None)])
    rotation = [("new", b"new-secret", None), ("old", b"old-secret", 100)]
    old = b"old-secret"
    yield explain_case("other_key", b"u", oracle(old, b"u"), keys=rotation, now=99)
    yield explain_case("retired_key", b"u", oracle(old, b"u"), keys=rotation, now=100)
    # A mistake under the old key is found too.
    yield explain_case("id_case", b"u", oracle(old, b"U"), keys=rotation, now=99)
    yield explain_case("unknown", b"user123", oracle(b"another key", b"user123"))


def build():
    return {
        "schema": "userhash-vectors/1",
        "description": (
            "hash = lowercase hex(HMAC-SHA256(key = secret, msg = user_id)). Bytes are hex-encoded "
            "(*_hex); *_text is present when the bytes are also usable as a text argument; "
            "user_id_int is the decimal text of an integer id. Expected hashes come from Python's "
            "stdlib hmac (RFC 4231 cases also from the RFC). Regenerate with tests/vectors/generate.py."
        ),
        "sign": list(sign_cases()),
        "verify": list(verify_cases()),
        "lone_surrogate": {
            "description": (
                "JavaScript strings with unpaired UTF-16 surrogates (user_id_utf16, code units). "
                "Each unpaired surrogate is hashed as U+FFFD (EF BF BD), as node:crypto does; "
                "user_id_hex is those bytes."
            ),
            "cases": list(lone_surrogate_cases()),
        },
        "token": {
            "description": (
                "v1 expiring tokens (docs/spec.md section 2). Each case is verified for its own id "
                "and secret at each check's `now` with its `leeway` (seconds). The rejections are "
                f"verified for user123 under the seed secret at now = {T0 - 1}, leeway 0."
            ),
            "cases": list(token_cases()),
            "rejections": list(token_rejections()),
        },
        "widget": {
            "description": (
                "Widget snippets (docs/spec.md section 5), built by the generator with Python's "
                "json module and hmac. `json` is the configuration object, `script` the element "
                "(with the nonce when given). `user` null is an anonymous visitor. Metadata is "
                "given as an object; its output is sorted by key bytes. Error cases give the "
                "stable code instead."
            ),
            "cases": list(widget_cases()),
            "errors": list(widget_errors()),
        },
        "explain": {
            "description": (
                "explain (docs/spec.md): the finding for `hash` sent with `user_id_text` (and "
                "`email`, or null) to a keyring of `keys` in order (the first is the primary key; "
                "`secret_text` is null when the secret is only usable as bytes; `not_after` null "
                "is open) at Unix second `now`. Every hash is the stdlib hmac of the mistaken bytes."
            ),
            "cases": list(explain_cases()),
        },
        **vendors.sections(),
    }


def error_matrix():
    """tests/vectors/errors.json: bad inputs and the stable code every language must give.

    Inputs are typed so that each language builds its own native value:
      {"text": s}            a string            {"bytes_hex": h}     a byte string
      {"int": "decimal"}     an integer          {"float": x}         a floating-point number
      {"bool": b}            a boolean           {"null": true}       None / null / nil
      {"utf16": [units]}     a string of UTF-16 code units (lone surrogates)
      {"repeat": s, "count": n}   the text s repeated n times (huge inputs)
    `applies_to` lists the languages whose type system can express the input at all; a
    case without it applies everywhere. `code` is the error; `hash` instead means the call
    must succeed with that hash (Python's stdlib hmac)."""
    dynamic = ["python", "node", "php", "ruby"]
    seed = {"text": SEED_SECRET.decode()}
    uid = {"text": "user123"}
    cases = [
        ("empty text secret", "signer", {"text": ""}, uid, None, "empty_secret", None),
        ("empty byte secret", "signer", {"bytes_hex": ""}, uid, None, "empty_secret", None),
        ("secret with trailing newline", "signer", {"text": "key\n"}, uid, None, "secret_whitespace", None),
        ("secret with leading space", "signer", {"text": " key"}, uid, None, "secret_whitespace", None),
        ("secret with trailing NBSP", "signer", {"text": "key\u00a0"}, uid, None, "secret_whitespace", None),
        ("odd-length hex secret", "secret_from_hex", {"text": "abc"}, uid, None, "invalid_secret_hex", None),
        ("non-hex secret", "secret_from_hex", {"text": "zz"}, uid, None, "invalid_secret_hex", None),
        ("base64 secret with bad padding", "secret_from_base64", {"text": "YWI=="}, uid, None, "invalid_secret_base64", None),
        ("base64 secret with mixed alphabets", "secret_from_base64", {"text": "+/-_"}, uid, None, "invalid_secret_base64", None),
        ("secret from an unset env var", "signer_from_env", {"env": "USERHASH_ERRORS_JSON_UNSET"}, uid, None, "missing_env", None),
        ("empty id", "sign", seed, {"text": ""}, None, "empty_user_id", None),
        ("empty byte id", "sign", seed, {"bytes_hex": ""}, None, "empty_user_id", None),
        ("empty id in verify", "verify", seed, {"text": ""}, "0" * 64, "empty_user_id", None),
        ("null id", "sign", seed, {"null": True}, None, "invalid_user_id_type", dynamic),
        ("boolean id", "sign", seed, {"bool": True}, None, "invalid_user_id_type", dynamic),
        ("float id", "sign", seed, {"float": 1.5}, None, "invalid_user_id_type", dynamic),
        # JavaScript has one number type: 42.0 is the integer 42 there.
        ("whole float id", "sign", seed, {"float": 42.0}, None, "invalid_user_id_type",
         [lang for lang in dynamic if lang != "node"]),
        ("integer id beyond 128 bits", "sign", seed, {"int": str(2**130)}, None, "user_id_out_of_range", ["python"]),
        ("lone high surrogate", "sign", seed, {"utf16": [0x75, 0xD800]}, None, "user_id_not_unicode", ["python"]),
        ("lone low surrogate", "sign", seed, {"utf16": [0xDC00, 0x75]}, None, "user_id_not_unicode", ["python"]),
    ]
    out = []
    for name, call, secret, user_id, hash_, code, applies in cases:
        case = {"name": name, "call": call, "secret": secret, "user_id": user_id}
        if hash_ is not None:
            case["hash"] = hash_
        if applies:
            case["applies_to"] = applies
        case["code"] = code
        out.append(case)
    for n in (1 << 20, 1 << 24):
        out.append({"name": f"huge id of {n} bytes", "call": "sign", "secret": seed,
                    "user_id": {"repeat": "a", "count": n},
                    "hash": oracle(SEED_SECRET, b"a" * n)})
    out.append({"name": "huge secret of 1 MiB", "call": "sign",
                "secret": {"repeat": "k", "count": 1 << 20}, "user_id": uid,
                "hash": oracle(b"k" * (1 << 20), b"user123")})
    return {
        "schema": "userhash-errors/1",
        "description": " ".join(error_matrix.__doc__.split()),
        "cases": out,
        "verify_false": [
            {"name": n, "hash": h} for n, h in [
                ("non-hex hash", "z" * 64), ("short hash", "abc"), ("long hash", "a" * 65),
                ("empty hash", ""), ("hash of spaces", " " * 64),
            ]
        ],
    }


def render(doc) -> str:
    return json.dumps(doc, indent=1, ensure_ascii=True) + "\n"


def main(argv):
    files = {OUT: render(build()), ERRORS_OUT: render(error_matrix())}
    if argv[1:] == ["--check"]:
        stale = [path.name for path, text in files.items() if path.read_text() != text]
        for name in stale:
            print(f"{name} is stale: run tests/vectors/generate.py", file=sys.stderr)
        print(f"drift: {len(files) - len(stale)} passed, {len(stale)} failed")
        return 1 if stale else 0
    if argv[1:]:
        print(__doc__, file=sys.stderr)
        return 2
    for path, text in files.items():
        path.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
