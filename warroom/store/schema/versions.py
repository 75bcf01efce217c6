"""The store's schema, version by version, written once for every engine.

Each version is a function of Alembic's ``Operations`` (``op``): Alembic writes the DDL in
the dialect of the store being migrated, SQLite or PostgreSQL. What only an engine can say
(a trigger refusing a change) is written through ``guards.py``, also once.

A version is frozen once released: a model change adds a version rather than editing one,
so a store written by any earlier release upgrades without loss. ``tests/test_store.py``
checks that all versions together give exactly ``store/models.py``, on both engines, and
``tests/test_store_released.py`` that each version gives what that release's SQLite
statements gave.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic.operations import Operations

from warroom.store.schema.guards import refuse
from warroom.store.schema.upgrade_counts import recount_support_cases
from warroom.store.schema.upgrade_facts import system_entries_to_facts

Version = Callable[[Operations], None]


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _text(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.String(), nullable=False)


def _moment(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(), nullable=nullable)


def _number(name: str, *, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _flag(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), nullable=False)


def _incident_ref() -> tuple[sa.Column[int], sa.ForeignKeyConstraint]:
    return _number("incident_id"), sa.ForeignKeyConstraint(["incident_id"], ["incident.id"])


def v1(op: Operations) -> None:
    """Incidents, their timeline, roles, pages, assessment, items and the event log."""
    op.create_table(
        "incident",
        _id(),
        _text("key"),
        _text("prefix"),
        _number("number"),
        _text("summary"),
        _text("description"),
        _number("severity"),
        _text("status"),
        _text("service"),
        _text("chat_room"),
        _text("video_link"),
        _text("status_doc_link"),
        _moment("impact_started_at", nullable=True),
        _moment("detected_at"),
        _moment("resolved_at", nullable=True),
        _number("support_cases"),
        _flag("training"),
        _text("declared_by"),
        _moment("declared_at"),
        sa.UniqueConstraint("prefix", "number"),
        sa.UniqueConstraint("key"),
    )
    op.create_index("ix_incident_status", "incident", ["status"])
    op.create_table(
        "action_item",
        _id(),
        *_incident_ref(),
        _text("text"),
        _text("owner"),
        _text("kind"),
        _flag("done"),
        _text("created_by"),
        _moment("created_at"),
        _moment("done_at", nullable=True),
    )
    op.create_index("ix_action_item_incident_id", "action_item", ["incident_id"])
    op.create_table(
        "assessment_answer",
        _id(),
        *_incident_ref(),
        _text("question"),
        _text("answer"),
        _text("answered_by"),
        _moment("answered_at"),
    )
    op.create_index("ix_assessment_answer_incident_id", "assessment_answer", ["incident_id"])
    op.create_table(
        "event",
        _id(),
        _moment("at"),
        _text("actor"),
        _text("kind"),
        _number("incident_id", nullable=True),
        _text("detail"),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
    )
    op.create_index("ix_event_incident_id", "event", ["incident_id"])
    op.create_table(
        "incident_product",
        sa.Column("incident_id", sa.Integer(), nullable=False, autoincrement=False),
        _text("product"),
        sa.PrimaryKeyConstraint("incident_id", "product"),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
    )
    op.create_table(
        "page",
        _id(),
        *_incident_ref(),
        _text("team"),
        _text("person"),
        _text("reason"),
        _text("paged_by"),
        _moment("paged_at"),
    )
    op.create_index("ix_page_incident_id", "page", ["incident_id"])
    op.create_table(
        "role_assignment",
        _id(),
        *_incident_ref(),
        _text("role"),
        _text("person"),
        _moment("assumed_at"),
        _moment("relieved_at", nullable=True),
        _text("assigned_by"),
    )
    op.create_index("ix_role_assignment_incident_id", "role_assignment", ["incident_id"])
    op.create_table(
        "timeline_entry",
        _id(),
        *_incident_ref(),
        _moment("occurred_at"),
        _moment("recorded_at"),
        _text("author"),
        _text("kind"),
        _text("text"),
        _text("undo"),
        _flag("edited"),
    )
    op.create_index(
        "ix_timeline_incident_occurred", "timeline_entry", ["incident_id", "occurred_at"]
    )
    op.create_table(
        "timeline_edit",
        _id(),
        _number("entry_id"),
        _text("previous_text"),
        _text("previous_undo"),
        _moment("edited_at"),
        _text("edited_by"),
        sa.ForeignKeyConstraint(["entry_id"], ["timeline_entry.id"]),
    )
    op.create_index("ix_timeline_edit_entry_id", "timeline_edit", ["entry_id"])


def v2(op: Operations) -> None:
    """The incident list sorts open incidents by severity and age; with thousands of
    incidents this keeps the first screen from scanning the whole table."""
    op.create_index("ix_incident_list", "incident", ["status", "severity", "declared_at"])


def v3(op: Operations) -> None:
    """Comms: messages as sent (immutable, enforced by the database itself) and their
    deliveries; the timeline and the event log, append-only by convention until now, become
    so by the database."""
    op.create_table(
        "message",
        _id(),
        *_incident_ref(),
        _text("phase"),
        _text("channel"),
        _text("title"),
        _text("body"),
        _text("fields"),
        _text("checklist"),
        _moment("sent_at"),
        _text("sent_by"),
        _text("reviewed_by"),
    )
    op.create_index("ix_message_incident_id", "message", ["incident_id"])
    op.create_table(
        "delivery",
        _id(),
        _number("message_id"),
        _text("adapter"),
        _text("status"),
        _number("attempts"),
        _text("detail"),
        _moment("last_attempt_at", nullable=True),
        sa.ForeignKeyConstraint(["message_id"], ["message.id"]),
    )
    op.create_index("ix_delivery_message_id", "delivery", ["message_id"])
    refuse(op, "message_is_immutable", "message", "UPDATE", "a sent message cannot be changed")
    refuse(op, "message_is_kept", "message", "DELETE", "a sent message cannot be deleted")
    refuse(
        op,
        "timeline_entry_is_kept",
        "timeline_entry",
        "DELETE",
        "timeline entries are never deleted",
    )
    refuse(op, "event_is_append_only", "event", "UPDATE", "the event log is append-only")
    refuse(op, "event_is_kept", "event", "DELETE", "the event log is append-only")


def v4(op: Operations) -> None:
    """System entries become facts (a kind and its values) instead of English sentences."""
    op.add_column(
        "timeline_entry", sa.Column("fact", sa.String(), nullable=False, server_default="")
    )
    op.add_column(
        "timeline_entry",
        sa.Column("fact_values", sa.String(), nullable=False, server_default="{}"),
    )
    system_entries_to_facts(op.get_bind())


def v5(op: Operations) -> None:
    """The support-case count may be unknown (NULL) rather than a made-up 0, and is read
    again from what people wrote."""
    op.execute("ALTER TABLE incident RENAME COLUMN support_cases TO support_cases_v4")
    op.add_column("incident", _number("support_cases", nullable=True))
    op.execute("UPDATE incident SET support_cases = NULLIF(support_cases_v4, 0)")
    op.execute("ALTER TABLE incident DROP COLUMN support_cases_v4")
    recount_support_cases(op.get_bind())


def v6(op: Operations) -> None:
    """A clean-up item may say when it should be done by."""
    op.add_column("action_item", _moment("due_at", nullable=True))


def v7(op: Operations) -> None:
    """Drills: a drill store holds its scenario, its clock's changes and the injects fired."""
    op.create_table(
        "drill_run",
        _id(),
        _text("title"),
        _text("scenario"),
        _text("scenario_name"),
        _moment("started_at"),
        _text("started_by"),
        _moment("ended_at", nullable=True),
    )
    op.create_table(
        "drill_clock",
        _id(),
        _moment("wall"),
        _moment("drill"),
        sa.Column("speed", sa.Float(), nullable=False),
        _flag("paused"),
        _text("set_by"),
    )
    op.create_table(
        "fired_inject",
        _id(),
        _number("inject", nullable=True),
        _text("kind"),
        _text("author"),
        _text("text"),
        _moment("fired_at"),
        _text("fired_by"),
        _number("entry_id", nullable=True),
        sa.UniqueConstraint("inject"),
        sa.ForeignKeyConstraint(["entry_id"], ["timeline_entry.id"]),
    )
    refuse(
        op,
        "drill_clock_is_append_only",
        "drill_clock",
        "UPDATE",
        "the drill clock history is append-only",
    )


