/* Tests of the userhash C ABI: every shared vector (lines from vectors_to_lines.py) and
 * the misuse cases a C caller can make. Prints "N passed, N failed"; exits 1 on failure.
 *
 *   test_userhash VECTOR_LINES EXPECTED_VERSION
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "userhash.h"

static int passed, failed;

#define CHECK(cond, ...)                                          \
    do {                                                          \
        if (cond) {                                               \
            passed++;                                             \
        } else {                                                  \
            failed++;                                             \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);  \
            fprintf(stderr, __VA_ARGS__);                         \
            fprintf(stderr, "\n");                                \
        }                                                         \
    } while (0)

/* A byte string read from the vectors: any bytes, NUL included. */
typedef struct {
    char *data;
    size_t len;
} bytes;

static int nibble(char c) {
    return c <= '9' ? c - '0' : c - 'a' + 10;
}

/* Decodes an `x`-prefixed lowercase hex field; `-` gives data == NULL. */
static bytes field(const char *text) {
    bytes b = {NULL, 0};
    if (strcmp(text, "-") == 0) return b;
    if (text[0] != 'x') {
        fprintf(stderr, "malformed field %s\n", text);
        exit(2);
    }
    text++;
    b.len = strlen(text) / 2;
    b.data = malloc(b.len + 1);
    for (size_t i = 0; i < b.len; i++)
        b.data[i] = (char)(nibble(text[2 * i]) << 4 | nibble(text[2 * i + 1]));
    b.data[b.len] = '\0';
    return b;
}

/* A hash output buffer pre-filled with 'Z', to see that failures leave it untouched. */
typedef struct {
    char buf[USERHASH_HASH_BUF_LEN];
} hash_buf;

static hash_buf fresh(void) {
    hash_buf h;
    memset(h.buf, 'Z', sizeof h.buf);
    return h;
}

static int untouched(const hash_buf *h) {
    for (size_t i = 0; i < sizeof h->buf; i++)
        if (h->buf[i] != 'Z') return 0;
    return 1;
}

static int is_hash(const hash_buf *h, const bytes *expected) {
    return expected->len == 64 && memcmp(h->buf, expected->data, 64) == 0 && h->buf[64] == '\0';
}

/* The hash of "user123" under "your_secret_key", taken from the verify vectors for the
 * misuse tests. */
static bytes seed_hash;

static void sign_vector(const char *name, bytes secret, bytes text, bytes id, const char *integer,
                        bytes hash) {
    userhash_signer *signer = NULL;
    hash_buf out = fresh();
    bool valid = false;

    CHECK(userhash_signer_new_bytes(secret.data, secret.len, &signer) == USERHASH_RESULT_OK,
          "%s: signer_new_bytes", name);
    CHECK(userhash_signer_sign(signer, id.data, id.len, out.buf, sizeof out.buf) ==
                  USERHASH_RESULT_OK && is_hash(&out, &hash),
          "%s: signer_sign", name);
    CHECK(userhash_signer_verify(signer, id.data, id.len, hash.data, hash.len, &valid) ==
                  USERHASH_RESULT_OK && valid,
          "%s: signer_verify", name);
    /* The same id twice in one batch. */
    char *twice = malloc(2 * id.len + 1), many[2 * 64 + 1];
    memcpy(twice, id.data, id.len);
    memcpy(twice + id.len, id.data, id.len);
    size_t lengths[2] = {id.len, id.len};
    CHECK(userhash_signer_sign_many(signer, twice, lengths, 2, many, sizeof many) ==
                  USERHASH_RESULT_OK && memcmp(many, hash.data, 64) == 0 &&
                  memcmp(many + 64, hash.data, 64) == 0 && many[128] == '\0',
          "%s: signer_sign_many", name);
    free(twice);
    userhash_signer_free(signer);

    if (text.data) {
        out = fresh();
        CHECK(userhash_sign(text.data, text.len, id.data, id.len, out.buf, sizeof out.buf) ==
                      USERHASH_RESULT_OK && is_hash(&out, &hash),
              "%s: one-shot sign", name);
        valid = false;
        CHECK(userhash_verify(text.data, text.len, id.data, id.len, hash.data, hash.len,
                              &valid) == USERHASH_RESULT_OK && valid,
              "%s: one-shot verify", name);
        signer = NULL;
        out = fresh();
        CHECK(userhash_signer_new(text.data, text.len, &signer) == USERHASH_RESULT_OK &&
                      userhash_signer_sign(signer, id.data, id.len, out.buf, sizeof out.buf) ==
                              USERHASH_RESULT_OK && is_hash(&out, &hash),
              "%s: text signer", name);
        userhash_signer_free(signer);
    }

    if (strcmp(integer, "-") != 0) {
        errno = 0;
        long long n = strtoll(integer, NULL, 10);
        if (errno == ERANGE) return; /* beyond int64_t: covered by the byte form above */
        char canonical[USERHASH_INTEGER_ID_BUF_LEN];
        size_t len = 0;
        CHECK(userhash_integer_id(n, canonical, sizeof canonical, &len) == USERHASH_RESULT_OK &&
                      len == id.len && memcmp(canonical, id.data, len) == 0 &&
                      canonical[len] == '\0',
              "%s: integer_id", name);
    }
}

static const char SECRET[] = "your_secret_key";
#define S SECRET, sizeof SECRET - 1
#define ID "user123", 7

static int is_seed(bytes text, bytes id) {
    return text.len == sizeof SECRET - 1 && memcmp(text.data, SECRET, text.len) == 0 &&
           id.len == 7 && memcmp(id.data, "user123", 7) == 0;
}

static void verify_vector(const char *name, bytes secret, bytes text, bytes id, bytes hash,
                          int expected) {
    userhash_signer *signer = NULL;
    bool valid = !expected;
    CHECK(userhash_signer_new_bytes(secret.data, secret.len, &signer) == USERHASH_RESULT_OK &&
                  userhash_signer_verify(signer, id.data, id.len, hash.data, hash.len, &valid) ==
                          USERHASH_RESULT_OK && valid == expected,
          "verify %s: signer", name);
    userhash_signer_free(signer);
    valid = !expected;
    CHECK(userhash_verify(text.data, text.len, id.data, id.len, hash.data, hash.len, &valid) ==
                  USERHASH_RESULT_OK && valid == expected,
          "verify %s: one-shot", name);
    if (expected && !seed_hash.data && is_seed(text, id) &&
        strspn(hash.data, "0123456789abcdef") == 64 && hash.len == 64) {
        seed_hash.data = strndup(hash.data, 64);
        seed_hash.len = 64;
    }
}

/* A line of the later sections: KIND key=value ... */
#define MAX_FIELDS 64
typedef struct {
    const char *key[MAX_FIELDS];
    const char *value[MAX_FIELDS];
    int n;
} record;

static const char *get(const record *r, const char *key) {
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->key[i], key) == 0) return r->value[i];
    return NULL;
}

/* The bytes of a field, data == NULL when the field is absent. Free with free(). */
static bytes getb(const record *r, const char *key) {
    const char *value = get(r, key);
    return value ? field(value) : (bytes){NULL, 0};
}

static int same(const char *data, size_t len, bytes expected) {
    return expected.data && len == expected.len && memcmp(data, expected.data, len) == 0;
}

static const char *outcome(userhash_outcome o) {
    const char *name = userhash_outcome_name(o);
    return name ? name : "(not an outcome)";
}

static const char *code(userhash_result rc) {
    const char *name = userhash_result_code(rc);
    return name ? name : "(not a result)";
}

static void token_vector(const record *r);
static void reject_vector(const record *r);
static void widget_vector(const record *r);
static void explain_vector(const record *r);
static void rotate_vector(const record *r);
static int vendor_record(const char *kind, const record *r);

static void run_record(const char *kind, const record *r) {
    if (strcmp(kind, "token") == 0) token_vector(r);
    else if (strcmp(kind, "reject") == 0) reject_vector(r);
    else if (strcmp(kind, "widget") == 0) widget_vector(r);
    else if (strcmp(kind, "explain") == 0) explain_vector(r);
    else if (strcmp(kind, "rotate") == 0) rotate_vector(r);
    else if (!vendor_record(kind, r)) {
        fprintf(stderr, "unknown line kind %s\n", kind);
        exit(2);
    }
}

static int run_vectors(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return 0;
    }
    char *line = NULL;
    size_t cap = 0;
    int cases = 0;
    while (getline(&line, &cap, f) > 0) {
        char *save = NULL;
        char *kind = strtok_r(line, " \n", &save);
        if (strcmp(kind, "sign") != 0 && strcmp(kind, "verify") != 0) {
            record r = {0};
            for (char *tok; (tok = strtok_r(NULL, " \n", &save)) && r.n < MAX_FIELDS; r.n++) {
                char *eq = strchr(tok, '=');
                if (!eq) {
                    fprintf(stderr, "malformed field %s\n", tok);
                    exit(2);
                }
                *eq = '\0';
                r.key[r.n] = tok;
                r.value[r.n] = eq + 1;
            }
            cases++;
            run_record(kind, &r);
            continue;
        }
        char *f1 = strtok_r(NULL, " \n", &save), *f2 = strtok_r(NULL, " \n", &save);
        char *f3 = strtok_r(NULL, " \n", &save), *f4 = strtok_r(NULL, " \n", &save);
        char *f5 = strtok_r(NULL, " \n", &save);
        if (!f5) {
            fprintf(stderr, "malformed line %d\n", cases + 1);
            exit(2);
        }
        char name[32];
        snprintf(name, sizeof name, "%s #%d", kind, ++cases);
        bytes secret = field(f1), text = field(f2), id = field(f3);
        if (strcmp(kind, "sign") == 0) {
            bytes hash = field(f5);
            sign_vector(name, secret, text, id, f4, hash);
            free(hash.data);
        } else {
            bytes hash = field(f4);
            verify_vector(name, secret, text, id, hash, atoi(f5));
            free(hash.data);
        }
        free(secret.data);
        free(text.data);
        free(id.data);
    }
    free(line);
    fclose(f);
    return cases;
}

