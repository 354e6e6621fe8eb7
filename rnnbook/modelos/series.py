"""Predictores de series temporales (parte 3): LSTM y GRU de la guía y un autorregresivo lineal."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from .. import validacion as _v
from ..datos.series import a_numpy
from ..entorno import fijar_semilla

__all__ = [
    "HIPERPARAMETROS_SERIES",
    "AutorregresivoLineal",
    "PredictorSeries",
    "LSTMSeriesPredictor",
    "GRUSeriesPredictor",
    "crear_predictor_series",
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
        X = np.asarray(a_numpy(X), dtype=np.float64)
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
        y = np.asarray(a_numpy(y), dtype=np.float64)
        y = _v.array_finito("y", y, forma=(A.shape[0], None))
        self.coeficientes = np.linalg.lstsq(A, y, rcond=None)[0]  # (T + 1, K)
        return self

    def predecir(self, X) -> np.ndarray:
        """Predicciones de forma (N, K)."""
        if self.coeficientes is None:
            raise ValueError(
                "El modelo autorregresivo no está ajustado: llama antes a ajustar(X, y)."
            )
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

    def __init__(
        self,
        tipo: str = "LSTM",
        input_size: int = 1,
        hidden_size: int = 64,
        num_layers: int = 2,
        dropout: float = 0.2,
        output_size: int = 1,
    ):
        super().__init__()
        self.tipo = _v.opcion(
            "tipo", tipo.upper() if isinstance(tipo, str) else tipo, ("LSTM", "GRU")
        )
        self.input_size = _v.entero_positivo("input_size", input_size)
        hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        num_layers = _v.entero_positivo("num_layers", num_layers)
        self.output_size = _v.entero_positivo("output_size", output_size)
        dropout = _v.probabilidad_dropout("dropout", dropout)
        capa = {"LSTM": nn.LSTM, "GRU": nn.GRU}[self.tipo](
            input_size,
            hidden_size,
            num_layers=num_layers,
            batch_first=True,
            dropout=dropout if num_layers > 1 else 0.0,
        )
        setattr(self, self.tipo.lower(), capa)  # self.lstm o self.gru, como en la guía
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Sequential(
            nn.Linear(hidden_size, 32), nn.ReLU(), nn.Linear(32, self.output_size)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Predicción de forma (N, K) para una ventana de forma (N, T, D)."""
        if (
            not isinstance(x, torch.Tensor)
            or x.ndim != 3
            or x.shape[-1] != self.input_size
        ):
            forma = tuple(x.shape) if isinstance(x, torch.Tensor) else type(x).__name__
            raise ValueError(
                f"La entrada debe ser un Tensor de forma (N, T, {self.input_size}); se recibió {forma}."
            )
        salida, _ = getattr(self, self.tipo.lower())(x)  # (N, T, H)
        ultimo = salida[:, -1, :]  # (N, H): último paso temporal
        return self.fc(self.dropout(ultimo))  # (N, K)


class LSTMSeriesPredictor(PredictorSeries):
    """LSTM para regresión de series: LSTM → último paso → Dropout → MLP (H → 32 → K).

    Con los valores de la guía (``hidden_size=64``, dos capas) tiene 52 545
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

    def __init__(
        self,
        input_size: int = 1,
        hidden_size: int = 64,
        num_layers: int = 2,
        dropout: float = 0.2,
        output_size: int = 1,
    ):
        super().__init__(
            "LSTM", input_size, hidden_size, num_layers, dropout, output_size
        )


class GRUSeriesPredictor(PredictorSeries):
    """La misma arquitectura con una GRU: 39 937 parámetros con los valores de la guía.

    Parameters
    ----------
    input_size, hidden_size, num_layers, output_size : int
    dropout : float

    Examples
    --------
    >>> contar_parametros(GRUSeriesPredictor())
    39937
    """

    def __init__(
        self,
        input_size: int = 1,
        hidden_size: int = 64,
        num_layers: int = 2,
        dropout: float = 0.2,
        output_size: int = 1,
    ):
        super().__init__(
            "GRU", input_size, hidden_size, num_layers, dropout, output_size
        )


def crear_predictor_series(tipo: str = "LSTM", semilla: int = 0) -> nn.Module:
    """Predictor de la guía (``"LSTM"`` o ``"GRU"``), iniciado con ``semilla``."""
    tipo = _v.opcion(
        "tipo", tipo.upper() if isinstance(tipo, str) else tipo, ("LSTM", "GRU")
    )
    h = HIPERPARAMETROS_SERIES
    fijar_semilla(semilla)
    clase = LSTMSeriesPredictor if tipo == "LSTM" else GRUSeriesPredictor
    return clase(
        input_size=1,
        hidden_size=h["hidden_size"],
        num_layers=h["num_layers"],
        dropout=h["dropout"],
        output_size=h["horizonte"],
    )
