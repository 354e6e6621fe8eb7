"""Parte 4: codificador–decodificador y atención."""

__all__: list[str] = []
