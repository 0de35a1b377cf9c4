#!/usr/bin/env bash
# Cortex-M0+ build of the firmware core with Debian's gcc-arm-none-eabi + newlib-nano; prints the size report.
#   firmware-bridge/cross-build.sh OUTDIR
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$1
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
CC=${CROSS_CC:-arm-none-eabi-gcc}
SIZE=${CROSS_SIZE:-arm-none-eabi-size}
command -v "$CC" >/dev/null || { echo "$CC not found (Debian: gcc-arm-none-eabi libnewlib-arm-none-eabi)" >&2; exit 1; }

CFLAGS=(-mcpu=cortex-m0plus -mthumb -Os -std=c99 -pedantic -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
        -Wmissing-prototypes -Wconversion -Wno-sign-conversion -ffunction-sections -fdata-sections -ffreestanding -fno-common -g
        -I"$HERE/include")
SOURCES=("$HERE"/src/crc16.c "$HERE"/src/cobs.c "$HERE"/src/frame.c "$HERE"/src/rx.c "$HERE"/src/config.c
         "$HERE"/src/app.c "$HERE"/target/m0plus/startup.c "$HERE"/target/m0plus/board.c)

objs=()
for src in "${SOURCES[@]}"; do
  obj="$OUT/$(basename "${src%.c}").o"
  "$CC" "${CFLAGS[@]}" -c "$src" -o "$obj"
  objs+=("$obj")
done

# newlib-nano only for memcpy/memset; no startup files, no syscalls.
"$CC" -mcpu=cortex-m0plus -mthumb -nostartfiles --specs=nano.specs --specs=nosys.specs \
  -T "$HERE/target/m0plus/link.ld" -Wl,--gc-sections -Wl,-Map="$OUT/edge-fw-m0plus.map" \
  "${objs[@]}" -o "$OUT/edge-fw-m0plus.elf"

echo "Cortex-M0+ firmware: $OUT/edge-fw-m0plus.elf"
"$SIZE" "$OUT/edge-fw-m0plus.elf"
read -r text data bss _ < <("$SIZE" "$OUT/edge-fw-m0plus.elf" | tail -n 1)
echo "flash: $((text + data)) bytes (text $text + data $data); RAM: $((data + bss)) bytes (data $data + bss $bss, incl. the 1536-byte stack link.ld reserves)"
