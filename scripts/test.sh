#!/usr/bin/env bash
# Quick start 2: set everything up (system packages, .venv, test tools, the openai-whisper engine),
# start a virtual microphone, run ruff, mypy, the import contract and the whole pytest suite,
# and stop the microphone afterwards whatever happens. Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh dev
V=.venv/bin

AUDIO_DIR="$ROOT/.audio"
bash scripts/virtual-mic.sh stop "$AUDIO_DIR" >/dev/null 2>&1 || true
trap 'bash scripts/virtual-mic.sh stop "$AUDIO_DIR" >/dev/null 2>&1 || true' EXIT
eval "$(bash scripts/virtual-mic.sh start "$AUDIO_DIR")"
export QT_QPA_PLATFORM=offscreen

# One command per line: under `set -e` a failure on the left of && would not stop the script.
echo "== ruff"; $V/ruff check .
$V/ruff format --check .
echo "== mypy (core and ui)"; $V/mypy
echo "== import contracts (core without Qt; views without core.audio or the store; core.audio without transcription)"; $V/lint-imports
echo "== pytest"; $V/python -m pytest "$@"
