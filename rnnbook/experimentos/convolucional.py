"""Ejercicio I2: clasificador de texto con convolución 1D frente a la LSTM.

* :class:`ClasificadorConv1d` es la red convolucional para texto (Embedding →
  Conv1d → ReLU → *max-pooling* global en el tiempo → Dropout → Linear), con
  uno o varios tamaños de núcleo en paralelo.
* :func:`campo_receptivo` dice cuántas palabras seguidas ve cada salida de la
  convolución: lo que no quepa en esa ventana, la red no lo puede relacionar.
* :func:`resoluble_con_ventana` marca las secuencias de
  :class:`~rnnbook.datos.SentimientoNegacionDataset` cuya clase se puede decidir
  mirando solo ventanas de ``ancho`` palabras seguidas.
* :func:`medir_clasificador` entrena con el protocolo de la Parte 3
  (:func:`rnnbook.experimentos.entrenar_sentimiento`) y devuelve exactitud de prueba,
  parámetros y segundos por época: la misma vara para los dos modelos.
"""

from __future__ import annotations

import statistics

import torch
from torch import nn

from .. import validacion as _v
from ..datos.sentimiento import SentimientoNegacionDataset
from ..entrenamiento import evaluar, exactitud
from ..experimentos.sentimiento import como_par, entrenar_sentimiento
from ..modelos.parametros import contar_parametros

__all__ = [
    "resoluble_con_ventana",
    "medir_clasificador",
    "techo_con_ventana",
    "tabla_clasificadores",
]


def resoluble_con_ventana(
    datos: SentimientoNegacionDataset, ancho: int
) -> torch.Tensor:
    """Secuencias cuya clase se decide con una ventana de ``ancho`` palabras seguidas.

    En :class:`rnnbook.datos.SentimientoNegacionDataset` con distancia ``d``, el
    «no» está en ``a = p - d``, la palabra negada en ``p`` y la otra palabra
    de sentimiento en ``q``, fuera de ``[a, p]``. Una ventana de ``ancho``
    palabras decide la clase si contiene:

    * el «no» y la palabra negada (``d <= ancho - 1``): la regla misma;
    * el «no» y la otra palabra (``|q - a| <= ancho - 1``): si la otra es
      ``bueno`` la negada es ``malo``, y al revés;
    * las dos palabras de sentimiento (``|q - p| <= ancho - 1``): como la
      otra nunca cae entre el «no» y la negada, si ``d > 1`` la primera de
      las dos es siempre la negada.

    Las dos últimas son atajos del generador, no la regla. En las demás
    secuencias ninguna ventana contiene dos de las tres palabras clave (el
    «no» y las dos de sentimiento), y una ventana con una sola, rodeada de
    palabras neutras al azar, no dice si esa palabra es la negada: un modelo
    que solo vea ventanas de ``ancho`` palabras acierta como mucho
    ``0.5 + 0.5 * resoluble_con_ventana(datos, ancho).float().mean()``.
    No se cuenta la información de los bordes: con relleno, una ventana que
    toca el principio de la secuencia sabe que una palabra de sentimiento en
    las primeras ``d`` posiciones no puede ser la negada.

    Parameters
    ----------
    datos : SentimientoNegacionDataset
    ancho : int
        Palabras seguidas de la ventana (el campo receptivo).

    Returns
    -------
    Tensor de forma (N,), bool

    Examples
    --------
    >>> ds = SentimientoNegacionDataset(n_samples=200, seed=0, distancia=8)
    >>> bool(resoluble_con_ventana(ds, 9).all()), bool(resoluble_con_ventana(ds, 3).all())
    (True, False)
    """
    if not isinstance(datos, SentimientoNegacionDataset):
        raise TypeError(
            f"datos debe ser un SentimientoNegacionDataset; se recibió {type(datos).__name__}."
        )
    ancho = _v.entero_positivo("ancho", ancho)
    p, q = datos.posicion_negada, datos.posicion_otra  # (N,), (N,)
    a = p - datos.distancia  # posición del «no»
    alcance = ancho - 1
    if datos.distancia <= alcance:
        return torch.ones_like(p, dtype=torch.bool)
    return ((q - a).abs() <= alcance) | ((q - p).abs() <= alcance)


