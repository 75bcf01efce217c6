"""Realistic sample data for trying the console: ``warroom demo``.

``populate_demo`` fills an empty store through the service functions only, the
same door the console and the CLI use. The services stamp "now" from the
context's clock, so the history is written by driving a ``ManualClock`` from a
few days before ``now`` forward, step by step; nothing ends up after ``now``.

The content is written for the shipped catalog (``data/catalog.toml``): its
services, products, teams and on-call rosters. Times quoted inside notes
("the 13:14 deploy") are shown in the local zone, as the console shows them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from warroom.base.clock import ManualClock
from warroom.base.errors import Refused
from warroom.process import actions, assessment, incidents, paging, roles, timeline
from warroom.process import links as channels
from warroom.process.context import Context
from warroom.process.incidents import Declaration
from warroom.process.read import list_incidents
from warroom.vocabulary.kinds import EntryKind
from warroom.vocabulary.roles import COMMS_MANAGER, INCIDENT_MANAGER, TECH_LEAD

DEMO_FILE = "demo.db"
HISTORY = timedelta(days=4)

# Major Incident Managers (the IMOC rotation in the catalog).
DANA, LUKAS, MEI, RAFAEL = "dana.okafor", "lukas.brandt", "mei.tanaka", "rafael.souza"
# Customer support and communications: comms managers, not on an on-call roster.
NINA, PAUL = "nina.berg", "paul.girard"

OBSERVATION = EntryKind.OBSERVATION
THEORY = EntryKind.THEORY
EXPERIMENT = EntryKind.EXPERIMENT
DECISION = EntryKind.DECISION
CHANGE = EntryKind.CHANGE
ACTION = EntryKind.ACTION
NOTE = EntryKind.NOTE


def _m(minutes: float) -> timedelta:
    return timedelta(minutes=minutes)


def _hm(moment: datetime) -> str:
    """A time as people write it in notes: local wall-clock hours and minutes."""
    return moment.astimezone().strftime("%H:%M")


def _links(key: str) -> tuple[str, str]:
    slug = key.lower()
    return f"https://meet.example.com/{slug}", f"https://docs.example.com/incidents/{slug}"


class _Director:
    """Moves a private clock forward through the demo's history, never past ``now``."""

    def __init__(self, ctx: Context, now: datetime) -> None:
        self.now = now
        self.clock = ManualClock(now - HISTORY)
        self.ctx = Context(store=ctx.store, catalog=ctx.catalog, clock=self.clock)

    def at(self, moment: datetime) -> Context:
        """The context with its clock set to ``moment`` (forward only, not after now)."""
        if moment > self.now:
            raise ValueError(f"demo step at {moment.isoformat()} is after now")
        if moment < self.clock.now():
            raise ValueError(f"demo step at {moment.isoformat()} goes back in time")
        self.clock.set(moment)
        return self.ctx

    def note(
        self,
        key: str,
        moment: datetime,
        kind: EntryKind,
        text: str,
        *,
        by: str,
        occurred: datetime | None = None,
        undo: str = "",
    ) -> None:
        """A note recorded at ``moment``; ``occurred`` back-dates it."""
        ctx = self.at(moment)
        timeline.add_note(ctx, key, text, by=by, kind=kind, occurred_at=occurred, undo=undo)

    def open_comms(self, key: str, moment: datetime, *, by: str) -> None:
        video, doc = _links(key)
        channels.set_channels(self.at(moment), key, video_link=video, status_doc_link=doc, by=by)


def populate_demo(ctx: Context, now: datetime) -> list[str]:
    """Fill an empty store with a few days of sample incidents; return their keys, oldest first.

    Two incidents are live at ``now``: a severity-1 in the middle of its
    response and a new severity-2 nobody has taken yet. The rest are resolved,
    with TTD and TTR known, and one is a training drill. ``ctx.clock`` is not
    used or moved. The same ``now`` gives the same data.
    """
    if now.tzinfo is None:
        raise ValueError("populate_demo needs a timezone-aware now")
    if list_incidents(ctx, include_resolved=True, limit=1):
        raise Refused("the demo fills an empty store only; this one already has incidents")
    director = _Director(ctx, now.astimezone(UTC))
    start = director.clock.now()
    keys = [
        _sso_logins(director, start + timedelta(hours=2)),
        _wiki_pdf_export(director, start + timedelta(hours=7)),
        _builds_queued(director, start + timedelta(days=1, hours=3)),
        _database_drill(director, start + timedelta(days=2)),
        _chat_delays(director, start + timedelta(days=2, hours=6)),
        _subscriber_emails(director, start + timedelta(days=3, hours=2)),
    ]
    keys += _live_incidents(director)
    return keys


