"""The blameless postmortem: sections saved with history, two writers joined, the review's
states, blame flags from the rules file, and what each theory came to."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import DatabaseError
from sqlmodel import select

from warroom.base.clock import ManualClock
from warroom.base.errors import CatalogError, InvalidInput, NotFound, Refused
from warroom.config.blame_rules import load_blame_rules
from warroom.process import incidents, postmortem, resolution, roles, timeline
from warroom.process.blame import find_flags
from warroom.process.context import Context
from warroom.process.postmortem_merge import join_edits
from warroom.process.postmortem_read import load_postmortem
from warroom.reports.postmortem import load_report
from warroom.store.models import PostmortemText
from warroom.vocabulary.kinds import EntryKind
from warroom.vocabulary.postmortem import ReviewState, Verdict

from .conftest import T0


@pytest.fixture
def key(ctx: Context, clock: ManualClock) -> str:
    """A resolved incident, ready for its postmortem."""
    declared = incidents.Declaration("Checkout errors", 2, impact_started_at=T0)
    found = incidents.declare(ctx, declared, by="alice").key
    roles.take(ctx, found, by="alice")
    clock.advance(timedelta(minutes=30))
    resolution.resolve(ctx, found, impact_ended_at=clock.now(), by="alice")
    return found


def _write(ctx: Context, key: str, section: str, text: str, by: str) -> postmortem.Saved:
    base = load_postmortem(ctx, key).revision(postmortem.section_slug(section))
    return postmortem.write_section(ctx, key, section, text, base=base, by=by)


def test_each_save_is_a_revision_kept_and_the_latest_is_the_text(ctx: Context, key: str) -> None:
    first = _write(ctx, key, "Root cause", "the cert expired", "alice")
    second = _write(ctx, key, "root-cause", "the cert expired unnoticed", "alice")
    assert second.revision.base_id == first.revision.id and not second.joined_with
    assert load_postmortem(ctx, key).text("root-cause") == "the cert expired unnoticed"
    # Saving the same text again saves nothing.
    assert _write(ctx, key, "root-cause", "the cert expired unnoticed", "alice").revision.id == (
        second.revision.id
    )
    with ctx.store.read() as session:
        texts = [r.text for r in session.exec(select(PostmortemText))]
    assert texts == ["the cert expired", "the cert expired unnoticed"]


def test_the_database_keeps_every_revision(ctx: Context, key: str) -> None:
    _write(ctx, key, "fault", "a typo", "alice")
    for statement in ("UPDATE postmortem_text SET text = 'x'", "DELETE FROM postmortem_text"):
        with pytest.raises(DatabaseError), ctx.store.write() as session:
            session.connection().exec_driver_sql(statement)
    assert load_postmortem(ctx, key).text("fault") == "a typo"


def test_two_writers_of_one_section_lose_neither_text(ctx: Context, key: str) -> None:
    start = _write(ctx, key, "went-well", "Paging worked.\n", "alice").revision.id
    # Both opened the section at `start`; bob saves first, then alice over the same base.
    bob = postmortem.write_section(
        ctx, key, "went-well", "Paging worked.\nRollback took 2 min.\n", base=start, by="bob"
    )
    alice = postmortem.write_section(
        ctx, key, "went-well", "Paging worked fast.\nComms were on time.\n", base=start, by="al"
    )
    assert not bob.joined_with and alice.joined_with == "bob" and alice.revision.merged
    text = load_postmortem(ctx, key).text("went-well")
    for line in ("Paging worked fast.", "Rollback took 2 min.", "Comms were on time."):
        assert line in text


def test_join_edits_keeps_both_sides() -> None:
    assert join_edits("a\nb\n", "a\nb\nc\n", "A\nb\n") == "A\nb\nc\n"
    assert join_edits("", "theirs", "mine") == "theirs\nmine"
    assert join_edits("x", "x", "y") == "y" and join_edits("x", "y", "x") == "y"


def test_writing_waits_for_resolution_and_stops_at_approval(
    ctx: Context, key: str, clock: ManualClock
) -> None:
    other = incidents.declare(ctx, incidents.Declaration("Still burning", 1), by="bob").key
    with pytest.raises(Refused, match=f"{other} is not resolved yet"):
        _write(ctx, other, "fault", "x", "bob")
    with pytest.raises(InvalidInput, match="Timeline is filled from the record"):
        _write(ctx, key, "timeline", "x", "bob")
    with pytest.raises(InvalidInput, match="'nope' is not a section"):
        _write(ctx, key, "nope", "x", "bob")
    with pytest.raises(NotFound):
        _write(ctx, "NOPE-9", "fault", "x", "bob")


def test_review_needs_text_and_an_approver_who_wrote_none_of_it(ctx: Context, key: str) -> None:
    with pytest.raises(Refused, match="nothing is written"):
        postmortem.submit(ctx, key, by="alice")
    _write(ctx, key, "fault", "The cache filled up.", "alice")
    _write(ctx, key, "lead-up", "A deploy doubled the keys.", "bob")
    with pytest.raises(Refused, match="only a postmortem in review can be approved"):
        postmortem.approve(ctx, key, by="carol")
    postmortem.submit(ctx, key, by="alice")
    for writer in ("alice", "bob"):
        with pytest.raises(Refused, match=f"{writer} wrote part of the postmortem"):
            postmortem.approve(ctx, key, by=writer)
    with pytest.raises(Refused, match=f"the root cause of {key} is not written yet"):
        postmortem.approve(ctx, key, by="carol")
    _write(ctx, key, "root-cause", "Keys grew without a bound.", "alice")
    postmortem.approve(ctx, key, by="carol")
    view = load_postmortem(ctx, key)
    assert view.state is ReviewState.APPROVED and view.record is not None
    assert (view.record.submitted_by, view.record.approved_by) == ("alice", "carol")
    with pytest.raises(Refused, match="approved by carol; send it back"):
        _write(ctx, key, "fault", "changed", "dave")
    postmortem.send_back(ctx, key, by="carol")
    assert load_postmortem(ctx, key).state is ReviewState.DRAFT
    _write(ctx, key, "fault", "changed", "dave")


def test_approval_waits_for_every_blame_flag(ctx: Context, key: str) -> None:
    _write(ctx, key, "fault", "It was human error: alice should have checked.", "bob")
    _write(ctx, key, "root-cause", "No limit on the cache.", "bob")
    postmortem.submit(ctx, key, by="bob")
    report = load_report(ctx, key)
    assert [(f.rule, f.words) for f in report.flags] == [
        ("human error", "human error"),
        ("person as the cause", "alice should"),
        ("hindsight", "should have"),
    ]
    with pytest.raises(Refused, match="3 blame flag"):
        postmortem.approve(ctx, key, by="carol")
    for flag in report.flags:
        postmortem.accept_flag(ctx, key, flag.section, flag.rule, flag.words, by="bob")
    postmortem.accept_flag(ctx, key, "fault", "hindsight", "Should  Have", by="bob")  # again
    assert all(f.accepted for f in load_report(ctx, key).flags)
    postmortem.approve(ctx, key, by="carol")


def test_an_accepted_flag_stays_accepted_only_for_its_words(ctx: Context, key: str) -> None:
    _write(ctx, key, "fault", "human error", "bob")
    postmortem.accept_flag(ctx, key, "fault", "human error", "human error", by="bob")
    _write(ctx, key, "fault", "Human  Error, and careless too", "bob")
    flags = load_report(ctx, key).flags
    assert [(f.words, f.accepted) for f in flags] == [("Human  Error", True), ("careless", False)]


def test_flags_find_words_names_and_subjects_but_not_inside_words() -> None:
    rules = load_blame_rules()
    text = "Blameless review. Sofia forgot; the on-call engineer failed to page.\nDana mistyped."
    found = [(f.rule, f.words) for f in find_flags("fault", text, rules, ["sofia.marchetti"])]
    assert found == [
        ("person as the cause", "Sofia forgot"),  # one flag, though two rules catch it
        ("person as the cause", "the on-call engineer failed to"),
        ("someone as the cause", "Dana mistyped"),
    ]
    assert find_flags("fault", "The disk failed to mount.", rules, ["sofia"]) == []


def test_an_organisation_edits_its_own_rules(tmp_path: Path) -> None:
    own = tmp_path / "blame_rules.toml"
    own.write_text('[[rules]]\nname = "jargon"\nwords = ["PEBKAC"]\nwhy = "Says user error."\n')
    (flag,) = find_flags("fault", "Pure pebkac.", load_blame_rules(own))
    assert (flag.rule, flag.words, flag.why) == ("jargon", "pebkac", "Says user error.")
    own.write_text('[[rules]]\nname = "empty"\nwhy = "x"\n')
    with pytest.raises(CatalogError, match=r"blame_rules.toml, line 1.*give words"):
        load_blame_rules(own)


def test_each_theory_gets_its_experiments_and_a_verdict(
    ctx: Context, key: str, clock: ManualClock
) -> None:
    resolution.reopen(ctx, key, reason="add the loop", by="alice")
    at = T0 + timedelta(minutes=5)
    theory = timeline.add_note(ctx, key, "DNS", by="al", kind=EntryKind.THEORY, occurred_at=at)
    test = timeline.add_note(
        ctx, key, "dig works", by="al", kind=EntryKind.EXPERIMENT, occurred_at=at
    )
    resolution.resolve(ctx, key, impact_ended_at=clock.now(), by="alice")
    assert theory.id is not None and test.id is not None
    (line,) = load_report(ctx, key).theories
    assert ([e.id for e in line.experiments], line.outcome) == ([test.id], Verdict.OPEN)
    postmortem.set_verdict(
        ctx, key, theory.id, Verdict.RULED_OUT, experiment_id=test.id, by="alice"
    )
    (line,) = load_report(ctx, key).theories
    assert line.outcome is Verdict.RULED_OUT
    with pytest.raises(InvalidInput, match="is an experiment, not a theory"):
        postmortem.set_verdict(ctx, key, test.id, Verdict.CONFIRMED, by="alice")