def medir_clasificador(
    modelo: nn.Module,
    entrenamiento,
    validacion,
    prueba,
    *,
    epocas: int,
    lr: float,
    semilla: int = 0,
    dispositivo="auto",
) -> dict:
    """Entrena con :func:`rnnbook.experimentos.entrenar_sentimiento` y mide lo que compara el ejercicio I2.

    Parameters
    ----------
    modelo : torch.nn.Module
        Recibe índices (N, T) y devuelve logits (N, C).
    entrenamiento, validacion, prueba : Dataset con ``tensores()`` o tuple (X, y)
    epocas : int
    lr : float
    semilla : int
    dispositivo : {"auto", "cpu", "cuda"} o torch.device

    Returns
    -------
    dict
        ``exactitud`` (prueba, en [0, 1], con los pesos de la mejor época de
        validación), ``parametros``, ``segundos_epoca`` (mediana de la columna
        ``segundos`` del historial: entrenamiento más validación de una
        época) e ``historial``.

    Examples
    --------
    >>> from rnnbook.datos import datos_sentimiento
    >>> ent, val, prueba = datos_sentimiento(max_len=5)
    >>> r = medir_clasificador(ClasificadorConv1d(1000, 4, 2, num_filtros=4), ent, val, prueba,
    ...                        epocas=1, lr=1e-2, dispositivo="cpu")
    >>> sorted(r), 0.0 <= r["exactitud"] <= 1.0
    (['exactitud', 'historial', 'parametros', 'segundos_epoca'], True)
    """
    historial = entrenar_sentimiento(
        modelo,
        entrenamiento,
        validacion,
        epocas=epocas,
        lr=lr,
        semilla=semilla,
        dispositivo=dispositivo,
    )
    res = evaluar(
        modelo,
        como_par(prueba),
        metricas={"exactitud": exactitud},
        dispositivo=dispositivo,
    )
    return {
        "exactitud": res["exactitud"],
        "parametros": contar_parametros(modelo),
        "segundos_epoca": statistics.median(historial.columna("segundos")),
        "historial": historial,
    }


def techo_con_ventana(datos: SentimientoNegacionDataset, ancho: int) -> float:
    """Exactitud máxima de un modelo que solo mira ventanas de ``ancho`` palabras seguidas.

    Acierta las secuencias que :func:`resoluble_con_ventana` marca y, en las
    demás, adivina (50 %).

    Parameters
    ----------
    datos : SentimientoNegacionDataset
    ancho : int

    Returns
    -------
    float
        En :math:`[0.5, 1]`.

    Examples
    --------
    >>> ds = SentimientoNegacionDataset(n_samples=200, max_len=12, seed=0, distancia=6)
    >>> techo_con_ventana(ds, 7)
    1.0
    """
    return 0.5 + 0.5 * float(resoluble_con_ventana(datos, ancho).float().mean())


def tabla_clasificadores(resultados: dict, *, umbral: float = 0.95):
    """Tabla de la comparación: parámetros, exactitud, época en que se llega al umbral y s/época.

    Parameters
    ----------
    resultados : dict (datos, modelo) → dict
        Salidas de :func:`medir_clasificador`.
    umbral : float
        Exactitud de validación que marca «ya lo ha aprendido».

    Returns
    -------
    pandas.DataFrame
        Con índice (datos, modelo).
    """
    import pandas as pd

    umbral = _v.real_positivo("umbral", umbral)
    if umbral > 1:
        raise ValueError(f"umbral debe estar en (0, 1]; se recibió {umbral}.")
    filas = []
    for (nombre_datos, nombre_modelo), r in resultados.items():
        val = r["historial"].columna("exactitud_validacion")
        filas.append(
            {
                "datos": nombre_datos,
                "modelo": nombre_modelo,
                "parámetros": r["parametros"],
                "exactitud de prueba (%)": round(100 * r["exactitud"], 1),
                f"1.ª época con validación ≥ {100 * umbral:.0f} %": next(
                    (i + 1 for i, a in enumerate(val) if a >= umbral), "—"
                ),
                "s por época": round(r["segundos_epoca"], 2),
            }
        )
    return pd.DataFrame(filas).set_index(["datos", "modelo"])