static void misuse_signer(void) {
    userhash_signer *sentinel = (userhash_signer *)&passed, *signer = sentinel;
    CHECK(userhash_signer_new(NULL, 3, &signer) == USERHASH_RESULT_NULL_PARAMETER &&
                  signer == sentinel,
          "signer_new(NULL secret)");
    CHECK(userhash_signer_new(S, NULL) == USERHASH_RESULT_NULL_PARAMETER, "signer_new(NULL out)");
    CHECK(userhash_signer_new_bytes(NULL, 0, &signer) == USERHASH_RESULT_NULL_PARAMETER,
          "signer_new_bytes(NULL)");
    CHECK(userhash_signer_new("", 0, &signer) == USERHASH_RESULT_EMPTY_SECRET &&
                  signer == sentinel,
          "signer_new(empty)");
    CHECK(userhash_signer_new_bytes("", 0, &signer) == USERHASH_RESULT_EMPTY_SECRET,
          "signer_new_bytes(empty)");
    CHECK(userhash_signer_new("key\n", 4, &signer) == USERHASH_RESULT_SECRET_WHITESPACE &&
                  signer == sentinel,
          "text secret with a trailing newline");
    CHECK(userhash_signer_new(" key", 4, &signer) == USERHASH_RESULT_SECRET_WHITESPACE,
          "text secret with a leading space");
    CHECK(userhash_signer_new("k\xff", 2, &signer) == USERHASH_RESULT_SECRET_NOT_UTF8,
          "text secret that is not UTF-8");

    signer = NULL;
    CHECK(userhash_signer_new(S, &signer) == USERHASH_RESULT_OK && signer != NULL, "signer_new");
    hash_buf out = fresh();
    CHECK(userhash_signer_sign(NULL, ID, out.buf, sizeof out.buf) ==
                  USERHASH_RESULT_NULL_PARAMETER && untouched(&out),
          "sign(NULL signer)");
    CHECK(userhash_signer_sign(signer, NULL, 7, out.buf, sizeof out.buf) ==
                  USERHASH_RESULT_NULL_PARAMETER && untouched(&out),
          "sign(NULL id)");
    CHECK(userhash_signer_sign(signer, ID, NULL, 65) == USERHASH_RESULT_NULL_PARAMETER,
          "sign(NULL out)");
    CHECK(userhash_signer_sign(signer, ID, out.buf, 64) == USERHASH_RESULT_BUFFER_TOO_SMALL &&
                  untouched(&out),
          "sign into 64 bytes (no room for the NUL)");
    CHECK(userhash_signer_sign(signer, ID, out.buf, 0) == USERHASH_RESULT_BUFFER_TOO_SMALL &&
                  untouched(&out),
          "sign into 0 bytes");
    CHECK(userhash_signer_sign(signer, "", 0, out.buf, sizeof out.buf) ==
                  USERHASH_RESULT_EMPTY_USER_ID && untouched(&out),
          "sign(empty id)");

    /* The id and the output may be the same buffer. */
    char in_place[USERHASH_HASH_BUF_LEN] = "user123";
    CHECK(userhash_signer_sign(signer, in_place, 7, in_place, sizeof in_place) ==
                  USERHASH_RESULT_OK && memcmp(in_place, seed_hash.data, 64) == 0,
          "sign in place");

    bool valid = true;
    CHECK(userhash_signer_verify(signer, ID, seed_hash.data, 64, NULL) ==
                  USERHASH_RESULT_NULL_PARAMETER,
          "verify(NULL valid_out)");
    CHECK(userhash_signer_verify(signer, ID, NULL, 64, &valid) ==
                  USERHASH_RESULT_NULL_PARAMETER && valid,
          "verify(NULL hash)");
    CHECK(userhash_signer_verify(NULL, ID, seed_hash.data, 64, &valid) ==
                  USERHASH_RESULT_NULL_PARAMETER && valid,
          "verify(NULL signer)");
    CHECK(userhash_signer_verify(signer, "", 0, seed_hash.data, 64, &valid) ==
                  USERHASH_RESULT_EMPTY_USER_ID && valid,
          "verify(empty id) is an error, valid_out untouched");
    CHECK(userhash_signer_verify(signer, ID, "", 0, &valid) == USERHASH_RESULT_OK && !valid,
          "verify(empty hash) is false, not an error");
    userhash_signer_free(signer);
    userhash_signer_free(NULL);
    CHECK(1, "signer_free(NULL) is a no-op");
}

static void misuse_sign_many(void) {
    userhash_signer *signer = NULL;
    userhash_signer_new(S, &signer);
    const char ids[] = "user123user123";
    size_t lengths[] = {7, 0, 7}, good[] = {7, 7};
    char out[3 * 64 + 1];
    memset(out, 'Z', sizeof out);
    CHECK(userhash_signer_sign_many(signer, ids, lengths, 3, out, sizeof out) ==
                  USERHASH_RESULT_EMPTY_USER_ID && out[0] == 'Z' && out[64] == 'Z',
          "sign_many with an empty id in the middle writes nothing");
    CHECK(userhash_signer_sign_many(signer, ids, good, 2, out, 2 * 64) ==
                  USERHASH_RESULT_BUFFER_TOO_SMALL && out[0] == 'Z',
          "sign_many without room for the NUL");
    CHECK(userhash_signer_sign_many(signer, NULL, good, 2, out, sizeof out) ==
                  USERHASH_RESULT_NULL_PARAMETER,
          "sign_many(NULL ids)");
    CHECK(userhash_signer_sign_many(signer, ids, NULL, 2, out, sizeof out) ==
                  USERHASH_RESULT_NULL_PARAMETER,
          "sign_many(NULL lengths)");
    CHECK(userhash_signer_sign_many(NULL, ids, good, 2, out, sizeof out) ==
                  USERHASH_RESULT_NULL_PARAMETER && out[0] == 'Z',
          "sign_many(NULL signer)");
    CHECK(userhash_signer_sign_many(signer, ids, good, 0, out, 1) == USERHASH_RESULT_OK &&
                  out[0] == '\0',
          "sign_many of no id writes an empty string");
    CHECK(userhash_signer_sign_many(signer, ids, good, 2, out, sizeof out) == USERHASH_RESULT_OK &&
                  memcmp(out, seed_hash.data, 64) == 0 && memcmp(out + 64, seed_hash.data, 64) == 0,
          "sign_many of two ids");
    userhash_signer_free(signer);
}

static void misuse_oneshot(void) {
    hash_buf out = fresh();
    CHECK(userhash_sign(NULL, 3, ID, out.buf, sizeof out.buf) == USERHASH_RESULT_NULL_PARAMETER &&
                  untouched(&out),
          "one-shot sign(NULL secret)");
    CHECK(userhash_sign(S, ID, out.buf, 10) == USERHASH_RESULT_BUFFER_TOO_SMALL && untouched(&out),
          "one-shot sign into 10 bytes");
    CHECK(userhash_sign("key ", 4, ID, out.buf, sizeof out.buf) ==
                  USERHASH_RESULT_SECRET_WHITESPACE && untouched(&out),
          "one-shot sign with a text secret ending in a space");
    bool valid = true;
    CHECK(userhash_verify(S, ID, seed_hash.data, 64, NULL) == USERHASH_RESULT_NULL_PARAMETER,
          "one-shot verify(NULL valid_out)");
    CHECK(userhash_verify(S, NULL, 1, seed_hash.data, 64, &valid) ==
                  USERHASH_RESULT_NULL_PARAMETER && valid,
          "one-shot verify(NULL id)");

    char secret[USERHASH_SECRET_BUF_LEN], other[USERHASH_SECRET_BUF_LEN];
    memset(secret, 'Z', sizeof secret);
    CHECK(userhash_generate_secret(secret, sizeof secret - 1) == USERHASH_RESULT_BUFFER_TOO_SMALL &&
                  secret[0] == 'Z',
          "generate_secret into 64 bytes");
    CHECK(userhash_generate_secret(NULL, 65) == USERHASH_RESULT_NULL_PARAMETER,
          "generate_secret(NULL)");
    CHECK(userhash_generate_secret(secret, sizeof secret) == USERHASH_RESULT_OK &&
                  userhash_generate_secret(other, sizeof other) == USERHASH_RESULT_OK &&
                  strlen(secret) == 64 && strspn(secret, "0123456789abcdef") == 64 &&
                  strcmp(secret, other) != 0,
          "generate_secret gives 64 lowercase hex characters, different each time");
    CHECK(userhash_sign(secret, 64, ID, out.buf, sizeof out.buf) == USERHASH_RESULT_OK,
          "a generated secret is a valid text secret");

    char id[USERHASH_INTEGER_ID_BUF_LEN];
    size_t len = 99;
    CHECK(userhash_integer_id(42, id, 2, &len) == USERHASH_RESULT_BUFFER_TOO_SMALL && len == 99,
          "integer_id(42) into 2 bytes");
    CHECK(userhash_integer_id(42, id, 3, &len) == USERHASH_RESULT_OK && len == 2 &&
                  strcmp(id, "42") == 0,
          "integer_id(42) into 3 bytes");
    CHECK(userhash_integer_id(42, id, sizeof id, NULL) == USERHASH_RESULT_NULL_PARAMETER,
          "integer_id(NULL length)");
    CHECK(userhash_integer_id(INT64_MIN, id, sizeof id, &len) == USERHASH_RESULT_OK &&
                  strcmp(id, "-9223372036854775808") == 0,
          "integer_id(INT64_MIN) fits USERHASH_INTEGER_ID_BUF_LEN");
}

/* One signer shared by several threads: it is never modified after creation. */
static void *sign_loop(void *signer) {
    for (int i = 0; i < 500; i++) {
        hash_buf out = fresh();
        if (userhash_signer_sign(signer, ID, out.buf, sizeof out.buf) != USERHASH_RESULT_OK ||
            !is_hash(&out, &seed_hash))
            return (void *)1;
    }
    return NULL;
}

static void threads(void) {
    userhash_signer *signer = NULL;
    pthread_t t[4];
    int bad = userhash_signer_new(S, &signer) != USERHASH_RESULT_OK;
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, sign_loop, signer);
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        bad |= r != NULL;
    }
    userhash_signer_free(signer);
    CHECK(!bad, "one signer shared by 4 threads");
}

/* The message of the last failed call on this thread. */
static const char *last_error(void) {
    return userhash_last_error_message();
}

