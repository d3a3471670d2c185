#!/usr/bin/env bash
# Installs what Stemcrate needs on a Debian or Ubuntu machine: the system packages (Chromium for
# the browser tests, gnome-keyring and D-Bus for the keychain, libsecret headers to build keytar,
# sox and lame for regenerating audio fixtures), then the npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(chromium gnome-keyring dbus-daemon libglib2.0-bin dbus-x11 libsecret-1-dev libsecret-tools xvfb sox libsox-fmt-mp3 lame curl)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "setup: apt-get not found; install these packages by hand: ${missing[*]}" >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: run as root or install sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: system packages already installed: ${packages[*]}"
fi

# Playwright drives Debian's Chromium, so its own browser download is skipped.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
echo "setup: installing the npm packages"
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
else
  npm install --no-audit --no-fund --loglevel=error
fi
