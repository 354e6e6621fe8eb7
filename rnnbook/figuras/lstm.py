"""Figura de las puertas de la LSTM (parte 2)."""

from __future__ import annotations

import numpy as np

from .. import validacion as _v
from ..experimentos.lstm import ejemplo_puertas_lstm
from ..figuras.estilo import nueva_figura

__all__ = ["COLORES_PUERTAS", "figura_puertas_lstm"]
#: Colores de la figura de puertas (los de la guía): olvido, entrada, celda, salida.
COLORES_PUERTAS = {"f": "#e74c3c", "i": "#27ae60", "C": "#3498db", "o": "#f39c12"}


def figura_puertas_lstm(puertas: dict | None = None):
    r"""Figura de ``lstm_gates.png``: cuatro paneles de barras con :math:`f_t, i_t, C_t, o_t`.

    Parameters
    ----------
    puertas : dict, opcional
        Lo que devuelve :func:`ejemplo_puertas_lstm` (por defecto, ese ejemplo).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if puertas is None:
        puertas = ejemplo_puertas_lstm()
    if not isinstance(puertas, dict):
        raise TypeError(
            f"puertas debe ser el dict de ejemplo_puertas_lstm(); se recibió {type(puertas).__name__}."
        )
    paneles = [
        ("f_t", "f", "Puerta de olvido $f_t$"),
        ("i_t", "i", "Puerta de entrada $i_t$"),
        ("C_t", "C", "Estado de celda $C_t$"),
        ("o_t", "o", "Puerta de salida $o_t$"),
    ]
    faltan = [clave for clave, _, _ in paneles if clave not in puertas]
    if faltan:
        raise ValueError(f"A puertas le faltan las claves {faltan}.")
    fig, ejes = nueva_figura(1, 4, ancho=14, alto=3.8, sharey=True)
    for ax, (clave, letra, titulo) in zip(ejes, paneles):
        valores = _v.array_finito(f"puertas[{clave!r}]", puertas[clave], ndim=1)
        ax.bar(
            np.arange(len(valores)),
            valores,
            color=COLORES_PUERTAS[letra],
            alpha=0.85,
            edgecolor="black",
        )
        for j, v in enumerate(valores):
            ax.annotate(
                f"{v:.2f}",
                (j, v),
                ha="center",
                va="bottom" if v >= 0 else "top",
                xytext=(0, 2 if v >= 0 else -2),
                textcoords="offset points",
                fontsize=8,
            )
        ax.axhline(0, color="black", lw=0.6)
        if letra != "C":
            ax.axhspan(0, 1, color=COLORES_PUERTAS[letra], alpha=0.06)
        ax.set_title(titulo)
        ax.set_xticks(np.arange(len(valores)))
        ax.set_xlabel("Dimensión del estado")
        ax.set_ylim(-1.5, 1.5)
    ejes[0].set_ylabel("Valor (adimensional)")
    fig.suptitle("Las puertas de una LSTM en un paso temporal", fontweight="bold")
    return fig
