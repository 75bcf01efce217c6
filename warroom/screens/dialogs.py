"""The console's dialogs: each a FormScreen whose submit calls one service.

Values arrive as typed; the services validate them, and a refusal is shown in
the form beside the field at fault.
"""

from __future__ import annotations

from datetime import datetime

from warroom.base.errors import InvalidInput
from warroom.base.localtime import local
from warroom.base.text import one_line, safe
from warroom.base.timeparse import HINT, parse_time
from warroom.process import incidents, resolution, roles
from warroom.process import links as channels
from warroom.process.context import Context
from warroom.process.read import IncidentDetail
from warroom.screens.form import FieldSpec, FormScreen, Values
from warroom.screens.form import text_of as _text
from warroom.store.models import Incident
from warroom.vocabulary.incident import UNKNOWN_SERVICE
from warroom.vocabulary.roles import KNOWN_ROLES, TECH_LEAD


def _optional_time(ctx: Context, values: Values, name: str, field: str) -> datetime | None:
    text = _text(values, name).strip()
    return parse_time(text, ctx.clock.now(), field=field) if text else None


def _local(moment: datetime | None) -> str:
    return local(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _majors(ctx: Context) -> str:
    """The major severities, as the catalog's matrix says: "1 and 2"."""
    levels = [str(level) for level in sorted(ctx.catalog.major_levels)] or ["none"]
    return ", ".join(levels[:-1]) + " and " + levels[-1] if len(levels) > 1 else levels[0]


def severity_options(ctx: Context) -> list[tuple[str, str]]:
    return [
        (f"{s.level} — {s.name}" + (" (major)" if s.major else ""), str(s.level))
        for s in ctx.catalog.severities
    ]


def declare_form(ctx: Context, user: str) -> FormScreen:
    def submit(values: Values) -> Incident:
        products = values.get("products", [])
        return incidents.declare(
            ctx,
            incidents.Declaration(
                summary=_text(values, "summary"),
                severity=_text(values, "severity"),
                service=_text(values, "service") or UNKNOWN_SERVICE,
                products=products if isinstance(products, list) else [],
                description=_text(values, "description"),
                impact_started_at=_optional_time(ctx, values, "started", "impact started"),
                detected_at=_optional_time(ctx, values, "detected", "detected"),
                training=values.get("training") is True,
            ),
            by=user,
        )

    services = [(UNKNOWN_SERVICE, UNKNOWN_SERVICE)]
    services += [(s.name, s.name) for s in ctx.catalog.services]
    fields = [
        FieldSpec("summary", "Summary — what is the emergency?"),
        FieldSpec(
            "severity",
            f"Severity — {_majors(ctx)} page responders",
            "select",
            severity_options(ctx),
        ),
        FieldSpec(
            "service",
            "Faulty service — guess if unsure, Unknown if no idea",
            "select",
            services,
            UNKNOWN_SERVICE,
        ),
        FieldSpec(
            "products",
            "Affected products — tick all that apply (space)",
            "multi",
            [(p.name, p.name) for p in ctx.catalog.products],
            error_keys=("product",),
        ),
        FieldSpec(
            "description",
            "Description — impact on customers; your contact details",
        ),
        FieldSpec(
            "started", "Impact started (optional)", placeholder=HINT, error_keys=("impact started",)
        ),
        FieldSpec("detected", "Detected (empty: now)", placeholder=HINT),
        FieldSpec(
            "training", "Training drill (its messages stay in the outbox)", "check", value=False
        ),
    ]
    return FormScreen(
        "Declare an incident",
        fields,
        submit,
        intro="Check the incident list first: is it already declared?",
        submit_label="Declare",
    )


def severity_form(ctx: Context, user: str, detail: IncidentDetail) -> FormScreen:
    key = detail.incident.key

    def submit(values: Values) -> None:
        incidents.change_severity(
            ctx, key, _text(values, "severity"), reason=_text(values, "reason"), by=user
        )

    return FormScreen(
        f"Change the severity of {key}",
        [
            FieldSpec(
                "severity",
                "New severity",
                "select",
                severity_options(ctx),
                str(detail.incident.severity),
            ),
            FieldSpec("reason", "Reason — the team will read it on the timeline"),
        ],
        submit,
    )


def channels_form(ctx: Context, user: str, detail: IncidentDetail) -> FormScreen:
    incident = detail.incident

    def submit(values: Values) -> None:
        channels.set_channels(
            ctx,
            incident.key,
            by=user,
            chat_room=_text(values, "chat_room"),
            video_link=_text(values, "video_link"),
            status_doc_link=_text(values, "status_doc_link"),
        )

    return FormScreen(
        f"Comms channels of {incident.key}",
        [
            FieldSpec(
                "chat_room",
                "Chat room (empty: the key)",
                value=incident.chat_room,
                error_keys=("chat room",),
            ),
            FieldSpec(
                "video_link",
                "Video call link",
                value=incident.video_link,
                error_keys=("video call",),
            ),
            FieldSpec(
                "status_doc_link",
                "Status document link (complex or long incidents)",
                value=incident.status_doc_link,
                error_keys=("status document",),
            ),
        ],
        submit,
    )


def times_form(ctx: Context, user: str, detail: IncidentDetail) -> FormScreen:
    incident = detail.incident

    def submit(values: Values) -> None:
        incidents.set_times(
            ctx,
            incident.key,
            by=user,
            impact_started_at=_optional_time(ctx, values, "started", "impact started"),
            detected_at=_optional_time(ctx, values, "detected", "detected"),
        )

    return FormScreen(
        f"Times of {incident.key}",
        [
            FieldSpec(
                "started",
                "Impact started",
                value=_local(incident.impact_started_at),
                placeholder=HINT,
                error_keys=("impact started", "times"),
            ),
            FieldSpec("detected", "Detected", value=_local(incident.detected_at), placeholder=HINT),
        ],
        submit,
        intro="TTD = detected − impact started; TTR = impact ended − impact started.",
    )


def reopen_form(ctx: Context, user: str, key: str) -> FormScreen:
    def submit(values: Values) -> None:
        resolution.reopen(ctx, key, reason=_text(values, "reason"), by=user)

    return FormScreen(
        f"Reopen {key}",
        [FieldSpec("reason", "Reason — e.g. the errors are back")],
        submit,
        intro="It goes back to fixing; the reopening and its reason go on the timeline.",
        submit_label="Reopen",
    )


def resolve_form(ctx: Context, user: str, detail: IncidentDetail) -> FormScreen:
    key = detail.incident.key

    def submit(values: Values) -> None:
        ended = _optional_time(ctx, values, "ended", "impact ended")
        if values.get("confirm") is not True:
            raise InvalidInput("confirm", "tick the box to resolve: it cannot be undone quietly")
        resolution.resolve(ctx, key, impact_ended_at=ended, by=user)

    return FormScreen(
        f"Resolve {key} — Sev {detail.incident.severity}",
        [
            FieldSpec(
                "ended",
                "Impact ended — when the business impact stopped",
                value="now",
                placeholder=HINT,
                error_keys=("impact ended",),
            ),
            FieldSpec(
                "confirm",
                f"Yes: the business impact of {key} has ended; resolve it",
                "check",
                value=False,
            ),
        ],
        submit,
        intro=resolve_summary(resolution.before_resolving(detail, user, now=ctx.clock.now())),
        submit_label="Resolve",
    )


def resolve_summary(before: resolution.BeforeResolving) -> str:
    """What to read before resolving: who leads, what is still being tried, what is owed."""
    im = safe(before.incident_manager or "nobody")
    lines = ["Resolve when current or imminent business impact has ended."]
    if before.resolver_is_im:
        lines.append(f"Incident manager: {im} (you).")
    else:
        lines.append(f"You are not the incident manager: {im} is. Agree it with them first.")
    if before.thinking:
        latest = "; ".join(safe(one_line(e.text)) for e in before.thinking[-3:])
        lines.append(f"Theories and experiments on the timeline: {len(before.thinking)}"
                     f" — latest: {latest}")  # fmt: skip
    else:
        lines.append("No theories or experiments on the timeline.")
    lines.append("Resolution comms to send after: " + ", ".join(before.comms_to_send) + ".")
    if before.open_items:
        overdue = f", {before.overdue_items} overdue" if before.overdue_items else ""
        lines.append(
            f"Clean-up items still open: {before.open_items}{overdue}; they stay open after "
            "resolving."
        )
    lines.append("Every role ends now; the timers stop.")
    return "\n".join(lines)


def assign_form(ctx: Context, user: str, key: str) -> FormScreen:
    known = [(role, role) for role in KNOWN_ROLES]

    def submit(values: Values) -> None:
        role = _text(values, "custom").strip() or _text(values, "role")
        roles.assign(ctx, key, role, _text(values, "person"), by=user)

    return FormScreen(
        f"Assign a role on {key}",
        [
            FieldSpec("role", "Role", "select", known, TECH_LEAD),
            FieldSpec(
                "custom",
                "…or a role of your own (overrides the choice above)",
                error_keys=("role",),
            ),
            FieldSpec("person", "Person"),
        ],
        submit,
    )


def handover_form(ctx: Context, user: str, key: str, role: str, person: str) -> FormScreen:
    def submit(values: Values) -> None:
        note = _text(values, "note")
        if not _text(values, "to").strip():
            raise InvalidInput("to", "name the person taking the role over")
        if not note.strip():
            # Asked here, not by the core (scripts may hand over bare): at the console the
            # incoming holder is a person who needs the context.
            raise InvalidInput("note", "write what the incoming holder needs: going on, open, next")
        roles.handover(ctx, key, role, person, _text(values, "to"), by=user, note=note)

    return FormScreen(
        f"Hand over {role} on {key}",
        [
            FieldSpec("to", f"From {person} to"),
            FieldSpec(
                "note",
                "Hand-over note — what is going on, what is open, what is next",
                placeholder="e.g. rollback done; storage quorum open; next: fail over reads",
            ),
        ],
        submit,
        intro="The current holding closes and the next one opens; history keeps both. "
        "The note goes on the timeline and to the incoming holder's console.",
    )


def relieve_form(ctx: Context, user: str, key: str, role: str, person: str) -> FormScreen:
    def submit(values: Values) -> None:
        roles.relieve(ctx, key, role, person, by=user)

    return FormScreen(
        f"Relieve {person} of {role} on {key}?",
        [],
        submit,
        intro="They leave the role without a successor; a hand-over passes it on instead.",
        submit_label="Relieve",
    )
