"""La tarea del eco con retardo (ejercicio A1): repetir el bit que entró d pasos antes."""

from __future__ import annotations

import numpy as np
import torch

from .. import validacion as _v
from ..desde_cero.truncada import IGNORAR, validar_objetivos_por_paso

__all__ = ["crear_tarea_eco", "eco_a_torch"]


# --------------------------------------------------------------------------- datos
def crear_tarea_eco(n: int = 256, T: int = 200, retardo: int = 10, *, semilla: int = 0):
    r"""Eco con retardo: en cada paso, repetir el bit que entró ``retardo`` pasos antes.

    Cada secuencia son T bits al azar codificados como :math:`x_t = \pm 1`.
    El objetivo del paso t es el bit de :math:`t - d`:

    .. math:: y_t = \mathbf{1}[x_{t-d} > 0], \qquad t \ge d .

    Los d primeros pasos no tienen objetivo (valen :data:`~rnnbook.desde_cero.truncada.IGNORAR`). Como los
    bits son independientes, nada de lo que entra después de :math:`x_{t-d}`
    ayuda a adivinarlo: sin memoria de d pasos la mejor pérdida es
    :math:`\ln 2` (acertar la mitad).

    Parameters
    ----------
    n : int
        Número de secuencias M.
    T : int
        Pasos por secuencia (mayor que ``retardo``).
    retardo : int
        El retardo d (>= 1).
    semilla : int

    Returns
    -------
    X : ndarray de forma (T, 1, M)
        Entradas ``float64`` en {−1, +1}, en la disposición de
        :class:`rnnbook.CeldaRNN` (una columna por secuencia).
    Y : ndarray de forma (T, M)
        Clases ``int64`` en {0, 1}, o :data:`~rnnbook.desde_cero.truncada.IGNORAR` en los d primeros pasos.

    Examples
    --------
    >>> X, Y = crear_tarea_eco(n=2, T=6, retardo=2, semilla=0)
    >>> X.shape, Y.shape
    ((6, 1, 2), (6, 2))
    >>> bool(np.all(Y[2:] == (X[:-2, 0] > 0))), bool(np.all(Y[:2] == IGNORAR))
    (True, True)
    """
    n = _v.entero_positivo("n", n)
    retardo = _v.entero_positivo("retardo", retardo)
    T = _v.entero_positivo("T", T, minimo=retardo + 1)
    gen = np.random.default_rng(_v.entero_positivo("semilla", semilla, minimo=0))
    bits = gen.integers(0, 2, size=(T, n))  # (T, M)
    X = (2.0 * bits - 1.0)[:, None, :]  # (T, 1, M) en {−1, +1}
    Y = np.full((T, n), IGNORAR, dtype=np.int64)  # (T, M)
    Y[retardo:] = bits[:-retardo]  # y_t = bit de t − d
    return X, Y


def eco_a_torch(X, Y):
    """Pasa un lote de la disposición de NumPy (T, D, M) a la de PyTorch (M, T, D).

    Parameters
    ----------
    X : ndarray de forma (T, D, M)
    Y : ndarray de forma (T, M)

    Returns
    -------
    X : Tensor ``float32`` de forma (M, T, D)
    Y : Tensor ``int64`` de forma (M, T)

    Examples
    --------
    >>> Xt, Yt = eco_a_torch(*crear_tarea_eco(n=3, T=8, retardo=2))
    >>> tuple(Xt.shape), tuple(Yt.shape), Xt.dtype, Yt.dtype
    ((3, 8, 1), (3, 8), torch.float32, torch.int64)
    """
    X = _v.array_finito("X", X, ndim=3)
    Y = validar_objetivos_por_paso("Y", Y, X.shape[0], X.shape[2], None)
    return (
        torch.from_numpy(np.ascontiguousarray(X.transpose(2, 0, 1), dtype=np.float32)),
        torch.from_numpy(np.ascontiguousarray(Y.T)),
    )
