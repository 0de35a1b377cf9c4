#!/usr/bin/env bash
# A private, loopback-only Prosody 0.12 in a folder of its own: throwaway CAs, config, accounts, data, log, pid.
# The one implementation of that setup: the demo script and the C# fixture (tests/Edge.Testing/Prosody) both call it.
# It never touches the system Prosody (/etc/prosody, /var/lib/prosody, port 5222).
#
#   .ci/prosody.sh start DIR [--c2s-port N] [--domain D]   create DIR (if new) and start; prints PORT=, DIR=, DOMAIN=
#   .ci/prosody.sh stop DIR                                SIGTERM, SIGKILL after 10 s; DIR and its data stay
#   .ci/prosody.sh restart DIR                             stop, then start again: same port, same data
#   .ci/prosody.sh register DIR USER PASSWORD              create an account (prosodyctl; works while running)
#
# start on a DIR that was set up before starts it again as it was (same port, domain, data); the options must
# then be absent or agree. Port 0 or no --c2s-port: the first free port from 15222 upward, reserved for DIR
# until DIR is deleted, so a restart finds it again and parallel instances never share one.
# Environment: EDGE_ACCOUNTS="user:pass ..." replaces the default accounts (agent, backend, admin);
# EDGE_PROSODY_DEBUG=1 logs at debug level; EDGE_PUBSUB_MAX_ITEMS=N raises the pubsub service's per-node item cap
# (default 1000; the replay benchmark keeps 3,600 items per node); EDGE_PUBSUB_STORAGE=memory keeps pubsub items in
# memory instead of the file store (Prosody 0.12's internal store rewrites a node's whole item list on every publish).
# Progress and errors go to stderr; stdout carries only KEY=value lines.
set -euo pipefail

readonly START_TIMEOUT_SECONDS=20
readonly STOP_TIMEOUT_SECONDS=10
readonly FIRST_PORT=15222
readonly LAST_PORT=15999
readonly DEFAULT_ACCOUNTS="agent:agent-secret backend:backend-secret admin:admin-secret"

die() { echo "prosody.sh: $*" >&2; exit 1; }
say() { echo "prosody.sh: $*" >&2; }

