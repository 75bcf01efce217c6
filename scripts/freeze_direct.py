"""Write the command line's direct path its frozen copies, from their one source:

- warroom/process/list_sql.py: the incident list's statements as the ORM builds them
  (``process.read.frozen_list``), compiled for SQLite;
- warroom/config/shipped_names.py: the shipped catalog's key prefix, services and products,
  as ``config.catalog`` reads and checks them.

Run it after changing either source; tests/test_direct_list.py and test_direct_declare.py
fail until then.
    .venv/bin/python scripts/freeze_direct.py
"""

from __future__ import annotations

import pprint
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from warroom.config.catalog import load_catalog  # noqa: E402
from warroom.process.read import frozen_list  # noqa: E402

LIST_HEADER = '''"""The incident list's statements for the command line's direct path, as the ORM
builds them (``process.read.frozen_list``). Written by scripts/freeze_direct.py; do not
edit: tests/test_direct_list.py fails when they differ from what the ORM would run now.
"""

from warroom.process.frozen_sql import FrozenStatement
'''

NAMES_HEADER = '''"""The shipped catalog's names, for the command line's direct path to check a
declaration against without loading the catalog's model. Written by
scripts/freeze_direct.py; do not edit: tests/test_direct_declare.py fails when they differ
from the catalog's.
"""

from warroom.config.plain import CatalogNames

'''


def list_sql() -> str:
    parts = [LIST_HEADER]
    for name, include_resolved in (("OPEN", False), ("ALL", True)):
        frozen = frozen_list(include_resolved)
        parts.append(
            f"{name} = FrozenStatement(\n"
            f"    sql={pprint.pformat(frozen.sql, width=88)},\n"
            f"    params={frozen.params!r},\n"
            f"    columns={frozen.columns!r},\n"
            ")\n"
        )
    return "\n".join(parts)


def shipped_names() -> str:
    catalog = load_catalog(None)
    return (
        NAMES_HEADER + "SHIPPED = CatalogNames(\n"
        f"    key_prefix={catalog.key_prefix!r},\n"
        f"    service_names={catalog.service_names!r},\n"
        f"    product_names={catalog.product_names!r},\n"
        ")\n"
    )


def tidy(path: Path) -> None:
    """The project's own formatting, so that the checks pass on what was written."""
    ruff = Path(sys.executable).with_name("ruff")
    subprocess.run([str(ruff), "format", "-q", str(path)], check=True)
    subprocess.run([str(ruff), "check", "--fix", "-q", str(path)], check=True)


if __name__ == "__main__":
    for target, text in (
        (ROOT / "warroom" / "process" / "list_sql.py", list_sql()),
        (ROOT / "warroom" / "config" / "shipped_names.py", shipped_names()),
    ):
        target.write_text(text, encoding="utf-8")
        tidy(target)
        print(f"wrote {target.relative_to(ROOT)}")
