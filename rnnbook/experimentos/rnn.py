"""Experimentos de la parte 1 con la RNN de NumPy: BPTT en el problema de la guía y recorte.

:func:`problema_guia_bptt` reproduce el ejemplo de la guía, :func:`entrenar_bptt`
registra pérdida y norma del gradiente paso a paso, :func:`barrido_tasa_aprendizaje`
compara tasas y :func:`problema_recorte` construye un caso en el que el gradiente
explota sin recorte.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import validacion as _v
from ..desde_cero.rnn import (
    RNN_BPTT,
    CeldaRNN,
    validar_clases_rnn,
    validar_secuencia_rnn,
)

__all__ = [
    "tabla_parametros",
    "problema_guia_bptt",
    "problema_recorte",
    "entrenar_bptt",
    "barrido_tasa_aprendizaje",
]


def tabla_parametros(celda: CeldaRNN) -> pd.DataFrame:
    """Tabla con la forma y el número de elementos de cada parámetro.

    Parameters
    ----------
    celda : CeldaRNN
        Cualquier celda de este módulo (también :class:`RNN_BPTT`).

    Returns
    -------
    pandas.DataFrame
        Una fila por parámetro con las columnas ``forma``, ``elementos`` y
        ``desviación típica``.

    Examples
    --------
    >>> int(tabla_parametros(CeldaRNN(3, 4, 2, semilla=0))["elementos"].sum())
    42
    """
    if not isinstance(celda, CeldaRNN):
        raise TypeError(
            f"celda debe ser una CeldaRNN; se recibió {type(celda).__name__}."
        )
    filas = {
        nombre: {
            "forma": str(p.shape),
            "elementos": int(p.size),
            "desviación típica": float(p.std()),
        }
        for nombre, p in celda.parametros().items()
    }
    tabla = pd.DataFrame.from_dict(filas, orient="index")
    tabla.index.name = "parámetro"
    return tabla


# --------------------------------------------------------------------------- experimentos
def problema_guia_bptt(lr=0.01, *, max_norm=5.0, verbose=False):
    """El experimento de BPTT de la guía, con sus mismos números aleatorios.

    Equivale a ``np.random.seed(0)``, construir ``RNN_BPTT(3, 4, 2, lr)`` y
    sortear cinco entradas (3, 1), pero con un ``RandomState(0)`` propio: no
    toca el estado global de NumPy.

    Returns
    -------
    modelo : RNN_BPTT
    X : lista de 5 ndarray de forma (3, 1)
    y_clase : int
        La clase objetivo, 1.

    Examples
    --------
    >>> modelo, X, y = problema_guia_bptt()
    >>> len(X), X[0].shape, y
    (5, (3, 1), 1)
    """
    gen = np.random.RandomState(0)
    modelo = RNN_BPTT(3, 4, 2, lr=lr, semilla=gen, max_norm=max_norm, verbose=verbose)
    X = [gen.standard_normal((3, 1)) for _ in range(5)]
    return modelo, X, 1


def problema_recorte(
    max_norm=5.0, *, T=40, hidden_size=16, lr=0.5, radio=1.15, escala_xh=1e-4, semilla=0
):
    r"""Un caso donde el gradiente explota y el recorte sí actúa.

    Un lote de N = 64 secuencias de ruido :math:`\mathcal{N}(0, 1)` de
    longitud T cuyo **primer** elemento vale +1 o −1; la clase es ese signo.
    Los pesos recurrentes son una matriz ortogonal por ``radio`` (radio
    espectral ``radio`` > 1) y los de entrada son tan pequeños (``escala_xh``)
    que los estados empiezan cerca de cero, donde :math:`\tanh' \approx 1`.
    Es la condición de :cite:t:`pascanu2013difficulty` para que el gradiente
    explote: lo que vuelve del último paso al paso t se multiplica por
    :math:`W_{hh}^\top` unas T − t veces, y crece como ``radio ** (T - t)``.

    Parameters
    ----------
    max_norm : float o None
        Umbral del recorte; ``None`` entrena sin recorte.
    T : int
        Longitud de las secuencias.
    hidden_size : int
        Dimensión H.
    lr : float
        Tasa de aprendizaje de SGD.
    radio : float
        Radio espectral inicial de :math:`W_{hh}`.
    escala_xh : float
        Desviación típica inicial de :math:`W_{xh}`.
    semilla : int
        Semilla de los datos y de los pesos (los mismos con y sin recorte).

    Returns
    -------
    modelo : RNN_BPTT
    X : ndarray de forma (T, 1, N)
        El lote de secuencias (D = 1).
    y : ndarray de forma (N,)
        Clase de cada secuencia: 1 si empieza en +1, 0 si empieza en −1.

    Examples
    --------
    >>> modelo, X, y = problema_recorte()
    >>> X.shape, y.shape, round(float(np.max(np.abs(np.linalg.eigvals(modelo.W_hh)))), 2)
    ((40, 1, 64), (64,), 1.15)
    """
    T = _v.entero_positivo("T", T, minimo=2)
    radio = _v.real_positivo("radio", radio)
    escala_xh = _v.real_positivo("escala_xh", escala_xh)
    gen = np.random.default_rng(_v.entero_positivo("semilla", semilla, minimo=0))
    N = 64
    signo = gen.choice([-1.0, 1.0], size=N)  # (N,)
    X = gen.standard_normal((T, 1, N))  # (T, 1, N) ruido
    X[0, 0, :] = signo  # la clase está en el primer paso
    y = (signo > 0).astype(np.int64)  # (N,)
    modelo = RNN_BPTT(
        1, hidden_size, 2, lr=lr, semilla=gen, escala=0.5, max_norm=max_norm
    )
    q, _ = np.linalg.qr(gen.standard_normal((modelo.hidden_size, modelo.hidden_size)))
    modelo.W_hh = radio * q  # (H, H) radio espectral = radio
    modelo.W_xh = escala_xh * gen.standard_normal(modelo.W_xh.shape)  # (H, 1)
    return modelo, X, y


def entrenar_bptt(
    modelo: RNN_BPTT, X, y_true, pasos: int, *, umbral=None
) -> pd.DataFrame:
    """Entrena con :meth:`RNN_BPTT.step` y anota cada paso.

    Parameters
    ----------
    modelo : RNN_BPTT
        Se entrena en el sitio.
    X : lista de T ndarray de forma (D, N), o ndarray de forma (T, D, N)
        Secuencia (o lote de secuencias), como en :meth:`RNN_BPTT.step`.
    y_true : int o ndarray de forma (N,)
        Clase de cada secuencia.
    pasos : int
        Número máximo de actualizaciones.
    umbral : float, opcional
        Si se da, se detiene en el primer paso cuya pérdida sea ``<= umbral``.

    Returns
    -------
    pandas.DataFrame
        Una fila por paso con ``paso`` (actualizaciones aplicadas **antes** de
        medir: la fila 0 es la pérdida inicial), ``perdida``, ``norma`` (norma
        global del gradiente antes del recorte) y ``recortado``. Si los pesos
        divergen (valores no finitos), el entrenamiento se detiene y la última
        fila tiene pérdida ``nan``.

    Examples
    --------
    >>> hist = entrenar_bptt(*problema_guia_bptt(), pasos=201)
    >>> round(float(hist["perdida"].iloc[0]), 4), round(float(hist["perdida"].iloc[200]), 4)
    (0.6921, 0.2231)
    """
    if not isinstance(modelo, RNN_BPTT):
        raise TypeError(
            f"modelo debe ser un RNN_BPTT; se recibió {type(modelo).__name__}."
        )
    pasos = _v.entero_positivo("pasos", pasos)
    umbral = None if umbral is None else _v.real_positivo("umbral", umbral)
    X = validar_secuencia_rnn(X, modelo.input_size)
    c = validar_clases_rnn(y_true, modelo.output_size, X[0].shape[1])
    filas = []
    for paso in range(pasos):
        try:
            perdida, _ = modelo._step(X, c)
        except FloatingPointError:
            filas.append((paso, float("nan"), modelo.norma_gradiente, False))
            break
        filas.append(
            (paso, perdida, modelo.norma_gradiente, modelo.factor_recorte < 1.0)
        )
        if umbral is not None and perdida <= umbral:
            break
    return pd.DataFrame(filas, columns=["paso", "perdida", "norma", "recortado"])


def barrido_tasa_aprendizaje(
    tasas: Sequence[float], *, pasos: int = 200, umbral: float = 0.01
) -> pd.DataFrame:
    """El experimento de la guía con varias tasas de aprendizaje.

    Parameters
    ----------
    tasas : secuencia de float
        Tasas de aprendizaje de SGD.
    pasos : int
        Actualizaciones por tasa.
    umbral : float
        Pérdida objetivo para contar cuántos pasos hacen falta.

    Returns
    -------
    tabla : pandas.DataFrame
        Índice ``lr``; columnas ``perdida_final`` (tras ``pasos``
        actualizaciones), ``pasos_hasta_umbral`` (``<NA>`` si no se alcanza),
        ``norma_max`` y ``pasos_recortados`` (con el umbral 5 de la guía).
    historiales : dict de float a pandas.DataFrame
        La tabla de :func:`entrenar_bptt` de cada tasa.
    """
    if (
        isinstance(tasas, (str, bytes))
        or not isinstance(tasas, Sequence)
        or len(tasas) == 0
    ):
        raise TypeError(
            f"tasas debe ser una lista no vacía de números; se recibió {tasas!r}."
        )
    pasos = _v.entero_positivo("pasos", pasos)
    filas, historiales = {}, {}
    for lr in tasas:
        lr = _v.real_positivo("lr", lr)
        hist = historiales[lr] = entrenar_bptt(*problema_guia_bptt(lr), pasos=pasos + 1)
        bajo = hist.loc[hist["perdida"] <= umbral, "paso"]
        filas[lr] = {
            "perdida_final": float(hist["perdida"].iloc[-1]),
            "pasos_hasta_umbral": int(bajo.iloc[0]) if len(bajo) else pd.NA,
            "norma_max": float(hist["norma"].max()),
            "pasos_recortados": int(hist["recortado"].sum()),
        }
    tabla = pd.DataFrame.from_dict(filas, orient="index")
    tabla["pasos_hasta_umbral"] = tabla["pasos_hasta_umbral"].astype("Int64")
    tabla.index.name = "lr"
    return tabla, historiales
