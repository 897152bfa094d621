/* Vendor profiles and JWTs through the C ABI (issue 16): every case of the vectors sections
 * vendors, jwt.issue (issued byte for byte), jwt.verify and explain_vendor, then NULL, misuse
 * and hostile sizes.
 * Included by test_userhash.c, whose helpers it uses (CHECK, record, take, json_quote, ...). */

/* A keyring for a vendor's dashboard secret, read as its profile reads it. */
static userhash_result preset_keyring(bytes preset, bytes key, bytes secret, userhash_keyring **k) {
    return userhash_keyring_new_preset(preset.data, preset.len, key.data, key.len, secret.data,
                                       secret.len, k);
}

/* `"value"` (JSON-quoted) or `null` for absent data. */
static void quoted_or_null(char *out, size_t out_len, const char *data, size_t len) {
    if (data) json_quote(out, out_len, data, len);
    else snprintf(out, out_len, "null");
}

static void vendor_vector(const record *r) {
    bytes name = getb(r, "name"), preset = getb(r, "preset"), secret = getb(r, "secret");
    bytes key = getb(r, "key"), config = getb(r, "config"), nonce = getb(r, "nonce");
    bytes json = getb(r, "json"), script = getb(r, "script");
    const char *error = get(r, "error");
    int64_t now = strtoll(get(r, "now"), NULL, 10);
    int n = (int)name.len;
    userhash_keyring *keyring = NULL;
    userhash_result rc = preset_keyring(preset, key, secret, &keyring);
    userhash_string out = unwritten();
    if (error && get(r, "bare")) {
        /* A bare signer has no key id: the existing signer functions refuse kid profiles. */
        userhash_signer *signer = NULL;
        userhash_signer_new(secret.data, secret.len, &signer);
        rc = userhash_widget_script(signer, config.data, config.len, NULL, 0, &out);
        CHECK(strcmp(code(rc), error) == 0 && string_untouched(&out),
              "vendor %.*s: the signer's script gives %s, expected %s", n, name.data, code(rc),
              error);
        userhash_signer_free(signer);
    } else if (error && rc != USERHASH_RESULT_OK) {
        /* Only the unknown preset fails already in the keyring. */
        CHECK(strcmp(code(rc), error) == 0 && keyring == NULL && *last_error(),
              "vendor %.*s: new_preset gives %s, expected %s", n, name.data, code(rc), error);
    } else if (error) {
        rc = userhash_keyring_widget_script(keyring, config.data, config.len, nonce.data,
                                            nonce.len, now, &out);
        CHECK(strcmp(code(rc), error) == 0 && string_untouched(&out) && *last_error(),
              "vendor %.*s: script gives %s (%s), expected %s", n, name.data, code(rc),
              last_error(), error);
        rc = userhash_keyring_widget_json(keyring, config.data, config.len, now, &out);
        int json_has_it = strcmp(error, "no_snippet") == 0; /* the data exists, the page form not */
        CHECK(json_has_it ? rc == USERHASH_RESULT_OK
                          : strcmp(code(rc), error) == 0 && string_untouched(&out),
              "vendor %.*s: json gives %s, expected %s", n, name.data, code(rc),
              json_has_it ? "ok" : error);
        if (rc == USERHASH_RESULT_OK) userhash_string_free(&out);
    } else {
        CHECK(rc == USERHASH_RESULT_OK, "vendor %.*s: new_preset (%s)", n, name.data, last_error());
        rc = userhash_keyring_widget_script(keyring, config.data, config.len, nonce.data,
                                            nonce.len, now, &out);
        char *text = rc == USERHASH_RESULT_OK ? take(&out) : NULL;
        CHECK(text && same(text, strlen(text), script) && (script.len > 0 || !*text),
              "vendor %.*s: script byte for byte (%s, %s)", n, name.data, code(rc),
              text ? text : last_error());
        free(text);
        out = unwritten();
        rc = userhash_keyring_widget_json(keyring, config.data, config.len, now, &out);
        text = rc == USERHASH_RESULT_OK ? take(&out) : NULL;
        CHECK(text && same(text, strlen(text), json), "vendor %.*s: json byte for byte (%s, %s)",
              n, name.data, code(rc), text ? text : last_error());
        free(text);
    }
    userhash_keyring_free(keyring);
    free(name.data), free(preset.data), free(secret.data), free(key.data), free(config.data);
    free(nonce.data), free(json.data), free(script.data);
}

/* Checks a verify_jwt result JSON against the expected members; the event's user_id is the
 * token's own claim, checked where the test knows it (`user_id` not NULL). */
static int verify_json_is(const char *json, const char *outcome_name, const char *reason,
                          const char *key_id, size_t key_id_len, bytes claims, bytes token,
                          const char *user_id) {
    char head[256], key[128], reason_json[64], prefix[64], event_head[512], tail[256];
    quoted_or_null(key, sizeof key, key_id, key_id_len);
    snprintf(reason_json, sizeof reason_json, reason ? "\"%s\"" : "null", reason);
    snprintf(head, sizeof head, "{\"outcome\":\"%s\",\"reason\":%s,\"key_id\":%s,\"claims\":",
             outcome_name, reason_json, key);
    if (!json || !starts_with(json, head)) return 0;
    const char *rest = json + strlen(head);
    size_t claims_len = claims.data ? claims.len : 4;
    if (strncmp(rest, claims.data ? claims.data : "null", claims_len) != 0) return 0;
    rest += claims_len;
    if (strcmp(outcome_name, "verified") == 0) return strcmp(rest, ",\"event\":null}") == 0;
    json_quote(prefix, sizeof prefix, token.data, token.len < 8 ? token.len : 8);
    snprintf(event_head, sizeof event_head,
             ",\"event\":{\"outcome\":\"%s\",\"reason\":%s,\"key_id\":%s,\"user_id\":",
             outcome_name, reason_json, key);
    snprintf(tail, sizeof tail, ",\"hash_prefix\":%s}}", prefix);
    if (!starts_with(rest, event_head)) return 0;
    rest += strlen(event_head);
    if (user_id) {
        char id[256];
        json_quote(id, sizeof id, user_id, strlen(user_id));
        if (!starts_with(rest, id)) return 0;
    }
    size_t len = strlen(rest);
    return len >= strlen(tail) && strcmp(rest + len - strlen(tail), tail) == 0;
}

