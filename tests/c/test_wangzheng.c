/*
 * Tests of the C API (include/wangzheng.h) through the real library, as a C program uses it.
 *
 *     test_wangzheng VECTORS_DIR CASES_FILE
 *
 * VECTORS_DIR is tests/vectors; CASES_FILE is tests/vectors/manifest.json turned into lines by
 * tests/c/manifest_to_cases.py. Every function of the header is called, with NULL arguments,
 * wrong-kind inputs, truncated and corrupted buffers, repeated use and from several threads;
 * every committed vector the C API can check is run; and every status code the API can return
 * must have been returned at least once. Built by tests/c/run.sh under AddressSanitizer +
 * UndefinedBehaviorSanitizer and again for valgrind; prints "ok"/"FAIL" per test and ends with
 * "N passed, N failed". Exit status 0 only when nothing failed.
 *
 * Needs a library built with the `test-hooks` feature (for wz_test_panic()).
 */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#define WZ_TEST_HOOKS 1
#include "wangzheng.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- harness ------------------------------------------------------------------------------ */

static const char *vectors_dir;
static const char *current_test;
static int checks_failed;
static int tests_passed;
static int tests_failed;
/* Every status returned to a CHECK_RC or read as a receipt's factor reason, for the "every
 * status code" test. */
static int seen_status[1100];
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;

static void note_status(wz_status rc) {
    pthread_mutex_lock(&seen_lock);
    if (rc < 1100) {
        seen_status[rc] = 1;
    }
    pthread_mutex_unlock(&seen_lock);
}

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "  FAIL %s:%d [%s]: %s\n", __FILE__, __LINE__, current_test,  \
                    #cond);                                                                \
            checks_failed++;                                                               \
        }                                                                                  \
    } while (0)

#define CHECK_RC(expr, want)                                                               \
    do {                                                                                   \
        wz_status rc_ = (expr);                                                            \
        note_status(rc_);                                                                  \
        if (rc_ != (wz_status)(want)) {                                                    \
            fprintf(stderr, "  FAIL %s:%d [%s]: %s\n    returned %u (%s), want %s; %s\n",  \
                    __FILE__, __LINE__, current_test, #expr, (unsigned)rc_,                \
                    wz_status_name(rc_), #want, wz_last_error_message());                  \
            checks_failed++;                                                               \
        }                                                                                  \
    } while (0)

#define CHECK_STR(got, want)                                                               \
    do {                                                                                   \
        const char *g_ = (got);                                                            \
        const char *w_ = (want);                                                           \
        if (g_ == NULL || strcmp(g_, w_) != 0) {                                           \
            fprintf(stderr, "  FAIL %s:%d [%s]: %s is \"%s\", want \"%s\"\n", __FILE__,    \
                    __LINE__, current_test, #got, g_ ? g_ : "(null)", w_);                 \
            checks_failed++;                                                               \
        }                                                                                  \
    } while (0)

static void run_test(const char *name, void (*fn)(void)) {
    current_test = name;
    checks_failed = 0;
    fn();
    if (checks_failed == 0) {
        tests_passed++;
        printf("ok   %s\n", name);
    } else {
        tests_failed++;
        printf("FAIL %s (%d checks)\n", name, checks_failed);
    }
    fflush(stdout);
}

/* A pointer value no library function ever writes: an out-parameter that still holds it was
 * not written. */
#define SENTINEL ((void *)0x5e5e5e5e)

typedef struct {
    uint8_t *data;
    size_t len;
} buf;

static buf load(const char *rel) {
    char path[1024];
    buf b = {NULL, 0};
    snprintf(path, sizeof path, "%s/%s", vectors_dir, rel);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "  FAIL [%s]: cannot open %s\n", current_test, path);
        checks_failed++;
        b.data = malloc(1);
        return b;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    b.data = malloc(n > 0 ? (size_t)n : 1);
    b.len = fread(b.data, 1, (size_t)n, f);
    fclose(f);
    return b;
}

static void unload(buf *b) {
    free(b->data);
    b->data = NULL;
    b->len = 0;
}

static int hex_decode(const char *hex, uint8_t *out, size_t out_len) {
    size_t n = strlen(hex);
    if (n != 2 * out_len) {
        return 0;
    }
    for (size_t i = 0; i < out_len; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
            return 0;
        }
        out[i] = (uint8_t)v;
    }
    return 1;
}

static void fill(uint8_t *p, uint8_t v, size_t n) {
    memset(p, v, n);
}

#define NOW UINT64_C(1767225600)
static const char ROOT_HEX[] = "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c";
static const char ISSUER_HEX[] = "d04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737";
static const char OTHER_ISSUER_HEX[] =
    "204040e364c10f2bec9c1fe500a1cd4c247c89d650a01ed7e82caba867877c21";
/* The identity point: a valid encoding of a small-order point. */
static const uint8_t WEAK_KEY[32] = {1};

static wz_verifier *pinned_verifier(const wz_policy *policy, const char *issuer_hex) {
    uint8_t key[32];
    wz_verifier *v = NULL;
    CHECK(hex_decode(issuer_hex, key, sizeof key));
    CHECK_RC(wz_verifier_new_pinned(policy, key, sizeof key, &v), WZ_OK);
    return v;
}

static wz_verifier *trust_list_verifier(const wz_policy *policy, const char *list) {
    uint8_t root[32];
    wz_verifier *v = NULL;
    buf b = load(list);
    CHECK(hex_decode(ROOT_HEX, root, sizeof root));
    CHECK_RC(wz_verifier_new(policy, root, sizeof root, b.data, b.len, &v), WZ_OK);
    unload(&b);
    return v;
}

/* --- version, status codes, last error ---------------------------------------------------- */

static void test_version(void) {
    char want[64];
    CHECK_STR(wz_version(), WZ_VERSION);
    snprintf(want, sizeof want, "%d.%d.%d", WZ_VERSION_MAJOR, WZ_VERSION_MINOR, WZ_VERSION_PATCH);
    CHECK_STR(WZ_VERSION, want);
}

static const struct {
    wz_status status;
    const char *name;
    wz_error_class class_;
} STATUSES[] = {
    {WZ_OK, "ok", WZ_ERROR_CLASS_NONE},
    {WZ_MALFORMED, "malformed", WZ_ERROR_CLASS_MALFORMED},
    {WZ_NON_CANONICAL, "non_canonical", WZ_ERROR_CLASS_MALFORMED},
    {WZ_TOO_LARGE, "too_large", WZ_ERROR_CLASS_MALFORMED},
    {WZ_UNSUPPORTED, "unsupported", WZ_ERROR_CLASS_UNSUPPORTED},
    {WZ_WRONG_KIND, "wrong_kind", WZ_ERROR_CLASS_MALFORMED},
    {WZ_BAD_SIGNATURE, "bad_signature", WZ_ERROR_CLASS_INVALID},
    {WZ_WEAK_KEY, "weak_key", WZ_ERROR_CLASS_INVALID},
    {WZ_UNKNOWN_ISSUER, "unknown_issuer", WZ_ERROR_CLASS_INVALID},
    {WZ_DEVICE_KEY_MISMATCH, "device_key_mismatch", WZ_ERROR_CLASS_INVALID},
    {WZ_NOT_YET_VALID, "not_yet_valid", WZ_ERROR_CLASS_INVALID},
    {WZ_EXPIRED, "expired", WZ_ERROR_CLASS_INVALID},
    {WZ_STALE_PRESENTATION, "stale_presentation", WZ_ERROR_CLASS_INVALID},
    {WZ_REPLAYED, "replayed", WZ_ERROR_CLASS_INVALID},
    {WZ_LEVEL_TOO_LOW, "level_too_low", WZ_ERROR_CLASS_INVALID},
    {WZ_MISSING_ATTRIBUTE, "missing_attribute", WZ_ERROR_CLASS_INVALID},
    {WZ_DISCLOSURE_MISMATCH, "disclosure_mismatch", WZ_ERROR_CLASS_INVALID},
    {WZ_AUDIENCE_MISMATCH, "audience_mismatch", WZ_ERROR_CLASS_INVALID},
    {WZ_NONCE_MISMATCH, "nonce_mismatch", WZ_ERROR_CLASS_INVALID},
    {WZ_REQUEST_MISMATCH, "request_mismatch", WZ_ERROR_CLASS_INVALID},
    {WZ_REVOKED, "revoked", WZ_ERROR_CLASS_INVALID},
    {WZ_SUSPENDED, "suspended", WZ_ERROR_CLASS_INVALID},
    {WZ_SUPERSEDED, "superseded", WZ_ERROR_CLASS_INVALID},
    {WZ_STATUS_UNAVAILABLE, "status_unavailable", WZ_ERROR_CLASS_INVALID},
    {WZ_TRUST_LIST_STALE, "trust_list_stale", WZ_ERROR_CLASS_INVALID},
    {WZ_PASSWORD_WRONG, "password_wrong", WZ_ERROR_CLASS_INVALID},
    {WZ_PASSWORD_LOCKED, "password_locked", WZ_ERROR_CLASS_INVALID},
    {WZ_FACE_MISMATCH, "face_mismatch", WZ_ERROR_CLASS_INVALID},
    {WZ_RECEIPT_MISMATCH, "receipt_mismatch", WZ_ERROR_CLASS_INVALID},
    {WZ_UNKNOWN_CREDENTIAL, "unknown_credential", WZ_ERROR_CLASS_INVALID},
    {WZ_CORRUPT_STORE, "corrupt_store", WZ_ERROR_CLASS_MALFORMED},
    {WZ_INVALID_ARGUMENT, "invalid_argument", WZ_ERROR_CLASS_USAGE},
    {WZ_SIGNER_FAILED, "signer_failed", WZ_ERROR_CLASS_USAGE},
    {WZ_NULL_ARGUMENT, "null_argument", WZ_ERROR_CLASS_USAGE},
    {WZ_INVALID_UTF8, "invalid_utf8", WZ_ERROR_CLASS_USAGE},
    {WZ_INVALID_LENGTH, "invalid_length", WZ_ERROR_CLASS_USAGE},
    {WZ_INVALID_ENUM, "invalid_enum", WZ_ERROR_CLASS_USAGE},
    {WZ_NOT_FOUND, "not_found", WZ_ERROR_CLASS_USAGE},
    {WZ_WRONG_TYPE, "wrong_type", WZ_ERROR_CLASS_USAGE},
    {WZ_PANIC, "panic", WZ_ERROR_CLASS_INTERNAL},
};
#define STATUS_COUNT (sizeof STATUSES / sizeof STATUSES[0])

static void test_status_names_and_classes(void) {
    for (size_t i = 0; i < STATUS_COUNT; i++) {
        CHECK_STR(wz_status_name(STATUSES[i].status), STATUSES[i].name);
        CHECK(wz_status_class(STATUSES[i].status) == STATUSES[i].class_);
        for (size_t j = i + 1; j < STATUS_COUNT; j++) {
            CHECK(STATUSES[i].status != STATUSES[j].status);
            CHECK(strcmp(STATUSES[i].name, STATUSES[j].name) != 0);
        }
    }
    const wz_status unknown[] = {6, 99, 999, 1006, 1098, 1100, 0xffffffffu};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        CHECK_STR(wz_status_name(unknown[i]), "unknown");
        CHECK(wz_status_class(unknown[i]) == WZ_ERROR_CLASS_USAGE);
    }
}

static char thread_message[256];

static void *other_thread(void *arg) {
    (void)arg;
    /* A new thread has no failure yet, whatever the main thread did. */
    snprintf(thread_message, sizeof thread_message, "%s", wz_last_error_message());
    wz_policy_set_max_age(NULL, 1);
    if (strcmp(wz_last_error_message(), "null argument: policy") != 0) {
        thread_message[0] = '!';
    }
    return NULL;
}

static void test_last_error_is_per_thread(void) {
    pthread_t t;
    CHECK_RC(wz_policy_new(NULL), WZ_NULL_ARGUMENT);
    CHECK_STR(wz_last_error_message(), "null argument: out_policy");
    CHECK(pthread_create(&t, NULL, other_thread, NULL) == 0);
    CHECK(pthread_join(t, NULL) == 0);
    CHECK_STR(thread_message, "");
    /* The other thread's failure did not change this thread's message. */
    CHECK_STR(wz_last_error_message(), "null argument: out_policy");
    /* A success leaves it alone; a new failure replaces it. */
    wz_policy *p = NULL;
    CHECK_RC(wz_policy_new(&p), WZ_OK);
    CHECK_STR(wz_last_error_message(), "null argument: out_policy");
    CHECK_RC(wz_policy_require(p, "not an attribute"), WZ_INVALID_ARGUMENT);
    CHECK_STR(wz_last_error_message(), "invalid argument: attribute name");
    wz_policy_free(p);
}

static void test_panic_boundary(void) {
    CHECK_RC(wz_test_panic(), WZ_PANIC);
    CHECK(strstr(wz_last_error_message(), "panicked") != NULL);
    /* The library keeps working after a caught panic. */
    CHECK_RC(wz_test_panic(), WZ_PANIC);
    wz_policy *p = NULL;
    CHECK_RC(wz_policy_new(&p), WZ_OK);
    wz_policy_free(p);
}

/* --- NULL-safe getters and frees ---------------------------------------------------------- */

static void test_null_handles(void) {
    size_t len = 99;
    CHECK(wz_bytes_data(NULL) == NULL);
    CHECK(wz_bytes_len(NULL) == 0);
    CHECK(wz_verdict_level(NULL) == 0);
    CHECK(wz_verdict_credential_id(NULL) == NULL);
    CHECK(wz_verdict_issuer_key_id(NULL) == NULL);
    CHECK(wz_verdict_generation(NULL) == 0);
    CHECK(wz_verdict_issued_at(NULL) == 0);
    CHECK(wz_verdict_expires_at(NULL) == 0);
    CHECK(wz_verdict_presented_at(NULL) == 0);
    CHECK(wz_verdict_fresh_until(NULL) == 0);
    CHECK(wz_verdict_status_check(NULL) == 0);
    CHECK(wz_verdict_audience(NULL) == NULL);
    CHECK(wz_verdict_attribute_count(NULL) == 0);
    CHECK(wz_verdict_attribute_at(NULL, 0) == NULL);
    CHECK(wz_attribute_name(NULL) == NULL);
    CHECK(wz_attribute_value_type(NULL) == 0);
    CHECK(wz_attribute_text(NULL, &len) == NULL);
    CHECK(len == 99);
    CHECK(wz_replay_cache_len(NULL) == 0);
    CHECK(wz_request_verifier_id(NULL) == NULL);
    CHECK(wz_request_min_level(NULL) == 0);
    CHECK(wz_request_max_age(NULL) == 0);
    CHECK(wz_request_issued_at(NULL) == 0);
    CHECK(wz_request_attribute_count(NULL) == 0);
    CHECK(wz_request_attribute_name(NULL, 0) == NULL);
    CHECK(wz_request_bytes(NULL, &len) == NULL);
    CHECK(wz_signer_public_key(NULL) == NULL);
    CHECK(wz_issuer_public_key(NULL) == NULL);
    CHECK(wz_issued_package(NULL, &len) == NULL);
    CHECK(wz_issued_credential(NULL, &len) == NULL);
    CHECK(wz_issued_credential_id(NULL) == NULL);
    CHECK(wz_issued_expires_at(NULL) == 0);
    CHECK(wz_wallet_credential_count(NULL) == 0);
    CHECK(wz_qr_is_text(NULL, 0) == false);
    CHECK(wz_qr_is_text(NULL, 10) == false);
    CHECK(len == 99);
    wz_bytes_free(NULL);
    wz_policy_free(NULL);
    wz_verifier_free(NULL);
    wz_replay_cache_free(NULL);
    wz_verdict_free(NULL);
    wz_request_free(NULL);
    wz_signer_free(NULL);
    wz_wallet_free(NULL);
    wz_issuer_free(NULL);
    wz_person_free(NULL);
    wz_issue_options_free(NULL);
    wz_issued_free(NULL);
    wz_status_list_builder_free(NULL);
    wz_trust_list_builder_free(NULL);
}

