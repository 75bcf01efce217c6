"""What catalog entries are made of: strict text, names a command can take, frozen models.

Shared by the catalog and its escalation policies, which are read from the same file and
checked the same way.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StrictStr, StringConstraints

from warroom.base import limits
from warroom.base.errors import InvalidInput

__all__ = ["Entry", "Name", "Text", "number_shown"]

# Strict scalars: TOML values are already typed, so "30" for a number or "yes" for a bool
# is a mistake in the file, not something to coerce.
Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]


def _usable_name(value: str) -> str:
    """At most ``limits.NAME`` bytes, as every command takes a product, team, service or
    person: a longer name in the catalog could never be typed back."""
    try:
        return limits.within("name", value, limits.NAME)
    except InvalidInput as err:
        raise ValueError(err.message) from None


Name = Annotated[Text, AfterValidator(_usable_name)]


class Entry(BaseModel):
    # frozen: the catalog is shared read-only; forbid: a misspelt key must not be ignored.
    model_config = ConfigDict(frozen=True, extra="forbid")


def number_shown(value: int) -> str:
    """``value`` as a refusal quotes it: a number of thousands of digits is counted, so the
    refusal stays one short line."""
    digits = str(value)
    return digits if len(digits) <= 20 else f"a number of {len(digits)} digits"
