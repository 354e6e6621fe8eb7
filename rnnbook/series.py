"""Parte 3: predicción de series de tiempo con LSTM y GRU."""

__all__: list[str] = []
