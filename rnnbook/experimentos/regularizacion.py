"""Parte 3: sobreajuste y regularización de una LSTM grande con pocos datos.

El experimento usa la variante con negación de
:class:`rnnbook.datos.SentimientoNegacionDataset`, donde la clase depende del
orden de las palabras, y solo una parte de su conjunto de entrenamiento. El
modelo es el :class:`rnnbook.SentimentLSTM` de la guía (cientos de miles de
parámetros), con el *dropout* como único cambio.

* :func:`datos_regularizacion` recorta el entrenamiento y deja validación y
  prueba completas.
* :func:`entrenar_regularizado` entrena con *dropout*, *weight decay* (AdamW)
  y parada temprana opcionales, mediante :func:`rnnbook.entrenar`.
* :func:`comparar_regularizacion` repite cada configuración con varias
  semillas y tabula entrenamiento, validación y prueba.
* :func:`resumir_regularizacion` promedia las semillas y
  :func:`elegir_por_validacion` escoge una configuración **solo** por
  validación; la prueba no decide nada.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from .. import validacion as _v
from ..datos.sentimiento import datos_negacion
from ..entrenamiento import Historial, entrenar, evaluar, exactitud
from ..modelos.sentimiento import SentimentLSTM, crear_sentiment_lstm

__all__ = [
    "Regularizacion",
    "CONFIGURACIONES_REGULARIZACION",
    "datos_regularizacion",
    "entrenar_regularizado",
    "comparar_regularizacion",
    "resumir_regularizacion",
    "elegir_por_validacion",
]

#: Ejemplos de entrenamiento del libro: bastan para aprender la regla, pero
#: también para memorizarlos.
N_ENTRENAMIENTO = 500
#: Épocas máximas de cada entrenamiento.
EPOCAS_REGULARIZACION = 20
#: Tasa de aprendizaje de AdamW (la misma que en «Cuando el orden importa»).
LR_REGULARIZACION = 3e-3


@dataclass(frozen=True)
class Regularizacion:
    """Una configuración de regularización.

    Parameters
    ----------
    nombre : str
        Etiqueta para tablas y figuras.
    dropout : float
        Probabilidad de *dropout* de :class:`rnnbook.SentimentLSTM`, en ``[0, 1)``.
    weight_decay : float
        Coeficiente de *weight decay* desacoplado de AdamW, ``>= 0``.
    paciencia : int o None
        Parada temprana tras ``paciencia`` épocas sin mejorar la exactitud
        de validación, restaurando los pesos de la mejor época; ``None``
        entrena todas las épocas y se queda con los pesos de la última.

    Examples
    --------
    >>> Regularizacion("dropout 0.3", dropout=0.3)
    Regularizacion(nombre='dropout 0.3', dropout=0.3, weight_decay=0.0, paciencia=None)
    """

    nombre: str
    dropout: float = 0.0
    weight_decay: float = 0.0
    paciencia: int | None = None

    def __post_init__(self):
        if not isinstance(self.nombre, str) or not self.nombre:
            raise TypeError(
                f"nombre debe ser un str no vacío; se recibió {self.nombre!r}."
            )
        object.__setattr__(
            self, "dropout", _v.probabilidad_dropout("dropout", self.dropout)
        )
        object.__setattr__(
            self,
            "weight_decay",
            _v.real_positivo("weight_decay", self.weight_decay, permitir_cero=True),
        )
        if self.paciencia is not None:
            _v.entero_positivo("paciencia", self.paciencia)


#: Las configuraciones que compara el libro.
CONFIGURACIONES_REGULARIZACION = (
    Regularizacion("sin regularización"),
    Regularizacion("dropout 0.3", dropout=0.3),
    Regularizacion("dropout 0.5", dropout=0.5),
    Regularizacion("weight decay 1.0", weight_decay=1.0),
    Regularizacion("parada temprana", paciencia=5),
)


def datos_regularizacion(n_entrenamiento: int = N_ENTRENAMIENTO, *, max_len: int = 20):
    """Pares ``(X, y)`` de entrenamiento (recortado), validación y prueba.

    Son los conjuntos de :func:`rnnbook.datos.datos_negacion` (1000 / 400 /
    1000 secuencias) con el entrenamiento reducido a sus primeros
    ``n_entrenamiento`` ejemplos.

    Parameters
    ----------
    n_entrenamiento : int
        Ejemplos de entrenamiento, entre 1 y 1000.
    max_len : int
        Longitud T de las secuencias.

    Returns
    -------
    tuple of (Tensor de forma (N, T), Tensor de forma (N,))
        ``(entrenamiento, validacion, prueba)``.

    Examples
    --------
    >>> ent, val, prueba = datos_regularizacion(50)
    >>> ent[0].shape, val[0].shape, prueba[0].shape
    (torch.Size([50, 20]), torch.Size([400, 20]), torch.Size([1000, 20]))
    """
    n = _v.entero_positivo("n_entrenamiento", n_entrenamiento, maximo=1000)
    ent, val, prueba = datos_negacion(max_len=max_len)
    return (ent.data[:n], ent.labels[:n]), val.tensores(), prueba.tensores()


def entrenar_regularizado(
    entrenamiento,
    validacion,
    *,
    dropout: float = 0.0,
    weight_decay: float = 0.0,
    paciencia: int | None = None,
    epocas: int = EPOCAS_REGULARIZACION,
    lr: float = LR_REGULARIZACION,
    semilla: int = 0,
    dispositivo="auto",
) -> tuple[SentimentLSTM, Historial]:
    """Entrena un :class:`rnnbook.SentimentLSTM` con la regularización pedida.

    Parameters
    ----------
    entrenamiento, validacion : tuple (Tensor de forma (N, T), Tensor de forma (N,))
    dropout : float
        *Dropout* del modelo: sobre los *embeddings*, entre las dos capas
        LSTM y antes del clasificador.
    weight_decay : float
        *Weight decay* de AdamW.
    paciencia : int o None
        Con un entero, parada temprana cuando la exactitud de validación
        lleva ``paciencia`` épocas sin mejorar, y pesos de su mejor época;
        con ``None``, todas las épocas y los pesos de la última.
    epocas : int
        Épocas máximas.
    lr : float
    semilla : int
        Inicialización de los pesos, barajado y *dropout*.
    dispositivo : {"auto", "cpu", "cuda"}

    Returns
    -------
    modelo : SentimentLSTM
    historial : Historial
        Con pérdida y exactitud por época, en entrenamiento y validación;
        ``mejor_epoca`` es la de mayor exactitud de validación.

    Examples
    --------
    >>> ent, val, _ = datos_regularizacion(40)
    >>> m, h = entrenar_regularizado(ent, val, dropout=0.5, epocas=2, dispositivo="cpu")
    >>> m.dropout.p, m.lstm.dropout, len(h.epocas)
    (0.5, 0.5, 2)
    """
    semilla = _v.semilla("semilla", semilla)
    lr = _v.real_positivo("lr", lr)
    config = Regularizacion("entrenamiento", dropout, weight_decay, paciencia)
    modelo = crear_sentiment_lstm(semilla, dropout=config.dropout)
    historial = entrenar(
        modelo,
        entrenamiento,
        validacion,
        perdida=nn.CrossEntropyLoss(),
        epocas=epocas,
        tam_lote=32,
        optimizador=lambda p: torch.optim.AdamW(
            p, lr=lr, weight_decay=config.weight_decay
        ),
        recorte_gradiente=1.0,  # estabilidad, no regularización
        metricas={"exactitud": exactitud},
        metricas_entrenamiento=True,
        paciencia=config.paciencia,
        monitor="exactitud_validacion",
        modo="max",
        restaurar_mejor=config.paciencia is not None,
        dispositivo=dispositivo,
        semilla=semilla,
    )
    return modelo, historial


def comparar_regularizacion(
    configuraciones=CONFIGURACIONES_REGULARIZACION,
    datos=None,
    *,
    semillas=(0, 1, 2),
    epocas: int = EPOCAS_REGULARIZACION,
    lr: float = LR_REGULARIZACION,
    dispositivo="auto",
):
    """Entrena cada configuración con cada semilla y mide los tres conjuntos.

    Las pérdidas y exactitudes finales se miden con :func:`rnnbook.evaluar`
    (modo ``eval()``, sin *dropout*) sobre el modelo que devuelve el
    entrenamiento: el de la última época o, con parada temprana, el de la
    mejor época de validación.

    Parameters
    ----------
    configuraciones : sequence of Regularizacion
        Nombres distintos.
    datos : tuple o None
        ``(entrenamiento, validacion, prueba)`` como los de
        :func:`datos_regularizacion`; ``None`` usa los del libro.
    semillas : sequence of int
    epocas : int
    lr : float
    dispositivo : {"auto", "cpu", "cuda"}

    Returns
    -------
    tabla : pandas.DataFrame
        Una fila por configuración y semilla, con la época de mayor
        exactitud de validación, las épocas entrenadas, pérdida y exactitud
        (%) en los tres conjuntos y la brecha ``exactitud de entrenamiento −
        exactitud de validación`` en puntos porcentuales.
    historiales : dict (nombre, semilla) → Historial

    Examples
    --------
    >>> datos = datos_regularizacion(40)
    >>> tabla, hs = comparar_regularizacion(
    ...     [Regularizacion("a"), Regularizacion("b", dropout=0.5)], datos,
    ...     semillas=[0], epocas=1, dispositivo="cpu")
    >>> list(tabla["configuración"]), sorted(hs)
    (['a', 'b'], [('a', 0), ('b', 0)])
    """
    import pandas as pd

    configuraciones = list(configuraciones)
    if not configuraciones or not all(
        isinstance(c, Regularizacion) for c in configuraciones
    ):
        raise TypeError(
            "configuraciones debe ser una secuencia no vacía de Regularizacion; "
            f"se recibió {configuraciones!r}."
        )
    nombres = [c.nombre for c in configuraciones]
    if len(set(nombres)) != len(nombres):
        raise ValueError(f"Los nombres de las configuraciones se repiten: {nombres}.")
    semillas = [_v.semilla("semilla", s) for s in semillas]
    if not semillas:
        raise ValueError("semillas no puede estar vacía.")
    ent, val, prueba = datos_regularizacion() if datos is None else datos
    filas, historiales = [], {}
    for c in configuraciones:
        for s in semillas:
            modelo, h = entrenar_regularizado(
                ent, val, dropout=c.dropout, weight_decay=c.weight_decay,
                paciencia=c.paciencia, epocas=epocas, lr=lr, semilla=s,
                dispositivo=dispositivo,
            )  # fmt: skip
            historiales[(c.nombre, s)] = h
            fila = {
                "configuración": c.nombre,
                "semilla": s,
                "mejor época": h.mejor_epoca,
                "épocas": len(h.epocas),
            }
            for conjunto, par in (("ent.", ent), ("val.", val), ("prueba", prueba)):
                r = evaluar(
                    modelo,
                    par,
                    perdida=nn.CrossEntropyLoss(),
                    metricas={"exactitud": exactitud},
                    dispositivo=dispositivo,
                )
                fila[f"pérdida {conjunto}"] = r["perdida"]
                fila[f"exactitud {conjunto} (%)"] = 100 * r["exactitud"]
            fila["brecha (pp)"] = (
                fila["exactitud ent. (%)"] - fila["exactitud val. (%)"]
            )
            filas.append(fila)
    return pd.DataFrame(filas), historiales


def resumir_regularizacion(tabla):
    """Media y desviación típica entre semillas de cada configuración.

    Parameters
    ----------
    tabla : pandas.DataFrame
        La de :func:`comparar_regularizacion`.

    Returns
    -------
    pandas.DataFrame
        Indexado por configuración (en el orden de ``tabla``), con la media
        de cada columna numérica y ``± val.`` / ``± prueba``, la desviación
        típica de las exactitudes de validación y prueba.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"configuración": ["a", "a"], "semilla": [0, 1],
    ...     "exactitud val. (%)": [50.0, 70.0], "exactitud prueba (%)": [40.0, 60.0]})
    >>> resumir_regularizacion(t).loc["a", ["exactitud val. (%)", "± val."]].tolist()
    [60.0, 14.142135623730951]
    """
    columnas = {"configuración", "exactitud val. (%)", "exactitud prueba (%)"}
    if not hasattr(tabla, "columns") or not columnas <= set(tabla.columns):
        raise TypeError(
            "tabla debe ser el DataFrame de comparar_regularizacion, con las "
            f"columnas {sorted(columnas)}."
        )
    grupos = tabla.drop(columns="semilla", errors="ignore").groupby(
        "configuración", sort=False
    )
    resumen = grupos.mean(numeric_only=True)
    desv = grupos[["exactitud val. (%)", "exactitud prueba (%)"]].std()
    resumen["± val."] = desv["exactitud val. (%)"]
    resumen["± prueba"] = desv["exactitud prueba (%)"]
    return resumen


def elegir_por_validacion(resumen) -> str:
    """La configuración con mayor exactitud media de validación.

    La prueba no interviene: su exactitud se informa después, una vez
    elegida la configuración.

    Parameters
    ----------
    resumen : pandas.DataFrame
        El de :func:`resumir_regularizacion`.

    Returns
    -------
    str

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"exactitud val. (%)": [60.0, 90.0],
    ...                   "exactitud prueba (%)": [99.0, 80.0]}, index=["a", "b"])
    >>> elegir_por_validacion(r)
    'b'
    """
    if not hasattr(resumen, "columns") or "exactitud val. (%)" not in resumen.columns:
        raise TypeError(
            "resumen debe ser el DataFrame de resumir_regularizacion, con la "
            "columna 'exactitud val. (%)'."
        )
    return str(resumen["exactitud val. (%)"].idxmax())
