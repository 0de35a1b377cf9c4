/* The virtual MCU's scenario reader. */
#include <stdio.h>

#include "harness.h"
#include "scenario.h"

static const char *dir;

static void load_E2eScenario_ReadsChannelsEventsAndFaults(void)
{
    static scenario sc;
    char path[1024];
    snprintf(path, sizeof path, "%s/e2e.scenario", dir);
    CHECK_EQ_INT(scenario_load(&sc, path), 0);
    CHECK_EQ_INT(sc.device.device_id, 0xBEEF);
    CHECK_EQ_INT(sc.device.channel_count, 4);
    CHECK_EQ_INT(sc.channels[3].zero, 2730);
    CHECK_EQ_STR(sc.channels[3].unit, "\xC2\xB0" "C");
    CHECK_EQ_STR(sc.channels[2].unit, "");
    CHECK_EQ_INT(sc.fault_count, 6);
    CHECK_EQ_INT(sc.faults[0].frame_type, FB_T_READING);
    CHECK_EQ_INT(sc.faults[0].n, 5);
    CHECK_EQ_INT(sc.faults[5].frame_type, FB_T_ACK);
    CHECK(sc.event_count > 300);
}

static void load_BrokenFiles_Fail(void)
{
    static scenario sc;
    static const char *const bad[] = {
        "channel analog 5 2 0 1 1 V x\n",           /* period below 10 ms */
        "channel analog 100 2 0 1 0 V x\n",         /* den 0 */
        "channel analog 100 2 0 1 1 V\n",           /* missing name */
        "channel analog 100 2 0 1 1 V x\nat 10 adc 0 1\nat 5 adc 0 2\n", /* time goes back */
        "channel analog 100 2 0 1 1 V x\nat 10 adc 1 1\n",               /* no channel 1 */
        "fault reading 5 explode\n",
        "frobnicate\n",
    };
    size_t i;
    CHECK_EQ_INT(scenario_load(&sc, "/nonexistent/scenario"), -1);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        /* ctest runs in the build directory: the files go there, never into the source tree. */
        const char *path = "test_scenario_bad.txt";
        FILE *fp = fopen(path, "w");
        CHECK(fp != NULL);
        if (fp == NULL) {
            return;
        }
        fputs(bad[i], fp);
        fclose(fp);
        fprintf(stderr, "(expecting an error) ");
        CHECK_EQ_INT(scenario_load(&sc, path), -1);
        remove(path);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_scenario path/to/scenarios\n");
        return 2;
    }
    dir = argv[1];
    RUN(load_E2eScenario_ReadsChannelsEventsAndFaults);
    RUN(load_BrokenFiles_Fail);
    return fb_test_result();
}
