"""La LSTM de caracteres del ejercicio A2 (incrustación → LSTM → lineal)."""

from __future__ import annotations

import torch
from torch import nn

from .. import validacion as _v

__all__ = ["LSTMCaracteres"]


# ================================================================================ el modelo
class LSTMCaracteres(nn.Module):
    """Modelo de lenguaje de caracteres: incrustación → LSTM → lineal.

    Muchos a muchos sincronizado: en cada paso ``t`` devuelve los *logits*
    del carácter ``t + 1``.

    Parameters
    ----------
    tam_vocab : int
        V, tamaño del :class:`Vocabulario`.
    dim_embedding : int
        E, dimensión del vector de cada carácter.
    hidden_size : int
        H, tamaño del estado oculto (y del estado de celda).
    num_layers : int
        Capas LSTM apiladas.
    dropout : float
        *Dropout* entre capas LSTM (solo si ``num_layers > 1``).

    Examples
    --------
    >>> m = LSTMCaracteres(10, dim_embedding=4, hidden_size=8)
    >>> m(torch.zeros(2, 5, dtype=torch.long)).shape
    torch.Size([2, 5, 10])
    >>> logits, (h, C) = m.avanzar(torch.zeros(1, 3, dtype=torch.long))
    >>> logits.shape, h.shape, C.shape
    (torch.Size([1, 3, 10]), torch.Size([1, 1, 8]), torch.Size([1, 1, 8]))
    """

    def __init__(
        self,
        tam_vocab: int,
        dim_embedding: int = 32,
        hidden_size: int = 128,
        num_layers: int = 1,
        dropout: float = 0.0,
    ):
        super().__init__()
        tam_vocab = _v.entero_positivo("tam_vocab", tam_vocab, minimo=2)
        dim_embedding = _v.entero_positivo("dim_embedding", dim_embedding)
        hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        num_layers = _v.entero_positivo("num_layers", num_layers)
        dropout = _v.probabilidad_dropout("dropout", dropout)
        self.hiperparametros = {
            "tam_vocab": tam_vocab,
            "dim_embedding": dim_embedding,
            "hidden_size": hidden_size,
            "num_layers": num_layers,
            "dropout": dropout,
        }
        self.embedding = nn.Embedding(tam_vocab, dim_embedding)
        self.lstm = nn.LSTM(
            dim_embedding,
            hidden_size,
            num_layers,
            batch_first=True,
            dropout=dropout if num_layers > 1 else 0.0,
        )
        self.salida = nn.Linear(hidden_size, tam_vocab)

    def avanzar(
        self, x: torch.Tensor, estado: tuple[torch.Tensor, torch.Tensor] | None = None
    ):
        """Lee ``x`` a partir de ``estado`` y devuelve los *logits* y el estado final.

        Parameters
        ----------
        x : Tensor de forma (N, T), int64
            Índices de caracteres.
        estado : tuple (h, C) de tensores de forma (capas, N, H), opcional
            Estado inicial; por defecto, ceros.

        Returns
        -------
        logits : Tensor de forma (N, T, V)
        estado : tuple (h, C) de tensores de forma (capas, N, H)
        """
        if not isinstance(x, torch.Tensor) or x.ndim != 2 or x.dtype != torch.long:
            raise ValueError(
                "x debe ser un tensor int64 de forma (N, T) con índices de caracteres; se recibió "
                + (
                    f"forma {tuple(x.shape)} y dtype {x.dtype}."
                    if isinstance(x, torch.Tensor)
                    else f"{type(x).__name__}."
                )
            )
        e = self.embedding(x)  # (N, T, E)
        salidas, estado = self.lstm(
            e, estado
        )  # (N, T, H), ((capas, N, H), (capas, N, H))
        return self.salida(salidas), estado  # (N, T, V)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """*Logits* de forma (N, T, V) desde el estado cero (lo que usa :func:`rnnbook.entrenar`)."""
        return self.avanzar(x)[0]
