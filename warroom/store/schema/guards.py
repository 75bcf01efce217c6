"""What the database itself refuses: a change or a deletion of rows that are kept for good
(sent messages, the event log, timeline entries, saved postmortem text).

The one thing the schema says differently on each engine, so it is said here once: SQLite
raises from a trigger body; PostgreSQL calls one shared function, and also refuses TRUNCATE,
which skips row triggers.
"""

from __future__ import annotations

from typing import Literal

from alembic.operations import Operations

Change = Literal["UPDATE", "DELETE"]

# PostgreSQL: one function for every guard; the trigger passes its message.
_PG_REFUSE_FUNCTION = """CREATE OR REPLACE FUNCTION warroom_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
END
$$"""


def refuse(op: Operations, name: str, table: str, change: Change, message: str) -> None:
    """A trigger named ``name`` that refuses every ``change`` to ``table`` with
    ``message``."""
    quoted = message.replace("'", "''")
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {change} ON {table}\n"
            f"BEGIN\n    SELECT RAISE(ABORT, '{quoted}');\nEND"
        )
    elif dialect == "postgresql":
        op.execute(_PG_REFUSE_FUNCTION)
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {change} ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION warroom_refuse('{quoted}')"
        )
        if change == "DELETE":
            op.execute(
                f"CREATE TRIGGER {name}_whole BEFORE TRUNCATE ON {table}"
                f" FOR EACH STATEMENT EXECUTE FUNCTION warroom_refuse('{quoted}')"
            )
    else:
        raise NotImplementedError(f"no guards for the {dialect} engine")
