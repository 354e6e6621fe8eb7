"""Parte 1: la celda RNN y BPTT desde cero con NumPy."""

__all__: list[str] = []
