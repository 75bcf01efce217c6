"""The SQLite statements releases up to schema 10 ran, kept as they shipped.

Stores in the field were made by these. ``test_store_released.py`` checks that the shared
versions (``warroom/store/schema/versions.py``) give the same schema at every version, so
a store any of those releases left upgrades as it always did. Never edited: history.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Connection

from warroom.store.schema.upgrade_counts import recount_support_cases
from warroom.store.schema.upgrade_facts import system_entries_to_facts

Step = str | Callable[[Connection], None]

_V1 = (
    """CREATE TABLE incident (
    id INTEGER NOT NULL,
    "key" VARCHAR NOT NULL,
    prefix VARCHAR NOT NULL,
    number INTEGER NOT NULL,
    summary VARCHAR NOT NULL,
    description VARCHAR NOT NULL,
    severity INTEGER NOT NULL,
    status VARCHAR NOT NULL,
    service VARCHAR NOT NULL,
    chat_room VARCHAR NOT NULL,
    video_link VARCHAR NOT NULL,
    status_doc_link VARCHAR NOT NULL,
    impact_started_at DATETIME,
    detected_at DATETIME NOT NULL,
    resolved_at DATETIME,
    support_cases INTEGER NOT NULL,
    training BOOLEAN NOT NULL,
    declared_by VARCHAR NOT NULL,
    declared_at DATETIME NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (prefix, number),
    UNIQUE ("key")
)""",
    "CREATE INDEX ix_incident_status ON incident (status)",
    """CREATE TABLE action_item (
    id INTEGER NOT NULL,
    incident_id INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    owner VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    done BOOLEAN NOT NULL,
    created_by VARCHAR NOT NULL,
    created_at DATETIME NOT NULL,
    done_at DATETIME,
    PRIMARY KEY (id),
    FOREIGN KEY(incident_id) REFERENCES incident (id)
)""",
    "CREATE INDEX ix_action_item_incident_id ON action_item (incident_id)",
    """CREATE TABLE assessment_answer (
    id INTEGER NOT NULL,
    incident_id INTEGER NOT NULL,
    question VARCHAR NOT NULL,
    answer VARCHAR NOT NULL,
    answered_by VARCHAR NOT NULL,
    answered_at DATETIME NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(incident_id) REFERENCES incident (id)
)""",
    "CREATE INDEX ix_assessment_answer_incident_id ON assessment_answer (incident_id)",
    """CREATE TABLE event (
    id INTEGER NOT NULL,
    at DATETIME NOT NULL,
    actor VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    incident_id INTEGER,
    detail VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(incident_id) REFERENCES incident (id)
)""",
    "CREATE INDEX ix_event_incident_id ON event (incident_id)",
    """CREATE TABLE incident_product (
    incident_id INTEGER NOT NULL,
    product VARCHAR NOT NULL,
    PRIMARY KEY (incident_id, product),
    FOREIGN KEY(incident_id) REFERENCES incident (id)
)""",
    """CREATE TABLE page (
    id INTEGER NOT NULL,
    incident_id INTEGER NOT NULL,
    team VARCHAR NOT NULL,
    person VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    paged_by VARCHAR NOT NULL,
    paged_at DATETIME NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(incident_id) REFERENCES incident (id)
)""",
    "CREATE INDEX ix_page_incident_id ON page (incident_id)",
    """CREATE TABLE role_assignment (
    id INTEGER NOT NULL,
    incident_id INTEGER NOT NULL,
    role VARCHAR NOT NULL,
    person VARCHAR NOT NULL,
    assumed_at DATETIME NOT NULL,
    relieved_at DATETIME,
    assigned_by VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(incident_id) REFERENCES incident (id)
)""",
    "CREATE INDEX ix_role_assignment_incident_id ON role_assignment (incident_id)",
    """CREATE TABLE timeline_entry (
    id INTEGER NOT NULL,
    incident_id INTEGER NOT NULL,
    occurred_at DATETIME NOT NULL,
    recorded_at DATETIME NOT NULL,
    author VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    undo VARCHAR NOT NULL,
    edited BOOLEAN NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(incident_id) REFERENCES incident (id)
)""",
    "CREATE INDEX ix_timeline_incident_occurred ON timeline_entry (incident_id, occurred_at)",
    """CREATE TABLE timeline_edit (
    id INTEGER NOT NULL,
    entry_id INTEGER NOT NULL,
    previous_text VARCHAR NOT NULL,
    previous_undo VARCHAR NOT NULL,
    edited_at DATETIME NOT NULL,
    edited_by VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(entry_id) REFERENCES timeline_entry (id)
)""",
    "CREATE INDEX ix_timeline_edit_entry_id ON timeline_edit (entry_id)",
)

# The incident list sorts open incidents by severity and age; with thousands of
# incidents this keeps the first screen from scanning the whole table.
_V2 = ("CREATE INDEX ix_incident_list ON incident (status, severity, declared_at)",)

# Comms: messages as sent (immutable, enforced by the database itself) and their deliveries.
_V3 = (
    """CREATE TABLE message (
    id INTEGER NOT NULL,
    incident_id INTEGER NOT NULL,
    phase VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    body VARCHAR NOT NULL,
    fields VARCHAR NOT NULL,
    checklist VARCHAR NOT NULL,
    sent_at DATETIME NOT NULL,
    sent_by VARCHAR NOT NULL,
    reviewed_by VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(incident_id) REFERENCES incident (id)
)""",
    "CREATE INDEX ix_message_incident_id ON message (incident_id)",
    """CREATE TABLE delivery (
    id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    adapter VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    attempts INTEGER NOT NULL,
    detail VARCHAR NOT NULL,
    last_attempt_at DATETIME,
    PRIMARY KEY (id),
    FOREIGN KEY(message_id) REFERENCES message (id)
)""",
    "CREATE INDEX ix_delivery_message_id ON delivery (message_id)",
    """CREATE TRIGGER message_is_immutable BEFORE UPDATE ON message
