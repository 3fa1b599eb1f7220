#!/usr/bin/env bash
# Quick start 1: set everything up, then open STAR Rehearsal on the deck you had open last (the
# sample deck the first time) unless --deck says; asks once whether to add it to the app menu.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh" app
bash "$ROOT/scripts/offer-desktop-entry.sh" || true  # asks once, and only at a terminal
exec "$ROOT/.venv/bin/star-rehearsal" "$@"
