"""One whole process as a user starts it, run by ``process_start`` in a terminal (a pty):
``python frame_child.py bare|warroom|resolved OUT [--db DB --user U]``.

Before anything else it wraps ``App._display`` (observe only) so that the first frame
rendered once the screen is complete writes ``time.monotonic()`` to OUT; the parent stamped
the same clock before it spawned this process, so imports, interpreter start and the store's
opening all count. The app then runs half a second more (what it does right after the first
frame counts toward its peak memory), and exits as a user's quit would.

Only the standard library and ``textual.app`` are imported here before the app's own code:
textual.app is the first thing either app imports anyway.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from textual.app import App

AFTER_FIRST_FRAME = 0.5  # seconds the app keeps running after its first complete frame


def bare_app() -> App[None]:
    from textual.app import ComposeResult
    from textual.widgets import Footer, Header

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Footer()

    return BareApp()


def footer_ready(screen: Any) -> bool:
    from textual.widgets import Footer

    footers = screen.query(Footer)
    return bool(footers) and bool(footers.first().children)


def console_ready(app: Any) -> bool:
    """The console's first complete frame: the incident list has its rows, the header shows
    the focused incident, the timeline has its lines and shows its latest (scrolled to its
    end, as people read it), the footer its keys."""
    from warroom.screens.console import ConsoleScreen
    from warroom.widgets.incident_header import IncidentHeader
    from warroom.widgets.incident_list import IncidentList
    from warroom.widgets.timeline import TimelineLog

    screen = app.screen
    if not isinstance(screen, ConsoleScreen) or screen.board is None:
        return False
    detail = screen.board.detail
    header = screen.query_one(IncidentHeader).content
    log = screen.query_one(TimelineLog)
    return (
        detail is not None
        and bool(screen.query_one(IncidentList).rows)
        and detail.incident.key in getattr(header, "plain", str(header))
        and bool(log.lines)
        and round(log.scroll_y) == log.max_scroll_y
        and footer_ready(screen)
    )


def listed(app: Any) -> int:
    from warroom.widgets.incident_list import IncidentList

    return len(app.screen.query_one(IncidentList).rows)


def watch_frames(out: str, ready: Any, then_resolved: bool = False) -> None:
    """Write the first complete frame's time to OUT. With ``then_resolved``, wait for the
    list to grow past the open incidents (the parent types ctrl+r once it reads the first
    line) and write that frame's time too."""
    display = App._display
    state: dict[str, Any] = {"frames": 0, "ready": False, "open": None}

    def say(app: Any, line: str, done: bool) -> None:
        with open(out, "a") as file:
            file.write(line + "\n")
        if done:
            app.set_timer(AFTER_FIRST_FRAME, app.exit)

    def observed(app: Any, screen: Any, renderable: Any) -> None:
        display(app, screen, renderable)
        if renderable is None or app._batch_count:
            return
        state["frames"] += 1
        if not state["ready"]:
            if ready(app):
                state["ready"] = True
                state["open"] = listed(app) if then_resolved else None
                say(app, f"{time.monotonic()!r} {state['frames']}", done=not then_resolved)
        elif state["open"] is not None and listed(app) > state["open"]:
            state["open"] = None
            say(app, f"{time.monotonic()!r} {listed(app)}", done=True)

    App._display = observed  # type: ignore[method-assign]


def main() -> int:
    kind, out, *rest = sys.argv[1:]
    if kind == "bare":
        watch_frames(out, lambda app: footer_ready(app.screen))
        bare_app().run()
        return 0
    watch_frames(out, console_ready, then_resolved=kind == "resolved")
    from warroom.cli.entry import main as warroom_main  # the `warroom` script's own start

    sys.argv = ["warroom", *rest]
    return warroom_main()


if __name__ == "__main__":
    sys.exit(main())
