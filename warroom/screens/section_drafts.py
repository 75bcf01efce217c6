"""What the postmortem screen holds of each written section: the text as last saved, the
revision it is over, and what is typed but not saved yet. Kept apart from the screen so the
one tricky part — typing on while a save is under way, and another console's save joined
in — is plain code with its own tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from warroom.process.postmortem_merge import join_edits


@dataclass(frozen=True)
class Pending:
    slug: str
    text: str
    base: int | None  # the revision it was typed over


@dataclass
class SectionDrafts:
    _base: dict[str, int | None] = field(default_factory=dict)
    _saved: dict[str, str] = field(default_factory=dict)
    _unsaved: dict[str, str] = field(default_factory=dict)
    _in_flight: str | None = None  # the section being saved now

    @property
    def loaded(self) -> bool:
        return bool(self._base)

    @property
    def settled(self) -> bool:
        """Nothing typed is waiting, and no save is under way."""
        return not self._unsaved and self._in_flight is None

    @property
    def saving(self) -> bool:
        return self._in_flight is not None

    def text(self, slug: str) -> str:
        """What the section shows: typed if anything is, else as saved."""
        return self._unsaved.get(slug, self._saved.get(slug, ""))

    def read(self, slug: str, text: str, revision: int | None) -> bool:
        """The store's text for ``slug``, read again. Taken unless something typed here is
        not saved yet (its save joins the two), or the read began before a revision held
        here was saved (a poll's answer may arrive after a save's); True when taken."""
        if slug in self._unsaved or slug == self._in_flight:
            return False
        held = self._base.get(slug)
        if held is not None and (revision is None or revision < held):
            return False  # revisions are kept for good, and their ids only grow
        self._base[slug], self._saved[slug] = revision, text
        return True

    def typed(self, slug: str, text: str) -> bool:
        """True when ``text`` differs from what the section showed."""
        if text == self.text(slug):
            return False
        self._unsaved[slug] = text
        return True

    def next_to_save(self) -> Pending | None:
        """The next section to save, marked as under way; None while one is."""
        if self._in_flight is not None or not self._unsaved:
            return None
        slug, text = next(iter(self._unsaved.items()))
        self._in_flight = slug
        return Pending(slug, text, self._base.get(slug))

    def saved(self, sent: Pending, revision: int | None, stored: str) -> str:
        """The save of ``sent`` came back as ``stored`` (joined with another's save, maybe);
        returns what the section shows now: anything typed meanwhile goes over it."""
        self._in_flight = None
        typed = self._unsaved.get(sent.slug, sent.text)
        shown = join_edits(sent.text, stored, typed) if typed != sent.text else stored
        self._base[sent.slug], self._saved[sent.slug] = revision, stored
        if shown == stored:
            self._unsaved.pop(sent.slug, None)
        else:
            self._unsaved[sent.slug] = shown
        return shown

    def refused(self) -> None:
        """The save failed: the typed text stays unsaved, to try again."""
        self._in_flight = None
