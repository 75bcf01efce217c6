"""The checklist widget: every gate of a message, ticked or not as the user types.

A ✘ item blocks sending and says where to fix it; a ⚠ item is advice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.content import Content
from textual.widgets import Static

from warroom.comms.gates import Check, CheckItem


class Checklist(Static):
    DEFAULT_CSS = """
    Checklist { height: auto; padding: 0 1; }
    """

    def show(self, items: Iterable[CheckItem], hints: Mapping[Check, str] | None = None) -> None:
        """``hints``: by check id, a word on the key that fixes it, shown beside its fix."""
        items, hints = list(items), hints or {}
        gates = [i for i in items if i.blocking]
        ready = sum(1 for i in gates if i.ok)
        parts: list[str | Content | tuple[str, str]] = []
        if ready == len(gates):
            parts.append((f"Ready to send — {ready}/{len(gates)} checks pass\n", "bold $success"))
        else:
            parts.append((f"Not ready — {ready}/{len(gates)} checks pass\n", "bold $error"))
        for item in items:
            if item.ok:
                parts.append((f"✔ {item.label}\n", "$success"))
            elif item.blocking:
                fix = f"{item.fix} ({hints[item.name]})" if item.name in hints else item.fix
                parts += [(f"✘ {item.label}", "bold $error"), (f" — {fix}\n", "$error")]
            else:
                parts += [(f"⚠ {item.label}", "bold $warning"), (f" — {item.fix}\n", "$warning")]
        self.update(Content.assemble(*parts).rstrip())