static int starts_with(const char *text, const char *prefix) {
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* An owned-string output the library has not written. */
static userhash_string unwritten(void) {
    return (userhash_string){(char *)&passed, 12345};
}

static int string_untouched(const userhash_string *s) {
    return s->ptr == (char *)&passed && s->len == 12345;
}

/* Takes an owned string: a copy (free it) when it is NUL-terminated at its length with no
 * NUL inside and userhash_string_free sets it to {NULL, 0}, else NULL. Frees it twice: the
 * second call, on a released string, is a no-op (valgrind and ASan report a double free). */
static char *take(userhash_string *s) {
    char *copy = NULL;
    if (s->ptr && !string_untouched(s) && s->ptr[s->len] == '\0' && strlen(s->ptr) == s->len)
        copy = strndup(s->ptr, s->len);
    userhash_string_free(s);
    if (s->ptr != NULL || s->len != 0) {
        free(copy);
        return NULL;
    }
    userhash_string_free(s);
    return copy;
}

/* `text` as a JSON string the way serde_json writes it (for expected explain events). */
static void json_quote(char *out, size_t out_len, const char *text, size_t len) {
    size_t n = 0;
    out[n++] = '"';
    for (size_t i = 0; i < len && n + 8 < out_len; i++) {
        unsigned char c = (unsigned char)text[i];
        const char *esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n"
                        : c == '\r' ? "\\r" : c == '\t' ? "\\t" : c == '\b' ? "\\b"
                        : c == '\f' ? "\\f" : NULL;
        if (esc) n += (size_t)sprintf(out + n, "%s", esc);
        else if (c < 0x20) n += (size_t)sprintf(out + n, "\\u%04x", c);
        else out[n++] = (char)c;
    }
    out[n++] = '"';
    out[n] = '\0';
}

static void result_codes(const char *version) {
    static const struct {
        userhash_result result;
        const char *code;
    } known[] = {
        {USERHASH_RESULT_OK, "ok"},
        {USERHASH_RESULT_EMPTY_SECRET, "empty_secret"},
        {USERHASH_RESULT_SECRET_WHITESPACE, "secret_whitespace"},
        {USERHASH_RESULT_SECRET_NOT_UTF8, "secret_not_utf8"},
        {USERHASH_RESULT_INVALID_SECRET_HEX, "invalid_secret_hex"},
        {USERHASH_RESULT_INVALID_SECRET_BASE64, "invalid_secret_base64"},
        {USERHASH_RESULT_MISSING_ENV, "missing_env"},
        {USERHASH_RESULT_EMPTY_USER_ID, "empty_user_id"},
        {USERHASH_RESULT_INVALID_USER_ID_TYPE, "invalid_user_id_type"},
        {USERHASH_RESULT_USER_ID_NOT_UNICODE, "user_id_not_unicode"},
        {USERHASH_RESULT_USER_ID_OUT_OF_RANGE, "user_id_out_of_range"},
        {USERHASH_RESULT_HASH_WRONG_LENGTH, "hash_wrong_length"},
        {USERHASH_RESULT_HASH_NOT_HEX, "hash_not_hex"},
        {USERHASH_RESULT_RNG_FAILURE, "rng_failure"},
        {USERHASH_RESULT_EMPTY_KEY_ID, "empty_key_id"},
        {USERHASH_RESULT_DUPLICATE_KEY_ID, "duplicate_key_id"},
        {USERHASH_RESULT_INVALID_KEY_WINDOW, "invalid_key_window"},
        {USERHASH_RESULT_INVALID_TIMESTAMP, "invalid_timestamp"},
        {USERHASH_RESULT_TOKEN_VERSION, "token_version"},
        {USERHASH_RESULT_TOKEN_FORMAT, "token_format"},
        {USERHASH_RESULT_UNKNOWN_PRESET, "unknown_preset"},
        {USERHASH_RESULT_EMPTY_APP_ID, "empty_app_id"},
        {USERHASH_RESULT_INVALID_EMAIL, "invalid_email"},
        {USERHASH_RESULT_INVALID_PHONE, "invalid_phone"},
        {USERHASH_RESULT_INVALID_URL, "invalid_url"},
        {USERHASH_RESULT_INVALID_METADATA, "invalid_metadata"},
        {USERHASH_RESULT_INVALID_GLOBAL_NAME, "invalid_global_name"},
        {USERHASH_RESULT_INVALID_NONCE, "invalid_nonce"},
        {USERHASH_RESULT_FIELD_NOT_IN_PRESET, "field_not_in_preset"},
        {USERHASH_RESULT_TIMESTAMP_IN_MILLISECONDS, "timestamp_in_milliseconds"},
        {USERHASH_RESULT_INVALID_WIDGET_CONFIG, "invalid_widget_config"},
        {USERHASH_RESULT_JWT_FORMAT, "jwt_format"},
        {USERHASH_RESULT_JWT_HEADER, "jwt_header"},
        {USERHASH_RESULT_JWT_CLAIMS, "jwt_claims"},
        {USERHASH_RESULT_JWT_NOT_YET_VALID, "jwt_not_yet_valid"},
        {USERHASH_RESULT_MISSING_EMAIL, "missing_email"},
        {USERHASH_RESULT_MISSING_KEY_ID, "missing_key_id"},
        {USERHASH_RESULT_NOT_A_JWT_PROFILE, "not_a_jwt_profile"},
        {USERHASH_RESULT_NO_SNIPPET, "no_snippet"},
        {USERHASH_RESULT_NULL_PARAMETER, "null_parameter"},
        {USERHASH_RESULT_BUFFER_TOO_SMALL, "buffer_too_small"},
        {USERHASH_RESULT_PANIC, "panic"},
        {USERHASH_RESULT_TEXT_NOT_UTF8, "text_not_utf8"},
        {USERHASH_RESULT_INDEX_OUT_OF_RANGE, "index_out_of_range"},
        {USERHASH_RESULT_LENGTH_OUT_OF_RANGE, "length_out_of_range"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        const char *code = userhash_result_code(known[i].result);
        CHECK(code && strcmp(code, known[i].code) == 0, "result_code(%d)", known[i].result);
    }
    CHECK(userhash_result_code(39) == NULL && userhash_result_code(99) == NULL &&
                  userhash_result_code(106) == NULL && userhash_result_code(0xFFFFFFFFu) == NULL,
          "values that are not results have no code");
    CHECK(strcmp(userhash_version(), version) == 0, "version %s, expected %s", userhash_version(),
          version);
}

/* ---- the last error message (ABI v2): per thread, with the core's details ---- */

static void *fresh_thread_message(void *unused) {
    (void)unused;
    return (void *)(intptr_t)(strcmp(last_error(), "") == 0);
}

static void last_error_messages(void) {
    pthread_t t;
    void *empty = NULL;
    pthread_create(&t, NULL, fresh_thread_message, NULL);
    pthread_join(t, &empty);
    CHECK(empty != NULL, "a thread on which nothing failed has an empty message");

    hash_buf out = fresh();
    CHECK(userhash_sign(S, "", 0, out.buf, sizeof out.buf) == USERHASH_RESULT_EMPTY_USER_ID &&
                  strcmp(last_error(), "the user id is empty") == 0,
          "empty_user_id: %s", last_error());
    CHECK(userhash_sign(S, ID, out.buf, sizeof out.buf) == USERHASH_RESULT_OK &&
                  strcmp(last_error(), "the user id is empty") == 0,
          "a call that succeeds keeps the last failure's message");
    CHECK(userhash_sign(S, ID, NULL, 65) == USERHASH_RESULT_NULL_PARAMETER &&
                  strcmp(last_error(), "a pointer argument is NULL") == 0,
          "null_parameter: %s", last_error());
    CHECK(userhash_sign(S, ID, out.buf, 64) == USERHASH_RESULT_BUFFER_TOO_SMALL &&
                  strcmp(last_error(), "the output buffer is too small") == 0,
          "buffer_too_small: %s", last_error());
    userhash_keyring *keyring = NULL;
    CHECK(userhash_keyring_from_values(NULL, 0, NULL, 0, NULL, 0, &keyring) ==
                          USERHASH_RESULT_MISSING_ENV &&
                  strcmp(last_error(), "environment variable USERHASH_SECRET is not set") == 0,
          "missing_env names the variable: %s", last_error());
    userhash_keyring_new("old", 3, S, &keyring);
    CHECK(userhash_keyring_add(keyring, "old", 3, "x", 1, NULL, NULL) ==
                          USERHASH_RESULT_DUPLICATE_KEY_ID &&
                  strcmp(last_error(), "the keyring already has a key with id \"old\"") == 0,
          "duplicate_key_id names the id: %s", last_error());
    char token[USERHASH_TOKEN_BUF_LEN];
    CHECK(userhash_keyring_issue_token(keyring, ID, -1, token, sizeof token) ==
                          USERHASH_RESULT_INVALID_TIMESTAMP &&
                  starts_with(last_error(), "the ttl must be"),
          "a negative ttl: %s", last_error());
    userhash_verification v = {0};
    CHECK(userhash_keyring_verify_token(keyring, ID, "v1.1.x", 6, NULL, -1, &v) ==
                          USERHASH_RESULT_INVALID_TIMESTAMP &&
                  starts_with(last_error(), "the leeway must be") && v.outcome == 0,
          "a negative leeway: %s", last_error());
    int64_t ms = 1767225600000LL;
    CHECK(userhash_keyring_add(keyring, "new", 3, "x", 1, NULL, &ms) ==
                          USERHASH_RESULT_TIMESTAMP_IN_MILLISECONDS &&
                  starts_with(last_error(), "not_after is 10^11 or more"),
          "timestamp_in_milliseconds names the value: %s", last_error());
    userhash_keyring_free(keyring);
}

/* ---- keyrings, tokens, explain, widget snippets (issues 6 and 7) ---- */

#define SEED_NOW 1767225599LL

/* Whether a failure's hash_prefix is the first 8 bytes of what was presented (the vectors'
 * tokens are ASCII), NUL-terminated. */
static int prefix_is(const userhash_verification *v, const char *presented, size_t len) {
    size_t n = len < 8 ? len : 8;
    return v->hash_prefix_len == n && memcmp(v->hash_prefix, presented, n) == 0 &&
           v->hash_prefix[n] == '\0';
}

static void token_vector(const record *r) {
    bytes name = getb(r, "name"), secret = getb(r, "secret"), text = getb(r, "text");
    bytes id = getb(r, "id"), token = getb(r, "token");
    long long expires = strtoll(get(r, "expires"), NULL, 10);
    int n = (int)name.len;
    userhash_keyring *keyring = NULL;
    char out[USERHASH_TOKEN_BUF_LEN];
    CHECK(userhash_keyring_new_bytes("k", 1, secret.data, secret.len, &keyring) ==
                  USERHASH_RESULT_OK,
          "token %.*s: keyring_new_bytes", n, name.data);
    CHECK(userhash_keyring_issue_token_at(keyring, id.data, id.len, expires, out, sizeof out) ==
                  USERHASH_RESULT_OK && same(out, strlen(out), token),
          "token %.*s: issue_token_at gives the vector's token (%s)", n, name.data, out);
    for (int i = 0; i < r->n; i++) {
        if (strcmp(r->key[i], "check") != 0) continue;
        char expected[16];
        long long now = 0, leeway = 0;
        if (sscanf(r->value[i], "%lld:%lld:%15s", &now, &leeway, expected) != 3) exit(2);
        int64_t at = now;
        userhash_verification v = {0};
        userhash_result rc = userhash_keyring_verify_token(keyring, id.data, id.len, token.data,
                                                           token.len, &at, leeway, &v);
        int verified = v.outcome == USERHASH_OUTCOME_VERIFIED;
        CHECK(rc == USERHASH_RESULT_OK && strcmp(outcome(v.outcome), expected) == 0 &&
                      v.key_index == 0 && v.reason == USERHASH_RESULT_OK &&
                      (verified ? v.hash_prefix_len == 0 && v.hash_prefix[0] == '\0'
                                : prefix_is(&v, token.data, token.len)),
              "token %.*s at %lld leeway %lld: %s, expected %s", n, name.data, now, leeway,
              outcome(v.outcome), expected);
    }
    userhash_keyring_free(keyring);
    if (text.data) {
        keyring = NULL;
        memset(out, 0, sizeof out);
        CHECK(userhash_keyring_new("k", 1, text.data, text.len, &keyring) == USERHASH_RESULT_OK &&
                      userhash_keyring_issue_token_at(keyring, id.data, id.len, expires, out,
                                                      sizeof out) == USERHASH_RESULT_OK &&
                      same(out, strlen(out), token),
              "token %.*s: text secret", n, name.data);
        userhash_keyring_free(keyring);
    }
    free(name.data), free(secret.data), free(text.data), free(id.data), free(token.data);
}

static void reject_vector(const record *r) {
    bytes name = getb(r, "name"), token = getb(r, "token");
    const char *expected = get(r, "outcome"), *reason = get(r, "reason");
    userhash_keyring *keyring = NULL;
    userhash_keyring_new("k", 1, S, &keyring);
    int64_t now = SEED_NOW;
    userhash_verification v = {0};
    userhash_result rc =
            userhash_keyring_verify_token(keyring, ID, token.data, token.len, &now, 0, &v);
    int verified = strcmp(expected, "verified") == 0;
    CHECK(rc == USERHASH_RESULT_OK && strcmp(outcome(v.outcome), expected) == 0 &&
                  (reason ? strcmp(code(v.reason), reason) == 0 : v.reason == USERHASH_RESULT_OK) &&
                  v.key_index == (verified ? 0 : -1) &&
                  (verified ? v.hash_prefix_len == 0 : prefix_is(&v, token.data, token.len)),
          "rejection %.*s: %s [%s], expected %s [%s]", (int)name.len, name.data,
          outcome(v.outcome), code(v.reason), expected, reason ? reason : "ok");
    userhash_keyring_free(keyring);
    free(name.data), free(token.data);
}

static void widget_vector(const record *r) {
    bytes name = getb(r, "case"), secret = getb(r, "secret"), nonce = getb(r, "nonce");
    bytes config = getb(r, "config"), json = getb(r, "json"), script = getb(r, "script");
    const char *error = get(r, "error");
    int n = (int)name.len;
    userhash_signer *signer = NULL;
    userhash_signer_new(secret.data, secret.len, &signer);
    userhash_string out = unwritten();
    userhash_result rc = userhash_widget_script(signer, config.data, config.len, nonce.data,
                                                nonce.len, &out);
    if (error) {
        CHECK(strcmp(code(rc), error) == 0 && string_untouched(&out) && *last_error(),
              "widget error %.*s: script gives %s (%s), expected %s", n, name.data, code(rc),
              last_error(), error);
        if (strcmp(error, "invalid_nonce") != 0) {
            rc = userhash_widget_json(signer, config.data, config.len, &out);
            CHECK(strcmp(code(rc), error) == 0 && string_untouched(&out),
                  "widget error %.*s: json gives %s, expected %s", n, name.data, code(rc), error);
        }
    } else {
        char *text = rc == USERHASH_RESULT_OK ? take(&out) : NULL;
        CHECK(text && same(text, strlen(text), script), "widget %.*s: script byte for byte (%s)",
              n, name.data, code(rc));
        free(text);
        out = unwritten();
        rc = userhash_widget_json(signer, config.data, config.len, &out);
        text = rc == USERHASH_RESULT_OK ? take(&out) : NULL;
        CHECK(text && same(text, strlen(text), json), "widget %.*s: json byte for byte (%s)", n,
              name.data, code(rc));
        free(text);
    }
    userhash_signer_free(signer);
    free(name.data), free(secret.data), free(nonce.data), free(config.data), free(json.data),
            free(script.data);
}

/* The text of the member `"key":"…"` of a JSON text (values without escapes), or "". */
static void json_member(const char *json, const char *key, char *out, size_t out_len) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    const char *at = strstr(json, pattern);
    size_t len = at ? strcspn(at + strlen(pattern), "\"") : 0;
    snprintf(out, out_len, "%.*s", (int)len, at ? at + strlen(pattern) : "");
}

/* The "event" member explain must write for this verification result: null when verified,
 * else the failure event built from the result's own fields, in the documented order. */
static void expected_event(const userhash_keyring *k, const userhash_verification *v, char *out,
                           size_t out_len) {
    if (v->outcome == USERHASH_OUTCOME_VERIFIED) {
        snprintf(out, out_len, "\"event\":null}");
        return;
    }
    char prefix[64], key[64] = "null", reason[64] = "null";
    json_quote(prefix, sizeof prefix, v->hash_prefix, v->hash_prefix_len);
    const char *id = NULL;
    size_t id_len = 0;
    if (v->key_index >= 0 &&
        userhash_keyring_key_id(k, (size_t)v->key_index, &id, &id_len) == USERHASH_RESULT_OK)
        json_quote(key, sizeof key, id, id_len);
    if (v->reason != USERHASH_RESULT_OK) snprintf(reason, sizeof reason, "\"%s\"", code(v->reason));
    snprintf(out, out_len,
             "\"event\":{\"outcome\":\"%s\",\"reason\":%s,\"key_id\":%s,\"hash_prefix\":%s}}",
             outcome(v->outcome), reason, key, prefix);
}

static void explain_vector(const record *r) {
    bytes name = getb(r, "name"), id = getb(r, "id"), hash = getb(r, "hash");
    bytes email = getb(r, "email");
    const char *expected = get(r, "finding");
    int64_t now = strtoll(get(r, "now"), NULL, 10);
    int n = (int)name.len, keys = 0;
    userhash_keyring *keyring = NULL;
    bytes one_shot = {NULL, 0};
    for (int i = 0; i < r->n; i++) {
        if (strcmp(r->key[i], "key") != 0) continue;
        char key_id[32], secret_hex[512], text_hex[512], not_after[32];
        if (sscanf(r->value[i], "%31[^:]:%511[^:]:%511[^:]:%31s", key_id, secret_hex, text_hex,
                   not_after) != 4)
            exit(2);
        bytes secret = field(secret_hex), text = field(text_hex);
        int64_t until = strtoll(not_after, NULL, 10);
        const int64_t *bound = strcmp(not_after, "-") == 0 ? NULL : &until;
        userhash_result rc =
                keys++ == 0
                        ? (text.data ? userhash_keyring_new(key_id, strlen(key_id), text.data,
                                                            text.len, &keyring)
                                     : userhash_keyring_new_bytes(key_id, strlen(key_id),
                                                                  secret.data, secret.len,
                                                                  &keyring))
                        : (text.data ? userhash_keyring_add(keyring, key_id, strlen(key_id),
                                                            text.data, text.len, NULL, bound)
                                     : userhash_keyring_add_bytes(keyring, key_id, strlen(key_id),
                                                                  secret.data, secret.len, NULL,
                                                                  bound));
        CHECK(rc == USERHASH_RESULT_OK, "%.*s: key %s (%s)", n, name.data, key_id, last_error());
        if (keys == 1 && !bound) one_shot = text, text.data = NULL;
        free(secret.data), free(text.data);
    }
    if (keys != 1) free(one_shot.data), one_shot.data = NULL;

    userhash_string out = unwritten();
    userhash_result rc = userhash_keyring_explain(keyring, id.data, id.len, hash.data, hash.len,
                                                  email.data, email.len, &now, &out);
    char *json = rc == USERHASH_RESULT_OK ? take(&out) : NULL;
    char found[64] = "", event[256];
    userhash_verification v = {0};
    userhash_keyring_verify_detailed(keyring, id.data, id.len, hash.data, hash.len, &now, &v);
    expected_event(keyring, &v, event, sizeof event);
    if (json) json_member(json, "code", found, sizeof found);
    CHECK(json && strcmp(found, expected) == 0 && starts_with(json, "{\"code\":\"") &&
                  strstr(json, ",\"message\":\"") < strstr(json, ",\"event\":") &&
                  strstr(json, ",\"message\":\"") && !strstr(json, "your_secret_key"),
          "%.*s: keyring_explain found %s, expected %s (%s)", n, name.data, found, expected,
          json ? json : code(rc));
    CHECK(json && strstr(json, event),
          "%.*s: the explain event is the verification's failure, %s (%s)", n, name.data, event,
          json ? json : code(rc));
    free(json);
    if (one_shot.data) {
        /* The one-shot form reads the clock: these keys have no window, so it does not matter. */
        out = unwritten();
        rc = userhash_explain(one_shot.data, one_shot.len, id.data, id.len, hash.data, hash.len,
                              email.data, email.len, &out);
        json = rc == USERHASH_RESULT_OK ? take(&out) : NULL;
        if (json) json_member(json, "code", found, sizeof found);
        CHECK(json && strcmp(found, expected) == 0 && strstr(json, event),
              "%.*s: one-shot explain found %s, expected %s", n, name.data, found, expected);
        free(json);
    }
    userhash_keyring_free(keyring);
    free(name.data), free(id.data), free(hash.data), free(email.data), free(one_shot.data);
}

#define T0 1767225600LL
#define DAY 86400LL

static userhash_verification check_at(const userhash_keyring *k, bytes hash, long long t) {
    userhash_verification v = {0};
    int64_t now = t;
    if (userhash_keyring_verify_detailed(k, ID, hash.data, hash.len, &now, &v) !=
        USERHASH_RESULT_OK)
        v.outcome = 0;
    return v;
}

/* Whether key `index` of a keyring is `expected` (a view: NUL-terminated, its length). */
static int key_is(const userhash_keyring *k, size_t index, const char *expected) {
    const char *id = NULL;
    size_t len = 0;
    return userhash_keyring_key_id(k, index, &id, &len) == USERHASH_RESULT_OK &&
           len == strlen(expected) && strcmp(id, expected) == 0;
}

static void rotate_vector(const record *r) {
    bytes old = getb(r, "old"), new = getb(r, "new"), old_hash = getb(r, "old_hash");
    bytes new_hash = getb(r, "new_hash");
    userhash_keyring *before = NULL, *during = NULL;
    hash_buf out = fresh();
    CHECK(userhash_keyring_new("old", 3, old.data, old.len, &before) == USERHASH_RESULT_OK &&
                  userhash_keyring_sign(before, ID, out.buf, sizeof out.buf) ==
                          USERHASH_RESULT_OK && is_hash(&out, &old_hash),
          "rotation: the old keyring signs with the old secret");
    int64_t retire = T0 + DAY;
    CHECK(userhash_keyring_new("new", 3, new.data, new.len, &during) == USERHASH_RESULT_OK &&
                  userhash_keyring_add(during, "old", 3, old.data, old.len, NULL, &retire) ==
                          USERHASH_RESULT_OK,
          "rotation: new primary, old key until T0 + 1 day");
    out = fresh();
    CHECK(userhash_keyring_sign(during, ID, out.buf, sizeof out.buf) == USERHASH_RESULT_OK &&
                  is_hash(&out, &new_hash),
          "rotation: signs with the new secret");
    userhash_verification v = check_at(during, new_hash, T0);
    CHECK(v.outcome == USERHASH_OUTCOME_VERIFIED && v.key_index == 0, "new hash verified by key 0");
    v = check_at(during, old_hash, T0);
    CHECK(v.outcome == USERHASH_OUTCOME_VERIFIED && v.key_index == 1, "old hash verified by key 1");
    v = check_at(during, old_hash, T0 + DAY - 1);
    CHECK(v.outcome == USERHASH_OUTCOME_VERIFIED && v.key_index == 1,
          "old hash still verified at its not_after - 1");
    v = check_at(during, old_hash, T0 + DAY);
    CHECK(v.outcome == USERHASH_OUTCOME_EXPIRED && v.key_index == 1 &&
                  v.reason == USERHASH_RESULT_OK,
          "old hash expired at its not_after (%s)", outcome(v.outcome));
    v = check_at(during, new_hash, T0 + 365 * DAY);
    CHECK(v.outcome == USERHASH_OUTCOME_VERIFIED && v.key_index == 0, "new hash a year later");
    v = check_at(during, seed_hash, T0);
    CHECK(v.outcome == USERHASH_OUTCOME_MISMATCH && v.key_index == -1, "a foreign hash mismatches");

    size_t count = 0;
    CHECK(userhash_keyring_key_count(during, &count) == USERHASH_RESULT_OK && count == 2,
          "key_count");
    CHECK(key_is(during, 0, "new") && key_is(during, 1, "old"), "key ids are new and old");
    const char *id = "untouched";
    size_t len = 99;
    CHECK(userhash_keyring_key_id(during, 2, &id, &len) == USERHASH_RESULT_INDEX_OUT_OF_RANGE &&
                  strcmp(id, "untouched") == 0 && len == 99,
          "key_id(2) is out of range and writes nothing");
    CHECK(userhash_keyring_key_id(during, 0, NULL, &len) == USERHASH_RESULT_NULL_PARAMETER &&
                  userhash_keyring_key_id(during, 0, &id, NULL) ==
                          USERHASH_RESULT_NULL_PARAMETER &&
                  userhash_keyring_key_id(NULL, 0, &id, &len) == USERHASH_RESULT_NULL_PARAMETER,
          "key_id with a NULL argument");
    const char *primary = NULL;
    userhash_keyring_key_id(during, 0, &primary, &len);

    /* Keys added with a not_before only verify from then on. */
    int64_t start = T0;
    CHECK(userhash_keyring_add(during, "next", 4, "next-secret", 11, &start, NULL) ==
                  USERHASH_RESULT_OK,
          "add a key with only a not_before");
    CHECK(strcmp(primary, "new") == 0, "a key id view stays valid when keys are added");
    char next_hash[USERHASH_HASH_BUF_LEN];
    userhash_sign("next-secret", 11, ID, next_hash, sizeof next_hash);
    bytes next = {next_hash, 64};
    CHECK(check_at(during, next, T0 - 1).outcome == USERHASH_OUTCOME_EXPIRED &&
                  check_at(during, next, T0).key_index == 2,
          "not_before delays a key");

    /* Construction errors. */
    int64_t a = T0, b = T0;
    CHECK(userhash_keyring_add(during, "old", 3, "x", 1, NULL, NULL) ==
                  USERHASH_RESULT_DUPLICATE_KEY_ID,
          "duplicate key id");
    CHECK(userhash_keyring_add(during, "", 0, "x", 1, NULL, NULL) == USERHASH_RESULT_EMPTY_KEY_ID,
          "empty key id");
    CHECK(userhash_keyring_add(during, "w", 1, "x", 1, &a, &b) ==
                  USERHASH_RESULT_INVALID_KEY_WINDOW,
          "not_before == not_after");
    CHECK(userhash_keyring_add(during, "\xff", 1, "x", 1, NULL, NULL) ==
                  USERHASH_RESULT_TEXT_NOT_UTF8,
          "key id that is not UTF-8");
    CHECK(userhash_keyring_add(during, "w", 1, "x\n", 2, NULL, NULL) ==
                  USERHASH_RESULT_SECRET_WHITESPACE &&
                  userhash_keyring_add_bytes(during, "w", 1, "x\n", 2, NULL, NULL) ==
                          USERHASH_RESULT_OK,
          "add: text secrets refuse whitespace, byte keys take it");
    CHECK(userhash_keyring_key_count(during, &count) == USERHASH_RESULT_OK && count == 4,
          "failed adds added nothing");

    /* The failure event's data, in the results: no secret, at most 8 characters of the hash. */
    v = check_at(during, new_hash, T0);
    CHECK(v.hash_prefix_len == 0 && v.hash_prefix[0] == '\0', "a verified result has no prefix");
    v = check_at(during, seed_hash, T0);
    CHECK(v.outcome == USERHASH_OUTCOME_MISMATCH && prefix_is(&v, seed_hash.data, 64) &&
                  v.key_index == -1,
          "a mismatch has 8 characters of the hash and no key");
    v = check_at(during, old_hash, T0 + DAY);
    CHECK(v.outcome == USERHASH_OUTCOME_EXPIRED && key_is(during, (size_t)v.key_index, "old") &&
                  prefix_is(&v, old_hash.data, 64),
          "an expired result names the key");
    int64_t now = T0;
    CHECK(userhash_keyring_verify_token(during, ID, "v9.x", 4, &now, 0, &v) ==
                          USERHASH_RESULT_OK &&
                  v.outcome == USERHASH_OUTCOME_MALFORMED &&
                  v.reason == USERHASH_RESULT_TOKEN_VERSION && prefix_is(&v, "v9.x", 4),
          "a malformed token with its reason and whole (short) prefix");
    userhash_string explanation = unwritten();
    char *json = userhash_keyring_explain(during, ID, seed_hash.data, 64, NULL, 0, &now,
                                          &explanation) == USERHASH_RESULT_OK
                         ? take(&explanation)
                         : NULL;
    char expected[256];
    snprintf(expected, sizeof expected,
             "\"event\":{\"outcome\":\"mismatch\",\"reason\":null,\"key_id\":null,"
             "\"hash_prefix\":\"%.8s\"}}",
             seed_hash.data);
    CHECK(json && strstr(json, expected),
          "an explain that does not verify returns its failure event (%s)", json);
    free(json);
    explanation = unwritten();
    json = userhash_keyring_explain(during, ID, old_hash.data, 64, NULL, 0, &retire,
                                    &explanation) == USERHASH_RESULT_OK
                   ? take(&explanation)
                   : NULL;
    CHECK(json && strstr(json, "\"code\":\"retired_key\"") &&
                  strstr(json, "\"outcome\":\"expired\",\"reason\":null,\"key_id\":\"old\""),
          "an explain of a retired key's hash names the key (%s)", json);
    free(json);
    explanation = unwritten();
    json = userhash_keyring_explain(during, ID, new_hash.data, 64, NULL, 0, &now, &explanation) ==
                           USERHASH_RESULT_OK
                   ? take(&explanation)
                   : NULL;
    CHECK(json && strstr(json, "\"code\":\"verified\"") && strstr(json, "\"event\":null"),
          "an explain that verifies has no event (%s)", json);
    free(json);

    userhash_keyring_free(before);
    userhash_keyring_free(during);
    free(old.data), free(new.data), free(old_hash.data), free(new_hash.data);
}

static void keyring_from_env(void) {
    userhash_keyring *keyring = NULL, *sentinel = (userhash_keyring *)&passed;
    unsetenv("USERHASH_SECRET");
    unsetenv("USERHASH_PREVIOUS_SECRET");
    keyring = sentinel;
    CHECK(userhash_keyring_from_env(&keyring) == USERHASH_RESULT_MISSING_ENV &&
                  keyring == sentinel &&
                  strcmp(last_error(), "environment variable USERHASH_SECRET is not set") == 0,
          "from_env without USERHASH_SECRET (%s)", last_error());
    setenv("USERHASH_SECRET", "new-secret", 1);
    setenv("USERHASH_PREVIOUS_SECRET", "your_secret_key", 1);
    unsetenv("USERHASH_PREVIOUS_SECRET_NOT_AFTER");
    CHECK(userhash_keyring_from_env(&keyring) == USERHASH_RESULT_MISSING_ENV &&
                  strcmp(last_error(),
                         "environment variable USERHASH_PREVIOUS_SECRET_NOT_AFTER is not set") == 0,
          "from_env with a previous secret and no NOT_AFTER (%s)", last_error());
    setenv("USERHASH_PREVIOUS_SECRET_NOT_AFTER", "soon", 1);
    CHECK(userhash_keyring_from_env(&keyring) == USERHASH_RESULT_INVALID_TIMESTAMP &&
                  starts_with(last_error(), "USERHASH_PREVIOUS_SECRET_NOT_AFTER must be"),
          "from_env with a NOT_AFTER that is not a number (%s)", last_error());
    setenv("USERHASH_PREVIOUS_SECRET_NOT_AFTER", "1767312000", 1);
    keyring = NULL;
    CHECK(userhash_keyring_from_env(&keyring) == USERHASH_RESULT_OK, "from_env");
    CHECK(key_is(keyring, 0, "current") && key_is(keyring, 1, "previous"),
          "from_env keys are current and previous");
    CHECK(check_at(keyring, seed_hash, 1767311999).key_index == 1 &&
                  check_at(keyring, seed_hash, 1767312000).outcome == USERHASH_OUTCOME_EXPIRED,
          "the previous secret verifies until its NOT_AFTER");
    userhash_keyring_free(keyring);
    unsetenv("USERHASH_SECRET");
    unsetenv("USERHASH_PREVIOUS_SECRET");
    unsetenv("USERHASH_PREVIOUS_SECRET_NOT_AFTER");
    CHECK(userhash_keyring_from_env(NULL) == USERHASH_RESULT_NULL_PARAMETER, "from_env(NULL)");
}

static size_t len_of(const char *text) {
    return text ? strlen(text) : 0;
}

/* from_values: the variables' values as a runtime read them (PHP-FPM's getenv()), NULL = unset. */
static void keyring_from_values(void) {
    userhash_keyring *sentinel = (userhash_keyring *)&passed, *keyring = sentinel;
#define FV(secret, previous, not_after)                                                       \
    userhash_keyring_from_values(secret, len_of(secret), previous, len_of(previous), not_after, \
                                 len_of(not_after), &keyring)
    CHECK(FV(NULL, "your_secret_key", "1") == USERHASH_RESULT_MISSING_ENV && keyring == sentinel &&
                  strcmp(last_error(), "environment variable USERHASH_SECRET is not set") == 0,
          "from_values without a secret (%s)", last_error());
    CHECK(FV("new-secret", "your_secret_key", NULL) == USERHASH_RESULT_MISSING_ENV &&
                  strstr(last_error(), "USERHASH_PREVIOUS_SECRET_NOT_AFTER") != NULL,
          "from_values without the deadline (%s)", last_error());
    CHECK(FV("new-secret", "your_secret_key", "-1") == USERHASH_RESULT_INVALID_TIMESTAMP &&
                  FV("new-secret", "your_secret_key", "soon") == USERHASH_RESULT_INVALID_TIMESTAMP &&
                  FV("new-secret", "your_secret_key", "1767225600000") ==
                          USERHASH_RESULT_TIMESTAMP_IN_MILLISECONDS &&
                  FV("new-secret\n", NULL, NULL) == USERHASH_RESULT_SECRET_WHITESPACE &&
                  FV("new-secret", "", "1") == USERHASH_RESULT_EMPTY_SECRET && keyring == sentinel,
          "from_values refuses what from_env refuses");
    CHECK(FV("new-secret", "your_secret_key", "1767312000") == USERHASH_RESULT_OK &&
                  key_is(keyring, 0, "current") && key_is(keyring, 1, "previous") &&
                  check_at(keyring, seed_hash, 1767311999).key_index == 1 &&
                  check_at(keyring, seed_hash, 1767312000).outcome == USERHASH_OUTCOME_EXPIRED,
          "from_values: current and previous until its deadline");
    userhash_keyring_free(keyring);
    keyring = NULL;
    size_t count = 0;
    CHECK(FV("your_secret_key", NULL, "soon") == USERHASH_RESULT_OK &&
                  userhash_keyring_key_count(keyring, &count) == USERHASH_RESULT_OK && count == 1,
          "from_values ignores a deadline without a previous secret");
    userhash_keyring_free(keyring);
#undef FV
    userhash_signer *signer = (userhash_signer *)&passed;
    CHECK(userhash_signer_from_env_value("MY_SECRET", 9, NULL, 0, &signer) ==
                          USERHASH_RESULT_MISSING_ENV &&
                  signer == (userhash_signer *)&passed &&
                  strcmp(last_error(), "environment variable MY_SECRET is not set") == 0,
          "signer_from_env_value of an unset variable names it (%s)", last_error());
    CHECK(userhash_signer_from_env_value("MY_SECRET", 9, "k\n", 2, &signer) ==
                  USERHASH_RESULT_SECRET_WHITESPACE,
          "signer_from_env_value: the text secret's rules");
    hash_buf out = fresh();
    CHECK(userhash_signer_from_env_value("MY_SECRET", 9, S, &signer) == USERHASH_RESULT_OK &&
                  userhash_signer_sign(signer, ID, out.buf, sizeof out.buf) ==
                          USERHASH_RESULT_OK && is_hash(&out, &seed_hash),
          "signer_from_env_value signs with the value");
    userhash_signer_free(signer);
    CHECK(userhash_keyring_from_values(S, NULL, 0, NULL, 0, NULL) ==
                  USERHASH_RESULT_NULL_PARAMETER,
          "from_values(NULL out)");
}

static void misuse_keyring(void) {
    userhash_keyring *sentinel = (userhash_keyring *)&passed, *keyring = sentinel;
    CHECK(userhash_keyring_new(NULL, 1, S, &keyring) == USERHASH_RESULT_NULL_PARAMETER &&
                  keyring == sentinel,
          "keyring_new(NULL id)");
    CHECK(userhash_keyring_new("k", 1, NULL, 1, &keyring) == USERHASH_RESULT_NULL_PARAMETER,
          "keyring_new(NULL secret)");
    CHECK(userhash_keyring_new("k", 1, S, NULL) == USERHASH_RESULT_NULL_PARAMETER,
          "keyring_new(NULL out)");
    CHECK(userhash_keyring_new("", 0, S, &keyring) == USERHASH_RESULT_EMPTY_KEY_ID &&
                  keyring == sentinel,
          "keyring_new(empty id)");
    CHECK(userhash_keyring_new("k", 1, "key\n", 4, &keyring) ==
                  USERHASH_RESULT_SECRET_WHITESPACE,
          "keyring_new(text secret with a newline)");
    CHECK(userhash_keyring_new_bytes("k", 1, "", 0, &keyring) == USERHASH_RESULT_EMPTY_SECRET,
          "keyring_new_bytes(empty key)");
    CHECK(userhash_keyring_add(NULL, "k", 1, S, NULL, NULL) == USERHASH_RESULT_NULL_PARAMETER,
          "add(NULL keyring)");

    keyring = NULL;
    userhash_keyring_new("k", 1, S, &keyring);
    hash_buf out = fresh();
    CHECK(userhash_keyring_sign(keyring, ID, out.buf, 64) == USERHASH_RESULT_BUFFER_TOO_SMALL &&
                  untouched(&out),
          "keyring_sign into 64 bytes");
    CHECK(userhash_keyring_sign(NULL, ID, out.buf, sizeof out.buf) ==
                  USERHASH_RESULT_NULL_PARAMETER && untouched(&out),
          "keyring_sign(NULL keyring)");
    CHECK(userhash_keyring_sign(keyring, "", 0, out.buf, sizeof out.buf) ==
                  USERHASH_RESULT_EMPTY_USER_ID && untouched(&out),
          "keyring_sign(empty id)");
    CHECK(userhash_keyring_sign(keyring, ID, out.buf, sizeof out.buf) == USERHASH_RESULT_OK &&
                  is_hash(&out, &seed_hash),
          "keyring_sign is the seed hash");

    userhash_verification v = {USERHASH_OUTCOME_MISMATCH, USERHASH_RESULT_PANIC, 7, "Z", 1};
    CHECK(userhash_keyring_verify_detailed(keyring, "", 0, seed_hash.data, 64, NULL, &v) ==
                  USERHASH_RESULT_EMPTY_USER_ID && v.key_index == 7 && v.hash_prefix_len == 1 &&
                  v.hash_prefix[0] == 'Z',
          "verify_detailed(empty id) is an error, result untouched");
    CHECK(userhash_keyring_verify_detailed(keyring, ID, seed_hash.data, 64, NULL, NULL) ==
                  USERHASH_RESULT_NULL_PARAMETER,
          "verify_detailed(NULL result)");
    CHECK(userhash_keyring_verify_detailed(keyring, ID, NULL, 0, NULL, &v) ==
                  USERHASH_RESULT_NULL_PARAMETER,
          "verify_detailed(NULL hash)");
    CHECK(userhash_keyring_verify_detailed(keyring, ID, seed_hash.data, 64, NULL, &v) ==
                  USERHASH_RESULT_OK && v.outcome == USERHASH_OUTCOME_VERIFIED &&
                  v.key_index == 0 && v.hash_prefix_len == 0,
          "verify_detailed at the current time");
    CHECK(userhash_keyring_verify_detailed(keyring, ID, "", 0, NULL, &v) == USERHASH_RESULT_OK &&
                  v.outcome == USERHASH_OUTCOME_MISSING && v.key_index == -1 &&
                  v.hash_prefix_len == 0,
          "an empty hash is missing, never skipped");
    CHECK(userhash_keyring_verify_detailed(keyring, ID, "   ", 3, NULL, &v) ==
                  USERHASH_RESULT_OK && v.outcome == USERHASH_OUTCOME_MALFORMED &&
                  v.reason == USERHASH_RESULT_HASH_WRONG_LENGTH && prefix_is(&v, "   ", 3),
          "a blank hash is malformed [hash_wrong_length]");
    char not_hex[64];
    memset(not_hex, 'z', sizeof not_hex);
    CHECK(userhash_keyring_verify_detailed(keyring, ID, not_hex, 64, NULL, &v) ==
                  USERHASH_RESULT_OK && v.outcome == USERHASH_OUTCOME_MALFORMED &&
                  v.reason == USERHASH_RESULT_HASH_NOT_HEX,
          "a non-hex hash is malformed [hash_not_hex]");
    char invalid[64];
    memset(invalid, 0xff, sizeof invalid);
    CHECK(userhash_keyring_verify_detailed(keyring, ID, invalid, 64, NULL, &v) ==
                  USERHASH_RESULT_OK && v.hash_prefix_len == USERHASH_HASH_PREFIX_BUF_LEN - 1 &&
                  strcmp(v.hash_prefix, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                                        "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd") == 0,
          "bytes that are not UTF-8 fill the prefix buffer with U+FFFD");

    char token[USERHASH_TOKEN_BUF_LEN];
    memset(token, 'Z', sizeof token);
    CHECK(userhash_keyring_issue_token(keyring, ID, 60, token, sizeof token - 1) ==
                  USERHASH_RESULT_BUFFER_TOO_SMALL && token[0] == 'Z',
          "issue_token into 87 bytes");
    CHECK(userhash_keyring_issue_token_at(keyring, ID, -1, token, sizeof token) ==
                  USERHASH_RESULT_INVALID_TIMESTAMP,
          "issue_token_at(-1)");
    CHECK(userhash_keyring_issue_token(keyring, ID, -1, token, sizeof token) ==
                  USERHASH_RESULT_INVALID_TIMESTAMP && token[0] == 'Z',
          "issue_token with a negative ttl");
    CHECK(userhash_keyring_issue_token(keyring, "", 0, 60, token, sizeof token) ==
                  USERHASH_RESULT_EMPTY_USER_ID && token[0] == 'Z',
          "issue_token(empty id)");
    CHECK(userhash_keyring_issue_token(keyring, ID, 60, token, sizeof token) == USERHASH_RESULT_OK &&
                  strncmp(token, "v1.", 3) == 0 && strlen(token) == 3 + 10 + 1 + 64,
          "issue_token with a ttl");
    v.outcome = 0;
    CHECK(userhash_keyring_verify_token(keyring, ID, token, strlen(token), NULL, 0, &v) ==
                  USERHASH_RESULT_OK && v.outcome == USERHASH_OUTCOME_VERIFIED,
          "a fresh token verifies now");
    v.outcome = 0;
    CHECK(userhash_keyring_verify_token(keyring, ID, token, strlen(token), NULL, INT64_MIN, &v) ==
                  USERHASH_RESULT_INVALID_TIMESTAMP && v.outcome == 0,
          "verify_token with a negative leeway, result untouched");
    CHECK(userhash_keyring_verify_token(keyring, "", 0, token, strlen(token), NULL, 0, &v) ==
                  USERHASH_RESULT_EMPTY_USER_ID,
          "verify_token(empty id)");
    CHECK(userhash_keyring_verify_token(keyring, ID, token, strlen(token), NULL, 0, NULL) ==
                  USERHASH_RESULT_NULL_PARAMETER,
          "verify_token(NULL result)");
    /* A widget hash never verifies as a token, nor a token MAC as a widget hash. */
    v.outcome = 0;
    userhash_keyring_verify_token(keyring, ID, seed_hash.data, 64, NULL, 0, &v);
    CHECK(v.outcome == USERHASH_OUTCOME_MALFORMED && v.reason == USERHASH_RESULT_TOKEN_VERSION,
          "a widget hash as a token is malformed [token_version]");
    const char *mac = strrchr(token, '.') + 1;
    userhash_keyring_verify_detailed(keyring, ID, mac, 64, NULL, &v);
    CHECK(v.outcome == USERHASH_OUTCOME_MISMATCH, "a token MAC as a widget hash mismatches");

    userhash_string s = unwritten();
    CHECK(userhash_keyring_explain(keyring, ID, "", 0, NULL, 0, NULL, NULL) ==
                  USERHASH_RESULT_NULL_PARAMETER,
          "explain(NULL out)");
    CHECK(userhash_keyring_explain(NULL, ID, "", 0, NULL, 0, NULL, &s) ==
                  USERHASH_RESULT_NULL_PARAMETER && string_untouched(&s),
          "explain(NULL keyring)");
    CHECK(userhash_keyring_explain(keyring, ID, NULL, 0, NULL, 0, NULL, &s) ==
                  USERHASH_RESULT_NULL_PARAMETER && string_untouched(&s),
          "explain(NULL hash)");
    CHECK(userhash_keyring_explain(keyring, "", 0, "", 0, NULL, 0, NULL, &s) ==
                  USERHASH_RESULT_EMPTY_USER_ID && string_untouched(&s),
          "explain(empty id)");
    CHECK(userhash_explain("k\n", 2, ID, "", 0, NULL, 0, &s) ==
                  USERHASH_RESULT_SECRET_WHITESPACE && string_untouched(&s),
          "one-shot explain with a bad text secret");
    CHECK(userhash_explain(S, ID, "", 0, NULL, 0, NULL) == USERHASH_RESULT_NULL_PARAMETER,
          "one-shot explain(NULL out)");
    userhash_string_free(NULL);
    CHECK(1, "string_free(NULL) is a no-op");
    userhash_keyring_free(keyring);
    userhash_keyring_free(NULL);
    CHECK(1, "keyring_free(NULL) is a no-op");

    /* Outcome names. */
    static const char *names[] = {"verified", "missing", "malformed", "mismatch", "expired"};
    for (unsigned i = 0; i < 5; i++)
        CHECK(userhash_outcome_name(i + 1) && strcmp(userhash_outcome_name(i + 1), names[i]) == 0,
              "outcome_name(%u)", i + 1);
    CHECK(userhash_outcome_name(0) == NULL && userhash_outcome_name(6) == NULL,
          "0 and 6 are not outcomes (a zeroed result never reads as verified)");
}

/* widget_json for a NUL-terminated config: the owned JSON (free it), or NULL with *rc set. */
static char *widget(userhash_signer *signer, const char *config, userhash_result *rc) {
    userhash_string out = unwritten();
    *rc = userhash_widget_json(signer, config, strlen(config), &out);
    if (*rc != USERHASH_RESULT_OK) return string_untouched(&out) ? NULL : strdup("written");
    return take(&out);
}

/* Whether a config is refused with `expected` (output untouched) and a message starting with
 * `message` (NULL: any). */
static int refused(userhash_signer *signer, const char *config, userhash_result expected,
                   const char *message) {
    userhash_result rc;
    char *json = widget(signer, config, &rc);
    free(json);
    return !json && rc == expected && (!message || starts_with(last_error(), message));
}

#define CONFIG(user) "{\"preset\":\"generic\",\"app_id\":\"app\",\"user\":" user "}"

static void misuse_widget(void) {
    userhash_signer *signer = NULL;
    userhash_signer_new(S, &signer);
    const char *tau = "{\"preset\":\"tau\",\"app_id\":\"app\",\"user\":{\"id\":\"user123\"}}";
    userhash_result rc;
    char *json = widget(signer, tau, &rc);
    CHECK(json && strstr(json, seed_hash.data) != NULL, "widget_json has the seed hash");
    free(json);
    userhash_string out = unwritten();
    CHECK(userhash_widget_json(NULL, tau, strlen(tau), &out) == USERHASH_RESULT_NULL_PARAMETER &&
                  string_untouched(&out),
          "widget_json(NULL signer)");
    CHECK(userhash_widget_json(signer, NULL, 10, &out) == USERHASH_RESULT_NULL_PARAMETER &&
                  string_untouched(&out),
          "widget_json(NULL config)");
    CHECK(userhash_widget_json(signer, tau, strlen(tau), NULL) == USERHASH_RESULT_NULL_PARAMETER,
          "widget_json(NULL out)");
    CHECK(userhash_widget_script(signer, tau, strlen(tau), NULL, 0, NULL) ==
                  USERHASH_RESULT_NULL_PARAMETER,
          "widget_script(NULL out)");
    char *script = userhash_widget_script(signer, tau, strlen(tau), NULL, 0, &out) ==
                                   USERHASH_RESULT_OK
                           ? take(&out)
                           : NULL;
    CHECK(script && starts_with(script, "<script>window.taubotConfig = {"),
          "widget_script without a nonce");
    free(script);

    /* The schema: invalid_widget_config, with the parser's detail in the message. */
    CHECK(refused(signer, "{\"preset\":\"hal\",\"app_id\":\"app\",\"colour\":\"red\"}",
                  USERHASH_RESULT_INVALID_WIDGET_CONFIG,
                  "the widget configuration is not valid: unknown field `colour`"),
          "an unknown field (%s)", last_error());
    CHECK(refused(signer, CONFIG("{\"id\":\"u\",\"nickname\":\"J\"}"),
                  USERHASH_RESULT_INVALID_WIDGET_CONFIG, NULL) &&
                  strstr(last_error(), "unknown field `nickname`"),
          "an unknown user field (%s)", last_error());
    CHECK(refused(signer, "{\"preset\":\"tau\",\"app_id\":\"app\",\"preset\":\"hal\"}",
                  USERHASH_RESULT_INVALID_WIDGET_CONFIG, NULL) &&
                  strstr(last_error(), "duplicate field `preset`"),
          "a key given twice (%s)", last_error());
    CHECK(refused(signer, CONFIG("{\"id\":\"u\",\"id\":\"v\"}"),
                  USERHASH_RESULT_INVALID_WIDGET_CONFIG, NULL),
          "a user key given twice");
    CHECK(refused(signer, "{\"preset\":\"hal\",\"app_id\":5}", USERHASH_RESULT_INVALID_WIDGET_CONFIG,
                  NULL) && strstr(last_error(), "invalid type"),
          "a wrong type (%s)", last_error());
    CHECK(refused(signer, CONFIG("{\"id\":\"u\",\"created_at\":\"soon\"}"),
                  USERHASH_RESULT_INVALID_TIMESTAMP, NULL) &&
                  refused(signer, CONFIG("{\"id\":\"u\",\"created_at\":1.5}"),
                          USERHASH_RESULT_INVALID_TIMESTAMP, NULL),
          "a creation time that is not an integer: the timestamp rule, as in Node and Python");
    CHECK(refused(signer, CONFIG("{\"id\":true}"), USERHASH_RESULT_INVALID_WIDGET_CONFIG, NULL) &&
                  refused(signer, CONFIG("{\"id\":null}"), USERHASH_RESULT_INVALID_WIDGET_CONFIG,
                          NULL) &&
                  refused(signer, CONFIG("{\"id\":\"\\ud800\"}"),
                          USERHASH_RESULT_INVALID_WIDGET_CONFIG, NULL) &&
                  refused(signer, CONFIG("{\"name\":\"Jo\"}"), USERHASH_RESULT_INVALID_WIDGET_CONFIG,
                          NULL),
          "wrong types, a lone surrogate and a user without an id");
    CHECK(refused(signer, "{\"app_id\":\"app\"}", USERHASH_RESULT_INVALID_WIDGET_CONFIG, NULL) &&
                  refused(signer, "{", USERHASH_RESULT_INVALID_WIDGET_CONFIG, NULL) &&
                  refused(signer, "", USERHASH_RESULT_INVALID_WIDGET_CONFIG, NULL) &&
                  refused(signer, "[]", USERHASH_RESULT_INVALID_WIDGET_CONFIG, NULL) &&
                  refused(signer, "{\"preset\":\"hal\",\"app_id\":\"app\"} x",
                          USERHASH_RESULT_INVALID_WIDGET_CONFIG, NULL),
          "no preset, not JSON, not an object, trailing text");
    CHECK(refused(signer, "{\"preset\":\"hal\",\"app_id\":\"\xff\"}", USERHASH_RESULT_TEXT_NOT_UTF8,
                  NULL),
          "a config that is not UTF-8");

    /* The rules, each field's own code. */
    CHECK(refused(signer, CONFIG("{\"id\":\"u\",\"metadata\":{\"k\":[1]}}"),
                  USERHASH_RESULT_INVALID_METADATA, "the metadata must be a flat object") &&
                  refused(signer, CONFIG("{\"id\":\"u\",\"metadata\":{\"k\":1.5}}"),
                          USERHASH_RESULT_INVALID_METADATA, NULL) &&
                  refused(signer, CONFIG("{\"id\":\"u\",\"metadata\":{\"k\":{}}}"),
                          USERHASH_RESULT_INVALID_METADATA, NULL),
          "metadata values that are lists, objects or fractions");
    json = widget(signer, CONFIG("{\"id\":\"u\",\"metadata\":{}}"), &rc);
    CHECK(json && strstr(json, "\"metadata\":{}") != NULL, "metadata with no entry");
    free(json);
    json = widget(signer, CONFIG("{\"id\":\"u\",\"metadata\":{\"k\":true,\"n\":null}}"), &rc);
    CHECK(json && strstr(json, "\"metadata\":{\"k\":true,\"n\":null}") != NULL,
          "boolean and null metadata");
    free(json);
    json = widget(signer, CONFIG("{\"id\":42,\"name\":null}"), &rc);
    char hash_42[USERHASH_HASH_BUF_LEN], expected[256];
    userhash_sign(S, "42", 2, hash_42, sizeof hash_42);
    snprintf(expected, sizeof expected,
             "{\"appId\":\"app\",\"userId\":\"42\",\"userHash\":\"%s\"}", hash_42);
    CHECK(json && strcmp(json, expected) == 0, "an integer id, a null name (%s)", json);
    free(json);
    json = widget(signer, CONFIG("{\"id\":\"u\",\"name\":\"a\\u0000</script>\"}"), &rc);
    CHECK(json && strstr(json, "\"name\":\"a\\u0000\\u003c/script\\u003e\""),
          "NUL and < are escaped: the text holds no NUL (%s)", json);
    free(json);
    CHECK(refused(signer, "{\"preset\":null,\"app_id\":\"app\"}",
                  USERHASH_RESULT_INVALID_WIDGET_CONFIG, NULL),
          "a null preset");
    userhash_signer_free(signer);
}

/* One keyring shared by several threads; each thread reads its own last error message. */
static void *verify_loop(void *keyring) {
    intptr_t failures = 0;
    for (int i = 0; i < 200; i++) {
        userhash_verification v = {0};
        const char *id = NULL;
        size_t len = 0;
        if (userhash_keyring_verify_detailed(keyring, ID, seed_hash.data, 64, NULL, &v) !=
                    USERHASH_RESULT_OK || v.outcome != USERHASH_OUTCOME_VERIFIED ||
            userhash_keyring_verify_detailed(keyring, ID, "", 0, NULL, &v) != USERHASH_RESULT_OK)
            return (void *)-1;
        failures += v.outcome != USERHASH_OUTCOME_VERIFIED;
        /* Two failures with different messages, interleaved across the threads. */
        if (userhash_keyring_verify_detailed(keyring, "", 0, "", 0, NULL, &v) !=
                    USERHASH_RESULT_EMPTY_USER_ID ||
            strcmp(last_error(), "the user id is empty") != 0 ||
            userhash_keyring_key_id(keyring, 9, &id, &len) != USERHASH_RESULT_INDEX_OUT_OF_RANGE ||
            strcmp(last_error(), "the keyring has no key at this index") != 0)
            return (void *)-1;
    }
    return (void *)failures;
}

static void keyring_threads(void) {
    userhash_keyring *keyring = NULL;
    pthread_t t[4];
    int bad = userhash_keyring_new("k", 1, S, &keyring) != USERHASH_RESULT_OK;
    intptr_t failures = 0;
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, verify_loop, keyring);
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        bad |= r == (void *)-1;
        failures += (intptr_t)r;
    }
    userhash_keyring_free(keyring);
    CHECK(!bad && failures == 4 * 200,
          "one keyring shared by 4 threads, %ld failures reported, messages per thread",
          (long)failures);
}

