"""The commands around the response: paging a team's on-call person, as the console's page
form does (``process.paging``, the same rules and refusals)."""

from __future__ import annotations

import argparse

from warroom.base.text import safe
from warroom.process import paging
from warroom.process.context import Context


def cmd_page(ctx: Context, args: argparse.Namespace, by: str) -> int:
    """Page TEAM (its first on-call person unless --person names another); says who."""
    paged = paging.page(ctx, args.key, args.team, reason=args.reason, by=by, person=args.person)
    print(f"paged {safe(paged.person)} ({safe(paged.team)})")
    return 0
