"""PON Metro Aperto: the data core of the site (no Pelican in here).

The pipeline, one module per step:

    strict_yaml -> model + validation_messages -> checks -> dataset   (load, validate)
    aggregate                                                          (totals)
    exports, charts, formatting, markdown                              (render and export)

`plugins/ponmetro_site` is the thin Pelican adapter around it.
"""
