"""The worker layer lets go of what a job was given once the job has reported: a finish job is
given the take's whole audio, and every one of them used to stay in memory for the life of the
window (resident memory grew by one take's audio per take)."""

from __future__ import annotations

import gc
import weakref
from typing import Any

from star_rehearsal.ui.workers import Workers


class Payload:
    """Stands in for a TakeRequest: something large a job is given."""

    def __init__(self) -> None:
        self.samples = bytearray(1_000_000)


def echo(payload: Payload, *, progress: Any) -> int:
    return len(payload.samples)


def boom(payload: Payload, *, progress: Any) -> int:
    raise ValueError("no")


def test_a_finished_job_lets_go_of_what_it_was_given(qtbot) -> None:
    workers = Workers()
    payloads: list[weakref.ref[Payload]] = []
    for fn in (echo, boom, *[echo] * 10):
        payload = Payload()
        payloads.append(weakref.ref(payload))
        done: list[object] = []
        job = workers.start(fn, payload, on_done=done.append, on_error=done.append)
        del payload, job
        qtbot.waitUntil(lambda d=done: bool(d), timeout=10_000)
        qtbot.waitUntil(lambda: workers.busy == 0, timeout=10_000)
    assert workers.wait(10_000)
    gc.collect()
    assert all(p() is None for p in payloads)  # finished and failed alike