/* The result JSON of verify_jwt, or NULL (rc set). */
static char *verify_jwt(const userhash_keyring *k, const char *preset, bytes token, int64_t now,
                        int64_t leeway, userhash_result *rc) {
    userhash_string out = unwritten();
    *rc = userhash_keyring_verify_jwt(k, preset, strlen(preset), token.data, token.len, now,
                                      leeway, &out);
    return *rc == USERHASH_RESULT_OK ? take(&out) : NULL;
}

/* The member "event":… of a JSON text, to its end. */
static const char *event_of(const char *json) {
    const char *at = json ? strstr(json, ",\"event\":") : NULL;
    return at ? at : "(none)";
}

/* The token issue_jwt writes, or NULL (rc set) with the output checked untouched. */
static char *issue_jwt(const userhash_keyring *k, const char *preset, size_t preset_len,
                       const char *user, size_t user_len, int64_t iat, const int64_t *exp,
                       userhash_result *rc) {
    userhash_string out = unwritten();
    *rc = userhash_keyring_issue_jwt(k, preset, preset_len, user, user_len, iat, exp, &out);
    if (*rc == USERHASH_RESULT_OK) return take(&out);
    if (!string_untouched(&out)) *rc = USERHASH_RESULT_PANIC; /* written on failure */
    return NULL;
}

static void jwt_issue_vector(const record *r) {
    bytes name = getb(r, "name"), preset = getb(r, "preset"), secret = getb(r, "secret");
    bytes key = getb(r, "key"), token = getb(r, "token"), claims = getb(r, "claims");
    bytes user = getb(r, "user");
    int64_t iat = strtoll(get(r, "iat"), NULL, 10);
    int64_t exp = get(r, "exp") ? strtoll(get(r, "exp"), NULL, 10) : 0;
    int n = (int)name.len;
    userhash_keyring *keyring = NULL;
    userhash_result rc = preset_keyring(preset, key, secret, &keyring);
    CHECK(rc == USERHASH_RESULT_OK, "jwt issue %.*s: new_preset (%s)", n, name.data, last_error());
    /* Ours, for the user as Python's json wrote it: PyJWT's token byte for byte. */
    char *ours = issue_jwt(keyring, preset.data, preset.len, user.data, user.len, iat,
                           get(r, "exp") ? &exp : NULL, &rc);
    CHECK(ours && same(ours, strlen(ours), token), "jwt issue %.*s: PyJWT's bytes: %s", n,
          name.data, ours ? ours : last_error());
    free(ours);
    /* PyJWT's token verifies under the profile, with the claims exactly as PyJWT signed them. */
    char *json = verify_jwt(keyring, preset.data, token, iat, 0, &rc);
    CHECK(verify_json_is(json, "verified", NULL, key.data, key.len, claims, token, NULL),
          "jwt issue %.*s: PyJWT's token verifies with its claims: %s", n, name.data,
          json ? json : code(rc));
    free(json);
    userhash_keyring_free(keyring);
    free(name.data), free(preset.data), free(secret.data), free(key.data), free(token.data);
    free(claims.data), free(user.data);
}

/* The keyring of a jwt_verify line: key=ID:TEXT:NOT_AFTER, the first one primary. */
static userhash_keyring *keys_of(const record *r) {
    userhash_keyring *keyring = NULL;
    for (int i = 0; i < r->n; i++) {
        if (strcmp(r->key[i], "key") != 0) continue;
        char id_hex[128], text_hex[512], not_after[32];
        if (sscanf(r->value[i], "%127[^:]:%511[^:]:%31s", id_hex, text_hex, not_after) != 3)
            exit(2);
        bytes id = field(id_hex), text = field(text_hex);
        int64_t until = strtoll(not_after, NULL, 10);
        const int64_t *bound = strcmp(not_after, "-") == 0 ? NULL : &until;
        userhash_result rc =
                keyring ? userhash_keyring_add(keyring, id.data, id.len, text.data, text.len,
                                               NULL, bound)
                        : userhash_keyring_new(id.data, id.len, text.data, text.len, &keyring);
        CHECK(rc == USERHASH_RESULT_OK, "key %s (%s)", id.data, last_error());
        free(id.data), free(text.data);
    }
    return keyring;
}

static void jwt_verify_vector(const record *r) {
    bytes name = getb(r, "name"), preset = getb(r, "preset"), token = getb(r, "token");
    bytes key_id = getb(r, "key_id"), claims = getb(r, "claims");
    const char *expected = get(r, "outcome"), *reason = get(r, "reason");
    int64_t now = strtoll(get(r, "now"), NULL, 10), leeway = strtoll(get(r, "leeway"), NULL, 10);
    int n = (int)name.len;
    userhash_keyring *keyring = keys_of(r);
    userhash_result rc;
    char *json = verify_jwt(keyring, preset.data, token, now, leeway, &rc);
    CHECK(verify_json_is(json, expected, reason, key_id.data, key_id.len, claims, token, NULL),
          "jwt verify %.*s: expected %s %s: %.300s", n, name.data, expected, reason ? reason : "",
          json ? json : code(rc));
    /* explain reports the same failure event as verify. */
    userhash_string out = unwritten();
    rc = userhash_keyring_explain_jwt(keyring, preset.data, preset.len, token.data, token.len,
                                      now, leeway, &out);
    char *explained = rc == USERHASH_RESULT_OK ? take(&out) : NULL;
    CHECK(explained && starts_with(explained, "{\"code\":\"") && json &&
                  strcmp(event_of(explained), event_of(json)) == 0,
          "jwt verify %.*s: explain's event is verify's: %.300s / %.300s", n, name.data,
          event_of(explained), event_of(json));
    free(explained);
    free(json);
    userhash_keyring_free(keyring);
    free(name.data), free(preset.data), free(token.data), free(key_id.data), free(claims.data);
}

