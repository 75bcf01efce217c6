"""Plausible rows for the store, in the shape the services would have written them."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bench.plan import Plan

BUILD_FORMAT = 3  # bump when the generated data or the schema changes: cached stores are rebuilt

SUMMARIES = (
    "Git push fails for {pct}% of EU customers",
    "Pipelines stuck in queued state on shared runners",
    "Tracker search returns no results for new issues",
    "Wiki pages load slowly (p95 {secs}s)",
    "Chat messages delayed by up to {mins} minutes",
    "Status page updates not published",
    "Login fails with 502 for SSO customers",
    "Elevated error rate on the public API ({pct}%)",
    "Email notifications not delivered",
    "Primary database replica lag over {mins} minutes",
    "CDN serving stale assets in APAC",
    "Billing page times out for enterprise accounts",
)
NOTES = (
    "error rate {pct}% since the {hh}:{mm} deploy",
    "p95 latency back under {secs}s",
    "could be the new connection pool limit",
    "rolling back deploy {n}",
    "restarted {n} runners, queue draining",
    "customer support reports {n} new tickets",
    "decided to fail over to the secondary region",
    "paged the database on-call",
    "graphs show the spike started at {hh}:{mm}",
    "theory: cache stampede after the config push",
    "experiment: disable feature flag search-v2 for 10% of traffic",
    "status page updated, next update in 30 minutes",
    "replica {n} caught up",
    "no change after the restart",
)
PEOPLE_KINDS = ("observation", "theory", "experiment", "decision", "change", "action", "note")


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        pct=rng.randint(2, 90),
        secs=rng.randint(2, 30),
        mins=rng.randint(2, 45),
        hh=f"{rng.randint(0, 23):02d}",
        mm=f"{rng.randint(0, 59):02d}",
        n=rng.randint(100, 999),
    )


@dataclass
class Generated:
    incidents: list[dict[str, Any]] = field(default_factory=list)
    products: list[dict[str, Any]] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)  # with an "_event" side record


def generate(plan: Plan, now: datetime, seed: int = 20_251_125) -> Generated:
    """Plausible rows, in the shape the services would have written them."""
    from warroom.config.catalog import load_catalog

    rng = random.Random(seed)
    catalog = load_catalog(None)
    prefix = catalog.key_prefix
    services = list(catalog.service_names)
    products = list(catalog.product_names)
    people = sorted({p for team in catalog.teams for p in team.roster})
    gen = Generated()

    n = plan.incidents
    first_open = n - plan.open_incidents + 1
    heavy_open = first_open  # severity 1, the oldest open one: first in the list, focused
    heavy_resolved = n // 2
    span_start = now - timedelta(days=3 * 365)
    resolved_span = (now - timedelta(days=4)) - span_start
    open_ages = sorted((rng.uniform(1, 60) for _ in range(plan.open_incidents - 1)), reverse=True)
    open_severities = [1, 2, 3] + [
        rng.choices((1, 2, 3), weights=(15, 35, 50))[0] for _ in range(plan.open_incidents - 4)
    ]
    rng.shuffle(open_severities)

    planned: list[tuple[int, datetime, datetime]] = []  # (incident id, notes from, notes until)
    system_count = 0

    def entry(iid: int, at: datetime, author: str, kind: str, text: str, event: str) -> None:
        gen.entries.append(
            {
                "incident_id": iid,
                "occurred_at": at,
                "recorded_at": at,
                "author": author,
                "kind": kind,
                "text": text,
                "undo": "",
                "edited": False,
                "fact": "",
                "fact_values": "{}",
                "_event": event,
            }
        )

    def fact(iid: int, at: datetime, author: str, kind: str, **values: Any) -> None:
        """A system entry as the services store it: a fact and its values, no words."""
        entry(iid, at, author, "system", "", kind)
        gen.entries[-1].update(fact=kind, fact_values=json.dumps(values, sort_keys=True))

    for number in range(1, n + 1):
        is_open = number >= first_open
        if number == heavy_open:
            severity, status = 1, "fixing"
            declared = now - timedelta(hours=72)
        elif is_open:
            severity = open_severities[number - first_open - 1]
            status = "new" if rng.random() < 0.3 else "fixing"
            declared = now - timedelta(hours=open_ages[number - first_open - 1])
        else:
            severity = rng.choices((1, 2, 3), weights=(10, 30, 60))[0]
            status = "resolved"
            declared = span_start + resolved_span * (number / n)
            declared += timedelta(minutes=rng.uniform(-30, 30))
        declared = declared.replace(microsecond=0)
        key = f"{prefix}-{number}"
        impact_started = declared - timedelta(minutes=rng.uniform(5, 90))
        detected = declared - timedelta(minutes=rng.uniform(0, 4))
        resolved_at = None
        if status == "resolved":
            resolved_at = declared + timedelta(minutes=rng.lognormvariate(4.2, 0.8))
        service = rng.choice(services)
        affected = rng.sample(products, rng.choice((1, 1, 2)))
        declared_by = rng.choice((*people, "monitoring"))
        gen.incidents.append(
            {
                "id": number,
                "key": key,
                "prefix": prefix,
                "number": number,
                "summary": _fill(rng.choice(SUMMARIES), rng),
                "description": "",
                "severity": severity,
                "status": status,
                "service": service,
                "chat_room": key,
                "video_link": "" if status == "new" else f"https://meet.example/{key.lower()}",
                "status_doc_link": "",
                "impact_started_at": impact_started if status != "new" else None,
                "detected_at": detected,
                "resolved_at": resolved_at,
                "support_cases": rng.randint(0, 40),
                "training": rng.random() < 0.01,
                "declared_by": declared_by,
                "declared_at": declared,
            }
        )
        gen.products += [{"incident_id": number, "product": p} for p in affected]
        fact(
            number,
            declared,
            declared_by,
            "declared",
            severity=severity,
            service=service,
            products=affected,
        )
        system_count += 1
        notes_from = declared
        if status != "new":
            im = rng.choice(people)
            taken = declared + timedelta(minutes=rng.uniform(1, 8))
            gen.roles.append(
                {
                    "incident_id": number,
                    "role": "Incident manager",
                    "person": im,
                    "assumed_at": taken,
                    "relieved_at": None,
                    "assigned_by": im,
                }
            )
            fact(number, taken, im, "role_assigned", role="Incident manager", person=im)
            fact(number, taken, im, "status", **{"from": "new", "to": "fixing"})
            system_count += 2
            notes_from = taken
        end = now - timedelta(minutes=2)
        if resolved_at is not None:
            end = resolved_at
            closed = resolved_at + timedelta(minutes=rng.uniform(1, 20))
            fact(number, closed, declared_by, "resolved", ended=resolved_at.isoformat())
            system_count += 1
        planned.append((number, notes_from, end))

    # People's notes: the two heavy incidents get thousands, the rest are spread at random.
    remaining = plan.entries - system_count - plan.heavy_open - plan.heavy_resolved
    counts = dict.fromkeys(range(1, n + 1), 0)
    counts[heavy_open] += plan.heavy_open
    counts[heavy_resolved] += plan.heavy_resolved
    for iid in rng.choices(range(1, n + 1), k=max(remaining, 0)):
        counts[iid] += 1
    for iid, start, end in planned:
        span = max((end - start).total_seconds(), 60.0)
        for _ in range(counts[iid]):
            recorded = start + timedelta(seconds=rng.uniform(0, span))
            occurred = recorded
            if rng.random() < 0.1:  # back-dated by the scribe
                occurred = recorded - timedelta(minutes=rng.uniform(1, 30))
            kind = rng.choice(PEOPLE_KINDS)
            text = _fill(rng.choice(NOTES), rng)
            gen.entries.append(
                {
                    "incident_id": iid,
                    "occurred_at": occurred,
                    "recorded_at": recorded,
                    "author": rng.choice(people),
                    "kind": kind,
                    "text": text,
                    "undo": f"redeploy {rng.randint(100, 999)}"
                    if kind == "change" and rng.random() < 0.5
                    else "",
                    "edited": False,
                    "fact": "",
                    "fact_values": "{}",
                    "_event": "note",
                }
            )
    # Ids in the order things were written, as the services would have assigned them.
    gen.entries.sort(key=lambda e: e["recorded_at"])
    for index, row in enumerate(gen.entries, start=1):
        row["id"] = index
    return gen
