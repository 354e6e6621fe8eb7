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
import json
import os
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from . import _validacion as _v
from .entorno import describir_dispositivo, elegir_dispositivo, fijar_semilla
from .entrenamiento import Historial, entrenar, evaluar, guardar_modelo, predecir
from .graficos import PALETA, guardar_figura, nueva_figura
from .parametros import contar_parametros

__all__ = [
    "SerieSintetica",
    "DatosSeries",
    "HIPERPARAMETROS_SERIES",
    "generar_serie",
    "generar_serie_sinusoide",
    "crear_dataset_ventana",
    "dividir_cronologicamente",
    "preparar_datos_series",
    "mse",
    "mse_piso_ruido",
    "mse_persistencia",
    "AutorregresivoLineal",
    "PredictorSeries",
    "LSTMSeriesPredictor",
    "GRUSeriesPredictor",
    "crear_predictor_series",
    "entrenar_predictor_series",
    "evaluar_predictor_series",
    "tabla_referencias_series",
    "comparar_gru_lstm",
    "operaciones_por_paso",
    "figura_prediccion_series",
    "figura_gru_vs_lstm",
    "ejecutar_series",
    "ejecutar_gru",
]

#: Datos de la guía (§3.2) y protocolo de entrenamiento del libro.
HIPERPARAMETROS_SERIES = {
    "n": 2000,
    "freq": 0.05,
    "ruido": 0.1,
    "semilla_serie": 42,
    "ventana": 30,
    "horizonte": 1,
    "hidden_size": 64,
    "num_layers": 2,
    "dropout": 0.2,
    "tam_lote": 64,
    "lr": 2e-2,
    "epocas": 12,
    "recorte_gradiente": 1.0,
}


# ------------------------------------------------------------------------------ datos
@dataclass
class SerieSintetica:
    """Serie de la guía separada en sus componentes.

    Attributes
    ----------
    t : ndarray de forma (n,)
        Instantes 0, 1, …, n − 1.
    limpia : ndarray de forma (n,), float64
        :math:`\\sin(2\\pi f t) + 0.5 \\sin(6\\pi f t)`.
    ruido : ndarray de forma (n,), float64
        Ruido gaussiano añadido.
    valores : ndarray de forma (n,), float32
        ``limpia + ruido`` en ``float32``, como en la guía.
    """

    t: np.ndarray
    limpia: np.ndarray
    ruido: np.ndarray
    valores: np.ndarray


def generar_serie(n: int = 2000, freq: float = 0.05, ruido: float = 0.1, semilla: int = 42) -> SerieSintetica:
    r"""Serie sinusoidal con ruido de la guía, con su parte limpia y su ruido por separado.

    .. math:: s_t = \sin(2\pi f t) + 0.5\,\sin(2\pi\,3f\,t) + \sigma\,\varepsilon_t,
              \qquad \varepsilon_t \sim \mathcal N(0, 1)

    Usa un ``numpy.random.RandomState`` propio: con la misma semilla da
    exactamente la serie de la guía (que llamaba a ``np.random.seed``) sin
    tocar el estado global.

    Parameters
    ----------
    n : int
        Longitud.
    freq : float
        Frecuencia :math:`f` en ciclos por paso.
    ruido : float
        Desviación típica :math:`\sigma` (puede ser 0).
    semilla : int

    Returns
    -------
    SerieSintetica

    Examples
    --------
    >>> s = generar_serie(n=5, ruido=0.0)
    >>> np.allclose(s.valores, s.limpia), s.valores.dtype
    (True, dtype('float32'))
    """
    n = _v.entero_positivo("n", n, minimo=2)
    freq = _v.real_positivo("freq", freq)
    ruido = _v.real_positivo("ruido", ruido, permitir_cero=True)
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    t = np.arange(n)
    limpia = np.sin(2 * np.pi * freq * t) + 0.5 * np.sin(2 * np.pi * freq * 3 * t)  # (n,)
    e = ruido * np.random.RandomState(semilla).randn(n)  # (n,)
    return SerieSintetica(t=t, limpia=limpia, ruido=e, valores=(limpia + e).astype(np.float32))