static void explain_vendor_vector(const record *r) {
    bytes name = getb(r, "name"), preset = getb(r, "preset"), secret = getb(r, "secret");
    bytes profile = getb(r, "profile_secret"), id = getb(r, "id"), email = getb(r, "email");
    bytes hash = getb(r, "hash"), token = getb(r, "token");
    const char *finding = get(r, "finding");
    int verifies = atoi(get(r, "verifies"));
    int64_t now = strtoll(get(r, "now"), NULL, 10);
    int n = (int)name.len;
    userhash_keyring *keyring = NULL;
    userhash_result rc =
            secret.data ? userhash_keyring_new("current", 7, secret.data, secret.len, &keyring)
                        : userhash_keyring_new_preset(preset.data, preset.len, "current", 7,
                                                      profile.data, profile.len, &keyring);
    CHECK(rc == USERHASH_RESULT_OK, "explain %.*s: keyring (%s)", n, name.data, last_error());
    userhash_string out = unwritten();
    rc = token.data ? userhash_keyring_explain_jwt(keyring, preset.data, preset.len, token.data,
                                                   token.len, now, 0, &out)
                    : userhash_keyring_explain_preset(keyring, preset.data, preset.len, id.data,
                                                      id.len, email.data, email.len, hash.data,
                                                      hash.len, now, &out);
    char *json = rc == USERHASH_RESULT_OK ? take(&out) : NULL;
    char found[64] = "";
    if (json) json_member(json, "code", found, sizeof found);
    CHECK(json && strcmp(found, finding) == 0 && starts_with(json, "{\"code\":\"") &&
                  strstr(json, ",\"message\":\"") && !strstr(json, "your_secret_key") &&
                  !strstr(json, "4f3c2a1b0e9d8c7b"),
          "explain %.*s: found %s, expected %s (%s)", n, name.data, found, finding,
          json ? json : code(rc));
    const char *event = event_of(json);
    CHECK(verifies ? strcmp(event, ",\"event\":null}") == 0
                   : starts_with(event, ",\"event\":{\"outcome\":\"") && strstr(event, "\"user_id\":"),
          "explain %.*s: event %s (verifies: %d)", n, name.data, event, verifies);
    free(json);
    userhash_keyring_free(keyring);
    free(name.data), free(preset.data), free(secret.data), free(profile.data), free(id.data);
    free(email.data), free(hash.data), free(token.data);
}

static int vendor_record(const char *kind, const record *r) {
    if (strcmp(kind, "vendor") == 0) vendor_vector(r);
    else if (strcmp(kind, "jwt_issue") == 0) jwt_issue_vector(r);
    else if (strcmp(kind, "jwt_verify") == 0) jwt_verify_vector(r);
    else if (strcmp(kind, "explain_vendor") == 0) explain_vendor_vector(r);
    else return 0;
    return 1;
}

#define LIT(text) text, sizeof text - 1
static const char ZENDESK_CONFIG[] = "{\"preset\":\"zendesk\",\"user\":{\"id\":\"user123\"}}";
/* HS256 over {"alg":"HS256","typ":"JWT"}.{"user_id":"user123","iat":1767225600,"exp":1767229200}
 * with your_secret_key: jwt.issue's first vector, made by PyJWT. */
static const char INTERCOM_JWT[] =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoidXNlcjEyMyIsImlhdCI6MTc2NzIyNTYwMCwi"
        "ZXhwIjoxNzY3MjI5MjAwfQ.R-hGQb0dWR1obrvJi8M5nqcD33ddmb_XPAyIC610_20";
#define JWT_NOW 1767225600LL

