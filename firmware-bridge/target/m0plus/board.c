/*
 * A minimal board for the Cortex-M0+ build: the HAL over STM32G0-style registers (USART2 polled, SysTick 1 ms,
 * GPIOA outputs, EXTI pulse inputs, an ADC stub) and main(). It proves the core fits and links; the register
 * details are the part a real port would check against its reference manual.
 */
#include <stdint.h>

#include "fb/app.h"
#include "fb/hal.h"

#define REG(addr) (*(volatile uint32_t *)(addr))

#define SYST_CSR REG(0xE000E010u)
#define SYST_RVR REG(0xE000E014u)
#define SYST_CVR REG(0xE000E018u)

#define USART2_BASE 0x40004400u
#define USART_ISR REG(USART2_BASE + 0x1Cu)
#define USART_RDR REG(USART2_BASE + 0x24u)
#define USART_TDR REG(USART2_BASE + 0x28u)
#define USART_ISR_RXNE (1u << 5)
#define USART_ISR_TXE (1u << 7)

#define GPIOA_BSRR REG(0x50000018u)
#define EXTI_RPR1 REG(0x4002180Cu)

#define CORE_HZ 16000000u /* HSI16 after reset */

static volatile uint32_t g_ms;
static volatile uint32_t g_pulses[2];

void fb_systick_handler(void);
void fb_exti_handler(void);

void fb_systick_handler(void)
{
    g_ms++;
}

/* S0 pulse inputs on EXTI lines 4 and 5. */
void fb_exti_handler(void)
{
    uint32_t pending = EXTI_RPR1;
    if (pending & (1u << 4)) {
        g_pulses[0]++;
    }
    if (pending & (1u << 5)) {
        g_pulses[1]++;
    }
    EXTI_RPR1 = pending & ((1u << 4) | (1u << 5));
}

size_t fb_hal_uart_read(uint8_t *buf, size_t cap)
{
    size_t n = 0;
    while (n < cap && (USART_ISR & USART_ISR_RXNE)) {
        buf[n++] = (uint8_t)USART_RDR;
    }
    return n;
}

void fb_hal_uart_write(const uint8_t *buf, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        while (!(USART_ISR & USART_ISR_TXE)) {
        }
        USART_TDR = buf[i];
    }
}

int fb_hal_adc_read(uint8_t input, int32_t *raw)
{
    /* Stub: a real port starts a conversion on channel `input` and waits for EOC. */
    *raw = (int32_t)(input * 100u);
    return FB_ST_OK;
}

uint32_t fb_hal_pulse_count(uint8_t input)
{
    return input < 2 ? g_pulses[input] : 0;
}

void fb_hal_gpio_write(uint8_t pin, uint8_t level)
{
    GPIOA_BSRR = level ? (1u << pin) : (1u << (pin + 16u));
}

uint32_t fb_hal_millis(void)
{
    return g_ms;
}

static const fb_channel_config channels[] = {
    { FB_KIND_ANALOG, 0, 2, 1000, 0, 330, 409500, "V", "supply" },
    { FB_KIND_ANALOG, 1, 1, 1000, 2730, 1, 10, "\xC2\xB0" "C", "board_temp" },
    { FB_KIND_COUNTER, 0, 0, 1000, 0, 1000, 800, "Wh", "energy" },
    { FB_KIND_OUTPUT, 6, 0, 1000, 0, 1, 1, "", "relay" },
};

static const fb_device_config device = { 0x00000001u, 1, 0, "edge-m0", 4, channels };

static fb_app app;

int main(void)
{
    SYST_RVR = CORE_HZ / 1000u - 1u;
    SYST_CVR = 0;
    SYST_CSR = 7u; /* processor clock, interrupt, enable */
    fb_app_init(&app, &device);
    for (;;) {
        fb_app_poll(&app);
    }
}
