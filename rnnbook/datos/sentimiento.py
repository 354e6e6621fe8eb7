"""Conjuntos de sentimiento sintéticos (parte 3): el de la guía y uno con negación.

``PAD`` (el índice 0) es el relleno; ``NEGACION`` invierte el sentido de la
palabra que la sigue.
"""

from __future__ import annotations

import numpy as np
import torch
from torch.utils.data import Dataset

from .. import validacion as _v

__all__ = [
    "PAD",
    "NEGACION",
    "SentimentDataset",
    "SentimientoNegacionDataset",
    "datos_sentimiento",
    "datos_negacion",
]

#: Índice reservado para el relleno (nunca es una palabra real).
PAD = 0
#: Token de negación («no») de :class:`SentimientoNegacionDataset`.
NEGACION = 1


# ---------------------------------------------------------------------------- datos
class SentimentDataset(Dataset):
    """Datos sintéticos de sentimiento de la guía, con el relleno corregido.

    Cada secuencia tiene ``max_len`` tokens, todos de la misma mitad del
    vocabulario: clase 1 (positiva) en ``[vocab_size // 2, vocab_size)``,
    clase 0 (negativa) en ``[1, vocab_size // 2)``. El índice 0 (:data:`PAD`)
    queda reservado para el relleno.

    Parameters
    ----------
    n_samples : int
        Número N de secuencias.
    max_len : int
        Longitud T de cada secuencia.
    vocab_size : int
        Tamaño V del vocabulario (al menos 4).
    seed : int
        Semilla del generador propio (no se toca el estado global).

    Attributes
    ----------
    data : Tensor de forma (N, T), int64
        Índices de tokens.
    labels : Tensor de forma (N,), int64
        Clases 0/1.

    Notes
    -----
    .. note::
       En la guía los negativos salían de ``[0, V/2)``, de modo que el token 0
       era una palabra real **y** el ``padding_idx`` del ``Embedding``: su
       vector quedaba fijo en cero y sin gradiente. Aquí las palabras
       empiezan en 1.

    Cada token basta por sí solo para conocer la clase: por eso la tarea es
    trivial para cualquier modelo, también para uno que ignore el orden.

    Examples
    --------
    >>> ds = SentimentDataset(n_samples=6, max_len=5, seed=0)
    >>> ds.data.shape, len(ds), int(ds.data.min()) >= 1
    (torch.Size([6, 5]), 6, True)
    >>> x, y = ds[0]
    >>> bool(((x >= 500) == bool(y)).all())
    True
    """

    def __init__(
        self,
        n_samples: int = 1000,
        max_len: int = 30,
        vocab_size: int = 1000,
        seed: int = 42,
    ):
        n_samples = _v.entero_positivo("n_samples", n_samples)
        max_len = _v.entero_positivo("max_len", max_len)
        self.vocab_size = _v.entero_positivo("vocab_size", vocab_size, minimo=4)
        seed = _v.entero_positivo("seed", seed, minimo=0)
        rng = np.random.default_rng(seed)
        clases = rng.integers(0, 2, size=n_samples)  # (N,)
        mitad = self.vocab_size // 2
        bajo = np.where(clases == 1, mitad, 1)[:, None]  # (N, 1)
        alto = np.where(clases == 1, self.vocab_size, mitad)[:, None]  # (N, 1)
        tokens = rng.integers(bajo, alto, size=(n_samples, max_len))  # (N, T)
        self.data = torch.from_numpy(tokens.astype(np.int64))
        self.labels = torch.from_numpy(clases.astype(np.int64))

    def __len__(self) -> int:
        return int(self.labels.shape[0])

    def __getitem__(self, idx):
        return self.data[idx], self.labels[idx]

    def tensores(self) -> tuple[torch.Tensor, torch.Tensor]:
        """El par ``(data, labels)`` que recibe :func:`rnnbook.entrenar`."""
        return self.data, self.labels


