"""The catalogue's records are built by keyword, so a field added or moved cannot shift others."""

from __future__ import annotations

import dataclasses

import pytest

from navigator.core.problems import Pos
from navigator.source import model

RECORDS = sorted(
    (
        value
        for value in vars(model).values()
        if isinstance(value, type)
        and dataclasses.is_dataclass(value)
        and value.__module__ == model.__name__
    ),
    key=lambda cls: cls.__name__,
)


def test_the_model_has_its_records() -> None:
    names = {cls.__name__ for cls in RECORDS}
    assert {"Step", "Role", "RoleNote", "Service", "Place", "Contact", "Handover"} <= names


@pytest.mark.parametrize("record", RECORDS, ids=lambda cls: cls.__name__)
def test_every_record_takes_its_fields_by_keyword_only(record: type) -> None:
    positional = [f.name for f in dataclasses.fields(record) if f.init and not f.kw_only]
    assert not positional, f"{record.__name__} can be built by position: {positional}"


def test_a_role_note_built_by_position_is_refused() -> None:
    """By position, a title and a legal basis (both str | None) could swap unnoticed."""
    with pytest.raises(TypeError):
        model.RoleNote("Ring 112", Pos("x"), "Akut", "SEL § 133")  # type: ignore[misc]
    note = model.RoleNote(text="Ring 112", pos=Pos("x"), legal_basis="SEL § 133")
    assert note.title is None and note.legal_basis == "SEL § 133"
