"""Every example of every relation kind (``draft.relations.RELATIONS``), run through
``scan`` and the engine: the status each expects of its kind's one relation, or none."""

from __future__ import annotations

import pytest

from claimcheck.draft.relations import RELATIONS
from claimcheck.draft.relations.base import Example
from claimcheck.draft.scan import scan_text
from claimcheck.model import Status

ROWS = [(kind, example) for kind, module in RELATIONS.items() for example in module.EXAMPLES]


@pytest.mark.parametrize(("kind", "example"), ROWS,
                         ids=[f"{kind}-{i}" for i, (kind, _) in enumerate(ROWS)])
def test_example(kind: str, example: Example) -> None:
    found = [r for r in scan_text(example.text, "example.txt").relations if r.kind == kind]
    if example.expected is None:
        assert found == [], example.why
    else:
        assert [r.status for r in found] == [example.expected], example.why


@pytest.mark.parametrize("kind", sorted(RELATIONS))
def test_every_kind_has_a_pass_a_fail_and_a_stranger(kind: str) -> None:
    expected = {example.expected for example in RELATIONS[kind].EXAMPLES}
    assert Status.OK in expected or kind == "mix"  # a mix never holds
    assert expected & {Status.FAIL, Status.TENSION}
    assert None in expected


@pytest.mark.parametrize("kind", sorted(RELATIONS))
def test_every_kind_is_documented(kind: str) -> None:
    module = RELATIONS[kind]
    assert kind == module.KIND
    assert module.__doc__ and module.__doc__.startswith(f"{kind}:")