def open_demo_store(folder: Path, now: datetime) -> Path:
    """Create ``folder/demo.db`` on the shipped catalog, fill it, close it; return its path."""
    path = folder / DEMO_FILE
    if path.exists():
        raise Refused(f"{path} already exists; the demo store is always created fresh")
    ctx = Context.open(path)
    try:
        populate_demo(ctx, now)
    finally:
        ctx.close()
    return path


# --- resolved incidents, oldest first -------------------------------------------------------


def _sso_logins(d: _Director, t: datetime) -> str:
    """Severity 2, detected by monitoring in minutes, fixed within the hour."""
    oliver, yuki = "oliver.bennett", "yuki.sato"
    form = Declaration(
        summary="SAML single sign-on logins failing",
        severity=2,
        service="Identity",
        products=("Repos", "Pipelines", "Tracker", "Wiki", "Chat"),
        description=(
            "About a third of SAML SSO logins fail with 'Sign-in failed: invalid response "
            "from your identity provider'. Password and OIDC logins work. Reported by "
            "oliver.bennett (Identity and Access on-call): chat @oliver.bennett, "
            "phone +44 20 7946 0311."
        ),
        impact_started_at=t,
        detected_at=t + _m(6),
    )
    key = incidents.declare(d.at(t + _m(9)), form, by=oliver).key
    paging.page(
        d.at(t + _m(10)),
        key,
        "Major Incident Managers",
        person=MEI,
        reason="IMOC needed: SAML SSO logins failing for many customers",
        by=oliver,
    )
    roles.take(d.at(t + _m(14)), key, by=MEI)
    roles.assign(d.at(t + _m(15)), key, TECH_LEAD, oliver, by=MEI)
    d.open_comms(key, t + _m(16), by=MEI)
    d.note(
        key,
        t + _m(17),
        OBSERVATION,
        f"SAML login failure rate at 31% since {_hm(t)}; OIDC and password logins normal",
        by=oliver,
        occurred=t + _m(12),
    )
    assessment.answer(
        d.at(t + _m(19)), key, "how_many", "Some: SAML SSO customers, about 1 in 3 logins", by=MEI
    )
    d.note(
        key,
        t + _m(21),
        THEORY,
        f"the IdP signing-certificate rotation at {_hm(t - _m(3))} was not picked up: "
        "saml-verifier still caches the old certificate",
        by=oliver,
    )
    roles.assign(d.at(t + _m(24)), key, TECH_LEAD, yuki, by=MEI)
    d.note(
        key,
        t + _m(31),
        CHANGE,
        "set the SAML metadata cache TTL on identity-api from 24h to 5m and flushed the cache",
        undo="set saml_metadata_ttl back to 24h in the identity-api config",
        by=yuki,
    )
    d.note(key, t + _m(46), OBSERVATION, "SAML login failures back to baseline (0.2%)", by=oliver)
    incidents.set_support_cases(d.at(t + _m(52)), key, 11, by=MEI)
    incidents.resolve(d.at(t + _m(58)), key, impact_ended_at=t + _m(44), by=MEI)
    return key


