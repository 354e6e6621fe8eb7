"""El clasificador de sentimiento de la guía (parte 3) y una bolsa de incrustaciones de referencia."""

from __future__ import annotations

import torch
from torch import nn

from .. import validacion as _v
from ..datos.sentimiento import PAD
from ..entorno import fijar_semilla

__all__ = [
    "HIPERPARAMETROS_SENTIMIENTO",
    "validar_tokens",
    "SentimentLSTM",
    "BolsaEmbeddings",
    "crear_sentiment_lstm",
]

#: Hiperparámetros de la guía (§3.1) para el modelo y su entrenamiento.
HIPERPARAMETROS_SENTIMIENTO = {
    "vocab_size": 1000,
    "embed_dim": 64,
    "hidden_size": 128,
    "num_classes": 2,
    "num_layers": 2,
    "dropout": 0.3,
    "max_len": 30,
    "tam_lote": 32,
    "lr": 1e-3,
    "weight_decay": 1e-4,
    "paso_lr": 5,
    "gamma_lr": 0.5,
    "recorte_gradiente": 1.0,
}


# ---------------------------------------------------------------------------- modelos
def validar_tokens(x: torch.Tensor) -> None:
    if not isinstance(x, torch.Tensor):
        raise TypeError(
            f"La entrada debe ser un Tensor de índices; se recibió {type(x).__name__}."
        )
    if x.ndim != 2 or x.dtype not in (torch.int64, torch.int32):
        raise ValueError(
            "La entrada debe ser un Tensor de enteros de forma (N, T); "
            f"se recibió forma {tuple(x.shape)} y dtype {x.dtype}."
        )


def _validar_dimensiones(
    vocab_size, embed_dim, hidden_size, num_classes, num_layers, dropout
):
    """Los tamaños de :class:`SentimentLSTM`, validados una vez."""
    return (
        _v.entero_positivo("vocab_size", vocab_size, minimo=2),
        _v.entero_positivo("embed_dim", embed_dim),
        _v.entero_positivo("hidden_size", hidden_size),
        _v.entero_positivo("num_classes", num_classes, minimo=2),
        _v.entero_positivo("num_layers", num_layers),
        _v.probabilidad_dropout("dropout", dropout),
    )


def _validar_relleno(padding_idx, bidirectional, vocab_size):
    """``padding_idx`` en ``[0, vocab_size)`` (o ``None``) y ``bidirectional`` bool."""
    if not isinstance(bidirectional, bool):
        raise TypeError(
            f"bidirectional debe ser bool; se recibió {type(bidirectional).__name__}."
        )
    if padding_idx is None:
        return None
    padding_idx = _v.entero_positivo("padding_idx", padding_idx, minimo=0)
    if padding_idx >= vocab_size:
        raise ValueError(
            f"padding_idx debe ser < vocab_size={vocab_size}; se recibió {padding_idx}."
        )
    return padding_idx


