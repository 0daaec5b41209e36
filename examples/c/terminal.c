/*
 * A verifier terminal: checks one presentation (a scanned QR code or a file) against the
 * authority's pinned root key, its trust list, status lists and a policy, and prints the
 * verdict. Copy it as the start of a real terminal program.
 *
 *   terminal --root HEX --trust-list FILE [--status-list FILE]... [--min-level light|upgraded]
 *            [--require ATTRIBUTE]... [--audience ID] [--max-age SECONDS]
 *            [--accept-undetermined] [--now UNIX_SECONDS] [PRESENTATION | -]
 *
 * The presentation is read from the file, or from standard input when it is "-" or absent; it
 * may be raw bytes or the QR text form ("WZ1:..."). Exit status: 0 accepted, 1 refused, 2 usage
 * or configuration error.
 *
 * Build (after `bash scripts/install-c.sh --prefix /opt/wangzheng`):
 *   cc -std=c11 -o terminal terminal.c \
 *      $(PKG_CONFIG_PATH=/opt/wangzheng/lib/pkgconfig pkg-config --cflags --libs wangzheng) \
 *      -Wl,-rpath,/opt/wangzheng/lib
 */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include <wangzheng.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_LISTS 8

/* Reads a whole file ("-" is standard input) into a malloc'd buffer. */
static int read_all(const char *path, uint8_t **out, size_t *out_len) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "terminal: cannot open %s\n", path);
        return 0;
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    size_t n;
    while (buf != NULL && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            uint8_t *bigger = realloc(buf, cap *= 2);
            if (bigger == NULL) {
                free(buf);
                buf = NULL;
            }
            buf = bigger;
        }
    }
    if (f != stdin) {
        fclose(f);
    }
    if (buf == NULL) {
        fprintf(stderr, "terminal: out of memory reading %s\n", path);
        return 0;
    }
    *out = buf;
    *out_len = len;
    return 1;
}

static int parse_hex32(const char *hex, uint8_t out[32]) {
    if (strlen(hex) != 64) {
        return 0;
    }
    for (int i = 0; i < 32; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
            return 0;
        }
        out[i] = (uint8_t)v;
    }
    return 1;
}

static void print_time(const char *label, uint64_t t) {
    time_t tt = (time_t)t;
    struct tm tm;
    char text[32];
    gmtime_r(&tt, &tm);
    strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    printf("  %-12s %s\n", label, text);
}

/* What a terminal does about a refusal depends on its class, not on each code. */
static const char *advice(wz_status rc) {
    switch (wz_status_class(rc)) {
    case WZ_ERROR_CLASS_MALFORMED:
        return "not a readable credential: scan again";
    case WZ_ERROR_CLASS_UNSUPPORTED:
        return "made by a newer format: update the terminal";
    case WZ_ERROR_CLASS_INVALID:
        return "refuse the credential";
    default:
        return "terminal error";
    }
}

static void usage(void) {
    fprintf(stderr,
            "usage: terminal --root HEX --trust-list FILE [--status-list FILE]...\n"
            "                [--min-level light|upgraded] [--require ATTRIBUTE]...\n"
            "                [--audience ID] [--max-age SECONDS] [--accept-undetermined]\n"
            "                [--now UNIX_SECONDS] [PRESENTATION | -]\n");
}

static void print_verdict(const wz_verdict *verdict) {
    const uint8_t *id = wz_verdict_credential_id(verdict);
    const char *check = "not published";
    switch (wz_verdict_status_check(verdict)) {
    case WZ_STATUS_CHECK_GOOD:
        check = "good";
        break;
    case WZ_STATUS_CHECK_UNDETERMINED:
        check = "undetermined (accepted by policy)";
        break;
    default:
        break;
    }
    printf("ACCEPTED\n");
    printf("  %-12s %s\n", "level",
           wz_verdict_level(verdict) == WZ_LEVEL_UPGRADED ? "upgraded" : "light");
    printf("  %-12s ", "credential");
    for (int i = 0; i < WZ_CREDENTIAL_ID_LEN; i++) {
        printf("%02x", id[i]);
    }
    printf("\n  %-12s %llu\n", "generation", (unsigned long long)wz_verdict_generation(verdict));
    print_time("expires", wz_verdict_expires_at(verdict));
    printf("  %-12s %s\n", "status", check);
    size_t n = wz_verdict_attribute_count(verdict);
    if (n == 0) {
        printf("  disclosed    nothing (a real-name-verified person)\n");
    }
    for (size_t i = 0; i < n; i++) {
        const wz_attribute *a = wz_verdict_attribute_at(verdict, i);
        size_t len = 0;
        const char *text = wz_attribute_text(a, &len);
        /* Print the exact length: a text value may contain a NUL. */
        printf("  %-12s %.*s\n", wz_attribute_name(a), (int)len, text);
    }
}