def generar_serie_sinusoide(n: int = 1000, freq: float = 0.05, ruido: float = 0.1, seed: int = 42) -> np.ndarray:
    """La función de la guía: solo los valores observados (``float32``).

    Examples
    --------
    >>> generar_serie_sinusoide(n=2000).shape
    (2000,)
    """
    return generar_serie(n, freq, ruido, seed).valores


def crear_dataset_ventana(serie, ventana: int = 20, horizonte: int = 1):
    """Pares (X, y) deslizando una ventana sobre la serie.

    ``X[i] = serie[i : i + ventana]`` y ``y[i] = serie[i + ventana : i + ventana + horizonte]``.

    Parameters
    ----------
    serie : array_like de forma (n,)
    ventana : int
        Longitud T de la ventana observada.
    horizonte : int
        Número K de valores futuros a predecir.

    Returns
    -------
    X : ndarray de forma (N, T)
    y : ndarray de forma (N, K)
        Con N = n − T − K + 1.

    Examples
    --------
    >>> X, y = crear_dataset_ventana(np.arange(6.0), ventana=3)
    >>> X.tolist(), y.ravel().tolist()
    ([[0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [2.0, 3.0, 4.0]], [3.0, 4.0, 5.0])
    """
    serie = _v.array_finito("serie", serie, ndim=1)
    ventana = _v.entero_positivo("ventana", ventana)
    horizonte = _v.entero_positivo("horizonte", horizonte)
    n = serie.shape[0] - ventana - horizonte + 1
    if n < 1:
        raise ValueError(
            f"La serie es demasiado corta: tiene {serie.shape[0]} valores y se necesitan al menos "
            f"ventana + horizonte = {ventana + horizonte}."
        )
    vistas = np.lib.stride_tricks.sliding_window_view(serie, ventana + horizonte)[:n]  # (N, T + K)
    return vistas[:, :ventana].copy(), vistas[:, ventana:].copy()


def dividir_cronologicamente(n: int, fraccion_entrenamiento: float = 0.7, fraccion_validacion: float = 0.15):
    """Cortes cronológicos (sin barajar) en entrenamiento, validación y prueba.

    Como la guía: ``int(0.7 n)`` ejemplos de entrenamiento, ``int(0.15 n)``
    de validación y el resto, los más recientes, de prueba.

    Returns
    -------
    tuple of slice
        ``(entrenamiento, validacion, prueba)``.

    Examples
    --------
    >>> dividir_cronologicamente(1970)
    (slice(0, 1379, None), slice(1379, 1674, None), slice(1674, 1970, None))
    """
    n = _v.entero_positivo("n", n, minimo=3)
    fe = _v.real_positivo("fraccion_entrenamiento", fraccion_entrenamiento)
    fv = _v.real_positivo("fraccion_validacion", fraccion_validacion)
    if fe + fv >= 1:
        raise ValueError(f"Las fracciones deben sumar menos de 1 (queda la prueba); se recibió {fe} + {fv}.")
    a, b = int(fe * n), int(fe * n) + int(fv * n)
    if a < 1 or b <= a or b >= n:
        raise ValueError(f"Con n={n} algún conjunto queda vacío ({a}, {b - a}, {n - b}).")
    return slice(0, a), slice(a, b), slice(b, n)


@dataclass
class DatosSeries:
    """Ventanas de la serie divididas cronológicamente, listas para entrenar.

    Attributes
    ----------
    serie : SerieSintetica
    X, y : dict str → Tensor
        Para ``"entrenamiento"``, ``"validacion"`` y ``"prueba"``: entradas de
        forma (N, T, 1) y objetivos de forma (N, K), ``float32``.
    limpia : dict str → ndarray de forma (N, K)
        La parte sin ruido de cada objetivo.
    instantes : dict str → ndarray de forma (N,)
        Instante t de la serie del primer valor de cada objetivo.
    ventana, horizonte : int
    """

    serie: SerieSintetica
    X: dict
    y: dict
    limpia: dict
    instantes: dict
    ventana: int
    horizonte: int

    def par(self, conjunto: str) -> tuple[torch.Tensor, torch.Tensor]:
        """``(X, y)`` de un conjunto, para :func:`rnnbook.entrenar`."""
        _v.opcion("conjunto", conjunto, ("entrenamiento", "validacion", "prueba"))
        return self.X[conjunto], self.y[conjunto]

    def tamanos(self) -> dict[str, int]:
        """Número de ventanas de cada conjunto."""
        return {k: int(v.shape[0]) for k, v in self.y.items()}


