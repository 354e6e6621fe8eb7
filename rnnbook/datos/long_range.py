"""La tarea de dependencias largas de la guía (parte 2): recordar el primer símbolo."""

from __future__ import annotations

import numpy as np

from .. import validacion as _v

__all__ = ["crear_tarea_long_range"]


# ----------------------------------------------------------------------- la tarea
def crear_tarea_long_range(
    n: int = 1000,
    seq_len: int = 20,
    gap: int | None = None,
    semilla: int = 0,
    *,
    ruido: float = 0.3,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Tarea de dependencia larga: la clase es el signo de un único elemento lejano.

    Cada secuencia tiene ``seq_len`` pasos de ruido gaussiano
    :math:`\mathcal{N}(0, \text{ruido}^2)` salvo uno, el elemento informativo,
    que vale :math:`+1` o :math:`-1` con igual probabilidad y está ``gap`` pasos
    antes del final (posición ``seq_len - 1 - gap``). La clase es 1 si ese
    elemento es positivo. Un modelo que lee la secuencia y decide en el último
    paso tiene que **recordar** un signo durante ``gap`` pasos de ruido; el azar
    da un 50 % de exactitud.

    Parameters
    ----------
    n : int
        Número de secuencias N.
    seq_len : int
        Longitud T de cada secuencia (>= 1).
    gap : int, opcional
        Distancia entre el elemento informativo y el último paso, en
        ``[0, seq_len - 1]``. Por defecto ``seq_len - 1``: el informativo es el
        primero, como en la guía.
    semilla : int
        Semilla del generador (la tarea es reproducible).
    ruido : float
        Desviación típica del ruido distractor (> 0).

    Returns
    -------
    X : ndarray de forma (N, T, 1), float32
        Secuencias.
    y : ndarray de forma (N,), int64
        Clases (0 o 1), equilibradas en promedio.

    Raises
    ------
    TypeError
        Si algún tamaño no es entero.
    ValueError
        Si ``gap`` no está en ``[0, seq_len - 1]`` o algún tamaño no es positivo.

    Examples
    --------
    >>> X, y = crear_tarea_long_range(n=4, seq_len=6, gap=2, semilla=1)
    >>> X.shape, X.dtype, y.shape, y.dtype
    ((4, 6, 1), dtype('float32'), (4,), dtype('int64'))
    >>> bool(np.all((X[:, 6 - 1 - 2, 0] > 0) == (y == 1)))
    True
    """
    n = _v.entero_positivo("n", n)
    seq_len = _v.entero_positivo("seq_len", seq_len)
    if gap is None:
        gap = seq_len - 1
    gap = _v.entero_positivo("gap", gap, minimo=0)
    if gap > seq_len - 1:
        raise ValueError(
            f"gap debe estar en [0, seq_len - 1] = [0, {seq_len - 1}]; se recibió {gap}."
        )
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    ruido = _v.real_positivo("ruido", ruido)
    rng = np.random.default_rng(semilla)
    X = rng.normal(0.0, ruido, size=(n, seq_len, 1))  # (N, T, 1) ruido distractor
    signo = rng.choice(np.array([-1.0, 1.0]), size=n)  # (N,)
    X[:, seq_len - 1 - gap, 0] = signo
    y = (signo > 0).astype(np.int64)  # (N,)
    with np.errstate(over="ignore"):  # un desbordamiento se comprueba abajo
        X = X.astype(np.float32)  # (N, T, 1)
    X = _v.finitos("X", X, f"ruido = {ruido} no cabe en float32")
    return X, y