static void vendor_misuse(void) {
    userhash_keyring *k = NULL, *untouched = (userhash_keyring *)&passed;
    userhash_keyring *out = untouched;
    userhash_result rc;
    /* new_preset: every refusal leaves the handle untouched. */
    static const struct {
        const char *preset;
        size_t preset_len;
        const char *secret;
        size_t secret_len;
        userhash_result expected;
    } bad_keyrings[] = {
        {NULL, 0, LIT("your_secret_key"), USERHASH_RESULT_NULL_PARAMETER},
        {LIT("crisp"), NULL, 0, USERHASH_RESULT_NULL_PARAMETER},
        {LIT("drift"), LIT("your_secret_key"), USERHASH_RESULT_UNKNOWN_PRESET},
        {LIT("Crisp"), LIT("your_secret_key"), USERHASH_RESULT_UNKNOWN_PRESET},
        {LIT("cr\xffsp"), LIT("your_secret_key"), USERHASH_RESULT_TEXT_NOT_UTF8},
        {LIT("crisp"), LIT("your_secret_key\n"), USERHASH_RESULT_SECRET_WHITESPACE},
        {LIT("crisp"), LIT("s\xff"), USERHASH_RESULT_SECRET_NOT_UTF8},
        {LIT("crisp"), LIT(""), USERHASH_RESULT_EMPTY_SECRET},
        {LIT("pylon"), LIT("your_secret_key"), USERHASH_RESULT_INVALID_SECRET_HEX},
        {LIT("pylon"), LIT("abc"), USERHASH_RESULT_INVALID_SECRET_HEX},
    };
    for (size_t i = 0; i < sizeof bad_keyrings / sizeof bad_keyrings[0]; i++) {
        rc = userhash_keyring_new_preset(bad_keyrings[i].preset, bad_keyrings[i].preset_len,
                                         "k", 1, bad_keyrings[i].secret,
                                         bad_keyrings[i].secret_len, &out);
        CHECK(rc == bad_keyrings[i].expected && out == untouched && *last_error(),
              "new_preset #%zu: %s, expected %s", i, code(rc), code(bad_keyrings[i].expected));
    }
    rc = userhash_keyring_new_preset(LIT("crisp"), NULL, 0, LIT("s"), &out);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER && out == untouched, "new_preset NULL id: %s",
          code(rc));
    rc = userhash_keyring_new_preset(LIT("crisp"), "", 0, LIT("s"), &out);
    CHECK(rc == USERHASH_RESULT_EMPTY_KEY_ID && out == untouched, "new_preset empty id: %s",
          code(rc));
    rc = userhash_keyring_new_preset(LIT("crisp"), "k", 1, LIT("s"), NULL);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER, "new_preset NULL out: %s", code(rc));
    /* Pylon decodes hex, so the text "00ff" keys with the bytes 00 ff; Crisp keys with the text. */
    userhash_keyring *pylon = NULL, *bytes_keyring = NULL, *crisp = NULL, *text = NULL;
    userhash_keyring_new_preset(LIT("pylon"), "k", 1, LIT("00ff"), &pylon);
    userhash_keyring_new_bytes("k", 1, "\x00\xff", 2, &bytes_keyring);
    userhash_keyring_new_preset(LIT("crisp"), "k", 1, LIT("00ff"), &crisp);
    userhash_keyring_new("k", 1, LIT("00ff"), &text);
    char a[USERHASH_HASH_BUF_LEN] = "", b[USERHASH_HASH_BUF_LEN] = "";
    char c[USERHASH_HASH_BUF_LEN] = "", d[USERHASH_HASH_BUF_LEN] = "";
    userhash_keyring_sign(pylon, "u", 1, a, sizeof a);
    userhash_keyring_sign(bytes_keyring, "u", 1, b, sizeof b);
    userhash_keyring_sign(crisp, "u", 1, c, sizeof c);
    userhash_keyring_sign(text, "u", 1, d, sizeof d);
    CHECK(*a && strcmp(a, b) == 0 && *c && strcmp(c, d) == 0 && strcmp(a, c) != 0,
          "pylon reads its secret as hex, crisp as text");
    userhash_keyring_free(pylon), userhash_keyring_free(bytes_keyring);
    userhash_keyring_free(crisp), userhash_keyring_free(text);

    userhash_keyring_new_preset(LIT("zendesk"), LIT("app_64f0d2c3"), LIT("your_secret_key"), &k);
    userhash_string s = unwritten();
    /* The widget functions: NULL, not UTF-8, a bad nonce, a bad config. */
    rc = userhash_keyring_widget_json(NULL, LIT(ZENDESK_CONFIG), JWT_NOW, &s);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER && string_untouched(&s), "widget_json NULL: %s",
          code(rc));
    rc = userhash_keyring_widget_json(k, NULL, 5, JWT_NOW, &s);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER && string_untouched(&s),
          "widget_json NULL config: %s", code(rc));
    rc = userhash_keyring_widget_json(k, LIT(ZENDESK_CONFIG), JWT_NOW, NULL);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER, "widget_json NULL out: %s", code(rc));
    rc = userhash_keyring_widget_json(k, LIT("{\"preset\":\"zendesk\",\"user\":{\"id\":\"\xff\"}}"),
                                      JWT_NOW, &s);
    CHECK(rc == USERHASH_RESULT_TEXT_NOT_UTF8 && string_untouched(&s), "widget_json not UTF-8: %s",
          code(rc));
    rc = userhash_keyring_widget_json(k, LIT("{\"preset\":\"zendesk\",\"ttl\":-1}"), JWT_NOW, &s);
    CHECK(rc == USERHASH_RESULT_INVALID_TIMESTAMP && string_untouched(&s),
          "widget_json negative ttl: %s", code(rc));
    rc = userhash_keyring_widget_json(k, LIT("{\"preset\":\"zendesk\",\"ttl\":\"60\"}"), JWT_NOW,
                                      &s);
    CHECK(rc == USERHASH_RESULT_INVALID_WIDGET_CONFIG && string_untouched(&s),
          "widget_json ttl as text: %s", code(rc));
    rc = userhash_keyring_widget_script(k, LIT(ZENDESK_CONFIG), LIT("a b"), JWT_NOW, &s);
    CHECK(rc == USERHASH_RESULT_INVALID_NONCE && string_untouched(&s), "widget_script nonce: %s",
          code(rc));
    rc = userhash_keyring_widget_script(k, LIT(ZENDESK_CONFIG), LIT("n\xff"), JWT_NOW, &s);
    CHECK(rc == USERHASH_RESULT_TEXT_NOT_UTF8 && string_untouched(&s),
          "widget_script nonce not UTF-8: %s", code(rc));
    rc = userhash_keyring_widget_script(NULL, LIT(ZENDESK_CONFIG), NULL, 0, JWT_NOW, &s);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER && string_untouched(&s), "widget_script NULL: %s",
          code(rc));
    /* The snippet's JWT is the keyring's: it verifies with the kid, at `now`, until now + ttl. */
    rc = userhash_keyring_widget_json(
            k, LIT("{\"preset\":\"zendesk\",\"ttl\":60,\"user\":{\"id\":\"user123\"}}"), JWT_NOW,
            &s);
    char *token_json = rc == USERHASH_RESULT_OK ? take(&s) : NULL;
    bytes token = {token_json ? token_json + 1 : NULL, token_json ? strlen(token_json) - 2 : 0};
    char *v = verify_jwt(k, "zendesk", token, JWT_NOW + 59, 0, &rc);
    CHECK(v && starts_with(v, "{\"outcome\":\"verified\",\"reason\":null,\"key_id\":\"app_64f0d2c3\""
                              ",\"claims\":{\"scope\":\"user\",\"external_id\":\"user123\","
                              "\"iat\":1767225600,\"exp\":1767225660},\"event\":null}"),
          "the snippet's JWT verifies: %s", v ? v : code(rc));
    free(v);
    v = verify_jwt(k, "zendesk", token, JWT_NOW + 60, 0, &rc);
    CHECK(verify_json_is(v, "expired", NULL, LIT("app_64f0d2c3"),
                         (bytes){LIT("{\"scope\":\"user\",\"external_id\":\"user123\",\"iat\":"
                                     "1767225600,\"exp\":1767225660}")},
                         token, "user123"),
          "the snippet's JWT expires at now + ttl, its event naming the user: %s",
          v ? v : code(rc));
    free(v);
    free(token_json);
    userhash_keyring_free(k);

    /* verify_jwt and explain_jwt: NULL, a hash profile, an unknown preset, a negative leeway. */
    k = NULL;
    userhash_keyring_new("current", 7, LIT("your_secret_key"), &k);
    bytes intercom = {(char *)INTERCOM_JWT, sizeof INTERCOM_JWT - 1};
    static const struct {
        const char *preset;
        int64_t leeway;
        userhash_result expected;
    } bad_checks[] = {
        {"tau", 0, USERHASH_RESULT_NOT_A_JWT_PROFILE},
        {"crisp", 0, USERHASH_RESULT_NOT_A_JWT_PROFILE},
        {"intercom", 0, USERHASH_RESULT_NOT_A_JWT_PROFILE},
        {"drift", 0, USERHASH_RESULT_UNKNOWN_PRESET},
        {"intercom-jwt", -1, USERHASH_RESULT_INVALID_TIMESTAMP},
    };
    for (size_t i = 0; i < sizeof bad_checks / sizeof bad_checks[0]; i++) {
        const char *p = bad_checks[i].preset;
        s = unwritten();
        rc = userhash_keyring_verify_jwt(k, p, strlen(p), LIT(INTERCOM_JWT), JWT_NOW,
                                         bad_checks[i].leeway, &s);
        CHECK(rc == bad_checks[i].expected && string_untouched(&s) && *last_error(),
              "verify_jwt %s: %s, expected %s", p, code(rc), code(bad_checks[i].expected));
        rc = userhash_keyring_explain_jwt(k, p, strlen(p), LIT(INTERCOM_JWT), JWT_NOW,
                                          bad_checks[i].leeway, &s);
        CHECK(rc == bad_checks[i].expected && string_untouched(&s),
              "explain_jwt %s: %s, expected %s", p, code(rc), code(bad_checks[i].expected));
    }
    CHECK(strstr(last_error(), "the leeway") != NULL, "a negative leeway is named: %s",
          last_error());
    s = unwritten();
    rc = userhash_keyring_verify_jwt(NULL, LIT("intercom-jwt"), LIT(INTERCOM_JWT), JWT_NOW, 0, &s);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER && string_untouched(&s), "verify_jwt NULL: %s",
          code(rc));
    rc = userhash_keyring_verify_jwt(k, NULL, 3, LIT(INTERCOM_JWT), JWT_NOW, 0, &s);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER && string_untouched(&s),
          "verify_jwt NULL preset: %s", code(rc));
    rc = userhash_keyring_verify_jwt(k, LIT("intercom-jwt"), NULL, 3, JWT_NOW, 0, &s);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER && string_untouched(&s),
          "verify_jwt NULL token: %s", code(rc));
    rc = userhash_keyring_verify_jwt(k, LIT("intercom-jwt"), LIT(INTERCOM_JWT), JWT_NOW, 0, NULL);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER, "verify_jwt NULL out: %s", code(rc));
    rc = userhash_keyring_explain_jwt(k, LIT("intercom-jwt"), NULL, 3, JWT_NOW, 0, &s);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER && string_untouched(&s),
          "explain_jwt NULL token: %s", code(rc));
    /* A token is bytes: empty is missing, invalid UTF-8 malformed, neither an error. */
    char *json = verify_jwt(k, "intercom-jwt", (bytes){"", 0}, JWT_NOW, 0, &rc);
    CHECK(verify_json_is(json, "missing", NULL, NULL, 0, (bytes){NULL, 0}, (bytes){"", 0}, ""),
          "an empty token is missing: %s", json ? json : code(rc));
    free(json);
    json = verify_jwt(k, "intercom-jwt", (bytes){LIT("\xff\xfe.a.b")}, JWT_NOW, 0, &rc);
    CHECK(json && starts_with(json, "{\"outcome\":\"malformed\",\"reason\":\"jwt_format\"") &&
                  strstr(json, "\"hash_prefix\":\"\xef\xbf\xbd\xef\xbf\xbd.a.b\"}}"),
          "a token that is not UTF-8 is malformed, its prefix with U+FFFD: %s",
          json ? json : code(rc));
    free(json);
    json = verify_jwt(k, "intercom-jwt", intercom, JWT_NOW + 3600, 0, &rc);
    CHECK(verify_json_is(json, "expired", NULL, LIT("current"),
                         (bytes){LIT("{\"user_id\":\"user123\",\"iat\":1767225600,\"exp\":"
                                     "1767229200}")},
                         intercom, "user123"),
          "an expired token keeps its claims and names its user: %s", json ? json : code(rc));
    free(json);
    /* explain_preset: a JWT profile has no hash, an email profile needs the email. */
    rc = userhash_keyring_explain_preset(k, LIT("zendesk"), ID, NULL, 0, LIT("abc"), JWT_NOW, &s);
    CHECK(rc == USERHASH_RESULT_FIELD_NOT_IN_PRESET && string_untouched(&s),
          "explain_preset zendesk: %s", code(rc));
    rc = userhash_keyring_explain_preset(k, LIT("crisp"), ID, NULL, 0, LIT("abc"), JWT_NOW, &s);
    CHECK(rc == USERHASH_RESULT_MISSING_EMAIL && string_untouched(&s),
          "explain_preset crisp without email: %s", code(rc));
    rc = userhash_keyring_explain_preset(k, LIT("intercom"), "", 0, NULL, 0, LIT("abc"), JWT_NOW,
                                         &s);
    CHECK(rc == USERHASH_RESULT_EMPTY_USER_ID && string_untouched(&s),
          "explain_preset empty id: %s", code(rc));
    rc = userhash_keyring_explain_preset(k, LIT("intercom"), NULL, 7, NULL, 0, LIT("abc"), JWT_NOW,
                                         &s);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER && string_untouched(&s),
          "explain_preset NULL id: %s", code(rc));
    rc = userhash_keyring_explain_preset(k, LIT("intercom"), ID, NULL, 0, NULL, 3, JWT_NOW, &s);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER && string_untouched(&s),
          "explain_preset NULL hash: %s", code(rc));
    rc = userhash_keyring_explain_preset(k, LIT("intercom"), ID, NULL, 0, LIT("abc"), JWT_NOW,
                                         NULL);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER, "explain_preset NULL out: %s", code(rc));
    /* The email profile's event names the email it signs, as the core's hook would. */
    rc = userhash_keyring_explain_preset(k, LIT("crisp"), ID, LIT("jo@example.com"), LIT("abc"),
                                         JWT_NOW, &s);
    json = rc == USERHASH_RESULT_OK ? take(&s) : NULL;
    CHECK(json && strstr(json, ",\"event\":{\"outcome\":\"malformed\",\"reason\":"
                               "\"hash_wrong_length\",\"key_id\":null,\"user_id\":"
                               "\"jo@example.com\",\"hash_prefix\":\"abc\"}}"),
          "crisp's explain event names the email: %s", json ? json : code(rc));
    free(json);
    userhash_keyring_free(k);
}