BEGIN
    SELECT RAISE(ABORT, 'a sent message cannot be changed');
END""",
    """CREATE TRIGGER message_is_kept BEFORE DELETE ON message
BEGIN
    SELECT RAISE(ABORT, 'a sent message cannot be deleted');
END""",
    # The timeline and the event log were append-only by convention; now by the database.
    """CREATE TRIGGER timeline_entry_is_kept BEFORE DELETE ON timeline_entry
BEGIN
    SELECT RAISE(ABORT, 'timeline entries are never deleted');
END""",
    """CREATE TRIGGER event_is_append_only BEFORE UPDATE ON event
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END""",
    """CREATE TRIGGER event_is_kept BEFORE DELETE ON event
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END""",
)

# System entries become facts (a kind and its values) instead of English sentences.
_V4: tuple[Step, ...] = (
    "ALTER TABLE timeline_entry ADD COLUMN fact VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE timeline_entry ADD COLUMN fact_values VARCHAR NOT NULL DEFAULT '{}'",
    system_entries_to_facts,
)

# The support-case count may be unknown (NULL) rather than a made-up 0, and is read again
# from what people wrote.
_V5: tuple[Step, ...] = (
    "ALTER TABLE incident RENAME COLUMN support_cases TO support_cases_v4",
    "ALTER TABLE incident ADD COLUMN support_cases INTEGER",
    "UPDATE incident SET support_cases = NULLIF(support_cases_v4, 0)",
    "ALTER TABLE incident DROP COLUMN support_cases_v4",
    recount_support_cases,
)

# A clean-up item may say when it should be done by.
_V6: tuple[Step, ...] = ("ALTER TABLE action_item ADD COLUMN due_at DATETIME",)

# Drills: a drill store holds its scenario, its clock's changes and the injects fired.
_V7: tuple[Step, ...] = (
    """CREATE TABLE drill_run (
    id INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    scenario VARCHAR NOT NULL,
    scenario_name VARCHAR NOT NULL,
    started_at DATETIME NOT NULL,
    started_by VARCHAR NOT NULL,
    ended_at DATETIME,
    PRIMARY KEY (id)
)""",
    """CREATE TABLE drill_clock (
    id INTEGER NOT NULL,
    wall DATETIME NOT NULL,
    drill DATETIME NOT NULL,
    speed FLOAT NOT NULL,
    paused BOOLEAN NOT NULL,
    set_by VARCHAR NOT NULL,
    PRIMARY KEY (id)
)""",
    """CREATE TABLE fired_inject (
    id INTEGER NOT NULL,
    inject INTEGER,
    kind VARCHAR NOT NULL,
    author VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    fired_at DATETIME NOT NULL,
    fired_by VARCHAR NOT NULL,
    entry_id INTEGER,
    PRIMARY KEY (id),
    UNIQUE (inject),
    FOREIGN KEY(entry_id) REFERENCES timeline_entry (id)
)""",
    """CREATE TRIGGER drill_clock_is_append_only BEFORE UPDATE ON drill_clock
BEGIN
    SELECT RAISE(ABORT, 'the drill clock history is append-only');
