#!/bin/sh
# Installs Debian's Chromium for the web page's browser test (driven by Playwright's Python
# package, which must never download its own browsers). Idempotent: does nothing when
# /usr/bin/chromium exists. Needs root (or prints the command to run as root).
set -eu

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    echo "chromium: already installed at $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "chromium is missing; install it as root with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium is missing and apt-get is not available; install Chromium at $CHROMIUM by hand" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium
echo "chromium: installed at $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
