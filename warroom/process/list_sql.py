"""The incident list's statements for the command line's direct path, as the ORM
builds them (``process.read.frozen_list``). Written by scripts/freeze_direct.py; do not
edit: tests/test_direct_list.py fails when they differ from what the ORM would run now.
"""

from warroom.process.frozen_sql import FrozenStatement

OPEN = FrozenStatement(
    sql=(
        'SELECT incident."key", incident.severity, incident.status, incident.summary, (SELECT '
        "role_assignment.person \n"
        "FROM role_assignment \n"
        "WHERE role_assignment.incident_id = incident.id AND role_assignment.role = ? AND "
        "(role_assignment.relieved_at IS NULL OR (incident.status NOT IN (?, ?))) ORDER BY "
        "role_assignment.assumed_at DESC, role_assignment.id DESC\n"
        " LIMIT ? OFFSET ?) AS anon_1, incident.declared_at, incident.impact_started_at, "
        "incident.resolved_at, incident.training, coalesce(anon_2.open, ?) AS coalesce_1, "
        "coalesce(anon_2.overdue, ?) AS coalesce_3 \n"
        "FROM incident LEFT OUTER JOIN (SELECT action_item.incident_id AS incident_id, "
        "count(*) AS open, sum(CASE WHEN (action_item.due_at < ?) THEN ? ELSE ? END) AS "
        "overdue \n"
        "FROM action_item \n"
        "WHERE action_item.done IS 0 AND action_item.incident_id IN (SELECT incident.id \n"
        "FROM incident \n"
        "WHERE incident.status IN (?, ?)) GROUP BY action_item.incident_id) AS anon_2 ON "
        "anon_2.incident_id = incident.id \n"
        "WHERE incident.status IN (?, ?) ORDER BY CASE WHEN (incident.status IN (?, ?)) THEN "
        "? ELSE ? END, CASE WHEN (incident.status IN (?, ?)) THEN incident.severity ELSE ? "
        "END, CASE WHEN (incident.status IN (?, ?)) THEN incident.declared_at END, "
        "incident.resolved_at DESC, incident.id"
    ),
    params=(
        "Incident manager",
        "new",
        "fixing",
        1,
        0,
        0,
        0,
        ":now",
        1,
        0,
        "new",
        "fixing",
        "new",
        "fixing",
        "new",
        "fixing",
        0,
        1,
        "new",
        "fixing",
        0,
        "new",
        "fixing",
    ),
    columns=(
        "plain",
        "plain",
        "plain",
        "plain",
        "plain",
        "time",
        "time",
        "time",
        "flag",
        "plain",
        "plain",
    ),
)

ALL = FrozenStatement(
    sql=(
        'SELECT incident."key", incident.severity, incident.status, incident.summary, (SELECT '
        "role_assignment.person \n"
        "FROM role_assignment \n"
        "WHERE role_assignment.incident_id = incident.id AND role_assignment.role = ? AND "
        "(role_assignment.relieved_at IS NULL OR (incident.status NOT IN (?, ?))) ORDER BY "
        "role_assignment.assumed_at DESC, role_assignment.id DESC\n"
        " LIMIT ? OFFSET ?) AS anon_1, incident.declared_at, incident.impact_started_at, "
        "incident.resolved_at, incident.training, coalesce(anon_2.open, ?) AS coalesce_1, "
        "coalesce(anon_2.overdue, ?) AS coalesce_3 \n"
        "FROM incident LEFT OUTER JOIN (SELECT action_item.incident_id AS incident_id, "
        "count(*) AS open, sum(CASE WHEN (action_item.due_at < ?) THEN ? ELSE ? END) AS "
        "overdue \n"
        "FROM action_item \n"
        "WHERE action_item.done IS 0 GROUP BY action_item.incident_id) AS anon_2 ON "
        "anon_2.incident_id = incident.id ORDER BY CASE WHEN (incident.status IN (?, ?)) THEN "
        "? ELSE ? END, CASE WHEN (incident.status IN (?, ?)) THEN incident.severity ELSE ? "
        "END, CASE WHEN (incident.status IN (?, ?)) THEN incident.declared_at END, "
        "incident.resolved_at DESC, incident.id"
    ),
    params=(
        "Incident manager",
        "new",
        "fixing",
        1,
        0,
        0,
        0,
        ":now",
        1,
        0,
        "new",
        "fixing",
        0,
        1,
        "new",
        "fixing",
        0,
        "new",
        "fixing",
    ),
    columns=(
        "plain",
        "plain",
        "plain",
        "plain",
        "plain",
        "time",
        "time",
        "time",
        "flag",
        "plain",
        "plain",
    ),
)
