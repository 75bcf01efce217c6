"""The store's tables. Times are stored as UTC and always come back timezone-aware.

The DDL that creates these tables is the schema's versions (``store/schema/versions.py``),
written once for every engine; a test checks the two agree, so a model change without a
new version fails the suite.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Index, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.types import DateTime, TypeDecorator
from sqlmodel import Field, SQLModel

from warroom.store import tables
from warroom.vocabulary.incident import ActionKind, ActionPriority, Status


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC (what SQLite can hold), returns aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing to store a naive datetime; use clock.as_utc()")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


def _utc(nullable: bool = False) -> Any:
    return Field(sa_column=Column(UTCDateTime(), nullable=nullable))


class Incident(SQLModel, table=True):
    __tablename__ = tables.INCIDENT
    __table_args__ = (
        UniqueConstraint("prefix", "number"),
        Index("ix_incident_list", "status", "severity", "declared_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    prefix: str
    number: int
    summary: str
    description: str = ""
    severity: int
    status: str = Field(default=Status.NEW.value, index=True)
    service: str
    chat_room: str
    video_link: str = ""
    status_doc_link: str = ""
    impact_started_at: datetime | None = _utc(nullable=True)
    detected_at: datetime = _utc()
    resolved_at: datetime | None = _utc(nullable=True)
    support_cases: int | None = None  # None: nobody has said how many yet
    training: bool = False
    declared_by: str
    declared_at: datetime = _utc()


# The list's resolved incidents, latest first (schema version 11): a column's DESC needs the
# table's columns, so this index is declared once the table exists.
Index("ix_incident_resolved", Incident.__table__.c.resolved_at.desc(), Incident.__table__.c.id)  # type: ignore[attr-defined]


class IncidentProduct(SQLModel, table=True):
    __tablename__ = tables.INCIDENT_PRODUCT

    incident_id: int = Field(foreign_key="incident.id", primary_key=True)
    product: str = Field(primary_key=True)


class TimelineEntry(SQLModel, table=True):
    __tablename__ = tables.TIMELINE_ENTRY
    __table_args__ = (Index("ix_timeline_incident_occurred", "incident_id", "occurred_at"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id")
    occurred_at: datetime = _utc()
    recorded_at: datetime = _utc()
    author: str
    kind: str  # vocabulary.kinds.EntryKind
    text: str  # a person's words; empty for a system entry, which is a fact
    undo: str = ""  # for a `change`: how to undo it
    edited: bool = False
    fact: str = ""  # a system entry's vocabulary.facts.Fact
    fact_values: str = "{}"  # its values, JSON


class TimelineEdit(SQLModel, table=True):
    """The text an entry had before an edit: entries are never overwritten silently."""

    __tablename__ = "timeline_edit"

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="timeline_entry.id", index=True)
    previous_text: str
    previous_undo: str = ""
    edited_at: datetime = _utc()
    edited_by: str


class RoleAssignment(SQLModel, table=True):
    __tablename__ = "role_assignment"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    role: str
    person: str
    assumed_at: datetime = _utc()
    relieved_at: datetime | None = _utc(nullable=True)
    assigned_by: str


class AssessmentAnswer(SQLModel, table=True):
    """One answer to one of the six questions; the latest per question counts."""

    __tablename__ = "assessment_answer"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    question: str
    answer: str
    answered_by: str
    answered_at: datetime = _utc()


class Page(SQLModel, table=True):
    """A page with a life (``vocabulary.incident.PageState``): each notice of it, first and
    escalated, is a ``PageNotice``. ``step`` is the escalation step it stands at; moving it
    on is a compare-and-set under the write lock, so several consoles escalate a page once.
    """

    __table_args__ = (Index("ix_page_due", "state", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    team: str
    person: str  # whom the first notice reached (the one named, or the team's on call)
    reason: str
    paged_by: str
    paged_at: datetime = _utc()
    policy: str = ""  # the escalation policy it walks, by name
    state: str = "triggered"
    step: int = 0  # 0: the first notice; n: the policy's step n (config.escalation)
    due_at: datetime | None = _utc(nullable=True)  # when the step times out; None: it never does
    acked_by: str = ""
    acked_at: datetime | None = _utc(nullable=True)
    closed_at: datetime | None = _utc(nullable=True)  # cancelled, or flagged unanswered


class PageNotice(SQLModel, table=True):
    """One person told of one page at one step. Unique per page, step and person: the
    database itself refuses a second notice of one step."""

    __tablename__ = "page_notice"
    __table_args__ = (UniqueConstraint("page_id", "step", "person"),)

    id: int | None = Field(default=None, primary_key=True)
    page_id: int = Field(foreign_key="page.id", index=True)
    step: int
    level: int  # the policy's level, from 1 (0: a person named by whoever paged)
    round: int  # 1 the first time through the policy, 2 its first repeat, ...
    person: str
    sent_at: datetime = _utc()


class PageDelivery(SQLModel, table=True):
    """One way a notice leaves (outbox, email, webhook, PagerDuty, Opsgenie) and how that
    went; a failed one is retried on the next tick. ``action`` is what it tells: the page
    (``trigger``), or a paging service that it was acknowledged or is over."""

    __tablename__ = "page_delivery"
    __table_args__ = (UniqueConstraint("notice_id", "adapter", "action"),)

    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="page_notice.id", index=True)
    adapter: str
    action: str = "trigger"  # vocabulary.pages.PageAction
    status: str = "pending"  # pending | delivered | failed
    attempts: int = 0
    detail: str = ""
    last_attempt_at: datetime | None = _utc(nullable=True)


class ActionItem(SQLModel, table=True):
    __tablename__ = "action_item"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    text: str
    owner: str = ""
    kind: str = ActionKind.CLEANUP.value
    done: bool = False
    created_by: str
    created_at: datetime = _utc()
    done_at: datetime | None = _utc(nullable=True)
    due_at: datetime | None = _utc(nullable=True)  # when it should be done by, if said
    priority: str = ActionPriority.NORMAL.value
    link: str = ""  # a ticket's URL, if it has one
    done_by: str = ""  # who ticked it; empty while open (and for items ticked before v9)


class Postmortem(SQLModel, table=True):
    """An incident's blameless postmortem and where its review stands
    (``vocabulary.postmortem.ReviewState``). Its written sections are ``PostmortemText``
    revisions; the sections filled from the record are read from the incident itself."""

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", unique=True)
    state: str = "draft"
    started_by: str
    started_at: datetime = _utc()
    submitted_by: str = ""  # who asked for review: its author
    submitted_at: datetime | None = _utc(nullable=True)
    approved_by: str = ""
    approved_at: datetime | None = _utc(nullable=True)


class PostmortemText(SQLModel, table=True):
    """One saved revision of one written section; the latest per section is its text.
    Never changed nor deleted (the database refuses), so every earlier text stays."""

    __tablename__ = "postmortem_text"
    __table_args__ = (Index("ix_postmortem_text_section", "incident_id", "section", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id")
    section: str  # vocabulary.postmortem.Section.slug
    text: str
    base_id: int | None = None  # the revision the writer was editing; None: the first
    merged: bool = False  # joins another writer's revision saved meanwhile
    written_by: str
    written_at: datetime = _utc()


class AcceptedFlag(SQLModel, table=True):
    """A blame flag someone read and kept: the rule, and the words it flagged in a section.
    The flag stays accepted while those words are in that section."""

    __tablename__ = "accepted_flag"
    __table_args__ = (UniqueConstraint("incident_id", "section", "rule", "words"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    section: str
    rule: str
    words: str  # the flagged words, folded (``process.blame.fold``)
    accepted_by: str
    accepted_at: datetime = _utc()


class TheoryVerdict(SQLModel, table=True):
    """What became of a theory (``vocabulary.postmortem.Verdict``), said in the postmortem;
    the latest per theory counts, the earlier ones stay."""

    __tablename__ = "theory_verdict"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    theory_id: int = Field(foreign_key="timeline_entry.id")
    verdict: str
    experiment_id: int | None = Field(default=None, foreign_key="timeline_entry.id")
    said_by: str
    said_at: datetime = _utc()


class Event(SQLModel, table=True):
    """Append-only: every write adds one in the same transaction.

    The audit log, and the change feed other consoles poll (max id).
    """

    __tablename__ = tables.EVENT

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _utc()
    actor: str
    kind: str
    incident_id: int | None = Field(default=None, foreign_key="incident.id", index=True)
    detail: str = "{}"  # JSON


class Message(SQLModel, table=True):
    """A message as it was sent. Immutable: nothing updates or deletes a row."""

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    phase: str  # initial | update | resolution
    channel: str  # internal | email | external
    title: str
    body: str
    fields: str = "{}"  # JSON: the structured draft it was rendered from
    checklist: str = "[]"  # JSON: every gate item and its state at sending
    sent_at: datetime = _utc()
    sent_by: str
    reviewed_by: str = ""


class Delivery(SQLModel, table=True):
    """One way a message leaves (outbox, SMTP, webhook) and how that went."""

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", index=True)
    adapter: str
    status: str = "pending"  # pending | delivered | failed
    attempts: int = 0
    detail: str = ""
    last_attempt_at: datetime | None = _utc(nullable=True)


class DrillRun(SQLModel, table=True):
    """A drill store's one drill: the scenario as it was when the drill started (so the store
    alone is enough for the debrief), and when drill time began. Other stores have no row."""

    __tablename__ = tables.DRILL_RUN

    id: int | None = Field(default=None, primary_key=True)
    title: str
    scenario: str  # the drill file's TOML text
    scenario_name: str  # the file it came from, as given to `drill start`
    started_at: datetime = _utc()  # drill time at the start; injects count from here
    started_by: str
    ended_at: datetime | None = _utc(nullable=True)  # drill time when the trainer ended it


class DrillClockState(SQLModel, table=True):
    """Drill time from one change of the clock on (``base.drill_clock.DrillTime``); the row
    with the highest id is the clock now. Rows are only added, so the history stays."""

    __tablename__ = "drill_clock"

    id: int | None = Field(default=None, primary_key=True)
    wall: datetime = _utc()
    drill: datetime = _utc()
    speed: float
    paused: bool
    set_by: str


class FiredInject(SQLModel, table=True):
    """An inject that has fired: from the drill file (``inject`` is its index) or typed by
    the trainer (``inject`` is None). ``entry_id`` is its timeline entry, once the drill's
    incident exists to carry it."""

    __tablename__ = "fired_inject"

    id: int | None = Field(default=None, primary_key=True)
    inject: int | None = Field(default=None, unique=True)
    kind: str
    author: str
    text: str
    fired_at: datetime = _utc()  # drill time
    fired_by: str  # "schedule" when it fell due, else the trainer who fired it
    entry_id: int | None = Field(default=None, foreign_key="timeline_entry.id")
