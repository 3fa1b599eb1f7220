"""Run INSIDE the voice venv (make_voice_venv.sh) by voices.py: Piper speaks a batch of texts.

Reads a JSON list of {"text", "out"} on stdin, writes each as a 22.05 kHz mono WAV, and prints
one JSON report: whether onnxruntime's telemetry switch was on before Piper (and so onnxruntime)
loaded. onnxruntime reads ORT_DISABLE_TELEMETRY once, at import (core/privacy.py), so a runner
started without it refuses instead of loading Piper.
"""

from __future__ import annotations

import json
import os
import sys
import wave


def main() -> int:
    model, length_scale, silence = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    report = {
        "ort_disable_telemetry_before_load": os.environ.get("ORT_DISABLE_TELEMETRY"),
        "onnxruntime_loaded_before": "onnxruntime" in sys.modules,
    }
    if report["ort_disable_telemetry_before_load"] != "1":
        print(
            json.dumps(
                {
                    **report,
                    "error": "ORT_DISABLE_TELEMETRY=1 is not set: refusing to "
                    "load Piper's onnxruntime (it would start its telemetry)",
                }
            )
        )
        return 2
    from piper import PiperVoice  # loads onnxruntime

    voice = PiperVoice.load(model)
    jobs = json.load(sys.stdin)
    for job in jobs:
        with wave.open(job["out"], "wb") as wav:
            if hasattr(voice, "synthesize_wav"):  # piper-tts >= 1.3
                from piper import SynthesisConfig

                config = SynthesisConfig(length_scale=length_scale)
                voice.synthesize_wav(job["text"], wav, syn_config=config)
            else:  # piper-tts 1.2
                voice.synthesize(
                    job["text"], wav, length_scale=length_scale, sentence_silence=silence
                )
    print(json.dumps({**report, "written": len(jobs)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