/* ---- the core's timestamp and metadata rules (issue 13) ---- */

#define T0_MS (T0 * 1000) /* 2026-01-01 in milliseconds: Date.now(), not Unix seconds */

/* A generic-preset configuration with every field set, with `created_at` and `metadata`. */
static void widget_config(char *out, size_t out_len, long long created_at, const char *metadata) {
    snprintf(out, out_len,
             "{\"preset\":\"generic\",\"app_id\":\"app\",\"global\":\"window.chat\",\"user\":"
             "{\"id\":\"user123\",\"name\":\"Jo\",\"email\":\"jo@example.com\",\"phone\":"
             "\"+15551234567\",\"profile_picture_url\":\"https://example.com/jo.png\","
             "\"created_at\":%lld,\"metadata\":%s}}",
             created_at, metadata);
}

static void timestamps_and_metadata(void) {
    userhash_keyring *keyring = NULL;
    userhash_keyring_new("k", 1, S, &keyring);
    int64_t ms = T0_MS, negative = -1, start = T0;
    CHECK(userhash_keyring_add(keyring, "a", 1, "x", 1, &ms, NULL) ==
                  USERHASH_RESULT_TIMESTAMP_IN_MILLISECONDS,
          "a not_before in milliseconds");
    CHECK(userhash_keyring_add(keyring, "a", 1, "x", 1, &start, &ms) ==
                  USERHASH_RESULT_TIMESTAMP_IN_MILLISECONDS,
          "a not_after in milliseconds");
    CHECK(userhash_keyring_add_bytes(keyring, "a", 1, "x", 1, NULL, &ms) ==
                  USERHASH_RESULT_TIMESTAMP_IN_MILLISECONDS,
          "add_bytes: a not_after in milliseconds");
    CHECK(userhash_keyring_add(keyring, "a", 1, "x", 1, NULL, &negative) ==
                  USERHASH_RESULT_INVALID_TIMESTAMP,
          "a negative not_after");
    size_t count = 0;
    CHECK(userhash_keyring_key_count(keyring, &count) == USERHASH_RESULT_OK && count == 1,
          "refused windows added no key");

    char token[USERHASH_TOKEN_BUF_LEN];
    memset(token, 'Z', sizeof token);
    CHECK(userhash_keyring_issue_token_at(keyring, ID, T0_MS, token, sizeof token) ==
                  USERHASH_RESULT_TIMESTAMP_IN_MILLISECONDS && token[0] == 'Z',
          "issue_token_at with an expiry in milliseconds");
    CHECK(userhash_keyring_issue_token(keyring, ID, INT64_MAX, token, sizeof token) ==
                  USERHASH_RESULT_TIMESTAMP_IN_MILLISECONDS && token[0] == 'Z',
          "issue_token with a ttl that ends past 10^11 seconds");
    char ms_token[] = "v1.1767225600000.0000000000000000000000000000000000000000000000000000000000000000";
    int64_t now = T0;
    userhash_verification v = {0};
    CHECK(userhash_keyring_verify_token(keyring, ID, ms_token, strlen(ms_token), &now, 0, &v) ==
                  USERHASH_RESULT_OK && v.outcome == USERHASH_OUTCOME_MALFORMED &&
                  v.reason == USERHASH_RESULT_TIMESTAMP_IN_MILLISECONDS,
          "a token with a millisecond expiry is malformed [%s]", code(v.reason));
    userhash_keyring_free(keyring);

    setenv("USERHASH_SECRET", "new-secret", 1);
    setenv("USERHASH_PREVIOUS_SECRET", "your_secret_key", 1);
    setenv("USERHASH_PREVIOUS_SECRET_NOT_AFTER", "1767225600000", 1);
    keyring = NULL;
    CHECK(userhash_keyring_from_env(&keyring) == USERHASH_RESULT_TIMESTAMP_IN_MILLISECONDS &&
                  keyring == NULL,
          "from_env with a NOT_AFTER in milliseconds");
    unsetenv("USERHASH_SECRET");
    unsetenv("USERHASH_PREVIOUS_SECRET");
    unsetenv("USERHASH_PREVIOUS_SECRET_NOT_AFTER");

    userhash_signer *signer = NULL;
    userhash_signer_new(S, &signer);
    char config[1024];
    widget_config(config, sizeof config, T0_MS, "{\"plan\":\"pro\"}");
    CHECK(refused(signer, config, USERHASH_RESULT_TIMESTAMP_IN_MILLISECONDS,
                  "created_at is 10^11 or more"),
          "a created_at in milliseconds (%s)", last_error());
    userhash_string out = unwritten();
    CHECK(userhash_widget_script(signer, config, strlen(config), NULL, 0, &out) ==
                  USERHASH_RESULT_TIMESTAMP_IN_MILLISECONDS && string_untouched(&out),
          "widget_script: a created_at in milliseconds");
    widget_config(config, sizeof config, -1, "{\"plan\":\"pro\"}");
    CHECK(refused(signer, config, USERHASH_RESULT_INVALID_TIMESTAMP, NULL),
          "a negative created_at");
    widget_config(config, sizeof config, T0, "{\"plan\":\"pro\",\"plan\":2}");
    CHECK(refused(signer, config, USERHASH_RESULT_INVALID_METADATA, NULL),
          "two metadata entries with the same key");
    CHECK(userhash_widget_script(signer, config, strlen(config), NULL, 0, &out) ==
                  USERHASH_RESULT_INVALID_METADATA && string_untouched(&out),
          "widget_script: two metadata entries with the same key");
    widget_config(config, sizeof config, T0, "{\"tier\":2,\"plan\":\"pro\"}");
    userhash_result rc;
    char *json = widget(signer, config, &rc);
    CHECK(json && strstr(json, "\"metadata\":{\"plan\":\"pro\",\"tier\":2}") != NULL,
          "two metadata entries with different keys, sorted");
    free(json);
    userhash_signer_free(signer);
}