def _wiki_pdf_export(d: _Director, t: datetime) -> str:
    """Severity 3, reported by customers hours later; the owning team fixes it."""
    amara, jonas, kenji = "amara.eze", "jonas.lindqvist", "kenji.watanabe"
    form = Declaration(
        summary="Wiki PDF exports time out for pages with images",
        severity=3,
        service="Wiki App",
        products=("Wiki",),
        description=(
            "Exporting a Wiki page with more than ~20 images to PDF times out after 60 s; "
            "HTML export works. Four support tickets so far. Reported by amara.eze "
            "(Work Management): chat @amara.eze."
        ),
        impact_started_at=t,
        detected_at=t + _m(130),
    )
    key = incidents.declare(d.at(t + _m(135)), form, by=amara).key
    roles.take(d.at(t + _m(142)), key, by=jonas)
    roles.assign(d.at(t + _m(143)), key, TECH_LEAD, kenji, by=jonas)
    d.note(
        key,
        t + _m(150),
        OBSERVATION,
        f"p95 PDF export time 74 s since {_hm(t)} (was 9 s); requests cut off at 60 s",
        by=kenji,
    )
    d.note(
        key,
        t + _m(158),
        THEORY,
        f"wiki-renderer 3.8 (deployed {_hm(t - _m(4))}) fetches every image attachment "
        "one after another",
        by=kenji,
    )
    d.note(
        key,
        t + _m(170),
        EXPERIMENT,
        "export a 40-image page on one renderer pod with pdf.inline_images=false",
        by=kenji,
    )
    d.note(
        key, t + _m(176), OBSERVATION, "same page exports in 8 s without inline images", by=kenji
    )
    d.note(
        key,
        t + _m(180),
        DECISION,
        "turn inline images off for everyone until the renderer fix ships; images stay linked",
        by=jonas,
    )
    d.note(
        key,
        t + _m(205),
        CHANGE,
        "set pdf.inline_images=false for all Wiki sites",
        undo="set pdf.inline_images=true",
        by=kenji,
    )
    incidents.set_support_cases(d.at(t + _m(210)), key, 4, by=amara)
    d.note(key, t + _m(215), OBSERVATION, "export error rate 0% over the last 10 minutes", by=kenji)
    incidents.resolve(d.at(t + _m(230)), key, impact_ended_at=t + _m(206), by=jonas)
    return key


def _builds_queued(d: _Director, t: datetime) -> str:
    """Severity 1 lasting hours: two workstreams, an IM handover, a clean-up item left open."""
    viktor, isabel = "viktor.petrov", "isabel.costa"
    form = Declaration(
        summary="Pipelines builds stuck in Queued for all customers",
        severity=1,
        service="CI Runners",
        products=("Pipelines",),
        description=(
            "No pipeline starts: every build stays in 'Queued'. Repos works. Reported by "
            "viktor.petrov (Cloud Infrastructure on-call): chat @viktor.petrov, "
            "phone +44 20 7946 0102."
        ),
        impact_started_at=t,
        detected_at=t + _m(4),
    )
    key = incidents.declare(d.at(t + _m(6)), form, by=viktor).key
    paging.page(
        d.at(t + _m(7)),
        key,
        "Major Incident Managers",
        person=LUKAS,
        reason="IMOC needed: no builds start for any customer",
        by=viktor,
    )
    d.note(
        key,
        t + _m(9),
        OBSERVATION,
        "runner pool has 0 idle runners; autoscaler launched 0 healthy instances in 10 min; "
        "queue depth 4,200 jobs",
        by=viktor,
        occurred=t + _m(5),
    )
    roles.take(d.at(t + _m(10)), key, by=LUKAS)
    d.open_comms(key, t + _m(11), by=LUKAS)
    roles.assign(d.at(t + _m(12)), key, TECH_LEAD, viktor, by=LUKAS)
    paging.page(
        d.at(t + _m(14)),
        key,
        "Cloud Infrastructure",
        person=isabel,
        reason="second tech lead: runner image workstream",
        by=LUKAS,
    )
    answers = (
        ("impact", "No Pipelines build starts; deploys through Pipelines are blocked"),
        ("seeing", "Builds stay 'Queued' indefinitely; no error shown"),
        ("how_many", "All customers"),
        ("started", f"{_hm(t)}, first stuck build in the queue metrics"),
        ("support_cases", "35"),
        ("other_factors", "Complaints on social media; no security or data-loss concern"),
    )
    for step, (question, text) in enumerate(answers):
        assessment.answer(d.at(t + _m(15 + step / 2)), key, question, text, by=LUKAS)
    d.note(
        key,
        t + _m(18),
        THEORY,
        "cloud quota for the runner instance type is exhausted in us-east-1",
        by=viktor,
    )
    roles.assign(d.at(t + _m(20)), key, TECH_LEAD, isabel, by=LUKAS)
    d.note(
        key,
        t + _m(21),
        THEORY,
        "runner image ci-runner-2024.11.19 fails its health check, so the autoscaler "
        "terminates every instance it launches",
        by=isabel,
    )
    roles.assign(d.at(t + _m(22)), key, COMMS_MANAGER, PAUL, by=LUKAS)
    d.note(
        key,
        t + _m(28),
        EXPERIMENT,
        "boot one runner by hand from the previous image ci-runner-2024.11.12",
        by=isabel,
    )
    d.note(
        key,
        t + _m(36),
        OBSERVATION,
        "hand-booted runner on ci-runner-2024.11.12 passes its health check and takes jobs",
        by=isabel,
    )
    d.note(
        key,
        t + _m(38),
        OBSERVATION,
        "quota is fine: 312 of 2,000 instances in use; quota theory ruled out",
        by=viktor,
    )
    d.note(
        key,
        t + _m(40),
        DECISION,
        "pin the autoscaler to ci-runner-2024.11.12 and run a static pool of 400 runners "
        "until the queue drains",
        by=LUKAS,
    )
    d.note(
        key,
        t + _m(44),
        CHANGE,
        "pinned the runner launch template to image ci-runner-2024.11.12",
        undo="unpin the launch template (back to the latest image)",
        by=isabel,
    )
    d.note(
        key,
        t + _m(50),
        CHANGE,
        "set the runner pool to a static 400 (was autoscaling 40–1200)",
        undo="restore the autoscaling group to min 40 / max 1200",
        by=viktor,
    )
    d.note(
        key,
        t + _m(62),
        NOTE,
        "external status page: 'Builds are starting again; queued builds will run over the "
        "next hours'. Internal update #3 sent.",
        by=PAUL,
    )
    d.note(
        key, t + _m(90), OBSERVATION, "queue depth 1,900 and falling, ~60 jobs a minute", by=viktor
    )
    incidents.set_support_cases(d.at(t + _m(150)), key, 58, by=PAUL)
    roles.handover(d.at(t + _m(220)), key, INCIDENT_MANAGER, LUKAS, MEI, by=LUKAS)
    d.note(
        key,
        t + _m(222),
        NOTE,
        "handover: lukas.brandt on the incident since the first page; mei.tanaka is IM now",
        by=MEI,
    )
    d.note(
        key,
        t + _m(258),
        OBSERVATION,
        "queue drained; p95 time from push to build start back to 20 s",
        by=viktor,
    )
    incidents.resolve(d.at(t + _m(270)), key, impact_ended_at=t + _m(260), by=MEI)
    actions.add_action(
        d.at(t + _m(272)),
        key,
        "return the runner pool from a static 400 to autoscaling (min 40 / max 1200)",
        owner=viktor,
        by=MEI,
    )
    return key


