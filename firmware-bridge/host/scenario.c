#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *path, int line, const char *msg)
{
    fprintf(stderr, "%s:%d: %s\n", path, line, msg);
    return -1;
}

static int parse_long(const char *s, long *out)
{
    char *end;
    if (s == NULL) {
        return -1;
    }
    *out = strtol(s, &end, 0);
    return (*end == '\0' && end != s) ? 0 : -1;
}

static int parse_ulong(const char *s, unsigned long *out)
{
    char *end;
    if (s == NULL || s[0] == '-') {
        return -1;
    }
    *out = strtoul(s, &end, 0);
    return (*end == '\0' && end != s) ? 0 : -1;
}

static void copy_text(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) {
        n = cap - 1;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void init(scenario *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->device.device_id = 0xBEEF;
    sc->device.fw_major = 1;
    sc->device.fw_minor = 0;
    copy_text(sc->model, sizeof sc->model, "edge-vmcu");
    sc->device.model = sc->model;
    sc->device.channels = sc->channels;
}

static int add_channel(scenario *sc, uint8_t kind, uint16_t period, uint8_t decimals, int32_t zero, int32_t num,
    uint32_t den, const char *unit, const char *name)
{
    unsigned i = sc->device.channel_count;
    fb_channel_config *c;
    if (i >= FB_MAX_CHANNELS || strlen(unit) > FB_MAX_UNIT || strlen(name) > FB_MAX_NAME) {
        return -1;
    }
    c = &sc->channels[i];
    c->kind = kind;
    c->hw = (uint8_t)i;
    c->period_ms = period;
    c->decimals = decimals;
    c->zero = zero;
    c->num = num;
    c->den = den;
    copy_text(sc->units[i], sizeof sc->units[i], unit);
    copy_text(sc->names[i], sizeof sc->names[i], name);
    c->unit = sc->units[i];
    c->name = sc->names[i];
    sc->device.channel_count++;
    return 0;
}

void scenario_default(scenario *sc)
{
    init(sc);
    (void)add_channel(sc, FB_KIND_ANALOG, 100, 2, 0, 330, 409500, "V", "supply");
    (void)add_channel(sc, FB_KIND_COUNTER, 100, 0, 0, 1000, 800, "Wh", "energy");
    (void)add_channel(sc, FB_KIND_OUTPUT, 100, 0, 0, 1, 1, "", "relay");
}

static int frame_type_of(const char *s, uint8_t *t)
{
    static const struct {
        const char *name;
        uint8_t type;
    } map[] = { { "announce", FB_T_ANNOUNCE }, { "hello_ack", FB_T_HELLO_ACK }, { "channel", FB_T_CHANNEL },
        { "reading", FB_T_READING }, { "ack", FB_T_ACK }, { "nak", FB_T_NAK } };
    size_t i;
    for (i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (strcmp(s, map[i].name) == 0) {
            *t = map[i].type;
            return 0;
        }
    }
    return -1;
}

static int action_of(const char *s, uint8_t *a)
{
    static const char *const names[] = { "drop", "corrupt", "truncate", "duplicate", "oversize_before" };
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(s, names[i]) == 0) {
            *a = (uint8_t)i;
            return 0;
        }
    }
    return -1;
}