/* ---- hostile sizes (issue 13): a length no object can have is refused, never read ---- */

/* Lengths no buffer can have: above PTRDIFF_MAX (Rust's isize::MAX) and (size_t)-1. */
#define PAST_PTRDIFF ((size_t)PTRDIFF_MAX + 1)

/* Every output a call may write, filled with 'Z' bytes: a refused call leaves it so. */
typedef struct {
    char buf[1024];
    size_t len;
    bool valid;
    userhash_signer *signer;
    userhash_keyring *keyring;
    userhash_verification result;
    userhash_string string;
} outputs;

static struct {
    userhash_signer *signer;
    userhash_keyring *keyring;
} H;

static void hostile_open(void) {
    userhash_signer_new(S, &H.signer);
    userhash_keyring_new("k", 1, S, &H.keyring);
}

static void hostile_close(void) {
    userhash_signer_free(H.signer);
    userhash_keyring_free(H.keyring);
}

/* One call with one length argument replaced by `n`. */
#define HOSTILE(name, call)                                   \
    static userhash_result name(size_t n, outputs *o) {       \
        (void)n, (void)o;                                     \
        return call;                                          \
    }

#define SEED seed_hash.data
HOSTILE(h_sign_secret, userhash_sign(SECRET, n, ID, o->buf, 65))
HOSTILE(h_sign_id, userhash_sign(S, "user123", n, o->buf, 65))
HOSTILE(h_sign_out, userhash_sign(S, ID, o->buf, n))
HOSTILE(h_verify_secret, userhash_verify(SECRET, n, ID, SEED, 64, &o->valid))
HOSTILE(h_verify_id, userhash_verify(S, "user123", n, SEED, 64, &o->valid))
HOSTILE(h_verify_hash, userhash_verify(S, ID, SEED, n, &o->valid))
HOSTILE(h_signer_new, userhash_signer_new(SECRET, n, &o->signer))
HOSTILE(h_signer_new_bytes, userhash_signer_new_bytes(SECRET, n, &o->signer))
HOSTILE(h_signer_env_name, userhash_signer_from_env_value("NAME", n, S, &o->signer))
HOSTILE(h_signer_env_value, userhash_signer_from_env_value("NAME", 4, SECRET, n, &o->signer))
HOSTILE(h_signer_sign_id, userhash_signer_sign(H.signer, "user123", n, o->buf, 65))
HOSTILE(h_signer_sign_out, userhash_signer_sign(H.signer, ID, o->buf, n))
HOSTILE(h_signer_verify_id, userhash_signer_verify(H.signer, "user123", n, SEED, 64, &o->valid))
HOSTILE(h_signer_verify_hash, userhash_signer_verify(H.signer, ID, SEED, n, &o->valid))
HOSTILE(h_generate_secret, userhash_generate_secret(o->buf, n))
HOSTILE(h_integer_id, userhash_integer_id(42, o->buf, n, &o->len))

