"""Tarea sintética de «resumen» para el ejercicio I3: las 5 palabras más importantes.

Cada frase tiene 20 palabras de un vocabulario pequeño: palabras **funcionales**
(artículos, preposiciones…), que nunca son importantes, y palabras de
**contenido**, cada una con una importancia fija de 1 a 20. El resumen son las
5 palabras de contenido más importantes de la frase, en el orden en que
aparecen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional as F

from .. import validacion as _v

__all__ = [
    "PALABRAS_FUNCIONALES",
    "PALABRAS_CONTENIDO",
    "VOCABULARIO_RESUMEN",
    "IMPORTANCIA_RESUMEN",
    "TAM_VOCAB_RESUMEN",
    "TareaResumen",
    "crear_tarea_resumen",
    "resumen_de",
]

#: Palabras funcionales: importancia 0, nunca forman parte del resumen.
PALABRAS_FUNCIONALES = ("el", "la", "de", "que", "y", "en", "un", "por", "con", "se")
#: Palabras de contenido, de menos a más importante (importancia 1 … 20).
PALABRAS_CONTENIDO = (
    "casa",
    "mesa",
    "libro",
    "calle",
    "perro",
    "agua",
    "tren",
    "campo",
    "ciudad",
    "barco",
    "fuego",
    "río",
    "guerra",
    "rey",
    "muerte",
    "tormenta",
    "incendio",
    "terremoto",
    "pandemia",
    "revolución",
)
#: El vocabulario: índices ``0 … 9`` funcionales y ``10 … 29`` de contenido.
VOCABULARIO_RESUMEN = PALABRAS_FUNCIONALES + PALABRAS_CONTENIDO
#: Tamaño V del vocabulario (30).
TAM_VOCAB_RESUMEN = len(VOCABULARIO_RESUMEN)
#: Importancia de cada índice del vocabulario, forma (V,): 0 para las
#: funcionales y ``1 … 20`` para las de contenido.
IMPORTANCIA_RESUMEN = torch.tensor(
    [0] * len(PALABRAS_FUNCIONALES) + list(range(1, len(PALABRAS_CONTENIDO) + 1))
)


def resumen_de(frase, k: int = 5) -> list[int]:
    """Los ``k`` *tokens* más importantes de ``frase``, en su orden de aparición.

    Es la regla que define la tarea, escrita de la forma más directa: ordenar
    las posiciones por importancia (a igualdad, la primera), quedarse con
    ``k`` y volver a ponerlas en orden.

    Parameters
    ----------
    frase : secuencia de int o Tensor de forma (S,)
        Índices del vocabulario :data:`VOCABULARIO_RESUMEN`.
    k : int
        Palabras del resumen (``k <= len(frase)``).

    Returns
    -------
    list of int
        ``k`` índices.

    Examples
    --------
    >>> frase = [0, 29, 2, 10, 11, 12, 13, 1]  # el revolución de casa mesa libro calle la
    >>> [VOCABULARIO_RESUMEN[t] for t in resumen_de(frase, 3)]
    ['revolución', 'libro', 'calle']
    """
    tokens = [int(t) for t in (frase.tolist() if torch.is_tensor(frase) else frase)]
    k = _v.entero_positivo("k", k)
    if k > len(tokens):
        raise ValueError(
            f"k debe ser <= longitud de la frase ({len(tokens)}); se recibió {k}."
        )
    if any(t < 0 or t >= TAM_VOCAB_RESUMEN for t in tokens):
        raise ValueError(
            f"frase debe contener índices en [0, {TAM_VOCAB_RESUMEN - 1}]; "
            f"se recibió el rango [{min(tokens)}, {max(tokens)}]."
        )
    orden = sorted(
        range(len(tokens)), key=lambda j: (-int(IMPORTANCIA_RESUMEN[tokens[j]]), j)
    )
    return [tokens[j] for j in sorted(orden[:k])]


# ------------------------------------------------------------------------------ datos
@dataclass
class TareaResumen:
    """Frases y sus resúmenes.

    Attributes
    ----------
    fuente : Tensor de forma (N, S), int64
        Índices de las frases (S = 20 por defecto).
    objetivo : Tensor de forma (N, K), int64
        Índices del resumen (K = 5 por defecto).
    n_contenido : Tensor de forma (N,), int64
        Palabras de contenido de cada frase.
    """

    fuente: torch.Tensor
    objetivo: torch.Tensor
    n_contenido: torch.Tensor

    def __len__(self) -> int:
        return int(self.fuente.shape[0])

    def entradas(self) -> torch.Tensor:
        """Las frases en *one-hot* ``float32``, forma (N, S, V): la entrada del codificador."""
        return F.one_hot(self.fuente, TAM_VOCAB_RESUMEN).float()

    def subconjunto(self, indices) -> TareaResumen:
        """Las filas ``indices`` (un ``slice`` o un tensor de índices)."""
        return TareaResumen(
            self.fuente[indices], self.objetivo[indices], self.n_contenido[indices]
        )

    @staticmethod
    def texto(tokens) -> str:
        """Las palabras de una secuencia de índices, separadas por espacios."""
        lista = tokens.tolist() if torch.is_tensor(tokens) else list(tokens)
        return " ".join(VOCABULARIO_RESUMEN[int(t)] for t in lista)


def crear_tarea_resumen(
    n: int = 1000,
    *,
    longitud: int = 20,
    k: int = 5,
    contenido_min: int = 5,
    contenido_max: int = 9,
    semilla: int = 0,
) -> TareaResumen:
    """Frases sintéticas y su resumen de ``k`` palabras (ejercicio I3).

    Cada frase tiene ``longitud`` palabras: entre ``contenido_min`` y
    ``contenido_max`` palabras de contenido **distintas** (número uniforme),
    en posiciones al azar, y el resto funcionales (uniformes, con repetición).
    El objetivo es :func:`resumen_de` de la frase: como las palabras de
    contenido no se repiten, el resumen es único.

    Parameters
    ----------
    n : int
        Número de frases N.
    longitud : int
        Palabras por frase, S.
    k : int
        Palabras del resumen, K (``k <= contenido_min``).
    contenido_min, contenido_max : int
        Número mínimo y máximo de palabras de contenido
        (``contenido_max <= min(longitud, 20)``).
    semilla : int
        Semilla del generador propio (no toca el estado global).

    Returns
    -------
    TareaResumen

    Examples
    --------
    >>> t = crear_tarea_resumen(4, semilla=0)
    >>> t.fuente.shape, t.objetivo.shape
    (torch.Size([4, 20]), torch.Size([4, 5]))
    >>> t.objetivo[0].tolist() == resumen_de(t.fuente[0])
    True
    """
    n = _v.entero_positivo("n", n)
    longitud = _v.entero_positivo("longitud", longitud)
    k = _v.entero_positivo("k", k)
    contenido_min = _v.entero_positivo("contenido_min", contenido_min)
    contenido_max = _v.entero_positivo("contenido_max", contenido_max)
    tope = min(longitud, len(PALABRAS_CONTENIDO))
    if not k <= contenido_min <= contenido_max <= tope:
        raise ValueError(
            f"Se necesita k <= contenido_min <= contenido_max <= {tope}; se recibió "
            f"k={k}, contenido_min={contenido_min}, contenido_max={contenido_max}."
        )
    rng = np.random.default_rng(_v.entero_positivo("semilla", semilla, minimo=0))
    F_, C = len(PALABRAS_FUNCIONALES), len(PALABRAS_CONTENIDO)
    fuente = rng.integers(0, F_, size=(n, longitud))  # (N, S) funcionales
    n_contenido = rng.integers(contenido_min, contenido_max + 1, size=n)  # (N,)
    objetivo = np.empty((n, k), dtype=np.int64)  # (N, K)
    for i in range(n):
        m = int(n_contenido[i])
        posiciones = rng.choice(longitud, size=m, replace=False)
        fuente[i, posiciones] = F_ + rng.choice(C, size=m, replace=False)
        objetivo[i] = resumen_de(fuente[i], k)
    return TareaResumen(
        torch.from_numpy(fuente.astype(np.int64)),
        torch.from_numpy(objetivo),
        torch.from_numpy(n_contenido.astype(np.int64)),
    )
