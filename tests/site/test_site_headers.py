"""`_headers`: a rule for each top-level folder that holds pages, at any depth."""

from __future__ import annotations

from ponmetro_site.headers import COMMON_HEADERS, header_rules


def test_a_rule_per_folder_with_pages_and_none_for_folders_without(tmp_path):
    for name in ("embed/grafico-a/index.html", "progetti/index.html", "progetti/x/index.html",
                 "dati/interventi.csv", "theme/css/sito.css", "pagefind/frammento.html", "index.html",
                 "profondo/a/b/c/pagina.html", "vuota/a/b/nota.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    rules = dict(header_rules(tmp_path))
    assert rules.pop("/*") == COMMON_HEADERS
    assert sorted(rules) == ["/", "/embed/*", "/index.html", "/profondo/*", "/progetti/*"]
    assert "frame-ancestors *" in rules["/embed/*"]["Content-Security-Policy"]
    assert rules["/progetti/*"]["X-Frame-Options"] == "SAMEORIGIN"