static userhash_result sign_many(size_t count, const size_t *lengths, size_t out_len, outputs *o) {
    return userhash_signer_sign_many(H.signer, "user123user123", lengths, count, o->buf, out_len);
}
HOSTILE(h_sign_many_count, sign_many(n, (size_t[]){7, 7}, sizeof o->buf, o))
HOSTILE(h_sign_many_first, sign_many(2, (size_t[]){n, 7}, sizeof o->buf, o))
HOSTILE(h_sign_many_second, sign_many(2, (size_t[]){7, n}, sizeof o->buf, o))
HOSTILE(h_sign_many_out, sign_many(2, (size_t[]){7, 7}, n, o))
/* Totals: n / 64 + 1 hashes need more than PTRDIFF_MAX bytes, lengths that are each in
 * range add up past PTRDIFF_MAX (n / 2 + 1 twice) or past SIZE_MAX, wrapping to 7. */
HOSTILE(h_sign_many_output_total, sign_many(n / 64 + 1, (size_t[]){7, 7}, sizeof o->buf, o))
HOSTILE(h_sign_many_id_total,
        sign_many(2, (size_t[]){PTRDIFF_MAX / 2 + 1, PTRDIFF_MAX / 2 + 1}, sizeof o->buf, o))
HOSTILE(h_sign_many_id_total_wraps,
        sign_many(3, (size_t[]){PTRDIFF_MAX, PTRDIFF_MAX, 9}, sizeof o->buf, o))

