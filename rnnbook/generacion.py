"""Ejercicio A2: LSTM de caracteres y muestreo con temperatura y top-k."""

from __future__ import annotations

__all__: list[str] = []
