"""Vendor-profile and JWT vectors (docs/spec.md, sections 5 and 6), for generate.py.

Every expected hash comes from the stdlib `hmac`; every expected JWT from PyJWT
(`jwt.encode`, HS256), and every adversarial token is built by hand with `hmac` and
`base64` where PyJWT refuses to build it. The snippet JSON is Python's `json` module,
made HTML-safe as for the other presets.
"""

import base64
import hashlib
import hmac
import json

import jwt  # PyJWT, the oracle: installed by scripts/test into the generator's venv

SECRET = "your_secret_key"
# Pylon's dashboard shows a hex secret, decoded to bytes before use.
PYLON_SECRET = "4f3c2a1b0e9d8c7b6a5948372615f4e3d2c1b0a99887766554433221100ffeed"
T0 = 1767225600  # 2026-01-01T00:00:00Z
XSS_NAME = "</script><script>window.pwned=1</script>"
HTML_SAFE = [("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
             ("\u2028", "\\u2028"), ("\u2029", "\\u2029")]


def html_safe_json(obj) -> str:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in HTML_SAFE:
        text = text.replace(raw, escaped)
    return text


def hex_hmac(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def pick(user, *keys):
    return {new: user[old] for old, new in keys if user.get(old) is not None}


# The claims of each JWT profile in their fixed order, then iat and exp (docs/spec.md 6.2).
def intercom_claims(user):
    return {"user_id": user["id"], **pick(user, ("email", "email"), ("name", "name"))}


def zendesk_claims(user):
    return {"scope": "user", "external_id": user["id"],
            **pick(user, ("name", "name"), ("email", "email"))}


def canny_claims(user):
    return {"id": user["id"], **pick(user, ("email", "email"), ("name", "name"),
                                     ("profile_picture_url", "avatarURL"))}


def featurebase_claims(user):
    return {"userId": user["id"], **pick(user, ("email", "email"), ("name", "name"),
                                         ("profile_picture_url", "profilePicture"))}


JWT_PROFILES = {
    "intercom-jwt": (intercom_claims, False),
    "zendesk": (zendesk_claims, True),
    "canny": (canny_claims, False),
    "featurebase": (featurebase_claims, False),
}


def issue(preset, user, iat, exp, secret=SECRET, kid="current"):
    claims_of, names_key = JWT_PROFILES[preset]
    claims = {**claims_of(user), "iat": iat}
    if exp is not None:
        claims["exp"] = exp
    headers = {"kid": kid} if names_key else None
    return jwt.encode(claims, secret, algorithm="HS256", headers=headers), claims


# The page forms (docs/spec.md 5.1): how each vendor's JSON lands in the script element.
CALLS = {
    "chatwoot": ('window.addEventListener("chatwoot:ready", function () { window.$chatwoot.setUser(',
                 "); });"),
    "crisp": ("window.$crisp = window.$crisp || []; window.$crisp.push(", ");"),
    "helpscout": ('window.Beacon("identify", ', ");"),
    "front": ('window.FrontChat("init", ', ");"),
    "zendesk": ('window.zE("messenger", "loginUser", function (callback) { callback(', "); });"),
    "featurebase": ('window.Featurebase("boot", ', ");"),
}
ASSIGNED = {"intercom": "window.intercomSettings", "intercom-jwt": "window.intercomSettings",
            "pylon": "window.pylon"}


def vendor_data(preset, app_id, user, now, ttl):
    """The data the snippet hands the widget, or None for an anonymous visitor to a call
    that only identifies; and the token, for a JWT profile."""
    key = bytes.fromhex(PYLON_SECRET) if preset == "pylon" else SECRET.encode()
    if user is None:
        return {"intercom": {"app_id": app_id}, "intercom-jwt": {"app_id": app_id},
                "front": {"chatId": app_id}, "pylon": {"chat_settings": {"app_id": app_id}},
                "featurebase": {"appId": app_id}}.get(preset), None
    if preset in JWT_PROFILES:
        exp = None if preset == "featurebase" else now + (ttl or 3600)
        token, _ = issue(preset, user, now, exp)
        return {"intercom-jwt": {"app_id": app_id, "intercom_user_jwt": token},
                "zendesk": token,
                "featurebase": {"appId": app_id, "featurebaseJwt": token}}[preset], token
    by_id, email = hex_hmac(key, user["id"]), user.get("email")
    if preset == "intercom":
        return {"app_id": app_id, "user_id": user["id"], **pick(user, ("email", "email"), ("name", "name")),
                "user_hash": by_id}, None
    if preset == "chatwoot":
        attributes = pick(user, ("name", "name"), ("email", "email"), ("phone", "phone_number"),
                          ("profile_picture_url", "avatar_url"))
        return [user["id"], {**attributes, "identifier_hash": by_id}], None
    if preset == "crisp":
        return ["set", "user:email", [email, hex_hmac(key, email)]], None
    if preset == "helpscout":
        return {**pick(user, ("name", "name"), ("email", "email")), "signature": hex_hmac(key, email)}, None
    if preset == "front":
        return {"chatId": app_id, "userId": user["id"], **pick(user, ("email", "email"), ("name", "name")),
                "userHash": by_id}, None
    if preset == "pylon":
        return {"chat_settings": {"app_id": app_id, **pick(user, ("email", "email"), ("name", "name")),
                                  "email_hash": hex_hmac(key, email)}}, None
    raise ValueError(preset)


def vendor_snippet_cases():
    jo = {"id": "user123", "name": "Jo Smith", "email": "Jo.Smith@Example.com"}
    cases = [
        ("Intercom, id, email and name", "intercom", "abc123", jo, None),
        ("Intercom, anonymous visitor", "intercom", "abc123", None, None),
        ("Intercom JWT", "intercom-jwt", "abc123", jo, None),
        ("Intercom JWT, ttl 600", "intercom-jwt", "abc123", {"id": "42"}, 600),
        ("Intercom JWT, script-injection and non-ASCII name", "intercom-jwt", "abc123",
         {"id": "u-\u00e9", "name": XSS_NAME + " caf\u00e9 \U0001F600"}, None),
        ("Chatwoot, every field", "chatwoot", "",
         {**jo, "phone": "+15551234567", "profile_picture_url": "https://cdn.example.com/jo.png"}, None),
        ("Chatwoot, script-injection identifier", "chatwoot", "", {"id": XSS_NAME}, None),
        ("Chatwoot, anonymous visitor", "chatwoot", "", None, None),
        ("Crisp, the email as given (no case folding)", "crisp", "", {"id": "user123", "email": jo["email"]}, None),
        ("Crisp, anonymous visitor", "crisp", "", None, None),
        ("Help Scout", "helpscout", "", jo, None),
        ("Help Scout, script-injection name", "helpscout", "", {**jo, "name": XSS_NAME}, None),
        ("Front, signs the user id", "front", "chat-1", jo, None),
        ("Front, anonymous visitor", "front", "chat-1", None, None),
        ("Pylon, hex-decoded secret", "pylon", "pylon-app", jo, None),
        ("Zendesk", "zendesk", "", jo, None),
        ("Zendesk, anonymous visitor", "zendesk", "", None, None),
        ("Featurebase", "featurebase", "fb-app",
         {**jo, "profile_picture_url": "https://cdn.example.com/jo.png"}, None),
    ]
    for name, preset, app_id, user, ttl in cases:
        data, token = vendor_data(preset, app_id, user, T0, ttl)
        case = {"name": name, "preset": preset,
                "secret_text": PYLON_SECRET if preset == "pylon" else SECRET,
                "key_id": "current", "app_id": app_id, "user": user, "now": T0}
        if ttl:
            case["ttl"] = ttl
        case["nonce"] = "n0nce" if preset in ("chatwoot", "zendesk") and user else None
        body = "null" if data is None else html_safe_json(data)
        attr = f' nonce="{case["nonce"]}"' if case["nonce"] else ""
        if data is None:
            script = ""
        elif preset in ASSIGNED:
            script = f"<script{attr}>{ASSIGNED[preset]} = {body};</script>"
        else:
            before, after = CALLS[preset]
            args = body[1:-1] if preset == "chatwoot" else body
            script = f"<script{attr}>{before}{args}{after}</script>"
        case.update({"json": body, "script": script, "token": token})
        yield case


def vendor_snippet_errors():
    jo = {"id": "user123", "email": "jo@example.com"}
    for name, preset, app_id, user, extra, code in [
        ("Crisp without an email", "crisp", "", {"id": "u"}, {}, "missing_email"),
        ("Pylon without an email", "pylon", "app", {"id": "u"}, {}, "missing_email"),
        ("Chatwoot with an app id", "chatwoot", "app", jo, {}, "field_not_in_preset"),
        ("Intercom without an app id", "intercom", "", jo, {}, "empty_app_id"),
        ("phone for Intercom", "intercom", "app", {**jo, "phone": "+15551234567"}, {}, "field_not_in_preset"),
        ("name for Crisp", "crisp", "", {**jo, "name": "Jo"}, {}, "field_not_in_preset"),
        ("ttl for a hash profile", "intercom", "app", jo, {"ttl": 60}, "field_not_in_preset"),
        ("ttl for Featurebase (no exp)", "featurebase", "app", jo, {"ttl": 60}, "field_not_in_preset"),
        ("Canny has no snippet", "canny", "", jo, {}, "no_snippet"),
        ("Zendesk with a bare secret", "zendesk", "", jo, {"bare_secret": True}, "missing_key_id"),
        ("unknown preset", "drift", "app", jo, {}, "unknown_preset"),
    ]:
        yield {"name": name, "preset": preset, "secret_text": PYLON_SECRET if preset == "pylon" else SECRET,
               "key_id": "current", "app_id": app_id, "user": user, "now": T0, **extra, "error": code}


def jwt_issue_cases():
    """Tokens of each profile, as PyJWT encodes the same claims with the same key."""
    jo = {"id": "user123", "name": "Jo", "email": "jo@example.com"}
    full = {**jo, "profile_picture_url": "https://cdn.example.com/jo.png"}
    for name, preset, user, exp, kid in [
        ("Intercom, id only", "intercom-jwt", {"id": "user123"}, T0 + 3600, None),
        ("Intercom, email and name", "intercom-jwt", jo, T0 + 3600, None),
        ("Intercom, no exp", "intercom-jwt", jo, None, None),
        ("Intercom, non-ASCII and script-injection name", "intercom-jwt",
         {"id": "\u00e9\u00e8", "name": XSS_NAME + " \U0001F600 \u2028 \"q\" \\ \x01 \x7f"}, T0 + 60, None),
        ("Zendesk, key id in the header", "zendesk", jo, T0 + 600, "app_64f0d2c3"),
        ("Canny", "canny", full, T0 + 3600, None),
        ("Featurebase, no exp", "featurebase", full, None, None),
    ]:
        token, claims = issue(preset, user, T0, exp, kid=kid or "current")
        yield {"name": name, "preset": preset, "secret_text": SECRET, "key_id": kid or "current",
               "user": user, "iat": T0, "exp": exp, "token": token, "claims": claims}


def forge(header: dict, claims, key=SECRET.encode(), raw_header=None, raw_claims=None):
    """A token signed with HMAC-SHA256 over whatever header and claims text is given."""
    head = b64url(raw_header.encode() if raw_header else json.dumps(header, separators=(",", ":")).encode())
    body = b64url(raw_claims.encode() if raw_claims else json.dumps(claims, separators=(",", ":")).encode())
    mac = hmac.new(key, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64url(mac)}"


def standard_alphabet(token):
    """The token with base64url's - and _ written as standard base64's + and /."""
    assert "-" in token or "_" in token, token
    return token.replace("-", "+").replace("_", "/")


def jwt_verify_cases():
    """Tokens checked with a keyring of `keys` at `now` with `leeway`: the outcome, and the
    reason of a malformed one. Valid tokens come from PyJWT."""
    keys = [{"id": "current", "secret_text": SECRET, "not_after": None},
            {"id": "old", "secret_text": "old-secret", "not_after": T0 + 100}]
    user = {"id": "user123", "email": "jo@example.com"}
    good, claims = issue("intercom-jwt", user, T0, T0 + 3600)
    zendesk, z_claims = issue("zendesk", user, T0, T0 + 3600)
    old, _ = issue("intercom-jwt", user, T0, T0 + 3600, secret="old-secret")
    hash_hex = hex_hmac(SECRET.encode(), "user123")
    alg = {"alg": "HS256", "typ": "JWT"}
    cases = [
        ("valid", "intercom-jwt", good, T0, 0, "verified", None, "current"),
        ("valid at exp - 1", "intercom-jwt", good, T0 + 3599, 0, "verified", None, "current"),
        ("expired at exp", "intercom-jwt", good, T0 + 3600, 0, "expired", None, "current"),
        ("within the leeway", "intercom-jwt", good, T0 + 3600, 30, "verified", None, "current"),
        ("old key before its not_after", "intercom-jwt", old, T0 + 99, 0, "verified", None, "old"),
        ("old key at its not_after", "intercom-jwt", old, T0 + 100, 0, "expired", None, "old"),
        ("Zendesk with its kid", "zendesk", zendesk, T0, 0, "verified", None, "current"),
        ("empty", "intercom-jwt", "", T0, 0, "missing", None, None),
        ("wrong secret", "intercom-jwt", issue("intercom-jwt", user, T0, T0 + 60, secret="other")[0],
         T0, 0, "mismatch", None, None),
        ("tampered claims", "intercom-jwt",
         good.split(".")[0] + "." + b64url(json.dumps({**claims, "user_id": "admin"}, separators=(",", ":")).encode())
         + "." + good.split(".")[2], T0, 0, "mismatch", None, None),
        ("unknown kid", "zendesk", issue("zendesk", user, T0, T0 + 60, kid="nope")[0], T0, 0, "mismatch", None, None),
        ("alg none, no signature", "intercom-jwt",
         b64url(b'{"alg":"none","typ":"JWT"}') + "." + good.split(".")[1] + ".", T0, 0, "malformed", "jwt_header", None),
        ("alg none with a signature", "intercom-jwt", forge({"alg": "none", "typ": "JWT"}, claims),
         T0, 0, "malformed", "jwt_header", None),
        ("HS512 by PyJWT", "intercom-jwt", jwt.encode(claims, SECRET, algorithm="HS512"), T0, 0,
         "malformed", "jwt_header", None),
        ("HS512 header, HS256 signature", "intercom-jwt", forge({"alg": "HS512", "typ": "JWT"}, claims),
         T0, 0, "malformed", "jwt_header", None),
        ("extra header member", "intercom-jwt",
         jwt.encode(claims, SECRET, algorithm="HS256", headers={"cty": "JWT"}), T0, 0, "malformed", "jwt_header", None),
        ("no typ", "intercom-jwt", forge({"alg": "HS256"}, claims), T0, 0, "malformed", "jwt_header", None),
        ("kid where the profile names none", "intercom-jwt",
         jwt.encode(claims, SECRET, algorithm="HS256", headers={"kid": "current"}), T0, 0, "malformed", "jwt_header", None),
        ("Zendesk without a kid", "zendesk", jwt.encode(z_claims, SECRET, algorithm="HS256"), T0, 0,
         "malformed", "jwt_header", None),
        ("whitespace around", "intercom-jwt", " " + good + "\n", T0, 0, "malformed", "jwt_format", None),
        ("base64 padding added", "intercom-jwt", ".".join(p + "=" * (-len(p) % 4) for p in good.split(".")),
         T0, 0, "malformed", "jwt_format", None),
        ("standard base64 alphabet", "intercom-jwt", standard_alphabet(forge(alg, {"user_id": "a?>?", "iat": T0})),
         T0, 0, "malformed", "jwt_format", None),
        ("two parts", "intercom-jwt", ".".join(good.split(".")[:2]), T0, 0, "malformed", "jwt_format", None),
        ("a widget hash instead of a JWT", "intercom-jwt", hash_hex, T0, 0, "malformed", "jwt_format", None),
        ("duplicate claim", "intercom-jwt",
         forge(alg, None, raw_claims=f'{{"user_id":"user123","user_id":"admin","iat":{T0}}}'),
         T0, 0, "malformed", "jwt_format", None),
        ("duplicate header member", "intercom-jwt",
         forge(None, claims, raw_header='{"alg":"HS256","alg":"none","typ":"JWT"}'), T0, 0, "malformed", "jwt_format", None),
        ("claims not an object", "intercom-jwt", forge(alg, None, raw_claims='["user123"]'), T0, 0,
         "malformed", "jwt_format", None),
        ("exp in milliseconds", "intercom-jwt", jwt.encode({**claims, "exp": (T0 + 3600) * 1000}, SECRET),
         T0, 0, "malformed", "timestamp_in_milliseconds", None),
        ("exp as text", "intercom-jwt", jwt.encode({**claims, "exp": str(T0 + 3600)}, SECRET),
         T0, 0, "malformed", "invalid_timestamp", None),
        ("exp with a fraction", "intercom-jwt", forge(alg, {**claims, "exp": T0 + 3600.5}),
         T0, 0, "malformed", "invalid_timestamp", None),
        ("missing user_id", "intercom-jwt", jwt.encode({"email": "jo@example.com", "iat": T0}, SECRET),
         T0, 0, "malformed", "jwt_claims", None),
        ("user_id not text", "intercom-jwt", jwt.encode({"user_id": 123, "iat": T0}, SECRET),
         T0, 0, "malformed", "jwt_claims", None),
        ("Zendesk scope other than user", "zendesk",
         jwt.encode({**z_claims, "scope": "app"}, SECRET, headers={"kid": "current"}), T0, 0, "malformed", "jwt_claims", None),
        ("nbf in the future", "intercom-jwt", jwt.encode({**claims, "nbf": T0 + 60}, SECRET),
         T0, 0, "malformed", "jwt_not_yet_valid", None),
        ("iat in the future", "intercom-jwt", issue("intercom-jwt", user, T0 + 60, T0 + 3600)[0],
         T0, 0, "malformed", "jwt_not_yet_valid", None),
        ("iat in the future, within the leeway", "intercom-jwt", issue("intercom-jwt", user, T0 + 60, T0 + 3600)[0],
         T0, 60, "verified", None, "current"),
        ("oversized", "intercom-jwt", "a" * (16 * 1024 + 1), T0, 0, "malformed", "jwt_format", None),
    ]
    for name, preset, token, now, leeway, outcome, reason, key_id in cases:
        yield {"name": name, "preset": preset, "keys": keys, "token": token, "now": now,
               "leeway": leeway, "outcome": outcome, "reason": reason, "key_id": key_id}


def explain_vendor_cases():
    """explain for vendor profiles: the finding for a hash (`hash`, with `user_id_text` and
    `email`) or a JWT (`token`) of `preset`, under one key `secret_text`, at `now`, leeway 0.
    `verifies`: whether userhash's check itself passes (a hash keyed with Pylon's hex text
    verifies under that text, yet is the mistake)."""
    key = SECRET.encode()
    jo = {"id": "user123", "email": "jo@example.com"}
    good, claims = issue("intercom-jwt", jo, T0, T0 + 3600)
    hashes = [
        ("id_instead_of_email", "crisp", SECRET, hex_hmac(key, "user123")),
        ("email_instead_of_id", "intercom", SECRET, hex_hmac(key, "jo@example.com")),
        ("verified", "helpscout", SECRET, hex_hmac(key, "jo@example.com")),
        ("hex_secret_not_decoded", "pylon", PYLON_SECRET, hex_hmac(PYLON_SECRET.encode(), "jo@example.com")),
        ("verified", "pylon", None, hex_hmac(bytes.fromhex(PYLON_SECRET), "jo@example.com")),
    ]
    for finding, preset, secret_text, presented in hashes:
        yield {"name": f"{finding} ({preset})", "finding": finding, "preset": preset,
               # None: the profile's own reading of its dashboard secret (Pylon: hex-decoded).
               "secret_text": secret_text, "profile_secret": PYLON_SECRET if secret_text is None else None,
               "user_id_text": jo["id"], "email": jo["email"], "hash": presented, "token": None, "now": T0,
               "verifies": finding in ("verified", "hex_secret_not_decoded")}
    tokens = [
        ("verified", "intercom-jwt", good, T0),
        ("hash_instead_of_jwt", "intercom-jwt", hex_hmac(key, "user123"), T0),
        ("jwt_algorithm", "intercom-jwt", forge({"alg": "none", "typ": "JWT"}, claims), T0),
        ("jwt_unknown_kid", "zendesk", issue("zendesk", jo, T0, T0 + 60, kid="app_old")[0], T0),
        ("jwt_missing_claim", "intercom-jwt", jwt.encode({"email": "jo@example.com", "iat": T0}, SECRET), T0),
        ("jwt_exp_in_milliseconds", "intercom-jwt", jwt.encode({**claims, "exp": (T0 + 3600) * 1000}, SECRET), T0),
        ("jwt_expired", "intercom-jwt", good, T0 + 7200),
        ("jwt_not_yet_valid", "intercom-jwt", jwt.encode({**claims, "nbf": T0 + 600}, SECRET), T0),
        ("jwt_malformed", "intercom-jwt", good + ".x", T0),
        ("secret_whitespace", "intercom-jwt", issue("intercom-jwt", jo, T0, T0 + 60, secret=SECRET + "\n")[0], T0),
        ("unknown", "intercom-jwt", issue("intercom-jwt", jo, T0, T0 + 60, secret="another key")[0], T0),
    ]
    for finding, preset, token, now in tokens:
        yield {"name": f"{finding} ({preset})", "finding": finding, "preset": preset,
               "secret_text": SECRET, "profile_secret": None, "user_id_text": None, "email": None,
               "hash": None, "token": token, "now": now, "verifies": finding == "verified"}


def sections():
    return {
        "vendors": {
            "description": (
                "Vendor snippets (docs/spec.md section 5): `json` and `script` for `user` under the "
                "vendor's dashboard secret `secret_text`, read as the profile reads it (Pylon: "
                "hex-decoded), as the keyring key `key_id`, at Unix second `now` (JWTs: iat = now, "
                "exp = now + `ttl`, default 3600; none for featurebase). `token` is the JWT inside, "
                "made by PyJWT. `json` is null and `script` empty where an anonymous visitor has "
                "nothing to identify. Error cases give the stable code; `bare_secret` means a "
                "signer without a key id."
            ),
            "cases": list(vendor_snippet_cases()),
            "errors": list(vendor_snippet_errors()),
        },
        "jwt": {
            "description": (
                "HS256 JWTs (docs/spec.md section 6). `issue`: the token PyJWT makes for the "
                "profile's `claims` (the user's fields in the profile's order, then iat and exp) "
                "with `secret_text`, kid = `key_id` where the profile names keys; userhash must "
                "issue the same bytes. `verify`: the outcome (and reason, and key_id) of checking "
                "`token` against a keyring of `keys` (the first primary; not_after null is open) "
                "at `now` with `leeway`."
            ),
            "issue": list(jwt_issue_cases()),
            "verify": list(jwt_verify_cases()),
        },
        "explain_vendor": {
            "description": (
                "explain for vendor profiles: a hash (`hash`, sent with `user_id_text` and "
                "`email`) or a JWT (`token`) of `preset`, checked under one key `current` whose "
                "secret is `secret_text` as text, or, when null, `profile_secret` read as the "
                "profile reads it, at `now` with leeway 0."
            ),
            "cases": list(explain_vendor_cases()),
        },
    }
