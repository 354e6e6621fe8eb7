"""Ejercicio B3: predicción a varios pasos (directa y recursiva) y una serie real."""

from __future__ import annotations

__all__: list[str] = []
