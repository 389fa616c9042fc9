"""Importers: official material in, draft records out, for maintainers to review.

Each source format has its module; they all produce `Draft`s (plain text values in
the record format) and tell, in Italian and with the line, what they could not read
and what they guessed:

    pagina        project pages of the programme site, copied as text
    scheda        "Format scheda descrittiva" sheets (Word exports, tab-separated)
    opencoesione  OpenCoesione's project CSV, filtered on the PON Metro programme

    source_text -> (pagina | scheda | opencoesione) -> Draft -> validation (the core)
                -> yaml_out -> drafts folder (never data/interventi/) + comparison

Drafts go to their own folder (`bozze/`): a draft never overwrites a record a
maintainer edited, and an existing draft is replaced only on request. The command
line is `python -m ponmetro.importers` (see `cli.py` and docs/importers.md).
"""
