"""Una serie real para el ejercicio B3: temperatura del mar de El Niño 1+2 (en ``statsmodels``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .. import validacion as _v
from ..datos.series import a_numpy, crear_dataset_ventana, dividir_cronologicamente

__all__ = ["CONJUNTOS", "cargar_serie_elnino", "DatosSerieReal", "preparar_serie_real"]

CONJUNTOS = ("entrenamiento", "validacion", "prueba")


# ------------------------------------------------------------------------- serie real
def cargar_serie_elnino():
    """Temperatura superficial del mar en la región Niño 1+2, mensual, 1950–2010.

    Los datos son de la NOAA (ERSST v3b, índice Niño 1+2: promedio entre 0–10° S
    y 90–80° O, en °C) y vienen dentro de ``statsmodels``
    (``statsmodels.datasets.elnino``) como una tabla de 61 años × 12 meses;
    aquí se ordenan en una sola serie cronológica. No se descarga nada.

    Returns
    -------
    pandas.Series
        732 valores en °C con un ``DatetimeIndex`` mensual (primer día de
        cada mes, de enero de 1950 a diciembre de 2010).

    Raises
    ------
    ImportError
        Si ``statsmodels`` no está instalado (``pip install "rnnbook[datos]"``).
    """
    try:
        from statsmodels.datasets import elnino
    except ImportError as exc:
        raise ImportError(
            "cargar_serie_elnino necesita statsmodels, que trae los datos de El Niño dentro del paquete "
            '(no se descarga nada). Instálalo con pip install "rnnbook[datos]" (o pip install statsmodels).'
        ) from exc
    import pandas as pd

    tabla = elnino.load_pandas().data  # (años, 13): YEAR y una columna por mes
    anios = tabla["YEAR"].to_numpy().astype(int)  # (A,)
    if not np.array_equal(anios, np.arange(anios[0], anios[0] + anios.size)):
        raise ValueError(
            "La tabla de El Niño de statsmodels no tiene años consecutivos."
        )
    valores = (
        tabla.drop(columns="YEAR").to_numpy(dtype=np.float64).ravel()
    )  # (12 A,): año a año, enero a diciembre
    fechas = pd.date_range(
        f"{anios[0]}-01-01", periods=valores.size, freq="MS", name="mes"
    )
    return pd.Series(valores, index=fechas, name="temperatura superficial del mar (°C)")


@dataclass
class DatosSerieReal:
    """Una serie real en ventanas, estandarizada y dividida cronológicamente.

    Attributes
    ----------
    serie : pandas.Series
        La serie original, en sus unidades.
    X, y : dict str → Tensor
        Para ``"entrenamiento"``, ``"validacion"`` y ``"prueba"``: ventanas
        de forma (N, T, 1) y objetivos de forma (N, K), **estandarizados**,
        ``float32``.
    instantes : dict str → ndarray de forma (N,)
        Posición en ``serie`` del primer valor de cada objetivo.
    media, desviacion : float
        Estadísticas del tramo de entrenamiento, con las que se estandariza
        toda la serie.
    ventana, horizonte : int
    """

    serie: object
    X: dict
    y: dict
    instantes: dict
    media: float
    desviacion: float
    ventana: int
    horizonte: int

    def par(self, conjunto: str) -> tuple[torch.Tensor, torch.Tensor]:
        """``(X, y)`` estandarizados de un conjunto."""
        _v.opcion("conjunto", conjunto, CONJUNTOS)
        return self.X[conjunto], self.y[conjunto]

    def tamanos(self) -> dict[str, int]:
        """Número de ventanas de cada conjunto."""
        return {k: int(v.shape[0]) for k, v in self.y.items()}

    def a_unidades(self, z) -> np.ndarray:
        """Deshace la estandarización: ``z · desviacion + media`` (ndarray float64)."""
        return np.asarray(a_numpy(z), dtype=np.float64) * self.desviacion + self.media

    def fechas(self, conjunto: str, paso: int = 1):
        """Etiquetas de ``serie.index`` de los objetivos del paso ``paso`` (1…K) de un conjunto."""
        _v.opcion("conjunto", conjunto, CONJUNTOS)
        paso = _v.entero_positivo("paso", paso)
        if paso > self.horizonte:
            raise ValueError(
                f"paso debe estar entre 1 y {self.horizonte}; se recibió {paso}."
            )
        return self.serie.index[self.instantes[conjunto] + paso - 1]


def preparar_serie_real(
    serie,
    ventana: int = 24,
    horizonte: int = 5,
    *,
    fraccion_entrenamiento: float = 0.7,
    fraccion_validacion: float = 0.15,
) -> DatosSerieReal:
    """Serie → estandarización con el entrenamiento → ventanas por conjunto.

    La división se hace sobre los **valores** de la serie, no sobre las
    ventanas (:func:`rnnbook.datos.dividir_cronologicamente`): los primeros
    ``fraccion_entrenamiento`` son de entrenamiento, los siguientes de
    validación y los más recientes de prueba. Cada objetivo pertenece a un
    solo conjunto; la ventana de los primeros objetivos de validación y de
    prueba toma sus entradas del tramo anterior, que es pasado. La media y la
    desviación típica salen solo del tramo de entrenamiento.

    Parameters
    ----------
    serie : pandas.Series o array_like de forma (n,)
        Si no es una ``Series``, el índice es 0, 1, …, n − 1.
    ventana : int
        Longitud T de las ventanas.
    horizonte : int
        Número K de valores futuros.
    fraccion_entrenamiento, fraccion_validacion : float

    Returns
    -------
    DatosSerieReal

    Raises
    ------
    ValueError
        Si algún conjunto no llega a tener una ventana completa o el tramo de
        entrenamiento es constante.

    Examples
    --------
    >>> d = preparar_serie_real(np.sin(np.arange(200.0)), ventana=10, horizonte=3)
    >>> d.tamanos(), d.X["prueba"].shape
    ({'entrenamiento': 128, 'validacion': 28, 'prueba': 28}, torch.Size([28, 10, 1]))
    """
    import pandas as pd

    if not isinstance(serie, pd.Series):
        serie = pd.Series(_v.array_finito("serie", serie, ndim=1, dtype=np.float64))
    valores = _v.array_finito(
        "serie", serie.to_numpy(), ndim=1, dtype=np.float64
    )  # (n,)
    ventana = _v.entero_positivo("ventana", ventana)
    horizonte = _v.entero_positivo("horizonte", horizonte)
    cortes = dict(
        zip(
            CONJUNTOS,
            dividir_cronologicamente(
                valores.size, fraccion_entrenamiento, fraccion_validacion
            ),
        )
    )
    entrenamiento = valores[cortes["entrenamiento"]]
    if entrenamiento.size < ventana + horizonte:
        raise ValueError(
            f"El tramo de entrenamiento tiene {entrenamiento.size} valores y se necesitan al menos "
            f"ventana + horizonte = {ventana + horizonte}."
        )
    for nombre, s in cortes.items():
        if s.stop - s.start < horizonte:
            raise ValueError(
                f"El tramo de {nombre} tiene {s.stop - s.start} valores, menos que el horizonte "
                f"({horizonte}): no cabe ninguna ventana."
            )
    media, desviacion = float(entrenamiento.mean()), float(entrenamiento.std())
    if desviacion == 0:
        raise ValueError(
            "El tramo de entrenamiento es constante: no se puede estandarizar."
        )
    z = (valores - media) / desviacion  # (n,)
    X, y, instantes = {}, {}, {}
    for nombre, s in cortes.items():
        inicio = max(
            s.start - ventana, 0
        )  # las entradas pueden venir del tramo anterior
        Xc, yc = crear_dataset_ventana(
            z[inicio : s.stop], ventana, horizonte
        )  # (N, T), (N, K)
        X[nombre] = torch.from_numpy(Xc).float().unsqueeze(-1)  # (N, T, 1)
        y[nombre] = torch.from_numpy(yc).float()  # (N, K)
        instantes[nombre] = inicio + ventana + np.arange(Xc.shape[0])  # (N,)
    return DatosSerieReal(
        serie=serie,
        X=X,
        y=y,
        instantes=instantes,
        media=media,
        desviacion=desviacion,
        ventana=ventana,
        horizonte=horizonte,
    )
