"""Parte 3: predicción de series de tiempo con LSTM y GRU.

La serie de la guía es una suma de dos senos más ruido gaussiano. Como el
ruido se conoce, se puede calcular el **piso de ruido**: el error cuadrático
medio del propio ruido sobre los objetivos de prueba. Ningún predictor puede
bajar de ahí en promedio, porque el ruido del instante siguiente es
independiente de la ventana observada. Las cifras de los modelos se
comparan siempre con ese piso y con dos referencias sencillas: la
persistencia (repetir el último valor) y un modelo autorregresivo lineal
ajustado por mínimos cuadrados sobre la misma ventana.

La división en entrenamiento, validación y prueba es **cronológica**: el
modelo nunca ve el futuro de la serie.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import sys

import numpy as np
import torch
from torch import nn

from .. import validacion as _v
from ..datos.series import DatosSeries, a_numpy
from ..entrenamiento import Historial, entrenar, evaluar, predecir
from ..modelos.parametros import contar_parametros
from ..modelos.series import (
    HIPERPARAMETROS_SERIES,
    AutorregresivoLineal,
    crear_predictor_series,
)

__all__ = [
    "mse",
    "mse_piso_ruido",
    "mse_persistencia",
    "entrenar_predictor_series",
    "evaluar_predictor_series",
    "tabla_referencias_series",
    "comparar_gru_lstm",
    "operaciones_por_paso",
]


def mse(prediccion, objetivo) -> float:
    """Error cuadrático medio en ``float64``; las formas deben coincidir.

    Examples
    --------
    >>> mse([1.0, 2.0], [1.0, 4.0])
    2.0
    """
    p = _v.array_finito("prediccion", a_numpy(prediccion), dtype=np.float64)
    o = _v.array_finito("objetivo", a_numpy(objetivo), dtype=np.float64)
    if p.shape != o.shape:
        raise ValueError(
            f"prediccion y objetivo deben tener la misma forma; se recibió {p.shape} y {o.shape}."
        )
    return float(np.mean((p - o) ** 2))


def mse_piso_ruido(datos: DatosSeries, conjunto: str = "prueba") -> float:
    r"""Piso de ruido: el MSE del ruido añadido sobre los objetivos del conjunto.

    .. math:: \text{piso} = \frac{1}{N}\sum_i (y_i - \text{limpia}_i)^2

    Es el error del predictor ideal que conoce la señal limpia; como el ruido
    futuro es independiente de la ventana, ningún predictor lo mejora en
    promedio. Su esperanza es :math:`\sigma^2`.
    """
    _v.opcion("conjunto", conjunto, ("entrenamiento", "validacion", "prueba"))
    return mse(datos.y[conjunto].double(), datos.limpia[conjunto])


def mse_persistencia(X, y) -> float:
    """MSE de la persistencia: predecir que el siguiente valor repite el último.

    Parameters
    ----------
    X : Tensor o ndarray de forma (N, T) o (N, T, 1)
    y : Tensor o ndarray de forma (N, 1)
    """
    X = np.asarray(a_numpy(X), dtype=np.float64)
    if X.ndim == 3:
        X = X[..., 0]
    X = _v.array_finito("X", X, ndim=2)
    y = _v.array_finito(
        "y", np.asarray(a_numpy(y), dtype=np.float64), forma=(X.shape[0], 1)
    )
    return mse(X[:, -1:], y)


def entrenar_predictor_series(
    modelo: nn.Module,
    datos: DatosSeries,
    *,
    epocas: int | None = None,
    lr: float | None = None,
    semilla: int = 0,
    dispositivo="auto",
    progreso: bool | None = False,
) -> Historial:
    """Protocolo del libro para las series: Adam + coseno, recorte 1.0, mejor época en validación.

    Lotes de 64 y recorte a norma 1, como la guía; la tasa de aprendizaje
    empieza en ``2e-2`` (la guía usa ``1e-3`` fija durante 30 épocas) y baja
    hasta 0 con un coseno a lo largo de ``epocas`` (12). Se conservan los
    pesos con menor MSE de validación.

    Returns
    -------
    Historial
    """
    h = HIPERPARAMETROS_SERIES
    epocas = h["epocas"] if epocas is None else _v.entero_positivo("epocas", epocas)
    lr = h["lr"] if lr is None else _v.real_positivo("lr", lr)
    return entrenar(
        modelo,
        datos.par("entrenamiento"),
        datos.par("validacion"),
        perdida=nn.MSELoss(),
        epocas=epocas,
        tam_lote=h["tam_lote"],
        lr=lr,
        recorte_gradiente=h["recorte_gradiente"],
        planificador=lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(
            o, T_max=epocas
        ),
        dispositivo=dispositivo,
        semilla=semilla,
        progreso=progreso,
    )


def evaluar_predictor_series(
    modelo: nn.Module, datos: DatosSeries, *, dispositivo="auto"
) -> dict:
    """MSE de validación y de prueba del modelo, junto al piso de ruido.

    Returns
    -------
    dict
        ``val_mse``, ``test_mse``, ``piso_ruido_mse`` (prueba),
        ``piso_ruido_val_mse``, ``razon_piso`` (= test / piso) y
        ``prediccion_prueba`` (ndarray de forma (N, K)).
    """
    r_val = evaluar(
        modelo, datos.par("validacion"), perdida=nn.MSELoss(), dispositivo=dispositivo
    )
    pred = predecir(modelo, datos.X["prueba"], dispositivo=dispositivo).numpy()
    test = mse(pred, datos.y["prueba"])
    piso = mse_piso_ruido(datos, "prueba")
    return {
        "val_mse": r_val["perdida"],
        "test_mse": test,
        "piso_ruido_mse": piso,
        "piso_ruido_val_mse": mse_piso_ruido(datos, "validacion"),
        "razon_piso": test / piso,
        "prediccion_prueba": pred,
    }


def tabla_referencias_series(datos: DatosSeries, modelos: dict | None = None):
    """MSE de prueba de las referencias (y de los modelos dados) frente al piso de ruido.

    Parameters
    ----------
    datos : DatosSeries
    modelos : dict nombre → float, opcional
        MSE de prueba de otros modelos (p. ej. ``{"LSTM": 0.0102}``).

    Returns
    -------
    pandas.DataFrame
        Índice ``predictor``; columnas ``MSE de prueba`` y ``× piso de ruido``.
    """
    import pandas as pd

    ar = AutorregresivoLineal(datos.ventana).ajustar(*datos.par("entrenamiento"))
    Xp, yp = datos.par("prueba")
    filas = {
        "piso de ruido (señal limpia)": mse_piso_ruido(datos),
        "persistencia (último valor)": mse_persistencia(Xp, yp),
        f"autorregresivo lineal ({datos.ventana} retardos)": mse(ar.predecir(Xp), yp),
    }
    filas.update(modelos or {})
    piso = filas["piso de ruido (señal limpia)"]
    tabla = pd.DataFrame(
        {
            "MSE de prueba": filas,
            "× piso de ruido": {k: v / piso for k, v in filas.items()},
        }
    )
    return tabla.rename_axis("predictor")


def comparar_gru_lstm(
    datos: DatosSeries,
    *,
    epocas: int | None = None,
    semilla: int = 0,
    dispositivo="auto",
    progreso: bool | None = False,
) -> dict:
    """Entrena LSTM y GRU con el mismo protocolo y los mismos datos.

    Returns
    -------
    dict
        ``{"LSTM": {...}, "GRU": {...}}`` con ``modelo``, ``historial``,
        ``parametros``, ``segundos_por_epoca`` (mediana de las épocas),
        ``val_mse``, ``test_mse`` y ``razon_piso``.
    """
    resultados = {}
    for tipo in ("LSTM", "GRU"):
        modelo = crear_predictor_series(tipo, semilla)
        h = entrenar_predictor_series(
            modelo,
            datos,
            epocas=epocas,
            semilla=semilla,
            dispositivo=dispositivo,
            progreso=progreso,
        )
        ev = evaluar_predictor_series(modelo, datos, dispositivo=dispositivo)
        resultados[tipo] = {
            "modelo": modelo,
            "historial": h,
            "parametros": contar_parametros(modelo),
            "segundos_por_epoca": statistics.median(h.columna("segundos")),
            **ev,
        }
    return resultados


def operaciones_por_paso(modelo: nn.Module, X: torch.Tensor, y: torch.Tensor) -> dict:
    """Perfila un paso de entrenamiento (*forward* + *backward*) con ``torch.profiler``.

    Sirve para ver **cómo** ejecuta PyTorch una capa recurrente: en CPU, la
    LSTM usa un núcleo fusionado de oneDNN (una operación por capa y
    sentido), mientras que otras capas se descomponen en muchas operaciones
    pequeñas por paso de tiempo.

    Parameters
    ----------
    modelo : torch.nn.Module
    X : Tensor de forma (N, T, D)
    y : Tensor de forma (N, K)

    Returns
    -------
    dict
        ``llamadas`` (número total de operaciones ``aten::`` ejecutadas),
        ``distintas`` (cuántas operaciones diferentes) y ``principales``
        (``pandas.DataFrame`` con las cinco de más tiempo propio: nombre,
        llamadas y milisegundos).
    """
    import pandas as pd
    from torch.profiler import ProfilerActivity, profile

    _ = _validar_modelo_series(modelo)
    dispositivo = next(modelo.parameters()).device
    X, y = X.to(dispositivo), y.to(dispositivo)
    modelo.train()
    nn.functional.mse_loss(modelo(X), y).backward()  # calentamiento
    modelo.zero_grad(set_to_none=True)
    actividades = [ProfilerActivity.CPU] + (
        [ProfilerActivity.CUDA] if dispositivo.type == "cuda" else []
    )
    with _sin_avisos_de_cpp(), profile(activities=actividades) as prof:
        nn.functional.mse_loss(modelo(X), y).backward()
    modelo.zero_grad(set_to_none=True)
    ops = [e for e in prof.key_averages() if e.key.startswith("aten::")]
    principales = sorted(ops, key=lambda e: e.self_cpu_time_total, reverse=True)[:5]
    tabla = pd.DataFrame(
        {
            "operación": [e.key for e in principales],
            "llamadas": [e.count for e in principales],
            "ms (tiempo propio)": [e.self_cpu_time_total / 1000 for e in principales],
        }
    )
    return {
        "llamadas": int(sum(e.count for e in ops)),
        "distintas": len(ops),
        "principales": tabla,
    }


@contextlib.contextmanager
def _sin_avisos_de_cpp():
    """Silencia el descriptor 2 (stderr de C++) mientras dura el bloque.

    El perfilador de PyTorch (Kineto) escribe líneas de traza directamente en
    el descriptor 2 al empezar y al terminar, fuera del control de Python.
    """
    try:
        sys.stderr.flush()
        copia = os.dup(2)
    except (
        OSError,
        AttributeError,
        ValueError,
    ):  # sin descriptor 2: nada que silenciar
        yield
        return
    nulo = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(nulo, 2)
        yield
    finally:
        os.dup2(copia, 2)
        os.close(copia)
        os.close(nulo)


def _validar_modelo_series(modelo):
    if not isinstance(modelo, nn.Module):
        raise TypeError(
            f"modelo debe ser un torch.nn.Module; se recibió {type(modelo).__name__}."
        )
    return modelo