def v8(op: Operations) -> None:
    """Pages with a life: a state, an escalation step and its deadline, an acknowledgement;
    each notice and each way it left. Pages recorded before this were never delivered: they
    are kept as "recorded", and nothing escalates them."""
    for column in (
        sa.Column("policy", sa.String(), nullable=False, server_default=""),
        sa.Column("state", sa.String(), nullable=False, server_default="recorded"),
        sa.Column("step", sa.Integer(), nullable=False, server_default=sa.text("0")),
        _moment("due_at", nullable=True),
        sa.Column("acked_by", sa.String(), nullable=False, server_default=""),
        _moment("acked_at", nullable=True),
        _moment("closed_at", nullable=True),
    ):
        op.add_column("page", column)
    # Open pages past their deadline are what every tick looks for.
    op.create_index("ix_page_due", "page", ["state", "due_at"])
    op.create_table(
        "page_notice",
        _id(),
        _number("page_id"),
        _number("step"),
        _number("level"),
        _number("round"),
        _text("person"),
        _moment("sent_at"),
        sa.UniqueConstraint("page_id", "step", "person"),
        sa.ForeignKeyConstraint(["page_id"], ["page.id"]),
    )
    op.create_index("ix_page_notice_page_id", "page_notice", ["page_id"])
    op.create_table(
        "page_delivery",
        _id(),
        _number("notice_id"),
        _text("adapter"),
        _text("action"),
        _text("status"),
        _number("attempts"),
        _text("detail"),
        _moment("last_attempt_at", nullable=True),
        sa.UniqueConstraint("notice_id", "adapter", "action"),
        sa.ForeignKeyConstraint(["notice_id"], ["page_notice.id"]),
    )
    op.create_index("ix_page_delivery_notice_id", "page_delivery", ["notice_id"])
    refuse(op, "page_notice_is_kept", "page_notice", "DELETE", "a page notice cannot be deleted")


