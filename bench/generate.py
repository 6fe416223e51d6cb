"""Generate large claims files for the scale benchmark.

    .venv/bin/python bench/generate.py 100000 bench/out/claims-100k.toml

A file with N claims has N rules, built from small groups of related claims, the
shapes real files have:

- **sums** of 2 to 5 parts against a stated total (``a + b + c == total``, a third of
  them with a ``tolerance``), with ``part <= whole`` for the parts and one ratio
  (``part / total >= 0.25``);
- **shares**: a percentage, a whole and a part (``share * whole == part`` within 2%,
  ``part / whole <= share + 0.01``, ``part <= whole``): products and quotients of claims;
- **dates**: ``later > earlier`` and ``later - earlier <= '120 days'``.

Values are written in every shape of the grammar: bare integers, ``2,800``, the
qualifiers (``about``, ``more than``, ``at least``, ``nearly``, ``up to``), ranges,
scale words (``38.6 billion``), ``%``; units are count nouns (singular and plural),
tenge and KZT with scale words, km and m, hours and minutes, tonnes and kg. About 3%
of the groups are made inconsistent on purpose, so that every status occurs. The
output depends only on N and the seed.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
DEFAULT_SEED = 2022

COUNT_NOUNS = ["weapon", "person", "case", "vehicle", "school", "hospital", "building",
               "protester", "officer", "village", "shop", "family", "flight", "doctor"]


@dataclass
class Family:
    """How the numbers of one group are measured: a unit per part, and their sizes."""

    part_units: list[tuple[str, int]]  # (unit as written, how many of the smallest unit)
    total_unit: tuple[str, int]
    scale: int = 1  # values are multiples of this, in base units


def _families(rng: random.Random) -> Family:
    choice = rng.random()
    if choice < 0.45:
        noun = rng.choice(COUNT_NOUNS)
        forms = [noun, noun + "s"] if not noun.endswith(("y", "n")) else [noun]
        return Family([(rng.choice(forms), 1)] * 5, (noun, 1))
    if choice < 0.65:  # money, in tenge with scale words in the unit or in the value
        return Family([("tenge", 1)] * 5, (rng.choice(["tenge", "KZT"]), 1), 10**6)
    if choice < 0.78:
        return Family([rng.choice([("km", 1000), ("m", 1)]) for _ in range(5)], ("km", 1000))
    if choice < 0.9:  # in minutes
        return Family([rng.choice([("hour", 60), ("hours", 60), ("min", 1)]) for _ in range(5)],
                      ("hour", 60))
    return Family([rng.choice([("tonne", 1000), ("kg", 1)]) for _ in range(5)], ("tonne", 1000))


@dataclass
class Output:
    """The claims and rules written so far, as TOML lines."""

    claims: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    claim_count: int = 0
    rule_count: int = 0

    def claim(self, cid: str, value: str, unit: str | None, quote: str,
              tolerance: str | None = None) -> None:
        lines = [f"[claims.{cid}]", f"value = {_toml_value(value)}"]
        if unit:
            lines.append(f'unit = "{unit}"')
        lines.append(f'quote = "{quote}"')
        if tolerance:
            lines.append(f'tolerance = "{tolerance}"')
        self.claims.append("\n".join(lines) + "\n")
        self.claim_count += 1

    def rule(self, rid: str, check: str, why: str, tolerance: str | None = None,
             severity: str | None = None) -> None:
        lines = [f"[rules.{rid}]", f'check = "{check}"', f'why = "{why}"']
        if tolerance:
            lines.append(f'tolerance = "{tolerance}"')
        if severity:
            lines.append(f'severity = "{severity}"')
        self.rules.append("\n".join(lines) + "\n")
        self.rule_count += 1


def _toml_value(value: str) -> str:
    if value.isdigit() and not value.startswith("0"):
        return value  # a TOML integer, as people write small counts
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        return value  # a TOML date
    return f'"{value}"'


# ------------------------------------------------------------------ writing a number


def _round_to(value: int, digits: int) -> tuple[int, int]:
    """``value`` rounded to ``digits`` significant digits, and the place value kept."""
    place = 10 ** max(0, len(str(value)) - digits)
    return round(value / place) * place, place


def _written(value: int, unit: tuple[str, int], scale: int,
             rng: random.Random) -> tuple[str, str | None]:
    """How a document might state ``value`` (in base units), and the unit it names."""
    name, size = unit
    amount = value // size
    if scale > 1 and rng.random() < 0.7:  # money: "38.6 billion" tenge or "38.6 billion tenge"
        return _scaled(amount, rng), name
    form = rng.random()
    if form < 0.35:
        return f"{amount:,}" if amount >= 1000 else str(amount), name
    rounded, place = _round_to(amount, 2)
    if form < 0.5:
        return f"about {rounded:,}", name
    if form < 0.6 and rounded < amount:
        return f"more than {rounded:,}", name
    if form < 0.68 and rounded <= amount:
        return f"at least {rounded:,}", name
    if form < 0.76 and rounded > amount:
        return f"nearly {rounded:,}", name
    if form < 0.84 and rounded >= amount:
        return f"up to {rounded:,}", name
    if form < 0.92:
        return f"between {rounded - place:,} and {rounded + place:,}", name
    return f"{amount:,}", name


def _scaled(amount: int, rng: random.Random) -> str:
    for word, power in (("billion", 9), ("million", 6), ("thousand", 3)):
        if amount >= 10**power:
            number = amount / 10**power
            short = {"billion": "bn", "million": "m", "thousand": "k"}[word]
            text = f"{number:.1f}".rstrip("0").rstrip(".")
            return f"{text}{short}" if rng.random() < 0.3 else f"{text} {word}"
    return f"{amount:,}"


# ------------------------------------------------------------------ groups


def _sum_group(out: Output, g: int, rng: random.Random, broken: bool) -> None:
    family = _families(rng)
    count = rng.randint(2, 5)
    # Every part a whole number of the total's unit, so each unit states it exactly.
    parts = [rng.randint(20, 5000) * family.scale * family.total_unit[1] for _ in range(count)]
    total = sum(parts) + (sum(parts) // 2 if broken else 0)
    names = [f"g{g}_part{i + 1}" for i in range(count)]
    for i, (cid, value) in enumerate(zip(names, parts, strict=True)):
        text, unit = _written(value, family.part_units[i], family.scale, rng)
        out.claim(cid, text, unit, f"{text} {unit} in part {i + 1} of group {g}")
    text, unit = _written(total, family.total_unit, family.scale, rng)
    out.claim(f"g{g}_total", text, unit, f"{text} {unit} in all, group {g}",
              tolerance="2%" if rng.random() < 0.2 else None)
    tolerance = "1%" if rng.random() < 0.33 else None
    out.rule(f"g{g}_sum", f"{' + '.join(names)} == g{g}_total",
             "The parts add up to the total.", tolerance=tolerance)
    for cid in names[:-1]:
        out.rule(f"{cid}_within", f"{cid} <= g{g}_total", "A part is at most the whole.",
                 severity="warning" if rng.random() < 0.2 else None)
    share = parts[-1] / total
    floor = int(share * 20) / 20  # the share, rounded down to 5%
    out.rule(f"g{g}_share", f"{names[-1]} / g{g}_total >= {floor}",
             "The last part is a sizeable share of the total.")


def _share_group(out: Output, g: int, rng: random.Random, broken: bool) -> None:
    noun = rng.choice(COUNT_NOUNS)
    whole = rng.randint(1000, 90000)
    percent = rng.randint(5, 60)
    part = whole * percent // 100 * (2 if broken else 1)
    whole_text, _ = _written(whole, (noun, 1), 1, rng)
    part_text = f"{part:,}" if part >= 1000 else str(part)
    out.claim(f"g{g}_whole", whole_text, noun, f"{whole_text} {noun}s in group {g}")
    out.claim(f"g{g}_share", f"{percent}%", None, f"{percent}% of them")
    out.claim(f"g{g}_part", part_text, noun, f"{part_text} of the {noun}s")
    out.rule(f"g{g}_part_of_whole", f"g{g}_share * g{g}_whole == g{g}_part",
             "The share of the whole is the part.", tolerance="2%")
    out.rule(f"g{g}_ratio", f"g{g}_part / g{g}_whole <= g{g}_share + 0.01",
             "The part is no larger a share than stated.")
    out.rule(f"g{g}_part_within", f"g{g}_part <= g{g}_whole", "A part is at most the whole.")


def _date_group(out: Output, g: int, rng: random.Random, broken: bool) -> None:
    first = date(2020, 1, 1) + timedelta(days=rng.randint(0, 900))
    second = first + timedelta(days=rng.randint(1, 100) * (-1 if broken else 1))
    out.claim(f"g{g}_began", first.isoformat(), None, f"began on {first:%d %B %Y}")
    out.claim(f"g{g}_ended", second.isoformat(), None, f"ended on {second:%d %B %Y}")
    out.rule(f"g{g}_order", f"g{g}_ended > g{g}_began", "It ended after it began.")
    out.rule(f"g{g}_length", f"g{g}_ended - g{g}_began <= '120 days'",
             "It lasted at most four months.", severity="warning")


GROUPS: list[tuple[float, Callable[[Output, int, random.Random, bool], None]]] = [
    (0.8, _sum_group), (0.9, _share_group), (1.0, _date_group)]


def _groups(claims: int, seed: int) -> Iterator[Output]:
    rng = random.Random(seed)
    out = Output()
    g = 0
    while out.claim_count < claims:
        g += 1
        pick = rng.random()
        builder = next(build for limit, build in GROUPS if pick < limit)
        builder(out, g, rng, rng.random() < 0.03)
    yield out


def generate(claims: int, seed: int = DEFAULT_SEED) -> str:
    """The text of a claims file with about ``claims`` claims and as many rules."""
    out = next(_groups(claims, seed))
    head = (f"# Generated by bench/generate.py: {out.claim_count} claims, "
            f"{out.rule_count} rules (seed {seed}).\n\n"
            '[document]\ntitle = "A generated document for the scale benchmark"\n\n'
            '[units]\ntenge = "KZT"\n\n')
    return head + "\n".join(out.claims) + "\n" + "\n".join(out.rules)


def write(claims: int, path: Path, seed: int = DEFAULT_SEED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(generate(claims, seed), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("claims", help="number of claims: 1000, or 1k, 10k, 100k")
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    claims = SIZES.get(args.claims) or int(args.claims)
    write(claims, args.path, args.seed)
    print(f"{args.path}: {args.path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
