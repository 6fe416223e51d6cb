"""Rules drafted from the relations ``scan`` finds (``claimcheck extract --rules``).

Each relation of ``draft.relations`` whose numbers all have a claim in the draft becomes
a ``[rules.<kind>_<claim>]`` table: its ``check`` over those claims, its ``why`` quoting
the cue, and a comment naming its kind, its score and what ``scan`` makes of it now
(``# sum, score 80: fail when drafted``), ready for ``verify``. Where a relation counts
nouns of one class as one thing (employees and people, properties and buildings), the
draft defines the one as the other in ``[units]`` (``employee = "person"``), as the
seed's own claims file does for ``property``.

A relation that needs a claim to have a unit the draft did not give it (``56.7
billion`` beside ``61.2 billion dlrs``) is left out: as written it would fail on the
unit, not on the arithmetic.

``--update`` proposes only the relations that involve at least one number it adds now:
the relations among the numbers already drafted were proposed when they were drafted,
so a rule the user deleted is not proposed again (and none already there is touched).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from claimcheck.draft import extract
from claimcheck.draft.relations.base import Candidate, Document, shared_units
from claimcheck.draft.scan import candidates, decided
from claimcheck.text.coverage import Covering, quote_spans
from claimcheck.text.mentions import Mention, find_mentions
from claimcheck.text.textnorm import find_quote

__all__ = ["RuleDraft", "draft_with_rules", "propose_rules", "update_with_rules"]

_HEADER = """\
Rules proposed by `claimcheck extract --rules` from the relations `claimcheck scan`
finds. Each is a guess at what the text implies: read its `why`, keep it, correct
it or delete it."""


@dataclass(frozen=True)
class RuleDraft:
    """One proposed rule, and the unit aliases it needs (``{"employee": "person"}``)."""

    id: str
    check: str
    why: str
    kind: str
    score: int
    status: str
    tolerance: str | None
    aliases: Mapping[str, str]

    def toml(self) -> str:
        lines = [f"[rules.{self.id}] # {self.kind}, score {self.score}: {self.status} "
                 "when drafted",
                 f"check = {extract.toml_string(self.check)}",
                 f"why = {extract.toml_string(self.why)}"]
        if self.tolerance:
            lines.append(f"tolerance = {extract.toml_string(self.tolerance)}")
        return "\n".join(lines) + "\n"


def draft_with_rules(source_text: str, *, source_path: str, title: str | None = None) -> str:
    """``extract.draft``'s claims file, with the rules its relations imply after it."""
    head = extract.draft(source_text, source_path=source_path, title=title)
    mentions = find_mentions(source_text)
    claims = extract.draft_claims(source_text, mentions, taken=(), every=mentions)
    ids = {m.start: c.id for m, c in zip(mentions, claims, strict=True)}
    units = {c.id: c.unit for c in claims}
    rules = propose_rules(source_text, mentions, ids, units, taken=())
    return head + _rules_text(rules, aliases_allowed=True)


def update_with_rules(existing_toml_text: str, source_text: str) -> str:
    """``extract.update``, then the rules that involve a claim it added."""
    updated = extract.update(existing_toml_text, source_text)
    data = tomllib.loads(existing_toml_text)
    existing = data.get("claims", {})
    quotes = [c["quote"] for c in existing.values() if isinstance(c.get("quote"), str)]
    covering = Covering(quote_spans(quotes + extract.ignored_quotes(data), source_text))
    mentions = find_mentions(source_text)
    fresh = [m for m in mentions if not covering.covers(m)]
    added = extract.draft_claims(source_text, fresh, taken=existing, every=mentions)
    ids = _existing_claim_ids(existing, mentions, source_text)
    ids |= {m.start: c.id for m, c in zip(fresh, added, strict=True)}
    units = {cid: raw.get("unit") for cid, raw in existing.items() if isinstance(raw, dict)}
    units |= {c.id: c.unit for c in added}
    taken = set(data.get("rules", {})) | set(existing) | {c.id for c in added}
    rules = propose_rules(source_text, mentions, ids, units, taken=taken,
                          involving={m.start for m in fresh},
                          known_units=data.get("units"),
                          checks={r.get("check") for r in data.get("rules", {}).values()})
    return updated + _rules_text(rules, aliases_allowed="units" not in data)