def preparar_datos_series(n: int = 2000, ventana: int = 30, horizonte: int = 1, *, freq: float = 0.05,
                          ruido: float = 0.1, semilla: int = 42) -> DatosSeries:
    """Serie de la guía → ventanas → división cronológica 70 / 15 / 15.

    Con los valores por defecto (los de la guía) salen 1379 / 295 / 296 ventanas.

    Returns
    -------
    DatosSeries

    Examples
    --------
    >>> preparar_datos_series().tamanos()
    {'entrenamiento': 1379, 'validacion': 295, 'prueba': 296}
    """
    serie = generar_serie(n, freq, ruido, semilla)
    X, y = crear_dataset_ventana(serie.valores, ventana, horizonte)  # (N, T), (N, K)
    Xl, yl = crear_dataset_ventana(serie.limpia, ventana, horizonte)
    t0 = np.arange(X.shape[0]) + ventana
    cortes = dict(zip(("entrenamiento", "validacion", "prueba"), dividir_cronologicamente(X.shape[0])))
    return DatosSeries(
        serie=serie,
        X={k: torch.from_numpy(X[s]).float().unsqueeze(-1) for k, s in cortes.items()},  # (N, T, 1)
        y={k: torch.from_numpy(y[s]).float() for k, s in cortes.items()},  # (N, K)
        limpia={k: yl[s] for k, s in cortes.items()},
        instantes={k: t0[s] for k, s in cortes.items()},
        ventana=ventana,
        horizonte=horizonte,
    )


# ------------------------------------------------------------------------ referencias
def _a_numpy(x):
    return x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else x


def mse(prediccion, objetivo) -> float:
    """Error cuadrático medio en ``float64``; las formas deben coincidir.

    Examples
    --------
    >>> mse([1.0, 2.0], [1.0, 4.0])
    2.0
    """
    p = _v.array_finito("prediccion", _a_numpy(prediccion), dtype=np.float64)
    o = _v.array_finito("objetivo", _a_numpy(objetivo), dtype=np.float64)
    if p.shape != o.shape:
        raise ValueError(f"prediccion y objetivo deben tener la misma forma; se recibió {p.shape} y {o.shape}.")
    return float(np.mean((p - o) ** 2))


def mse_piso_ruido(datos: DatosSeries, conjunto: str = "prueba") -> float:
    r"""Piso de ruido: el ECM del ruido añadido sobre los objetivos del conjunto.

    .. math:: \text{piso} = \frac{1}{N}\sum_i (y_i - \text{limpia}_i)^2

    Es el error del predictor ideal que conoce la señal limpia; como el ruido
    futuro es independiente de la ventana, ningún predictor lo mejora en
    promedio. Su esperanza es :math:`\sigma^2`.
    """
    _v.opcion("conjunto", conjunto, ("entrenamiento", "validacion", "prueba"))
    return mse(datos.y[conjunto].double(), datos.limpia[conjunto])


def mse_persistencia(X, y) -> float:
    """ECM de la persistencia: predecir que el siguiente valor repite el último.

    Parameters
    ----------
    X : Tensor o ndarray de forma (N, T) o (N, T, 1)
    y : Tensor o ndarray de forma (N, 1)
    """
    X = np.asarray(_a_numpy(X), dtype=np.float64)
    if X.ndim == 3:
        X = X[..., 0]
    X = _v.array_finito("X", X, ndim=2)
    y = _v.array_finito("y", np.asarray(_a_numpy(y), dtype=np.float64), forma=(X.shape[0], 1))
    return mse(X[:, -1:], y)


