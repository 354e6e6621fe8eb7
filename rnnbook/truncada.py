"""Ejercicio A1: BPTT truncada frente a BPTT completa, convergencia y memoria."""

from __future__ import annotations

__all__: list[str] = []