class SentimentLSTM(nn.Module):
    r"""Clasificador de texto muchos a uno: Embedding → LSTM → Dropout → Linear.

    Con los argumentos de la guía (``1000, 64, 128, 2``, dos capas) tiene
    295 682 parámetros.

    Parameters
    ----------
    vocab_size : int
        Tamaño V del vocabulario.
    embed_dim : int
        Dimensión E de cada incrustación.
    hidden_size : int
        Dimensión H del estado oculto.
    num_classes : int
        Número C de clases.
    num_layers : int
        Capas LSTM apiladas.
    dropout : float
        Probabilidad de *dropout* sobre las incrustaciones, entre capas LSTM y
        antes del clasificador.
    bidirectional : bool
        LSTM bidireccional.
    padding_idx : int o None
        Índice de relleno del ``Embedding`` (vector fijo en cero).

    Notes
    -----
    La salida usa el último estado :math:`h_T` de la última capa. Para una
    red unidireccional es ``lstm_out[:, -1, :]``; para una bidireccional se
    concatenan los estados **finales** de cada sentido, ``h_n[-2]`` (hacia
    delante, tras leer toda la secuencia) y ``h_n[-1]`` (hacia atrás, tras
    leerla de derecha a izquierda). La guía usaba ``lstm_out[:, -1, :]``
    también en el caso bidireccional, cuya mitad hacia atrás solo ha visto
    el último token.

    .. math::

       \text{parámetros} = V E + \sum_{\ell} 4\,(H\,d_\ell + H^2 + 2H) + (H d + 1)\,C

    con :math:`d_1 = E`, :math:`d_\ell = dH` en las capas superiores y
    :math:`d` el número de sentidos.

    Examples
    --------
    >>> m = SentimentLSTM(1000, 64, 128, 2)
    >>> contar_parametros(m)
    295682
    >>> m(torch.ones(3, 7, dtype=torch.long)).shape
    torch.Size([3, 2])
    """

    def __init__(
        self,
        vocab_size: int,
        embed_dim: int,
        hidden_size: int,
        num_classes: int,
        num_layers: int = 2,
        dropout: float = 0.3,
        bidirectional: bool = False,
        padding_idx: int | None = PAD,
    ):
        super().__init__()
        vocab_size, embed_dim, hidden_size, num_classes, num_layers, dropout = (
            _validar_dimensiones(
                vocab_size, embed_dim, hidden_size, num_classes, num_layers, dropout
            )
        )
        padding_idx = _validar_relleno(padding_idx, bidirectional, vocab_size)
        self.vocab_size, self.hidden_size = vocab_size, hidden_size
        self.num_layers = num_layers
        self.bidirectional = bidirectional
        self.num_dir = 2 if bidirectional else 1
        self.embedding = nn.Embedding(
            self.vocab_size, embed_dim, padding_idx=padding_idx
        )
        self.lstm = nn.LSTM(
            embed_dim,
            self.hidden_size,
            num_layers=self.num_layers,
            batch_first=True,
            dropout=dropout if self.num_layers > 1 else 0.0,
            bidirectional=bidirectional,
        )
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(self.hidden_size * self.num_dir, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits de forma (N, C) para índices de forma (N, T)."""
        validar_tokens(x)
        embebidos = self.dropout(self.embedding(x))  # (N, T, E)
        salida, (h_n, _) = self.lstm(embebidos)  # (N, T, d·H), h_n: (capas·d, N, H)
        if self.bidirectional:  # (N, 2H): el final de cada sentido
            ultimo = torch.cat([h_n[-2], h_n[-1]], dim=-1)
        else:
            ultimo = salida[:, -1, :]  # (N, H), igual a h_n[-1]
        return self.classifier(self.dropout(ultimo))  # (N, C)


class BolsaEmbeddings(nn.Module):
    r"""Referencia sin orden: media de las incrustaciones de la secuencia → Linear.

    .. math:: \bar e = \frac{1}{|\{t: x_t \neq \text{PAD}\}|}\sum_{t:\,x_t \neq \text{PAD}} E[x_t],
              \qquad \text{logits} = W \bar e + b

    Permutar la secuencia no cambia la salida.

    Parameters
    ----------
    vocab_size, embed_dim, num_classes : int
    padding_idx : int o None
        Los tokens de relleno no cuentan en la media.

    Examples
    --------
    >>> m = BolsaEmbeddings(50, 8, 2)
    >>> x = torch.tensor([[3, 4, 5]])
    >>> bool(torch.allclose(m(x), m(x.flip(1))))
    True
    """

    def __init__(
        self,
        vocab_size: int,
        embed_dim: int,
        num_classes: int,
        padding_idx: int | None = PAD,
    ):
        super().__init__()
        vocab_size = _v.entero_positivo("vocab_size", vocab_size, minimo=2)
        embed_dim = _v.entero_positivo("embed_dim", embed_dim)
        num_classes = _v.entero_positivo("num_classes", num_classes, minimo=2)
        if padding_idx is not None:
            padding_idx = _v.entero_positivo("padding_idx", padding_idx, minimo=0)
        self.padding_idx = padding_idx
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=padding_idx)
        self.classifier = nn.Linear(embed_dim, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits de forma (N, C) para índices de forma (N, T)."""
        validar_tokens(x)
        e = self.embedding(x)  # (N, T, E)
        if self.padding_idx is None:
            media = e.mean(dim=1)  # (N, E)
        else:
            mascara = (x != self.padding_idx).unsqueeze(-1).to(e.dtype)  # (N, T, 1)
            media = (e * mascara).sum(1) / mascara.sum(1).clamp_min(1.0)  # (N, E)
        return self.classifier(media)  # (N, C)


def crear_sentiment_lstm(semilla: int = 0, **cambios) -> SentimentLSTM:
    """:class:`SentimentLSTM` con los hiperparámetros de la guía, iniciado con ``semilla``.

    Parameters
    ----------
    semilla : int
        Semilla de la inicialización de los pesos.
    **cambios
        Argumentos de :class:`SentimentLSTM` que cambian respecto a la guía.

    Examples
    --------
    >>> contar_parametros(crear_sentiment_lstm(0))
    295682
    """
    h = HIPERPARAMETROS_SENTIMIENTO
    args = dict(
        vocab_size=h["vocab_size"],
        embed_dim=h["embed_dim"],
        hidden_size=h["hidden_size"],
        num_classes=h["num_classes"],
        num_layers=h["num_layers"],
        dropout=h["dropout"],
    )
    args.update(cambios)
    fijar_semilla(semilla)
    return SentimentLSTM(**args)