class SentimientoNegacionDataset(Dataset):
    """Variante en la que el orden de las palabras decide el sentimiento.

    Vocabulario: :data:`PAD` (0), :data:`NEGACION` (1, «no»), ``L`` palabras
    positivas ``[2, 2 + L)``, ``L`` negativas ``[2 + L, 2 + 2L)`` y el resto,
    neutras. Cada secuencia tiene relleno neutro, **una** palabra positiva,
    **una** negativa y una negación ``distancia`` posiciones antes de una de
    las dos (por defecto, justo delante), que invierte su polaridad:

    * «no» delante de la negativa → dos positivas → clase 1;
    * «no» delante de la positiva → dos negativas → clase 0.

    Las dos clases contienen exactamente el mismo multiconjunto de palabras
    (una positiva, una negativa, un «no» y relleno): cualquier modelo que
    ignore el orden, como :class:`BolsaEmbeddings`, se queda en el azar.

    Con ``distancia = d > 1``, entre el «no» y la palabra que invierte solo
    hay ``d - 1`` palabras neutras: la otra palabra de sentimiento nunca cae
    en medio, así que la regla también se lee «el no invierte la siguiente
    palabra de sentimiento».

    Parameters
    ----------
    n_samples : int
        Número N de secuencias.
    max_len : int
        Longitud T (al menos 3).
    vocab_size : int
        Tamaño V del vocabulario.
    palabras_por_polaridad : int
        ``L``, palabras positivas (y negativas) distintas.
    seed : int
        Semilla del generador propio.
    distancia : int
        Posiciones ``d`` entre el «no» y la palabra negada (``max_len`` debe
        ser al menos ``d + 2``). Con el valor por defecto, 1, los datos son
        los de siempre.

    Attributes
    ----------
    data : Tensor de forma (N, T), int64
    labels : Tensor de forma (N,), int64
    posicion_negada : Tensor de forma (N,), int64
        Posición de la palabra negada; el «no» está ``distancia`` posiciones antes.
    posicion_otra : Tensor de forma (N,), int64
        Posición de la otra palabra de sentimiento.

    Examples
    --------
    >>> ds = SentimientoNegacionDataset(n_samples=4, max_len=6, seed=1)
    >>> bool(((ds.data == NEGACION).sum(1) == 1).all())
    True
    >>> ds.decodificar(ds.data[0]).count("no ")
    1
    >>> lejos = SentimientoNegacionDataset(n_samples=4, max_len=12, seed=1, distancia=5)
    >>> bool((lejos.data[range(4), lejos.posicion_negada - 5] == NEGACION).all())
    True
    """

    def __init__(
        self,
        n_samples: int = 1000,
        max_len: int = 20,
        vocab_size: int = 1000,
        palabras_por_polaridad: int = 10,
        seed: int = 0,
        distancia: int = 1,
    ):
        n_samples = _v.entero_positivo("n_samples", n_samples)
        self.distancia = d = _v.entero_positivo("distancia", distancia)
        max_len = _v.entero_positivo("max_len", max_len, minimo=d + 2)
        self.palabras_por_polaridad = L = _v.entero_positivo(
            "palabras_por_polaridad", palabras_por_polaridad
        )
        self.vocab_size = _v.entero_positivo(
            "vocab_size", vocab_size, minimo=2 + 2 * L + 1
        )
        seed = _v.entero_positivo("seed", seed, minimo=0)
        self.inicio_neutras = 2 + 2 * L
        rng = np.random.default_rng(seed)
        N, T = n_samples, max_len
        tokens = rng.integers(
            self.inicio_neutras, self.vocab_size, size=(N, T)
        )  # relleno neutro (N, T)
        clases = rng.integers(0, 2, size=N)  # (N,)
        positiva = rng.integers(2, 2 + L, size=N)  # (N,)
        negativa = rng.integers(2 + L, 2 + 2 * L, size=N)  # (N,)
        negada = np.where(clases == 1, negativa, positiva)  # la que sigue a «no»
        otra = np.where(clases == 1, positiva, negativa)
        p = rng.integers(
            d, T, size=N
        )  # posición de la palabra negada; «no» va en p - d
        r = rng.integers(0, T - d - 1, size=N)  # la otra palabra, fuera de [p - d, p]
        q = np.where(r < p - d, r, r + d + 1)
        filas = np.arange(N)
        tokens[filas, p - d] = NEGACION
        tokens[filas, p] = negada
        tokens[filas, q] = otra
        self.data = torch.from_numpy(tokens.astype(np.int64))
        self.labels = torch.from_numpy(clases.astype(np.int64))
        self.posicion_negada = torch.from_numpy(p.astype(np.int64))
        self.posicion_otra = torch.from_numpy(q.astype(np.int64))

    def __len__(self) -> int:
        return int(self.labels.shape[0])

    def __getitem__(self, idx):
        return self.data[idx], self.labels[idx]

    def tensores(self) -> tuple[torch.Tensor, torch.Tensor]:
        """El par ``(data, labels)`` que recibe :func:`rnnbook.entrenar`."""
        return self.data, self.labels

    def invertir(self, i: int) -> tuple[torch.Tensor, int]:
        """La secuencia ``i`` con sus dos palabras de sentimiento intercambiadas.

        La negación pasa a preceder a la otra palabra, así que la clase se
        invierte, pero las palabras son exactamente las mismas.

        Returns
        -------
        secuencia : Tensor de forma (T,)
        clase : int
        """
        i = _v.entero_positivo("i", i, minimo=0)
        if i >= len(self):
            raise ValueError(f"i debe estar en [0, {len(self) - 1}]; se recibió {i}.")
        x = self.data[i].clone()
        p, q = int(self.posicion_negada[i]), int(self.posicion_otra[i])
        x[p], x[q] = self.data[i, q], self.data[i, p]
        return x, 1 - int(self.labels[i])

    def polaridad(self, token: int) -> int:
        """+1 si ``token`` es positivo, −1 si es negativo y 0 en otro caso."""
        L = self.palabras_por_polaridad
        if 2 <= token < 2 + L:
            return 1
        if 2 + L <= token < 2 + 2 * L:
            return -1
        return 0

    def decodificar(self, secuencia) -> str:
        """Texto legible de una secuencia: ``no``, ``bueno_k``, ``malo_k``, ``w<índice>``."""
        L = self.palabras_por_polaridad
        palabras = []
        for tok in np.asarray(secuencia).tolist():
            if tok == PAD:
                palabras.append("·")
            elif tok == NEGACION:
                palabras.append("no")
            elif self.polaridad(tok) == 1:
                palabras.append(f"bueno_{tok - 2}")
            elif self.polaridad(tok) == -1:
                palabras.append(f"malo_{tok - 2 - L}")
            else:
                palabras.append(f"w{tok}")
        return " ".join(palabras)


