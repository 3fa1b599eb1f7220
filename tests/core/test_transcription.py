"""Transcription with the real bundled model on real (espeak-ng) speech."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from star_rehearsal.core.audio.files import resample
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.transcript import SAMPLE_RATE, Transcript
from star_rehearsal.core.transcription import (
    AudioFileError,
    EngineUnavailable,
    LiveTranscriber,
    create_engine,
    load_audio,
    story_prompt,
)
from star_rehearsal.core.transcription.live import find_cut

ANSWERS = Path(__file__).parents[1] / "fixtures" / "answers" / "sample-answers.jsonl"
SENTENCE = "We rolled back the config change within minutes and the service recovered quickly."
FILLERS = (
    "Um, so we rolled back the config push. Uh, then checkout recovered, um, in nineteen minutes."
)


def words(text: str) -> list[str]:
    return [w.strip(".,!?").lower() for w in text.split() if w.strip(".,!?")]


def overlap(a: str, b: str) -> float:
    wa, wb = set(words(a)), set(words(b))
    return len(wa & wb) / max(1, len(wb))


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    eng = create_engine("faster-whisper", "tiny.en")
    eng.load()
    return eng


def test_bundled_model_transcribes_a_known_sentence(engine, make_speech) -> None:  # type: ignore[no-untyped-def]
    transcript = engine.transcribe(make_speech(SENTENCE))
    assert overlap(transcript.text, SENTENCE) >= 0.8, transcript.text
    assert transcript.engine == "faster-whisper" and transcript.model == "tiny.en"
    assert transcript.words and transcript.words[0].start < transcript.words[-1].end
    assert transcript.duration_s == pytest.approx(sf.info(make_speech(SENTENCE)).duration, abs=0.05)


def test_same_audio_gives_the_same_transcript(engine, make_speech) -> None:  # type: ignore[no-untyped-def]
    audio = load_audio(make_speech(FILLERS))
    prompt = story_prompt(None)
    first = engine.transcribe(audio, prompt=prompt)
    second = engine.transcribe(audio, prompt=prompt)
    assert first.text == second.text
    assert [w.start for w in first.words] == [w.start for w in second.words]


def test_fillers_are_kept_with_the_default_prompt(engine, make_speech) -> None:  # type: ignore[no-untyped-def]
    transcript = engine.transcribe(make_speech(FILLERS, wpm=140), prompt=story_prompt(None))
    said = words(transcript.text)
    assert said.count("um") + said.count("uh") >= 2, transcript.text


def test_silence_gives_an_empty_transcript(engine) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(0)
    hiss = (rng.standard_normal(SAMPLE_RATE * 5) * 1e-4).astype(np.float32)
    assert engine.transcribe(hiss).text == ""
    assert engine.transcribe(np.zeros(SAMPLE_RATE * 3, dtype=np.float32)).text == ""


def test_any_rate_and_channel_count_is_accepted(make_speech) -> None:  # type: ignore[no-untyped-def]
    mono16 = load_audio(make_speech(SENTENCE))
    stereo44 = load_audio(make_speech(SENTENCE, rate=44100, channels=2, fmt="flac"))
    assert stereo44.dtype == np.float32 and stereo44.ndim == 1
    assert abs(stereo44.size - mono16.size) < SAMPLE_RATE * 0.05
    ogg = load_audio(make_speech(SENTENCE, rate=48000, fmt="ogg"))
    assert abs(ogg.size - mono16.size) < SAMPLE_RATE * 0.05


def test_resample_keeps_duration_and_pitch() -> None:
    t = np.arange(44100) / 44100
    tone = np.sin(2 * np.pi * 440 * t).astype(np.float32)
    out = resample(tone, 44100)
    assert out.size == SAMPLE_RATE
    spectrum = np.abs(np.fft.rfft(out))
    assert abs(int(np.argmax(spectrum)) - 440) <= 1


def test_bad_files_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(AudioFileError, match="not found"):
        load_audio(tmp_path / "missing.wav")
    junk = tmp_path / "junk.wav"
    junk.write_text("not audio")
    with pytest.raises(AudioFileError, match="cannot be read as audio"):
        load_audio(junk)


def test_unknown_engine_and_model_folder() -> None:
    with pytest.raises(EngineUnavailable, match="unknown engine"):
        create_engine("nope")
    engine = create_engine("faster-whisper", "/definitely/not/a/model")
    with pytest.raises(EngineUnavailable):
        engine.load()
    with pytest.raises(EngineUnavailable, match="Unknown model 'no-such-model'"):
        create_engine("faster-whisper", "no-such-model").load()


def test_story_prompt_carries_the_story_vocabulary(sample_deck_path: Path) -> None:
    deck = load_deck(sample_deck_path)
    story = deck.story("tell-me-about-a-time-you-handled-a-production-outage/1")
    assert story is not None
    prompt = story_prompt(story)
    assert "SEV-1" in prompt and "Black Friday" in prompt and "Um" in prompt
    assert len(prompt.split()) < 60, "long prompts make tiny.en drop sentences"


def test_live_transcription_in_pieces_matches_the_whole(engine, make_speech) -> None:  # type: ignore[no-untyped-def]
    text = (
        "First I declared an incident and opened one channel for everyone. "
        "Then we rolled back the config push and watched the error rate fall. "
        "Finally I wrote a blameless postmortem with five follow up owners."
    )
    audio = load_audio(make_speech(text, wpm=150, pad_s=0.8))
    pause = np.zeros(SAMPLE_RATE, dtype=np.float32)
    take = np.concatenate([audio, pause, audio])  # a pause in the middle to cut at
    live = LiveTranscriber(engine, prompt=story_prompt(None))
    pieces = 0
    for i in range(0, take.size, SAMPLE_RATE // 10):  # 100 ms chunks, as a recorder gives them
        live.feed(take[i : i + SAMPLE_RATE // 10])
        if live.step():
            pieces += 1
    assert pieces >= 1, "nothing was transcribed while the take was running"
    result = live.finish()
    assert result.duration_s == pytest.approx(take.size / SAMPLE_RATE)
    whole = engine.transcribe(take, prompt=story_prompt(None))
    assert overlap(result.text, whole.text) >= 0.85, (result.text, whole.text)
    starts = [s.start for s in result.segments]
    assert starts == sorted(starts) and result.segments[-1].end > take.size / SAMPLE_RATE / 2


def test_the_rest_after_stop_is_encoded_without_the_whole_padding(  # type: ignore[no-untyped-def]
    engine, make_speech, monkeypatch
) -> None:
    """Stop → review is mostly the rest's decode (issue 32): its encoder window is cut to the
    audio plus FINISH_MARGIN_S (about 40 % cheaper; over 68 rests no more words lost than the
    padded window, benchmarks/bench_finish_rest.py), while pieces keep the padded window."""
    from star_rehearsal.core.transcription import faster
    from star_rehearsal.core.transcription import live as live_module

    text = "Checkout recovered in nineteen minutes and we did not lose a single order."
    audio = load_audio(make_speech(text, wpm=150, pad_s=0.5))
    seen: list[int] = []
    real_trim = faster.trim_padding

    def spy(features, margin=faster.SHORT_MARGIN_FRAMES):  # type: ignore[no-untyped-def]
        kept = real_trim(features, margin)
        seen.append(kept.shape[-1])
        return kept

    monkeypatch.setattr(faster, "trim_padding", spy)
    live = LiveTranscriber(engine, prompt=story_prompt(None))
    live.feed(audio)  # never stepped: all of it is the rest at Stop
    result = live.finish(budget_s=None)
    frames = audio.size // 160
    margin = int(100 * getattr(live_module, "FINISH_MARGIN_S", 0))
    assert seen and all(frames <= n <= frames + margin + 100 for n in seen), (seen, frames)
    padded = engine.transcribe(audio, prompt=story_prompt(None))
    assert overlap(result.text, padded.text) >= 0.85, (result.text, padded.text)
    assert words(result.text)[-2:] == ["single", "order"], result.text  # the end is kept


def test_the_pause_after_a_piece_is_not_decoded_as_a_window_of_its_own(  # type: ignore[no-untyped-def]
    engine, make_speech, monkeypatch
) -> None:
    """faster-whisper starts a next window at the last word's end; a piece ends in a pause, so
    every piece was encoded twice, the second time for the pause alone (which at best added
    nothing and at worst "I'll see you", "Thank you very much": 6 of 156 piece decodes)."""
    text = "We rolled back the config push and checkout recovered in nineteen minutes."
    audio = load_audio(make_speech(text, wpm=150, pad_s=1.0))
    model = engine._model_for_now()
    base = type(model).__mro__[1]  # faster-whisper's WhisperModel under the engine's subclass
    encoded: list[int] = []
    real = base.encode

    def counted(self, features):  # type: ignore[no-untyped-def]
        encoded.append(features.shape[-1])
        return real(self, features)

    monkeypatch.setattr(base, "encode", counted)
    for options in ({"fast": True, "margin_s": 10.0}, {}):  # a busy machine's piece, an idle one's
        encoded.clear()
        result = engine.transcribe(audio, prompt=story_prompt(None), **options)
        assert len(encoded) == 1, (options, encoded)
        assert words(result.text)[-1] == "minutes" and "config" in words(result.text), result.text


def test_find_cut_picks_a_pause_and_not_a_trailing_one() -> None:
    rng = np.random.default_rng(1)
    speech = (rng.standard_normal(SAMPLE_RATE * 2) * 0.2).astype(np.float32)
    silence = np.zeros(SAMPLE_RATE, dtype=np.float32)
    cut = find_cut(np.concatenate([speech, silence, speech]))
    assert cut is not None and 2 * SAMPLE_RATE < cut < 3 * SAMPLE_RATE
    assert find_cut(np.concatenate([speech, silence])) is None


def test_transcript_json_round_trip(engine, make_speech) -> None:  # type: ignore[no-untyped-def]
    transcript = engine.transcribe(make_speech(SENTENCE))
    again = Transcript.from_json(json.loads(json.dumps(transcript.to_json())))
    assert again.text == transcript.text
    assert [w.text for w in again.words] == [w.text for w in transcript.words]


def test_cli_json_contract(make_speech, sample_deck_path: Path) -> None:  # type: ignore[no-untyped-def]
    cmd = [
        sys.executable,
        "-m",
        "star_rehearsal",
        "transcribe",
        str(make_speech(SENTENCE)),
        "--deck",
        str(sample_deck_path),
        "--story",
        "tell-me-about-a-time-you-handled-a-production-outage/1",
        "--json",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    assert {"text", "segments", "duration_s", "engine", "model", "seconds"} <= set(data)
    assert {"start", "end", "text"} == set(data["segments"][0])
    assert overlap(data["text"], SENTENCE) >= 0.8


def test_cli_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "star_rehearsal", "transcribe", str(tmp_path / "x.wav")]
    out = subprocess.run(cmd, capture_output=True, text=True)
    assert out.returncode == 2
    assert "file not found" in out.stderr and "Traceback" not in out.stderr


def test_unsure_closing_formula_at_the_end_is_dropped() -> None:
    from star_rehearsal.core.transcript import Segment, Word
    from star_rehearsal.core.transcription.cleanup import drop_trailing_hallucination

    said = (Word(0.0, 0.5, "We", 0.9), Word(0.5, 1.0, "recovered.", 0.9))
    invented = (Word(1.0, 1.4, "Thank", 0.01), Word(1.4, 1.4, "you.", 0.98))
    segments = [Segment(0.0, 1.4, "We recovered. Thank you.", said + invented)]
    cleaned = drop_trailing_hallucination(segments)
    assert cleaned[0].text == "We recovered." and cleaned[0].end == 1.0
    meant = (Word(1.0, 1.4, "Thank", 0.9), Word(1.4, 1.6, "you.", 0.98))
    kept = [Segment(0.0, 1.6, "We recovered. Thank you.", said + meant)]
    assert drop_trailing_hallucination(kept) == kept  # said with confidence: kept


def test_loops_are_collapsed_to_one_saying() -> None:
    from star_rehearsal.core.transcript import Segment, Word
    from star_rehearsal.core.transcription.cleanup import drop_loops

    said = "we cut latency see you next time see you next time see you next time no, no really"
    words = tuple(Word(i * 0.3, i * 0.3 + 0.25, t, 0.9) for i, t in enumerate(said.split()))
    (segment,) = drop_loops([Segment(0.0, words[-1].end, said, words)])
    assert segment.text == "we cut latency see you next time no, no really"


def test_video_sign_offs_are_dropped() -> None:
    """Seen in a live take: tiny.en wrote a YouTube outro into a pause mid-answer."""
    from star_rehearsal.core.transcript import Segment, Word
    from star_rehearsal.core.transcription.cleanup import drop_stock_phrases

    said = (
        "I rolled back the config push within 12 minutes. Thank you so much for watching, "
        "and I'll see you in the next video, and see you in the next video, Once we were "
        "stable, I watched the next videos of the checkout funnel."
    )
    words = tuple(Word(i * 0.3, i * 0.3 + 0.25, t, 0.9) for i, t in enumerate(said.split()))
    (segment,) = drop_stock_phrases([Segment(0.0, words[-1].end, said, words)])
    assert segment.text == (
        "I rolled back the config push within 12 minutes. Once we were stable, I watched the "
        "next videos of the checkout funnel."
    )
    only = tuple(Word(i, i + 0.5, t, 0.9) for i, t in enumerate(["Thanks", "for", "watching!"]))
    assert drop_stock_phrases([Segment(0.0, 3.0, "Thanks for watching!", only)]) == []
    dots = tuple(Word(i, i + 0.5, t, 0.9) for i, t in enumerate(["quarters.", "...", "And"]))
    assert drop_stock_phrases([Segment(0, 3, "quarters. ... And", dots)])[0].text == "quarters. And"


def test_lost_speech_is_measured_against_the_audio() -> None:
    from star_rehearsal.core.transcript import Segment, Word
    from star_rehearsal.core.transcription.coverage import lost_speech

    rng = np.random.default_rng(1)
    audio = np.zeros(16000 * 20, dtype=np.float32)
    audio[16000 : 16000 * 19] = 0.1 * rng.standard_normal(16000 * 18).astype(np.float32)
    all_words = [Segment(1.0, 19.0, "x", tuple(Word(t, t + 0.4, "x", 1.0) for t in range(1, 19)))]
    half = [Segment(10.0, 19.0, "x", tuple(Word(t, t + 0.4, "x", 1.0) for t in range(10, 19)))]
    assert lost_speech(audio, all_words) == 0.0
    assert lost_speech(audio, half) >= 8.0


def test_prompt_that_ends_a_window_early_is_retried(engine, sample_deck_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Recorded regression: with its story's prompt, tiny.en ends the 28 s window of this
    answer (espeak-ng, sample answer s02) after its first sentence. The engine must notice the
    speech left unaccounted for and keep every sentence."""
    from star_rehearsal.core.transcription.coverage import lost_speech

    clip = Path(__file__).parents[1] / "fixtures" / "audio" / "early-stop.flac"
    answer = json.loads(ANSWERS.read_text().splitlines()[1])
    story = load_deck(sample_deck_path).story(answer["target_story_id"])
    transcript = engine.transcribe(clip, prompt=story_prompt(story))
    assert lost_speech(load_audio(clip), transcript.segments) == 0.0
    assert overlap(transcript.text, answer["text"]) > 0.7, transcript.text
