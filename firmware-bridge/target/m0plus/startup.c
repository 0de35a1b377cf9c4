/* Vector table and reset handler for a Cortex-M0+ (no CMSIS needed). */
#include <stdint.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;

int main(void);
void fb_reset_handler(void);
void fb_default_handler(void);
void fb_systick_handler(void);
void fb_exti_handler(void);

void fb_default_handler(void)
{
    for (;;) {
    }
}

void fb_reset_handler(void)
{
    uint32_t *src = &_sidata;
    uint32_t *dst = &_sdata;
    while (dst < &_edata) {
        *dst++ = *src++;
    }
    for (dst = &_sbss; dst < &_ebss; dst++) {
        *dst = 0;
    }
    (void)main();
    for (;;) {
    }
}

typedef void (*fb_vector)(void);

/* Initial SP, 15 system exceptions, then the external interrupts this board uses (EXTI4_15 is IRQ 7 on a G0). */
__attribute__((section(".vectors"), used)) static const fb_vector vectors[16 + 8] = {
    (fb_vector)(uintptr_t)&_estack,
    fb_reset_handler,
    fb_default_handler, /* NMI */
    fb_default_handler, /* HardFault */
    0, 0, 0, 0, 0, 0, 0,
    fb_default_handler, /* SVCall */
    0, 0,
    fb_default_handler, /* PendSV */
    fb_systick_handler,
    fb_default_handler, fb_default_handler, fb_default_handler, fb_default_handler,
    fb_default_handler, fb_default_handler, fb_default_handler,
    fb_exti_handler,
};
