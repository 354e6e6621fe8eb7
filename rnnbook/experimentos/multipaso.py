r"""Ejercicio B3: predicción a varios pasos (directa y recursiva) y una serie real.

Para predecir los K valores siguientes de una serie hay dos estrategias:

* **directa**: un único modelo con K salidas, :math:`(\hat y_{t+1}, \dots,
  \hat y_{t+K}) = f(x_{t-T+1}, \dots, x_t)`;
* **recursiva**: el modelo de un paso se aplica K veces y cada predicción
  entra en la ventana siguiente en lugar del valor observado, que aún no se
  conoce (:func:`prediccion_recursiva`).

El error se mide **por paso del horizonte** (:func:`mse_por_paso`) y se
compara, paso a paso, con referencias que no aprenden nada: la persistencia y
la ingenua estacional (:func:`prediccion_ingenua`) y, en la serie sintética,
el piso de ruido de cada paso (:func:`piso_ruido_por_paso`).

La serie real es la temperatura superficial del mar en la región Niño 1+2
(NOAA), que ``statsmodels`` trae dentro del paquete
(:func:`cargar_serie_elnino`); se estandariza con las estadísticas del
entrenamiento y se divide cronológicamente (:func:`preparar_serie_real`).
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from .. import validacion as _v
from ..datos.elnino import CONJUNTOS
from ..datos.series import a_numpy
from ..entorno import fijar_semilla
from ..entrenamiento import Historial, entrenar, predecir
from ..experimentos.series import mse
from ..modelos.series import HIPERPARAMETROS_SERIES, LSTMSeriesPredictor

__all__ = [
    "HIPERPARAMETROS_MULTIPASO",
    "prediccion_recursiva",
    "prediccion_ingenua",
    "mse_por_paso",
    "piso_ruido_por_paso",
    "tabla_mse_por_paso",
    "entrenar_directa_y_recursiva",
    "comparar_directa_recursiva",
]

#: Configuración del ejemplo B3: la serie sintética de la Parte 3 y la serie de El Niño.
#: Los modelos son más pequeños que el de la §3.2 (una capa de 32) para que el
#: ejemplo entero quepa en unos 20 s de CPU; el protocolo (Adam, coseno,
#: recorte a norma 1, mejor época en validación) es el mismo.
HIPERPARAMETROS_MULTIPASO = {
    "sintetica": {
        "ventana": 30,
        "horizonte": 5,
        "hidden_size": 32,
        "num_layers": 1,
        "epocas": 12,
        "lr": 2e-2,
        "tam_lote": 64,
    },
    "elnino": {
        "ventana": 24,
        "horizonte": 5,
        "periodo": 12,
        "hidden_size": 32,
        "num_layers": 1,
        "epocas": 20,
        "lr": 2e-2,
        "tam_lote": 32,
        "semillas": (0, 1, 2),
    },
}


# -------------------------------------------------------------------------- predicción
def _ventanas_univariantes(nombre: str, X) -> np.ndarray:
    """(N, T) o (N, T, 1), Tensor o array → ndarray (N, T) en float64."""
    if isinstance(X, (str, bytes)) or X is None:
        raise TypeError(
            f"{nombre} debe ser un Tensor o array de forma (N, T, 1); se recibió {type(X).__name__}."
        )
    X = np.asarray(a_numpy(X))
    if X.ndim == 3:
        if X.shape[-1] != 1:
            raise ValueError(
                f"{nombre} debe ser univariante, de forma (N, T, 1); se recibió forma {X.shape}."
            )
        X = X[..., 0]
    return _v.array_finito(nombre, X, ndim=2, dtype=np.float64)


def _predecir_un_paso(modelo, ventana: np.ndarray, dispositivo) -> np.ndarray:
    """Un paso del modelo sobre ventanas (N, T): ndarray (N, ?) en float64."""
    if isinstance(modelo, nn.Module):
        x = torch.from_numpy(ventana).float().unsqueeze(-1)  # (N, T, 1)
        return predecir(modelo, x, dispositivo=dispositivo).double().numpy()
    return np.asarray(a_numpy(modelo.predecir(ventana)), dtype=np.float64)


def prediccion_recursiva(modelo, X, pasos: int, *, dispositivo="auto") -> np.ndarray:
    r"""Predicción a ``pasos`` pasos realimentando un modelo de un paso.

    En cada paso la ventana se desplaza una posición: se descarta su valor más
    antiguo y se añade al final la predicción recién hecha,

    .. math:: \hat y_{t+k} = g(x_{t-T+k}, \dots, x_t,\ \hat y_{t+1}, \dots, \hat y_{t+k-1}).

    Parameters
    ----------
    modelo : torch.nn.Module o objeto con método ``predecir``
        Modelo de un paso: ventanas de forma (N, T, 1) → salida de forma
        (N, 1). Un ``nn.Module`` se evalúa con :func:`rnnbook.predecir`
        (modo ``eval()``, sin gradientes); cualquier otro objeto, como
        :class:`rnnbook.modelos.AutorregresivoLineal`, con ``modelo.predecir(ventanas)``
        sobre ventanas de forma (N, T).
    X : Tensor o ndarray de forma (N, T, 1) o (N, T)
        Ventanas observadas.
    pasos : int
        Horizonte K.
    dispositivo : {"auto", "cpu", "cuda"} o torch.device
        Solo para un ``nn.Module``.

    Returns
    -------
    ndarray de forma (N, K), float64
        La columna k − 1 es la predicción a k pasos.

    Raises
    ------
    TypeError
        Si ``modelo`` no es un ``nn.Module`` ni tiene método ``predecir``.
    ValueError
        Si ``X`` no es univariante o el modelo no devuelve una salida (N, 1).

    Examples
    --------
    Un modelo que repite el último valor (persistencia) lo repite K veces:

    >>> class Ultimo(nn.Module):
    ...     def forward(self, x):
    ...         return x[:, -1, :]
    >>> prediccion_recursiva(Ultimo(), torch.tensor([[[1.0], [2.0]]]), 3, dispositivo="cpu")
    array([[2., 2., 2.]])
    """
    if not isinstance(modelo, nn.Module) and not callable(
        getattr(modelo, "predecir", None)
    ):
        raise TypeError(
            "modelo debe ser un torch.nn.Module o un objeto con método predecir(X); "
            f"se recibió {type(modelo).__name__}."
        )
    pasos = _v.entero_positivo("pasos", pasos)
    ventana = _ventanas_univariantes("X", X)  # (N, T)
    n = ventana.shape[0]
    salidas = np.empty((n, pasos))  # (N, K)
    for k in range(pasos):
        p = _predecir_un_paso(modelo, ventana, dispositivo)  # (N, 1)
        if p.shape != (n, 1):
            raise ValueError(
                "El modelo debe predecir un solo paso, con salida de forma "
                f"({n}, 1); devolvió forma {p.shape}."
            )
        salidas[:, k] = p[:, 0]
        ventana = np.concatenate(
            [ventana[:, 1:], p], axis=1
        )  # (N, T): fuera el más antiguo, dentro ŷ
    return salidas


def prediccion_ingenua(X, pasos: int, periodo: int = 1) -> np.ndarray:
    r"""Referencia ingenua: repetir el valor observado un periodo antes.

    Para el paso k del horizonte se copia el último valor observado que cae
    en la misma fase del ciclo,

    .. math:: \hat y_{t+k} = x_{t+k-m\,\lceil k/m \rceil},

    con :math:`m` = ``periodo``. Con ``periodo=1`` es la **persistencia**
    (todos los pasos repiten :math:`x_t`); con ``periodo=12`` en una serie
    mensual es la **ingenua estacional** (el mismo mes del año anterior).

    Parameters
    ----------
    X : Tensor o ndarray de forma (N, T, 1) o (N, T)
        Ventanas observadas; hace falta :math:`T \ge m\,\lceil K/m \rceil`.
    pasos : int
        Horizonte K.
    periodo : int
        Periodo m en pasos.

    Returns
    -------
    ndarray de forma (N, K), float64

    Examples
    --------
    >>> X = np.array([[1.0, 2.0, 3.0, 4.0]])
    >>> prediccion_ingenua(X, 3)
    array([[4., 4., 4.]])
    >>> prediccion_ingenua(X, 3, periodo=2)
    array([[3., 4., 3.]])
    """
    X = _ventanas_univariantes("X", X)  # (N, T)
    pasos = _v.entero_positivo("pasos", pasos)
    periodo = _v.entero_positivo("periodo", periodo)
    T = X.shape[1]
    necesario = periodo * math.ceil(pasos / periodo)
    if necesario > T:
        raise ValueError(
            f"La ventana es demasiado corta: con periodo={periodo} y pasos={pasos} hacen falta "
            f"al menos {necesario} valores observados y X tiene T={T}."
        )
    k = np.arange(1, pasos + 1)  # pasos del horizonte
    indices = T - 1 + k - periodo * np.ceil(k / periodo).astype(int)  # (K,)
    return X[:, indices].copy()


# ---------------------------------------------------------------------------- métricas
def mse_por_paso(prediccion, objetivo) -> np.ndarray:
    """MSE de cada paso del horizonte (cada columna por separado).

    Parameters
    ----------
    prediccion, objetivo : Tensor o ndarray de forma (N, K)

    Returns
    -------
    ndarray de forma (K,), float64
        Su media es el MSE global, :func:`rnnbook.experimentos.mse`.

    Examples
    --------
    >>> mse_por_paso([[0.0, 0.0], [0.0, 0.0]], [[1.0, 2.0], [1.0, 4.0]])
    array([ 1., 10.])
    """
    p = _v.array_finito("prediccion", a_numpy(prediccion), ndim=2, dtype=np.float64)
    o = _v.array_finito("objetivo", a_numpy(objetivo), ndim=2, dtype=np.float64)
    if p.shape != o.shape:
        raise ValueError(
            f"prediccion y objetivo deben tener la misma forma (N, K); se recibió {p.shape} y {o.shape}."
        )
    return np.array([mse(p[:, k], o[:, k]) for k in range(p.shape[1])])


def piso_ruido_por_paso(datos, conjunto: str = "prueba") -> np.ndarray:
    r"""Piso de ruido de cada paso del horizonte en la serie sintética.

    Para el paso k es el MSE del ruido añadido a los objetivos de ese paso,
    :math:`\frac1N \sum_i (y_{i,k} - \text{limpia}_{i,k})^2`. La señal limpia
    es determinista (dos senos), así que un predictor ideal la conoce a
    cualquier distancia y el piso **no crece con k**: su esperanza es
    :math:`\sigma^2` en todos los pasos. :func:`rnnbook.experimentos.mse_piso_ruido` con
    ``horizonte > 1`` devuelve la media de estos K valores.

    Parameters
    ----------
    datos : DatosSeries
        De :func:`rnnbook.datos.preparar_datos_series`.
    conjunto : {"entrenamiento", "validacion", "prueba"}

    Returns
    -------
    ndarray de forma (K,)
    """
    _v.opcion("conjunto", conjunto, CONJUNTOS)
    return mse_por_paso(datos.y[conjunto], datos.limpia[conjunto])


def tabla_mse_por_paso(
    predicciones: dict,
    objetivo,
    *,
    escala: float = 1.0,
    referencias: dict | None = None,
):
    """Tabla del MSE por paso del horizonte, una fila por predictor.

    Parameters
    ----------
    predicciones : dict nombre → array de forma (N, K)
    objetivo : Tensor o ndarray de forma (N, K)
    escala : float
        Factor por el que se multiplica cada MSE; p. ej. la varianza de
        entrenamiento para pasar de datos estandarizados a unidades
        originales al cuadrado.
    referencias : dict nombre → array de forma (K,), opcional
        Filas ya calculadas (p. ej. el piso de ruido); van primero y no se
        escalan.

    Returns
    -------
    pandas.DataFrame
        Índice ``predictor``; columnas 1, …, K (``paso del horizonte``).

    Examples
    --------
    >>> y = np.ones((4, 2))
    >>> tabla_mse_por_paso({"cero": np.zeros((4, 2))}, y).to_numpy()
    array([[1., 1.]])
    """
    import pandas as pd

    if not isinstance(predicciones, dict) or not predicciones:
        raise TypeError(
            "predicciones debe ser un dict no vacío nombre → array de forma (N, K)."
        )
    escala = _v.real_positivo("escala", escala)
    filas = {}
    for nombre, ref in (referencias or {}).items():
        filas[nombre] = _v.array_finito(
            f"referencias[{nombre!r}]", ref, ndim=1, dtype=np.float64
        )
    for nombre, p in predicciones.items():
        filas[nombre] = escala * mse_por_paso(p, objetivo)
    K = {f.shape[0] for f in filas.values()}
    if len(K) != 1:
        raise ValueError(
            f"Todas las filas deben tener el mismo horizonte K; se recibieron {sorted(K)}."
        )
    columnas = pd.Index(range(1, K.pop() + 1), name="paso del horizonte")
    return pd.DataFrame.from_dict(filas, orient="index", columns=columnas).rename_axis(
        "predictor"
    )


# --------------------------------------------------------------------------- modelos
def _par(nombre: str, datos) -> tuple[torch.Tensor, torch.Tensor]:
    if not isinstance(datos, (tuple, list)) or len(datos) != 2:
        raise TypeError(f"{nombre} debe ser una tupla (X, y) de tensores.")
    X, y = datos
    if not isinstance(X, torch.Tensor) or X.ndim != 3 or X.shape[-1] != 1:
        raise ValueError(
            f"{nombre}: X debe ser un Tensor de forma (N, T, 1); se recibió "
            f"{tuple(X.shape) if isinstance(X, torch.Tensor) else type(X).__name__}."
        )
    if not isinstance(y, torch.Tensor) or y.ndim != 2 or y.shape[0] != X.shape[0]:
        raise ValueError(
            f"{nombre}: y debe ser un Tensor de forma ({X.shape[0]}, K); se recibió "
            f"{tuple(y.shape) if isinstance(y, torch.Tensor) else type(y).__name__}."
        )
    return X, y


def entrenar_directa_y_recursiva(
    entrenamiento,
    validacion,
    *,
    hidden_size: int = 32,
    num_layers: int = 1,
    epocas: int = 12,
    lr: float = 2e-2,
    tam_lote: int = 64,
    semilla: int = 0,
    dispositivo="auto",
    progreso: bool | None = False,
) -> dict:
    """Entrena los dos modelos de la comparación con el mismo protocolo.

    * ``"directa"``: :class:`rnnbook.LSTMSeriesPredictor` con
      ``output_size=K``, entrenado con los objetivos (N, K).
    * ``"un_paso"``: la misma arquitectura con ``output_size=1``, entrenada
      solo con la primera columna de los objetivos. Es el modelo de un paso
      que :func:`prediccion_recursiva` realimenta.

    Los dos ven exactamente las mismas ventanas. El protocolo es el de la
    §3.2 (:func:`rnnbook.experimentos.entrenar_predictor_series`): MSE, Adam con tasa que
    baja en coseno hasta 0, recorte del gradiente a norma 1 y pesos de la
    época con menor MSE de validación; sin *dropout*.

    Parameters
    ----------
    entrenamiento, validacion : tuple (X, y)
        ``X`` Tensor de forma (N, T, 1) e ``y`` Tensor de forma (N, K).
    hidden_size, num_layers : int
    epocas : int
    lr : float
        Tasa de aprendizaje inicial.
    tam_lote : int
    semilla : int
        Inicia los pesos (la misma para los dos modelos) y el barajado.
    dispositivo : {"auto", "cpu", "cuda"} o torch.device
    progreso : bool, opcional

    Returns
    -------
    dict
        ``{"directa": {"modelo", "historial"}, "un_paso": {"modelo", "historial"}}``.
    """
    Xe, ye = _par("entrenamiento", entrenamiento)
    Xv, yv = _par("validacion", validacion)
    if yv.shape[1] != ye.shape[1]:
        raise ValueError(
            f"El horizonte de validación ({yv.shape[1]}) no coincide con el de entrenamiento "
            f"({ye.shape[1]})."
        )
    epocas = _v.entero_positivo("epocas", epocas)
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    resultado = {}
    for nombre, K in (("directa", ye.shape[1]), ("un_paso", 1)):
        fijar_semilla(semilla)
        modelo = LSTMSeriesPredictor(
            hidden_size=hidden_size, num_layers=num_layers, dropout=0.0, output_size=K
        )
        historial: Historial = entrenar(
            modelo,
            (Xe, ye[:, :K]),
            (Xv, yv[:, :K]),
            perdida=nn.MSELoss(),
            epocas=epocas,
            tam_lote=tam_lote,
            lr=lr,
            recorte_gradiente=HIPERPARAMETROS_SERIES["recorte_gradiente"],
            planificador=lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(
                o, T_max=epocas
            ),
            dispositivo=dispositivo,
            semilla=semilla,
            progreso=progreso,
        )
        resultado[nombre] = {"modelo": modelo, "historial": historial}
    return resultado


def comparar_directa_recursiva(
    entrenamiento,
    validacion,
    prueba,
    *,
    semillas=(0,),
    escala: float = 1.0,
    dispositivo="auto",
    **hiperparametros,
) -> dict:
    """MSE por paso de la estrategia directa y de la recursiva, con una o varias semillas.

    Para cada semilla entrena los dos modelos con
    :func:`entrenar_directa_y_recursiva`, predice la prueba con el directo
    (:func:`rnnbook.predecir`) y con el de un paso realimentado
    (:func:`prediccion_recursiva`) y mide el MSE por paso
    (:func:`tabla_mse_por_paso`).

    Parameters
    ----------
    entrenamiento, validacion, prueba : tuple (X, y)
        ``X`` Tensor de forma (N, T, 1) e ``y`` Tensor de forma (N, K).
    semillas : sequence of int
        Una tanda de entrenamiento por semilla.
    escala : float
        Factor de los MSE (p. ej. la varianza de entrenamiento).
    dispositivo : {"auto", "cpu", "cuda"} o torch.device
    **hiperparametros
        ``hidden_size``, ``num_layers``, ``epocas``, ``lr``, ``tam_lote``,
        como en :func:`entrenar_directa_y_recursiva`.

    Returns
    -------
    dict
        ``media`` y ``desviacion`` (``pandas.DataFrame`` con filas
        ``"LSTM, directa"`` y ``"LSTM, recursiva"`` y columnas 1…K; la
        desviación típica muestral entre semillas, ``NaN`` con una sola),
        ``tablas`` (una por semilla), ``predicciones`` (por semilla, dict
        nombre → ndarray de forma (N, K)) y ``modelos`` (por semilla, lo que
        devuelve :func:`entrenar_directa_y_recursiva`).
    """
    import pandas as pd

    Xp, yp = _par("prueba", prueba)
    if isinstance(semillas, (str, bytes)) or not hasattr(semillas, "__iter__"):
        raise TypeError(
            f"semillas debe ser una secuencia de enteros; se recibió {type(semillas).__name__}."
        )
    semillas = [_v.entero_positivo("semilla", s, minimo=0) for s in semillas]
    if not semillas:
        raise ValueError("semillas no puede estar vacía.")
    tablas, predicciones, modelos = [], [], []
    for semilla in semillas:
        m = entrenar_directa_y_recursiva(
            entrenamiento,
            validacion,
            semilla=semilla,
            dispositivo=dispositivo,
            **hiperparametros,
        )
        p = {
            "LSTM, directa": predecir(
                m["directa"]["modelo"], Xp, dispositivo=dispositivo
            )
            .double()
            .numpy(),
            "LSTM, recursiva": prediccion_recursiva(
                m["un_paso"]["modelo"], Xp, yp.shape[1], dispositivo=dispositivo
            ),
        }
        tablas.append(tabla_mse_por_paso(p, yp, escala=escala))
        predicciones.append(p)
        modelos.append(m)
    todas = pd.concat(tablas)
    orden = list(tablas[0].index)
    return {
        "media": todas.groupby(level=0).mean().loc[orden],
        "desviacion": todas.groupby(level=0).std().loc[orden],
        "tablas": tablas,
        "predicciones": predicciones,
        "modelos": modelos,
    }