def _database_drill(d: _Director, t: datetime) -> str:
    """A training incident: a game-day drill with a trainee IM and a deputy."""
    elena = "elena.popescu"
    form = Declaration(
        summary="DRILL: Tracker primary database lost in us-east-1",
        severity=1,
        service="Primary Database",
        products=("Tracker", "Wiki"),
        description=(
            "Game-day drill, no customer impact. Scenario 3: the primary node of "
            "pg-tracker-use1 is stopped. Drill lead: mei.tanaka, chat @mei.tanaka."
        ),
        impact_started_at=t,
        detected_at=t + _m(3),
        training=True,
    )
    key = incidents.declare(d.at(t + _m(5)), form, by=MEI).key
    d.note(key, t + _m(6), NOTE, "DRILL — training incident, nothing is really broken", by=MEI)
    roles.take(d.at(t + _m(7)), key, by=RAFAEL)
    roles.assign(d.at(t + _m(8)), key, "Deputy incident manager", MEI, by=RAFAEL)
    roles.assign(d.at(t + _m(9)), key, TECH_LEAD, elena, by=RAFAEL)
    d.note(
        key,
        t + _m(11),
        OBSERVATION,
        "pg-tracker-use1-a unreachable; replica pg-tracker-use1-b is 0 s behind",
        by=elena,
    )
    d.note(key, t + _m(13), DECISION, "promote pg-tracker-use1-b to primary", by=RAFAEL)
    d.note(
        key,
        t + _m(17),
        CHANGE,
        "promoted pg-tracker-use1-b and re-pointed pgbouncer at it",
        undo="re-point pgbouncer at pg-tracker-use1-a once it rejoins as primary",
        by=elena,
    )
    d.note(key, t + _m(21), OBSERVATION, "Tracker writes succeed again", by=elena)
    incidents.resolve(d.at(t + _m(30)), key, impact_ended_at=t + _m(21), by=RAFAEL)
    return key


