"""Figuras de la parte 3: predicción de series y GRU frente a LSTM."""

from __future__ import annotations

import numpy as np

from .. import validacion as _v
from ..entrenamiento import Historial
from ..figuras.estilo import PALETA, nueva_figura

__all__ = ["figura_gru_vs_lstm", "figura_prediccion_series"]


# ---------------------------------------------------------------------------- figuras
def figura_gru_vs_lstm(resultados: dict, *, piso: float | None = None):
    """MSE de validación de cada modelo por época y por segundo de entrenamiento.

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
        raise TypeError(
            "resultados debe ser un dict no vacío nombre → {'historial': Historial, ...}."
        )
    fig, (ax1, ax2) = nueva_figura(1, 2, ancho=11, alto=4, sharey=True)
    for nombre, r in resultados.items():
        h = r["historial"] if isinstance(r, dict) else r
        if not isinstance(h, Historial):
            raise TypeError(f"resultados[{nombre!r}] no contiene un Historial.")
        color = PALETA.get(nombre.lower(), PALETA["rnn"])
        val = h.columna("perdida_validacion")
        ax1.plot(h.columna("epoca"), val, "-o", ms=3, color=color, label=nombre)
        ax2.plot(
            np.cumsum(h.columna("segundos")), val, "-o", ms=3, color=color, label=nombre
        )
    for ax in (ax1, ax2):
        if piso is not None:
            ax.axhline(
                piso, color=PALETA["referencia"], ls="--", lw=1, label="piso de ruido"
            )
        ax.set_yscale("log")
        ax.legend()
    ax1.set(title="Por época", xlabel="época", ylabel="MSE de validación")
    ax1.xaxis.get_major_locator().set_params(integer=True)
    ax2.set(title="Por tiempo de entrenamiento", xlabel="tiempo acumulado (s)")
    return fig


def figura_prediccion_series(
    instantes,
    real,
    predicciones: dict,
    *,
    limpia=None,
    zoom: int = 60,
    titulo: str = "Predicción a un paso en el conjunto de prueba",
):
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
    preds = {
        k: _v.array_finito(
            f"predicciones[{k!r}]", np.ravel(np.asarray(v)), forma=(t.shape[0],)
        )
        for k, v in predicciones.items()
    }
    zoom = min(_v.entero_positivo("zoom", zoom, minimo=2), t.shape[0])
    colores = {"LSTM": PALETA["lstm"], "GRU": PALETA["gru"]}
    otros = iter([PALETA["bilstm"], PALETA["atencion"], PALETA["rnn"]])
    fig, (ax1, ax2) = nueva_figura(2, 1, ancho=11, alto=6.5, height_ratios=[1.2, 1])
    for ax, sl in ((ax1, slice(None)), (ax2, slice(0, zoom))):
        ax.plot(
            t[sl],
            y[sl],
            color=PALETA["entrada"],
            lw=1.0,
            label="real (con ruido)",
            marker="." if ax is ax2 else None,
        )
        if limpia is not None:
            ax.plot(
                t[sl],
                np.ravel(limpia)[sl],
                color=PALETA["referencia"],
                lw=1.0,
                ls="--",
                label="señal limpia",
            )
        for nombre, p in preds.items():
            ax.plot(
                t[sl],
                p[sl],
                color=colores.get(nombre) or next(otros),
                lw=1.4,
                alpha=0.9,
                label=f"predicción {nombre}",
            )
        ax.set(xlabel="instante t (pasos)", ylabel="valor de la serie")
    ax1.set_title(titulo)
    ax2.set_title(f"Detalle: los primeros {zoom} pasos de la prueba")
    fig.legend(
        *ax2.get_legend_handles_labels(),
        loc="outside lower center",
        ncols=2 + len(preds),
    )
    return fig
