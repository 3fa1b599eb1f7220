"""`star-rehearsal transcribe AUDIO`: local Whisper transcription of an audio file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from star_rehearsal.cli.common import complain, fail
from star_rehearsal.core.defaults import ENGINE, MODEL

COMMAND = "transcribe"


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
            return fail(COMMAND, "--deck and --story go together", 2)
        from star_rehearsal.core.deck_parser import load_deck

        deck = load_deck(args.deck)
        if not deck.usable:
            return fail(COMMAND, "; ".join(str(m) for m in deck.errors), 2)
        story = deck.story(args.story)
        if story is None:
            return fail(COMMAND, f"no story '{args.story}' in {args.deck}", 2)
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
        return fail(COMMAND, str(exc), 2)
    for warning in dict.fromkeys(report.warnings):
        complain(COMMAND, f"warning: {warning}")
    if not transcript.text:
        complain(COMMAND, f"no speech was heard in the {transcript.duration_s:.1f} s of audio;"
                 " check the recording level")  # fmt: skip
    if args.json:
        print(json.dumps(transcript.to_json(), indent=2, ensure_ascii=False))
    else:
        print(transcript.text)
    return 0
