/* The virtual MCU's scenario file: device, channels, input values over time, fault injection (README.md). */
#ifndef FB_SCENARIO_H
#define FB_SCENARIO_H

#include <stdint.h>

#include "fb/app.h"

#define SC_MAX_EVENTS 512
#define SC_MAX_FAULTS 64

enum sc_event_kind { SC_ADC, SC_ADC_FAULT, SC_PULSES };

enum sc_action { SC_DROP, SC_CORRUPT, SC_TRUNCATE, SC_DUPLICATE, SC_OVERSIZE_BEFORE };

typedef struct {
    uint32_t at_ms;
    uint8_t kind;
    uint8_t channel;
    int32_t value;
} sc_event;

typedef struct {
    uint8_t frame_type; /* an fb_type */
    uint32_t n;         /* READING: its seq; other types: 1-based ordinal since start */
    uint8_t action;
    uint8_t used;
} sc_fault;

typedef struct {
    fb_device_config device;
    fb_channel_config channels[FB_MAX_CHANNELS];
    char model[FB_MAX_MODEL + 1];
    char units[FB_MAX_CHANNELS][FB_MAX_UNIT + 1];
    char names[FB_MAX_CHANNELS][FB_MAX_NAME + 1];
    sc_event events[SC_MAX_EVENTS];
    unsigned event_count;
    sc_fault faults[SC_MAX_FAULTS];
    unsigned fault_count;
} scenario;

/* Loads a scenario. Returns 0, or -1 after printing "file:line: message" to stderr. */
int scenario_load(scenario *sc, const char *path);

/* The default scenario when no file is given: three channels, constant inputs, no faults. */
void scenario_default(scenario *sc);

#endif