/* --- policy ------------------------------------------------------------------------------- */

static void test_policy(void) {
    wz_policy *p = NULL;
    char long_id[200];
    CHECK_RC(wz_policy_new(NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_policy_new(&p), WZ_OK);
    CHECK_RC(wz_policy_set_min_level(NULL, WZ_LEVEL_LIGHT), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_policy_set_min_level(p, WZ_LEVEL_UPGRADED), WZ_OK);
    CHECK_RC(wz_policy_set_min_level(p, 0), WZ_INVALID_ENUM);
    CHECK_RC(wz_policy_set_min_level(p, 3), WZ_INVALID_ENUM);
    CHECK_RC(wz_policy_require(NULL, "full_name"), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_policy_require(p, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_policy_require(p, "full_name"), WZ_OK);
    CHECK_RC(wz_policy_require(p, "full_name"), WZ_OK);
    CHECK_RC(wz_policy_require(p, "age_over_18"), WZ_OK);
    CHECK_RC(wz_policy_require(p, "org.example/tier"), WZ_OK);
    CHECK_RC(wz_policy_require(p, "Full_Name"), WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_policy_require(p, "age_over_0"), WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_policy_require(p, ""), WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_policy_require(p, "full_\xff"), WZ_INVALID_UTF8);
    CHECK_RC(wz_policy_set_audience(NULL, "x"), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_policy_set_audience(p, "hotel.example"), WZ_OK);
    CHECK_RC(wz_policy_set_audience(p, NULL), WZ_OK);
    CHECK_RC(wz_policy_set_audience(p, ""), WZ_INVALID_ARGUMENT);
    memset(long_id, 'a', 129);
    long_id[129] = 0;
    CHECK_RC(wz_policy_set_audience(p, long_id), WZ_INVALID_ARGUMENT);
    long_id[128] = 0;
    CHECK_RC(wz_policy_set_audience(p, long_id), WZ_OK);
    CHECK_RC(wz_policy_set_audience(p, "\xc3\x28"), WZ_INVALID_UTF8);
    CHECK_RC(wz_policy_set_max_age(NULL, 1), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_policy_set_max_age(p, 60), WZ_OK);
    CHECK_RC(wz_policy_set_clock_skew(NULL, 1), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_policy_set_clock_skew(p, 10), WZ_OK);
    CHECK_RC(wz_policy_set_accept_undetermined_status(NULL, true), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_policy_set_accept_undetermined_status(p, true), WZ_OK);
    CHECK_RC(wz_policy_set_accept_stale_trust_list(NULL, true), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_policy_set_accept_stale_trust_list(p, true), WZ_OK);
    wz_policy_free(p);
}

/* --- verifier construction, trust lists, status lists ------------------------------------- */

static void test_verifier_new(void) {
    uint8_t root[32];
    wz_verifier *v = SENTINEL;
    buf list = load("trust_list/current.cbor");
    buf other = load("trust_list/other-root.cbor");
    buf bad = load("trust_list/bad-signature.cbor");
    buf pres = load("presentation/internet-cafe.cbor");
    buf status = load("status_list/current.cbor");
    CHECK(hex_decode(ROOT_HEX, root, sizeof root));

    CHECK_RC(wz_verifier_new(NULL, root, 32, list.data, list.len, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_new(NULL, NULL, 32, list.data, list.len, &v), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_new(NULL, root, 31, list.data, list.len, &v), WZ_INVALID_LENGTH);
    CHECK_RC(wz_verifier_new(NULL, root, 33, list.data, list.len, &v), WZ_INVALID_LENGTH);
    CHECK_RC(wz_verifier_new(NULL, WEAK_KEY, 32, list.data, list.len, &v), WZ_WEAK_KEY);
    CHECK_RC(wz_verifier_new(NULL, root, 32, NULL, list.len, &v), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_new(NULL, root, 32, NULL, 0, &v), WZ_MALFORMED);
    CHECK_RC(wz_verifier_new(NULL, root, 32, list.data, list.len / 2, &v), WZ_MALFORMED);
    CHECK_RC(wz_verifier_new(NULL, root, 32, other.data, other.len, &v), WZ_UNKNOWN_ISSUER);
    CHECK_RC(wz_verifier_new(NULL, root, 32, bad.data, bad.len, &v), WZ_BAD_SIGNATURE);
    CHECK_RC(wz_verifier_new(NULL, root, 32, pres.data, pres.len, &v), WZ_WRONG_KIND);
    CHECK_RC(wz_verifier_new(NULL, root, 32, status.data, status.len, &v), WZ_WRONG_KIND);
    CHECK(v == SENTINEL); /* never written on failure */
    CHECK_RC(wz_verifier_new(NULL, root, 32, list.data, list.len, &v), WZ_OK);
    CHECK(v != SENTINEL && v != NULL);
    wz_verifier_free(v);

    v = SENTINEL;
    CHECK_RC(wz_verifier_new_pinned(NULL, NULL, 32, &v), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_new_pinned(NULL, root, 32, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_new_pinned(NULL, root, 0, &v), WZ_INVALID_LENGTH);
    CHECK_RC(wz_verifier_new_pinned(NULL, WEAK_KEY, 32, &v), WZ_WEAK_KEY);
    CHECK(v == SENTINEL);
    CHECK_RC(wz_verifier_new_pinned(NULL, root, 32, &v), WZ_OK);
    CHECK_RC(wz_verifier_add_issuer_key(NULL, root, 32), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_add_issuer_key(v, NULL, 32), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_add_issuer_key(v, root, 8), WZ_INVALID_LENGTH);
    CHECK_RC(wz_verifier_add_issuer_key(v, WEAK_KEY, 32), WZ_WEAK_KEY);
    CHECK_RC(wz_verifier_add_issuer_key(v, root, 32), WZ_OK);
    CHECK_RC(wz_verifier_add_issuer_key(v, root, 32), WZ_OK);
    wz_verifier_free(v);

    unload(&list);
    unload(&other);
    unload(&bad);
    unload(&pres);
    unload(&status);
}

static void test_trust_list_update(void) {
    wz_verifier *v = trust_list_verifier(NULL, "trust_list/current.cbor");
    wz_verifier *pinned = pinned_verifier(NULL, ISSUER_HEX);
    buf current = load("trust_list/current.cbor");
    buf previous = load("trust_list/previous.cbor");
    buf bad = load("trust_list/bad-signature.cbor");
    uint64_t seq = 77, next = 77;

    CHECK_RC(wz_verifier_trust_list_info(v, &seq, &next), WZ_OK);
    CHECK(seq == 2 && next == 1769904000u);
    CHECK_RC(wz_verifier_trust_list_info(NULL, &seq, &next), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_trust_list_info(v, NULL, &next), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_trust_list_info(v, &seq, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_update_trust_list(NULL, current.data, current.len), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_update_trust_list(v, NULL, 5), WZ_NULL_ARGUMENT);
    /* The same list again is fine; an older one (lower sequence) is a rollback. */
    CHECK_RC(wz_verifier_update_trust_list(v, current.data, current.len), WZ_OK);
    CHECK_RC(wz_verifier_update_trust_list(v, previous.data, previous.len), WZ_TRUST_LIST_STALE);
    CHECK_RC(wz_verifier_update_trust_list(v, bad.data, bad.len), WZ_BAD_SIGNATURE);
    CHECK_RC(wz_verifier_update_trust_list(v, current.data, 10), WZ_MALFORMED);
    CHECK_RC(wz_verifier_trust_list_info(v, &seq, &next), WZ_OK);
    CHECK(seq == 2);
    /* A pinned verifier has no root and no list. */
    seq = 77;
    CHECK_RC(wz_verifier_trust_list_info(pinned, &seq, &next), WZ_NOT_FOUND);
    CHECK(seq == 77);
    CHECK_RC(wz_verifier_update_trust_list(pinned, current.data, current.len), WZ_INVALID_ARGUMENT);

    wz_verifier_free(v);
    wz_verifier_free(pinned);
    unload(&current);
    unload(&previous);
    unload(&bad);
}

static void test_status_list_load(void) {
    wz_verifier *v = trust_list_verifier(NULL, "trust_list/current.cbor");
    buf current = load("status_list/current.cbor");
    buf outdated = load("status_list/outdated.cbor");
    buf bad = load("status_list/bad-signature.cbor");
    buf padding = load("status_list/malformed-padding.cbor");
    buf retired = load("status_list/retired-key.cbor");
    buf trust = load("trust_list/current.cbor");
    bool loaded = false;
    uint64_t issued = 0, next = 0;

    CHECK_RC(wz_verifier_update_status_list(NULL, current.data, current.len, NOW, &loaded),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_update_status_list(v, NULL, 3, NOW, &loaded), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_update_status_list(v, current.data, current.len, 1767222000u - 3600,
                                            &loaded),
             WZ_NOT_YET_VALID);
    CHECK_RC(wz_verifier_update_status_list(v, bad.data, bad.len, NOW, &loaded), WZ_BAD_SIGNATURE);
    CHECK_RC(wz_verifier_update_status_list(v, padding.data, padding.len, NOW, &loaded),
             WZ_MALFORMED);
    CHECK_RC(wz_verifier_update_status_list(v, retired.data, retired.len, NOW, &loaded),
             WZ_UNKNOWN_ISSUER);
    CHECK_RC(wz_verifier_update_status_list(v, trust.data, trust.len, NOW, &loaded), WZ_WRONG_KIND);
    CHECK_RC(wz_verifier_update_status_list(v, current.data, current.len - 1, NOW, &loaded),
             WZ_MALFORMED);
    CHECK(loaded == false);
    CHECK_RC(wz_verifier_status_list_info(v, 1, &issued, &next), WZ_NOT_FOUND);

    CHECK_RC(wz_verifier_update_status_list(v, current.data, current.len, NOW, &loaded), WZ_OK);
    CHECK(loaded == true);
    /* The same list twice is loaded again; an older one is kept out (not an error). */
    CHECK_RC(wz_verifier_update_status_list(v, current.data, current.len, NOW, NULL), WZ_OK);
    CHECK_RC(wz_verifier_update_status_list(v, outdated.data, outdated.len, NOW, &loaded), WZ_OK);
    CHECK(loaded == false);
    CHECK_RC(wz_verifier_status_list_info(v, 1, &issued, &next), WZ_OK);
    CHECK(issued == 1767222000u && next == 1767308400u);
    CHECK_RC(wz_verifier_status_list_info(v, 2, &issued, &next), WZ_NOT_FOUND);
    CHECK_RC(wz_verifier_status_list_info(NULL, 1, &issued, &next), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_status_list_info(v, 1, NULL, &next), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_status_list_info(v, 1, &issued, NULL), WZ_NULL_ARGUMENT);

    wz_verifier_free(v);
    unload(&current);
    unload(&outdated);
    unload(&bad);
    unload(&padding);
    unload(&retired);
    unload(&trust);
}

/* --- the committed vectors ---------------------------------------------------------------- */

#define MAX_FIELDS 64

typedef struct {
    char *key[MAX_FIELDS];
    char *value[MAX_FIELDS];
    int n;
} vector_case;

static const char *field(const vector_case *c, const char *key) {
    for (int i = 0; i < c->n; i++) {
        if (strcmp(c->key[i], key) == 0) {
            return c->value[i];
        }
    }
    return NULL;
}

static wz_status status_by_name(const char *name) {
    for (size_t i = 0; i < STATUS_COUNT; i++) {
        if (strcmp(STATUSES[i].name, name) == 0) {
            return STATUSES[i].status;
        }
    }
    return 0xffffffffu;
}

static wz_policy *case_policy(const vector_case *c) {
    wz_policy *p = NULL;
    const char *v;
    CHECK_RC(wz_policy_new(&p), WZ_OK);
    if ((v = field(c, "policy.min_level")) != NULL) {
        CHECK_RC(wz_policy_set_min_level(p, strcmp(v, "upgraded") == 0 ? WZ_LEVEL_UPGRADED
                                                                        : WZ_LEVEL_LIGHT),
                 WZ_OK);
    }
    if ((v = field(c, "policy.required")) != NULL) {
        char names[512];
        snprintf(names, sizeof names, "%s", v);
        for (char *save = NULL, *n = strtok_r(names, ",", &save); n; n = strtok_r(NULL, ",", &save)) {
            CHECK_RC(wz_policy_require(p, n), WZ_OK);
        }
    }
    if ((v = field(c, "policy.undetermined_status")) != NULL) {
        CHECK_RC(wz_policy_set_accept_undetermined_status(p, strcmp(v, "accept") == 0), WZ_OK);
    }
    if ((v = field(c, "policy.accept_stale_trust_list")) != NULL) {
        CHECK_RC(wz_policy_set_accept_stale_trust_list(p, strcmp(v, "1") == 0), WZ_OK);
    }
    return p;
}

/* Step 1 of tests/vectors/README.md: the verifier, or the first error. */
static wz_status case_verifier(const vector_case *c, const wz_policy *p, uint64_t now,
                               wz_verifier **out) {
    uint8_t key[32];
    wz_status rc;
    const char *list = field(c, "trust_list");
    if (list != NULL) {
        buf b = load(list);
        CHECK(hex_decode(field(c, "root"), key, sizeof key));
        rc = wz_verifier_new(p, key, sizeof key, b.data, b.len, out);
        unload(&b);
    } else {
        CHECK(hex_decode(field(c, "issuer"), key, sizeof key));
        rc = wz_verifier_new_pinned(p, key, sizeof key, out);
    }
    if (rc != WZ_OK) {
        return rc;
    }
    const char *lists = field(c, "status_lists");
    if (lists != NULL) {
        char files[512];
        snprintf(files, sizeof files, "%s", lists);
        for (char *save = NULL, *f = strtok_r(files, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
            buf b = load(f);
            rc = wz_verifier_update_status_list(*out, b.data, b.len, now, NULL);
            unload(&b);
            if (rc != WZ_OK) {
                return rc;
            }
        }
    }
    return WZ_OK;
}

static void check_verdict(const vector_case *c, const wz_verdict *verdict) {
    const char *level = field(c, "level");
    const char *check = field(c, "status_check");
    const char *count = field(c, "disclosed_count");
    CHECK(level != NULL);
    if (level) {
        CHECK(wz_verdict_level(verdict) ==
              (strcmp(level, "upgraded") == 0 ? WZ_LEVEL_UPGRADED : WZ_LEVEL_LIGHT));
    }
    if (check == NULL) {
        CHECK(wz_verdict_status_check(verdict) == WZ_STATUS_CHECK_NOT_PUBLISHED);
    } else if (strcmp(check, "good") == 0) {
        CHECK(wz_verdict_status_check(verdict) == WZ_STATUS_CHECK_GOOD);
    } else {
        CHECK(wz_verdict_status_check(verdict) == WZ_STATUS_CHECK_UNDETERMINED);
    }
    CHECK(count != NULL && wz_verdict_attribute_count(verdict) == (size_t)atoi(count));
    for (int i = 0; i < c->n; i++) {
        if (strncmp(c->key[i], "disclosed.", 10) != 0) {
            continue;
        }
        const wz_attribute *a = NULL;
        size_t len = 0;
        CHECK_RC(wz_verdict_attribute(verdict, c->key[i] + 10, &a), WZ_OK);
        if (a == NULL) {
            continue;
        }
        CHECK_STR(wz_attribute_name(a), c->key[i] + 10);
        CHECK_STR(wz_attribute_text(a, &len), c->value[i]);
        CHECK(len == strlen(c->value[i]));
    }
}

static wz_status run_presentation_case(const vector_case *c, uint64_t now, wz_verifier *v) {
    buf p = load(field(c, "file"));
    wz_verdict *verdict = NULL;
    wz_status rc;
    const char *request_file = field(c, "request");
    if (request_file != NULL) {
        buf r = load(request_file);
        wz_request *request = NULL;
        rc = wz_request_decode(r.data, r.len, &request);
        if (rc == WZ_OK) {
            rc = wz_verifier_verify_response(v, request, p.data, p.len, now, &verdict);
            if (rc == WZ_OK && field(c, "replay") != NULL) {
                wz_verdict_free(verdict);
                verdict = NULL;
                rc = wz_verifier_verify_response(v, request, p.data, p.len, now, &verdict);
            }
        }
        wz_request_free(request);
        unload(&r);
    } else if (field(c, "replay") != NULL) {
        wz_replay_cache *cache = NULL;
        CHECK_RC(wz_replay_cache_new(16, 42, &cache), WZ_OK);
        rc = wz_verifier_verify(v, p.data, p.len, now, cache, NULL);
        if (rc == WZ_OK) {
            rc = wz_verifier_verify(v, p.data, p.len, now, cache, &verdict);
        }
        wz_replay_cache_free(cache);
    } else {
        rc = wz_verifier_verify(v, p.data, p.len, now, NULL, &verdict);
    }
    if (rc == WZ_OK) {
        check_verdict(c, verdict);
    }
    wz_verdict_free(verdict);
    unload(&p);
    return rc;
}

static void check_factor(const vector_case *c, const wz_receipt *r, wz_factor factor,
                         const char *key) {
    const char *want = field(c, key);
    wz_factor_outcome outcome = 99;
    wz_status reason = 99;
    CHECK(want != NULL);
    CHECK_RC(wz_receipt_factor(r, factor, &outcome, &reason), WZ_OK);
    note_status(reason);
    if (want == NULL) {
        return;
    }
    if (strcmp(want, "ok") == 0) {
        CHECK(outcome == WZ_FACTOR_OUTCOME_OK && reason == WZ_OK);
    } else if (strcmp(want, "not_performed") == 0) {
        CHECK(outcome == WZ_FACTOR_OUTCOME_NOT_PERFORMED && reason == WZ_OK);
    } else {
        CHECK(outcome == WZ_FACTOR_OUTCOME_FAILED);
        CHECK(strncmp(want, "failed:", 7) == 0 && reason == status_by_name(want + 7));
    }
}

static void check_receipt(const vector_case *c, const wz_receipt *r) {
    const char *v;
    check_factor(c, r, WZ_FACTOR_IDENTITY, "receipt.identity");
    check_factor(c, r, WZ_FACTOR_PASSWORD, "receipt.password");
    check_factor(c, r, WZ_FACTOR_FACE, "receipt.face");
    CHECK(wz_receipt_all_passed(r) ==
          (strcmp(field(c, "receipt.identity"), "ok") == 0 &&
           strncmp(field(c, "receipt.password"), "failed", 6) != 0 &&
           strncmp(field(c, "receipt.face"), "failed", 6) != 0));
    CHECK_STR(wz_receipt_verifier_id(r), field(c, "receipt.verifier_id"));
    CHECK(wz_receipt_checked_at(r) == strtoull(field(c, "receipt.checked_at"), NULL, 10));
    if ((v = field(c, "receipt.level")) != NULL) {
        CHECK(wz_receipt_level(r) ==
              (strcmp(v, "upgraded") == 0 ? WZ_LEVEL_UPGRADED : WZ_LEVEL_LIGHT));
    } else {
        CHECK(wz_receipt_level(r) == 0);
    }
    uint16_t score = 7777;
    if ((v = field(c, "receipt.face_score")) != NULL) {
        CHECK_RC(wz_receipt_face_score(r, &score), WZ_OK);
        CHECK(score == (uint16_t)atoi(v));
    } else {
        CHECK_RC(wz_receipt_face_score(r, &score), WZ_NOT_FOUND);
        CHECK(score == 7777);
    }
    if ((v = field(c, "receipt.rp_id")) != NULL) {
        uint8_t want[16];
        CHECK(hex_decode(v, want, 16));
        CHECK(wz_receipt_rp_id(r) != NULL && memcmp(wz_receipt_rp_id(r), want, 16) == 0);
    } else {
        CHECK(wz_receipt_rp_id(r) == NULL);
    }
    CHECK(wz_receipt_attribute_count(r) == (size_t)atoi(field(c, "released_count")));
    CHECK(wz_receipt_attribute_at(r, wz_receipt_attribute_count(r)) == NULL);
    for (int i = 0; i < c->n; i++) {
        if (strncmp(c->key[i], "released.", 9) != 0) {
            continue;
        }
        const wz_attribute *a = NULL;
        CHECK_RC(wz_receipt_attribute(r, c->key[i] + 9, &a), WZ_OK);
        CHECK_STR(wz_attribute_text(a, NULL), c->value[i]);
    }
}

static uint8_t unused_signature[64];

/* A signer callback that must never be called (restoring a store signs nothing). */
static wz_status never_sign(void *userdata, const uint8_t *message, size_t message_len,
                            uint8_t *out_signature) {
    (void)userdata;
    (void)message;
    (void)message_len;
    (void)out_signature;
    unused_signature[0] = 1;
    return WZ_SIGNER_FAILED;
}

static wz_status run_case(const vector_case *c) {
    const char *kind = field(c, "kind");
    uint64_t now = strtoull(field(c, "now"), NULL, 10);
    wz_status rc;
    buf b = load(field(c, "file"));
    if (strcmp(kind, "presentation_request") == 0) {
        wz_request *r = NULL;
        rc = wz_request_decode(b.data, b.len, &r);
        wz_request_free(r);
    } else if (strcmp(kind, "wallet_store") == 0) {
        uint8_t device[32], storage[32];
        wz_signer *signer = NULL;
        wz_wallet *w = NULL;
        CHECK(hex_decode(field(c, "signer_public_key"), device, sizeof device));
        CHECK(hex_decode(field(c, "storage_key"), storage, sizeof storage));
        CHECK_RC(wz_signer_from_callback(device, 32, never_sign, NULL, &signer), WZ_OK);
        rc = wz_wallet_restore(b.data, b.len, storage, 32, signer, &w);
        if (rc == WZ_OK) {
            CHECK(wz_wallet_credential_count(w) == 1);
        }
        CHECK(unused_signature[0] == 0);
        wz_wallet_free(w);
        wz_signer_free(signer);
    } else if (strcmp(kind, "trust_list") == 0) {
        uint8_t root[32];
        wz_verifier *v = NULL;
        wz_policy *p = case_policy(c);
        CHECK(hex_decode(field(c, "root"), root, sizeof root));
        rc = wz_verifier_new(p, root, 32, b.data, b.len, &v);
        uint64_t seq, next;
        if (rc == WZ_OK && wz_verifier_trust_list_info(v, &seq, &next) == WZ_OK && now > next &&
            field(c, "policy.accept_stale_trust_list") == NULL) {
            rc = WZ_TRUST_LIST_STALE;
        }
        wz_verifier_free(v);
        wz_policy_free(p);
    } else {
        wz_verifier *v = NULL;
        wz_policy *p = case_policy(c);
        rc = case_verifier(c, p, now, &v);
        if (rc == WZ_OK) {
            if (strcmp(kind, "status_list") == 0) {
                rc = wz_verifier_update_status_list(v, b.data, b.len, now, NULL);
            } else if (strcmp(kind, "receipt") == 0) {
                buf request = load(field(c, "verification_request"));
                wz_receipt *r = NULL;
                rc = wz_verifier_verify_receipt(v, b.data, b.len, request.data, request.len, now,
                                                &r);
                if (rc == WZ_OK) {
                    check_receipt(c, r);
                }
                wz_receipt_free(r);
                unload(&request);
            } else {
                rc = run_presentation_case(c, now, v);
            }
        }
        wz_verifier_free(v);
        wz_policy_free(p);
    }
    unload(&b);
    return rc;
}

static char *cases_text;

static void run_vector_cases(const char *cases_file) {
    FILE *f = fopen(cases_file, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", cases_file);
        tests_failed++;
        return;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    cases_text = calloc((size_t)n + 1, 1);
    if (fread(cases_text, 1, (size_t)n, f) != (size_t)n) {
        tests_failed++;
    }
    fclose(f);
    int count = 0;
    for (char *save = NULL, *line = strtok_r(cases_text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        vector_case c;
        char name[256];
        c.n = 0;
        for (char *fsave = NULL, *f2 = strtok_r(line, "\t", &fsave); f2 && c.n < MAX_FIELDS;
             f2 = strtok_r(NULL, "\t", &fsave)) {
            char *eq = strchr(f2, '=');
            if (!eq) {
                continue;
            }
            *eq = 0;
            c.key[c.n] = f2;
            c.value[c.n] = eq + 1;
            c.n++;
        }
        snprintf(name, sizeof name, "vector %s", field(&c, "name"));
        current_test = name;
        checks_failed = 0;
        wz_status rc = run_case(&c);
        note_status(rc);
        const char *error = field(&c, "error");
        wz_status want = strcmp(field(&c, "expect"), "accept") == 0 ? WZ_OK : status_by_name(error);
        if (rc != want) {
            fprintf(stderr, "  FAIL [%s]: returned %s, want %s; %s\n", name, wz_status_name(rc),
                    wz_status_name(want), wz_last_error_message());
            checks_failed++;
        }
        if (checks_failed == 0) {
            tests_passed++;
            printf("ok   %s\n", name);
        } else {
            tests_failed++;
            printf("FAIL %s\n", name);
        }
        count++;
    }
    free(cases_text);
    if (count < 50) {
        fprintf(stderr, "only %d vector cases in %s\n", count, cases_file);
        tests_failed++;
    }
}

/* --- verification ------------------------------------------------------------------------- */

static void test_verify_arguments(void) {
    wz_verifier *v = pinned_verifier(NULL, ISSUER_HEX);
    buf p = load("presentation/internet-cafe.cbor");
    buf cred = load("credential/light.cbor");
    wz_verdict *verdict = SENTINEL;
    CHECK_RC(wz_verifier_verify(NULL, p.data, p.len, NOW, NULL, &verdict), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_verify(v, NULL, p.len, NOW, NULL, &verdict), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_verify(v, NULL, 0, NOW, NULL, &verdict), WZ_MALFORMED);
    CHECK_RC(wz_verifier_verify(v, cred.data, cred.len, NOW, NULL, &verdict), WZ_WRONG_KIND);
    CHECK_RC(wz_verifier_verify(v, p.data, p.len, NOW - 3600, NULL, &verdict), WZ_NOT_YET_VALID);
    CHECK_RC(wz_verifier_verify(v, p.data, p.len, NOW + 3600, NULL, &verdict),
             WZ_STALE_PRESENTATION);
    CHECK_RC(wz_verifier_verify(v, p.data, p.len, NOW + 200 * 86400u, NULL, &verdict),
             WZ_EXPIRED);
    CHECK(verdict == SENTINEL);
    /* A gate that only needs the decision passes no verdict pointer. */
    CHECK_RC(wz_verifier_verify(v, p.data, p.len, NOW, NULL, NULL), WZ_OK);
    /* The same bytes verify again without a cache (a cache is what refuses replays). */
    CHECK_RC(wz_verifier_verify(v, p.data, p.len, NOW, NULL, &verdict), WZ_OK);
    CHECK(verdict != SENTINEL && verdict != NULL);
    wz_verdict_free(verdict);
    wz_verifier_free(v);
    unload(&p);
    unload(&cred);
}

/* Every truncation and every single-bit change of a valid presentation is refused, without a
 * crash, a leak or an out-of-bounds read (the sanitizers and valgrind watch). */
static void test_truncated_and_corrupted(void) {
    wz_verifier *v = pinned_verifier(NULL, ISSUER_HEX);
    buf p = load("presentation/age-name.cbor");
    size_t refused = 0, total = 0;
    wz_verdict *verdict = SENTINEL;
    for (size_t n = 0; n < p.len; n++) {
        /* A copy of exactly n bytes, so that a read past the end is caught. */
        uint8_t *t = malloc(n ? n : 1);
        memcpy(t, p.data, n);
        wz_status rc = wz_verifier_verify(v, t, n, NOW, NULL, &verdict);
        note_status(rc);
        refused += rc != WZ_OK;
        total++;
        free(t);
    }
    for (size_t i = 0; i < p.len * 8; i++) {
        p.data[i / 8] ^= (uint8_t)(1u << (i % 8));
        wz_status rc = wz_verifier_verify(v, p.data, p.len, NOW, NULL, &verdict);
        note_status(rc);
        refused += rc != WZ_OK && wz_status_class(rc) != WZ_ERROR_CLASS_USAGE;
        total++;
        p.data[i / 8] ^= (uint8_t)(1u << (i % 8));
    }
    CHECK(refused == total);
    CHECK(verdict == SENTINEL);
    /* And the original still verifies. */
    CHECK_RC(wz_verifier_verify(v, p.data, p.len, NOW, NULL, NULL), WZ_OK);
    wz_verifier_free(v);
    unload(&p);
}

static void test_verdict_accessors(void) {
    wz_verifier *v = pinned_verifier(NULL, ISSUER_HEX);
    buf file = load("presentation/portrait.cbor");
    wz_verdict *verdict = NULL;
    const wz_attribute *a = SENTINEL;
    /* Verify from a private copy, then destroy it: the verdict must own what it reports. */
    uint8_t *copy = malloc(file.len);
    memcpy(copy, file.data, file.len);
    CHECK_RC(wz_verifier_verify(v, copy, file.len, NOW, NULL, &verdict), WZ_OK);
    memset(copy, 0, file.len);
    free(copy);
    wz_verifier_free(v);

    CHECK(wz_verdict_level(verdict) == WZ_LEVEL_LIGHT);
    CHECK(wz_verdict_credential_id(verdict) != NULL);
    CHECK(wz_verdict_issuer_key_id(verdict) != NULL);
    CHECK(wz_verdict_generation(verdict) == 1);
    CHECK(wz_verdict_issued_at(verdict) == 1767222000u);
    CHECK(wz_verdict_presented_at(verdict) == 1767225590u);
    CHECK(wz_verdict_fresh_until(verdict) == 1767225590u + 120);
    CHECK(wz_verdict_expires_at(verdict) > NOW);
    CHECK(wz_verdict_status_check(verdict) == WZ_STATUS_CHECK_NOT_PUBLISHED);
    CHECK(wz_verdict_audience(verdict) == NULL);
    size_t n = wz_verdict_attribute_count(verdict);
    CHECK(n == 12);
    CHECK(wz_verdict_attribute_at(verdict, n) == NULL);
    for (size_t i = 0; i < n; i++) {
        const wz_attribute *at = wz_verdict_attribute_at(verdict, i);
        const wz_attribute *by_name = NULL;
        CHECK(at != NULL);
        CHECK_RC(wz_verdict_attribute(verdict, wz_attribute_name(at), &by_name), WZ_OK);
        CHECK(by_name == at);
        CHECK(wz_attribute_value_type(at) >= WZ_VALUE_TYPE_TEXT &&
              wz_attribute_value_type(at) <= WZ_VALUE_TYPE_BYTES);
    }

    CHECK_RC(wz_verdict_attribute(NULL, "full_name", &a), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verdict_attribute(verdict, NULL, &a), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verdict_attribute(verdict, "full_name", NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verdict_attribute(verdict, "full_nam", &a), WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_verdict_attribute(verdict, "\xff", &a), WZ_INVALID_UTF8);
    CHECK_RC(wz_verdict_attribute(verdict, "age_over_21", &a), WZ_NOT_FOUND);
    CHECK(a == SENTINEL);

    bool b = false;
    int64_t i = 0;
    const uint8_t *data = NULL;
    size_t len = 0;
    uint32_t from = 0, until = 99;

    CHECK_RC(wz_verdict_attribute(verdict, "full_name", &a), WZ_OK);
    CHECK(wz_attribute_value_type(a) == WZ_VALUE_TYPE_TEXT);
    CHECK_STR(wz_attribute_text(a, NULL), "陈明");
    CHECK_RC(wz_attribute_bytes(a, &data, &len), WZ_OK);
    CHECK(len == strlen("陈明") && memcmp(data, "陈明", len) == 0);
    CHECK_RC(wz_attribute_bool(a, &b), WZ_WRONG_TYPE);
    CHECK_RC(wz_attribute_int(a, &i), WZ_WRONG_TYPE);
    CHECK_RC(wz_attribute_card_validity(a, &from, &until), WZ_WRONG_TYPE);

    CHECK_RC(wz_verdict_attribute(verdict, "sex", &a), WZ_OK);
    CHECK(wz_attribute_value_type(a) == WZ_VALUE_TYPE_SEX);
    CHECK_RC(wz_attribute_int(a, &i), WZ_OK);
    CHECK(i == 1);
    CHECK_STR(wz_attribute_text(a, NULL), "male");
    CHECK_RC(wz_attribute_bytes(a, &data, &len), WZ_WRONG_TYPE);

    CHECK_RC(wz_verdict_attribute(verdict, "ethnicity", &a), WZ_OK);
    CHECK(wz_attribute_value_type(a) == WZ_VALUE_TYPE_ETHNICITY);
    CHECK_RC(wz_attribute_int(a, &i), WZ_OK);
    CHECK(i == 3);

    CHECK_RC(wz_verdict_attribute(verdict, "birth_date", &a), WZ_OK);
    CHECK(wz_attribute_value_type(a) == WZ_VALUE_TYPE_DATE);
    CHECK_RC(wz_attribute_int(a, &i), WZ_OK);
    CHECK(i == 19650520);
    CHECK_STR(wz_attribute_text(a, NULL), "1965-05-20");

    CHECK_RC(wz_verdict_attribute(verdict, "card_validity", &a), WZ_OK);
    CHECK(wz_attribute_value_type(a) == WZ_VALUE_TYPE_CARD_VALIDITY);
    CHECK_RC(wz_attribute_card_validity(a, &from, &until), WZ_OK);
    CHECK(from == 20120701 && until == 0);
    CHECK_STR(wz_attribute_text(a, NULL), "2012-07-01/long-term");
    CHECK_RC(wz_attribute_card_validity(NULL, &from, &until), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_attribute_card_validity(a, NULL, &until), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_attribute_card_validity(a, &from, NULL), WZ_NULL_ARGUMENT);

    CHECK_RC(wz_verdict_attribute(verdict, "age_over_18", &a), WZ_OK);
    CHECK(wz_attribute_value_type(a) == WZ_VALUE_TYPE_BOOL);
    CHECK_RC(wz_attribute_bool(a, &b), WZ_OK);
    CHECK(b == true);
    CHECK_RC(wz_attribute_bool(NULL, &b), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_attribute_bool(a, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_attribute_int(NULL, &i), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_attribute_int(a, NULL), WZ_NULL_ARGUMENT);

    CHECK_RC(wz_verdict_attribute(verdict, "portrait", &a), WZ_OK);
    CHECK(wz_attribute_value_type(a) == WZ_VALUE_TYPE_PORTRAIT);
    CHECK_RC(wz_attribute_bytes(a, &data, &len), WZ_OK);
    CHECK(len == 22 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff);
    CHECK(strncmp(wz_attribute_text(a, &len), "ffd8ff", 6) == 0 && len == 44);
    CHECK_RC(wz_attribute_bytes(NULL, &data, &len), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_attribute_bytes(a, NULL, &len), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_attribute_bytes(a, &data, NULL), WZ_NULL_ARGUMENT);

    wz_verdict_free(verdict);
    unload(&file);
}

static void test_replay_cache(void) {
    wz_verifier *v = pinned_verifier(NULL, ISSUER_HEX);
    wz_replay_cache *cache = SENTINEL;
    buf p = load("presentation/internet-cafe.cbor");
    buf hotel = load("presentation/hotel.cbor");
    CHECK_RC(wz_replay_cache_new(100, 1, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_replay_cache_new(0, 1, &cache), WZ_OK); /* capacity 0 means 1 */
    CHECK(wz_replay_cache_len(cache) == 0);
    CHECK_RC(wz_verifier_verify(v, p.data, p.len, NOW, cache, NULL), WZ_OK);
    CHECK(wz_replay_cache_len(cache) == 1);
    CHECK_RC(wz_verifier_verify(v, p.data, p.len, NOW + 1, cache, NULL), WZ_REPLAYED);
    CHECK(wz_replay_cache_len(cache) == 1);
    /* After its window the presentation is stale anyway. */
    CHECK_RC(wz_verifier_verify(v, p.data, p.len, NOW + 200, cache, NULL), WZ_STALE_PRESENTATION);
    /* Interactive presentations are not recorded: a bound presentation offered as QR is refused
     * for its binding before the cache sees it. */
    CHECK_RC(wz_verifier_verify(v, hotel.data, hotel.len, NOW, cache, NULL),
             WZ_AUDIENCE_MISMATCH);
    wz_replay_cache_free(cache);
    wz_verifier_free(v);
    unload(&p);
    unload(&hotel);
}

static void test_batch(void) {
    wz_verifier *v = pinned_verifier(NULL, ISSUER_HEX);
    const char *files[] = {
        "presentation/internet-cafe.cbor",   "presentation/age-name.cbor",
        "presentation/bad-device-signature.cbor", "presentation/internet-cafe.cbor",
        "presentation/truncated.cbor",       "credential/light.cbor",
        "presentation/minor-claims-adult.cbor", "presentation/weak-device-key.cbor",
        "presentation/age-over-18.cbor",     "presentation/device-key-mismatch.cbor",
    };
    enum { N = sizeof files / sizeof files[0] };
    buf bufs[N];
    wz_buffer items[N];
    wz_status statuses[N];
    wz_verdict *verdicts[N];
    for (size_t i = 0; i < N; i++) {
        bufs[i] = load(files[i]);
        items[i].data = bufs[i].data;
        items[i].len = bufs[i].len;
    }

    /* Without a cache: exactly what single mode decides, item by item. */
    CHECK_RC(wz_verifier_verify_batch(v, items, N, NOW, NULL, statuses, verdicts), WZ_OK);
    for (size_t i = 0; i < N; i++) {
        wz_status single = wz_verifier_verify(v, items[i].data, items[i].len, NOW, NULL, NULL);
        CHECK(statuses[i] == single);
        CHECK((verdicts[i] != NULL) == (single == WZ_OK));
        note_status(statuses[i]);
        wz_verdict_free(verdicts[i]);
    }
    CHECK(statuses[0] == WZ_OK && statuses[2] == WZ_BAD_SIGNATURE && statuses[3] == WZ_OK);

    /* With a cache, in array order: the second copy of item 0 is a replay. */
    wz_replay_cache *cache = NULL;
    CHECK_RC(wz_replay_cache_new(64, 7, &cache), WZ_OK);
    CHECK_RC(wz_verifier_verify_batch(v, items, N, NOW, cache, statuses, NULL), WZ_OK);
    CHECK(statuses[0] == WZ_OK && statuses[3] == WZ_REPLAYED);
    CHECK(wz_replay_cache_len(cache) == 3);
    wz_replay_cache_free(cache);

    /* Arguments: nothing is written unless the call returns WZ_OK. */
    statuses[0] = 12345;
    verdicts[0] = SENTINEL;
    CHECK_RC(wz_verifier_verify_batch(NULL, items, N, NOW, NULL, statuses, verdicts),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_verify_batch(v, NULL, N, NOW, NULL, statuses, verdicts), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_verify_batch(v, items, N, NOW, NULL, NULL, verdicts), WZ_NULL_ARGUMENT);
    items[5].data = NULL;
    CHECK_RC(wz_verifier_verify_batch(v, items, N, NOW, NULL, statuses, verdicts),
             WZ_NULL_ARGUMENT);
    CHECK(statuses[0] == 12345 && verdicts[0] == SENTINEL);
    CHECK_RC(wz_verifier_verify_batch(v, NULL, 0, NOW, NULL, NULL, NULL), WZ_OK);

    wz_verifier_free(v);
    for (size_t i = 0; i < N; i++) {
        unload(&bufs[i]);
    }
}

/* --- presentation requests ---------------------------------------------------------------- */

static wz_signer *seed_signer(uint8_t byte) {
    uint8_t seed[32];
    wz_signer *s = NULL;
    fill(seed, byte, sizeof seed);
    CHECK_RC(wz_signer_from_seed(seed, sizeof seed, &s), WZ_OK);
    return s;
}

static void test_requests(void) {
    wz_signer *hotel = seed_signer(0x31);
    const char *names[] = {"full_name", "id_number"};
    const char *bad_names[] = {"full_name", "full_name"};
    const char *unknown[] = {"shoe_size"};
    const char *null_name[] = {NULL};
    uint8_t nonce[16];
    wz_bytes *bytes = SENTINEL;
    wz_request *r = SENTINEL;
    fill(nonce, 7, sizeof nonce);

    CHECK_RC(wz_request_create(NULL, "hotel.example", names, 2, WZ_LEVEL_LIGHT, 120, nonce, 16,
                               NOW, &bytes),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_request_create(hotel, NULL, names, 2, WZ_LEVEL_LIGHT, 120, nonce, 16, NOW, &bytes),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_request_create(hotel, "hotel.example", NULL, 2, WZ_LEVEL_LIGHT, 120, nonce, 16, NOW,
                               &bytes),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_request_create(hotel, "hotel.example", null_name, 1, WZ_LEVEL_LIGHT, 120, nonce, 16,
                               NOW, &bytes),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_request_create(hotel, "hotel.example", names, 2, WZ_LEVEL_LIGHT, 120, NULL, 16, NOW,
                               &bytes),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_request_create(hotel, "hotel.example", names, 2, WZ_LEVEL_LIGHT, 120, nonce, 16, NOW,
                               NULL),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_request_create(hotel, "hotel.example", names, 2, WZ_LEVEL_LIGHT, 120, nonce, 15, NOW,
                               &bytes),
             WZ_INVALID_LENGTH);
    CHECK_RC(wz_request_create(hotel, "hotel.example", names, 2, 9, 120, nonce, 16, NOW, &bytes),
             WZ_INVALID_ENUM);
    CHECK_RC(wz_request_create(hotel, "", names, 2, WZ_LEVEL_LIGHT, 120, nonce, 16, NOW, &bytes),
             WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_request_create(hotel, "hotel\xff", names, 2, WZ_LEVEL_LIGHT, 120, nonce, 16, NOW,
                               &bytes),
             WZ_INVALID_UTF8);
    CHECK_RC(wz_request_create(hotel, "hotel.example", bad_names, 2, WZ_LEVEL_LIGHT, 120, nonce, 16,
                               NOW, &bytes),
             WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_request_create(hotel, "hotel.example", unknown, 1, WZ_LEVEL_LIGHT, 120, nonce, 16,
                               NOW, &bytes),
             WZ_INVALID_ARGUMENT);
    CHECK(bytes == SENTINEL);
    CHECK_RC(wz_request_create(hotel, "hotel.example", names, 2, WZ_LEVEL_UPGRADED, 300, nonce, 16,
                               NOW, &bytes),
             WZ_OK);

    CHECK_RC(wz_request_decode(wz_bytes_data(bytes), wz_bytes_len(bytes), NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_request_decode(NULL, 4, &r), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_request_decode(wz_bytes_data(bytes), wz_bytes_len(bytes) - 1, &r), WZ_MALFORMED);
    CHECK(r == SENTINEL);
    CHECK_RC(wz_request_decode(wz_bytes_data(bytes), wz_bytes_len(bytes), &r), WZ_OK);
    CHECK_STR(wz_request_verifier_id(r), "hotel.example");
    CHECK(wz_request_min_level(r) == WZ_LEVEL_UPGRADED);
    CHECK(wz_request_max_age(r) == 300);
    CHECK(wz_request_issued_at(r) == NOW);
    CHECK(wz_request_attribute_count(r) == 2);
    CHECK_STR(wz_request_attribute_name(r, 0), "full_name");
    CHECK_STR(wz_request_attribute_name(r, 1), "id_number");
    CHECK(wz_request_attribute_name(r, 2) == NULL);
    size_t len = 0;
    const uint8_t *raw = wz_request_bytes(r, &len);
    CHECK(len == wz_bytes_len(bytes) && memcmp(raw, wz_bytes_data(bytes), len) == 0);
    CHECK(wz_request_bytes(r, NULL) == raw);
    wz_request_free(r);

    /* A corrupted signature, and an object of another kind. */
    uint8_t *copy = malloc(wz_bytes_len(bytes));
    memcpy(copy, wz_bytes_data(bytes), wz_bytes_len(bytes));
    copy[wz_bytes_len(bytes) - 1] ^= 1;
    r = SENTINEL;
    CHECK_RC(wz_request_decode(copy, wz_bytes_len(bytes), &r), WZ_BAD_SIGNATURE);
    free(copy);
    buf p = load("presentation/internet-cafe.cbor");
    CHECK_RC(wz_request_decode(p.data, p.len, &r), WZ_WRONG_KIND);
    CHECK(r == SENTINEL);
    unload(&p);

    wz_bytes_free(bytes);
    wz_signer_free(hotel);
}

/* --- QR text ------------------------------------------------------------------------------ */

static void test_qr(void) {
    buf p = load("presentation/internet-cafe.cbor");
    wz_bytes *text = SENTINEL, *back = SENTINEL;
    CHECK_RC(wz_qr_encode(p.data, p.len, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_qr_encode(NULL, 3, &text), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_qr_encode(p.data, p.len, &text), WZ_OK);
    const char *s = (const char *)wz_bytes_data(text);
    CHECK(strncmp(s, "WZ1:", 4) == 0);
    CHECK(strlen(s) == wz_bytes_len(text)); /* NUL-terminated */
    CHECK(wz_qr_is_text(wz_bytes_data(text), wz_bytes_len(text)));
    CHECK(!wz_qr_is_text(p.data, p.len));

    CHECK_RC(wz_qr_decode(wz_bytes_data(text), wz_bytes_len(text), NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_qr_decode(NULL, 5, &back), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_qr_decode(wz_bytes_data(text), wz_bytes_len(text), &back), WZ_OK);
    CHECK(wz_bytes_len(back) == p.len && memcmp(wz_bytes_data(back), p.data, p.len) == 0);
    wz_bytes_free(back);

    /* Scanners add whitespace; the version digit decides "update the terminal". */
    char padded[1024];
    snprintf(padded, sizeof padded, "  %s\r\n", s);
    back = SENTINEL;
    CHECK_RC(wz_qr_decode((const uint8_t *)padded, strlen(padded), &back), WZ_OK);
    wz_bytes_free(back);
    back = SENTINEL;
    CHECK_RC(wz_qr_decode((const uint8_t *)"BB8", 3, &back), WZ_MALFORMED);
    CHECK_RC(wz_qr_decode((const uint8_t *)"WZ2:BB8", 7, &back), WZ_UNSUPPORTED);
    CHECK_RC(wz_qr_decode((const uint8_t *)"WZ1:bb8", 7, &back), WZ_MALFORMED);
    CHECK_RC(wz_qr_decode((const uint8_t *)"WZ1:\xff\xfe", 6, &back), WZ_MALFORMED);
    /* "06" is 0 + 6 * 45 = 270, more than one byte can hold: not the canonical form of any. */
    CHECK_RC(wz_qr_decode((const uint8_t *)"WZ1:06", 6, &back), WZ_NON_CANONICAL);
    CHECK_RC(wz_qr_decode(NULL, 0, &back), WZ_MALFORMED);
    size_t big = 200000;
    char *huge = malloc(big);
    memcpy(huge, "WZ1:", 4);
    memset(huge + 4, '0', big - 4);
    CHECK_RC(wz_qr_decode((const uint8_t *)huge, big, &back), WZ_TOO_LARGE);
    free(huge);
    CHECK(back == SENTINEL);

    /* Scan → verify, the terminal's path. */
    wz_verifier *v = pinned_verifier(NULL, ISSUER_HEX);
    CHECK_RC(wz_qr_decode(wz_bytes_data(text), wz_bytes_len(text), &back), WZ_OK);
    CHECK_RC(wz_verifier_verify(v, wz_bytes_data(back), wz_bytes_len(back), NOW, NULL, NULL), WZ_OK);
    wz_bytes_free(back);
    wz_verifier_free(v);
    wz_bytes_free(text);
    unload(&p);
}

/* --- the back end's side: issue, store, present, verify ----------------------------------- */

typedef struct {
    wz_issuer *issuer;
    wz_signer *device;
    wz_wallet *wallet;
    wz_person *person;
} world;

static wz_person *zhang_san(void) {
    wz_person *p = NULL;
    CHECK_RC(wz_person_new("张三", WZ_SEX_MALE, 1, 19900307, "北京市东城区景山前街4号",
                           "110101199003070011", "北京市公安局东城分局", 20200101, 20400101, &p),
             WZ_OK);
    return p;
}

static uint8_t RANDOM[32] = {9, 8, 7};

/* An issuer (the vectors' issuer key), a wallet, and a light credential issued to it with a
 * status entry (list 1, index 5) and generation 2. */
static world make_world(void) {
    world w;
    uint8_t seed[32], nonce[16];
    wz_bytes *request = NULL;
    wz_issued *issued = NULL;
    wz_issue_options *options = NULL;
    fill(seed, 0x11, sizeof seed);
    fill(nonce, 0xa5, sizeof nonce);
    CHECK_RC(wz_issuer_new(seed, sizeof seed, &w.issuer), WZ_OK);
    w.device = seed_signer(0x41);
    CHECK_RC(wz_wallet_new(w.device, &w.wallet), WZ_OK);
    w.person = zhang_san();
    CHECK_RC(wz_wallet_issuance_request(w.wallet, WZ_LEVEL_LIGHT, nonce, 16, NOW - 10, &request),
             WZ_OK);
    CHECK_RC(wz_issue_options_new(&options), WZ_OK);
    CHECK_RC(wz_issue_options_set_generation(options, 2), WZ_OK);
    CHECK_RC(wz_issue_options_set_status(options, 1, 5), WZ_OK);
    CHECK_RC(wz_issuer_issue(w.issuer, wz_bytes_data(request), wz_bytes_len(request), nonce, 16,
                             w.person, options, RANDOM, 32, NOW - 5, &issued),
             WZ_OK);
    size_t len = 0;
    const uint8_t *package = wz_issued_package(issued, &len);
    CHECK_RC(wz_wallet_store(w.wallet, package, len, wz_issuer_public_key(w.issuer), 32, NOW),
             WZ_OK);
    wz_issued_free(issued);
    wz_issue_options_free(options);
    wz_bytes_free(request);
    return w;
}

static void free_world(world *w) {
    wz_wallet_free(w->wallet);
    wz_signer_free(w->device);
    wz_issuer_free(w->issuer);
    wz_person_free(w->person);
}

static void test_issuance(void) {
    uint8_t seed[32], nonce[16], other_nonce[16];
    wz_issuer *issuer = SENTINEL;
    wz_signer *device = seed_signer(0x42);
    wz_wallet *wallet = NULL;
    wz_bytes *request = NULL, *upgraded = NULL;
    wz_issued *issued = SENTINEL;
    wz_person *person = zhang_san();
    wz_person *bad = NULL;
    wz_issue_options *options = NULL;
    fill(seed, 0x11, sizeof seed);
    fill(nonce, 1, sizeof nonce);
    fill(other_nonce, 2, sizeof other_nonce);

    CHECK_RC(wz_issuer_new(NULL, 32, &issuer), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_issuer_new(seed, 31, &issuer), WZ_INVALID_LENGTH);
    CHECK_RC(wz_issuer_new(seed, 32, NULL), WZ_NULL_ARGUMENT);
    CHECK(issuer == SENTINEL);
    CHECK_RC(wz_issuer_new(seed, 32, &issuer), WZ_OK);
    uint8_t want[32];
    CHECK(hex_decode(ISSUER_HEX, want, 32));
    CHECK(memcmp(wz_issuer_public_key(issuer), want, 32) == 0);

    CHECK_RC(wz_wallet_new(NULL, &wallet), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_new(device, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_new(device, &wallet), WZ_OK);
    CHECK_RC(wz_wallet_issuance_request(NULL, WZ_LEVEL_LIGHT, nonce, 16, NOW, &request),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_issuance_request(wallet, WZ_LEVEL_LIGHT, NULL, 16, NOW, &request),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_issuance_request(wallet, WZ_LEVEL_LIGHT, nonce, 16, NOW, NULL),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_issuance_request(wallet, WZ_LEVEL_LIGHT, nonce, 17, NOW, &request),
             WZ_INVALID_LENGTH);
    CHECK_RC(wz_wallet_issuance_request(wallet, 0, nonce, 16, NOW, &request), WZ_INVALID_ENUM);
    CHECK_RC(wz_wallet_issuance_request(wallet, WZ_LEVEL_LIGHT, nonce, 16, NOW, &request), WZ_OK);
    CHECK_RC(wz_wallet_issuance_request(wallet, WZ_LEVEL_UPGRADED, nonce, 16, NOW, &upgraded),
             WZ_OK);

    const uint8_t *rq = wz_bytes_data(request);
    size_t rql = wz_bytes_len(request);
    CHECK_RC(wz_issuer_issue(NULL, rq, rql, nonce, 16, person, NULL, RANDOM, 32, NOW, &issued),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_issuer_issue(issuer, NULL, 9, nonce, 16, person, NULL, RANDOM, 32, NOW, &issued),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_issuer_issue(issuer, rq, rql, NULL, 16, person, NULL, RANDOM, 32, NOW, &issued),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_issuer_issue(issuer, rq, rql, nonce, 16, NULL, NULL, RANDOM, 32, NOW, &issued),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_issuer_issue(issuer, rq, rql, nonce, 16, person, NULL, NULL, 32, NOW, &issued),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_issuer_issue(issuer, rq, rql, nonce, 16, person, NULL, RANDOM, 32, NOW, NULL),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_issuer_issue(issuer, rq, rql, nonce, 16, person, NULL, RANDOM, 16, NOW, &issued),
             WZ_INVALID_LENGTH);
    CHECK_RC(wz_issuer_issue(issuer, rq, rql, nonce, 8, person, NULL, RANDOM, 32, NOW, &issued),
             WZ_INVALID_LENGTH);
    CHECK_RC(wz_issuer_issue(issuer, rq, rql, other_nonce, 16, person, NULL, RANDOM, 32, NOW,
                             &issued),
             WZ_NONCE_MISMATCH);
    CHECK_RC(wz_issuer_issue(issuer, rq, rql, nonce, 16, person, NULL, RANDOM, 32, NOW + 301,
                             &issued),
             WZ_STALE_PRESENTATION);
    CHECK_RC(wz_issuer_issue(issuer, rq, rql, nonce, 16, person, NULL, RANDOM, 32, NOW - 3600,
                             &issued),
             WZ_NOT_YET_VALID);
    CHECK_RC(wz_issuer_issue(issuer, rq, rql / 2, nonce, 16, person, NULL, RANDOM, 32, NOW,
                             &issued),
             WZ_MALFORMED);
    CHECK_RC(wz_issuer_issue(issuer, wz_bytes_data(upgraded), wz_bytes_len(upgraded), nonce, 16,
                             person, NULL, RANDOM, 32, NOW, &issued),
             WZ_LEVEL_TOO_LOW);
    /* The ID number's check character is wrong. */
    CHECK_RC(wz_person_new("张三", WZ_SEX_MALE, 1, 19900307, "北京", "110101199003070012", "北京",
                           20200101, 0, &bad),
             WZ_OK);
    CHECK_RC(wz_issuer_issue(issuer, rq, rql, nonce, 16, bad, NULL, RANDOM, 32, NOW, &issued),
             WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_issue_options_new(&options), WZ_OK);
    uint8_t zero = 0;
    CHECK_RC(wz_issue_options_set_age_thresholds(options, &zero, 1), WZ_OK);
    CHECK_RC(wz_issuer_issue(issuer, rq, rql, nonce, 16, person, options, RANDOM, 32, NOW,
                             &issued),
             WZ_INVALID_ARGUMENT);
    CHECK(issued == SENTINEL);

    uint8_t ages[] = {18, 21};
    CHECK_RC(wz_issue_options_set_age_thresholds(options, ages, 2), WZ_OK);
    CHECK_RC(wz_issue_options_set_level(options, WZ_LEVEL_UPGRADED), WZ_OK);
    CHECK_RC(wz_issuer_issue(issuer, wz_bytes_data(upgraded), wz_bytes_len(upgraded), nonce, 16,
                             person, options, RANDOM, 32, NOW, &issued),
             WZ_OK);
    size_t plen = 0, clen = 0;
    const uint8_t *package = wz_issued_package(issued, &plen);
    CHECK(package != NULL && plen > 100);
    CHECK(wz_issued_package(issued, NULL) == package);
    CHECK(wz_issued_credential(issued, &clen) != NULL && clen > 100 && clen < plen);
    CHECK(wz_issued_credential_id(issued) != NULL);
    CHECK(wz_issued_expires_at(issued) > NOW);

    /* The wallet checks what it stores. */
    CHECK_RC(wz_wallet_store(NULL, package, plen, want, 32, NOW), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_store(wallet, NULL, plen, want, 32, NOW), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_store(wallet, package, plen, NULL, 32, NOW), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_store(wallet, package, plen, want, 31, NOW), WZ_INVALID_LENGTH);
    uint8_t other[32];
    CHECK(hex_decode(OTHER_ISSUER_HEX, other, 32));
    CHECK_RC(wz_wallet_store(wallet, package, plen, other, 32, NOW), WZ_UNKNOWN_ISSUER);
    CHECK_RC(wz_wallet_store(wallet, package, plen - 3, want, 32, NOW), WZ_MALFORMED);
    CHECK_RC(wz_wallet_store(wallet, package, plen, want, 32, NOW + 400 * 86400u), WZ_EXPIRED);
    CHECK(wz_wallet_credential_count(wallet) == 0);
    CHECK_RC(wz_wallet_store(wallet, package, plen, want, 32, NOW), WZ_OK);
    /* Storing the same credential again replaces it. */
    CHECK_RC(wz_wallet_store(wallet, package, plen, want, 32, NOW), WZ_OK);
    CHECK(wz_wallet_credential_count(wallet) == 1);
    /* Another phone cannot store it. */
    wz_signer *thief_key = seed_signer(0x43);
    wz_wallet *thief = NULL;
    CHECK_RC(wz_wallet_new(thief_key, &thief), WZ_OK);
    CHECK_RC(wz_wallet_store(thief, package, plen, want, 32, NOW), WZ_DEVICE_KEY_MISMATCH);
    wz_wallet_free(thief);
    wz_signer_free(thief_key);

    /* Upgraded credential: the company-registration counter's policy accepts it. */
    wz_policy *policy = NULL;
    wz_bytes *pres = NULL;
    wz_verdict *verdict = NULL;
    const char *disclose[] = {"full_name", "age_over_21"};
    CHECK_RC(wz_policy_new(&policy), WZ_OK);
    CHECK_RC(wz_policy_set_min_level(policy, WZ_LEVEL_UPGRADED), WZ_OK);
    wz_verifier *v = pinned_verifier(policy, ISSUER_HEX);
    CHECK_RC(wz_wallet_present(wallet, disclose, 2, NOW, &pres), WZ_OK);
    CHECK_RC(wz_verifier_verify(v, wz_bytes_data(pres), wz_bytes_len(pres), NOW, NULL, &verdict),
             WZ_OK);
    const wz_attribute *a = NULL;
    bool adult = false;
    CHECK(wz_verdict_level(verdict) == WZ_LEVEL_UPGRADED);
    CHECK(memcmp(wz_verdict_credential_id(verdict), wz_issued_credential_id(issued), 16) == 0);
    CHECK_RC(wz_verdict_attribute(verdict, "age_over_21", &a), WZ_OK);
    CHECK_RC(wz_attribute_bool(a, &adult), WZ_OK);
    CHECK(adult == true);
    CHECK_RC(wz_verdict_attribute(verdict, "full_name", &a), WZ_OK);
    CHECK_STR(wz_attribute_text(a, NULL), "张三");

    wz_verdict_free(verdict);
    wz_bytes_free(pres);
    wz_verifier_free(v);
    wz_policy_free(policy);
    wz_issue_options_free(options);
    wz_issued_free(issued);
    wz_person_free(bad);
    wz_person_free(person);
    wz_bytes_free(request);
    wz_bytes_free(upgraded);
    wz_wallet_free(wallet);
    wz_signer_free(device);
    wz_issuer_free(issuer);
}

static void test_person(void) {
    wz_person *p = SENTINEL;
    const char *s = "x";
    CHECK_RC(wz_person_new(NULL, WZ_SEX_MALE, 1, 19900307, s, s, s, 20200101, 0, &p),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_person_new(s, WZ_SEX_MALE, 1, 19900307, NULL, s, s, 20200101, 0, &p),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_person_new(s, WZ_SEX_MALE, 1, 19900307, s, NULL, s, 20200101, 0, &p),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_person_new(s, WZ_SEX_MALE, 1, 19900307, s, s, NULL, 20200101, 0, &p),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_person_new(s, WZ_SEX_MALE, 1, 19900307, s, s, s, 20200101, 0, NULL),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_person_new(s, 3, 1, 19900307, s, s, s, 20200101, 0, &p), WZ_INVALID_ENUM);
    CHECK_RC(wz_person_new(s, WZ_SEX_FEMALE, 1, 19900231, s, s, s, 20200101, 0, &p),
             WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_person_new(s, WZ_SEX_FEMALE, 1, 19900301, s, s, s, 0, 0, &p), WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_person_new(s, WZ_SEX_FEMALE, 1, 19900301, s, s, s, 20200101, 20201301, &p),
             WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_person_new("\xff", WZ_SEX_FEMALE, 1, 19900301, s, s, s, 20200101, 0, &p),
             WZ_INVALID_UTF8);
    CHECK(p == SENTINEL);
    p = zhang_san();
    const uint8_t jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 1, 2, 3};
    CHECK_RC(wz_person_set_portrait(NULL, jpeg, sizeof jpeg), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_person_set_portrait(p, NULL, 3), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_person_set_portrait(p, jpeg, sizeof jpeg), WZ_OK);
    CHECK_RC(wz_person_set_portrait(p, NULL, 0), WZ_OK);
    CHECK_RC(wz_person_set_portrait(p, jpeg, sizeof jpeg), WZ_OK);
    CHECK_RC(wz_person_add_extra_text(NULL, "org.example/tier", "gold"), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_person_add_extra_text(p, NULL, "gold"), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_person_add_extra_text(p, "org.example/tier", NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_person_add_extra_text(p, "full_name", "x"), WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_person_add_extra_text(p, "Org/Tier", "x"), WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_person_add_extra_text(p, "org.example/tier", "gold"), WZ_OK);
    CHECK_RC(wz_person_add_extra_int(NULL, "org.example/points", 5), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_person_add_extra_int(p, "age_over_18", 5), WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_person_add_extra_int(p, "org.example/points", -5), WZ_OK);
    CHECK_RC(wz_person_add_extra_bool(NULL, "org.example/vip", true), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_person_add_extra_bool(p, "org.example/vip", true), WZ_OK);
    CHECK_RC(wz_person_add_extra_bytes(NULL, "org.example/blob", jpeg, 2), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_person_add_extra_bytes(p, "org.example/blob", NULL, 2), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_person_add_extra_bytes(p, "org.example/blob", jpeg, 2), WZ_OK);

    /* Issue with every kind of value and read each back through a verdict. */
    world w = make_world();
    uint8_t nonce[16];
    wz_bytes *request = NULL, *pres = NULL;
    wz_issued *issued = NULL;
    wz_verdict *verdict = NULL;
    fill(nonce, 3, sizeof nonce);
    CHECK_RC(wz_wallet_issuance_request(w.wallet, WZ_LEVEL_LIGHT, nonce, 16, NOW, &request),
             WZ_OK);
    CHECK_RC(wz_issuer_issue(w.issuer, wz_bytes_data(request), wz_bytes_len(request), nonce, 16, p,
                             NULL, RANDOM, 32, NOW, &issued),
             WZ_OK);
    size_t len = 0;
    const uint8_t *package = wz_issued_package(issued, &len);
    CHECK_RC(wz_wallet_store(w.wallet, package, len, wz_issuer_public_key(w.issuer), 32, NOW),
             WZ_OK);
    /* make_world's credential names status list 1; this one names none. Remove the first by
     * presenting only from the newest: both are light, generation 2 beats 1, so the wallet
     * would pick make_world's; use a wallet holding only the new one instead. */
    wz_wallet *only = NULL;
    CHECK_RC(wz_wallet_new(w.device, &only), WZ_OK);
    CHECK_RC(wz_wallet_store(only, package, len, wz_issuer_public_key(w.issuer), 32, NOW), WZ_OK);
    const char *names[] = {"portrait", "org.example/tier", "org.example/points", "org.example/vip",
                           "org.example/blob"};
    CHECK_RC(wz_wallet_present(only, names, 5, NOW, &pres), WZ_OK);
    wz_verifier *v = pinned_verifier(NULL, ISSUER_HEX);
    CHECK_RC(wz_verifier_verify(v, wz_bytes_data(pres), wz_bytes_len(pres), NOW, NULL, &verdict),
             WZ_OK);
    const wz_attribute *a = NULL;
    int64_t i = 0;
    bool b = false;
    const uint8_t *data = NULL;
    CHECK_RC(wz_verdict_attribute(verdict, "org.example/tier", &a), WZ_OK);
    CHECK(wz_attribute_value_type(a) == WZ_VALUE_TYPE_TEXT);
    CHECK_STR(wz_attribute_text(a, NULL), "gold");
    CHECK_RC(wz_verdict_attribute(verdict, "org.example/points", &a), WZ_OK);
    CHECK(wz_attribute_value_type(a) == WZ_VALUE_TYPE_INT);
    CHECK_RC(wz_attribute_int(a, &i), WZ_OK);
    CHECK(i == -5);
    CHECK_STR(wz_attribute_text(a, NULL), "-5");
    CHECK_RC(wz_verdict_attribute(verdict, "org.example/vip", &a), WZ_OK);
    CHECK_RC(wz_attribute_bool(a, &b), WZ_OK);
    CHECK(b);
    CHECK_RC(wz_verdict_attribute(verdict, "org.example/blob", &a), WZ_OK);
    CHECK(wz_attribute_value_type(a) == WZ_VALUE_TYPE_BYTES);
    CHECK_RC(wz_attribute_bytes(a, &data, &len), WZ_OK);
    CHECK(len == 2 && data[0] == 0xff);
    CHECK_STR(wz_attribute_text(a, NULL), "ffd8");
    CHECK_RC(wz_verdict_attribute(verdict, "portrait", &a), WZ_OK);
    CHECK_RC(wz_attribute_bytes(a, &data, &len), WZ_OK);
    CHECK(len == sizeof jpeg && memcmp(data, jpeg, len) == 0);

    wz_verdict_free(verdict);
    wz_verifier_free(v);
    wz_bytes_free(pres);
    wz_wallet_free(only);
    wz_issued_free(issued);
    wz_bytes_free(request);
    free_world(&w);
    wz_person_free(p);
}

static void test_issue_options(void) {
    wz_issue_options *o = SENTINEL;
    uint8_t t[] = {18};
    CHECK_RC(wz_issue_options_new(NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_issue_options_new(&o), WZ_OK);
    CHECK_RC(wz_issue_options_set_level(NULL, WZ_LEVEL_LIGHT), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_issue_options_set_level(o, 5), WZ_INVALID_ENUM);
    CHECK_RC(wz_issue_options_set_level(o, WZ_LEVEL_LIGHT), WZ_OK);
    CHECK_RC(wz_issue_options_set_generation(NULL, 3), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_issue_options_set_generation(o, 3), WZ_OK);
    CHECK_RC(wz_issue_options_set_age_thresholds(NULL, t, 1), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_issue_options_set_age_thresholds(o, NULL, 1), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_issue_options_set_age_thresholds(o, NULL, 0), WZ_OK);
    CHECK_RC(wz_issue_options_set_age_thresholds(o, t, 1), WZ_OK);
    CHECK_RC(wz_issue_options_set_status(NULL, 1, 2), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_issue_options_set_status(o, 1, 2), WZ_OK);
    wz_issue_options_free(o);
}

static void test_respond_and_verify_response(void) {
    world w = make_world();
    wz_signer *hotel = seed_signer(0x31);
    const char *names[] = {"full_name", "id_number"};
    uint8_t nonce[16];
    wz_bytes *request_bytes = NULL, *answer = SENTINEL;
    wz_request *request = NULL;
    wz_verdict *verdict = SENTINEL;
    wz_policy *policy = NULL;
    fill(nonce, 0x77, sizeof nonce);
    CHECK_RC(wz_request_create(hotel, "hotel.example", names, 2, WZ_LEVEL_LIGHT, 120, nonce, 16,
                               NOW, &request_bytes),
             WZ_OK);
    const uint8_t *rq = wz_bytes_data(request_bytes);
    size_t rql = wz_bytes_len(request_bytes);
    CHECK_RC(wz_wallet_respond(NULL, rq, rql, NOW, &answer), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_respond(w.wallet, NULL, rql, NOW, &answer), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_respond(w.wallet, rq, rql, NOW, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_respond(w.wallet, rq, rql - 1, NOW, &answer), WZ_MALFORMED);
    CHECK(answer == SENTINEL);
    CHECK_RC(wz_wallet_respond(w.wallet, rq, rql, NOW + 1, &answer), WZ_OK);
    CHECK_RC(wz_request_decode(rq, rql, &request), WZ_OK);

    CHECK_RC(wz_policy_new(&policy), WZ_OK);
    CHECK_RC(wz_policy_set_audience(policy, "hotel.example"), WZ_OK);
    CHECK_RC(wz_policy_set_accept_undetermined_status(policy, true), WZ_OK);
    wz_verifier *v = pinned_verifier(policy, ISSUER_HEX);
    const uint8_t *a = wz_bytes_data(answer);
    size_t al = wz_bytes_len(answer);
    CHECK_RC(wz_verifier_verify_response(NULL, request, a, al, NOW + 2, &verdict), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_verify_response(v, NULL, a, al, NOW + 2, &verdict), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_verify_response(v, request, NULL, al, NOW + 2, &verdict),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_verify_response(v, request, a, al - 1, NOW + 2, &verdict), WZ_MALFORMED);
    CHECK(verdict == SENTINEL);
    CHECK_RC(wz_verifier_verify_response(v, request, a, al, NOW + 2, NULL), WZ_OK);
    CHECK_RC(wz_verifier_verify_response(v, request, a, al, NOW + 2, &verdict), WZ_OK);
    CHECK_STR(wz_verdict_audience(verdict), "hotel.example");
    CHECK(wz_verdict_status_check(verdict) == WZ_STATUS_CHECK_UNDETERMINED);
    CHECK(wz_verdict_attribute_count(verdict) == 2);
    CHECK(wz_verdict_generation(verdict) == 2);
    /* The same answer as a QR code: bound to a request, so its nonce is missing here. */
    CHECK_RC(wz_verifier_verify(v, a, al, NOW + 2, NULL, NULL), WZ_NONCE_MISMATCH);
    /* The default policy refuses undetermined status: the credential names status list 1. */
    wz_verifier *strict = pinned_verifier(NULL, ISSUER_HEX);
    CHECK_RC(wz_verifier_verify_response(strict, request, a, al, NOW + 2, NULL),
             WZ_STATUS_UNAVAILABLE);
    wz_verifier_free(strict);

    wz_verdict_free(verdict);
    wz_verifier_free(v);
    wz_policy_free(policy);
    wz_request_free(request);
    wz_bytes_free(answer);
    wz_bytes_free(request_bytes);
    wz_signer_free(hotel);
    free_world(&w);
}

/* --- status lists, lifecycle -------------------------------------------------------------- */

static void test_status_lists_from_c(void) {
    world w = make_world();
    wz_status_list_builder *b = SENTINEL;
    wz_bytes *list = SENTINEL, *pres = NULL;
    CHECK_RC(wz_status_list_builder_new(1, 8, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_status_list_builder_new(1, (1u << 26) + 1, &b), WZ_INVALID_ARGUMENT);
    CHECK(b == SENTINEL);
    CHECK_RC(wz_status_list_builder_new(1, 8, &b), WZ_OK);
    CHECK_RC(wz_status_list_builder_set(NULL, 5, WZ_CREDENTIAL_STATUS_REVOKED), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_status_list_builder_set(b, 8, WZ_CREDENTIAL_STATUS_REVOKED), WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_status_list_builder_set(b, 5, 4), WZ_INVALID_ENUM);
    CHECK_RC(wz_status_list_builder_set(b, 5, WZ_CREDENTIAL_STATUS_SUSPENDED), WZ_OK);

    CHECK_RC(wz_issuer_sign_status_list(NULL, b, NOW - 60, NOW + 3600, &list), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_issuer_sign_status_list(w.issuer, NULL, NOW - 60, NOW + 3600, &list),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_issuer_sign_status_list(w.issuer, b, NOW - 60, NOW + 3600, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_issuer_sign_status_list(w.issuer, b, NOW, NOW, &list), WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_issuer_sign_status_list(w.issuer, b, NOW, NOW + 8 * 86400u, &list),
             WZ_INVALID_ARGUMENT);
    CHECK(list == SENTINEL);
    CHECK_RC(wz_issuer_sign_status_list(w.issuer, b, NOW - 4, NOW + 3600, &list), WZ_OK);

    wz_verifier *v = pinned_verifier(NULL, ISSUER_HEX);
    CHECK_RC(wz_wallet_present(w.wallet, NULL, 0, NOW, &pres), WZ_OK);
    const uint8_t *p = wz_bytes_data(pres);
    size_t pl = wz_bytes_len(pres);
    CHECK_RC(wz_verifier_verify(v, p, pl, NOW, NULL, NULL), WZ_STATUS_UNAVAILABLE);
    CHECK_RC(wz_verifier_update_status_list(v, wz_bytes_data(list), wz_bytes_len(list), NOW, NULL),
             WZ_OK);
    CHECK_RC(wz_verifier_verify(v, p, pl, NOW, NULL, NULL), WZ_SUSPENDED);
    /* Unfrozen: good again. */
    wz_bytes_free(list);
    CHECK_RC(wz_status_list_builder_set(b, 5, WZ_CREDENTIAL_STATUS_GOOD), WZ_OK);
    CHECK_RC(wz_issuer_sign_status_list(w.issuer, b, NOW - 3, NOW + 3600, &list), WZ_OK);
    CHECK_RC(wz_verifier_update_status_list(v, wz_bytes_data(list), wz_bytes_len(list), NOW, NULL),
             WZ_OK);
    wz_verdict *verdict = NULL;
    CHECK_RC(wz_verifier_verify(v, p, pl, NOW, NULL, &verdict), WZ_OK);
    CHECK(wz_verdict_status_check(verdict) == WZ_STATUS_CHECK_GOOD);
    CHECK(wz_verdict_attribute_count(verdict) == 0);
    wz_verdict_free(verdict);
    /* Superseded: the verifier refuses it and the wallet deletes it. */
    wz_bytes_free(list);
    CHECK_RC(wz_status_list_builder_set(b, 5, WZ_CREDENTIAL_STATUS_SUPERSEDED), WZ_OK);
    CHECK_RC(wz_issuer_sign_status_list(w.issuer, b, NOW - 2, NOW + 3600, &list), WZ_OK);
    CHECK_RC(wz_verifier_update_status_list(v, wz_bytes_data(list), wz_bytes_len(list), NOW, NULL),
             WZ_OK);
    CHECK_RC(wz_verifier_verify(v, p, pl, NOW, NULL, NULL), WZ_SUPERSEDED);

    size_t deleted = 99;
    const uint8_t *l = wz_bytes_data(list);
    size_t ll = wz_bytes_len(list);
    CHECK_RC(wz_wallet_apply_status_list(NULL, v, l, ll, NOW, &deleted), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_apply_status_list(w.wallet, NULL, l, ll, NOW, &deleted), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_apply_status_list(w.wallet, v, NULL, ll, NOW, &deleted), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_apply_status_list(w.wallet, v, l, ll - 1, NOW, &deleted), WZ_MALFORMED);
    CHECK(deleted == 99 && wz_wallet_credential_count(w.wallet) == 1);
    CHECK_RC(wz_wallet_apply_status_list(w.wallet, v, l, ll, NOW, &deleted), WZ_OK);
    CHECK(deleted == 1 && wz_wallet_credential_count(w.wallet) == 0);
    CHECK_RC(wz_wallet_apply_status_list(w.wallet, v, l, ll, NOW, NULL), WZ_OK);
    /* An empty wallet has nothing to present. */
    wz_bytes *none = SENTINEL;
    CHECK_RC(wz_wallet_present(w.wallet, NULL, 0, NOW, &none), WZ_INVALID_ARGUMENT);
    CHECK(none == SENTINEL);

    wz_bytes_free(pres);
    wz_bytes_free(list);
    wz_status_list_builder_free(b);
    wz_verifier_free(v);
    free_world(&w);
}

static void test_present_arguments(void) {
    world w = make_world();
    wz_bytes *pres = SENTINEL;
    const char *portrait[] = {"portrait"};
    const char *twice[] = {"full_name", "full_name"};
    const char *unknown[] = {"favourite_colour"};
    const char *null_name[] = {NULL};
    CHECK_RC(wz_wallet_present(NULL, NULL, 0, NOW, &pres), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_present(w.wallet, NULL, 1, NOW, &pres), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_present(w.wallet, null_name, 1, NOW, &pres), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_present(w.wallet, NULL, 0, NOW, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_present(w.wallet, portrait, 1, NOW, &pres), WZ_MISSING_ATTRIBUTE);
    CHECK_RC(wz_wallet_present(w.wallet, twice, 2, NOW, &pres), WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_wallet_present(w.wallet, unknown, 1, NOW, &pres), WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_wallet_present(w.wallet, NULL, 0, NOW + 400 * 86400u, &pres), WZ_EXPIRED);
    CHECK(pres == SENTINEL);
    free_world(&w);
}

/* --- trust lists made in C ---------------------------------------------------------------- */

static void test_trust_list_builder(void) {
    world w = make_world();
    wz_signer *root = seed_signer(0x01);
    wz_trust_list_builder *b = SENTINEL;
    wz_bytes *list = SENTINEL, *older = NULL, *pres = NULL;
    const wz_level levels[] = {WZ_LEVEL_UPGRADED, WZ_LEVEL_LIGHT, WZ_LEVEL_LIGHT};
    const wz_object_kind kinds[] = {WZ_OBJECT_KIND_CREDENTIAL, WZ_OBJECT_KIND_STATUS_LIST};
    const wz_level bad_level[] = {7};
    const wz_object_kind bad_kind[] = {65000};
    const uint8_t *issuer_key = wz_issuer_public_key(w.issuer);
    uint8_t root_key[32];
    memcpy(root_key, wz_signer_public_key(root), 32);
    uint8_t want_root[32];
    CHECK(hex_decode(ROOT_HEX, want_root, 32));
    CHECK(memcmp(root_key, want_root, 32) == 0);

    CHECK_RC(wz_trust_list_builder_new(NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_trust_list_builder_new(&b), WZ_OK);
    CHECK_RC(wz_trust_list_builder_sign(b, root, 1, NOW - 100, NOW + 86400, &list),
             WZ_INVALID_ARGUMENT); /* no entries */
    CHECK_RC(wz_trust_list_builder_add_issuer(NULL, issuer_key, 32, 0, NOW * 2, levels, 3, kinds,
                                              2),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_trust_list_builder_add_issuer(b, NULL, 32, 0, NOW * 2, levels, 3, kinds, 2),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_trust_list_builder_add_issuer(b, issuer_key, 32, 0, NOW * 2, NULL, 3, kinds, 2),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_trust_list_builder_add_issuer(b, issuer_key, 32, 0, NOW * 2, levels, 3, NULL, 2),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_trust_list_builder_add_issuer(b, issuer_key, 30, 0, NOW * 2, levels, 3, kinds, 2),
             WZ_INVALID_LENGTH);
    CHECK_RC(wz_trust_list_builder_add_issuer(b, WEAK_KEY, 32, 0, NOW * 2, levels, 3, kinds, 2),
             WZ_WEAK_KEY);
    CHECK_RC(wz_trust_list_builder_add_issuer(b, issuer_key, 32, 0, NOW * 2, bad_level, 1, kinds,
                                              2),
             WZ_INVALID_ENUM);
    CHECK_RC(wz_trust_list_builder_add_issuer(b, issuer_key, 32, 0, NOW * 2, levels, 3, bad_kind,
                                              1),
             WZ_INVALID_ENUM);
    CHECK_RC(wz_trust_list_builder_add_issuer(b, issuer_key, 32, 0, NOW * 2, levels, 3, kinds, 2),
             WZ_OK);
    CHECK_RC(wz_trust_list_builder_sign(NULL, root, 3, NOW - 100, NOW + 86400, &list),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_trust_list_builder_sign(b, NULL, 3, NOW - 100, NOW + 86400, &list),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_trust_list_builder_sign(b, root, 3, NOW - 100, NOW + 86400, NULL),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_trust_list_builder_sign(b, root, 3, NOW, NOW, &list), WZ_INVALID_ARGUMENT);
    CHECK(list == SENTINEL);
    CHECK_RC(wz_trust_list_builder_sign(b, root, 3, NOW - 100, NOW + 86400, &list), WZ_OK);
    CHECK_RC(wz_trust_list_builder_sign(b, root, 2, NOW - 200, NOW + 86400, &older), WZ_OK);

    /* A terminal that pins only the root verifies the C-issued credential through the list. */
    wz_policy *policy = NULL;
    CHECK_RC(wz_policy_new(&policy), WZ_OK);
    CHECK_RC(wz_policy_set_accept_undetermined_status(policy, true), WZ_OK);
    wz_verifier *v = NULL;
    CHECK_RC(wz_verifier_new(policy, root_key, 32, wz_bytes_data(list), wz_bytes_len(list), &v),
             WZ_OK);
    CHECK_RC(wz_wallet_present(w.wallet, NULL, 0, NOW, &pres), WZ_OK);
    CHECK_RC(wz_verifier_verify(v, wz_bytes_data(pres), wz_bytes_len(pres), NOW, NULL, NULL), WZ_OK);
    /* Past the list's next update the terminal refuses (policy default) ... */
    CHECK_RC(wz_verifier_verify(v, wz_bytes_data(pres), wz_bytes_len(pres), NOW + 86401, NULL, NULL),
             WZ_TRUST_LIST_STALE);
    /* ... and never goes back to an older list. */
    CHECK_RC(wz_verifier_update_trust_list(v, wz_bytes_data(older), wz_bytes_len(older)),
             WZ_TRUST_LIST_STALE);

    /* A repeated key and an empty window are refused when signing. */
    wz_bytes *dup = SENTINEL;
    CHECK_RC(wz_trust_list_builder_add_issuer(b, issuer_key, 32, 0, NOW * 2, levels, 1, kinds, 1),
             WZ_OK);
    CHECK_RC(wz_trust_list_builder_sign(b, root, 4, NOW - 100, NOW + 86400, &dup),
             WZ_INVALID_ARGUMENT);
    wz_trust_list_builder *empty_window = NULL;
    CHECK_RC(wz_trust_list_builder_new(&empty_window), WZ_OK);
    CHECK_RC(wz_trust_list_builder_add_issuer(empty_window, issuer_key, 32, NOW, NOW, levels, 1,
                                              kinds, 1),
             WZ_OK);
    CHECK_RC(wz_trust_list_builder_sign(empty_window, root, 4, NOW - 100, NOW + 86400, &dup),
             WZ_INVALID_ARGUMENT);
    CHECK(dup == SENTINEL);
    wz_trust_list_builder_free(empty_window);

    wz_verifier_free(v);
    wz_policy_free(policy);
    wz_bytes_free(pres);
    wz_bytes_free(list);
    wz_bytes_free(older);
    wz_trust_list_builder_free(b);
    wz_signer_free(root);
    free_world(&w);
}

/* --- signers ------------------------------------------------------------------------------ */

typedef struct {
    const wz_signer *inner;
    int calls;
    int fail;
} proxy;

/* A keystore stand-in: forwards to an in-library signer, or fails. */
static wz_status proxy_sign(void *userdata, const uint8_t *message, size_t message_len,
                            uint8_t *out_signature) {
    proxy *p = userdata;
    p->calls++;
    if (p->fail) {
        return WZ_SIGNER_FAILED + 1000; /* any non-zero value is a failure */
    }
    return wz_signer_sign(p->inner, message, message_len, out_signature);
}

static void test_signers(void) {
    uint8_t seed[32], sig[64];
    wz_signer *s = SENTINEL;
    fill(seed, 0x21, sizeof seed);
    CHECK_RC(wz_signer_from_seed(NULL, 32, &s), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_signer_from_seed(seed, 33, &s), WZ_INVALID_LENGTH);
    CHECK_RC(wz_signer_from_seed(seed, 32, NULL), WZ_NULL_ARGUMENT);
    CHECK(s == SENTINEL);
    CHECK_RC(wz_signer_from_seed(seed, 32, &s), WZ_OK);
    uint8_t want[32];
    CHECK(hex_decode("884b8857f4eaa1613c61504db34d4beaf346517a0e31de3cddd4d9b4201d9d0b", want, 32));
    CHECK(memcmp(wz_signer_public_key(s), want, 32) == 0);
    CHECK_RC(wz_signer_sign(NULL, (const uint8_t *)"m", 1, sig), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_signer_sign(s, NULL, 1, sig), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_signer_sign(s, (const uint8_t *)"m", 1, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_signer_sign(s, NULL, 0, sig), WZ_OK);

    proxy px = {s, 0, 0};
    wz_signer *cb = SENTINEL;
    CHECK_RC(wz_signer_from_callback(NULL, 32, proxy_sign, &px, &cb), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_signer_from_callback(want, 32, NULL, &px, &cb), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_signer_from_callback(want, 32, proxy_sign, &px, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_signer_from_callback(want, 16, proxy_sign, &px, &cb), WZ_INVALID_LENGTH);
    CHECK_RC(wz_signer_from_callback(WEAK_KEY, 32, proxy_sign, &px, &cb), WZ_WEAK_KEY);
    CHECK(cb == SENTINEL);
    CHECK_RC(wz_signer_from_callback(want, 32, proxy_sign, &px, &cb), WZ_OK);
    CHECK(memcmp(wz_signer_public_key(cb), want, 32) == 0);

    /* A wallet whose device key stays "in the keystore": it issues, presents and verifies. */
    uint8_t issuer_seed[32], nonce[16];
    fill(issuer_seed, 0x11, 32);
    fill(nonce, 5, 16);
    wz_issuer *issuer = NULL;
    wz_wallet *wallet = NULL;
    wz_bytes *request = NULL, *pres = NULL;
    wz_issued *issued = NULL;
    wz_person *person = zhang_san();
    CHECK_RC(wz_issuer_new(issuer_seed, 32, &issuer), WZ_OK);
    CHECK_RC(wz_wallet_new(cb, &wallet), WZ_OK);
    CHECK_RC(wz_wallet_issuance_request(wallet, WZ_LEVEL_LIGHT, nonce, 16, NOW, &request), WZ_OK);
    CHECK(px.calls == 1);
    CHECK_RC(wz_issuer_issue(issuer, wz_bytes_data(request), wz_bytes_len(request), nonce, 16,
                             person, NULL, RANDOM, 32, NOW, &issued),
             WZ_OK);
    size_t len = 0;
    const uint8_t *package = wz_issued_package(issued, &len);
    CHECK_RC(wz_wallet_store(wallet, package, len, wz_issuer_public_key(issuer), 32, NOW), WZ_OK);
    /* The wallet keeps its own copy of the signer. */
    wz_signer_free(cb);
    CHECK_RC(wz_wallet_present(wallet, NULL, 0, NOW, &pres), WZ_OK);
    CHECK(px.calls == 2);
    wz_verifier *v = pinned_verifier(NULL, ISSUER_HEX);
    CHECK_RC(wz_verifier_verify(v, wz_bytes_data(pres), wz_bytes_len(pres), NOW, NULL, NULL), WZ_OK);
    /* The keystore refuses: the call fails, nothing is written. */
    wz_bytes *none = SENTINEL;
    px.fail = 1;
    CHECK_RC(wz_wallet_present(wallet, NULL, 0, NOW, &none), WZ_SIGNER_FAILED);
    CHECK(none == SENTINEL);
    wz_signer *cb2 = NULL;
    CHECK_RC(wz_signer_from_callback(want, 32, proxy_sign, &px, &cb2), WZ_OK);
    CHECK_RC(wz_signer_sign(cb2, (const uint8_t *)"m", 1, sig), WZ_SIGNER_FAILED);
    const char *names[] = {"full_name"};
    CHECK_RC(wz_request_create(cb2, "x", names, 1, WZ_LEVEL_LIGHT, 60, nonce, 16, NOW, &none),
             WZ_SIGNER_FAILED);
    CHECK(none == SENTINEL);
    wz_signer_free(cb2);

    wz_verifier_free(v);
    wz_bytes_free(pres);
    wz_bytes_free(request);
    wz_issued_free(issued);
    wz_person_free(person);
    wz_wallet_free(wallet);
    wz_issuer_free(issuer);
    wz_signer_free(s);
}

/* --- wallet store ------------------------------------------------------------------------- */

static void test_wallet_store(void) {
    world w = make_world();
    uint8_t key[32], other_key[32];
    wz_bytes *store = SENTINEL;
    wz_wallet *back = SENTINEL;
    fill(key, 0x5a, 32);
    fill(other_key, 0x5b, 32);
    CHECK_RC(wz_wallet_export(NULL, key, 32, RANDOM, 32, &store), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_export(w.wallet, NULL, 32, RANDOM, 32, &store), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_export(w.wallet, key, 32, NULL, 32, &store), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_export(w.wallet, key, 32, RANDOM, 32, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_export(w.wallet, key, 31, RANDOM, 32, &store), WZ_INVALID_LENGTH);
    CHECK_RC(wz_wallet_export(w.wallet, key, 32, RANDOM, 31, &store), WZ_INVALID_LENGTH);
    CHECK(store == SENTINEL);
    CHECK_RC(wz_wallet_export(w.wallet, key, 32, RANDOM, 32, &store), WZ_OK);
    const uint8_t *s = wz_bytes_data(store);
    size_t sl = wz_bytes_len(store);

    CHECK_RC(wz_wallet_restore(NULL, sl, key, 32, w.device, &back), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_restore(s, sl, NULL, 32, w.device, &back), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_restore(s, sl, key, 32, NULL, &back), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_restore(s, sl, key, 32, w.device, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_wallet_restore(s, sl, key, 33, w.device, &back), WZ_INVALID_LENGTH);
    CHECK_RC(wz_wallet_restore(s, sl, other_key, 32, w.device, &back), WZ_CORRUPT_STORE);
    CHECK_RC(wz_wallet_restore(s, sl - 1, key, 32, w.device, &back), WZ_CORRUPT_STORE);
    CHECK_RC(wz_wallet_restore(NULL, 0, key, 32, w.device, &back), WZ_CORRUPT_STORE);
    uint8_t *flipped = malloc(sl);
    memcpy(flipped, s, sl);
    flipped[sl / 2] ^= 0x10;
    CHECK_RC(wz_wallet_restore(flipped, sl, key, 32, w.device, &back), WZ_CORRUPT_STORE);
    free(flipped);
    wz_signer *other = seed_signer(0x44);
    CHECK_RC(wz_wallet_restore(s, sl, key, 32, other, &back), WZ_DEVICE_KEY_MISMATCH);
    wz_signer_free(other);
    buf pres = load("presentation/internet-cafe.cbor");
    CHECK_RC(wz_wallet_restore(pres.data, pres.len, key, 32, w.device, &back), WZ_CORRUPT_STORE);
    unload(&pres);
    CHECK(back == SENTINEL);

    CHECK_RC(wz_wallet_restore(s, sl, key, 32, w.device, &back), WZ_OK);
    CHECK(wz_wallet_credential_count(back) == 1);
    wz_bytes *p = NULL;
    CHECK_RC(wz_wallet_present(back, NULL, 0, NOW, &p), WZ_OK);
    wz_bytes_free(p);
    wz_wallet_free(back);
    wz_bytes_free(store);
    free_world(&w);
}

/* --- threads ------------------------------------------------------------------------------ */

typedef struct {
    const wz_verifier *verifier;
    wz_replay_cache *cache;
    const buf *shared;
    const buf *own;
    int own_ok;
    int shared_ok;
    int shared_replayed;
} worker;

static void *verify_worker(void *arg) {
    worker *w = arg;
    for (int i = 0; i < 20; i++) {
        if (wz_verifier_verify(w->verifier, w->own->data, w->own->len, NOW, NULL, NULL) == WZ_OK) {
            w->own_ok++;
        }
    }
    wz_status rc = wz_verifier_verify(w->verifier, w->shared->data, w->shared->len, NOW, w->cache,
                                      NULL);
    w->shared_ok += rc == WZ_OK;
    w->shared_replayed += rc == WZ_REPLAYED;
    return NULL;
}

static void test_threads(void) {
    enum { T = 4 };
    wz_verifier *v = pinned_verifier(NULL, ISSUER_HEX);
    wz_replay_cache *cache = NULL;
    buf shared = load("presentation/internet-cafe.cbor");
    buf own = load("presentation/age-name.cbor");
    pthread_t threads[T];
    worker workers[T];
    CHECK_RC(wz_replay_cache_new(100, 3, &cache), WZ_OK);
    for (int i = 0; i < T; i++) {
        workers[i] = (worker){v, cache, &shared, &own, 0, 0, 0};
        CHECK(pthread_create(&threads[i], NULL, verify_worker, &workers[i]) == 0);
    }
    int ok = 0, replayed = 0;
    for (int i = 0; i < T; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        CHECK(workers[i].own_ok == 20);
        ok += workers[i].shared_ok;
        replayed += workers[i].shared_replayed;
    }
    /* One QR code, four gates sharing a cache: accepted exactly once. */
    CHECK(ok == 1 && replayed == T - 1);
    wz_replay_cache_free(cache);
    wz_verifier_free(v);
    unload(&shared);
    unload(&own);
}

/* --- objects outlive what made them; repeated use ----------------------------------------- */

static void test_lifetimes_and_reuse(void) {
    wz_policy *policy = NULL;
    CHECK_RC(wz_policy_new(&policy), WZ_OK);
    CHECK_RC(wz_policy_require(policy, "full_name"), WZ_OK);
    wz_verifier *a = pinned_verifier(policy, ISSUER_HEX);
    /* Changing or freeing the policy afterwards does not change the verifier (it copied it). */
    CHECK_RC(wz_policy_require(policy, "address"), WZ_OK);
    wz_verifier *b = pinned_verifier(policy, ISSUER_HEX);
    wz_policy_free(policy);
    buf p = load("presentation/age-name.cbor");
    CHECK_RC(wz_verifier_verify(a, p.data, p.len, NOW, NULL, NULL), WZ_OK);
    CHECK_RC(wz_verifier_verify(b, p.data, p.len, NOW, NULL, NULL), WZ_MISSING_ATTRIBUTE);
    /* Verdicts outlive their verifier. */
    wz_verdict *verdict = NULL;
    CHECK_RC(wz_verifier_verify(a, p.data, p.len, NOW, NULL, &verdict), WZ_OK);
    wz_verifier_free(a);
    wz_verifier_free(b);
    const wz_attribute *attr = NULL;
    CHECK_RC(wz_verdict_attribute(verdict, "full_name", &attr), WZ_OK);
    CHECK_STR(wz_attribute_text(attr, NULL), "张三");
    wz_verdict_free(verdict);
    /* Requests outlive their buffer. */
    buf r = load("presentation_request/hotel.cbor");
    wz_request *request = NULL;
    wz_request *again = NULL;
    CHECK_RC(wz_request_decode(r.data, r.len, &request), WZ_OK);
    CHECK_RC(wz_request_decode(r.data, r.len, &again), WZ_OK);
    memset(r.data, 0, r.len);
    unload(&r);
    CHECK_STR(wz_request_verifier_id(request), "hotel.example/front-desk");
    CHECK_STR(wz_request_verifier_id(again), "hotel.example/front-desk");
    wz_request_free(request);
    wz_request_free(again);
    unload(&p);
}

/* --- online verification (scenario 8) ----------------------------------------------------- */

static void test_online(void) {
    wz_verifier *v = trust_list_verifier(NULL, "trust_list/with-service.cbor");
    buf pres = load("presentation/with-trust-list.cbor");
    buf receipt = load("receipt/all-ok.cbor");
    buf request = load("verification_request/password-face.cbor");
    buf face = load("online/face-live.jpg");
    buf preq = load("presentation_request/hotel.cbor");
    wz_signer *terminal = seed_signer(0x34);
    uint8_t sealing[32], nonce[16];
    fill(sealing, 9, 32); /* the X25519 base point's u-coordinate: a valid public key */
    fill(nonce, 0x3c, 16);
    const uint64_t at = 1767225600;

    /* The receipt of the vectors: every factor passed. */
    wz_receipt *r = SENTINEL;
    CHECK_RC(wz_verifier_verify_receipt(NULL, receipt.data, receipt.len, request.data,
                                        request.len, at, &r),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_verify_receipt(v, NULL, 3, request.data, request.len, at, &r),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_verify_receipt(v, receipt.data, receipt.len, NULL, 3, at, &r),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_verify_receipt(v, receipt.data, receipt.len, request.data, request.len,
                                        at, NULL),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verifier_verify_receipt(v, receipt.data, receipt.len - 1, request.data,
                                        request.len, at, &r),
             WZ_MALFORMED);
    CHECK_RC(wz_verifier_verify_receipt(v, request.data, request.len, request.data, request.len,
                                        at, &r),
             WZ_WRONG_KIND);
    CHECK_RC(wz_verifier_verify_receipt(v, receipt.data, receipt.len, request.data,
                                        request.len - 1, at, &r),
             WZ_MALFORMED);
    CHECK(r == SENTINEL);
    CHECK_RC(wz_verifier_verify_receipt(v, receipt.data, receipt.len, request.data, request.len,
                                        at, &r),
             WZ_OK);
    CHECK(wz_receipt_all_passed(r));
    wz_factor_outcome outcome;
    wz_status reason;
    CHECK_RC(wz_receipt_factor(NULL, WZ_FACTOR_FACE, &outcome, &reason), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_receipt_factor(r, WZ_FACTOR_FACE, NULL, &reason), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_receipt_factor(r, WZ_FACTOR_FACE, &outcome, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_receipt_factor(r, 0, &outcome, &reason), WZ_INVALID_ENUM);
    CHECK_RC(wz_receipt_factor(r, 4, &outcome, &reason), WZ_INVALID_ENUM);
    uint16_t score = 0;
    CHECK_RC(wz_receipt_face_score(NULL, &score), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_receipt_face_score(r, NULL), WZ_NULL_ARGUMENT);
    const wz_attribute *a = SENTINEL;
    CHECK_RC(wz_receipt_attribute(NULL, "full_name", &a), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_receipt_attribute(r, NULL, &a), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_receipt_attribute(r, "full_name", NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_receipt_attribute(r, "fullname", &a), WZ_INVALID_ARGUMENT);
    /* A bank receipt carries no name. */
    CHECK_RC(wz_receipt_attribute(r, "full_name", &a), WZ_NOT_FOUND);
    CHECK(a == SENTINEL);
    wz_receipt_free(r);
    CHECK(wz_receipt_all_passed(NULL) == false);
    CHECK(wz_receipt_checked_at(NULL) == 0);
    CHECK(wz_receipt_verifier_id(NULL) == NULL);
    CHECK(wz_receipt_level(NULL) == 0);
    CHECK(wz_receipt_rp_id(NULL) == NULL);
    CHECK(wz_receipt_attribute_count(NULL) == 0);
    CHECK(wz_receipt_attribute_at(NULL, 0) == NULL);
    wz_receipt_free(NULL);

    /* The terminal's own request, made in C: mode 4 with a password and a face. */
    wz_verification_builder *b = SENTINEL;
    wz_bytes *mine = SENTINEL;
    CHECK_RC(wz_verification_builder_new(pres.data, pres.len, "bank.example/counter-7", NULL),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verification_builder_new(NULL, 5, "bank.example/counter-7", &b),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verification_builder_new(pres.data, pres.len, NULL, &b), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verification_builder_new(pres.data, pres.len, "\xff", &b), WZ_INVALID_UTF8);
    CHECK(b == SENTINEL);
    CHECK_RC(wz_verification_builder_new(pres.data, pres.len, "bank.example/counter-7", &b),
             WZ_OK);
    CHECK_RC(wz_verification_builder_set_password(NULL, "58203716"), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verification_builder_set_password(b, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verification_builder_set_password(b, "5820371"), WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_verification_builder_set_password(b, "5820371x"), WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_verification_builder_set_password(b, "58203716"), WZ_OK);
    CHECK_RC(wz_verification_builder_set_face(NULL, face.data, face.len, at - 7, "image/jpeg"),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verification_builder_set_face(b, NULL, 9, at - 7, "image/jpeg"), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verification_builder_set_face(b, face.data, face.len, at - 7, NULL),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verification_builder_set_face(b, face.data, face.len, at - 7, ""),
             WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_verification_builder_set_face(b, face.data, face.len, at - 7, "image/jpeg"),
             WZ_OK);
    CHECK_RC(wz_verification_builder_release(NULL, "full_name"), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verification_builder_release(b, NULL), WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verification_builder_release(b, "name"), WZ_INVALID_ARGUMENT);
    CHECK_RC(wz_verification_builder_release(b, "full_name"), WZ_OK);
    CHECK_RC(wz_verification_builder_release(b, "full_name"), WZ_OK);
    CHECK_RC(wz_verification_builder_set_presentation_request(NULL, preq.data, preq.len),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verification_builder_set_presentation_request(b, NULL, 3), WZ_NULL_ARGUMENT);

    CHECK_RC(wz_verification_builder_sign(NULL, terminal, sealing, 32, nonce, 16, RANDOM, 32, at,
                                          &mine),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verification_builder_sign(b, NULL, sealing, 32, nonce, 16, RANDOM, 32, at, &mine),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verification_builder_sign(b, terminal, NULL, 32, nonce, 16, RANDOM, 32, at, &mine),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verification_builder_sign(b, terminal, sealing, 32, NULL, 16, RANDOM, 32, at,
                                          &mine),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verification_builder_sign(b, terminal, sealing, 32, nonce, 16, NULL, 32, at, &mine),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verification_builder_sign(b, terminal, sealing, 32, nonce, 16, RANDOM, 32, at,
                                          NULL),
             WZ_NULL_ARGUMENT);
    CHECK_RC(wz_verification_builder_sign(b, terminal, sealing, 31, nonce, 16, RANDOM, 32, at,
                                          &mine),
             WZ_INVALID_LENGTH);
    CHECK_RC(wz_verification_builder_sign(b, terminal, sealing, 32, nonce, 15, RANDOM, 32, at,
                                          &mine),
             WZ_INVALID_LENGTH);
    CHECK_RC(wz_verification_builder_sign(b, terminal, sealing, 32, nonce, 16, RANDOM, 31, at,
                                          &mine),
             WZ_INVALID_LENGTH);
    CHECK(mine == SENTINEL);
    CHECK_RC(wz_verification_builder_sign(b, terminal, sealing, 32, nonce, 16, RANDOM, 32, at,
                                          &mine),
             WZ_OK);
    /* The vectors' receipt answers another request: well-formed, but not this one. */
    r = SENTINEL;
    CHECK_RC(wz_verifier_verify_receipt(v, receipt.data, receipt.len, wz_bytes_data(mine),
                                        wz_bytes_len(mine), at, &r),
             WZ_RECEIPT_MISMATCH);
    CHECK(r == SENTINEL);
    wz_bytes_free(mine);

    /* An interactive presentation travels with its request; the request itself is checked by
     * the service, not here. A failing terminal key fails the signature. */
    CHECK_RC(wz_verification_builder_set_presentation_request(b, preq.data, preq.len), WZ_OK);
    proxy px = {terminal, 0, 1};
    wz_signer *failing = NULL;
    CHECK_RC(wz_signer_from_callback(wz_signer_public_key(terminal), 32, proxy_sign, &px, &failing),
             WZ_OK);
    mine = SENTINEL;
    CHECK_RC(wz_verification_builder_sign(b, failing, sealing, 32, nonce, 16, RANDOM, 32, at,
                                          &mine),
             WZ_SIGNER_FAILED);
    CHECK(mine == SENTINEL && px.calls == 1);
    wz_signer_free(failing);
    wz_verification_builder_free(b);

    /* The verifier id is checked when signing; the credential alone needs no evidence. */
    wz_verification_builder *plain = NULL;
    CHECK_RC(wz_verification_builder_new(pres.data, pres.len, "", &plain), WZ_OK);
    CHECK_RC(wz_verification_builder_sign(plain, terminal, sealing, 32, nonce, 16, RANDOM, 32, at,
                                          &mine),
             WZ_INVALID_ARGUMENT);
    wz_verification_builder_free(plain);
    CHECK_RC(wz_verification_builder_new(pres.data, pres.len, "bank.example/counter-7", &plain),
             WZ_OK);
    CHECK_RC(wz_verification_builder_sign(plain, terminal, sealing, 32, nonce, 16, RANDOM, 32, at,
                                          &mine),
             WZ_OK);
    wz_bytes_free(mine);
    wz_verification_builder_free(plain);
    wz_verification_builder_free(NULL);

    wz_signer_free(terminal);
    wz_verifier_free(v);
    unload(&pres);
    unload(&receipt);
    unload(&request);
    unload(&face);
    unload(&preq);
}

/* --- every status code -------------------------------------------------------------------- */

static void test_every_status_code_was_returned(void) {
    for (size_t i = 0; i < STATUS_COUNT; i++) {
        wz_status s = STATUSES[i].status;
        if (!seen_status[s]) {
            fprintf(stderr, "  FAIL [%s]: no test saw %s\n", current_test, STATUSES[i].name);
            checks_failed++;
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s VECTORS_DIR CASES_FILE\n", argv[0]);
        return 2;
    }
    vectors_dir = argv[1];
    printf("wangzheng %s (header %s)\n", wz_version(), WZ_VERSION);
    run_test("version", test_version);
    run_test("status names and classes", test_status_names_and_classes);
    run_test("last error is per thread", test_last_error_is_per_thread);
    run_test("panic boundary", test_panic_boundary);
    run_test("NULL handles", test_null_handles);
    run_test("policy", test_policy);
    run_test("verifier construction", test_verifier_new);
    run_test("trust list update", test_trust_list_update);
    run_test("status list load", test_status_list_load);
    run_vector_cases(argv[2]);
    run_test("verify arguments", test_verify_arguments);
    run_test("truncated and corrupted presentations", test_truncated_and_corrupted);
    run_test("verdict accessors", test_verdict_accessors);
    run_test("replay cache", test_replay_cache);
    run_test("batch", test_batch);
    run_test("presentation requests", test_requests);
    run_test("qr text", test_qr);
    run_test("issuance", test_issuance);
    run_test("person records and extras", test_person);
    run_test("issue options", test_issue_options);
    run_test("respond and verify response", test_respond_and_verify_response);
    run_test("status lists made in C", test_status_lists_from_c);
    run_test("present arguments", test_present_arguments);
    run_test("trust lists made in C", test_trust_list_builder);
    run_test("signers", test_signers);
    run_test("wallet store", test_wallet_store);
    run_test("threads", test_threads);
    run_test("lifetimes and reuse", test_lifetimes_and_reuse);
    run_test("online verification", test_online);
    run_test("every status code was returned", test_every_status_code_was_returned);
    printf("%d passed, %d failed\n", tests_passed, tests_failed);
    return tests_failed == 0 ? 0 : 1;
}
