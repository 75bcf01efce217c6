"""Observe-only hooks on a running app: when a frame is rendered, when a note is shown.

Timestamps come from wrappers (``app._display``, ``TimelineLog.show``), so no polling loop
competes with the app for the GIL."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any


class FrameClock:
    """Timestamps frames: wraps ``app._display``, which Textual calls with each rendered
    compositor update (also when headless, where it just skips the terminal write). A frame
    rendered after a widget changed contains the change, since rendering and message
    handlers run on the same thread; whether the change is in view is for the watcher to
    check (``NoteWatch.on_screen``)."""

    def __init__(self, app: Any, ready: Callable[[], bool]) -> None:
        self.app = app
        self.ready = ready
        self.first_ready: float | None = None
        self.frames = 0
        self.event = asyncio.Event()
        self.watchers: list[Callable[[], None]] = []
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None or app._batch_count:
                return
            self.frames += 1
            if self.first_ready is None and self.ready():
                self.first_ready = time.perf_counter()
                self.event.set()
            for watcher in list(self.watchers):
                watcher()

        app._display = display


class NoteWatch:
    """Timestamps the moment a marker text is in ``TimelineLog.lines``: wraps the log's
    ``show`` (which writes, and so renders, synchronously) and checks its newest lines."""

    def __init__(self, log: Any, frames: FrameClock) -> None:
        self.log = log
        self.marker: str | None = None
        self.in_lines: float | None = None  # perf_counter
        self.in_lines_wall: float | None = None  # time.time, for the cross-process figure
        self.painted: float | None = None
        self.show_seconds: list[float] = []  # the calls that wrote lines
        self.early_returns = 0  # the calls that found nothing new to write
        self.event = asyncio.Event()
        original = log.show

        def show(entries: Any) -> None:
            shown_before = log._shown
            started = time.perf_counter()
            original(entries)
            seconds = time.perf_counter() - started
            # A call that found nothing new returns early: counted apart, not as a render.
            if log._shown is shown_before:
                self.early_returns += 1
            else:
                self.show_seconds.append(seconds)
            self._check()

        log.show = show
        frames.watchers.append(self._frame)

    def arm(self, marker: str) -> None:
        self.marker = marker
        self.in_lines = self.in_lines_wall = self.painted = None
        self.event.clear()

    def visible(self) -> bool:
        marker = self.marker
        return marker is not None and any(marker in strip.text for strip in self.log.lines[-12:])

    def _check(self) -> None:
        if self.marker is not None and self.in_lines is None and self.visible():
            self.in_lines = time.perf_counter()
            self.in_lines_wall = time.time()

    def on_screen(self) -> bool:
        """Whether the marker's line is in the log's viewport: in ``lines`` is not enough, a
        line written below it shows only once the log has scrolled."""
        log = self.log
        top = round(log.scroll_y)
        shown = log.lines[top : top + log.scrollable_content_region.height]
        return self.marker is not None and any(self.marker in strip.text for strip in shown)

    def _frame(self) -> None:
        if self.in_lines is not None and self.painted is None and self.on_screen():
            self.painted = time.perf_counter()
            self.event.set()

    async def wait(self, timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            try:
                await asyncio.wait_for(self.event.wait(), 0.05)
                return True
            except TimeoutError:
                self._check()  # belt and braces: a write that bypassed show()
        return False
