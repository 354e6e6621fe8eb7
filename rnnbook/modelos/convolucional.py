"""Un clasificador convolucional 1D para comparar con la LSTM (ejercicio I2)."""

from __future__ import annotations

import numbers

import torch
from torch import nn

from .. import validacion as _v
from ..datos.sentimiento import PAD
from ..modelos.sentimiento import validar_tokens

__all__ = ["campo_receptivo", "ClasificadorConv1d"]


def campo_receptivo(tamano_nucleo: int, capas: int = 1, dilatacion: int = 1) -> int:
    r"""Número de posiciones de la entrada de las que depende una salida de la convolución.

    Para ``capas`` convoluciones apiladas con núcleo :math:`k`, paso 1 y
    dilatación :math:`\delta`, cada capa añade :math:`(k-1)\,\delta`
    posiciones a la ventana:

    .. math:: R = 1 + L\,(k - 1)\,\delta .

    Parameters
    ----------
    tamano_nucleo : int
        Tamaño :math:`k` del núcleo (palabras que mira cada filtro).
    capas : int
        Número :math:`L` de convoluciones apiladas.
    dilatacion : int
        Separación :math:`\delta` entre las posiciones que lee el núcleo.

    Returns
    -------
    int

    Examples
    --------
    >>> campo_receptivo(3), campo_receptivo(3, capas=4), campo_receptivo(3, dilatacion=4)
    (3, 9, 9)
    """
    k = _v.entero_positivo("tamano_nucleo", tamano_nucleo)
    capas = _v.entero_positivo("capas", capas)
    dilatacion = _v.entero_positivo("dilatacion", dilatacion)
    return 1 + capas * (k - 1) * dilatacion


def _tamanos(tamanos_nucleo) -> tuple[int, ...]:
    if isinstance(tamanos_nucleo, numbers.Integral) and not isinstance(
        tamanos_nucleo, bool
    ):
        tamanos_nucleo = (tamanos_nucleo,)
    if not isinstance(tamanos_nucleo, (tuple, list)):
        raise TypeError(
            "tamanos_nucleo debe ser un entero o una tupla de enteros; "
            f"se recibió {tamanos_nucleo!r} de tipo {type(tamanos_nucleo).__name__}."
        )
    if not tamanos_nucleo:
        raise ValueError(
            "tamanos_nucleo debe tener al menos un tamaño de núcleo; se recibió una tupla vacía."
        )
    return tuple(
        _v.entero_positivo(f"tamanos_nucleo[{i}]", k)
        for i, k in enumerate(tamanos_nucleo)
    )


