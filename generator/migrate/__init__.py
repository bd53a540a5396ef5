"""Migrations: the files ``generate`` writes (``plan``), how they are read (``files``) and applied
(``runner``)."""
