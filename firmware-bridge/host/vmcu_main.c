/*
 * edge-vmcu: the firmware core on a host, speaking the protocol on a serial device (a pty), driven by a scenario.
 *
 *   edge-vmcu [-s scenario] [-d duration_ms] [-v] /path/to/tty
 *
 * The HAL below is the "board": inputs come from the scenario's timeline, outputs are remembered, the UART is the
 * device, and frames leaving the UART can be dropped, corrupted, truncated or duplicated as the scenario says.
 * On exit (SIGTERM, SIGINT, end of duration) it prints its counters to stderr.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "fb/app.h"
#include "fb/hal.h"
#include "frame_text.h"
#include "scenario.h"

static scenario g_sc;
static int g_fd = -1;
static int g_verbose;
static uint32_t g_now;
static struct timespec g_start;
static volatile sig_atomic_t g_stop;

static int32_t g_adc[FB_MAX_CHANNELS];
static uint8_t g_adc_fault[FB_MAX_CHANNELS];
static uint32_t g_pulses[FB_MAX_CHANNELS];
static uint8_t g_gpio[FB_MAX_CHANNELS];
static unsigned g_next_event;
static uint32_t g_sent_by_type[256];
static unsigned long g_faults_applied;
static unsigned long g_tx_dropped_bytes;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

static uint32_t elapsed_ms(void)
{
    struct timespec now;
    long long ms;
    clock_gettime(CLOCK_MONOTONIC, &now);
    ms = (long long)(now.tv_sec - g_start.tv_sec) * 1000LL + (now.tv_nsec - g_start.tv_nsec) / 1000000L;
    return (uint32_t)ms;
}

/* ---- HAL ---- */

size_t fb_hal_uart_read(uint8_t *buf, size_t cap)
{
    ssize_t n = read(g_fd, buf, cap);
    return n > 0 ? (size_t)n : 0;
}

static void write_all(const uint8_t *buf, size_t len)
{
    size_t done = 0;
    int waited = 0;
    while (done < len) {
        ssize_t n = write(g_fd, buf + done, len - done);
        if (n > 0) {
            done += (size_t)n;
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR) && waited < 200) {
            struct pollfd p;
            p.fd = g_fd;
            p.events = POLLOUT;
            p.revents = 0;
            (void)poll(&p, 1, 1);
            waited++;
            continue;
        }
        /* Nobody drains the line: like a real UART, the bytes are gone. */
        g_tx_dropped_bytes += (unsigned long)(len - done);
        return;
    }
}

static sc_fault *find_fault(const uint8_t *buf, size_t len)
{
    uint8_t copy[FB_MAX_WIRE];
    fb_frame f;
    unsigned i;
    uint32_t which;

    if (len < 2 || len > sizeof copy) {
        return NULL;
    }
    memcpy(copy, buf, len);
    if (fb_frame_decode(copy, len - 1, &f, NULL) != FB_OK) {
        return NULL;
    }
    which = ++g_sent_by_type[f.type];
    if (f.type == FB_T_READING) {
        which = f.u.reading.seq;
    }
    if (g_verbose) {
        char text[1024];
        if (fb_frame_format(&f, text, sizeof text) == 0) {
            fprintf(stderr, "edge-vmcu: %6lu ms tx %s\n", (unsigned long)g_now, text);
        }
    }
    for (i = 0; i < g_sc.fault_count; i++) {
        sc_fault *fault = &g_sc.faults[i];
        if (!fault->used && fault->frame_type == f.type && fault->n == which) {
            fault->used = 1;
            return fault;
        }
    }
    return NULL;
}

void fb_hal_uart_write(const uint8_t *buf, size_t len)
{
    sc_fault *fault = find_fault(buf, len);
    uint8_t bad[FB_MAX_WIRE];
    size_t mid;

    if (fault == NULL) {
        write_all(buf, len);
        return;
    }
    g_faults_applied++;
    if (g_verbose) {
        static const char *const names[] = { "drop", "corrupt", "truncate", "duplicate", "oversize_before" };
        fprintf(stderr, "edge-vmcu: fault %s applied\n", names[fault->action]);
    }
    switch (fault->action) {
    case SC_DROP:
        break;
    case SC_CORRUPT:
        memcpy(bad, buf, len);
        mid = len / 2;
        /* Flip one bit without creating a 0x00 (that would split the frame in two). */
        bad[mid] = (uint8_t)(bad[mid] ^ (bad[mid] == 0x10 ? 0x20 : 0x10));
        write_all(bad, len);
        break;
    case SC_TRUNCATE: {
        static const uint8_t delimiter = 0;
        write_all(buf, len / 2);
        write_all(&delimiter, 1);
        break;
    }
    case SC_DUPLICATE:
        write_all(buf, len);
        write_all(buf, len);
        break;
    default: {
        uint8_t noise[301];
        memset(noise, 0x55, sizeof noise - 1);
        noise[sizeof noise - 1] = 0;
        write_all(noise, sizeof noise);
        write_all(buf, len);
        break;
    }
    }
}

