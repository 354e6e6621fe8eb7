"""Parte 4: LSTM bidireccional y LSTM apilado."""

__all__: list[str] = []