usage() {
  sed -n '6,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

need_prosody() {
  command -v prosody >/dev/null 2>&1 && command -v prosodyctl >/dev/null 2>&1 \
    || die "prosody/prosodyctl not found on PATH (Debian package 'prosody', Prosody 0.12); install it, e.g. apt-get install prosody"
  command -v openssl >/dev/null 2>&1 || die "openssl not found on PATH"
}

# Lua string literal for a value (config paths and names).
lua_str() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

port_reservations() { echo "${TMPDIR:-/tmp}/edge-prosody-ports"; }

# True when something accepts connections on 127.0.0.1:$1.
port_listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# True when 127.0.0.1:$1 can be bound now (nothing listening or bound there).
port_bindable() {
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$1" <<'EOF' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.close()
EOF
  else
    ! port_listening "$1"
  fi
}

# A reservation is live while the folder it names exists (the fixture deletes it on dispose).
reservation_live() {
  local file=$1 owner
  owner=$(cat "$file" 2>/dev/null) || return 1
  [ -n "$owner" ] && [ -d "$owner" ]
}

# Picks a free port, records DIR against it. Serialised across processes with flock.
reserve_port() {
  local dir=$1 requested=$2 res port
  res=$(port_reservations)
  mkdir -p "$res"
  exec 9>"$res/.lock"
  flock -w 30 9 || die "could not lock $res/.lock"
  if [ "$requested" != 0 ]; then
    port=$requested
    if [ -f "$res/$port" ] && reservation_live "$res/$port" && [ "$(cat "$res/$port")" != "$dir" ]; then
      die "port $port is reserved by $(cat "$res/$port")"
    fi
    port_bindable "$port" || die "port $port on 127.0.0.1 is in use"
  else
    port=""
    for ((p = FIRST_PORT; p <= LAST_PORT; p++)); do
      if [ -f "$res/$p" ] && reservation_live "$res/$p"; then continue; fi
      if port_bindable "$p"; then port=$p; break; fi
    done
    [ -n "$port" ] || die "no free port in $FIRST_PORT..$LAST_PORT"
  fi
  echo "$dir" >"$res/$port"
  flock -u 9
  exec 9>&-
  echo "$port"
}

make_certificates() {
  local dir=$1 domain=$2
  (
    cd "$dir"
    umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -sha256 \
      -keyout ca.key -out ca.pem -subj "/CN=Edge throwaway test CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -sha256 \
      -keyout other-ca.key -out other-ca.pem -subj "/CN=Edge unrelated test CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -new -newkey rsa:2048 -nodes -sha256 \
      -keyout server.key -out server.csr -subj "/CN=$domain" 2>/dev/null
    printf '%s\n' \
      "basicConstraints=critical,CA:FALSE" \
      "keyUsage=critical,digitalSignature,keyEncipherment" \
      "extendedKeyUsage=serverAuth" \
      "subjectAltName=DNS:$domain" >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -sha256 \
      -extfile server.ext -out server.crt 2>/dev/null
    rm -f server.csr server.ext ca.srl
    chmod 644 ca.pem other-ca.pem server.crt
    chmod 640 server.key
  ) || die "openssl failed to create the certificates in $dir"
}

write_config() {
  local dir=$1 domain=$2 port=$3 level=info max_items=${EDGE_PUBSUB_MAX_ITEMS:-1000}
  [ "${EDGE_PROSODY_DEBUG:-0}" = 1 ] && level=debug
  [[ $max_items =~ ^[0-9]+$ ]] || die "EDGE_PUBSUB_MAX_ITEMS must be a number, not '$max_items'"
  local item_storage="-- pubsub items: the default (internal, file) storage"
  if [ -n "${EDGE_PUBSUB_STORAGE:-}" ]; then
    [[ $EDGE_PUBSUB_STORAGE =~ ^[a-z_]+$ ]] || die "EDGE_PUBSUB_STORAGE must be a storage driver name, not '$EDGE_PUBSUB_STORAGE'"
    # The memory store also refuses more than storage_archive_item_limit (default 1000) items per node.
    item_storage="storage = { pubsub_data = $(lua_str "$EDGE_PUBSUB_STORAGE") }; storage_archive_item_limit = $max_items"
  fi
  cat >"$dir/prosody.cfg.lua" <<EOF
-- Generated by .ci/prosody.sh for one private test instance. Loopback only; nothing here is a secret.
-- Started as: prosody -F --config $dir/prosody.cfg.lua (-F = stay in the foreground; the script backgrounds it).
-- The 0.12 'daemonize' option is deprecated in favour of -D/-F and logs a warning, so it is not set here.

run_as_root = true -- CI runs as root; without this mod_posix refuses to start
pidfile = $(lua_str "$dir/prosody.pid")
data_path = $(lua_str "$dir/data")
log = {
  { levels = { min = "$level" }, to = "file", filename = $(lua_str "$dir/prosody.log") };
}

-- Listeners: client connections on loopback, on one port; nothing else.
interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { $port }
c2s_direct_tls_ports = { }
legacy_ssl_ports = { }
s2s_ports = { }
component_ports = { }
http_ports = { }
https_ports = { }
modules_disabled = { "s2s", "s2s_auth_certs", "dialback" }
certificates = $(lua_str "$dir")

admins = { $(lua_str "admin@$domain") }

c2s_require_encryption = true
s2s_require_encryption = true
authentication = "internal_hashed"
storage = "internal"

-- XEP-0077 in-band registration for tests; loopback is on the default allowlist, throttling is off anyway.
allow_registration = true
min_seconds_between_registrations = 0
registration_throttle_max = 1000000
registration_throttle_period = 1

-- XEP-0198: a cut connection stays resumable for 5 minutes.
smacks_hibernation_time = 300

modules_enabled = {
  "roster"; "saslauth"; "tls"; "disco"; "ping"; "pep"; "register"; "smacks";
}

VirtualHost $(lua_str "$domain")
  ssl = {
    key = $(lua_str "$dir/server.key");
    certificate = $(lua_str "$dir/server.crt");
  }

-- Stock 0.12 lets only admins create nodes; on this service the agent is an admin (owner affiliation on every
-- node), so it may create and configure its own nodes. Other accounts subscribe as usual.
Component $(lua_str "pubsub.$domain") "pubsub"
  admins = { $(lua_str "agent@$domain"), $(lua_str "admin@$domain") }
  pubsub_max_items = $max_items
  $item_storage
EOF
}

register_account() {
  local dir=$1 user=$2 password=$3 domain out
  # shellcheck source=/dev/null
  domain=$(. "$dir/instance.env" && echo "$DOMAIN")
  if ! out=$(prosodyctl --config "$dir/prosody.cfg.lua" register "$user" "$domain" "$password" 2>&1); then
    echo "$out" >&2
    die "prosodyctl register $user@$domain failed"
  fi
}

# Alive and not a zombie (an orphan's zombie lingers where PID 1 does not reap, as in some containers).
alive() {
  kill -0 "$1" 2>/dev/null && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

pid_of() {
  local dir=$1 pid
  [ -f "$dir/prosody.pid" ] || return 1
  pid=$(tr -dc '0-9' <"$dir/prosody.pid")
  [ -n "$pid" ] || return 1
  # Only ever signal our own Prosody: the process must have been started with this folder's config.
  alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "--config $dir/prosody.cfg.lua" || return 1
  echo "$pid"
}

log_tail() {
  local dir=$1
  echo "---- tail of $dir/prosody.log ----" >&2
  tail -n 40 "$dir/prosody.log" >&2 2>/dev/null || echo "(no log)" >&2
  if [ -s "$dir/prosody.console.log" ]; then
    echo "---- tail of $dir/prosody.console.log ----" >&2
    tail -n 20 "$dir/prosody.console.log" >&2
  fi
}

launch() {
  local dir=$1 port=$2 pid deadline
  if pid=$(pid_of "$dir"); then die "already running in $dir (pid $pid)"; fi
  port_bindable "$port" || die "port $port on 127.0.0.1 is in use; cannot start $dir"
  prosody -F --config "$dir/prosody.cfg.lua" </dev/null >>"$dir/prosody.console.log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/prosody.pid"
  deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  until port_listening "$port"; do
    if ! alive "$pid"; then
      log_tail "$dir"
      die "prosody exited during start-up (pid $pid)"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      kill -KILL "$pid" 2>/dev/null || true
      log_tail "$dir"
      die "prosody did not accept connections on 127.0.0.1:$port within ${START_TIMEOUT_SECONDS}s"
    fi
    sleep 0.1
  done
  # The pid file is rewritten by Prosody itself (mod_posix); it is the same process.
  say "prosody pid $pid listening on 127.0.0.1:$port ($dir)"
}

cmd_start() {
  local dir="" port="" domain=""
  while [ $# -gt 0 ]; do
    case $1 in
      --c2s-port) port=${2:?--c2s-port needs a value}; shift 2 ;;
      --domain) domain=${2:?--domain needs a value}; shift 2 ;;
      -*) die "unknown option $1" ;;
      *) [ -z "$dir" ] || die "unexpected argument $1"; dir=$1; shift ;;
    esac
  done
  [ -n "$dir" ] || usage
  [ -z "$port" ] || [[ $port =~ ^[0-9]+$ ]] || die "--c2s-port must be a number, not '$port'"
  [ -z "$domain" ] || [[ $domain =~ ^[A-Za-z0-9.-]+$ ]] || die "--domain must be a plain host name, not '$domain'"
  need_prosody
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)

  if [ -f "$dir/instance.env" ]; then
    local saved_port saved_domain
    # shellcheck source=/dev/null
    saved_port=$(. "$dir/instance.env" && echo "$PORT")
    # shellcheck source=/dev/null
    saved_domain=$(. "$dir/instance.env" && echo "$DOMAIN")
    [ -z "$port" ] || [ "$port" = 0 ] || [ "$port" = "$saved_port" ] \
      || die "$dir was set up for port $saved_port, not $port"
    [ -z "$domain" ] || [ "$domain" = "$saved_domain" ] || die "$dir was set up for domain $saved_domain, not $domain"
    port=$saved_port domain=$saved_domain
  else
    [ -z "$(ls -A "$dir")" ] || die "$dir is not empty and holds no instance; use an empty or new folder"
    domain=${domain:-localhost}
    port=$(reserve_port "$dir" "${port:-0}")
    make_certificates "$dir" "$domain"
    write_config "$dir" "$domain" "$port"
    mkdir -p "$dir/data"
    chmod 750 "$dir/data"
    printf 'PORT=%s\nDOMAIN=%s\n' "$port" "$domain" >"$dir/instance.env"
    local account
    for account in ${EDGE_ACCOUNTS:-$DEFAULT_ACCOUNTS}; do
      [[ $account == *:* ]] || die "EDGE_ACCOUNTS entries are user:password, not '$account'"
      register_account "$dir" "${account%%:*}" "${account#*:}"
    done
  fi

  launch "$dir" "$port"
  printf 'PORT=%s\nDOMAIN=%s\nDIR=%s\n' "$port" "$domain" "$dir"
}