int fb_hal_adc_read(uint8_t input, int32_t *raw)
{
    if (input >= FB_MAX_CHANNELS || g_adc_fault[input]) {
        *raw = 0;
        return FB_ST_FAULT;
    }
    *raw = g_adc[input];
    return FB_ST_OK;
}

uint32_t fb_hal_pulse_count(uint8_t input)
{
    return input < FB_MAX_CHANNELS ? g_pulses[input] : 0;
}

void fb_hal_gpio_write(uint8_t pin, uint8_t level)
{
    if (pin < FB_MAX_CHANNELS) {
        if (g_verbose && g_gpio[pin] != level) {
            fprintf(stderr, "edge-vmcu: %6lu ms gpio %u = %u\n", (unsigned long)g_now, pin, level);
        }
        g_gpio[pin] = level;
    }
}

uint32_t fb_hal_millis(void)
{
    return g_now;
}

/* ---- the board ---- */

static void apply_events(void)
{
    while (g_next_event < g_sc.event_count && g_sc.events[g_next_event].at_ms <= g_now) {
        const sc_event *e = &g_sc.events[g_next_event++];
        uint8_t hw = g_sc.channels[e->channel].hw;
        switch (e->kind) {
        case SC_ADC:
            g_adc[hw] = e->value;
            g_adc_fault[hw] = 0;
            break;
        case SC_ADC_FAULT:
            g_adc_fault[hw] = 1;
            break;
        default:
            g_pulses[hw] += (uint32_t)e->value;
            break;
        }
    }
}

static int open_tty(const char *path)
{
    struct termios t;
    int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        perror(path);
        return -1;
    }
    if (tcgetattr(fd, &t) == 0) {
        /* Raw 8N1 by hand (cfmakeraw is not POSIX). */
        t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON | IXOFF);
        t.c_oflag &= ~(tcflag_t)OPOST;
        t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
        t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB | CSTOPB);
        t.c_cflag |= (tcflag_t)(CS8 | CLOCAL | CREAD);
        t.c_cc[VMIN] = 0;
        t.c_cc[VTIME] = 0;
        (void)cfsetispeed(&t, B115200);
        (void)cfsetospeed(&t, B115200);
        (void)tcsetattr(fd, TCSANOW, &t);
    }
    return fd;
}

static void usage(void)
{
    fprintf(stderr, "usage: edge-vmcu [-s scenario] [-d duration_ms] [-v] /path/to/tty\n");
}

int main(int argc, char **argv)
{
    const char *scenario_path = NULL;
    const char *tty = NULL;
    long duration = 0;
    static fb_app app;
    struct sigaction sa;
    int i;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
            scenario_path = argv[++i];
        } else if (strcmp(argv[i], "-d") == 0 && i + 1 < argc) {
            duration = strtol(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "-v") == 0) {
            g_verbose = 1;
        } else if (argv[i][0] != '-' && tty == NULL) {
            tty = argv[i];
        } else {
            usage();
            return 2;
        }
    }
    if (tty == NULL) {
        usage();
        return 2;
    }
    if (scenario_path != NULL) {
        if (scenario_load(&g_sc, scenario_path) != 0) {
            return 2;
        }
    } else {
        scenario_default(&g_sc);
    }
    g_fd = open_tty(tty);
    if (g_fd < 0) {
        return 1;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    clock_gettime(CLOCK_MONOTONIC, &g_start);
    g_now = 0;
    apply_events();
    fb_app_init(&app, &g_sc.device);
    fprintf(stderr, "edge-vmcu: ready on %s, %u channels, %u events, %u faults\n", tty,
        (unsigned)g_sc.device.channel_count, g_sc.event_count, g_sc.fault_count);

    while (!g_stop) {
        struct pollfd p;
        p.fd = g_fd;
        p.events = POLLIN;
        p.revents = 0;
        (void)poll(&p, 1, 1);
        if (p.revents & (POLLHUP | POLLERR)) {
            fprintf(stderr, "edge-vmcu: the line hung up\n");
            break;
        }
        g_now = elapsed_ms(); /* latched: one tick value per turn, so samples and events agree */
        if (duration > 0 && g_now >= (uint32_t)duration) {
            break;
        }
        apply_events();
        fb_app_poll(&app);
    }

    fprintf(stderr,
        "edge-vmcu: stats rx_frames=%lu cobs=%lu runt=%lu crc=%lu oversize=%lu unknown=%lu malformed=%lu "
        "faults_applied=%lu tx_dropped_bytes=%lu\n",
        (unsigned long)app.rx.stats.frames, (unsigned long)app.rx.stats.cobs, (unsigned long)app.rx.stats.runt,
        (unsigned long)app.rx.stats.crc, (unsigned long)app.rx.stats.oversize, (unsigned long)app.rx.stats.unknown,
        (unsigned long)app.rx.stats.malformed, g_faults_applied, g_tx_dropped_bytes);
    close(g_fd);
    return 0;
}
