/*
 * Reads vectors/frames.txt (PROTOCOL.md section 6): feeds each vector's wire bytes through the receiver, compares
 * the sequence of decoded frames / errors with the expected lines, and re-encodes every decoded frame to check it
 * gives back its exact wire bytes.
 */
#include <stdlib.h>

#include "fb/rx.h"
#include "frame_text.h"
#include "harness.h"

#define MAX_WIRE 4096
#define MAX_EXPECT 16

typedef struct {
    char name[128];
    uint8_t wire[MAX_WIRE];
    size_t wire_len;
    char expect[MAX_EXPECT][1024];
    int expect_count;
} vector;

static int vectors_run;

static int parse_hex(const char *s, uint8_t *out, size_t cap, size_t *len)
{
    size_t n = 0;
    while (*s != '\0') {
        char *end;
        unsigned long v;
        while (*s == ' ' || *s == '\t') {
            s++;
        }
        if (*s == '\0' || *s == '\n' || *s == '\r') {
            break;
        }
        v = strtoul(s, &end, 16);
        if (end == s || v > 0xFF || n >= cap) {
            return -1;
        }
        out[n++] = (uint8_t)v;
        s = end;
    }
    *len = n;
    return 0;
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r')) {
        s[--n] = '\0';
    }
}

static void run_vector(const vector *v)
{
    fb_rx rx;
    fb_frame f;
    size_t i;
    size_t start = 0;
    int got = 0;
    int failures_before = fb_test_failures;
    char text[1100];

    vectors_run++;
    fb_rx_init(&rx);
    for (i = 0; i < v->wire_len; i++) {
        int r = fb_rx_push(&rx, v->wire[i], &f);
        if (v->wire[i] == 0) {
            if (r == FB_OK) {
                uint8_t scratch[FB_MAX_FRAME];
                uint8_t wire[FB_MAX_WIRE];
                size_t n = fb_frame_encode(&f, scratch, wire, sizeof wire);
                size_t seg = i + 1 - start;
                CHECK(n == seg && memcmp(wire, v->wire + start, n) == 0);
            }
            start = i + 1;
        }
        if (r == FB_PENDING) {
            continue;
        }
        if (r == FB_OK) {
            char body[1024];
            CHECK_EQ_INT(fb_frame_format(&f, body, sizeof body), 0);
            snprintf(text, sizeof text, "frame: %s", body);
        } else {
            snprintf(text, sizeof text, "error: %s", fb_result_name(r));
        }
        if (got < v->expect_count) {
            CHECK_EQ_STR(text, v->expect[got]);
        } else {
            fprintf(stderr, "unexpected extra result: %s\n", text);
            CHECK(got < v->expect_count);
        }
        got++;
    }
    CHECK_EQ_INT(got, v->expect_count);
    if (fb_test_failures != failures_before) {
        fprintf(stderr, "  in vector %s\n", v->name);
    }
}

int main(int argc, char **argv)
{
    static vector v;
    static char line[16384];
    FILE *fp;
    int have = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: test_vectors path/to/frames.txt\n");
        return 2;
    }
    fp = fopen(argv[1], "r");
    if (fp == NULL) {
        perror(argv[1]);
        return 2;
    }
    while (fgets(line, sizeof line, fp) != NULL) {
        chomp(line);
        if (strncmp(line, "name: ", 6) == 0) {
            if (have) {
                run_vector(&v);
            }
            memset(&v, 0, sizeof v);
            {
                size_t len = strlen(line + 6);
                if (len >= sizeof v.name) {
                    len = sizeof v.name - 1;
                }
                memcpy(v.name, line + 6, len);
                v.name[len] = '\0';
            }
            have = 1;
        } else if (strncmp(line, "wire: ", 6) == 0) {
            CHECK_EQ_INT(parse_hex(line + 6, v.wire, sizeof v.wire, &v.wire_len), 0);
        } else if (strncmp(line, "frame: ", 7) == 0 || strncmp(line, "error: ", 7) == 0) {
            CHECK(v.expect_count < MAX_EXPECT);
            if (v.expect_count < MAX_EXPECT) {
                size_t len = strlen(line);
                if (len >= sizeof v.expect[0]) {
                    len = sizeof v.expect[0] - 1;
                }
                memcpy(v.expect[v.expect_count], line, len);
                v.expect[v.expect_count++][len] = '\0';
            }
        }
    }
    fclose(fp);
    if (have) {
        run_vector(&v);
    }
    fprintf(stderr, "%d vectors\n", vectors_run);
    CHECK(vectors_run >= 40);
    return fb_test_result();
}