cmd_stop() {
  local dir=${1:?usage: prosody.sh stop DIR} pid deadline
  [ -d "$dir" ] || die "no such folder $dir"
  dir=$(cd "$dir" && pwd -P)
  if ! pid=$(pid_of "$dir"); then
    say "not running ($dir)"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
  while alive "$pid"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "prosody pid $pid ignored SIGTERM for ${STOP_TIMEOUT_SECONDS}s; SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      while alive "$pid"; do sleep 0.1; done
      break
    fi
    sleep 0.1
  done
  rm -f "$dir/prosody.pid"
  say "stopped prosody pid $pid ($dir)"
}

cmd_restart() {
  local dir=${1:?usage: prosody.sh restart DIR}
  [ -f "$dir/instance.env" ] || die "$dir holds no instance; use start"
  cmd_stop "$dir"
  cmd_start "$dir"
}

cmd_register() {
  [ $# -eq 3 ] || die "usage: prosody.sh register DIR USER PASSWORD"
  [ -f "$1/instance.env" ] || die "$1 holds no instance; use start first"
  need_prosody
  register_account "$(cd "$1" && pwd -P)" "$2" "$3"
}

case ${1:-} in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  restart) shift; cmd_restart "$@" ;;
  register) shift; cmd_register "$@" ;;
  *) usage ;;
esac