class AutorregresivoLineal:
    r"""Modelo autorregresivo lineal ajustado por mínimos cuadrados.

    .. math:: \hat y = w_0 + \sum_{k=1}^{T} w_k\, x_{t-k+1}

    Parameters
    ----------
    ventana : int
        Número T de valores pasados.

    Attributes
    ----------
    coeficientes : ndarray de forma (T + 1, K)
        Término independiente y pesos, tras :meth:`ajustar`.

    Examples
    --------
    >>> X = np.array([[0.0, 1.0], [1.0, 2.0], [2.0, 3.0]]); y = X[:, -1:] + 1
    >>> ar = AutorregresivoLineal(2).ajustar(X, y)
    >>> np.round(ar.predecir(np.array([[5.0, 6.0]])), 6)
    array([[7.]])
    """

    def __init__(self, ventana: int):
        self.ventana = _v.entero_positivo("ventana", ventana)
        self.coeficientes: np.ndarray | None = None

    def _matriz(self, X) -> np.ndarray:
        X = np.asarray(_a_numpy(X), dtype=np.float64)
        if X.ndim == 3 and X.shape[-1] == 1:
            X = X[..., 0]
        X = _v.array_finito("X", X, forma=(None, self.ventana))
        return np.hstack([np.ones((X.shape[0], 1)), X])  # (N, T + 1)

    def ajustar(self, X, y) -> AutorregresivoLineal:
        """Ajusta los coeficientes con ``numpy.linalg.lstsq``.

        Parameters
        ----------
        X : ndarray o Tensor de forma (N, T) o (N, T, 1)
        y : ndarray o Tensor de forma (N, K)
        """
        A = self._matriz(X)
        y = np.asarray(_a_numpy(y), dtype=np.float64)
        y = _v.array_finito("y", y, forma=(A.shape[0], None))
        self.coeficientes = np.linalg.lstsq(A, y, rcond=None)[0]  # (T + 1, K)
        return self

    def predecir(self, X) -> np.ndarray:
        """Predicciones de forma (N, K)."""
        if self.coeficientes is None:
            raise ValueError("El modelo autorregresivo no está ajustado: llama antes a ajustar(X, y).")
        return self._matriz(X) @ self.coeficientes


