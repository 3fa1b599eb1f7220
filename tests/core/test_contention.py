"""Decoding threads follow what other programs leave free: two on an idle 2-core machine, one
while others keep a core busy (two OpenMP threads then stall each other: 8-33 s pieces)."""

from __future__ import annotations

import gc
import subprocess
import sys
import time
import weakref

import pytest
from star_rehearsal.core.transcription import load_audio
from star_rehearsal.core.transcription.contention import PROC_STAT, CpuSample, OthersBusy
from star_rehearsal.core.transcription.faster import THREADS_KEPT, FasterWhisperEngine


def test_own_cpu_is_not_counted_as_others() -> None:
    samples = iter([CpuSample(100.0, 10.0, 0.0), CpuSample(103.0, 11.5, 2.0),
                    CpuSample(103.5, 11.6, 2.5), CpuSample(104.0, 12.5, 3.0)])  # fmt: skip
    probe = OthersBusy(read=lambda: next(samples))
    assert probe.cores() is None  # one sample: nothing to compare yet
    assert probe.cores() == pytest.approx(0.75)  # (3.0 - 1.5) s over 2 s
    assert probe.cores() == pytest.approx(0.75)  # too soon: the last value stands
    assert probe.cores() == pytest.approx(0.0)  # since the last used reading: ours only
    assert OthersBusy(read=lambda: None).cores() is None  # not Linux: unknown


@pytest.mark.skipif(not PROC_STAT.exists(), reason="reads /proc/stat (Linux)")
def test_a_busy_process_is_seen() -> None:
    probe = OthersBusy(min_interval_s=0.5)
    probe.cores()
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        deadline = time.monotonic() + 30
        seen = 0.0
        while time.monotonic() < deadline and seen < 0.6:
            time.sleep(0.5)  # the probe compares two readings of /proc/stat: time must pass
            seen = probe.cores() or 0.0
        assert seen >= 0.6, f"a busy loop beside us measured as {seen:.2f} cores"
    finally:
        busy.kill()
        busy.wait()


class Contended:
    """Stands in for OthersBusy: a fixed reading, so the choice below is deterministic (the real
    probe is tested above against a real busy process)."""

    def __init__(self, cores: float) -> None:
        self.value = cores

    def cores(self) -> float:
        return self.value


def test_the_engine_decodes_on_one_thread_while_others_are_busy(make_speech, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    reading = Contended(0.0)
    engine = FasterWhisperEngine(cpu_threads=0, others=reading)  # type: ignore[arg-type]
    engine.cpu_threads, engine.adaptive = 2, True  # as on a 2-core laptop, whatever runs this
    audio = load_audio(make_speech("I rolled back the config push within twelve minutes."))
    idle = engine.transcribe(audio)
    first = engine._model
    tokenizer, weights = first.hf_tokenizer, first.model
    import tokenizers

    def parsed_again(*_a, **_k):  # parsing tokenizer.json holds the GIL 85-200 ms: the window froze
        raise AssertionError("the tokenizer was parsed again to change the threads")

    monkeypatch.setattr(tokenizers.Tokenizer, "from_file", parsed_again)
    reading.value = 1.8  # two busy programs beside us
    busy = engine.transcribe(audio, fast=True)
    assert list(engine.threads_used) == [2, 1] and engine.reloads == 1
    # only CTranslate2's part was loaded again; the old weights were let go (one copy in memory)
    assert engine._model.hf_tokenizer is tokenizer and engine._model.model is not weights
    assert first.model is None
    monkeypatch.undo()  # a new engine below parses its own
    one_thread = weakref.ref(engine._model)  # nothing may keep a switched-from copy alive
    reading.value = 0.1  # quiet again: two threads come back, but not at the first quiet look
    after = [engine.transcribe(audio, fast=True) for _ in range(3)]
    assert list(engine.threads_used) == [2, 1, 1, 1, 2] and engine.reloads == 2
    gc.collect()
    assert one_thread() is None  # the one-thread copy is gone: one model in memory
    assert engine.decodes == 5 and engine.threads_used.maxlen == THREADS_KEPT  # bounded
    for transcript in (idle, busy, *after):
        assert "config push" in transcript.text.lower()
    pinned = FasterWhisperEngine(cpu_threads=2, others=reading)  # type: ignore[arg-type]
    pinned.transcribe(audio)
    # the caller chose the threads: no adapting
    assert not pinned.threads_used and pinned.decodes == 0


def test_a_failed_thread_switch_leaves_an_engine_that_loads_again(make_speech, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The switch frees the old weights first; if the new ones cannot load (no memory), the
    engine does not keep a model without weights: the next decode loads it anew."""
    import ctranslate2

    reading = Contended(0.0)
    engine = FasterWhisperEngine(cpu_threads=0, others=reading)  # type: ignore[arg-type]
    engine.cpu_threads, engine.adaptive = 2, True
    audio = load_audio(make_speech("I rolled back the config push within twelve minutes."))
    engine.transcribe(audio, fast=True)
    real = ctranslate2.models.Whisper

    def no_memory(*_a, **_k):  # what a machine out of memory does to the load
        raise RuntimeError("std::bad_alloc")

    monkeypatch.setattr(ctranslate2.models, "Whisper", no_memory)
    reading.value = 1.8
    with pytest.raises(RuntimeError, match="bad_alloc"):
        engine.transcribe(audio, fast=True)
    monkeypatch.setattr(ctranslate2.models, "Whisper", real)
    reading.value = 0.0  # quiet again: no switch is wanted, the engine must still have weights
    again = engine.transcribe(audio, fast=True)
    assert "config push" in again.text.lower()


def test_a_thread_switch_hands_the_old_weights_back_before_loading_the_new(
    make_speech, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Freed but kept by glibc, the old weights sat beside the new ones while they loaded: the
    switch raised the peak 63-74 MB instead of ~30 (benchmarks/results/load.md)."""
    import ctranslate2
    from star_rehearsal.core.transcription import faster

    reading = Contended(0.0)
    engine = FasterWhisperEngine(cpu_threads=0, others=reading)  # type: ignore[arg-type]
    engine.cpu_threads, engine.adaptive = 2, True
    audio = load_audio(make_speech("I rolled back the config push within twelve minutes."))
    engine.transcribe(audio, fast=True)
    first = engine._model
    events: list[str] = []
    real_load, real_trim = ctranslate2.models.Whisper, faster.release_freed_memory

    def load(*args, **kwargs):  # type: ignore[no-untyped-def]
        events.append("load")
        return real_load(*args, **kwargs)

    def trim() -> None:
        events.append("trim, old weights freed" if first.model is None else "trim, old kept")
        real_trim()

    monkeypatch.setattr(ctranslate2.models, "Whisper", load)
    monkeypatch.setattr(faster, "release_freed_memory", trim)
    reading.value = 1.8  # two busy programs beside us: the switch to one thread
    assert "config push" in engine.transcribe(audio, fast=True).text.lower()
    assert engine.reloads == 1
    assert events[:2] == ["trim, old weights freed", "load"], events
