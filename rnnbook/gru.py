"""Parte 2: la celda GRU desde cero con NumPy (forward y backward)."""

__all__: list[str] = []
