"""Letters from other alphabets that look Latin, named in the messages that refuse them.

A code, a CUP or a city pasted from a document can hold a Cyrillic 'Т' or a Greek
'Ο' in place of the Latin letter. The value is refused, and its message would quote
it looking exactly right ("codice 'ТO7.1.1.b' non valido"; "città 'Мilano'
sconosciuta: forse 'Milano'?"): the maintainer needs to be told which character
is not what it seems.
"""

from __future__ import annotations

import unicodedata

# Unicode names start with the script: "CYRILLIC CAPITAL LETTER TE".
_SCRIPTS = {"CYRILLIC": "cirillica", "GREEK": "greca", "ARMENIAN": "armena", "CHEROKEE": "cherokee",
            "FULLWIDTH": "a larghezza piena", "MATHEMATICAL": "matematica"}


def foreign_letter(text: str) -> str:
    """A clause naming the first letter or digit of `text` from outside the Latin
    and ASCII sets, with its code point; empty when there is none. Accented Latin
    letters (à, è) are left alone: they look like what they are."""
    for char in text:
        if ord(char) < 0x80 or not char.isalnum():
            continue
        name = unicodedata.name(char, "")
        if name.startswith("LATIN"):
            continue
        script = _SCRIPTS.get(name.split(" ")[0])
        if script and char.isalpha():
            return f" (il carattere '{char}', U+{ord(char):04X}, è una lettera {script}, non latina: riscriverlo)"
        return f" (il carattere '{char}', U+{ord(char):04X}, {name.lower() or 'senza nome'}, non è latino: riscriverlo)"
    return ""
