"""Ejercicio A3: el clasificador de sentimiento con atención sobre los estados de la LSTM."""

from __future__ import annotations

import torch
from torch import nn

from .. import validacion as _v
from ..datos.sentimiento import PAD
from .sentimiento import validar_tokens

__all__ = ["AtencionSobreEstados", "SentimentLSTMAtencion"]


class AtencionSobreEstados(nn.Module):
    r"""Resume los estados (N, T, H) en un contexto (N, H) con pesos que suman 1.

    Es la atención del esbozo de la guía (``W_attn``), con máscara de relleno.

    Parameters
    ----------
    hidden_size : int
        Tamaño H de cada estado.

    Notes
    -----
    Con los estados :math:`h_1, \dots, h_T` y la máscara :math:`m_t`
    (verdadera en las palabras reales):

    .. math::

        e_t = w^\top h_t, \qquad
        \alpha_t = \frac{m_t \exp e_t}{\sum_{k:\,m_k} \exp e_k}, \qquad
        c = \sum_t \alpha_t h_t .

    El relleno recibe :math:`e_t = -\infty` antes del *softmax*: su peso es
    **exactamente** 0. Un sesgo en :math:`e_t` sería el mismo para todos los
    pasos y el *softmax* lo cancelaría, así que no lo hay.

    Examples
    --------
    >>> _ = torch.manual_seed(0)
    >>> att = AtencionSobreEstados(4)
    >>> mascara = torch.tensor([[True, True, True], [True, False, False]])
    >>> c, alfa = att(torch.randn(2, 3, 4), mascara)
    >>> c.shape, alfa[1].tolist()
    (torch.Size([2, 4]), [1.0, 0.0, 0.0])
    """

    def __init__(self, hidden_size: int):
        super().__init__()
        self.hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        self.puntuacion = nn.Linear(hidden_size, 1, bias=False)  # w (el W_attn)

    def forward(self, estados: torch.Tensor, mascara: torch.Tensor | None = None):
        """Contexto y pesos.

        Parameters
        ----------
        estados : Tensor de forma (N, T, H)
        mascara : Tensor bool de forma (N, T), opcional
            ``True`` en las palabras reales; cada fila necesita al menos una.

        Returns
        -------
        contexto : Tensor de forma (N, H)
        alfa : Tensor de forma (N, T)
            No negativos, suman 1 por fila y valen 0 en el relleno.
        """
        if not isinstance(estados, torch.Tensor):
            raise TypeError(
                f"estados debe ser un Tensor; se recibió {type(estados).__name__}."
            )
        if estados.ndim != 3 or estados.shape[2] != self.hidden_size:
            raise ValueError(
                f"estados debe tener forma (N, T, {self.hidden_size}); "
                f"se recibió {tuple(estados.shape)}."
            )
        if mascara is not None and (
            not isinstance(mascara, torch.Tensor)
            or mascara.dtype != torch.bool
            or mascara.shape != estados.shape[:2]
        ):
            raise ValueError(
                f"mascara debe ser un Tensor bool de forma {tuple(estados.shape[:2])}; "
                f"se recibió {getattr(mascara, 'shape', type(mascara).__name__)} "
                f"con dtype {getattr(mascara, 'dtype', None)}."
            )
        if mascara is not None and not bool(mascara.any(dim=1).all()):
            raise ValueError("mascara: cada fila necesita al menos una palabra real.")
        e = self.puntuacion(estados).squeeze(-1)  # (N, T)
        if mascara is not None:
            e = e.masked_fill(~mascara, float("-inf"))  # el relleno no compite
        alfa = torch.softmax(e, dim=1)  # (N, T)
        contexto = torch.bmm(alfa.unsqueeze(1), estados).squeeze(1)  # (N, H)
        return contexto, alfa


class SentimentLSTMAtencion(nn.Module):
    r"""Clasificador muchos a uno con atención: Embedding → LSTM → atención → Linear.

    Como :class:`~rnnbook.SentimentLSTM`, pero el clasificador no recibe el
    último estado :math:`h_T` sino el contexto
    :math:`c = \sum_t \alpha_t h_t` de :class:`AtencionSobreEstados`, con la
    máscara ``x != padding_idx``.

    Parameters
    ----------
    vocab_size, embed_dim, hidden_size, num_classes : int
    num_layers : int
    dropout : float
        *Dropout* sobre las incrustaciones, entre capas LSTM y antes del
        clasificador.
    padding_idx : int
        Índice de relleno: vector nulo en la incrustación y peso de atención 0.

    Examples
    --------
    >>> _ = torch.manual_seed(0)
    >>> m = SentimentLSTMAtencion(50, 8, 16, 2, num_layers=1).eval()
    >>> x = torch.tensor([[5, 6, 7, 0, 0]])
    >>> logits, alfa = m(x, devolver_pesos=True)
    >>> logits.shape, alfa[0, 3:].tolist()
    (torch.Size([1, 2]), [0.0, 0.0])
    """

    def __init__(
        self,
        vocab_size: int,
        embed_dim: int,
        hidden_size: int,
        num_classes: int,
        num_layers: int = 1,
        dropout: float = 0.0,
        padding_idx: int = PAD,
    ):
        super().__init__()
        vocab_size = _v.entero_positivo("vocab_size", vocab_size, minimo=2)
        self.hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        num_classes = _v.entero_positivo("num_classes", num_classes, minimo=2)
        num_layers = _v.entero_positivo("num_layers", num_layers)
        dropout = _v.probabilidad_dropout("dropout", dropout)
        self.padding_idx = _v.entero_positivo("padding_idx", padding_idx, minimo=0)
        if self.padding_idx >= vocab_size:
            raise ValueError(
                f"padding_idx debe ser < vocab_size={vocab_size}; "
                f"se recibió {padding_idx}."
            )
        self.embedding = nn.Embedding(
            vocab_size,
            _v.entero_positivo("embed_dim", embed_dim),
            padding_idx=self.padding_idx,
        )
        self.lstm = nn.LSTM(
            embed_dim,
            hidden_size,
            num_layers=num_layers,
            batch_first=True,
            dropout=dropout if num_layers > 1 else 0.0,
        )
        self.atencion = AtencionSobreEstados(hidden_size)
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(hidden_size, num_classes)

    def forward(self, x: torch.Tensor, devolver_pesos: bool = False):
        """*Logits* (N, C) para índices (N, T); con ``devolver_pesos``, también α (N, T)."""
        validar_tokens(x)
        mascara = x != self.padding_idx  # (N, T)
        estados, _ = self.lstm(self.dropout(self.embedding(x)))  # (N, T, H)
        contexto, alfa = self.atencion(estados, mascara)  # (N, H), (N, T)
        logits = self.classifier(self.dropout(contexto))  # (N, C)
        return (logits, alfa) if devolver_pesos else logits
