"""The garbage collector while a command loads.

Loading the full path (SQLAlchemy, SQLModel, pydantic, the models, Textual) allocates some
160,000 objects that live as long as the process. The collector, counting allocations,
scans them again and again while they load (about 260 collections) and finds almost nothing
to free (about 1,100 objects): measured at 60–90 ms of the console's start. So it is paused
while a command loads and resumed once the command's modules and store are there.

Pausing never outlives the command: ``resume`` is idempotent and the command line calls it
when the command ends, so a caller that runs commands in-process (the tests) keeps its
collector as it was.
"""

from __future__ import annotations

import gc

_paused_here = False


def pause() -> None:
    """Stop automatic collections, if they run; ``resume`` restarts them."""
    global _paused_here
    if gc.isenabled():
        gc.disable()
        _paused_here = True


def resume() -> None:
    """Restart automatic collections if ``pause`` stopped them; otherwise nothing."""
    global _paused_here
    if _paused_here:
        _paused_here = False
        gc.enable()
