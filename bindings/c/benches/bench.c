/* Benchmark rows (format in scripts/bench_report.py) for the C ABI against what a C
 * program writes without userhash: OpenSSL's one-shot HMAC() and a hex loop.
 *
 *   bench ITERATIONS RUNS
 */
#define _POSIX_C_SOURCE 199309L
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "userhash.h"

static const char SECRET[] = "your_secret_key";
#define SECRET_LEN (sizeof SECRET - 1)

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The snippet a C program would use: HMAC() and lowercase hex. */
static void openssl_sign(const char *id, size_t len, char out[65]) {
    static const char digits[] = "0123456789abcdef";
    unsigned char md[32];
    unsigned int md_len = 0;
    HMAC(EVP_sha256(), SECRET, SECRET_LEN, (const unsigned char *)id, len, md, &md_len);
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[md[i] >> 4];
        out[2 * i + 1] = digits[md[i] & 15];
    }
    out[64] = '\0';
}

enum op { STDLIB, SIGN_KEYED, SIGN_ONESHOT, VERIFY };
static const char *const NAMES[] = {"stdlib", "sign_keyed", "sign_oneshot", "verify"};

static int run(enum op op, const userhash_signer *signer, const char *id, size_t len,
               const char *hash, long iterations) {
    char out[USERHASH_HASH_BUF_LEN];
    bool valid = false;
    int bad = 0;
    for (long i = 0; i < iterations; i++) {
        switch (op) {
        case STDLIB: openssl_sign(id, len, out); break;
        case SIGN_KEYED: bad |= userhash_signer_sign(signer, id, len, out, sizeof out); break;
        case SIGN_ONESHOT: bad |= userhash_sign(SECRET, SECRET_LEN, id, len, out, sizeof out); break;
        case VERIFY: bad |= userhash_signer_verify(signer, id, len, hash, 64, &valid) || !valid; break;
        }
    }
    return bad;
}

int main(int argc, char **argv) {
    long iterations = argc > 1 ? atol(argv[1]) : 200000;
    int runs = argc > 2 ? atoi(argv[2]) : 7;
    userhash_signer *signer = NULL;
    if (userhash_signer_new(SECRET, SECRET_LEN, &signer) != USERHASH_RESULT_OK) return 1;
    double *times = calloc(runs, sizeof *times);
    size_t lengths[] = {7, 256};
    for (int l = 0; l < 2; l++) {
        char id[257];
        for (size_t i = 0; i < lengths[l]; i++) id[i] = "user123-"[i % 8];
        char expected[65], hash[USERHASH_HASH_BUF_LEN];
        openssl_sign(id, lengths[l], expected);
        if (userhash_signer_sign(signer, id, lengths[l], hash, sizeof hash) != USERHASH_RESULT_OK ||
            strcmp(hash, expected) != 0) {
            fprintf(stderr, "userhash and OpenSSL disagree\n");
            return 1;
        }
        for (enum op op = STDLIB; op <= VERIFY; op++) {
            run(op, signer, id, lengths[l], expected, iterations / 10); /* warm-up */
            for (int r = 0; r < runs; r++) {
                double start = now_ns();
                if (run(op, signer, id, lengths[l], expected, iterations)) return 1;
                times[r] = (now_ns() - start) / iterations;
            }
            qsort(times, runs, sizeof *times, by_value);
            printf("row\tc\t%s\t%zu\t%.1f\t%.1f\n", NAMES[op], lengths[l], times[runs / 2],
                   (times[runs - 1] - times[0]) / 2);
        }
    }
    free(times);
    userhash_signer_free(signer);
    return 0;
}
