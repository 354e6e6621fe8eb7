"""La tarea del signo de la suma (ejercicio B2): ¿es positiva la suma de la secuencia?"""

from __future__ import annotations

import numpy as np

from .. import validacion as _v

__all__ = ["crear_tarea_signo_suma", "datos_signo_suma"]


# ----------------------------------------------------------------------- los datos
def crear_tarea_signo_suma(
    n: int, seq_len: int, *, semilla: int = 0, desviacion: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    r"""Secuencias gaussianas y la clase «¿es positiva su suma?».

    Cada paso es :math:`x_t \sim \mathcal N(0, \sigma^2)`, independiente de
    los demás; la clase es :math:`y = \mathbb 1[S > 0]` con
    :math:`S = \sum_{t=1}^{T} x_t`. Por simetría las dos clases son
    equiprobables, y :math:`S \sim \mathcal N(0, T\sigma^2)`.

    Parameters
    ----------
    n : int
        Número de secuencias N.
    seq_len : int
        Longitud T de cada secuencia.
    semilla : int
        Semilla del generador de NumPy (la tarea es reproducible).
    desviacion : float
        Desviación típica :math:`\sigma` de cada paso (> 0).

    Returns
    -------
    X : ndarray de forma (N, T, 1), float32
        Secuencias.
    y : ndarray de forma (N,), int64
        Clases: 1 si la suma es positiva, 0 si no.

    Raises
    ------
    TypeError
        Si ``n``, ``seq_len`` o ``semilla`` no son enteros, o ``desviacion`` no es real.
    ValueError
        Si algún valor está fuera de rango.

    Notes
    -----
    La suma que decide la clase se calcula en ``float64`` a partir de los
    valores **ya redondeados** a ``float32``: la etiqueta es exactamente la de
    los datos que recibe el modelo.

    Examples
    --------
    >>> X, y = crear_tarea_signo_suma(5, 4, semilla=1)
    >>> X.shape, X.dtype, y.shape, y.dtype
    ((5, 4, 1), dtype('float32'), (5,), dtype('int64'))
    >>> bool(np.all(y == (X.astype(np.float64).sum(axis=(1, 2)) > 0)))
    True
    """
    n = _v.entero_positivo("n", n)
    seq_len = _v.entero_positivo("seq_len", seq_len)
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    desviacion = _v.real_positivo("desviacion", desviacion)
    rng = np.random.default_rng(semilla)
    X = (desviacion * rng.standard_normal((n, seq_len, 1))).astype(
        np.float32
    )  # (N, T, 1)
    S = X.astype(np.float64).sum(axis=(1, 2))  # (N,) la suma de lo que verá el modelo
    return X, (S > 0).astype(np.int64)


def datos_signo_suma(
    seq_len: int = 20,
    *,
    n_entrenamiento: int = 2000,
    n_validacion: int = 500,
    n_prueba: int = 4000,
    semilla: int = 0,
    desviacion: float = 1.0,
):
    """Conjuntos de entrenamiento, validación y prueba de :func:`crear_tarea_signo_suma`.

    Cada conjunto se genera con su propia semilla, derivada de ``semilla``
    con :class:`numpy.random.SeedSequence`: los tres son independientes entre
    sí y también de los de cualquier otra ``semilla``.

    Parameters
    ----------
    seq_len : int
        Longitud T.
    n_entrenamiento, n_validacion, n_prueba : int
        Tamaño de cada conjunto.
    semilla : int
        Semilla base.
    desviacion : float
        Desviación típica de cada paso.

    Returns
    -------
    tuple of 3 tuples (X, y)
        ``(X_ent, y_ent), (X_val, y_val), (X_prueba, y_prueba)``, con ``X`` de
        forma (N, T, 1) en ``float32`` e ``y`` de forma (N,) en ``int64``.

    Examples
    --------
    >>> ent, val, prueba = datos_signo_suma(6, n_entrenamiento=8, n_validacion=4, n_prueba=4)
    >>> ent[0].shape, val[0].shape, prueba[1].shape
    ((8, 6, 1), (4, 6, 1), (4,))
    >>> bool(np.array_equal(val[0], prueba[0]))
    False
    """
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    tamanos = {
        "n_entrenamiento": n_entrenamiento,
        "n_validacion": n_validacion,
        "n_prueba": n_prueba,
    }
    tamanos = {k: _v.entero_positivo(k, v) for k, v in tamanos.items()}
    semillas = np.random.SeedSequence(semilla).generate_state(
        3
    )  # tres semillas de 32 bits
    return tuple(
        crear_tarea_signo_suma(n, seq_len, semilla=int(s), desviacion=desviacion)
        for n, s in zip(tamanos.values(), semillas)
    )
