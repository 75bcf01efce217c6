"""The command palette (ctrl+p): every console action by name, and every incident to jump to."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from warroom.base.text import safe
from warroom.process.read import list_incidents

# (command name, help text, ConsoleScreen action) — the same actions the keys run.
ACTIONS = (
    ("Declare an incident", "d · open the declare form", "declare"),
    (
        "Take the focused incident as incident manager",
        "a · assigns you and moves it to fixing",
        "take",
    ),
    ("Write a timeline note", "n · focus the scribe's entry line", "focus_entry"),
    ("Change severity", "s · asks for the reason", "severity"),
    ("Set comms channels", "l · chat room, video call, status document", "channels"),
    ("Set impact started / detected times", "i · for TTD and TTR", "times"),
    ("Page a team", "p · the on-call person of a team, with the key", "page"),
    ("Draft and send comms", "c · initial, update or resolution, per channel", "draft"),
    ("Resolve the focused incident", "R · asks when the impact ended", "resolve"),
    (
        "Reopen the focused incident",
        "a resolved incident goes back to fixing, with a reason",
        "reopen",
    ),
    ("Show roles", "1 · the roles board", "tab('1')"),
    ("Show the assessment checklist", "2 · the six questions", "tab('2')"),
    ("Show the severity matrix", "3", "tab('3')"),
    ("Show comms", "4 · messages and templates", "tab('4')"),
    ("Show or hide resolved incidents", "ctrl+r", "toggle_resolved"),
    ("Help", "F1 · help for the focused pane", "help"),
)


class ConsoleCommands(Provider):
    async def discover(self) -> Hits:
        for name, help_text, action in ACTIONS:
            yield DiscoveryHit(name, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in ACTIONS:
            if (score := matcher.match(name)) > 0:
                yield Hit(
                    score, matcher.highlight(name), partial(self._run, action), help=help_text
                )
        screen = self.screen
        ctx = getattr(screen, "ctx", None)
        if ctx is None:
            return
        # The store is read off the event loop, like every other read of the console.
        rows = await asyncio.to_thread(list_incidents, ctx, include_resolved=True, limit=2000)
        for row in rows:
            summary = safe(row.summary).replace("\n", " ")
            label = f"Go to {row.key} · SEV{row.severity} · {row.status} · {summary}"
            if (score := matcher.match(label)) > 0:
                yield Hit(score, matcher.highlight(label), partial(self._go, row.key))

    async def _run(self, action: str) -> None:
        await self.screen.run_action(action)

    def _go(self, key: str) -> None:
        focus = getattr(self.screen, "focus_incident", None)
        if focus is not None:
            focus(key)
