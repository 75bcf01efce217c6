"""What every screen of the console shares: service calls off the UI thread, and worker
failures handled in one place.

A service call runs in a thread worker; its result or its refusal comes back to the UI
thread, where widgets may be looked up. A refusal (``WarroomError``) goes to the caller's
handler; anything else fails the worker, and ``on_worker_state_changed`` shows it and
logs it. ``Worker.StateChanged`` does not bubble, so every screen that starts workers
needs this handler: a base class gives it to all of them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from textual import work
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from warroom.base.errors import WarroomError

log = logging.getLogger("warroom")

Result = TypeVar("Result")
FAILURE_SHOWN_FOR = 15  # seconds a failure stays on screen


class ServiceCalls(Widget):
    """Mixed into a screen: ``call_service`` and the one place worker failures land."""

    _last_failure: tuple[str, float] = ("", 0.0)  # what was last shown, and when (monotonic)

    def call_service(
        self,
        call: Callable[[], Result],
        *,
        done: Callable[[Result], object] | None = None,
        refused: Callable[[WarroomError], object] | None = None,
    ) -> None:
        """Run ``call`` off the UI thread; ``done`` gets its result and ``refused`` its
        refusal, both on the UI thread. Without ``refused`` a refusal is a notification."""
        self._service_worker(call, done, refused)

    @work(thread=True, group="service", exit_on_error=False)
    def _service_worker(
        self,
        call: Callable[[], Any],
        done: Callable[[Any], object] | None,
        refused: Callable[[WarroomError], object] | None,
    ) -> None:
        try:
            result = call()
        except WarroomError as err:
            self.app.call_from_thread(refused or self._notify_refused, err)
            return
        if done is not None:
            self.app.call_from_thread(done, result)

    def _notify_refused(self, err: WarroomError) -> None:
        self.notify(str(err), severity="error", title="Refused")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed: shown to the user and logged, never silent."""
        error = event.worker.error
        if event.state is not WorkerState.ERROR or error is None:
            return
        log.error("%s failed in %s", event.worker.name, type(self).__name__, exc_info=error)
        said = str(error) if isinstance(error, WarroomError) else f"{type(error).__name__}: {error}"
        # The feed is polled every second: a store that stays unreadable says so once while
        # its message is up, not once a second.
        now = time.monotonic()
        if said == self._last_failure[0] and now - self._last_failure[1] < FAILURE_SHOWN_FOR:
            return
        self._last_failure = (said, now)
        self.notify(
            said,
            title="Something went wrong (details in the log)",
            severity="error",
            timeout=FAILURE_SHOWN_FOR,
        )


class WarroomScreen(ServiceCalls, Screen[Result]):
    pass


class WarroomModal(ServiceCalls, ModalScreen[Result]):
    pass
