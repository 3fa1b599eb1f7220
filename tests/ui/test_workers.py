"""The worker layer: typed jobs (Op[T]) report on the UI thread, and a job lets go of what it
was given once it has reported: a finish job is given the take's whole audio, and every one of
them used to stay in memory for the life of the window (resident memory grew by one take's
audio per take)."""

from __future__ import annotations

import gc
import threading
import weakref

from star_rehearsal.ui.workers import Op, Workers


class Payload:
    """Stands in for a TakeRequest: something large a job is given."""

    def __init__(self) -> None:
        self.samples = bytearray(1_000_000)


def echo(payload: Payload) -> int:
    return len(payload.samples)


def boom(payload: Payload) -> int:
    raise ValueError("no")


def test_a_finished_job_lets_go_of_what_it_was_given(qtbot) -> None:
    workers = Workers()
    payloads: list[weakref.ref[Payload]] = []
    for fn in (echo, boom, *[echo] * 10):
        payload = Payload()
        payloads.append(weakref.ref(payload))
        done: list[object] = []
        op = Op(lambda f=fn, p=payload: f(p)).success(done.append).failure(done.append)
        op.run_in(workers)
        del payload, op
        qtbot.waitUntil(lambda d=done: bool(d), timeout=10_000)
        qtbot.waitUntil(lambda: workers.busy == 0, timeout=10_000)
    assert workers.wait(10_000)
    gc.collect()
    assert all(p() is None for p in payloads)  # finished and failed alike


def test_callbacks_run_on_the_ui_thread_with_the_typed_value(qtbot) -> None:
    workers = Workers()
    ui_thread = threading.get_ident()
    seen: list[tuple[str, object, int]] = []
    progress: list[float] = []

    def work(report: object) -> int:
        assert threading.get_ident() != ui_thread  # the work itself runs on the pool
        report(0.5)  # type: ignore[operator]
        return 42

    Op.with_progress(work).success(
        lambda n: seen.append(("ok", n + 1, threading.get_ident()))
    ).progress(progress.append).run_in(workers)
    Op(lambda: boom(Payload())).failure(
        lambda m: seen.append(("failed", m, threading.get_ident()))
    ).run_in(workers)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    assert sorted(seen, key=lambda s: s[0]) == [("failed", "no", ui_thread), ("ok", 43, ui_thread)]
    assert progress == [0.5]
    assert workers.busy == 0


def test_a_job_that_ends_after_its_window_closed_says_nothing(capfd) -> None:
    """Ctrl+C while the window was being built: a warm-up job ended after Qt had deleted its
    relay and printed "Signal source has been deleted" with a traceback (seen once in CI). The
    job is run here on this thread, after deleting the relay, to reach that moment every time."""
    from shiboken6 import Shiboken
    from star_rehearsal.ui.workers import _Job, _Relay

    for work in (lambda report: report(0.5) or 1, lambda report: boom(Payload())):
        workers = Workers()
        relay = _Relay(Op(lambda: 0), workers)  # type: ignore[arg-type]
        job = _Job(work, relay)
        Shiboken.delete(relay)
        job.run()
    err = capfd.readouterr().err
    assert "Signal source has been deleted" not in err and "RuntimeError" not in err
