"""Live side: read a database's catalog into the canonical model, one batched query per kind."""
