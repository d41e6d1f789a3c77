#!/usr/bin/env bash
# Installs every Debian package the tests need, and only what is missing (a warm machine costs a
# dpkg query): Asterisk's build dependencies (scripts/asterisk-build.sh), its English prompts and
# music, and the real-Asterisk tier's tools (baresip phones, SIPp, sox, espeak-ng, tshark,
# chromium). Run as root (CI) or with sudo.
set -euo pipefail

packages=(
  # Building Asterisk 22.10.1 and pjproject 2.15.1 (../shared/asterisk/README.md)
  build-essential libjansson-dev libxml2-dev libsqlite3-dev uuid-dev libedit-dev libssl-dev
  libcurl4-openssl-dev pkg-config xz-utils
  # What a real instance plays
  asterisk-core-sounds-en-wav asterisk-moh-opsound-wav
  # The real tier: SIP phones, audio, placeholder prompts, packet traces, the browser
  baresip-core sip-tester sox espeak-ng tshark chromium
)

log() { printf '[test-packages] %s\n' "$*" >&2; }

missing=()
for p in "${packages[@]}"; do
  if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != 'install ok installed' ]]; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  log "all ${#packages[@]} packages present"
  exit 0
fi

sudo=()
if ((EUID != 0)); then sudo=(sudo); fi
log "installing: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
# tshark asks whether non-root users may capture; the default (no) is right for CI.
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
