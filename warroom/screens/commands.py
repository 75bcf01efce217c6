"""The command palette (ctrl+p): every console command by name, from the bindings in effect,
and every incident to jump to."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from warroom.base.text import safe
from warroom.process.read import list_incidents
from warroom.widgets.comms import CommsPane
from warroom.widgets.items_table import ItemsPane
from warroom.widgets.keys import Key, keymap_of, keys_in_effect
from warroom.widgets.pages_table import PagesPane
from warroom.widgets.roles_board import RolesBoard

# Panes whose keys run the screen's actions ("screen.…"): the palette offers those too.
PANES = (RolesBoard, CommsPane, PagesPane, ItemsPane)


class ConsoleCommands(Provider):
    def _commands(self) -> list[Key]:
        """Every command the console's keys run, named by its tooltip."""
        bindings = [*type(self.screen).BINDINGS, *(b for pane in PANES for b in pane.BINDINGS)]
        keys = keys_in_effect(bindings, keymap_of(self.app))
        return [key for key in keys if key.tooltip]

    async def discover(self) -> Hits:
        for key in self._commands():
            yield DiscoveryHit(key.tooltip, partial(self._run, key.action), help=_help(key))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for key in self._commands():
            # Found by its name or by the word beside its key ("Links", "Assign role").
            score = max(matcher.match(key.tooltip), matcher.match(key.description))
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(key.tooltip),
                    partial(self._run, key.action),
                    help=_help(key),
                )
        ctx = getattr(self.screen, "ctx", None)
        if ctx is None:
            return
        # The store is read off the event loop, like every other read of the console.
        rows = await asyncio.to_thread(list_incidents, ctx, include_resolved=True, limit=2000)
        for row in rows:
            summary = safe(row.summary).replace("\n", " ")
            label = f"Go to {row.key} · SEV{row.severity} · {row.status} · {summary}"
            if (score := matcher.match(label)) > 0:
                yield Hit(score, _highlighted(matcher, label), partial(self._go, row.key))

    async def _run(self, action: str) -> None:
        await self.screen.run_action(action.removeprefix("screen."))

    def _go(self, key: str) -> None:
        focus = getattr(self.screen, "focus_incident", None)
        if focus is not None:
            focus(key)


def _help(key: Key) -> str:
    return f"{' / '.join(key.keys)} · {key.description}"


def _highlighted(matcher: Matcher, text: str) -> Content:
    """The matched letters marked, as ``Matcher.highlight`` does, but on the text as written:
    ``highlight`` reads its text as markup, and a summary is data."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
