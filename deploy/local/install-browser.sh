#!/bin/sh
# Installs Debian's Chromium for the web page's browser test (driven by Playwright's Python
# package, which must never download its own browsers), and a font that carries the scripts
# the page shows (Latin, Cyrillic, Arabic): fonts-dejavu-core's DejaVu Sans has all three, and
# fontconfig, which Chromium uses, may be satisfied by a font without them. Idempotent: does
# nothing when /usr/bin/chromium exists and fontconfig finds Arabic and Cyrillic fonts.
# Needs root (or prints the command to run as root).
set -eu

CHROMIUM=/usr/bin/chromium
PACKAGES="chromium fonts-dejavu-core"

has_fonts() {
    command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=ar family)" ] && [ -n "$(fc-list :lang=ru family)" ]
}

if [ -x "$CHROMIUM" ] && has_fonts; then
    echo "chromium: already installed at $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown')); Arabic and Cyrillic fonts: $(fc-list :lang=ar family | head -n 1)"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "chromium or its Arabic/Cyrillic fonts are missing; install them as root with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $PACKAGES" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium or its fonts are missing and apt-get is not available; install Chromium at $CHROMIUM and a font with Arabic and Cyrillic (DejaVu Sans, Noto) by hand" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
# shellcheck disable=SC2086 # the package list is meant to split
apt-get install -y --no-install-recommends $PACKAGES
echo "chromium: installed at $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown')); Arabic and Cyrillic fonts: $(fc-list :lang=ar family | head -n 1)"
