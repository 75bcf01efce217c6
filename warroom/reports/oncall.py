"""Who is on call, as the command line prints it: text for people, a dict for JSON."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from warroom.base.localtime import local, local_text
from warroom.base.text import one_line
from warroom.config.oncall import OVERRIDE, ROSTER, Next, OnCall

_WHEN = "%a %Y-%m-%d %H:%M"


def _when(moment: datetime) -> str:
    return local_text(moment, _WHEN)


def _next_text(later: Next | None) -> str:
    if later is None:
        return "no change ahead"
    who = one_line(later.person) if later.person is not None else "nobody"
    return f"next {who} from {_when(later.at)}"


def _source_text(answer: OnCall) -> str:
    if answer.source == OVERRIDE:
        return "override"
    if answer.source == ROSTER:
        return "gap in the schedule: the roster's first" if answer.in_gap else "no schedule: roster"
    return one_line(answer.source)


def format_on_call(answers: Sequence[OnCall], at: datetime) -> str:
    """A block per team: who is on call and why, until when and who then, and each layer."""
    shown = local(at)
    lines = [f"On call at {shown.strftime(_WHEN)} ({shown.strftime('%Z') or 'local time'})"]
    for answer in answers:
        lines += ["", *team_on_call(answer)]
    return "\n".join(lines)


def team_on_call(answer: OnCall) -> list[str]:
    """One team: who is on call and why, until when and who then; then a line per layer."""
    line = f"{one_line(answer.team)}: {one_line(answer.person)} ({_source_text(answer)})"
    if answer.next is not None:
        then = one_line(answer.next.person or "nobody")
        line += f" until {_when(answer.next.at)}, then {then}"
    lines = [line]
    width = max((len(one_line(layer.name)) for layer in answer.layers), default=0)
    for layer in answer.layers:
        who = one_line(layer.person) if layer.person is not None else "—"
        lines.append(f"  {one_line(layer.name):<{width}}  {who:<20} {_next_text(layer.next)}")
    return lines


def _next_dict(later: Next | None) -> dict[str, Any] | None:
    return None if later is None else {"person": later.person, "at": later.at.isoformat()}


def on_call_to_dict(answer: OnCall) -> dict[str, Any]:
    """One team for ``--json``: times in UTC ISO 8601, as every JSON warroom prints."""
    return {
        "team": answer.team,
        "on_call": answer.person,
        "source": answer.source,
        "until": None if answer.next is None else answer.next.at.isoformat(),
        "next": _next_dict(answer.next),
        "layers": [
            {"name": layer.name, "on_call": layer.person, "next": _next_dict(layer.next)}
            for layer in answer.layers
        ],
    }