/* issue_jwt: NULLs, a user that is not one, a preset without JWTs, times the core refuses. */
static void issue_jwt_misuse(void) {
    userhash_keyring *k = NULL, *zendesk = NULL;
    userhash_keyring_new("current", 7, LIT("your_secret_key"), &k);
    userhash_keyring_new_preset(LIT("zendesk"), LIT("app_64f0d2c3"), LIT("your_secret_key"),
                                &zendesk);
    static const char USER[] = "{\"id\":\"user123\"}";
    static const int64_t exp = JWT_NOW + 3600, ms = 1767225600000LL, negative = -1;
    userhash_result rc;
    char *token = issue_jwt(k, LIT("intercom-jwt"), LIT(USER), JWT_NOW, &exp, &rc);
    CHECK(token && strcmp(token, INTERCOM_JWT) == 0, "issue_jwt: jwt.issue's first token: %s",
          token ? token : last_error());
    free(token);
    /* An integer id is its decimal text; Zendesk's header names the keyring's key. */
    token = issue_jwt(zendesk, LIT("zendesk"), LIT("{\"id\":42}"), JWT_NOW, NULL, &rc);
    char *v = token ? verify_jwt(zendesk, "zendesk", (bytes){token, strlen(token)}, JWT_NOW, 0,
                                 &rc)
                    : NULL;
    CHECK(token && starts_with(token, "eyJhbGciOiJIUzI1NiIsImtpZCI6ImFwcF82NGYwZDJjMyIsInR5cCI6"
                                      "IkpXVCJ9.") &&
                  v && strcmp(v, "{\"outcome\":\"verified\",\"reason\":null,\"key_id\":"
                                 "\"app_64f0d2c3\",\"claims\":{\"scope\":\"user\","
                                 "\"external_id\":\"42\",\"iat\":1767225600},"
                                 "\"event\":null}") == 0,
          "issue_jwt zendesk, no exp: %s / %s", token ? token : last_error(), v ? v : "");
    free(token), free(v);
    static const struct {
        const char *preset, *user;
        size_t user_len;
        const int64_t *exp;
        int64_t iat;
        userhash_result expected;
    } bad[] = {
        {"intercom-jwt", NULL, 3, NULL, JWT_NOW, USERHASH_RESULT_NULL_PARAMETER},
        {"intercom-jwt", LIT("not json"), NULL, JWT_NOW, USERHASH_RESULT_INVALID_WIDGET_CONFIG},
        {"intercom-jwt", LIT(""), NULL, JWT_NOW, USERHASH_RESULT_INVALID_WIDGET_CONFIG},
        {"intercom-jwt", LIT("null"), NULL, JWT_NOW, USERHASH_RESULT_INVALID_WIDGET_CONFIG},
        {"intercom-jwt", LIT("[\"user123\"]"), NULL, JWT_NOW,
         USERHASH_RESULT_INVALID_WIDGET_CONFIG},
        {"intercom-jwt", LIT("{\"name\":\"no id\"}"), NULL, JWT_NOW,
         USERHASH_RESULT_INVALID_WIDGET_CONFIG},
        {"intercom-jwt", LIT("{\"id\":\"u\",\"colour\":1}"), NULL, JWT_NOW,
         USERHASH_RESULT_INVALID_WIDGET_CONFIG},
        {"intercom-jwt", LIT("{\"id\":\"u\",\"id\":\"v\"}"), NULL, JWT_NOW,
         USERHASH_RESULT_INVALID_WIDGET_CONFIG},
        {"intercom-jwt", LIT("{\"id\":\"\xff\"}"), NULL, JWT_NOW, USERHASH_RESULT_TEXT_NOT_UTF8},
        {"intercom-jwt", LIT("{\"id\":\"\"}"), NULL, JWT_NOW, USERHASH_RESULT_EMPTY_USER_ID},
        {"intercom-jwt", LIT("{\"id\":\"u\",\"email\":\"not an email\"}"), NULL, JWT_NOW,
         USERHASH_RESULT_INVALID_EMAIL},
        {"intercom-jwt", LIT("{\"id\":\"u\",\"phone\":\"+15551234567\"}"), NULL, JWT_NOW,
         USERHASH_RESULT_FIELD_NOT_IN_PRESET},
        {"crisp", LIT(USER), NULL, JWT_NOW, USERHASH_RESULT_NOT_A_JWT_PROFILE},
        {"intercom", LIT(USER), NULL, JWT_NOW, USERHASH_RESULT_NOT_A_JWT_PROFILE},
        {"tau", LIT(USER), &exp, JWT_NOW, USERHASH_RESULT_NOT_A_JWT_PROFILE},
        {"drift", LIT(USER), NULL, JWT_NOW, USERHASH_RESULT_UNKNOWN_PRESET},
        {"featurebase", LIT(USER), &exp, JWT_NOW, USERHASH_RESULT_FIELD_NOT_IN_PRESET},
        {"intercom-jwt", LIT(USER), NULL, -1, USERHASH_RESULT_INVALID_TIMESTAMP},
        {"intercom-jwt", LIT(USER), &negative, JWT_NOW, USERHASH_RESULT_INVALID_TIMESTAMP},
        {"intercom-jwt", LIT(USER), NULL, 1767225600000LL,
         USERHASH_RESULT_TIMESTAMP_IN_MILLISECONDS},
        {"intercom-jwt", LIT(USER), &ms, JWT_NOW, USERHASH_RESULT_TIMESTAMP_IN_MILLISECONDS},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *p = bad[i].preset;
        token = issue_jwt(k, p, strlen(p), bad[i].user, bad[i].user_len, bad[i].iat, bad[i].exp,
                          &rc);
        CHECK(!token && rc == bad[i].expected && *last_error(),
              "issue_jwt %s %.*s: %s (%s), expected %s with the output untouched", p,
              bad[i].user ? (int)bad[i].user_len : 4, bad[i].user ? bad[i].user : "NULL",
              code(rc), last_error(), code(bad[i].expected));
        free(token);
    }
    token = issue_jwt(k, LIT("featurebase"), LIT(USER), JWT_NOW, &exp, &rc);
    CHECK(strstr(last_error(), "exp") != NULL, "featurebase's refused exp is named: %s",
          last_error());
    free(token);
    userhash_string s = unwritten();
    rc = userhash_keyring_issue_jwt(NULL, LIT("intercom-jwt"), LIT(USER), JWT_NOW, NULL, &s);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER && string_untouched(&s), "issue_jwt NULL: %s",
          code(rc));
    rc = userhash_keyring_issue_jwt(k, NULL, 12, LIT(USER), JWT_NOW, NULL, &s);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER && string_untouched(&s),
          "issue_jwt NULL preset: %s", code(rc));
    rc = userhash_keyring_issue_jwt(k, LIT("intercom-jwt"), LIT(USER), JWT_NOW, NULL, NULL);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER, "issue_jwt NULL out: %s", code(rc));
    userhash_keyring_free(k), userhash_keyring_free(zendesk);
}

