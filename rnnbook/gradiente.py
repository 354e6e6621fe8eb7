"""Parte 2: el gradiente que se desvanece o explota, medido."""

__all__: list[str] = []