# ---------------------------------------------------------------------------- modelos
class PredictorSeries(nn.Module):
    """Predictor de series con una capa recurrente a elegir (``tipo``).

    Capa recurrente → último paso temporal → Dropout → Linear(H, 32) → ReLU →
    Linear(32, K). :class:`LSTMSeriesPredictor` y :class:`GRUSeriesPredictor`
    son esta clase con el ``tipo`` fijado y la firma de la guía; la capa se
    guarda en el atributo ``lstm`` o ``gru``, como en la guía, para que los
    ``state_dict`` sean intercambiables con su código.

    Parameters
    ----------
    tipo : {"LSTM", "GRU"}
    input_size : int
        Dimensión D de cada paso (1 para una serie univariante).
    hidden_size : int
        Dimensión H del estado oculto.
    num_layers : int
    dropout : float
        Entre capas recurrentes y antes de la cabeza.
    output_size : int
        Horizonte K.

    Examples
    --------
    >>> PredictorSeries("GRU", hidden_size=8)(torch.zeros(2, 5, 1)).shape
    torch.Size([2, 1])
    """

    def __init__(self, tipo: str = "LSTM", input_size: int = 1, hidden_size: int = 64, num_layers: int = 2,
                 dropout: float = 0.2, output_size: int = 1):
        super().__init__()
        self.tipo = _v.opcion("tipo", tipo.upper() if isinstance(tipo, str) else tipo, ("LSTM", "GRU"))
        self.input_size = _v.entero_positivo("input_size", input_size)
        hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        num_layers = _v.entero_positivo("num_layers", num_layers)
        self.output_size = _v.entero_positivo("output_size", output_size)
        dropout = _v.probabilidad_dropout("dropout", dropout)
        capa = {"LSTM": nn.LSTM, "GRU": nn.GRU}[self.tipo](
            input_size, hidden_size, num_layers=num_layers, batch_first=True,
            dropout=dropout if num_layers > 1 else 0.0)
        setattr(self, self.tipo.lower(), capa)  # self.lstm o self.gru, como en la guía
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Sequential(nn.Linear(hidden_size, 32), nn.ReLU(), nn.Linear(32, self.output_size))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Predicción de forma (N, K) para una ventana de forma (N, T, D)."""
        if not isinstance(x, torch.Tensor) or x.ndim != 3 or x.shape[-1] != self.input_size:
            forma = tuple(x.shape) if isinstance(x, torch.Tensor) else type(x).__name__
            raise ValueError(f"La entrada debe ser un Tensor de forma (N, T, {self.input_size}); se recibió {forma}.")
        salida, _ = getattr(self, self.tipo.lower())(x)  # (N, T, H)
        ultimo = salida[:, -1, :]  # (N, H): último paso temporal
        return self.fc(self.dropout(ultimo))  # (N, K)


class LSTMSeriesPredictor(PredictorSeries):
    """LSTM para regresión de series: LSTM → último paso → Dropout → MLP (H → 32 → K).

    Con los valores de la guía (``hidden_size=64``, dos capas) tiene 52 545
    parámetros.

    Parameters
    ----------
    input_size : int
        Dimensión D de cada paso (1 para una serie univariante).
    hidden_size : int
        Dimensión H del estado oculto.
    num_layers : int
    dropout : float
        Entre capas recurrentes y antes de la cabeza.
    output_size : int
        Horizonte K.

    Examples
    --------
    >>> contar_parametros(LSTMSeriesPredictor())
    52545
    >>> LSTMSeriesPredictor()(torch.zeros(4, 30, 1)).shape
    torch.Size([4, 1])
    """

    def __init__(self, input_size: int = 1, hidden_size: int = 64, num_layers: int = 2, dropout: float = 0.2,
                 output_size: int = 1):
        super().__init__("LSTM", input_size, hidden_size, num_layers, dropout, output_size)


class GRUSeriesPredictor(PredictorSeries):
    """La misma arquitectura con una GRU: 39 937 parámetros con los valores de la guía.

    Parameters
    ----------
    input_size, hidden_size, num_layers, output_size : int
    dropout : float

    Examples
    --------
    >>> contar_parametros(GRUSeriesPredictor())
    39937
    """

    def __init__(self, input_size: int = 1, hidden_size: int = 64, num_layers: int = 2, dropout: float = 0.2,
                 output_size: int = 1):
        super().__init__("GRU", input_size, hidden_size, num_layers, dropout, output_size)


def crear_predictor_series(tipo: str = "LSTM", semilla: int = 0) -> nn.Module:
    """Predictor de la guía (``"LSTM"`` o ``"GRU"``), iniciado con ``semilla``."""
    tipo = _v.opcion("tipo", tipo.upper() if isinstance(tipo, str) else tipo, ("LSTM", "GRU"))
    h = HIPERPARAMETROS_SERIES
    fijar_semilla(semilla)
    clase = LSTMSeriesPredictor if tipo == "LSTM" else GRUSeriesPredictor
    return clase(input_size=1, hidden_size=h["hidden_size"], num_layers=h["num_layers"], dropout=h["dropout"],
                 output_size=h["horizonte"])


def entrenar_predictor_series(modelo: nn.Module, datos: DatosSeries, *, epocas: int | None = None,
                              lr: float | None = None, semilla: int = 0, dispositivo="auto",
                              progreso: bool | None = False) -> Historial:
    """Protocolo del libro para las series: Adam + coseno, recorte 1.0, mejor época en validación.

    Lotes de 64 y recorte a norma 1, como la guía; la tasa de aprendizaje
    empieza en ``2e-2`` (la guía usa ``1e-3`` fija durante 30 épocas) y baja
    hasta 0 con un coseno a lo largo de ``epocas`` (12). Se conservan los
    pesos con menor ECM de validación.

    Returns
    -------
    Historial
    """
    h = HIPERPARAMETROS_SERIES
    epocas = h["epocas"] if epocas is None else _v.entero_positivo("epocas", epocas)
    lr = h["lr"] if lr is None else _v.real_positivo("lr", lr)
    return entrenar(modelo, datos.par("entrenamiento"), datos.par("validacion"), perdida=nn.MSELoss(),
                    epocas=epocas, tam_lote=h["tam_lote"], lr=lr, recorte_gradiente=h["recorte_gradiente"],
                    planificador=lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=epocas),
                    dispositivo=dispositivo, semilla=semilla, progreso=progreso)


def evaluar_predictor_series(modelo: nn.Module, datos: DatosSeries, *, dispositivo="auto") -> dict:
    """ECM de validación y de prueba del modelo, junto al piso de ruido.

    Returns
    -------
    dict
        ``val_mse``, ``test_mse``, ``piso_ruido_mse`` (prueba),
        ``piso_ruido_val_mse``, ``razon_piso`` (= test / piso) y
        ``prediccion_prueba`` (ndarray de forma (N, K)).
    """
    r_val = evaluar(modelo, datos.par("validacion"), perdida=nn.MSELoss(), dispositivo=dispositivo)
    pred = predecir(modelo, datos.X["prueba"], dispositivo=dispositivo).numpy()
    test = mse(pred, datos.y["prueba"])
    piso = mse_piso_ruido(datos, "prueba")
    return {"val_mse": r_val["perdida"], "test_mse": test, "piso_ruido_mse": piso,
            "piso_ruido_val_mse": mse_piso_ruido(datos, "validacion"), "razon_piso": test / piso,
            "prediccion_prueba": pred}


def tabla_referencias_series(datos: DatosSeries, modelos: dict | None = None):
    """ECM de prueba de las referencias (y de los modelos dados) frente al piso de ruido.

    Parameters
    ----------
    datos : DatosSeries
    modelos : dict nombre → float, opcional
        ECM de prueba de otros modelos (p. ej. ``{"LSTM": 0.0102}``).

    Returns
    -------
    pandas.DataFrame
        Índice ``predictor``; columnas ``ECM de prueba`` y ``× piso de ruido``.
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
    tabla = pd.DataFrame({"ECM de prueba": filas, "× piso de ruido": {k: v / piso for k, v in filas.items()}})
    return tabla.rename_axis("predictor")


