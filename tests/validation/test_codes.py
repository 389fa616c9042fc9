"""Project codes, and the permanent slugs derived from them."""

from __future__ import annotations

import pytest

from ponmetro.codes import CodeError, ProjectCode, parse_code, slug_for_action, slug_for_code


@pytest.mark.parametrize("written, prefix, axis, action, letter", [
    ("MI3.3.1.e", "MI", 3, "3.3.1", "e"),
    ("TO7.1.1.b", "TO", 7, "7.1.1", "b"),
    ("BO3.3.1.a", "BO", 3, "3.3.1", "a"),
    ("GE1.1.1.g", "GE", 1, "1.1.1", "g"),
    ("RM2.2.12.c", "RM", 2, "2.2.12", "c"),
    ("NA4.1.1.a2", "NA", 4, "4.1.1", "a2"),
    (" MI3.3.1.e ", "MI", 3, "3.3.1", "e"),
])
def test_a_code_fixes_city_axis_action_and_letter(written, prefix, axis, action, letter):
    code = parse_code(written)
    assert code == ProjectCode(written.strip(), prefix, axis, action, letter)


@pytest.mark.parametrize("code, slug", [
    ("MI3.3.1.e", "mi3-3-1-e"), ("TO7.1.1.b", "to7-1-1-b"), ("RM2.2.12.c", "rm2-2-12-c"),
])
def test_slug_of_a_code(code, slug):
    assert slug_for_code(code) == slug
    assert parse_code(code).slug == slug


def test_slug_of_an_action():
    assert slug_for_action("3.3.1") == "3-3-1"


@pytest.mark.parametrize("written, suggestion", [
    ("mi3.3.1.e", "MI3.3.1.e"),
    ("MI3.3.1.E", "MI3.3.1.e"),
    ("MI 3.3.1.e", "MI3.3.1.e"),
    ("MI3,3,1,e", "MI3.3.1.e"),
    ("BO3.3.1a", "BO3.3.1.a"),       # the letter without its dot
    ("MI3.3.1 e", "MI3.3.1.e"),
    ("MI3.3.1.e.", "MI3.3.1.e"),     # the full stop of a sentence it was copied from
    ("MI-3.3.1.e", "MI3.3.1.e"),
    # A leading zero: beside MI3.3.1.e it would be a second project, at a second address.
    ("MI3.3.01.e", "MI3.3.1.e"),
    ("MI3.03.1.e", "MI3.3.1.e"),
])
def test_a_mistyped_code_gets_its_probable_spelling(written, suggestion):
    with pytest.raises(CodeError) as info:
        parse_code(written)
    assert str(info.value) == (
        f"codice '{written}' non valido: forse '{suggestion}'? Il formato è sigla della città, asse, "
        "azione e lettera dell'intervento, come MI3.3.1.e"
    )


@pytest.mark.parametrize("written", [
    "MI3.3.1", "MI9.1.1.a", "MI0.1.1.a", "MI03.3.1.e", "M3.3.1.e", "MIL3.3.1.e",
    "MI3.3.1.e.f", "", "n.d.", "MI3.3.0.e", "MI3.0.1.e",
])
def test_not_a_code(written):
    with pytest.raises(CodeError) as info:
        parse_code(written)
    assert str(info.value) == (
        f"codice '{written}' non valido. Il formato è sigla della città, asse, azione "
        "e lettera dell'intervento, come MI3.3.1.e"
    )


def test_an_unknown_prefix_is_a_code_the_checks_refuse():
    # The format is right; whether ZZ is a city is the reference's business (checks).
    assert parse_code("ZZ3.3.1.a").city_prefix == "ZZ"


@pytest.mark.parametrize("written, clause", [
    # They look right in the message that refuses them: which character is not what it seems is said.
    ("\u0422O7.1.1.b", "il carattere '\u0422', U+0422, è una lettera cirillica, non latina: riscriverlo"),
    ("MI3.3.1.\u03bf", "il carattere '\u03bf', U+03BF, è una lettera greca, non latina: riscriverlo"),
    ("MI3.\u0663.1.e", "il carattere '\u0663', U+0663, arabic-indic digit three, non è latino: riscriverlo"),
])
def test_a_letter_or_digit_from_another_script_is_named(written, clause):
    with pytest.raises(CodeError) as info:
        parse_code(written)
    assert str(info.value).startswith(f"codice '{written}' non valido ({clause})")