/* Hostile sizes for the vendor functions, as hostile_sizes does for the others. */
static const char VENDOR_CONFIG[] = "{\"preset\":\"crisp\",\"user\":{\"id\":\"u\",\"email\":\"a@b.c\"}}";
HOSTILE(hv_new_preset_preset,
        userhash_keyring_new_preset("crisp", n, "k", 1, S, &o->keyring))
HOSTILE(hv_new_preset_id, userhash_keyring_new_preset(LIT("crisp"), "k", n, S, &o->keyring))
HOSTILE(hv_new_preset_secret,
        userhash_keyring_new_preset(LIT("crisp"), "k", 1, SECRET, n, &o->keyring))
HOSTILE(hv_widget_json_config,
        userhash_keyring_widget_json(H.keyring, VENDOR_CONFIG, n, JWT_NOW, &o->string))
HOSTILE(hv_widget_script_config, userhash_keyring_widget_script(H.keyring, VENDOR_CONFIG, n,
                                                                NULL, 0, JWT_NOW, &o->string))
HOSTILE(hv_widget_script_nonce,
        userhash_keyring_widget_script(H.keyring, LIT(VENDOR_CONFIG), "abc", n, JWT_NOW,
                                       &o->string))
HOSTILE(hv_issue_jwt_preset, userhash_keyring_issue_jwt(H.keyring, "zendesk", n,
                                                        LIT("{\"id\":\"u\"}"), JWT_NOW, NULL,
                                                        &o->string))