def comparar_gru_lstm(datos: DatosSeries, *, epocas: int | None = None, semilla: int = 0, dispositivo="auto",
                      progreso: bool | None = False) -> dict:
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
        h = entrenar_predictor_series(modelo, datos, epocas=epocas, semilla=semilla, dispositivo=dispositivo,
                                      progreso=progreso)
        ev = evaluar_predictor_series(modelo, datos, dispositivo=dispositivo)
        resultados[tipo] = {"modelo": modelo, "historial": h, "parametros": contar_parametros(modelo),
                            "segundos_por_epoca": statistics.median(h.columna("segundos")), **ev}
    return resultados


def operaciones_por_paso(modelo: nn.Module, X: torch.Tensor, y: torch.Tensor) -> dict:
    """Perfila un paso de entrenamiento (*forward* + *backward*) con ``torch.profiler``.

    Sirve para ver **cómo** ejecuta PyTorch una capa recurrente: en CPU, el
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
    actividades = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if dispositivo.type == "cuda" else [])
    with _sin_avisos_de_cpp(), profile(activities=actividades) as prof:
        nn.functional.mse_loss(modelo(X), y).backward()
    modelo.zero_grad(set_to_none=True)
    ops = [e for e in prof.key_averages() if e.key.startswith("aten::")]
    principales = sorted(ops, key=lambda e: e.self_cpu_time_total, reverse=True)[:5]
    tabla = pd.DataFrame({"operación": [e.key for e in principales],
                          "llamadas": [e.count for e in principales],
                          "ms (tiempo propio)": [e.self_cpu_time_total / 1000 for e in principales]})
    return {"llamadas": int(sum(e.count for e in ops)), "distintas": len(ops), "principales": tabla}


@contextlib.contextmanager
def _sin_avisos_de_cpp():
    """Silencia el descriptor 2 (stderr de C++) mientras dura el bloque.

    El perfilador de PyTorch (Kineto) escribe líneas de traza directamente en
    el descriptor 2 al empezar y al terminar, fuera del control de Python.
    """
    try:
        sys.stderr.flush()
        copia = os.dup(2)
    except (OSError, AttributeError, ValueError):  # sin descriptor 2: nada que silenciar
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
        raise TypeError(f"modelo debe ser un torch.nn.Module; se recibió {type(modelo).__name__}.")
    return modelo


# ---------------------------------------------------------------------------- figuras
def figura_gru_vs_lstm(resultados: dict, *, piso: float | None = None):
    """ECM de validación de cada modelo por época y por segundo de entrenamiento.

    Parameters
    ----------
    resultados : dict nombre → dict con ``"historial"`` (Historial)
        Por ejemplo, lo que devuelve :func:`comparar_gru_lstm`.
    piso : float, opcional
        Piso de ruido de la validación, dibujado como referencia.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(resultados, dict) or not resultados:
        raise TypeError("resultados debe ser un dict no vacío nombre → {'historial': Historial, ...}.")
    fig, (ax1, ax2) = nueva_figura(1, 2, ancho=11, alto=4, sharey=True)
    for nombre, r in resultados.items():
        h = r["historial"] if isinstance(r, dict) else r
        if not isinstance(h, Historial):
            raise TypeError(f"resultados[{nombre!r}] no contiene un Historial.")
        color = PALETA.get(nombre.lower(), PALETA["rnn"])
        val = h.columna("perdida_validacion")
        ax1.plot(h.columna("epoca"), val, "-o", ms=3, color=color, label=nombre)
        ax2.plot(np.cumsum(h.columna("segundos")), val, "-o", ms=3, color=color, label=nombre)
    for ax in (ax1, ax2):
        if piso is not None:
            ax.axhline(piso, color=PALETA["referencia"], ls="--", lw=1, label="piso de ruido")
        ax.set_yscale("log")
        ax.legend()
    ax1.set(title="Por época", xlabel="época", ylabel="ECM de validación")
    ax1.xaxis.get_major_locator().set_params(integer=True)
    ax2.set(title="Por tiempo de entrenamiento", xlabel="tiempo acumulado (s)")
    return fig


