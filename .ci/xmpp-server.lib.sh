# What .ci/prosody.sh and .ci/ejabberd.sh share (sourced, not run): the command line, port reservations, the
# throwaway CAs, instance.env, and the start/stop/restart/register flow. Each server script defines the hooks below,
# then calls `xmpp_server_main "$@"`.
#
# Hooks a server script defines:
#   server_need                       die unless the server's programs are installed (and usable by this user)
#   server_setup DIR DOMAIN PORT      write the config of a new instance (the certificates exist already)
#   server_launch DIR PORT            start it in the background and return once 127.0.0.1:PORT accepts connections
#   server_pid DIR                    print the pid of this DIR's running server; fail when it does not run
#   server_kill DIR PID               last resort after STOP_TIMEOUT_SECONDS: SIGKILL whatever belongs to DIR
#   server_register DIR DOMAIN USER PASSWORD   create an account
#   server_log_tail DIR               print the end of its logs to stderr
# XEP-0114: every instance also listens for one external component, the thing registry (src/Edge.Registry):
# COMPONENT_DOMAIN (registry.DOMAIN) on 127.0.0.1:COMPONENT_PORT (c2s port + 1000) with a random COMPONENT_SECRET of
# its own. server_setup writes them into the config; they are kept in instance.env and printed by start.
# Variables it sets: SERVER_NAME (for messages), START_TIMEOUT_SECONDS, STOP_TIMEOUT_SECONDS, and
# REGISTER_BEFORE_LAUNCH=1 when accounts are created offline (Prosody) rather than on the running server (ejabberd).
# Optional hooks: port_extra_free PORT — true when the other ports the server derives from PORT are free too;
# server_after_stop DIR — tidy up (pid files) once the server is gone.

readonly FIRST_PORT=15222
readonly LAST_PORT=15999
readonly COMPONENT_PORT_OFFSET=1000
readonly DEFAULT_ACCOUNTS="agent:agent-secret backend:backend-secret admin:admin-secret"

die() { echo "$SERVER_NAME: $*" >&2; exit 1; }
say() { echo "$SERVER_NAME: $*" >&2; }

# One reservation folder for both servers, so a Prosody and an ejabberd started at the same time never pick the same
# port. The name is from the time only Prosody used it; checkouts running an older prosody.sh share it too.
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

# The XEP-0114 component port beside the c2s port (16222..16999: clear of the c2s range and of ejabberd's +10000).
component_port() { echo $(($1 + COMPONENT_PORT_OFFSET)); }

# True when the c2s port's companions are free: the component port, and what the server script derives itself.
ports_free() { port_bindable "$(component_port "$1")" && port_extra_free "$1"; }

# Defaults of the optional hooks; a server script that needs them defines its own after sourcing this file.
port_extra_free() { true; }
server_after_stop() { true; }

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
    ports_free "$port" || die "a port $SERVER_NAME derives from $port is in use"
  else
    port=""
    for ((p = FIRST_PORT; p <= LAST_PORT; p++)); do
      if [ -f "$res/$p" ] && reservation_live "$res/$p"; then continue; fi
      if port_bindable "$p" && ports_free "$p"; then port=$p; break; fi
    done
    [ -n "$port" ] || die "no free port in $FIRST_PORT..$LAST_PORT"
  fi
  echo "$dir" >"$res/$port"
  flock -u 9
  exec 9>&-
  echo "$port"
}

# ca.pem (signed the server certificate), other-ca.pem (unrelated, for "not trusted" tests), server.key + server.crt
# for DOMAIN (SAN DNS).
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