HOSTILE(hv_issue_jwt_user, userhash_keyring_issue_jwt(H.keyring, LIT("zendesk"),
                                                      "{\"id\":\"u\"}", n, JWT_NOW, NULL,
                                                      &o->string))
HOSTILE(hv_verify_jwt_preset, userhash_keyring_verify_jwt(H.keyring, "zendesk", n,
                                                          LIT(INTERCOM_JWT), JWT_NOW, 0,
                                                          &o->string))
HOSTILE(hv_verify_jwt_token, userhash_keyring_verify_jwt(H.keyring, LIT("zendesk"), INTERCOM_JWT,
                                                         n, JWT_NOW, 0, &o->string))
HOSTILE(hv_explain_jwt_preset, userhash_keyring_explain_jwt(H.keyring, "zendesk", n,
                                                            LIT(INTERCOM_JWT), JWT_NOW, 0,
                                                            &o->string))
HOSTILE(hv_explain_jwt_token, userhash_keyring_explain_jwt(H.keyring, LIT("zendesk"),
                                                           INTERCOM_JWT, n, JWT_NOW, 0,
                                                           &o->string))
HOSTILE(hv_explain_preset_preset,
        userhash_keyring_explain_preset(H.keyring, "crisp", n, ID, LIT("a@b.c"), LIT("abc"),
                                        JWT_NOW, &o->string))