class ClasificadorConv1d(nn.Module):
    r"""Clasificador de texto convolucional: Embedding → Conv1d → ReLU → máximo en el tiempo → Linear.

    Cada rama aplica ``capas`` convoluciones 1D de núcleo :math:`k` (una rama
    por tamaño de ``tamanos_nucleo``, en paralelo, como en :cite:t:`kim2014convolutional`) con
    ``num_filtros`` filtros, relleno con ceros que conserva la longitud T
    (:math:`\lfloor (k-1)\delta/2 \rfloor` a la izquierda y el resto a la
    derecha, como ``padding="same"``) y ReLU. El *max-pooling* global se queda, para cada filtro, con su mayor
    respuesta en toda la secuencia: el resultado tiene tamaño fijo sea cual
    sea T, pero ya no sabe **dónde** apareció cada patrón.

    Parameters
    ----------
    vocab_size : int
        Tamaño V del vocabulario.
    embed_dim : int
        Dimensión E de cada incrustación (los canales de entrada de la
        convolución).
    num_classes : int
        Número C de clases.
    num_filtros : int
        Filtros F de cada convolución (canales de salida).
    tamanos_nucleo : int o tuple of int
        Tamaño del núcleo de cada rama; B = ``len(tamanos_nucleo)`` ramas.
    capas : int
        Convoluciones apiladas en cada rama (la primera E → F, las demás F → F).
    dilatacion : int
        Dilatación de todas las convoluciones.
    dropout : float
        *Dropout* sobre las incrustaciones y antes de la capa lineal, como en
        :class:`rnnbook.SentimentLSTM`.
    padding_idx : int o None
        Índice de relleno: su incrustación es cero y sus posiciones se anulan
        tras cada ReLU, de modo que añadir relleno a cualquier lado de la
        secuencia no cambia la salida.

    Attributes
    ----------
    campo_receptivo : int
        Palabras seguidas que ve cada salida de la rama más ancha
        (:func:`campo_receptivo`).

    Notes
    -----
    Formas, con N ejemplos de longitud T:

    ====================  ==================
    índices ``x``         (N, T), int64
    incrustaciones        (N, T, E)
    entrada de Conv1d     (N, E, T)
    cada convolución      (N, F, T)
    máximo en el tiempo   (N, F) por rama
    concatenación         (N, B·F)
    logits                (N, C)
    ====================  ==================

    ``nn.Conv1d`` trata la **segunda** dimensión como canales y la última
    como el eje que recorre el núcleo; por eso se transponen las dos últimas
    dimensiones de las incrustaciones. La salida del filtro :math:`f` en la
    posición :math:`t` (una capa, núcleo impar) es

    .. math::

       z_{f,t} = \mathrm{ReLU}\Big(b_f + \sum_{j=0}^{k-1} W_{f,:,j}\cdot
                 e_{t + (j - \lfloor k/2 \rfloor)\,\delta}\Big),
       \qquad m_f = \max_t z_{f,t} ,

    así que :math:`z_{f,t}` solo depende de una ventana de
    :func:`campo_receptivo` posiciones. Dos palabras más separadas que eso
    nunca entran juntas en un mismo filtro, y el máximo posterior no puede
    relacionarlas.

    Parámetros: :math:`VE + \sum_{\text{ramas}} \big[(E k + 1) F + (L-1)(F k + 1) F\big] + (B F + 1) C`.

    Examples
    --------
    >>> m = ClasificadorConv1d(1000, 32, 2, num_filtros=64, tamanos_nucleo=3)
    >>> m(torch.ones(5, 20, dtype=torch.long)).shape, m.campo_receptivo
    (torch.Size([5, 2]), 3)
    >>> contar_parametros(m) == 1000 * 32 + (32 * 3 + 1) * 64 + (64 + 1) * 2
    True
    """

    def __init__(
        self,
        vocab_size: int,
        embed_dim: int,
        num_classes: int,
        *,
        num_filtros: int = 64,
        tamanos_nucleo: int | tuple[int, ...] = (3,),
        capas: int = 1,
        dilatacion: int = 1,
        dropout: float = 0.3,
        padding_idx: int | None = PAD,
    ):
        super().__init__()
        vocab_size = _v.entero_positivo("vocab_size", vocab_size, minimo=2)
        embed_dim = _v.entero_positivo("embed_dim", embed_dim)
        num_classes = _v.entero_positivo("num_classes", num_classes, minimo=2)
        num_filtros = _v.entero_positivo("num_filtros", num_filtros)
        self.tamanos_nucleo = _tamanos(tamanos_nucleo)
        self.capas = _v.entero_positivo("capas", capas)
        self.dilatacion = _v.entero_positivo("dilatacion", dilatacion)
        dropout = _v.probabilidad_dropout("dropout", dropout)
        if padding_idx is not None:
            padding_idx = _v.entero_positivo("padding_idx", padding_idx, minimo=0)
            if padding_idx >= vocab_size:
                raise ValueError(
                    f"padding_idx debe ser < vocab_size={vocab_size}; se recibió {padding_idx}."
                )
        self.padding_idx = padding_idx
        self.campo_receptivo = max(
            campo_receptivo(k, self.capas, self.dilatacion) for k in self.tamanos_nucleo
        )
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=padding_idx)
        self.ramas = nn.ModuleList(
            nn.ModuleList(
                nn.Conv1d(
                    embed_dim if capa == 0 else num_filtros,
                    num_filtros,
                    k,
                    dilation=self.dilatacion,
                )
                for capa in range(self.capas)
            )
            for k in self.tamanos_nucleo
        )
        # Relleno "same" explícito: ⌊(k-1)δ/2⌋ ceros a la izquierda y el resto a la derecha.
        anchos = [(k - 1) * self.dilatacion for k in self.tamanos_nucleo]
        self._rellenos = [(a // 2, a - a // 2) for a in anchos]
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(num_filtros * len(self.tamanos_nucleo), num_classes)

    def mapas(self, x: torch.Tensor) -> list[torch.Tensor]:
        """Respuestas de los filtros antes del máximo: una por rama, de forma (N, F, T).

        Las posiciones de relleno valen 0.

        Parameters
        ----------
        x : Tensor de forma (N, T), int64

        Returns
        -------
        list of Tensor de forma (N, F, T)
        """
        validar_tokens(x)
        e = self.dropout(self.embedding(x)).transpose(
            1, 2
        )  # (N, E, T): canales en el eje 1
        if self.padding_idx is None:
            mascara = None
        else:
            mascara = (x != self.padding_idx).unsqueeze(1).to(e.dtype)  # (N, 1, T)
        salidas = []
        for rama, relleno in zip(self.ramas, self._rellenos):
            h = e
            for conv in rama:
                h = torch.relu(conv(nn.functional.pad(h, relleno)))  # (N, F, T)
                if mascara is not None:
                    h = h * mascara  # relleno → 0, igual que los ceros que añade F.pad
            salidas.append(h)
        return salidas

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits de forma (N, C) para índices de forma (N, T)."""
        # ReLU ≥ 0: los ceros del relleno no alteran el máximo
        maximos = [h.amax(dim=2) for h in self.mapas(x)]  # B × (N, F)
        return self.classifier(
            self.dropout(torch.cat(maximos, dim=1))
        )  # (N, B·F) → (N, C)
