# Shared helpers for the .ci scripts (sourced, not run).

step() { printf '\n==> %s\n' "$*"; }

# Installs the Debian packages the demo and the tests need (and any named as arguments, e.g. the bench's strace),
# only when something is missing.
# Prosody and ejabberd: the XMPP servers (the integration tests run against each; ejabberd keeps pubsub in SQLite:
# erlang-p1-sqlite3, sqlite3); socat: serial pty pairs;
# python3-pymodbus: an independent Modbus RTU slave; python3-slixmpp: an independent XMPP client;
# cmake/gcc-arm-none-eabi: the firmware builds; openssl: throwaway CAs.
# The tests add (EDGE_TEST_APT_PACKAGES): the linux-arm64 cross build (clang-14 as the driver, Debian's aarch64
# toolchain) and qemu-user to run it; lintian and file for the Debian packages; chromium (headless) and the reference
# Prometheus parser for the status page's tests.
EDGE_TEST_APT_PACKAGES="clang-14 gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu qemu-user lintian file chromium python3-prometheus-client"
EDGE_APT_PACKAGES="prosody ejabberd erlang-p1-sqlite3 sqlite3 socat python3-pymodbus python3-serial-asyncio python3-slixmpp cmake openssl gcc-arm-none-eabi libnewlib-arm-none-eabi"

ensure_packages() {
  local missing=()
  for p in $EDGE_APT_PACKAGES "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    step "installing ${missing[*]}"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=120 install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
      || { echo "apt-get install ${missing[*]} failed"; return 1; }
  fi
  # Debian starts a system-wide Prosody and ejabberd after install where an init system runs; ours are private, on
  # other ports (and our ejabberd nodes use no epmd).
  command -v dotnet >/dev/null || { echo "dotnet SDK not found on PATH"; return 1; }
}