# Alive and not a zombie (an orphan's zombie lingers where PID 1 does not reap, as in some containers).
alive() {
  kill -0 "$1" 2>/dev/null && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

# True when /proc/PID/cmdline contains TEXT: only ever signal a process started for this folder.
cmdline_has() {
  tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$2"
}

# A value saved in DIR/instance.env (PORT, DOMAIN).
instance_value() {
  # shellcheck source=/dev/null
  (. "$1/instance.env" && eval "echo \"\$$2\"")
}

# Sets PUBSUB_CREATORS to the local parts of the accounts that may create pubsub nodes: agent and admin, then those in
# EDGE_PUBSUB_CREATORS ("user ...", e.g. a benchmark's fleet of agent accounts, each publishing its own status node).
pubsub_creators() {
  local user
  PUBSUB_CREATORS=(agent admin)
  for user in ${EDGE_PUBSUB_CREATORS:-}; do
    [[ $user =~ ^[a-z0-9._-]+$ ]] || die "EDGE_PUBSUB_CREATORS entries are account names (a-z 0-9 . _ -), not '$user'"
    PUBSUB_CREATORS+=("$user")
  done
}

register_accounts() {
  local dir=$1 domain=$2 account
  for account in ${EDGE_ACCOUNTS:-$DEFAULT_ACCOUNTS}; do
    [[ $account == *:* ]] || die "EDGE_ACCOUNTS entries are user:password, not '$account'"
    server_register "$dir" "$domain" "${account%%:*}" "${account#*:}"
  done
}

cmd_start() {
  local dir="" port="" domain="" fresh=0 pid
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
  server_need
  command -v openssl >/dev/null 2>&1 || die "openssl not found on PATH"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)

  if [ -f "$dir/instance.env" ]; then
    local saved_port saved_domain
    saved_port=$(instance_value "$dir" PORT)
    saved_domain=$(instance_value "$dir" DOMAIN)
    [ -z "$port" ] || [ "$port" = 0 ] || [ "$port" = "$saved_port" ] \
      || die "$dir was set up for port $saved_port, not $port"
    [ -z "$domain" ] || [ "$domain" = "$saved_domain" ] || die "$dir was set up for domain $saved_domain, not $domain"
    port=$saved_port domain=$saved_domain
  else
    [ -z "$(ls -A "$dir")" ] || die "$dir is not empty and holds no instance; use an empty or new folder"
    domain=${domain:-localhost}
    port=$(reserve_port "$dir" "${port:-0}")
    make_certificates "$dir" "$domain"
    COMPONENT_DOMAIN="registry.$domain"
    COMPONENT_PORT=$(component_port "$port")
    COMPONENT_SECRET=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    server_setup "$dir" "$domain" "$port"
    printf 'PORT=%s\nDOMAIN=%s\nCOMPONENT_DOMAIN=%s\nCOMPONENT_PORT=%s\nCOMPONENT_SECRET=%s\n' \
      "$port" "$domain" "$COMPONENT_DOMAIN" "$COMPONENT_PORT" "$COMPONENT_SECRET" >"$dir/instance.env"
    fresh=1
    if [ "${REGISTER_BEFORE_LAUNCH:-0}" = 1 ]; then
      register_accounts "$dir" "$domain"
      fresh=0
    fi
  fi

  if pid=$(server_pid "$dir"); then die "already running in $dir (pid $pid)"; fi
  port_bindable "$port" || die "port $port on 127.0.0.1 is in use; cannot start $dir"
  server_launch "$dir" "$port"
  if [ "$fresh" = 1 ]; then
    # The accounts come with the instance: without them it is no use, so a failure here stops it again.
    if ! (register_accounts "$dir" "$domain"); then
      cmd_stop "$dir"
      die "could not create the accounts in $dir"
    fi
  fi
  printf 'PORT=%s\nDOMAIN=%s\nDIR=%s\n' "$port" "$domain" "$dir"
  # (An instance set up before the component listener existed has none to print.)
  local key value
  for key in COMPONENT_DOMAIN COMPONENT_PORT COMPONENT_SECRET; do
    value=$(instance_value "$dir" "$key")
    [ -z "$value" ] || printf '%s=%s\n' "$key" "$value"
  done
}

# The pid in PIDFILE, if that process is alive and its command line holds MARKER (only ever our own instance).
pid_from_file() {
  local file=$1 marker=$2 pid
  [ -f "$file" ] || return 1
  pid=$(tr -dc '0-9' <"$file")
  [ -n "$pid" ] || return 1
  alive "$pid" || return 1
  cmdline_has "$pid" "$marker" || return 1
  echo "$pid"
}

# True once PID is gone; false if it is still alive after SECONDS.
wait_gone() {
  local pid=$1 deadline=$((SECONDS + $2))
  while alive "$pid"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

# The pid of DIR's running server; fails, saying so, when none runs.
running_pid() {
  local dir=$1
  [ -d "$dir" ] || die "no such folder $dir"
  server_pid "$(cd "$dir" && pwd -P)" || { say "not running ($dir)"; return 1; }
}

cmd_stop() {
  local dir=${1:?usage: $SERVER_NAME stop DIR} pid
  pid=$(running_pid "$dir") || return 0
  dir=$(cd "$dir" && pwd -P)
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone "$pid" "$STOP_TIMEOUT_SECONDS"; then
    say "pid $pid ignored SIGTERM for ${STOP_TIMEOUT_SECONDS}s; SIGKILL"
    server_kill "$dir" "$pid"
    while alive "$pid"; do sleep 0.1; done
  fi
  server_after_stop "$dir"
  say "stopped pid $pid ($dir)"
}

# SIGKILL at once (a crash or a power cut of the server host, for the fault tests): no shutdown code runs.
cmd_kill() {
  local dir=${1:?usage: $SERVER_NAME kill DIR} pid
  pid=$(running_pid "$dir") || return 0
  dir=$(cd "$dir" && pwd -P)
  server_kill "$dir" "$pid"
  wait_gone "$pid" "$STOP_TIMEOUT_SECONDS" || die "pid $pid survived SIGKILL for ${STOP_TIMEOUT_SECONDS}s"
  server_after_stop "$dir"
  say "killed pid $pid ($dir)"
}

cmd_restart() {
  local dir=${1:?usage: $SERVER_NAME restart DIR}
  [ -f "$dir/instance.env" ] || die "$dir holds no instance; use start"
  cmd_stop "$dir"
  cmd_start "$dir"
}

cmd_register() {
  [ $# -eq 3 ] || die "usage: $SERVER_NAME register DIR USER PASSWORD"
  [ -f "$1/instance.env" ] || die "$1 holds no instance; use start first"
  server_need
  local dir
  dir=$(cd "$1" && pwd -P)
  server_register "$dir" "$(instance_value "$dir" DOMAIN)" "$2" "$3"
}

xmpp_server_main() {
  case ${1:-} in
    start) shift; cmd_start "$@" ;;
    stop) shift; cmd_stop "$@" ;;
    kill) shift; cmd_kill "$@" ;;
    restart) shift; cmd_restart "$@" ;;
    register) shift; cmd_register "$@" ;;
    *) usage ;;
  esac
}
