"""``pgspec import``: a live database (or SQL files applied to a throw-away one) → a spec folder.

Import is introspection (``generator.introspect.catalog``, the reader drift uses) plus writing
YAML: ``scope`` picks what the format can hold and warns about the rest, ``draft`` turns the
model into spec documents, ``mixins`` finds the repeated pieces, ``layout`` names the files and
writes the folder, ``yaml_text`` prints the documents.
"""