static const char HASH64[] = "0000000000000000000000000000000000000000000000000000000000000000";
HOSTILE(h_keyring_new_id, userhash_keyring_new("k", n, S, &o->keyring))
HOSTILE(h_keyring_new_secret, userhash_keyring_new("k", 1, SECRET, n, &o->keyring))
HOSTILE(h_keyring_new_bytes_id, userhash_keyring_new_bytes("k", n, S, &o->keyring))
HOSTILE(h_keyring_new_bytes_key, userhash_keyring_new_bytes("k", 1, SECRET, n, &o->keyring))
HOSTILE(h_from_values_secret,
        userhash_keyring_from_values(SECRET, n, NULL, 0, NULL, 0, &o->keyring))
HOSTILE(h_from_values_previous,
        userhash_keyring_from_values(S, SECRET, n, "1", 1, &o->keyring))
HOSTILE(h_from_values_not_after,
        userhash_keyring_from_values(S, S, "1767225600", n, &o->keyring))
HOSTILE(h_keyring_add_id, userhash_keyring_add(H.keyring, "k2", n, S, NULL, NULL))
HOSTILE(h_keyring_add_secret, userhash_keyring_add(H.keyring, "k2", 2, SECRET, n, NULL, NULL))
HOSTILE(h_keyring_add_bytes_id, userhash_keyring_add_bytes(H.keyring, "k2", n, S, NULL, NULL))
HOSTILE(h_keyring_add_bytes_key,
        userhash_keyring_add_bytes(H.keyring, "k2", 2, SECRET, n, NULL, NULL))
