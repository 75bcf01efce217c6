"""The errors the core raises; each carries one line a person can act on."""


class WarroomError(Exception):
    """Base for every refusal the core makes. ``str(err)`` is shown to the user as is."""


class InvalidInput(WarroomError):
    """A value given by a person or script is not acceptable; nothing was changed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFound(WarroomError):
    """The incident (or other record) named does not exist."""


class Refused(WarroomError):
    """The process does not allow this step now (e.g. a backwards status move)."""


class StoreError(WarroomError):
    """The store cannot be opened or used (not a warroom store, corrupt, read-only)."""


class CatalogError(WarroomError):
    """The catalog file is malformed; the message names file, line and field."""


class ScenarioError(WarroomError):
    """A scenario file is malformed or cannot be played; the message names file, line and field."""