def _chat_delays(d: _Director, t: datetime) -> str:
    """Declared as severity 3, raised to 2, handed to the IMOC; a clean-up item done."""
    diego, hannah = "diego.ramirez", "hannah.schmidt"
    broker_restart = t - _m(2)
    form = Declaration(
        summary="Chat messages delayed by minutes in the EU region",
        severity=3,
        service="Chat Gateway",
        products=("Chat",),
        description=(
            "Messages reach other members of EU workspaces late, some by several minutes. "
            "Sending works. Reported by diego.ramirez (Messaging): chat @diego.ramirez."
        ),
        impact_started_at=t,
        detected_at=t + _m(18),
    )
    key = incidents.declare(d.at(t + _m(20)), form, by=diego).key
    roles.take(d.at(t + _m(22)), key, by=diego)
    d.note(
        key,
        t + _m(25),
        OBSERVATION,
        "fan-out lag in eu-central-1 at 280 s p95; US regions normal",
        by=diego,
    )
    incidents.change_severity(
        d.at(t + _m(27)),
        key,
        2,
        reason="delays up to 5 minutes for all EU workspaces: core Chat functionality impacted",
        by=diego,
    )
    paging.page(
        d.at(t + _m(28)),
        key,
        "Major Incident Managers",
        person=RAFAEL,
        reason="raised from Sev 3: IMOC to take over from diego.ramirez",
        by=diego,
    )
    paging.page(d.at(t + _m(29)), key, "Messaging", reason="Chat fan-out lag in EU", by=diego)
    roles.handover(d.at(t + _m(34)), key, INCIDENT_MANAGER, diego, RAFAEL, by=diego)
    d.open_comms(key, t + _m(35), by=RAFAEL)
    roles.assign(d.at(t + _m(36)), key, TECH_LEAD, hannah, by=RAFAEL)
    roles.assign(d.at(t + _m(37)), key, COMMS_MANAGER, NINA, by=RAFAEL)
    d.note(
        key,
        t + _m(41),
        THEORY,
        f"consumer group chat-fanout-eu is stuck rebalancing since broker 3 restarted at "
        f"{_hm(broker_restart)}",
        by=hannah,
    )
    d.note(key, t + _m(45), EXPERIMENT, "restart 2 of the 12 fan-out consumers", by=hannah)
    d.note(
        key,
        t + _m(55),
        OBSERVATION,
        "rebalance completes, but lag is back within 5 minutes; the same consumer crashes",
        by=hannah,
    )
    d.note(
        key,
        t + _m(62),
        THEORY,
        "a malformed message in partition 7 of chat-events-eu crashes whichever consumer owns it",
        by=diego,
    )
    d.note(
        key,
        t + _m(75),
        OBSERVATION,
        "consumer logs show a decode error at offset 88412731 of partition 7 on every crash",
        by=diego,
    )
    d.note(
        key,
        t + _m(80),
        CHANGE,
        "copied offset 88412731 to chat-events-eu-dlq and moved the group past it",
        undo="replay offset 88412731 from chat-events-eu-dlq",
        by=hannah,
    )
    incidents.set_support_cases(d.at(t + _m(120)), key, 27, by=NINA)
    d.note(key, t + _m(155), OBSERVATION, "fan-out lag under 1 s for 15 minutes", by=hannah)
    incidents.resolve(d.at(t + _m(165)), key, impact_ended_at=t + _m(160), by=RAFAEL)
    item = actions.add_action(
        d.at(t + _m(170)),
        key,
        "replay the dead-lettered message once the decoder fix ships",
        owner=hannah,
        by=RAFAEL,
    )
    assert item.id is not None
    actions.complete_action(d.at(t + _m(400)), key, item.id, by=hannah)
    return key


