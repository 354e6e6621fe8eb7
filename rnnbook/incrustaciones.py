"""Ejercicio I1: incrustaciones preentrenadas (skip-gram propio y formato GloVe)."""

from __future__ import annotations

__all__: list[str] = []
