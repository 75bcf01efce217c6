"""The blame rules: words a blameless postmortem flags, read from a data file that an
organisation can edit (``data/blame_rules.toml`` is the shipped one).

Only words, never patterns: the file is edited by hand and run over pages of text, so a
rule cannot be a regular expression that backtracks for minutes.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from warroom.base.errors import CatalogError
from warroom.base.locations import config_dir, shipped_data
from warroom.base.tomlfile import Problems, load_model
from warroom.config.entries import Entry, Name, Text


class BlameRule(Entry):
    name: Name
    why: Text
    words: tuple[Text, ...] = ()
    person_then: tuple[Text, ...] = ()
    name_then: tuple[Text, ...] = ()  # after any capitalised word: a likely name

    @model_validator(mode="after")
    def _says_what_to_flag(self) -> BlameRule:
        if not (self.words or self.person_then or self.name_then):
            raise ValueError("give words, person_then or name_then: a rule must flag something")
        return self


class BlameRules(Entry):
    subjects: tuple[Text, ...] = ()
    rules: tuple[BlameRule, ...] = Field(default=(), min_length=1)

    @model_validator(mode="after")
    def _names_are_unique(self) -> BlameRules:
        seen: set[str] = set()
        for index, rule in enumerate(self.rules):
            folded = rule.name.casefold()
            if folded in seen:
                raise Problems([(("rules", index, "name"), f"{rule.name!r} is named twice")])
            seen.add(folded)
        return self


def user_blame_rules_path() -> Path:
    """An organisation's own rules, if present, replace the shipped ones as a whole."""
    return config_dir() / "blame_rules.toml"


def load_blame_rules(path: Path | None = None) -> BlameRules:
    """``path``, else the user's own file if there is one, else the shipped rules."""
    if path is None:
        own = user_blame_rules_path()
        path = own if own.exists() else shipped_data("blame_rules.toml")
    return load_model(path, BlameRules, "blame rules", CatalogError)