def _subscriber_emails(d: _Director, t: datetime) -> str:
    """Severity 3, noticed late, fixed in under two hours."""
    aisha = "aisha.rahman"
    form = Declaration(
        summary="Status page subscriber emails delayed",
        severity=3,
        service="Email Delivery",
        products=("Status Pages",),
        description=(
            "Emails to status page subscribers arrive 30–40 minutes late; other email is on "
            "time. Reported by aisha.rahman (Messaging): chat @aisha.rahman."
        ),
        impact_started_at=t,
        detected_at=t + _m(47),
    )
    key = incidents.declare(d.at(t + _m(50)), form, by=aisha).key
    roles.take(d.at(t + _m(52)), key, by=aisha)
    d.note(
        key,
        t + _m(55),
        OBSERVATION,
        "subscriber emails wait 38 min in the queue on average; transactional email normal",
        by=aisha,
    )
    d.note(
        key,
        t + _m(63),
        THEORY,
        "the email provider throttles IP pool bulk-2 after this morning's volume spike",
        by=aisha,
    )
    d.note(
        key,
        t + _m(70),
        OBSERVATION,
        f"provider dashboard: 421 throttling responses for pool bulk-2 since {_hm(t - _m(1))}",
        by=aisha,
    )
    d.note(
        key,
        t + _m(78),
        CHANGE,
        "moved subscriber notifications to IP pool bulk-1",
        undo="move subscriber notifications back to bulk-2",
        by=aisha,
    )
    incidents.set_support_cases(d.at(t + _m(100)), key, 6, by=aisha)
    d.note(key, t + _m(112), OBSERVATION, "queue drained; delivery within 40 s", by=aisha)
    incidents.resolve(d.at(t + _m(120)), key, impact_ended_at=t + _m(115), by=aisha)
    return key


# --- live at now ----------------------------------------------------------------------------


