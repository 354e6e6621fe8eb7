"""Ejercicio I2: clasificador de texto con convolución 1D frente a la LSTM."""

from __future__ import annotations

__all__: list[str] = []
