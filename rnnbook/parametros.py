"""Conteo de parámetros de RNN, LSTM y GRU."""

__all__: list[str] = []
