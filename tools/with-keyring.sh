#!/usr/bin/env bash
# Runs a command where an unlocked Secret Service (the keychain keytar uses on Linux) is reachable.
# When the session already has one, the command runs as it is. Otherwise the script starts a
# private D-Bus session bus with gnome-keyring's secrets component, unlocks it with a throwaway
# password, and removes both when the command ends.
#
# Usage: tools/with-keyring.sh [--private] COMMAND [ARG...]
#   --private  always start a private bus and keyring, even when the session already has one.
# The exit status is COMMAND's. On success the script itself prints nothing.
set -u

readonly SCRIPT_NAME='with-keyring.sh'

fail() {
  printf '%s: %s\n' "$SCRIPT_NAME" "$1" >&2
  exit "${2:-1}"
}

# Succeeds when the bus in DBUS_SESSION_BUS_ADDRESS has a Secret Service whose default collection
# (the one keytar writes to) exists and is unlocked.
secret_service_unlocked() {
  [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || return 1
  local reply
  reply=$(gdbus call --session --timeout 5 \
    --dest org.freedesktop.secrets \
    --object-path /org/freedesktop/secrets/aliases/default \
    --method org.freedesktop.DBus.Properties.Get org.freedesktop.Secret.Collection Locked 2>/dev/null) || return 1
  [ "$reply" = '(<false>,)' ]
}

force_private=0
if [ "${1:-}" = '--private' ]; then
  force_private=1
  shift
fi
if [ $# -eq 0 ]; then
  fail 'missing command. Usage: tools/with-keyring.sh [--private] COMMAND [ARG...]' 64
fi

for tool in gdbus dbus-daemon gnome-keyring-daemon; do
  command -v "$tool" >/dev/null 2>&1 ||
    fail "$tool not found. Install the Debian packages gnome-keyring, dbus-daemon and libglib2.0-bin." 127
done

if [ "$force_private" = 0 ] && secret_service_unlocked; then
  exec "$@"
fi

# The keyring files and the daemons' runtime sockets live in a private folder, so the user's own
# keyrings under ~/.local/share/keyrings are never read or changed.
work_dir=$(mktemp -d "${TMPDIR:-/tmp}/stemcrate-keyring.XXXXXX") || fail 'cannot create a temporary folder.'
bus_pid=''
keyring_pid=''

cleanup() {
  # Only the two daemons started below are stopped, by their process ids. Daemons that the bus
  # activated on demand exit by themselves when the bus goes away.
  [ -n "$keyring_pid" ] && kill "$keyring_pid" 2>/dev/null
  [ -n "$bus_pid" ] && kill "$bus_pid" 2>/dev/null
  rm -rf "$work_dir"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -m 700 "$work_dir/data" "$work_dir/runtime"

# 1. A session bus. With --fork, dbus-daemon prints its address and process id, then detaches
#    with its own output sent to /dev/null.
bus_info=$(XDG_DATA_HOME="$work_dir/data" XDG_RUNTIME_DIR="$work_dir/runtime" \
  dbus-daemon --session --fork --nopidfile --print-address=1 --print-pid=1 2>"$work_dir/dbus.log") ||
  fail "dbus-daemon failed to start: $(cat "$work_dir/dbus.log")"
bus_address=$(printf '%s\n' "$bus_info" | sed -n 1p)
bus_pid=$(printf '%s\n' "$bus_info" | sed -n 2p)
[ -n "$bus_address" ] && [ -n "$bus_pid" ] || fail "dbus-daemon printed no address and process id: $bus_info"

# 2. gnome-keyring with only its Secret Service component. --unlock reads the password on
#    standard input and creates the login collection with it, since the data folder is empty.
password="throwaway-$$-$RANDOM"
printf '%s' "$password" |
  DBUS_SESSION_BUS_ADDRESS="$bus_address" XDG_DATA_HOME="$work_dir/data" XDG_RUNTIME_DIR="$work_dir/runtime" \
    gnome-keyring-daemon --unlock --components=secrets >"$work_dir/keyring.out" 2>"$work_dir/keyring.log" ||
  fail "gnome-keyring-daemon failed to start: $(cat "$work_dir/keyring.log")"

export DBUS_SESSION_BUS_ADDRESS="$bus_address"
unset DBUS_SESSION_BUS_PID DBUS_SESSION_BUS_WINDOWID
keyring_pid=$(gdbus call --session --timeout 5 --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
  --method org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets 2>/dev/null |
  sed -n 's/^(uint32 \([0-9]*\),)$/\1/p')

secret_service_unlocked ||
  fail "the private keyring did not come up unlocked. gnome-keyring-daemon output: $(cat "$work_dir/keyring.log")"

# 3. The command. It is not exec'd, so the trap can stop the daemons and remove the folder.
"$@"
exit $?
