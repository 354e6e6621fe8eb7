"""Ejercicio B2: clasificar secuencias por el signo de su suma."""

from __future__ import annotations

__all__: list[str] = []
