"""BPTT truncada desde cero con NumPy, sobre los bloques de :class:`rnnbook.CeldaRNN`.

El estado pasa de un trozo de k pasos al siguiente, pero el gradiente no cruza
el borde: cada trozo se deriva como si su estado inicial fuera una constante.
Letras de las formas: T (pasos), D (entrada), H (estado oculto), O (clases),
M (secuencias).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np
import pandas as pd
from torch import nn

from .. import validacion as _v
from ..desde_cero.rnn import NOMBRES_PARAMETROS, RNN_BPTT, CeldaRNN

__all__ = [
    "IGNORAR",
    "validar_objetivos_por_paso",
    "validar_celda",
    "validar_avanzable",
    "secuencia_y_objetivos",
    "longitud_trozo",
    "perdida_y_dY",
    "gradiente_trozo",
    "gradiente_trozo_sin_validar",
    "gradientes_bptt_truncada",
    "evaluar_etiquetado",
    "bucle_por_lotes",
    "validar_lotes",
    "entrenar_bptt_truncada",
    "validar_par_xy",
]

#: Objetivo que no cuenta en la pérdida (el mismo valor que ``ignore_index`` de PyTorch).
IGNORAR = -100


def validar_objetivos_por_paso(
    nombre: str, Y, T: int, M: int, O: int | None
) -> np.ndarray:
    """Valida las clases por paso: enteros (T, M) en [0, O) o :data:`~rnnbook.desde_cero.truncada.IGNORAR`."""
    if isinstance(Y, (str, bytes)) or Y is None:
        raise TypeError(
            f"{nombre} debe ser un array de enteros de forma ({T}, {M}); se recibió {type(Y).__name__}."
        )
    Y = np.asarray(Y)
    if Y.dtype == bool or not np.issubdtype(Y.dtype, np.integer):
        raise TypeError(
            f"{nombre} debe contener índices de clase enteros; se recibió dtype {Y.dtype}."
        )
    if Y.shape != (T, M):
        raise ValueError(
            f"{nombre} debe tener forma (T, M) = ({T}, {M}), un objetivo por paso y secuencia; "
            f"se recibió forma {Y.shape}."
        )
    validos = Y[Y != IGNORAR]
    if validos.size and (validos.min() < 0 or (O is not None and validos.max() >= O)):
        rango = f"[0, {O - 1}]" if O is not None else ">= 0"
        raise ValueError(
            f"{nombre} debe estar en {rango} o valer IGNORAR = {IGNORAR}; se recibió "
            f"min {validos.min()}, max {validos.max()}."
        )
    return Y.astype(np.int64, copy=False)


def validar_celda(modelo) -> None:
    if not isinstance(modelo, CeldaRNN):
        raise TypeError(
            f"modelo debe ser una CeldaRNN (o un RNN_BPTT); se recibió {type(modelo).__name__}."
        )


def validar_avanzable(modelo) -> None:
    if not isinstance(modelo, nn.Module) or not callable(
        getattr(modelo, "avanzar", None)
    ):
        raise TypeError(
            "modelo debe ser un torch.nn.Module con avanzar(x, estado), como EtiquetadorRecurrente; "
            f"se recibió {type(modelo).__name__}."
        )


def secuencia_y_objetivos(modelo: CeldaRNN, X, Y):
    X = _v.array_finito("X", X, forma=(None, modelo.input_size, None))
    if X.shape[0] == 0 or X.shape[2] == 0:
        raise ValueError(
            f"X debe tener al menos un paso y una secuencia; se recibió forma {X.shape}."
        )
    return X, validar_objetivos_por_paso(
        "Y", Y, X.shape[0], X.shape[2], modelo.output_size
    )


def longitud_trozo(k, T: int) -> int:
    """``k = None`` es la BPTT completa (un solo trozo de T pasos)."""
    return T if k is None else min(_v.entero_positivo("k", k), T)


# --------------------------------------------------------------------------- NumPy
def perdida_y_dY(salidas: list[np.ndarray], Y: np.ndarray):
    """Entropía cruzada media sobre los objetivos válidos y su gradiente respecto a cada salida."""
    Z = np.stack(salidas)  # (T, O, N) logits
    Z = Z - Z.max(axis=1, keepdims=True)  # desplazamiento por el máximo
    logp = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))  # (T, O, N) log-softmax
    mascara = Y != IGNORAR  # (T, N)
    n = int(mascara.sum())
    if n == 0:  # ningún objetivo en el trozo: pérdida indefinida, gradiente nulo
        return math.nan, [np.zeros_like(z) for z in salidas]
    c = np.where(mascara, Y, 0)[:, None, :]  # (T, 1, N)
    perdida = -float(np.sum(np.take_along_axis(logp, c, axis=1)[:, 0, :] * mascara)) / n
    dZ = np.exp(logp)  # (T, O, N) softmax
    np.put_along_axis(dZ, c, np.take_along_axis(dZ, c, axis=1) - 1.0, axis=1)  # p − e_c
    dZ *= mascara[:, None, :] / n  # solo los objetivos válidos, media
    return perdida, list(dZ)


def gradiente_trozo(modelo: CeldaRNN, X, Y, h0=None):
    r"""Pérdida y gradiente de un trozo, con su estado inicial tratado como una constante.

    Es el paso elemental de la BPTT truncada: *forward* desde ``h0``
    (:meth:`rnnbook.CeldaRNN.forward_sequence`) y BPTT dentro del trozo
    (:meth:`rnnbook.CeldaRNN.backward_sequence`). El gradiente que esa BPTT
    devuelve para ``h0`` se **descarta**: ahí se corta la cadena. Con el
    trozo igual a la secuencia entera y ``h0 = None`` es la BPTT completa.

    Parameters
    ----------
    modelo : CeldaRNN
        Una :class:`rnnbook.CeldaRNN` o cualquier subclase (también :class:`rnnbook.RNN_BPTT`).
        Sus pesos no cambian; su ``cache`` se vacía al terminar.
    X : ndarray de forma (k, D, N)
        Entradas del trozo.
    Y : ndarray de forma (k, N)
        Clase de cada paso, o :data:`~rnnbook.desde_cero.truncada.IGNORAR`.
    h0 : ndarray de forma (H, N), opcional
        Estado con el que empieza el trozo (el último del trozo anterior);
        por defecto, ceros.

    Returns
    -------
    perdida : float
        Entropía cruzada media sobre los objetivos válidos del trozo (``nan``
        si no tiene ninguno; el gradiente es entonces cero).
    grads : dict
        Gradientes de esa pérdida respecto a ``W_xh``, ``W_hh``, ``b_h``,
        ``W_hy`` y ``b_y``, con sus formas.
    h_final : ndarray de forma (H, N)
        Último estado del trozo: el ``h0`` del siguiente.

    Notes
    -----
    Con :math:`\tau` el primer paso del trozo, el gradiente que llega a cada
    estado del trozo es

    .. math::

        \frac{\partial L}{\partial h_t} = W_{hy}^\top \frac{\partial L}{\partial y_t}
        + W_{hh}^\top \delta_{t+1}, \qquad
        \frac{\partial L}{\partial h_{\tau - 1}} := 0 ,

    es decir, la BPTT de siempre hasta :math:`t = \tau` y nada más allá.

    Examples
    --------
    >>> celda = CeldaRNN(1, 4, 2, semilla=0)
    >>> X, Y = crear_tarea_eco(n=3, T=10, retardo=2)
    >>> perdida, grads, h = gradiente_trozo(celda, X[:5], Y[:5])
    >>> grads["W_hh"].shape, h.shape, perdida > 0
    ((4, 4), (4, 3), True)
    """
    validar_celda(modelo)
    X, Y = secuencia_y_objetivos(modelo, X, Y)
    return gradiente_trozo_sin_validar(modelo, X, Y, h0)


def gradiente_trozo_sin_validar(modelo: CeldaRNN, X: np.ndarray, Y: np.ndarray, h0):
    H, salidas = modelo.forward_sequence(
        X, h0
    )  # H: k estados (H, N); salidas: k logits (O, N)
    perdida, dY = perdida_y_dY(salidas, Y)
    grads, _, _ = modelo.backward_sequence(
        dY
    )  # dh que llega a h0: se descarta (truncado)
    modelo.cache = {}  # las activaciones del trozo ya no hacen falta
    return perdida, grads, H[-1]


def gradientes_bptt_truncada(modelo: CeldaRNN, X, Y, k: int | None = 20):
    """Gradientes de cada trozo de una pasada de BPTT truncada, **sin** actualizar los pesos.

    Parameters
    ----------
    modelo : CeldaRNN
    X : ndarray de forma (T, D, N)
    Y : ndarray de forma (T, N)
    k : int o None
        Pasos por trozo; ``None`` (o ``k >= T``) es la BPTT completa.

    Returns
    -------
    perdidas : list of float
        Pérdida de cada trozo.
    grads : list of dict
        Gradientes de cada trozo (:func:`gradiente_trozo`), con el estado que
        viene del trozo anterior tratado como constante.

    Examples
    --------
    >>> celda = CeldaRNN(1, 4, 2, semilla=0)
    >>> perdidas, grads = gradientes_bptt_truncada(celda, *crear_tarea_eco(n=2, T=12, retardo=2), k=5)
    >>> len(perdidas), len(grads)
    (3, 3)
    """
    validar_celda(modelo)
    X, Y = secuencia_y_objetivos(modelo, X, Y)
    k = longitud_trozo(k, X.shape[0])
    perdidas, todos, h = [], [], None
    for inicio in range(0, X.shape[0], k):
        perdida, grads, h = gradiente_trozo_sin_validar(
            modelo, X[inicio : inicio + k], Y[inicio : inicio + k], h
        )
        perdidas.append(perdida)
        todos.append(grads)
    return perdidas, todos


def evaluar_etiquetado(modelo: CeldaRNN, X, Y) -> dict[str, float]:
    """Pérdida y exactitud por paso de la RNN de NumPy (solo objetivos válidos).

    El *forward* de la BPTT truncada es el de siempre (el estado cruza los
    trozos), así que se evalúa recorriendo la secuencia entera de una vez.

    Parameters
    ----------
    modelo : CeldaRNN
    X : ndarray de forma (T, D, N)
    Y : ndarray de forma (T, N)

    Returns
    -------
    dict
        ``perdida`` (entropía cruzada media, nats) y ``exactitud`` (en [0, 1]).

    Examples
    --------
    >>> r = evaluar_etiquetado(CeldaRNN(1, 4, 2, semilla=0), *crear_tarea_eco(n=4, T=20, retardo=3))
    >>> sorted(r), 0 <= r["exactitud"] <= 1
    (['exactitud', 'perdida'], True)
    """
    validar_celda(modelo)
    X, Y = secuencia_y_objetivos(modelo, X, Y)
    _, salidas = modelo.forward_sequence(X)
    modelo.cache = {}
    perdida, _ = perdida_y_dY(salidas, Y)
    mascara = Y != IGNORAR  # (T, N)
    aciertos = (np.stack(salidas).argmax(axis=1) == Y) & mascara
    return {
        "perdida": perdida,
        "exactitud": float(aciertos.sum() / max(int(mascara.sum()), 1)),
    }


def bucle_por_lotes(
    n_lotes: int,
    tam_lote: int,
    T: int,
    k: int,
    entrenar_lote: Callable,
    evaluar_ahora: Callable | None,
    evaluar_cada: int,
    sincronizar: Callable,
) -> pd.DataFrame:
    """El registro común de las dos versiones: una fila antes de empezar y cada ``evaluar_cada`` lotes.

    ``entrenar_lote(i)`` recorre los trozos del lote ``i`` y devuelve la
    lista de pérdidas de los trozos que actualizaron los pesos.
    """
    filas, actualizaciones, segundos, perdidas = [], 0, 0.0, []

    def anotar(lote: int):
        fila = {
            "lotes": lote,
            "secuencias": lote * tam_lote,
            "actualizaciones": actualizaciones,
            "segundos": segundos,
            "perdida_entrenamiento": float(np.mean(perdidas)) if perdidas else math.nan,
        }
        if evaluar_ahora is not None:
            fila.update({f"{c}_validacion": v for c, v in evaluar_ahora().items()})
        filas.append(fila)

    anotar(0)
    for i in range(n_lotes):
        sincronizar()
        t0 = time.perf_counter()
        perdidas_lote = entrenar_lote(i)
        sincronizar()
        segundos += time.perf_counter() - t0
        actualizaciones += len(perdidas_lote)
        perdidas.extend(perdidas_lote)
        if (i + 1) % evaluar_cada == 0 or i + 1 == n_lotes:
            anotar(i + 1)
            perdidas = []
    tabla = pd.DataFrame(filas)
    tabla.attrs["k"], tabla.attrs["T"] = k, T
    return tabla


def validar_lotes(tam_lote, evaluar_cada, M: int) -> tuple[int, int, int]:
    tam_lote = _v.entero_positivo("tam_lote", tam_lote)
    evaluar_cada = _v.entero_positivo("evaluar_cada", evaluar_cada)
    return tam_lote, evaluar_cada, math.ceil(M / tam_lote)


def entrenar_bptt_truncada(
    modelo: RNN_BPTT,
    X,
    Y,
    *,
    k: int | None = 20,
    tam_lote: int = 32,
    validacion: tuple | None = None,
    evaluar_cada: int = 1,
) -> pd.DataFrame:
    r"""Entrena la RNN de NumPy con BPTT truncada (o completa, con ``k=None``) y SGD.

    Las M secuencias se recorren una vez, en lotes consecutivos de
    ``tam_lote``. Cada lote empieza con :math:`h = 0` y se parte en trozos de
    ``k`` pasos; tras cada trozo con objetivos se recorta el gradiente por
    norma global (:meth:`rnnbook.RNN_BPTT.clip_gradients`, si el modelo
    tiene ``max_norm``) y se da un paso de SGD con ``modelo.lr``. El estado
    final de un trozo es el inicial del siguiente.

    Parameters
    ----------
    modelo : RNN_BPTT
        Se entrena en el sitio (sus pesos, ``lr`` y ``max_norm``; su salida
        :math:`W_{hy} h_t + b_y` se usa en **cada** paso).
    X : ndarray de forma (T, D, M)
    Y : ndarray de forma (T, M)
        Clase de cada paso, o :data:`~rnnbook.desde_cero.truncada.IGNORAR`.
    k : int o None
        Pasos por trozo; ``None`` (o ``k >= T``) es la BPTT completa.
    tam_lote : int
        Secuencias por lote (N).
    validacion : tuple (Xv, Yv), opcional
        Conjunto evaluado con :func:`evaluar_etiquetado` en cada fila.
    evaluar_cada : int
        Lotes entre dos filas del registro.

    Returns
    -------
    pandas.DataFrame
        Una fila antes de entrenar y otra cada ``evaluar_cada`` lotes:
        ``lotes``, ``secuencias`` (procesadas: la misma cantidad de cómputo
        con cualquier k), ``actualizaciones`` (pasos de SGD: unas T/k por
        lote), ``segundos`` (de reloj, solo entrenando),
        ``perdida_entrenamiento`` (media de los trozos desde la fila anterior)
        y, con validación, ``perdida_validacion`` y ``exactitud_validacion``.

    Raises
    ------
    FloatingPointError
        Si la pérdida deja de ser finita (los pesos divergieron).

    Examples
    --------
    >>> X, Y = crear_tarea_eco(n=8, T=20, retardo=2)
    >>> modelo = RNN_BPTT(1, 8, 2, lr=0.5, semilla=0, escala=None)
    >>> tabla = entrenar_bptt_truncada(modelo, X, Y, k=5, tam_lote=4)
    >>> tabla["actualizaciones"].tolist()
    [0, 4, 8]
    """
    if not isinstance(modelo, RNN_BPTT):
        raise TypeError(
            f"modelo debe ser un RNN_BPTT; se recibió {type(modelo).__name__}."
        )
    X, Y = secuencia_y_objetivos(modelo, X, Y)
    T, M = X.shape[0], X.shape[2]
    k = longitud_trozo(k, T)
    tam_lote, evaluar_cada, n_lotes = validar_lotes(tam_lote, evaluar_cada, M)
    if validacion is not None:
        validacion = secuencia_y_objetivos(
            modelo, *validar_par_xy("validacion", validacion)
        )

    def entrenar_lote(i: int) -> list[float]:
        columnas = slice(i * tam_lote, (i + 1) * tam_lote)
        perdidas, h = [], None
        for inicio in range(0, T, k):
            filas = slice(inicio, inicio + k)
            perdida, grads, h = gradiente_trozo_sin_validar(
                modelo, X[filas, :, columnas], Y[filas, columnas], h
            )
            if math.isnan(perdida):
                continue  # trozo sin objetivos: nada que aprender
            if not math.isfinite(perdida) or not np.all(np.isfinite(h)):
                raise FloatingPointError(
                    "La pérdida dejó de ser finita: los pesos ya divergieron."
                )
            if modelo.max_norm is not None:
                grads = modelo.clip_gradients(grads, modelo.max_norm)
            for nombre in NOMBRES_PARAMETROS:  # SGD
                setattr(
                    modelo, nombre, getattr(modelo, nombre) - modelo.lr * grads[nombre]
                )
            perdidas.append(perdida)
        return perdidas

    evaluar_ahora = (
        None
        if validacion is None
        else (lambda: evaluar_etiquetado(modelo, *validacion))
    )
    return bucle_por_lotes(
        n_lotes,
        tam_lote,
        T,
        k,
        entrenar_lote,
        evaluar_ahora,
        evaluar_cada,
        lambda: None,
    )


def validar_par_xy(nombre: str, datos) -> tuple:
    if not isinstance(datos, (tuple, list)) or len(datos) != 2:
        raise TypeError(
            f"{nombre} debe ser un par (X, Y); se recibió {type(datos).__name__}."
        )
    return tuple(datos)