int main(int argc, char **argv) {
    const char *root_hex = NULL, *trust_path = NULL, *input = "-";
    const char *lists[MAX_LISTS];
    int n_lists = 0, exit_code = 2;
    uint64_t now = (uint64_t)time(NULL);
    wz_policy *policy = NULL;
    wz_verifier *verifier = NULL;
    wz_verdict *verdict = NULL;
    wz_bytes *decoded = NULL;
    uint8_t *trust = NULL, *presentation = NULL;
    size_t trust_len = 0, presentation_len = 0;
    uint8_t root[WZ_PUBLIC_KEY_LEN];
    wz_status rc;

    if (strcmp(wz_version(), WZ_VERSION) != 0) {
        fprintf(stderr, "terminal: built for wangzheng %s, running with %s\n", WZ_VERSION,
                wz_version());
        return 2;
    }
    if (wz_policy_new(&policy) != WZ_OK) {
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        rc = WZ_OK;
        if (strcmp(a, "--root") == 0 && v) {
            root_hex = v, i++;
        } else if (strcmp(a, "--trust-list") == 0 && v) {
            trust_path = v, i++;
        } else if (strcmp(a, "--status-list") == 0 && v && n_lists < MAX_LISTS) {
            lists[n_lists++] = v, i++;
        } else if (strcmp(a, "--require") == 0 && v) {
            rc = wz_policy_require(policy, v), i++;
        } else if (strcmp(a, "--min-level") == 0 && v) {
            i++;
            rc = wz_policy_set_min_level(policy, strcmp(v, "upgraded") == 0 ? WZ_LEVEL_UPGRADED
                                                 : strcmp(v, "light") == 0  ? WZ_LEVEL_LIGHT
                                                                            : 0);
        } else if (strcmp(a, "--audience") == 0 && v) {
            rc = wz_policy_set_audience(policy, v), i++;
        } else if (strcmp(a, "--max-age") == 0 && v) {
            rc = wz_policy_set_max_age(policy, strtoull(v, NULL, 10)), i++;
        } else if (strcmp(a, "--accept-undetermined") == 0) {
            rc = wz_policy_set_accept_undetermined_status(policy, true);
        } else if (strcmp(a, "--now") == 0 && v) {
            now = strtoull(v, NULL, 10), i++;
        } else if (a[0] != '-' || strcmp(a, "-") == 0) {
            input = a;
        } else {
            usage();
            goto done;
        }
        if (rc != WZ_OK) {
            fprintf(stderr, "terminal: %s %s: %s\n", a, v ? v : "", wz_last_error_message());
            goto done;
        }
    }
    if (root_hex == NULL || trust_path == NULL) {
        usage();
        goto done;
    }
    if (!parse_hex32(root_hex, root)) {
        fprintf(stderr, "terminal: --root must be 64 hex digits\n");
        goto done;
    }

    /* Configuration: the pinned root key, its trust list, the issuers' status lists. */
    if (!read_all(trust_path, &trust, &trust_len)) {
        goto done;
    }
    rc = wz_verifier_new(policy, root, sizeof root, trust, trust_len, &verifier);
    if (rc != WZ_OK) {
        fprintf(stderr, "terminal: trust list %s: %s (%s)\n", trust_path, wz_status_name(rc),
                wz_last_error_message());
        goto done;
    }
    for (int i = 0; i < n_lists; i++) {
        uint8_t *list = NULL;
        size_t list_len = 0;
        if (!read_all(lists[i], &list, &list_len)) {
            goto done;
        }
        rc = wz_verifier_update_status_list(verifier, list, list_len, now, NULL);
        free(list);
        if (rc != WZ_OK) {
            /* A terminal keeps working without a status list; the policy decides what an
             * undetermined status means. */
            fprintf(stderr, "terminal: status list %s not loaded: %s (%s)\n", lists[i],
                    wz_status_name(rc), wz_last_error_message());
        }
    }

    /* The presentation: QR text or raw bytes. */
    if (!read_all(input, &presentation, &presentation_len)) {
        goto done;
    }
    const uint8_t *bytes = presentation;
    size_t len = presentation_len;
    if (wz_qr_is_text(presentation, presentation_len)) {
        rc = wz_qr_decode(presentation, presentation_len, &decoded);
        if (rc != WZ_OK) {
            printf("REFUSED %s (code %u): %s\n  %s\n", wz_status_name(rc), (unsigned)rc,
                   wz_last_error_message(), advice(rc));
            exit_code = 1;
            goto done;
        }
        bytes = wz_bytes_data(decoded);
        len = wz_bytes_len(decoded);
    }

    rc = wz_verifier_verify(verifier, bytes, len, now, NULL, &verdict);
    if (rc == WZ_OK) {
        print_verdict(verdict);
        exit_code = 0;
    } else {
        printf("REFUSED %s (code %u): %s\n  %s\n", wz_status_name(rc), (unsigned)rc,
               wz_last_error_message(), advice(rc));
        exit_code = 1;
    }

done:
    wz_verdict_free(verdict);
    wz_bytes_free(decoded);
    wz_verifier_free(verifier);
    wz_policy_free(policy);
    free(trust);
    free(presentation);
    return exit_code;
}
