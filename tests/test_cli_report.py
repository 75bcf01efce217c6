"""``warroom report`` as a person and a script use it: text, JSON whose sums a script can
check, CSV a spreadsheet opens safely, and bad input refused in one line with exit 2."""

from __future__ import annotations

import csv
import io
import statistics
from datetime import timedelta
from pathlib import Path

import pytest

from warroom.base.clock import ManualClock

from .cli_support import Cli, one_error_line
from .conftest import T0


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch, clock: ManualClock) -> None:
    monkeypatch.setattr("warroom.process.context.SystemClock", lambda: clock)
    monkeypatch.setattr("warroom.cli.clock.SystemClock", lambda: clock)


@pytest.fixture
def cli(
    tmp_path: Path, store_target: Path | str, capsys: pytest.CaptureFixture[str], clock: ManualClock
) -> Cli:
    """Three incidents declared an hour apart, two hours before T0: HOT-1 (Sev 1, TTD 4m,
    TTR 40m), HOT-2 (Sev 2, TTD 10m, TTR 70m), HOT-3 (Sev 2, no known start, open), and a
    training HOT-4."""
    cli = Cli(store_target, capsys)
    clock.set(T0 - timedelta(hours=2))
    for severity, started, detected in (("1", "20m", "16m"), ("2", "30m", "20m")):
        cli.ok(
            "declare", "--summary", f"Sev {severity} trouble", "--severity", severity,
            "--started", started, "--detected", detected,
        )  # fmt: skip
    cli.ok("declare", "--summary", '=HYPERLINK("http://evil")\x1b[31m', "--severity", "2")
    cli.ok("declare", "--summary", "Drill", "--severity", "1", "--training", "--started", "5m")
    for key in ("HOT-1", "HOT-2"):
        cli.ok("take", key, "--by", "alice")
    clock.set(T0)
    cli.ok("resolve", "HOT-1", "--ended", (T0 - timedelta(minutes=100)).isoformat())
    cli.ok("resolve", "HOT-2", "--ended", (T0 - timedelta(minutes=80)).isoformat())
    return cli


def test_the_report_as_text(cli: Cli) -> None:
    out = cli.ok("report").splitlines()
    assert out[0] == "Report: 3 incidents (training incidents left out)"
    table = out[out.index("") + 1 :]
    assert table[:10] == [
        "                                       counted  unknown   median      p90      max",
        "TTD (detected − impact started)              2        1   7m 00s  10m 00s  10m 00s",
        "  SEV1                                       1        0   4m 00s   4m 00s   4m 00s",
        "  SEV2                                       1        1  10m 00s  10m 00s  10m 00s",
        "  2026-11                                    2        1   7m 00s  10m 00s  10m 00s",
        "TTR (impact ended − impact started)          2        1  55m 00s   1h 10m   1h 10m",
        "  SEV1                                       1        0  40m 00s  40m 00s  40m 00s",
        "  SEV2                                       1        1   1h 10m   1h 10m   1h 10m",
        "  2026-11                                    2        1  55m 00s   1h 10m   1h 10m",
        "Declared → IM took it                        2        1   0m 00s   0m 00s   0m 00s",
    ]
    assert (
        "Declared → first external status page        0        3        —        —        —" in out
    )
    assert "Update cadence kept: no update fell due" in out
    assert out[-1] == "Follow-up items: 0 open, 0 overdue"


def test_json_lists_each_incident_so_a_script_can_check_the_figures(cli: Cli) -> None:
    data = cli("report", "--json").json()

    assert data["count"] == len(data["incidents"]) == 3
    assert [i["key"] for i in data["incidents"]] == ["HOT-1", "HOT-2", "HOT-3"]
    ttd = [i["ttd_seconds"] for i in data["incidents"]]
    assert ttd == [240.0, 600.0, None], "unknown is null, never 0"
    assert data["ttd"]["all"] == {
        "count": 2,
        "unknown": 1,
        "median_seconds": statistics.median([240.0, 600.0]),
        "p90_seconds": 600.0,
        "max_seconds": 600.0,
    }
    ttr = [i["ttr_seconds"] for i in data["incidents"]]
    assert ttr == [40 * 60.0, 70 * 60.0, None]
    assert data["ttr"]["by_severity"]["2"]["max_seconds"] == 4200.0
    assert data["ttr"]["by_month"]["2026-11"]["count"] == 2
    assert data["cadence"]["due"] == sum(i["cadence"]["due"] for i in data["incidents"])
    assert data["scope"] == {"since": None, "until": None, "severity": None, "training": False}
    assert data["months"] == "UTC"


def test_training_counts_with_the_flag(cli: Cli) -> None:
    data = cli("report", "--json", "--training").json()
    assert [i["key"] for i in data["incidents"]][-1] == "HOT-4"
    assert data["incidents"][-1]["training"] is True


def test_csv_one_row_per_incident_escaped_and_no_formula(cli: Cli) -> None:
    out = cli.ok("report", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["key"] for r in rows] == ["HOT-1", "HOT-2", "HOT-3"]
    assert rows[0]["ttd_seconds"] == "240.0"
    assert rows[2]["ttd_seconds"] == "", "unknown is an empty cell, never 0"
    assert rows[2]["summary"] == '\'=HYPERLINK("http://evil")\\x1b[31m'
    assert "\x1b" not in out


def test_severity_and_dates_choose_incidents(cli: Cli) -> None:
    assert [i["key"] for i in cli("report", "--json", "--severity", "1").json()["incidents"]] == [
        "HOT-1"
    ]
    # A date alone for --until includes that day; T0's day holds all three.
    day = T0.date().isoformat()
    assert cli("report", "--json", "--since", day, "--until", day).json()["count"] == 3
    before = (T0.date() - timedelta(days=1)).isoformat()
    assert cli("report", "--json", "--until", before).json()["count"] == 0
    assert "Nothing to measure" in cli.ok("report", "--until", before)
    # The last day there is: to the end of time, not a traceback.
    assert cli("report", "--json", "--until", "9999-12-31").json()["count"] == 3


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (
            ("--since", "2026-11-20", "--until", "2026-11-10"),
            "until: '2026-11-10' is not after --since '2026-11-20'",
        ),
        (("--severity", "4"), "severity: '4' is not a severity; use 1, 2 or 3"),
        (("--since", "last tuesday"), "since: 'last tuesday' is not a time"),
        (("--json", "--csv"), "argument --csv: not allowed with argument --json"),
    ],
)
def test_bad_input_is_refused_in_one_line(cli: Cli, argv: tuple[str, ...], says: str) -> None:
    result = cli("report", *argv)
    assert result.code == 2
    assert result.out == ""
    assert says in one_error_line(result)
