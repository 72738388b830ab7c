"""A play run in the background, for a test that changes the simulator at the moment the module reaches a step.

Such a test holds a state the module must meet (a task still running: a crawling clock; a new subscription not
listed yet: a lag longer than the test) and releases it once the request log shows the module got there, instead
of betting on how long ansible-playbook takes to start (one to five seconds, with the machine's load).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from harness import PlaybookRun, SimulatorProcess
from waiting import wait_for

# A clock this slow stands still for the length of a test: 1 sim second takes 1000 real seconds.
CRAWLING_SPEED = 0.001


@contextmanager
def in_background(run_playbook: Callable[..., PlaybookRun], *args: Any, **kwargs: Any) -> Iterator[Future[PlaybookRun]]:
    """``run_playbook(*args, **kwargs)`` in a thread; ``.result()`` of what it yields is the run."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        yield pool.submit(run_playbook, *args, **kwargs)


def wait_for_request(sim: SimulatorProcess, matches: Callable[[dict[str, Any]], bool], what: str,
                     play: Future[PlaybookRun], since: int = 0, timeout: float = 120) -> None:
    """Until a /v1 request logged after the mark ``since`` matches, or the play has ended (its result then tells)."""
    wait_for(lambda: play.done() or any(matches(entry) for entry in sim.requests()[since:] if entry["path"].startswith("/v1/")),
             what, timeout)