def datos_sentimiento(*, max_len: int = 30, vocab_size: int = 1000):
    """Entrenamiento, validación y prueba de la §3.1: 800 / 200 / 1000 secuencias.

    Las dos primeras usan las semillas de la guía (42 y 123); la prueba,
    que la guía no tenía, usa la semilla 2024.

    Returns
    -------
    tuple of SentimentDataset
        ``(entrenamiento, validacion, prueba)``.
    """
    return (
        SentimentDataset(800, max_len, vocab_size, seed=42),
        SentimentDataset(200, max_len, vocab_size, seed=123),
        SentimentDataset(1000, max_len, vocab_size, seed=2024),
    )


def datos_negacion(
    *,
    max_len: int = 20,
    vocab_size: int = 1000,
    palabras_por_polaridad: int = 10,
    distancia: int = 1,
):
    """Entrenamiento, validación y prueba de la variante con negación: 1000 / 400 / 1000.

    Parameters
    ----------
    max_len, vocab_size, palabras_por_polaridad, distancia : int
        Como en :class:`SentimientoNegacionDataset`.

    Returns
    -------
    tuple of SentimientoNegacionDataset
    """
    kw = dict(
        max_len=max_len,
        vocab_size=vocab_size,
        palabras_por_polaridad=palabras_por_polaridad,
        distancia=distancia,
    )
    return (
        SentimientoNegacionDataset(1000, seed=1, **kw),
        SentimientoNegacionDataset(400, seed=2, **kw),
        SentimientoNegacionDataset(1000, seed=3, **kw),
    )
