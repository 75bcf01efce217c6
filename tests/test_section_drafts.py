"""The postmortem screen's drafts: typing on while a save is under way, and another
console's save joined in, lose nothing."""

from __future__ import annotations

from warroom.screens.section_drafts import SectionDrafts


def test_a_read_does_not_overwrite_what_is_typed() -> None:
    drafts = SectionDrafts()
    assert drafts.read("fault", "as saved", 1) and drafts.text("fault") == "as saved"
    assert drafts.typed("fault", "as saved, and more")
    assert not drafts.typed("fault", "as saved, and more")  # nothing new
    assert not drafts.read("fault", "someone else's", 2)
    assert drafts.text("fault") == "as saved, and more"


def test_typing_on_during_a_save_is_kept_over_what_came_back() -> None:
    drafts = SectionDrafts()
    drafts.read("fault", "", None)
    drafts.typed("fault", "one\n")
    sent = drafts.next_to_save()
    assert sent is not None and (sent.text, sent.base) == ("one\n", None)
    assert drafts.next_to_save() is None  # one save at a time
    drafts.typed("fault", "one\ntwo\n")  # typed while it was saved
    # It came back joined with another console's line.
    shown = drafts.saved(sent, 5, "theirs\none\n")
    assert shown == "theirs\none\ntwo\n" and not drafts.settled
    again = drafts.next_to_save()
    assert again is not None and (again.text, again.base) == (shown, 5)
    assert drafts.saved(again, 6, shown) == shown and drafts.settled


def test_a_refused_save_keeps_the_text_to_try_again() -> None:
    drafts = SectionDrafts()
    drafts.typed("root-cause", "no limit")
    sent = drafts.next_to_save()
    assert sent is not None and drafts.saving
    drafts.refused()
    assert not drafts.saving and drafts.text("root-cause") == "no limit"
    assert drafts.next_to_save() == sent


def test_a_read_that_began_before_a_save_does_not_take_back_the_saved_text() -> None:
    """A poll's read may start before a save commits and answer after it: its older
    revision must not replace the newer one, or typing goes on over the older text."""
    drafts = SectionDrafts()
    assert drafts.read("fault", "It wa", 4)
    assert drafts.typed("fault", "It was")
    sent = drafts.next_to_save()
    assert sent is not None
    assert drafts.saved(sent, 5, "It was") == "It was"
    assert not drafts.read("fault", "It wa", 4)  # the poll's answer, read before revision 5
    assert drafts.text("fault") == "It was"
    assert not drafts.read("fault", "", None)
    assert drafts.read("fault", "It was, said Bob", 6)  # a newer revision is taken
    assert drafts.text("fault") == "It was, said Bob"
