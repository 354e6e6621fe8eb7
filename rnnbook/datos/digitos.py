"""Tareas de dígitos para codificador–decodificador (parte 4): invertir, ordenar, sumar.

Secuencias de longitud variable con relleno (``PAD_DIGITOS``) y fin de secuencia
(``FIN_DIGITOS``); :func:`mascara_padding` marca lo que es relleno.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch.nn import functional as F

from .. import validacion as _v

__all__ = [
    "PAD_DIGITOS",
    "FIN_DIGITOS",
    "TAM_VOCAB_DIGITOS",
    "TareaDigitos",
    "crear_tarea_digitos",
    "a_one_hot",
    "mascara_padding",
]

#: Índice del relleno (*padding*): nunca es un objetivo y la atención le da peso 0.
PAD_DIGITOS = 0
#: Índice del símbolo de fin de secuencia que el decodificador debe emitir.
FIN_DIGITOS = 1
#: Tamaño V del vocabulario de la tarea de dígitos: relleno, fin y los dígitos 0–9 (índices 2–11).
TAM_VOCAB_DIGITOS = 12
_TAREAS = ("invertir", "ordenar")


# ------------------------------------------------------------------------------ datos
@dataclass
class TareaDigitos:
    """Cadenas de dígitos de longitud variable y su transformación.

    Attributes
    ----------
    fuente : Tensor de forma (N, S), int64
        Dígitos codificados (dígito d → índice d + 2), rellenos con :data:`PAD_DIGITOS`.
    longitudes : Tensor de forma (N,), int64
        Longitud real de cada cadena, en ``[1, S]``.
    objetivo : Tensor de forma (N, S + 1), int64
        La cadena transformada seguida de :data:`FIN_DIGITOS` y rellena con :data:`PAD_DIGITOS`.
    tarea : str
        ``"invertir"`` u ``"ordenar"``.
    """

    fuente: torch.Tensor
    longitudes: torch.Tensor
    objetivo: torch.Tensor
    tarea: str

    def __len__(self) -> int:
        return int(self.fuente.shape[0])

    def entradas(self) -> tuple[torch.Tensor, torch.Tensor]:
        """``(one_hot(fuente), longitudes)``: las entradas del modelo, de formas (N, S, V) y (N,)."""
        return a_one_hot(self.fuente, TAM_VOCAB_DIGITOS), self.longitudes

    def subconjunto(self, indices) -> TareaDigitos:
        """Las filas ``indices`` (un ``slice`` o un tensor de índices)."""
        return TareaDigitos(
            self.fuente[indices],
            self.longitudes[indices],
            self.objetivo[indices],
            self.tarea,
        )


def crear_tarea_digitos(
    n: int = 1000,
    long_min: int = 1,
    long_max: int = 10,
    tarea: str = "invertir",
    semilla: int = 0,
) -> TareaDigitos:
    """Tarea sintética de secuencia a secuencia sobre cadenas de dígitos (parte 4).

    Cada cadena tiene una longitud uniforme en ``[long_min, long_max]`` y
    dígitos uniformes; el objetivo es la cadena invertida (``"invertir"``) u
    ordenada de menor a mayor (``"ordenar"``), terminada en :data:`FIN_DIGITOS`.

    Parameters
    ----------
    n : int
        Número de cadenas N.
    long_min, long_max : int
        Longitudes mínima y máxima (``1 <= long_min <= long_max``); S = ``long_max``.
    tarea : {"invertir", "ordenar"}
    semilla : int

    Returns
    -------
    TareaDigitos

    Examples
    --------
    >>> t = crear_tarea_digitos(n=3, long_min=2, long_max=4, semilla=0)
    >>> t.fuente.shape, t.objetivo.shape
    (torch.Size([3, 4]), torch.Size([3, 5]))
    >>> L = int(t.longitudes[0])
    >>> t.objetivo[0, :L].tolist() == t.fuente[0, :L].flip(0).tolist(), int(t.objetivo[0, L]) == FIN_DIGITOS
    (True, True)
    """
    n = _v.entero_positivo("n", n)
    long_min = _v.entero_positivo("long_min", long_min)
    long_max = _v.entero_positivo("long_max", long_max)
    if long_min > long_max:
        raise ValueError(
            f"long_min debe ser <= long_max; se recibió long_min={long_min}, long_max={long_max}."
        )
    _v.opcion("tarea", tarea, _TAREAS)
    g = torch.Generator().manual_seed(_v.entero_positivo("semilla", semilla, minimo=0))
    longitudes = torch.randint(long_min, long_max + 1, (n,), generator=g)  # (N,)
    digitos = (
        torch.randint(0, 10, (n, long_max), generator=g) + 2
    )  # (N, S) índices 2..11
    posiciones = torch.arange(long_max)  # (S,)
    validos = posiciones[None, :] < longitudes[:, None]  # (N, S)
    fuente = torch.where(
        validos, digitos, torch.full_like(digitos, PAD_DIGITOS)
    )  # (N, S)
    objetivo = torch.full((n, long_max + 1), PAD_DIGITOS, dtype=torch.int64)  # (N, S+1)
    for i in range(n):
        L = int(longitudes[i])
        cadena = fuente[i, :L]
        objetivo[i, :L] = (
            cadena.flip(0) if tarea == "invertir" else cadena.sort().values
        )
        objetivo[i, L] = FIN_DIGITOS
    return TareaDigitos(fuente, longitudes, objetivo, tarea)


def a_one_hot(tokens: torch.Tensor, tam_vocab: int) -> torch.Tensor:
    """Codificación *one-hot* ``float32`` de índices de forma (N, T) → (N, T, V).

    Examples
    --------
    >>> a_one_hot(torch.tensor([[1, 0]]), 3).tolist()
    [[[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]]
    """
    return F.one_hot(tokens, _v.entero_positivo("tam_vocab", tam_vocab)).float()


def mascara_padding(longitudes: torch.Tensor, S: int) -> torch.Tensor:
    """Máscara booleana de forma (N, S): ``True`` en las posiciones reales, ``False`` en el relleno.

    Examples
    --------
    >>> mascara_padding(torch.tensor([2, 3]), 4).int().tolist()
    [[1, 1, 0, 0], [1, 1, 1, 0]]
    """
    return torch.arange(S, device=longitudes.device)[None, :] < longitudes[:, None]