HOSTILE(hv_explain_preset_id,
        userhash_keyring_explain_preset(H.keyring, LIT("crisp"), "user123", n, LIT("a@b.c"),
                                        LIT("abc"), JWT_NOW, &o->string))
HOSTILE(hv_explain_preset_email,
        userhash_keyring_explain_preset(H.keyring, LIT("crisp"), ID, "a@b.c", n, LIT("abc"),
                                        JWT_NOW, &o->string))
HOSTILE(hv_explain_preset_hash,
        userhash_keyring_explain_preset(H.keyring, LIT("crisp"), ID, LIT("a@b.c"), "abc", n,
                                        JWT_NOW, &o->string))

static const struct {
    const char *name;
    userhash_result (*call)(size_t n, outputs *o);
} VENDOR_HOSTILE_CALLS[] = {
    ROW(hv_new_preset_preset), ROW(hv_new_preset_id), ROW(hv_new_preset_secret),
    ROW(hv_widget_json_config), ROW(hv_widget_script_config), ROW(hv_widget_script_nonce),
    ROW(hv_issue_jwt_preset), ROW(hv_issue_jwt_user), ROW(hv_verify_jwt_preset),
    ROW(hv_verify_jwt_token), ROW(hv_explain_jwt_preset), ROW(hv_explain_jwt_token),
    ROW(hv_explain_preset_preset), ROW(hv_explain_preset_id), ROW(hv_explain_preset_email),
    ROW(hv_explain_preset_hash),
};

static void vendor_hostile_sizes(void) {
    hostile_open();
    size_t calls = sizeof VENDOR_HOSTILE_CALLS / sizeof VENDOR_HOSTILE_CALLS[0];
    for (size_t i = 0; i < calls; i++) {
        for (size_t j = 0; j < 2; j++) {
            outputs o, pristine;
            memset(&o, 'Z', sizeof o);
            memset(&pristine, 'Z', sizeof pristine);
            userhash_result rc = VENDOR_HOSTILE_CALLS[i].call(HOSTILE_LENGTHS[j], &o);
            CHECK(rc == USERHASH_RESULT_LENGTH_OUT_OF_RANGE && memcmp(&o, &pristine, sizeof o) == 0,
                  "%s(%zu): %s, expected length_out_of_range with outputs untouched",
                  VENDOR_HOSTILE_CALLS[i].name, HOSTILE_LENGTHS[j], code(rc));
        }
    }
    printf("%zu vendor hostile calls\n", 2 * calls);
    hostile_close();
}

/* "invalid_fields": "drop" leaves out an optional field that fails its rule, and
 * userhash_widget_invalid_fields names it for the caller to log; "raise" (the default) refuses. */
static void invalid_fields(void) {
    userhash_signer *signer = NULL;
    userhash_signer_new(S, &signer);
    const char *drop = "{\"preset\":\"tau\",\"app_id\":\"app\",\"invalid_fields\":\"drop\","
                       "\"user\":{\"id\":\"user123\",\"name\":\"Jo\",\"email\":\"not an email\"}}";
    const char *raise = "{\"preset\":\"tau\",\"app_id\":\"app\","
                        "\"user\":{\"id\":\"user123\",\"email\":\"not an email\"}}";
    userhash_result rc;
    char *json = widget(signer, drop, &rc);
    CHECK(json && strstr(json, seed_hash.data) && strstr(json, "\"Jo\"") && !strstr(json, "email"),
          "drop: the snippet has the seed hash and the name, not the email: %s",
          json ? json : code(rc));
    free(json);
    json = widget(signer, raise, &rc);
    CHECK(!json && rc == USERHASH_RESULT_INVALID_EMAIL, "raise: %s", code(rc));

    userhash_string out = unwritten();
    rc = userhash_widget_invalid_fields(drop, strlen(drop), &out);
    char *fields = rc == USERHASH_RESULT_OK ? take(&out) : NULL;
    CHECK(fields && starts_with(fields, "[{\"field\":\"email\",\"code\":\"invalid_email\",\"message\":\"") &&
                  !strstr(fields, "not an email"),
          "invalid_fields names the email, not its value: %s", fields ? fields : code(rc));
    free(fields);
    out = unwritten();
    rc = userhash_widget_invalid_fields(raise, strlen(raise), &out);
    fields = rc == USERHASH_RESULT_OK ? take(&out) : NULL;
    CHECK(fields && strcmp(fields, "[]") == 0, "under raise nothing is dropped: %s",
          fields ? fields : code(rc));
    free(fields);
    out = unwritten();
    rc = userhash_widget_invalid_fields(LIT("{\"preset\":\"tau\",\"invalid_fields\":\"skip\"}"), &out);
    CHECK(rc == USERHASH_RESULT_INVALID_WIDGET_CONFIG && string_untouched(&out),
          "an unknown policy: %s", code(rc));
    rc = userhash_widget_invalid_fields(NULL, 3, &out);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER && string_untouched(&out), "NULL config: %s",
          code(rc));
    rc = userhash_widget_invalid_fields(drop, strlen(drop), NULL);
    CHECK(rc == USERHASH_RESULT_NULL_PARAMETER, "NULL out: %s", code(rc));
    userhash_signer_free(signer);
}
