"""Hints on crafted failing rules: each slip is found, and only when undoing it helps."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.claims.load import load_file
from claimcheck.evaluate.engine import evaluate_rule, prepare
from claimcheck.explain import implied
from claimcheck.explain.explanation import file_units
from claimcheck.explain.hints import Hint, hints
from claimcheck.model import Status


def write(tmp_path: Path, claims: dict[str, tuple[str, str | None]], check: str,
          units: dict[str, str] | None = None) -> Path:
    lines = ["[document]", 'title = "t"']
    if units:
        lines += ["[units]", *(f'{name} = "{value}"' for name, value in units.items())]
    for cid, (value, unit) in claims.items():
        lines += [f"[claims.{cid}]", f'value = "{value}"']
        if unit:
            lines.append(f'unit = "{unit}"')
    lines += ["[rules.r]", f'check = "{check}"']
    path = tmp_path / "claims.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def hints_for(path: Path) -> tuple[Status, tuple[Hint, ...]]:
    loaded = load_file(path)
    focused = implied.focus(loaded, ["r"])
    rule = focused.file.rules["r"]
    status = evaluate_rule(prepare(focused), rule).status
    return status, hints(focused, rule, status, file_units(loaded))


CASES = [
    ("transposition between claims: 243 and 234",
     {"total": ("243", "case"), "part": ("234", "case")}, "total == part", None,
     [("transposition", "total", "234",
       "243 with 4 and 3 swapped is 234, the number of part", Status.OK),
      ("transposition", "part", "243",
       "234 with 3 and 4 swapped is 243, the number of total", Status.OK)]),
    ("transposition inside a sum",
     {"total": ("1,360", "weapon"), "a": ("1,000", "weapon"), "b": ("630", "weapon")},
     "total == a + b", None,
     [("transposition", "total", "1,630", "1,360 with 3 and 6 swapped is 1,630", Status.OK),
      ("transposition", "b", "360", "630 with 6 and 3 swapped is 360", Status.OK)]),
    ("dropped digit: 280 for 2,800",
     {"whole": ("280", "weapon"), "a": ("2,000", "weapon"), "b": ("800", "weapon")},
     "whole == a + b", None,
     [("dropped digit", "whole", "2,800", "280 with its 0 written twice is 2,800",
       Status.OK)]),
    ("doubled digit: 28,000 for 2,800",
     {"whole": ("28,000", "weapon"), "a": ("2,000", "weapon"), "b": ("800", "weapon")},
     "whole == a + b", None,
     [("doubled digit", "whole", "2,800", "28,000 with one 0 fewer is 2,800", Status.OK)]),
    ("scale slip: million for billion",
     {"paid": ("24 billion", "tenge"), "damage": ("38.6 million", "tenge")},
     "paid <= damage", {"tenge": "KZT"},
     # hints come closest first: x 1/1,000, then the sign (money may be negative), x 1,000
     [("scale slip", "paid", "24 million", "million in place of billion", Status.OK),
      ("sign slip", "paid", "-24 billion", "the opposite sign", Status.OK),
      ("scale slip", "damage", "38.6 billion", "billion in place of million", Status.OK)]),
    ("scale slip in the unit",
     {"paid": ("24", "billion tenge"), "damage": ("38.6", "million tenge")},
     "paid <= damage", {"tenge": "KZT"},
     [("scale slip", "paid", "24 million tenge", "million in place of billion", Status.OK),
      ("sign slip", "paid", "-24", "the opposite sign", Status.OK),
      ("scale slip", "damage", "38.6 billion tenge", "billion in place of million",
       Status.OK)]),
    ("sign slip",
     {"change": ("20", "USD"), "after": ("80", "USD"), "before": ("100", "USD")},
     "change == after - before", None,
     [("sign slip", "change", "-20", "the opposite sign", Status.OK)]),
    ("other unit: 9 people counted as cases",
     {"total": ("243", "case"), "part": ("234", "case"), "detained": ("9", "person")},
     "total == part + detained", None,
     [("other unit", "detained", "9 case", "9 counted in case, not person, as total is",
       Status.OK)]),
    ("no hint when none fits",
     {"a": ("100", "weapon"), "b": ("30", "weapon"), "c": ("50", "weapon")},
     "a == b + c", None, []),
]


@pytest.mark.parametrize(("claims", "check", "units", "expected"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_hints(tmp_path: Path, claims: dict[str, tuple[str, str | None]], check: str,
               units: dict[str, str] | None,
               expected: list[tuple[str, str, str, str, Status]]) -> None:
    status, found = hints_for(write(tmp_path, claims, check, units))
    assert status is Status.FAIL
    assert [(h.kind, h.claim, h.value, h.why, h.status) for h in found] == expected


def test_scale_slip_keeps_the_closest_scale(tmp_path: Path) -> None:
    # 24 thousand would fit as well as 24 million; million is the nearer slip
    path = write(tmp_path, {"paid": ("24 billion", "tenge"), "damage": ("38.6 million",
                                                                        "tenge")},
                 "paid <= damage", {"tenge": "KZT"})
    _, found = hints_for(path)
    assert [h.value for h in found if h.kind == "scale slip" and h.claim == "paid"] == [
        "24 million"]


def test_no_sign_slip_for_counts_or_lengths(tmp_path: Path) -> None:
    # -5 km <= 800 m would hold, but a length is never negative; 5 m is the hint
    path = write(tmp_path, {"a": ("5", "km"), "b": ("800", "m")}, "a <= b")
    _, found = hints_for(path)
    assert all(h.kind != "sign slip" for h in found)
    assert ("other unit", "a", "5 m") in [(h.kind, h.claim, h.value) for h in found]


@pytest.mark.parametrize(("claims", "check", "status"), [
    ({"a": ("1,630", "weapon"), "b": ("more than 1,500", "weapon")}, "a <= b", Status.TENSION),
    ({"a": ("234", "case"), "b": ("243", "case")}, "a <= b", Status.OK),
])
def test_no_hints_unless_the_rule_fails(tmp_path: Path,
                                        claims: dict[str, tuple[str, str | None]],
                                        check: str, status: Status) -> None:
    found_status, found = hints_for(write(tmp_path, claims, check))
    assert found_status is status
    assert found == ()


def test_a_hint_may_only_reach_a_tension(tmp_path: Path) -> None:
    # 1,063 == more than 1,500 fails. 1,603 (6 and 0 swapped) is inside the hard
    # interval (1,500, inf) but not the reading (1,500, 1,600]: a tension, said so.
    path = write(tmp_path, {"a": ("1,063", "weapon"), "b": ("more than 1,500", "weapon")},
                 "a == b")
    status, found = hints_for(path)
    assert status is Status.FAIL
    assert ("transposition", "a", "1,603", Status.TENSION) in [
        (h.kind, h.claim, h.value, h.status) for h in found]
