/* A tiny test harness: CHECK records a failure and goes on; main returns fb_test_result(). */
#ifndef FB_HARNESS_H
#define FB_HARNESS_H

#include <stdio.h>
#include <string.h>

static int fb_test_failures;
static int fb_test_checks;

#define CHECK(cond)                                                                                               \
    do {                                                                                                          \
        fb_test_checks++;                                                                                         \
        if (!(cond)) {                                                                                            \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);                            \
            fb_test_failures++;                                                                                   \
        }                                                                                                         \
    } while (0)

#define CHECK_EQ_INT(actual, expected)                                                                            \
    do {                                                                                                          \
        long long a_ = (long long)(actual);                                                                       \
        long long e_ = (long long)(expected);                                                                     \
        fb_test_checks++;                                                                                         \
        if (a_ != e_) {                                                                                           \
            fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #actual, a_, e_);          \
            fb_test_failures++;                                                                                   \
        }                                                                                                         \
    } while (0)

#define CHECK_EQ_STR(actual, expected)                                                                            \
    do {                                                                                                          \
        const char *a_ = (actual);                                                                                \
        const char *e_ = (expected);                                                                              \
        fb_test_checks++;                                                                                         \
        if (strcmp(a_, e_) != 0) {                                                                                \
            fprintf(stderr, "%s:%d: %s\n  got:      %s\n  expected: %s\n", __FILE__, __LINE__, #actual, a_, e_); \
            fb_test_failures++;                                                                                   \
        }                                                                                                         \
    } while (0)

#define RUN(test)                                                                                                 \
    do {                                                                                                          \
        int before_ = fb_test_failures;                                                                           \
        test();                                                                                                   \
        fprintf(stderr, "%s %s\n", fb_test_failures == before_ ? "PASS" : "FAIL", #test);                        \
    } while (0)

static int fb_test_result(void)
{
    fprintf(stderr, "%d checks, %d failed\n", fb_test_checks, fb_test_failures);
    return fb_test_failures == 0 ? 0 : 1;
}

#endif
