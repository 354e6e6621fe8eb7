"""Modelos recurrentes de PyTorch compartidos por varias partes del libro."""

from __future__ import annotations

import torch
from torch import nn

from .. import validacion as _v

__all__ = ["TIPOS_RECURRENTES", "ClasificadorSecuencias"]

#: Capas recurrentes de PyTorch por nombre (se acepta cualquier combinación de mayúsculas).
TIPOS_RECURRENTES = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}


def normalizar_tipo(tipo: str) -> str:
    """Devuelve ``"RNN"``, ``"LSTM"`` o ``"GRU"`` a partir de cualquier capitalización."""
    if not isinstance(tipo, str) or tipo.upper() not in TIPOS_RECURRENTES:
        raise ValueError(
            f"tipo debe ser 'RNN', 'LSTM' o 'GRU' (en cualquier caso); se recibió {tipo!r}."
        )
    return tipo.upper()


class ClasificadorSecuencias(nn.Module):
    r"""Clasificador muchos a uno: capa recurrente + capa lineal sobre el último estado.

    Parameters
    ----------
    tipo : {"RNN", "LSTM", "GRU"}
        Celda recurrente (``nn.RNN`` con :math:`\tanh`, ``nn.LSTM`` o ``nn.GRU``).
    input_size : int
        Dimensión D de cada paso de la entrada.
    hidden_size : int
        Dimensión H del estado oculto.
    num_clases : int
        Número C de clases.
    num_layers : int
        Capas recurrentes apiladas.
    dropout : float
        *Dropout* entre capas recurrentes (solo si ``num_layers > 1``).

    Notes
    -----
    La salida usa :math:`h_T` de la última capa (``h_n[-1]``), que es lo mismo
    que ``salida[:, -1, :]`` para una red unidireccional.

    Examples
    --------
    >>> m = ClasificadorSecuencias("lstm", input_size=32, hidden_size=64, num_clases=2, num_layers=2)
    >>> sum(p.numel() for p in m.parameters())
    58498
    >>> m(torch.zeros(5, 7, 32)).shape
    torch.Size([5, 2])
    """

    def __init__(
        self,
        tipo: str,
        input_size: int,
        hidden_size: int,
        num_clases: int,
        num_layers: int = 1,
        dropout: float = 0.0,
    ):
        super().__init__()
        self.tipo = normalizar_tipo(tipo)
        self.input_size = _v.entero_positivo("input_size", input_size)
        self.hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        self.num_clases = _v.entero_positivo("num_clases", num_clases)
        self.num_layers = _v.entero_positivo("num_layers", num_layers)
        dropout = _v.probabilidad_dropout("dropout", dropout)
        self.rnn = TIPOS_RECURRENTES[self.tipo](
            input_size,
            hidden_size,
            num_layers=num_layers,
            batch_first=True,
            dropout=dropout if num_layers > 1 else 0.0,
        )
        self.fc = nn.Linear(hidden_size, num_clases)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits de forma (N, C) para una entrada de forma (N, T, D)."""
        if x.ndim != 3 or x.shape[-1] != self.input_size:
            raise ValueError(
                f"La entrada debe tener forma (N, T, {self.input_size}); se recibió {tuple(x.shape)}."
            )
        _, estado = self.rnn(x)
        h_n = estado[0] if self.tipo == "LSTM" else estado  # (num_layers, N, H)
        return self.fc(h_n[-1])  # (N, C)
