"""`star-rehearsal report`: a question's takes or a mock session, as Markdown or PDF."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from star_rehearsal.cli.common import add_data_dir_option, app_settings, complain, fail

if TYPE_CHECKING:
    from star_rehearsal.core.takes import TakesStore

COMMAND = "report"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="export a question's takes or a mock session (.md or .pdf)")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--question", help="question id (shown by `takes`), or the start of the "
                      "question's text")  # fmt: skip
    what.add_argument("--session", help="mock session id (see `report --list-sessions`)")
    what.add_argument("--list-sessions", action="store_true", help="list mock session ids")
    p.add_argument("--out", type=Path, help="FILE.md or FILE.pdf (PDF is drawn by Qt)")
    p.add_argument("--force", action="store_true",
                   help="replace FILE (and FILE-scores.png beside a .md) if they exist")  # fmt: skip
    p.add_argument("--deck", type=Path, default=argparse.SUPPRESS,
                   help="deck for story titles (default: the one the takes came from)")  # fmt: skip
    add_data_dir_option(p, help="data folder (default: recordings/ in a checkout)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from star_rehearsal.core.paths import default_data_dir
    from star_rehearsal.core.takes import DB_NAME

    data_dir = getattr(args, "data_dir", None) or default_data_dir()
    if not args.list_sessions and (
        args.out is None or args.out.suffix.lower() not in (".md", ".pdf")
    ):
        return fail(COMMAND, "give --out FILE.md or --out FILE.pdf", 2)
    if not (data_dir / DB_NAME).is_file():
        if getattr(args, "data_dir", None):  # the folder was named: asking for it again is no help
            return fail(COMMAND, f"no takes in {data_dir} (no {DB_NAME} there): record a take "
                        "first, or name the folder that holds it", 2)  # fmt: skip
        return fail(COMMAND, f"no takes in {data_dir}; pass --data-dir PATH", 2)
    try:
        report = _build(args, data_dir)
    except (RuntimeError, OSError, sqlite3.Error) as exc:
        return fail(COMMAND, f"cannot read {data_dir / DB_NAME}: {exc}", 2)
    if report is None:
        return 0 if args.list_sessions else 1
    from star_rehearsal.ui.report_export import (
        ReportExists,
        check_targets,
        write_markdown,
        write_pdf,
    )

    out: Path = args.out
    try:
        if not out.parent.is_dir():
            out.parent.mkdir(parents=True, exist_ok=True)
        check_targets(report, out, force=args.force)  # refused before anything is drawn
        if out.suffix.lower() == ".pdf":
            written = [write_pdf(report, out, force=args.force)]
        else:
            written = write_markdown(report, out, force=args.force)
    except ReportExists as exc:
        return fail(COMMAND, f"{exc.filename} {exc.strerror}; nothing was written", 1)
    except OSError as exc:  # a full disk, a folder, a device, /proc: the system's own reason
        where = exc.filename or out
        return fail(COMMAND, f"cannot write {where}: {exc.strerror or exc}; no report was left "
                    "there", 1)  # fmt: skip
    for path in written:
        print(path)
    return 0


def _build(args: argparse.Namespace, data_dir: Path) -> object | None:
    from star_rehearsal.core.practice.mock import list_sessions, load_session
    from star_rehearsal.core.practice.report import question_report, session_report
    from star_rehearsal.core.practice.schedule import PracticeStore
    from star_rehearsal.core.takes import TakesStore

    store = TakesStore(data_dir)
    practice = PracticeStore.for_takes(store)
    try:
        if args.list_sessions:
            for sid in list_sessions(practice):
                print(sid)
            return None
        if args.session:
            session = load_session(practice, args.session)
            if session is None:
                complain(COMMAND, f"no mock session {args.session}; "
                         "see `star-rehearsal report --list-sessions`")  # fmt: skip
                return None
            takes = {m.take_id: store.get(m.take_id) for m in session.takes}
            return session_report(session, {k: v for k, v in takes.items() if v is not None})
        question = _question_id(store, args.question)
        if question is None:
            return None
        takes = store.list_takes(question)
        for problem in store.problems:  # a damaged take is listed without its score, said here
            complain(COMMAND, problem)
        if not takes:
            complain(COMMAND, f"no takes of question {args.question}; "
                     "see `star-rehearsal takes`")  # fmt: skip
            return None
        titles = _story_titles(args, takes)
        from star_rehearsal.core.practice.settings import PracticeSettings

        _, settings = app_settings(args)
        practice.sync(settings.target_band, PracticeSettings.from_extra(settings.extra).interview)
        ratings = practice.reviews([t.id for t in takes])
        return question_report(takes[-1].question_text, takes, titles, ratings)
    finally:
        practice.close()
        store.close()


def _question_id(store: TakesStore, asked: str) -> str | None:
    """The question id `takes` shows, or the one question whose text is `asked` or starts with
    it (case and spacing aside): the id is not something a user remembers."""
    texts = {line.question_id: line.question_text for line in store.take_lines()}
    if asked in texts:
        return asked
    norm = " ".join(asked.split()).casefold()
    exact = [q for q, t in texts.items() if " ".join(t.split()).casefold() == norm]
    found = exact or [
        q for q, t in texts.items() if " ".join(t.split()).casefold().startswith(norm)
    ]
    if len(found) == 1:
        return found[0]
    if found:
        listed = "; ".join(f"{q} ({texts[q]})" for q in sorted(found))
        complain(COMMAND, f"{len(found)} questions start with '{asked}': {listed}; give more of "
                 "the text or the id")  # fmt: skip
    else:
        complain(COMMAND, f"no takes of question {asked}; "
                 "see `star-rehearsal takes` for the ids")  # fmt: skip
    return None


def _story_titles(args: argparse.Namespace, takes: list) -> dict[str, str]:
    titles = {t.story_id: (t.story or {}).get("title", "") for t in takes if t.story_id}
    deck_path = getattr(args, "deck", None)
    if deck_path and Path(deck_path).is_file():
        from star_rehearsal.core.deck_parser import load_deck

        titles.update({s.id: s.title for s in load_deck(Path(deck_path)).all_stories()})
    return titles
