"""Blaming language in a postmortem's written sections, found by the blame rules
(``config.blame_rules``). A flag points at the words, says why they matter, and can be
accepted: an accepted flag stays quiet while the same words stay in the same section."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from warroom.config.blame_rules import BlameRule, BlameRules


@dataclass(frozen=True)
class Flag:
    section: str
    rule: str
    words: str  # as written in the section
    start: int  # where in the section's text
    end: int
    why: str
    accepted: bool = False

    @property
    def folded(self) -> str:
        return fold(self.words)


def fold(words: str) -> str:
    """Flagged words as acceptance compares them: case and spacing aside."""
    return " ".join(words.casefold().split())


def _phrase(words: str) -> str:
    """A phrase as whole words, any spacing between them (a line may break inside it)."""
    parts = (re.escape(part) for part in words.split())
    return r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)"


def _alternatives(phrases: Iterable[str]) -> str:
    # Longest first, so "failed to" wins over "failed" and "the on-call engineer" over
    # "the on-call".
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(_phrase(p) for p in ordered)


def names_of(people: Iterable[str]) -> set[str]:
    """The ways a person may be written: ``sofia.marchetti`` as itself, "sofia marchetti"
    and "sofia"; a one- or two-letter part alone is too common a word to count."""
    names: set[str] = set()
    for person in people:
        person = person.strip()
        if not person:
            continue
        names.add(person)
        parts = [p for p in re.split(r"[._\s-]+", person) if p]
        if len(parts) > 1:
            names.add(" ".join(parts))
        if parts and len(parts[0]) > 2:
            names.add(parts[0])
    return names


@dataclass(frozen=True)
class _Matcher:
    rule: BlameRule
    pattern: re.Pattern[str]
    group: str  # the part of a match that is flagged


def _matchers(rules: BlameRules, people: set[str]) -> list[_Matcher]:
    matchers = []
    subjects = _alternatives([*rules.subjects, *people])
    for rule in rules.rules:
        if rule.words:
            pattern = re.compile(f"(?P<flag>{_alternatives(rule.words)})", re.IGNORECASE)
            matchers.append(_Matcher(rule, pattern, "flag"))
        if rule.person_then and subjects:
            then = _alternatives(rule.person_then)
            pattern = re.compile(f"(?P<flag>(?:{subjects})\\s+(?:{then}))", re.IGNORECASE)
            matchers.append(_Matcher(rule, pattern, "flag"))
        if rule.name_then:
            # A capitalised word, then (in any case) what only people do: "Bob forgot".
            then = _alternatives(rule.name_then)
            pattern = re.compile(f"(?P<flag>(?<![\\w.])[A-Z][\\w'-]*\\s+(?i:{then}))")
            matchers.append(_Matcher(rule, pattern, "flag"))
    return matchers


def find_flags(
    section: str,
    text: str,
    rules: BlameRules,
    people: Iterable[str] = (),
    accepted: frozenset[tuple[str, str, str]] = frozenset(),
) -> list[Flag]:
    """Every rule's matches in ``text``, in the order they appear; ``accepted`` holds
    (section, rule, folded words) of the flags people kept."""
    flags = []
    for matcher in _matchers(rules, names_of(people)):
        for match in matcher.pattern.finditer(text):
            words = match.group(matcher.group)
            rule = matcher.rule.name
            flags.append(
                Flag(
                    section=section,
                    rule=rule,
                    words=words,
                    start=match.start(matcher.group),
                    end=match.end(matcher.group),
                    why=matcher.rule.why,
                    accepted=(section, rule, fold(words)) in accepted,
                )
            )
    return _once_per_words(flags)


def _once_per_words(flags: list[Flag]) -> list[Flag]:
    """One flag per stretch of words: two rules catching "Bob forgot" (a name on the
    incident, and any capitalised name) are one thing to reword, not two. The rule listed
    first in the file names it; a flag inside a longer one is that flag's too."""
    flags.sort(key=lambda f: (f.start, -(f.end - f.start)))  # longest first where they start
    kept: list[Flag] = []
    for flag in flags:
        if any(k.start <= flag.start and flag.end <= k.end for k in kept):
            continue
        kept.append(flag)
    return kept
