#include <stddef.h>

#include "fb/app.h"

static size_t bounded_strlen(const char *s, size_t max)
{
    size_t n = 0;
    if (s == NULL) {
        return 0;
    }
    while (n <= max && s[n] != '\0') {
        n++;
    }
    return n;
}

int fb_config_check(const fb_device_config *cfg)
{
    uint8_t i;
    if (cfg->channel_count > FB_MAX_CHANNELS || bounded_strlen(cfg->model, FB_MAX_MODEL) > FB_MAX_MODEL) {
        return -1;
    }
    for (i = 0; i < cfg->channel_count; i++) {
        const fb_channel_config *c = &cfg->channels[i];
        size_t name_len = bounded_strlen(c->name, FB_MAX_NAME);
        if (c->kind < FB_KIND_ANALOG || c->kind > FB_KIND_OUTPUT || c->period_ms < FB_MIN_PERIOD_MS || c->den == 0
            || c->decimals > 15 || bounded_strlen(c->unit, FB_MAX_UNIT) > FB_MAX_UNIT || name_len < 1
            || name_len > FB_MAX_NAME) {
            return -1;
        }
    }
    return 0;
}

