#!/bin/sh
# Installs Debian's Hunspell dictionaries for the six first-class languages, which the local
# Elasticsearch node's core `hunspell` token filter stems with (see README, Searching).
# `sitrep services up` copies them from /usr/share/hunspell into the node's config directory
# (and fixes the Arabic .aff for Lucene) before the node starts.
#
# Why Debian's packages: they are the only registry source with all six languages (npm's
# `dictionary-*` packages have no Arabic; Maven Central carries no Hunspell dictionaries), they
# are the LibreOffice dictionaries a full Elasticsearch user would install the same way, and
# apt caches them. Idempotent: does nothing when every dictionary is present. Needs root (or
# prints the command to run as root), like install-browser.sh.
set -eu

DIR=/usr/share/hunspell
PACKAGES="hunspell-en-us hunspell-fr hunspell-es hunspell-ar hunspell-ru hunspell-uk"
# One file per package that proves it is installed.
FILES="en_US.dic fr_FR.dic es_ES.dic ar.dic ru_RU.dic uk_UA.dic"

missing=""
for file in $FILES; do
    [ -f "$DIR/$file" ] || missing="$missing $file"
done

if [ -z "$missing" ]; then
    echo "hunspell dictionaries: already installed in $DIR ($FILES)"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "hunspell dictionaries missing in $DIR:$missing; install them as root with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $PACKAGES" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "hunspell dictionaries missing ($missing) and apt-get is not available; put each" >&2
    echo "language's .aff/.dic pair in $DIR by hand (LibreOffice's dictionaries)" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
# shellcheck disable=SC2086 # the package list is meant to split
apt-get install -y --no-install-recommends $PACKAGES
echo "hunspell dictionaries: installed in $DIR"
