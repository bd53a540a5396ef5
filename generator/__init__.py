"""pgspec: PostgreSQL schema as code.

YAML specs under ``spec/<system>/`` are loaded into one canonical model (``generator.model``),
which the live catalog also produces (``generator.introspect``); one differ
(``generator.diff``) compares any two models, for migrations and for drift alike.
"""

__version__ = "0.1.0"