def _existing_claim_ids(claims: Mapping[str, Any], mentions: Sequence[Mention],
                        source_text: str) -> dict[int, str]:
    """Mention start -> the existing claim whose quote holds it and whose value is it."""
    found: dict[int, str] = {}
    for cid, raw in claims.items():
        quote, value = raw.get("quote"), raw.get("value")
        span = find_quote(source_text, quote) if isinstance(quote, str) else None
        if span is None:
            continue
        for mention in mentions:
            if span[0] <= mention.start and mention.end <= span[1] and (
                    mention.written.text == str(value)):
                found.setdefault(mention.start, cid)
    return found


def propose_rules(source_text: str, mentions: Sequence[Mention], claim_ids: Mapping[int, str],
                  claim_units: Mapping[str, Any], *, taken: Iterable[str],
                  involving: set[int] | None = None, known_units: Any = None,
                  checks: Iterable[Any] = ()) -> list[RuleDraft]:
    """A rule for each relation of the text whose numbers all have claims."""
    used, written = set(taken), set(checks)
    found = candidates(Document(source_text, mentions))
    statuses = {tuple(m.start for m in c.mentions): status for c, status in decided(found)}
    rules = []
    for candidate in found:
        if involving is not None and not any(m.start in involving for m in candidate.mentions):
            continue
        rule = _rule(candidate, claim_ids, claim_units, used, statuses,
                     known_units if isinstance(known_units, dict) else None)
        if rule is not None and rule.check not in written:
            used.add(rule.id)
            written.add(rule.check)
            rules.append(rule)
    return rules


def _rule(candidate: Candidate, claim_ids: Mapping[int, str], claim_units: Mapping[str, Any],
          used: set[str], statuses: Mapping[tuple[int, ...], str],
          known_units: Mapping[str, Any] | None) -> RuleDraft | None:
    ids = [claim_ids.get(m.start) for m in candidate.mentions]
    if None in ids:
        return None
    names = [i for i in ids if i is not None]
    aliases = _aliases(candidate, names, claim_units, known_units)
    if aliases is None:
        return None
    rid = _unique(f"{candidate.kind}_{names[0]}", used)
    status = statuses.get(tuple(m.start for m in candidate.mentions), "undecided")
    return RuleDraft(rid, candidate.check.format(*names), candidate.why, candidate.kind,
                     candidate.score, status, candidate.tolerance, aliases)


def _aliases(candidate: Candidate, names: Sequence[str], claim_units: Mapping[str, Any],
             known_units: Mapping[str, Any] | None) -> dict[str, str] | None:
    """The ``[units]`` the rule needs so that the claims' units are the relation's, or
    None where no alias can give them (a claim with no unit that needs one)."""
    wanted = candidate.units or shared_units(candidate.mentions)
    aliases: dict[str, str] = {}
    for name, unit in zip(names, wanted, strict=True):
        drafted = claim_units.get(name)
        drafted = drafted if isinstance(drafted, str) else None
        if drafted == unit or (known_units or {}).get(drafted or "") == unit:
            continue
        if drafted is None or unit is None or known_units is not None:
            return None
        aliases[drafted] = unit
    return aliases


def _unique(base: str, used: set[str]) -> str:
    rid, number = base, 2
    while rid in used:
        rid, number = f"{base}_{number}", number + 1
    return rid


def _rules_text(rules: Sequence[RuleDraft], *, aliases_allowed: bool) -> str:
    aliases: dict[str, str] = {}
    kept = []
    for rule in rules:
        clash = any(aliases.get(k, v) != v for k, v in rule.aliases.items())
        if clash or (rule.aliases and not aliases_allowed):
            continue
        aliases |= rule.aliases
        kept.append(rule)
    if not kept:
        return ""
    pieces = ["\n" + "".join(f"# {line}\n" for line in _HEADER.splitlines())]
    if aliases:
        pieces.append("\n[units] # nouns the rules below count as one thing\n")
        pieces += (f"{k} = {extract.toml_string(v)}\n" for k, v in sorted(aliases.items()))
    pieces += ("\n" + rule.toml() for rule in kept)
    return "".join(pieces)
