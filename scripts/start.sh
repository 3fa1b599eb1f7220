#!/usr/bin/env bash
# Quick start 1: set everything up, then open STAR Rehearsal (on the sample deck unless --deck says).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh" app
exec "$ROOT/.venv/bin/star-rehearsal" "$@"