def _live_incidents(d: _Director) -> list[str]:
    """A severity-1 mid-response (declared 40 minutes ago) and a new severity-2 (4 minutes ago).

    Written in the order things happened, so the two interleave near the end.
    """
    now = d.now
    priya, tomasz, arjun = "priya.natarajan", "tomasz.kowalski", "arjun.mehta"
    deploy_done = now - _m(48)
    impact = now - _m(46)
    form = Declaration(
        summary="Git pushes failing for all customers",
        severity=1,
        service="Git Storage",
        products=("Repos", "Pipelines"),
        description=(
            "Every git push (HTTPS and SSH) fails with 'remote: fatal: unable to write "
            "object'; commits from the web editor fail with a 500, so push-triggered "
            "Pipelines builds do not start. Clone and fetch work. Reported by "
            "priya.natarajan (Code Collaboration on-call): chat @priya.natarajan, "
            "phone +44 20 7946 0958."
        ),
        impact_started_at=impact,
        detected_at=now - _m(42),
    )
    key = incidents.declare(d.at(now - _m(40)), form, by=priya).key
    d.note(
        key,
        now - _m(40),
        OBSERVATION,
        "error rate on git-receive-pack at 38% and climbing; GitPushErrorRate firing in all "
        "regions",
        by=priya,
        occurred=now - _m(42),
    )
    paging.page(
        d.at(now - _m(39)),
        key,
        "Major Incident Managers",
        reason="IMOC needed: pushes fail in every region",
        by=priya,
    )
    roles.take(d.at(now - _m(37)), key, by=DANA)
    d.open_comms(key, now - _m(36), by=DANA)
    roles.assign(d.at(now - _m(35)), key, TECH_LEAD, priya, by=DANA)
    paging.page(
        d.at(now - _m(34)),
        key,
        "Data Platform",
        reason="are Git Storage metadata writes to Primary Database healthy?",
        by=DANA,
    )
    d.note(
        key,
        now - _m(34),
        OBSERVATION,
        "error rate on git-receive-pack at 100%: every push fails; clone and fetch fine",
        by=priya,
    )
    for minute, (question, text) in zip(
        (33, 32, 31, 30),
        (
            ("impact", "No customer can push to Repos; push-triggered Pipelines do not run"),
            ("seeing", "git push fails with 'remote: fatal: unable to write object'"),
            ("how_many", "All customers, all regions"),
            ("started", f"{_hm(impact)}, two minutes after the storage-node deploy finished"),
        ),
        strict=True,
    ):
        assessment.answer(d.at(now - _m(minute)), key, question, text, by=DANA)
    roles.assign(d.at(now - _m(29)), key, COMMS_MANAGER, NINA, by=DANA)
    d.note(
        key,
        now - _m(28),
        OBSERVATION,
        f"storage-node v2024.11.4 rollout finished on all Git Storage nodes at {_hm(deploy_done)}",
        by=priya,
        occurred=deploy_done,
    )
    d.note(
        key,
        now - _m(27),
        THEORY,
        f"the {_hm(deploy_done)} storage-node deploy broke replication: writes wait for a "
        "replica acknowledgement that never comes",
        by=priya,
    )
    d.note(
        key,
        now - _m(26),
        THEORY,
        "Git Storage metadata writes to Primary Database are timing out",
        by=arjun,
    )
    paging.page(
        d.at(now - _m(25)),
        key,
        "Code Collaboration",
        person=tomasz,
        reason="second tech lead: fail-over workstream",
        by=DANA,
    )
    d.note(
        key,
        now - _m(24),
        OBSERVATION,
        "Primary Database normal: p99 write latency 4 ms, no lock waits; metadata theory ruled out",
        by=arjun,
    )
    d.note(
        key,
        now - _m(23),
        EXPERIMENT,
        "roll back canary node git-store-use1-07 to v2024.11.3 and push through it",
        by=priya,
    )
    roles.assign(d.at(now - _m(22)), key, TECH_LEAD, tomasz, by=DANA)
    d.note(
        key,
        now - _m(20),
        OBSERVATION,
        "50 of 50 test pushes through git-store-use1-07 succeed on v2024.11.3",
        by=priya,
        occurred=now - _m(21),
    )
    d.note(
        key,
        now - _m(19),
        DECISION,
        "roll back storage-node to v2024.11.3 everywhere; tomasz prepares failing over reads "
        "to eu-west-2 in case the rollback stalls",
        by=DANA,
    )
    d.note(
        key,
        now - _m(17),
        CHANGE,
        "rolled back storage-node to v2024.11.3 in all regions",
        undo="redeploy v2024.11.4",
        by=priya,
    )
    d.note(
        key,
        now - _m(16),
        CHANGE,
        "froze deploys to Git Storage",
        undo="lift the Git Storage deploy freeze in the release tool",
        by=DANA,
    )
    d.note(
        key,
        now - _m(12),
        NOTE,
        "drafting the initial comms; waiting on support for the number of tickets and on "
        "security for whether any data was lost",
        by=NINA,
    )
    d.note(
        key,
        now - _m(9),
        OBSERVATION,
        "error rate on git-receive-pack down to 12%; the rest are reads from us-east-1 "
        "replicas that are still catching up",
        by=priya,
    )
    d.note(
        key,
        now - _m(7),
        DECISION,
        "fail over reads to eu-west-2 until the us-east-1 replicas have caught up",
        by=DANA,
    )
    d.note(
        key,
        now - _m(6),
        ACTION,
        "tomasz.kowalski: fail over reads to eu-west-2 and report back in the room",
        by=DANA,
    )

    jonas, elena = "jonas.lindqvist", "elena.popescu"
    stale_since = now - _m(31)
    form = Declaration(
        summary="Search results stale in Tracker",
        severity=2,
        service="Search",
        products=("Tracker",),
        description=(
            f"Issues created or edited since about {_hm(stale_since)} do not show up in "
            "Tracker search or board filters; opening an issue by key works. Reported by "
            "jonas.lindqvist (Work Management): chat @jonas.lindqvist, phone +44 20 7946 0447."
        ),
        impact_started_at=stale_since,
        detected_at=now - _m(6),
    )
    stale = incidents.declare(d.at(now - _m(4)), form, by=jonas).key
    paging.page(
        d.at(now - _m(3)),
        stale,
        "Major Incident Managers",
        person=LUKAS,
        reason=f"IMOC needed: dana.okafor is busy on {key}",
        by=jonas,
    )
    paging.page(
        d.at(now - _m(3)),
        stale,
        "Data Platform",
        person=elena,
        reason=f"index lag on tracker-issues (arjun.mehta is on {key})",
        by=jonas,
    )
    d.note(
        stale,
        now - _m(2),
        OBSERVATION,
        "index lag on tracker-issues at 27 min and growing",
        by=jonas,
    )
    d.note(
        key,
        now - _m(1),
        OBSERVATION,
        "reads failed over to eu-west-2; error rate on git-receive-pack at 4% and falling",
        by=tomasz,
    )
    return [key, stale]
