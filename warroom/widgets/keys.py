"""Keys as they are in effect: the bindings a class declares, with the user's keymap applied.

Every binding has an id, so ``[keymap]`` in warroom.toml can move it (Textual's
``App.set_keymap``). The help, the command palette and the next-step hints are built from
these, never from lists of keys of their own, so they cannot disagree with what a key does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType
from textual.keys import REPLACED_KEYS, Keys, format_key, key_to_character


@dataclass(frozen=True)
class Key:
    """One command and the keys that run it now."""

    id: str
    action: str
    description: str
    tooltip: str
    bound: tuple[str, ...]  # as Textual names them: "d", "ctrl+r", "question_mark"

    @property
    def keys(self) -> tuple[str, ...]:
        """As people read them: "d", "ctrl+r", "?", "F1"."""
        return tuple(readable(key) for key in self.bound)


def keys_in_effect(bindings: Iterable[BindingType], keymap: Mapping[str, str]) -> list[Key]:
    """Each binding with an id, once, with the keys the keymap gives it (in declared order)."""
    found: dict[str, Key] = {}
    for binding in Binding.make_bindings(bindings):
        if binding.id is None:
            continue
        remapped = keymap.get(binding.id)
        bound = [b.key for b in _bindings_for(binding, remapped)] if remapped else [binding.key]
        known = found.get(binding.id)
        if known is not None:  # "f1,question_mark": one command, several keys
            bound = [*known.bound, *(key for key in bound if key not in known.bound)]
        found[binding.id] = Key(
            binding.id, binding.action, binding.description, binding.tooltip, tuple(bound)
        )
    return list(found.values())


_MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
_NAMED_KEYS = {key.value for key in Keys}


def is_key(key: str) -> bool:
    """Whether a terminal can send ``key`` (Textual's name for it: "d", "ctrl+n", "f5",
    "question_mark"); a keymap entry that is not a key could never be pressed."""
    *modifiers, base = key.split("+") if key != "plus" else ["plus"]
    if not base or not set(modifiers) <= _MODIFIERS:
        return False
    return base in _NAMED_KEYS or key_to_character(REPLACED_KEYS.get(base, base)) is not None


_NAMES = {"escape": "Esc", "enter": "Enter", "tab": "Tab", "space": "Space"}


def readable(key: str) -> str:
    """A key as a sentence names it: "ctrl+s", "Esc", "F1", "?", "+"."""
    *modifiers, base = key.split("+") if key != "plus" else ["plus"]
    if base in _NAMES:
        name = _NAMES[base]
    elif re.fullmatch(r"f\d+", base):
        name = base.upper()
    else:
        name = format_key(base)
    return "+".join([*modifiers, name])


def _bindings_for(binding: Binding, keys: str) -> list[Binding]:
    # make_bindings turns "?" into "question_mark", as Textual does with a keymap's keys.
    return list(Binding.make_bindings([binding.with_key(keys)]))


def key_name(app: App[Any], binding_id: str) -> str:
    """The key that runs a command now, for a sentence ("press d to declare one").

    ``WarroomApp.key_names`` holds every command's key once the keymap is applied; widgets
    read it from the app, which they cannot import. Unknown ids read as the id itself.
    """
    names: Mapping[str, str] = getattr(app, "key_names", {})
    return names.get(binding_id, binding_id)


def keymap_of(app: App[Any]) -> Mapping[str, str]:
    """The user's keymap (binding id → keys), as ``WarroomApp`` holds it."""
    keymap: Mapping[str, str] = getattr(app, "keymap", {})
    return keymap
