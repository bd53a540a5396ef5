"""The canonical model: frozen objects per kind, normalized so equal schemas compare equal."""
