"""`star-rehearsal transcribe AUDIO`: local Whisper transcription of an audio file."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from star_rehearsal.core.defaults import ENGINE, MODEL


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("transcribe", help="transcribe an audio file with the local Whisper model")
    p.add_argument("audio", type=Path, help="WAV, FLAC, OGG… at any rate and channel count")
    p.add_argument("--engine", default=ENGINE, choices=("faster-whisper", "openai-whisper"))
    p.add_argument(
        "--model",
        default=MODEL,
        help="tiny.en (bundled, default), a model name, or a model folder/.pt file",
    )
    p.add_argument("--deck", type=Path, help="deck holding --story, to bias towards its words")
    p.add_argument("--story", help="story id whose vocabulary biases the transcript")
    p.add_argument("--no-prompt", action="store_true", help="no prompt at all (fillers may drop)")
    p.add_argument("--json", action="store_true", help="print the transcript as JSON")
    p.set_defaults(func=run)


def fail(message: str) -> int:
    print(f"star-rehearsal transcribe: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from star_rehearsal.core.transcription import (
        AudioFileError,
        EngineUnavailable,
        create_engine,
        iter_audio,
        story_prompt,
    )

    story = None
    if args.story or args.deck:
        if not (args.story and args.deck):
            return fail("--deck and --story go together")
        from star_rehearsal.core.deck_parser import load_deck

        deck = load_deck(args.deck)
        if not deck.usable:
            return fail("; ".join(str(m) for m in deck.errors))
        story = deck.story(args.story)
        if story is None:
            return fail(f"no story '{args.story}' in {args.deck}")
    from star_rehearsal.core.audio.files import AudioReport
    from star_rehearsal.core.transcription.long_audio import transcribe_file

    report = AudioReport()
    try:
        # Checked before the model loads: a bad file is refused at once, with its reason.
        next(iter_audio(args.audio, chunk_s=0.1), None)
        engine = create_engine(args.engine, args.model)
        prompt = None if args.no_prompt else story_prompt(story)
        transcript = transcribe_file(engine, args.audio, prompt=prompt, report=report)
    except (AudioFileError, EngineUnavailable) as exc:
        return fail(str(exc))
    for warning in dict.fromkeys(report.warnings):
        print(f"star-rehearsal transcribe: warning: {warning}", file=sys.stderr)
    if not transcript.text:
        print(
            f"star-rehearsal transcribe: no speech was heard in the {transcript.duration_s:.1f} s "
            "of audio; check the recording level",
            file=sys.stderr,
        )
    if args.json:
        print(json.dumps(transcript.to_json(), indent=2, ensure_ascii=False))
    else:
        print(transcript.text)
    return 0
