"""Spec side: YAML files with positions → validated spec (pydantic) → canonical model."""
