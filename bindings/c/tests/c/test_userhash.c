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
    CHECK(userhash_signer_sign_many(signer, ids, good, SIZE_MAX / 32, out, sizeof out) ==
                  USERHASH_RESULT_BUFFER_TOO_SMALL,
          "sign_many with a count whose output size overflows");
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
        {USERHASH_RESULT_NULL_PARAMETER, "null_parameter"},
        {USERHASH_RESULT_BUFFER_TOO_SMALL, "buffer_too_small"},
        {USERHASH_RESULT_PANIC, "panic"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        const char *code = userhash_result_code(known[i].result);
        const char *message = userhash_error_message(known[i].result);
        CHECK(code && strcmp(code, known[i].code) == 0, "result_code(%d)", known[i].result);
        CHECK(message && *message, "error_message(%d)", known[i].result);
    }
    CHECK(userhash_result_code(29) == NULL && userhash_result_code(99) == NULL &&
                  userhash_result_code(103) == NULL && userhash_error_message(0xFFFFFFFFu) == NULL,
          "values that are not results have no code or message");
    CHECK(strcmp(userhash_version(), version) == 0, "version %s, expected %s", userhash_version(),
          version);
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
    result_codes(argv[2]);
    threads();
    free(seed_hash.data);
    printf("%d vectors\n%d passed, %d failed\n", cases, passed, failed);
    return failed ? 1 : 0;
}