def v9(op: Operations) -> None:
    """An item has a priority, may link its ticket, and says who ticked it (unknown for
    items ticked before this: left empty rather than guessed)."""
    op.add_column(
        "action_item", sa.Column("priority", sa.String(), nullable=False, server_default="normal")
    )
    op.add_column("action_item", sa.Column("link", sa.String(), nullable=False, server_default=""))
    op.add_column(
        "action_item", sa.Column("done_by", sa.String(), nullable=False, server_default="")
    )


def v10(op: Operations) -> None:
    """The blameless postmortem: its review, its written sections' revisions (kept, like
    sent messages, by the database itself), the blame flags accepted, and each theory's
    verdict."""
    op.create_table(
        "postmortem",
        _id(),
        *_incident_ref(),
        _text("state"),
        _text("started_by"),
        _moment("started_at"),
        _text("submitted_by"),
        _moment("submitted_at", nullable=True),
        _text("approved_by"),
        _moment("approved_at", nullable=True),
        sa.UniqueConstraint("incident_id"),
    )
    op.create_table(
        "postmortem_text",
        _id(),
        *_incident_ref(),
        _text("section"),
        _text("text"),
        _number("base_id", nullable=True),
        _flag("merged"),
        _text("written_by"),
        _moment("written_at"),
    )
    op.create_index(
        "ix_postmortem_text_section", "postmortem_text", ["incident_id", "section", "id"]
    )
    refuse(
        op,
        "postmortem_text_is_immutable",
        "postmortem_text",
        "UPDATE",
        "a saved postmortem text cannot be changed",
    )
    refuse(
        op,
        "postmortem_text_is_kept",
        "postmortem_text",
        "DELETE",
        "a saved postmortem text cannot be deleted",
    )
    op.create_table(
        "accepted_flag",
        _id(),
        *_incident_ref(),
        _text("section"),
        _text("rule"),
        _text("words"),
        _text("accepted_by"),
        _moment("accepted_at"),
        sa.UniqueConstraint("incident_id", "section", "rule", "words"),
    )
    op.create_index("ix_accepted_flag_incident_id", "accepted_flag", ["incident_id"])
    op.create_table(
        "theory_verdict",
        _id(),
        *_incident_ref(),
        _number("theory_id"),
        _text("verdict"),
        _number("experiment_id", nullable=True),
        _text("said_by"),
        _moment("said_at"),
        sa.ForeignKeyConstraint(["theory_id"], ["timeline_entry.id"]),
        sa.ForeignKeyConstraint(["experiment_id"], ["timeline_entry.id"]),
    )
    op.create_index("ix_theory_verdict_incident_id", "theory_verdict", ["incident_id"])


def v11(op: Operations) -> None:
    """The resolved incidents in the order the list shows them, latest first: a page of
    them is read along this index instead of sorting every incident of the store."""
    op.create_index("ix_incident_resolved", "incident", [sa.text("resolved_at DESC"), "id"])


VERSIONS: tuple[Version, ...] = (v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11)
"""VERSIONS[n] takes a store from version n to n + 1."""
