"""The words of a blameless postmortem: its sections, the states of its review, and what
became of each theory. Each is defined once, here.

The sections follow Atlassian's and Google SRE's postmortem templates. Those filled from
the store come first and last; the ones people write sit between them, each with the
question it answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from warroom.base.errors import InvalidInput
from warroom.base.limits import quoted


class ReviewState(StrEnum):
    """draft → in review → approved; sending back returns it to draft."""

    DRAFT = "draft"
    IN_REVIEW = "in review"
    APPROVED = "approved"


class Verdict(StrEnum):
    """What became of a theory of the review loop."""

    OPEN = "open"  # never tested, or nobody has said
    CONFIRMED = "confirmed"
    RULED_OUT = "ruled out"


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    prompt: str  # what it asks; for a filled section, where its text comes from
    written: bool  # people write it; otherwise it is filled from the store


SECTIONS = (
    Section("summary", "Summary", "The incident as declared: severity, products, service", False),
    Section("times", "Times", "Impact started, detected, resolved; TTD and TTR", False),
    Section("impact", "Impact", "Customers affected and support cases", False),
    Section("lead-up", "Lead-up", "What led up to the incident: changes, conditions", True),
    Section("fault", "Fault", "What failed, and how", True),
    Section("detection", "Detection", "How was it detected? How could it have been sooner?", True),
    Section("response", "Response", "Who held which role when; the pages", False),
    Section("comms", "Comms", "Every message sent, with time, channel and reviewer", False),
    Section("review-loop", "Review loop", "Theories and their experiments, decisions", False),
    Section("five-whys", "Five whys", "Why? Why? Why? Why? Why? — down to the cause", True),
    Section("root-cause", "Root cause", "The cause that, fixed, keeps this from recurring", True),
    Section("went-well", "What went well", "What helped, to keep doing", True),
    Section("went-wrong", "What went wrong", "What hindered, to change", True),
    Section("got-lucky", "Where we got lucky", "What saved us that we cannot count on", True),
    Section("related", "Related incidents", "Earlier incidents like this one, by key", True),
    Section("actions", "Corrective actions", "Follow-up items: owners, due dates", False),
    Section("timeline", "Timeline", "Every entry, in the order things happened", False),
)

WRITTEN = tuple(s for s in SECTIONS if s.written)
ROOT_CAUSE = "root-cause"  # approval waits for it
BY_SLUG = {s.slug: s for s in SECTIONS}


def written_section(name: str) -> Section:
    """A written section by its slug or title ("root cause", "Root-Cause"); refused with the
    list otherwise (a filled section cannot be written over)."""
    slug = "-".join(name.strip().lower().replace("_", " ").split())
    found = BY_SLUG.get(slug) or next(
        (s for s in SECTIONS if s.title.lower() == name.strip().lower()), None
    )
    if found is not None and found.written:
        return found
    names = ", ".join(s.slug for s in WRITTEN)
    if found is not None:
        raise InvalidInput("section", f"{found.title} is filled from the record; write {names}")
    raise InvalidInput("section", f"{quoted(name)} is not a section; use {names}")


def parse_verdict(value: str) -> Verdict:
    word = " ".join(value.strip().lower().replace("-", " ").split())
    try:
        return Verdict(word)
    except ValueError:
        names = ", ".join(v.value for v in Verdict)
        raise InvalidInput("verdict", f"{quoted(value)}: use {names}") from None


class PostmortemEvent(StrEnum):
    """What the event log records of a postmortem (it has no timeline entries: it is
    written about the incident, after it)."""

    WRITTEN = "postmortem.written"
    SUBMITTED = "postmortem.submitted"
    APPROVED = "postmortem.approved"
    SENT_BACK = "postmortem.sent-back"
    FLAG_ACCEPTED = "postmortem.flag-accepted"
    VERDICT = "postmortem.verdict"