int scenario_load(scenario *sc, const char *path)
{
    FILE *fp = fopen(path, "r");
    char line[512];
    int ln = 0;
    uint32_t last_at = 0;

    init(sc);
    if (fp == NULL) {
        perror(path);
        return -1;
    }
    while (fgets(line, sizeof line, fp) != NULL) {
        char *tok[12];
        int n = 0;
        char *p;
        ln++;
        p = strchr(line, '#');
        if (p != NULL) {
            *p = '\0';
        }
        for (p = strtok(line, " \t\r\n"); p != NULL && n < 12; p = strtok(NULL, " \t\r\n")) {
            tok[n++] = p;
        }
        if (n == 0) {
            continue;
        }
        if (strcmp(tok[0], "device") == 0) {
            unsigned long id;
            unsigned major;
            unsigned minor;
            if (n != 4 || parse_ulong(tok[1], &id) != 0 || id > 0xFFFFFFFFul || strlen(tok[2]) > FB_MAX_MODEL
                || sscanf(tok[3], "%u.%u", &major, &minor) != 2 || major > 255 || minor > 255) {
                fclose(fp);
                return fail(path, ln, "expected: device <id> <model> <major>.<minor>");
            }
            sc->device.device_id = (uint32_t)id;
            copy_text(sc->model, sizeof sc->model, tok[2]);
            sc->device.fw_major = (uint8_t)major;
            sc->device.fw_minor = (uint8_t)minor;
        } else if (strcmp(tok[0], "channel") == 0) {
            long period;
            long decimals;
            long zero;
            long num;
            unsigned long den;
            uint8_t kind = 0;
            if (n == 9) {
                kind = strcmp(tok[1], "analog") == 0 ? FB_KIND_ANALOG
                    : strcmp(tok[1], "counter") == 0 ? FB_KIND_COUNTER
                    : strcmp(tok[1], "output") == 0  ? FB_KIND_OUTPUT
                                                     : 0;
            }
            if (n != 9 || kind == 0 || parse_long(tok[2], &period) != 0 || period < 10 || period > 65535
                || parse_long(tok[3], &decimals) != 0 || decimals < 0 || decimals > 15
                || parse_long(tok[4], &zero) != 0 || parse_long(tok[5], &num) != 0 || parse_ulong(tok[6], &den) != 0
                || den == 0
                || add_channel(sc, kind, (uint16_t)period, (uint8_t)decimals, (int32_t)zero, (int32_t)num,
                       (uint32_t)den, strcmp(tok[7], "-") == 0 ? "" : tok[7], tok[8])
                    != 0) {
                fclose(fp);
                return fail(path, ln,
                    "expected: channel <analog|counter|output> <period_ms> <decimals> <zero> <num> <den> <unit|-> "
                    "<name>");
            }
        } else if (strcmp(tok[0], "at") == 0) {
            unsigned long at;
            long ch;
            long value = 0;
            sc_event *e;
            if (n < 4 || parse_ulong(tok[1], &at) != 0 || parse_long(tok[3], &ch) != 0 || ch < 0
                || ch >= (long)sc->device.channel_count || sc->event_count >= SC_MAX_EVENTS || at < last_at) {
                fclose(fp);
                return fail(path, ln, "expected: at <ms, non-decreasing> <adc|adcfault|pulses> <channel> [value]");
            }
            e = &sc->events[sc->event_count];
            e->at_ms = (uint32_t)at;
            e->channel = (uint8_t)ch;
            if (strcmp(tok[2], "adc") == 0 && n == 5 && parse_long(tok[4], &value) == 0) {
                e->kind = SC_ADC;
            } else if (strcmp(tok[2], "adcfault") == 0 && n == 4) {
                e->kind = SC_ADC_FAULT;
            } else if (strcmp(tok[2], "pulses") == 0 && n == 5 && parse_long(tok[4], &value) == 0 && value >= 0) {
                e->kind = SC_PULSES;
            } else {
                fclose(fp);
                return fail(path, ln, "expected: at <ms> adc <ch> <raw> | adcfault <ch> | pulses <ch> <n>");
            }
            e->value = (int32_t)value;
            last_at = e->at_ms;
            sc->event_count++;
        } else if (strcmp(tok[0], "fault") == 0) {
            unsigned long which;
            sc_fault *f = &sc->faults[sc->fault_count];
            if (n != 4 || sc->fault_count >= SC_MAX_FAULTS || frame_type_of(tok[1], &f->frame_type) != 0
                || parse_ulong(tok[2], &which) != 0 || action_of(tok[3], &f->action) != 0) {
                fclose(fp);
                return fail(path, ln,
                    "expected: fault <reading|ack|nak|hello_ack|channel|announce> <seq or ordinal> "
                    "<drop|corrupt|truncate|duplicate|oversize_before>");
            }
            f->n = (uint32_t)which;
            sc->fault_count++;
        } else {
            fclose(fp);
            return fail(path, ln, "unknown directive");
        }
    }
    fclose(fp);
    if (fb_config_check(&sc->device) != 0) {
        return fail(path, ln, "the device configuration breaks a protocol limit");
    }
    return 0;
}
