"""Comprobación de gradientes: diferencias finitas y error relativo.

Toda implementación desde cero del libro se verifica de dos maneras: contra
diferencias finitas centradas (este módulo) y contra la autodiferenciación de
PyTorch con los mismos pesos en ``float64``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["gradiente_numerico", "error_relativo"]


def gradiente_numerico(
    f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-6
) -> np.ndarray:
    r"""Gradiente de ``f`` en ``x`` por diferencias finitas centradas.

    ``f`` recibe un array de la forma de ``x`` y devuelve un escalar. Se
    perturba una **copia** de ``x`` coordenada a coordenada; ``x`` no cambia.

    Parameters
    ----------
    f : callable
        Función escalar ``f(x) -> float``.
    x : ndarray de forma cualquiera
        Punto donde se evalúa el gradiente (se recomienda ``float64``).
    h : float
        Paso de la diferencia.

    Returns
    -------
    ndarray de la misma forma que ``x``
        Aproximación de :math:`\partial f / \partial x`.

    Notes
    -----
    .. math:: \frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}

    El error de truncamiento es :math:`O(h^2)`.

    Examples
    --------
    >>> g = gradiente_numerico(lambda v: float(np.sum(v ** 2)), np.array([1.0, -2.0]))
    >>> np.round(g, 6)
    array([ 2., -4.])
    """
    x = np.array(x, dtype=np.float64, copy=True)
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        original = x[i]
        x[i] = original + h
        f_mas = float(f(x))
        x[i] = original - h
        f_menos = float(f(x))
        x[i] = original
        grad[i] = (f_mas - f_menos) / (2.0 * h)
    return grad


def error_relativo(a, b, eps: float = 1e-12) -> float:
    r"""Máximo error relativo elemento a elemento entre dos arrays.

    .. math:: \max_i \frac{|a_i - b_i|}{\max(|a_i| + |b_i|, \varepsilon)}

    Examples
    --------
    >>> error_relativo(np.array([1.0, 2.0]), np.array([1.0, 2.0]))
    0.0
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(
            f"Las formas deben coincidir; se recibió {a.shape} y {b.shape}."
        )
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), eps)))