def figura_prediccion_series(instantes, real, predicciones: dict, *, limpia=None, zoom: int = 60,
                             titulo: str = "Predicción a un paso en el conjunto de prueba"):
    """Serie real y predicciones a un paso: el conjunto entero y un detalle.

    Parameters
    ----------
    instantes : array_like de forma (N,)
        Instante t de cada objetivo.
    real : array_like de forma (N,) o (N, 1)
        Valores observados (con ruido).
    predicciones : dict nombre → array_like de forma (N,) o (N, 1)
        Una curva por modelo (p. ej. ``{"LSTM": ...}``).
    limpia : array_like de forma (N,), opcional
        Señal sin ruido, dibujada como referencia.
    zoom : int
        Número de pasos del panel de detalle.
    titulo : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    t = _v.array_finito("instantes", np.ravel(np.asarray(instantes)), ndim=1)
    y = _v.array_finito("real", np.ravel(np.asarray(real)), forma=(t.shape[0],))
    if not isinstance(predicciones, dict) or not predicciones:
        raise TypeError("predicciones debe ser un dict no vacío nombre → array.")
    preds = {k: _v.array_finito(f"predicciones[{k!r}]", np.ravel(np.asarray(v)), forma=(t.shape[0],))
             for k, v in predicciones.items()}
    zoom = min(_v.entero_positivo("zoom", zoom, minimo=2), t.shape[0])
    colores = {"LSTM": PALETA["lstm"], "GRU": PALETA["gru"]}
    otros = iter([PALETA["bilstm"], PALETA["atencion"], PALETA["rnn"]])
    fig, (ax1, ax2) = nueva_figura(2, 1, ancho=11, alto=6.5, height_ratios=[1.2, 1])
    for ax, sl in ((ax1, slice(None)), (ax2, slice(0, zoom))):
        ax.plot(t[sl], y[sl], color=PALETA["entrada"], lw=1.0, label="real (con ruido)",
                marker="." if ax is ax2 else None)
        if limpia is not None:
            ax.plot(t[sl], np.ravel(limpia)[sl], color=PALETA["referencia"], lw=1.0, ls="--", label="señal limpia")
        for nombre, p in preds.items():
            ax.plot(t[sl], p[sl], color=colores.get(nombre) or next(otros), lw=1.4, alpha=0.9,
                    label=f"predicción {nombre}")
        ax.set(xlabel="instante t (pasos)", ylabel="valor de la serie")
    ax1.set_title(titulo)
    ax2.set_title(f"Detalle: los primeros {zoom} pasos de la prueba")
    fig.legend(*ax2.get_legend_handles_labels(), loc="outside lower center", ncols=2 + len(preds))
    return fig


# ------------------------------------------------------------------------ línea de órdenes
def _ejecutar(tipo: str, salida, nombre_modelo: str, nombre_figura: str, *, dispositivo, epocas, semilla,
              progreso) -> dict:
    salida = Path(salida)
    epocas = HIPERPARAMETROS_SERIES["epocas"] if epocas is None else _v.entero_positivo("epocas", epocas)
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    disp = elegir_dispositivo(dispositivo)
    salida.mkdir(parents=True, exist_ok=True)
    datos = preparar_datos_series()
    modelo = crear_predictor_series(tipo, semilla)
    h = entrenar_predictor_series(modelo, datos, epocas=epocas, semilla=semilla, dispositivo=disp,
                                  progreso=progreso)
    ev = evaluar_predictor_series(modelo, datos, dispositivo=disp)
    refs = tabla_referencias_series(datos)["ECM de prueba"]
    guardar_modelo(modelo, salida / nombre_modelo)
    fig = figura_prediccion_series(datos.instantes["prueba"], datos.y["prueba"], {tipo: ev["prediccion_prueba"]},
                                   limpia=datos.limpia["prueba"],
                                   titulo=f"{tipo}: predicción de la serie de tiempo (conjunto de prueba)")
    guardar_figura(fig, salida / nombre_figura)
    import matplotlib.pyplot as plt

    plt.close(fig)
    metricas = {
        "tarea": "series" if tipo == "LSTM" else "gru",
        "modelo": type(modelo).__name__,
        "parametros": contar_parametros(modelo),
        "epocas": len(h.epocas),
        "mejor_epoca": h.mejor_epoca,
        "semilla": semilla,
        "dispositivo": describir_dispositivo(disp),
        "segundos": h.segundos,
        "segundos_por_epoca": statistics.median(h.columna("segundos")),
        "test_mse": ev["test_mse"],
        "val_mse": ev["val_mse"],
        "piso_ruido_mse": ev["piso_ruido_mse"],
        "razon_piso": ev["razon_piso"],
        "persistencia_mse": float(refs.iloc[1]),
        "autorregresivo_mse": float(refs.iloc[2]),
        "n_entrenamiento": datos.tamanos()["entrenamiento"],
        "n_validacion": datos.tamanos()["validacion"],
        "n_prueba": datos.tamanos()["prueba"],
        "historial": h.epocas,
    }
    (salida / f"metricas_{metricas['tarea']}.json").write_text(
        json.dumps(metricas, ensure_ascii=False, indent=2), encoding="utf-8")
    return metricas


def ejecutar_series(salida, *, dispositivo="auto", epocas: int | None = None, semilla: int = 0,
                    progreso: bool = False) -> dict:
    """Tarea ``series`` de la línea de órdenes: LSTM de la §3.2.

    Escribe en ``salida`` ``modelo_series.pth``, ``metricas_series.json`` y
    ``lstm_series_tiempo.png``. Con los valores por defecto reproduce las
    cifras del libro.

    Returns
    -------
    dict
        Las métricas del JSON: ``test_mse``, ``piso_ruido_mse``,
        ``razon_piso``, ``persistencia_mse``, ``autorregresivo_mse``,
        ``val_mse``, ``parametros``, ``epocas``, ``segundos``,
        ``dispositivo``, ``historial``…
    """
    return _ejecutar("LSTM", salida, "modelo_series.pth", "lstm_series_tiempo.png", dispositivo=dispositivo,
                     epocas=epocas, semilla=semilla, progreso=progreso)


def ejecutar_gru(salida, *, dispositivo="auto", epocas: int | None = None, semilla: int = 0,
                 progreso: bool = False) -> dict:
    """Tarea ``gru`` de la línea de órdenes: la GRU de la §3.3 con el mismo protocolo.

    Escribe ``modelo_gru.pth``, ``metricas_gru.json`` y
    ``gru_series_tiempo.png``.

    Returns
    -------
    dict
        Las mismas claves que :func:`ejecutar_series`.
    """
    return _ejecutar("GRU", salida, "modelo_gru.pth", "gru_series_tiempo.png", dispositivo=dispositivo,
                     epocas=epocas, semilla=semilla, progreso=progreso)
