#!/usr/bin/env bash
# Offers, once, to add STAR Rehearsal to the desktop's applications menu (start.sh runs this).
# Asks only when a person is at a terminal in a desktop session; anything else (CI, pipes, a
# launcher, no display) returns at once without a word, so a non-interactive run never blocks.
# The answer is remembered in ~/.config/star-rehearsal/desktop-entry-offered.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APP="$ROOT/.venv/bin/star-rehearsal"

[ -t 0 ] && [ -t 1 ] || exit 0
[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || exit 0
CONFIG="${XDG_CONFIG_HOME:-$HOME/.config}/star-rehearsal"
STAMP="$CONFIG/desktop-entry-offered"
[ -e "$STAMP" ] && exit 0
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
[ -e "$DATA/applications/star-rehearsal.desktop" ] && exit 0

mkdir -p "$CONFIG" && : > "$STAMP"
printf 'Add STAR Rehearsal to your applications menu? [y/N] '
answer=""
read -r -t 120 answer || true
case "$answer" in
  [yY]*) "$APP" install-desktop-entry || true ;;
  *) echo "Not added. Any time later: $APP install-desktop-entry" ;;
esac
