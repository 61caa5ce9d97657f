#!/usr/bin/env bash
# Debian packages tools/narrate.py needs to make a sample narration: espeak-ng (speech synthesis, Mandarin voice
# "cmn") and opus-tools (opusenc: WAV to Ogg Opus, a few KB a second). The build never needs them. Safe to run
# again; does nothing when present.
set -euo pipefail
missing=()
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
command -v opusenc >/dev/null 2>&1 || missing+=(opus-tools)
((${#missing[@]})) || exit 0
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