END""",
)

# Pages with a life: a state, an escalation step and its deadline, an acknowledgement; each
# notice and each way it left. Pages recorded before this were never delivered: they are
# kept as "recorded", and nothing escalates them.
_V8: tuple[Step, ...] = (
    "ALTER TABLE page ADD COLUMN policy VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE page ADD COLUMN state VARCHAR NOT NULL DEFAULT 'recorded'",
    "ALTER TABLE page ADD COLUMN step INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE page ADD COLUMN due_at DATETIME",
    "ALTER TABLE page ADD COLUMN acked_by VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE page ADD COLUMN acked_at DATETIME",
    "ALTER TABLE page ADD COLUMN closed_at DATETIME",
    # Open pages past their deadline are what every tick looks for.
    "CREATE INDEX ix_page_due ON page (state, due_at)",
    """CREATE TABLE page_notice (
    id INTEGER NOT NULL,
    page_id INTEGER NOT NULL,
    step INTEGER NOT NULL,
    level INTEGER NOT NULL,
    round INTEGER NOT NULL,
    person VARCHAR NOT NULL,
    sent_at DATETIME NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (page_id, step, person),
    FOREIGN KEY(page_id) REFERENCES page (id)
)""",
    "CREATE INDEX ix_page_notice_page_id ON page_notice (page_id)",
    """CREATE TABLE page_delivery (
    id INTEGER NOT NULL,
    notice_id INTEGER NOT NULL,
    adapter VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    attempts INTEGER NOT NULL,
    detail VARCHAR NOT NULL,
    last_attempt_at DATETIME,
    PRIMARY KEY (id),
    UNIQUE (notice_id, adapter, action),
    FOREIGN KEY(notice_id) REFERENCES page_notice (id)
)""",
    "CREATE INDEX ix_page_delivery_notice_id ON page_delivery (notice_id)",
    """CREATE TRIGGER page_notice_is_kept BEFORE DELETE ON page_notice
BEGIN
    SELECT RAISE(ABORT, 'a page notice cannot be deleted');
END""",
)

# An item has a priority, may link its ticket, and says who ticked it (unknown for items
# ticked before this: left empty rather than guessed).
_V9: tuple[Step, ...] = (
    "ALTER TABLE action_item ADD COLUMN priority VARCHAR NOT NULL DEFAULT 'normal'",
    "ALTER TABLE action_item ADD COLUMN link VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE action_item ADD COLUMN done_by VARCHAR NOT NULL DEFAULT ''",
)

# The blameless postmortem: its review, its written sections' revisions (kept, like sent
# messages, by the database itself), the blame flags accepted, and each theory's verdict.
_V10: tuple[Step, ...] = (
    """CREATE TABLE postmortem (
    id INTEGER NOT NULL,
    incident_id INTEGER NOT NULL,
    state VARCHAR NOT NULL,
    started_by VARCHAR NOT NULL,
    started_at DATETIME NOT NULL,
    submitted_by VARCHAR NOT NULL,
    submitted_at DATETIME,
    approved_by VARCHAR NOT NULL,
    approved_at DATETIME,
    PRIMARY KEY (id),
    UNIQUE (incident_id),
    FOREIGN KEY(incident_id) REFERENCES incident (id)
)""",
    """CREATE TABLE postmortem_text (
    id INTEGER NOT NULL,
    incident_id INTEGER NOT NULL,
    section VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    base_id INTEGER,
    merged BOOLEAN NOT NULL,
    written_by VARCHAR NOT NULL,
    written_at DATETIME NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(incident_id) REFERENCES incident (id)
)""",
    "CREATE INDEX ix_postmortem_text_section ON postmortem_text (incident_id, section, id)",
    """CREATE TRIGGER postmortem_text_is_immutable BEFORE UPDATE ON postmortem_text
BEGIN
    SELECT RAISE(ABORT, 'a saved postmortem text cannot be changed');
END""",
    """CREATE TRIGGER postmortem_text_is_kept BEFORE DELETE ON postmortem_text
BEGIN
    SELECT RAISE(ABORT, 'a saved postmortem text cannot be deleted');
END""",
    """CREATE TABLE accepted_flag (
    id INTEGER NOT NULL,
    incident_id INTEGER NOT NULL,
    section VARCHAR NOT NULL,
    rule VARCHAR NOT NULL,
    words VARCHAR NOT NULL,
    accepted_by VARCHAR NOT NULL,
    accepted_at DATETIME NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (incident_id, section, rule, words),
    FOREIGN KEY(incident_id) REFERENCES incident (id)
)""",
    "CREATE INDEX ix_accepted_flag_incident_id ON accepted_flag (incident_id)",
    """CREATE TABLE theory_verdict (
    id INTEGER NOT NULL,
    incident_id INTEGER NOT NULL,
    theory_id INTEGER NOT NULL,
    verdict VARCHAR NOT NULL,
    experiment_id INTEGER,
    said_by VARCHAR NOT NULL,
    said_at DATETIME NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(incident_id) REFERENCES incident (id),
    FOREIGN KEY(theory_id) REFERENCES timeline_entry (id),
    FOREIGN KEY(experiment_id) REFERENCES timeline_entry (id)
)""",
    "CREATE INDEX ix_theory_verdict_incident_id ON theory_verdict (incident_id)",
)

MIGRATIONS: tuple[tuple[Step, ...], ...] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9, _V10)
"""MIGRATIONS[n] takes a store from version n to n + 1."""


def migrate(conn: Connection, to: int) -> None:
    """Bring a new SQLite store on ``conn`` to version ``to`` as those releases did."""
    for steps in MIGRATIONS[:to]:
        for step in steps:
            if isinstance(step, str):
                conn.exec_driver_sql(step)
            else:
                step(conn)