HOSTILE(h_keyring_sign_id, userhash_keyring_sign(H.keyring, "user123", n, o->buf, 65))
HOSTILE(h_keyring_sign_out, userhash_keyring_sign(H.keyring, ID, o->buf, n))
HOSTILE(h_verify_detailed_id,
        userhash_keyring_verify_detailed(H.keyring, "user123", n, SEED, 64, NULL, &o->result))
HOSTILE(h_verify_detailed_hash,
        userhash_keyring_verify_detailed(H.keyring, ID, SEED, n, NULL, &o->result))
HOSTILE(h_issue_token_id, userhash_keyring_issue_token(H.keyring, "user123", n, 60, o->buf, 88))
HOSTILE(h_issue_token_out, userhash_keyring_issue_token(H.keyring, ID, 60, o->buf, n))
HOSTILE(h_issue_token_at_id,
        userhash_keyring_issue_token_at(H.keyring, "user123", n, T0, o->buf, 88))
HOSTILE(h_issue_token_at_out, userhash_keyring_issue_token_at(H.keyring, ID, T0, o->buf, n))
HOSTILE(h_verify_token_id,
        userhash_keyring_verify_token(H.keyring, "user123", n, "v1.1.x", 6, NULL, 0, &o->result))
HOSTILE(h_verify_token_token,
        userhash_keyring_verify_token(H.keyring, ID, "v1.1.x", n, NULL, 0, &o->result))
HOSTILE(h_keyring_explain_id,
        userhash_keyring_explain(H.keyring, "user123", n, HASH64, 64, NULL, 0, NULL, &o->string))
HOSTILE(h_keyring_explain_hash,
        userhash_keyring_explain(H.keyring, ID, HASH64, n, NULL, 0, NULL, &o->string))
HOSTILE(h_keyring_explain_email,
        userhash_keyring_explain(H.keyring, ID, HASH64, 64, "a@b.c", n, NULL, &o->string))
HOSTILE(h_explain_secret, userhash_explain(SECRET, n, ID, HASH64, 64, NULL, 0, &o->string))
HOSTILE(h_explain_id, userhash_explain(S, "user123", n, HASH64, 64, NULL, 0, &o->string))
HOSTILE(h_explain_hash, userhash_explain(S, ID, HASH64, n, NULL, 0, &o->string))
HOSTILE(h_explain_email, userhash_explain(S, ID, HASH64, 64, "a@b.c", n, &o->string))

static const char WIDGET[] = "{\"preset\":\"tau\",\"app_id\":\"app\",\"user\":{\"id\":\"user123\"}}";
HOSTILE(h_widget_json_config, userhash_widget_json(H.signer, WIDGET, n, &o->string))
HOSTILE(h_widget_script_config,
        userhash_widget_script(H.signer, WIDGET, n, NULL, 0, &o->string))
HOSTILE(h_widget_nonce,
        userhash_widget_script(H.signer, WIDGET, sizeof WIDGET - 1, "abc", n, &o->string))

#define ROW(call) {#call, call}
static const struct {
    const char *name;
    userhash_result (*call)(size_t n, outputs *o);
} HOSTILE_CALLS[] = {
    ROW(h_sign_secret), ROW(h_sign_id), ROW(h_sign_out), ROW(h_verify_secret), ROW(h_verify_id),
    ROW(h_verify_hash), ROW(h_signer_new), ROW(h_signer_new_bytes), ROW(h_signer_env_name),
    ROW(h_signer_env_value), ROW(h_signer_sign_id),
    ROW(h_signer_sign_out), ROW(h_signer_verify_id), ROW(h_signer_verify_hash),
    ROW(h_generate_secret), ROW(h_integer_id), ROW(h_sign_many_count), ROW(h_sign_many_first),
    ROW(h_sign_many_second), ROW(h_sign_many_out), ROW(h_sign_many_output_total),
    ROW(h_sign_many_id_total), ROW(h_sign_many_id_total_wraps), ROW(h_keyring_new_id),
    ROW(h_keyring_new_secret), ROW(h_keyring_new_bytes_id), ROW(h_keyring_new_bytes_key),
    ROW(h_from_values_secret), ROW(h_from_values_previous), ROW(h_from_values_not_after),
    ROW(h_keyring_add_id), ROW(h_keyring_add_secret), ROW(h_keyring_add_bytes_id),
    ROW(h_keyring_add_bytes_key), ROW(h_keyring_sign_id), ROW(h_keyring_sign_out),
    ROW(h_verify_detailed_id), ROW(h_verify_detailed_hash), ROW(h_issue_token_id),
    ROW(h_issue_token_out), ROW(h_issue_token_at_id), ROW(h_issue_token_at_out),
    ROW(h_verify_token_id), ROW(h_verify_token_token), ROW(h_keyring_explain_id),
    ROW(h_keyring_explain_hash), ROW(h_keyring_explain_email), ROW(h_explain_secret),
    ROW(h_explain_id), ROW(h_explain_hash), ROW(h_explain_email), ROW(h_widget_json_config),
    ROW(h_widget_script_config), ROW(h_widget_nonce),
};
static const size_t HOSTILE_LENGTHS[] = {SIZE_MAX, PAST_PTRDIFF};

static void hostile_sizes(void) {
    hostile_open();
    outputs o;
    userhash_result rc = userhash_widget_script(H.signer, WIDGET, sizeof WIDGET - 1, "abc", 3,
                                                &o.string);
    char *script = rc == USERHASH_RESULT_OK ? take(&o.string) : NULL;
    CHECK(script && sign_many(2, (size_t[]){7, 7}, sizeof o.buf, &o) == USERHASH_RESULT_OK,
          "the hostile cases start from calls that succeed");
    free(script);
    size_t calls = sizeof HOSTILE_CALLS / sizeof HOSTILE_CALLS[0];
    for (size_t i = 0; i < calls; i++) {
        for (size_t j = 0; j < 2; j++) {
            outputs pristine;
            memset(&o, 'Z', sizeof o);
            memset(&pristine, 'Z', sizeof pristine);
            rc = HOSTILE_CALLS[i].call(HOSTILE_LENGTHS[j], &o);
            CHECK(rc == USERHASH_RESULT_LENGTH_OUT_OF_RANGE && memcmp(&o, &pristine, sizeof o) == 0,
                  "%s(%zu): %s, expected length_out_of_range with outputs untouched",
                  HOSTILE_CALLS[i].name, HOSTILE_LENGTHS[j], code(rc));
        }
    }
    size_t count = 0;
    CHECK(userhash_keyring_key_count(H.keyring, &count) == USERHASH_RESULT_OK && count == 1,
          "refused adds added no key");
    printf("%zu hostile calls\n", 2 * calls);
    hostile_close();
}

#include "test_vendors.c"

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s VECTOR_LINES EXPECTED_VERSION\n", argv[0]);
        return 2;
    }
    int cases = run_vectors(argv[1]);
    CHECK(cases > 0, "read the vectors");
    if (!seed_hash.data) {
        fprintf(stderr, "no valid verify vector: cannot run the misuse cases\n");
        return 2;
    }
    misuse_signer();
    misuse_sign_many();
    misuse_oneshot();
    misuse_keyring();
    misuse_widget();
    keyring_from_env();
    keyring_from_values();
    timestamps_and_metadata();
    hostile_sizes();
    vendor_misuse();
    invalid_fields();
    issue_jwt_misuse();
    vendor_hostile_sizes();
    result_codes(argv[2]);
    last_error_messages();
    threads();
    keyring_threads();
    free(seed_hash.data);
    printf("%d vectors\n%d passed, %d failed\n", cases, passed, failed);
    return failed ? 1 : 0;
}
