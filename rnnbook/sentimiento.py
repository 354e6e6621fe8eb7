"""Parte 3: clasificación de sentimiento con LSTM."""

__all__: list[str] = []
