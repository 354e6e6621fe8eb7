"""La fábrica de la guía: ``crear_modelo_recurrente('RNN' | 'LSTM' | 'GRU', ...)``."""

from __future__ import annotations

from .. import validacion as _v
from ..modelos.clasificador import ClasificadorSecuencias

__all__ = ["crear_modelo_recurrente"]


def crear_modelo_recurrente(
    tipo: str,
    input_size: int = 32,
    hidden_size: int = 64,
    output_size: int = 2,
    num_layers: int = 2,
) -> ClasificadorSecuencias:
    """El modelo del benchmark de la guía: capa recurrente + lineal sobre el último estado.

    Devuelve un :class:`rnnbook.modelos.ClasificadorSecuencias` con *dropout* 0.2
    entre capas si hay más de una, como en la guía.

    Parameters
    ----------
    tipo : {"RNN", "LSTM", "GRU"}
        En cualquier combinación de mayúsculas.
    input_size, hidden_size, output_size, num_layers : int

    Returns
    -------
    ClasificadorSecuencias

    Examples
    --------
    >>> [sum(p.numel() for p in crear_modelo_recurrente(t).parameters()) for t in ("RNN", "LSTM", "GRU")]
    [14722, 58498, 43906]
    """
    num_layers = _v.entero_positivo("num_layers", num_layers)
    return ClasificadorSecuencias(
        tipo,
        input_size,
        hidden_size,
        output_size,
        num_layers=num_layers,
        dropout=0.2 if num_layers > 1 else 0.0,
    )
