"""Parte 2: la celda LSTM desde cero con NumPy (forward y backward)."""

__all__: list[str] = []
