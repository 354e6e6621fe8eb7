"""Clasificadores de secuencias de tokens con LSTM unidireccional o bidireccional (parte 4)."""

from __future__ import annotations

import torch
from torch import nn

from .. import validacion as _v

__all__ = ["ClasificadorLSTMTokens", "BiLSTMClassifier"]

_RESUMENES = ("h_n", "ultimo_paso")


# ---------------------------------------------------------------------------- modelos
class ClasificadorLSTMTokens(nn.Module):
    r"""Clasificador de secuencias de *tokens*: incrustación → LSTM → lineal.

    Es el modelo de la guía (§3.1 y §4.1) con dos decisiones explícitas: si la
    LSTM es bidireccional y **qué estado** se entrega al clasificador.

    Parameters
    ----------
    vocab_size : int
        Tamaño V del vocabulario; el índice 0 es el relleno (``padding_idx=0``).
    embed_dim : int
        Dimensión E de la incrustación.
    hidden_size : int
        Tamaño H del estado oculto **de cada dirección** (el convenio de
        ``nn.LSTM``). Una BiLSTM entrega vectores de tamaño 2H.
    num_classes : int
        Número C de clases.
    dropout : float
        *Dropout* sobre la incrustación, entre capas LSTM y antes del clasificador.
    num_layers : int
        Capas LSTM apiladas (la guía usa 2).
    bidireccional : bool
        Si la LSTM lee también de derecha a izquierda.
    resumen : {"h_n", "ultimo_paso"}
        ``"h_n"`` (correcto) concatena el estado final de cada dirección de la
        última capa, ``h_n[-2]`` (hacia adelante, tras leer hasta T) y
        ``h_n[-1]`` (hacia atrás, tras leer hasta el paso 1). ``"ultimo_paso"``
        es lo que hace la guía, ``out[:, -1, :]``: su mitad hacia atrás solo ha
        dado **un** paso.

    Notes
    -----
    Con ``out`` de forma (N, T, 2H) y ``h_n`` de forma (2·capas, N, H):

    .. math::

        \texttt{out}[:, T-1, :H] = \texttt{h\_n}[-2], \qquad
        \texttt{out}[:, 0, H:] = \texttt{h\_n}[-1].

    En una red unidireccional ``out[:, -1, :]`` y ``h_n[-1]`` coinciden y
    ``resumen`` no cambia nada.

    Examples
    --------
    >>> m = ClasificadorLSTMTokens(50, 8, 16, 3, bidireccional=True)
    >>> m(torch.randint(1, 50, (4, 7))).shape
    torch.Size([4, 3])
    """

    def __init__(
        self,
        vocab_size: int,
        embed_dim: int,
        hidden_size: int,
        num_classes: int,
        dropout: float = 0.3,
        num_layers: int = 2,
        *,
        bidireccional: bool = False,
        resumen: str = "h_n",
    ):
        super().__init__()
        self.vocab_size = _v.entero_positivo("vocab_size", vocab_size, minimo=2)
        self.embed_dim = _v.entero_positivo("embed_dim", embed_dim)
        self.hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        self.num_classes = _v.entero_positivo("num_classes", num_classes)
        self.num_layers = _v.entero_positivo("num_layers", num_layers)
        dropout = _v.probabilidad_dropout("dropout", dropout)
        if not isinstance(bidireccional, bool):
            raise TypeError(
                f"bidireccional debe ser bool; se recibió {type(bidireccional).__name__}."
            )
        self.resumen = _v.opcion("resumen", resumen, _RESUMENES)
        self.bidireccional = bidireccional
        self.num_direcciones = 2 if bidireccional else 1
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.lstm = nn.LSTM(
            embed_dim,
            hidden_size,
            num_layers=num_layers,
            batch_first=True,
            dropout=dropout if num_layers > 1 else 0.0,
            bidirectional=bidireccional,
        )
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(hidden_size * self.num_direcciones, num_classes)

    def _validar(self, x: torch.Tensor) -> None:
        if not isinstance(x, torch.Tensor):
            raise TypeError(
                f"x debe ser un Tensor de índices; se recibió {type(x).__name__}."
            )
        if x.ndim != 2:
            raise ValueError(
                f"x debe tener forma (N, T); se recibió forma {tuple(x.shape)}."
            )
        if x.dtype not in (torch.int64, torch.int32):
            raise TypeError(
                f"x debe contener índices enteros (int64); se recibió dtype {x.dtype}."
            )
        if x.numel() and (int(x.min()) < 0 or int(x.max()) >= self.vocab_size):
            raise ValueError(
                f"Los índices de x deben estar en [0, {self.vocab_size - 1}]; "
                f"se recibió el rango [{int(x.min())}, {int(x.max())}]."
            )

    def estados(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Salidas de la LSTM y estado final, sin *dropout* de salida.

        Parameters
        ----------
        x : Tensor de forma (N, T), int64
            Índices de *tokens*.

        Returns
        -------
        out : Tensor de forma (N, T, d·H)
            Estados de la última capa en cada paso (d = 1 o 2 direcciones).
        h_n : Tensor de forma (d·capas, N, H)
            Estado oculto final de cada capa y dirección.
        """
        self._validar(x)
        emb = self.dropout(self.embedding(x))  # (N, T, E)
        out, (h_n, _) = self.lstm(emb)  # (N, T, dH), (d·capas, N, H)
        return out, h_n

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits de forma (N, C) para índices de forma (N, T)."""
        out, h_n = self.estados(x)
        if self.resumen == "ultimo_paso":
            final = out[:, -1, :]  # (N, dH): la lectura de la guía
        elif self.bidireccional:
            final = torch.cat([h_n[-2], h_n[-1]], dim=1)  # (N, 2H): [adelante, atrás]
        else:
            final = h_n[-1]  # (N, H)
        return self.classifier(self.dropout(final))  # (N, C)


class BiLSTMClassifier(ClasificadorLSTMTokens):
    """LSTM bidireccional para clasificación, con la API de la guía (§4.1).

    ``BiLSTMClassifier(vocab_size, embed_dim, hidden_size, num_classes)`` es un
    :class:`ClasificadorLSTMTokens` con ``bidireccional=True``: dos capas,
    *dropout* 0.3 y clasificador sobre ``[h_n adelante, h_n atrás]`` (2H).

    Parameters
    ----------
    vocab_size, embed_dim, hidden_size, num_classes, dropout, num_layers
        Como en :class:`ClasificadorLSTMTokens`; ``hidden_size`` es el tamaño
        **por dirección**.
    resumen : {"h_n", "ultimo_paso"}
        ``"ultimo_paso"`` reproduce la lectura ``out[:, -1, :]`` de la guía.

    Notes
    -----
    .. note::
       La guía construye su BiLSTM con ``HIDDEN_SIZE // 2 = 64`` y la compara
       con la LSTM de 128: así su «factor 0.78×» mezcla dos cambios. Aquí
       ``hidden_size`` significa lo mismo que en ``nn.LSTM`` y las
       comparaciones se hacen con el mismo H (véase
       :func:`factor_parametros_bilstm`).

    Examples
    --------
    >>> m = BiLSTMClassifier(1000, 64, 64, 2)
    >>> contar_parametros(m)
    230146
    """

    def __init__(
        self,
        vocab_size: int,
        embed_dim: int,
        hidden_size: int,
        num_classes: int,
        dropout: float = 0.3,
        num_layers: int = 2,
        *,
        resumen: str = "h_n",
    ):
        super().__init__(
            vocab_size,
            embed_dim,
            hidden_size,
            num_classes,
            dropout,
            num_layers,
            bidireccional=True,
            resumen=resumen,
        )
