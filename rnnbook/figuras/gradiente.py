"""Figuras de la parte 2: flujo del gradiente, exactitud por longitud y normas."""

from __future__ import annotations

import numpy as np

from .. import validacion as _v
from ..figuras.estilo import PALETA, nueva_figura

__all__ = [
    "figura_flujo_gradiente",
    "figura_exactitud_longitud",
    "figura_normas_gradiente",
]


def _color_regimen(etiqueta: str) -> str:
    for nombre in ("desvaneciente", "estable", "explosivo"):
        if etiqueta.lower().startswith(nombre):
            return PALETA[nombre]
    return PALETA["referencia"]


def figura_flujo_gradiente(resultados: dict, jacobiano: dict | None = None):
    r"""Figura de ``gradiente_desvaneciente.png``: :math:`\|W^k\|` frente a :math:`k`, escala log.

    Parameters
    ----------
    resultados : dict
        Lo que devuelve :func:`simular_flujo_gradiente` (etiqueta → normas).
    jacobiano : dict, opcional
        Lo que devuelve :func:`flujo_gradiente_tanh`; si se da, un segundo panel
        compara :math:`\|W^k\|` con el jacobiano real con :math:`\tanh`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(resultados, dict) or not resultados:
        raise TypeError(
            "resultados debe ser el dict no vacío de simular_flujo_gradiente (etiqueta → normas)."
        )
    paneles = 1 if jacobiano is None else 2
    fig, ejes = nueva_figura(1, paneles, ancho=6.5 * paneles, alto=4.2)
    ejes = np.atleast_1d(ejes)
    ax = ejes[0]
    for etiqueta, normas in resultados.items():
        normas = _v.array_finito(f"resultados[{etiqueta!r}]", normas, ndim=1)
        ax.plot(
            np.arange(len(normas)),
            normas,
            lw=2,
            label=etiqueta,
            color=_color_regimen(etiqueta),
        )
    ax.set_yscale("log")
    ax.set_xlabel("Pasos hacia atrás en el tiempo, $k$")
    ax.set_ylabel(r"Norma de $W_{hh}^k$ (adimensional)")
    ax.set_title("Gradiente desvaneciente, estable y explosivo")
    ax.legend(loc="best")
    if jacobiano is not None:
        ax = ejes[1]
        ax.plot(
            jacobiano["k"],
            jacobiano["solo_W"],
            lw=2,
            color=PALETA["estable"],
            label=r"solo $W_{hh}^k$ ($\rho = 1$)",
        )
        ax.plot(
            jacobiano["k"],
            jacobiano["con_tanh"],
            lw=2,
            color=PALETA["desvaneciente"],
            label=r"real: $\prod \mathrm{diag}(1-h_t^2)\,W_{hh}$",
        )
        ax.set_yscale("log")
        ax.set_xlabel("Pasos hacia atrás en el tiempo, $k$")
        ax.set_ylabel(r"$\|\partial h_T / \partial h_{T-k}\|_2$")
        ax.set_title(r"La $\tanh$ empeora el desvanecimiento")
        ax.legend(loc="best")
    return fig


def _estilos(nombres) -> list[dict]:
    """Color y trazo por modelo: el color de la paleta para el primero de cada tipo, gris discontinuo después."""
    usados, estilos = set(), []
    for nombre in nombres:
        tipo = str(nombre).split()[0].lower()
        if tipo in PALETA and tipo not in usados:
            usados.add(tipo)
            estilos.append({"color": PALETA[tipo], "ls": "-"})
        else:
            estilos.append({"color": PALETA["referencia"], "ls": "--"})
    return estilos


def _etiqueta(nombre) -> str:
    """Nombre de modelo para una leyenda: ``b_f`` se escribe como fórmula."""
    return str(nombre).replace("b_f", "$b_f$")


def figura_exactitud_longitud(tabla):
    """Exactitud de prueba frente a la longitud de la secuencia, un trazo por modelo.

    Parameters
    ----------
    tabla : pandas.DataFrame
        ``ResultadoLargoPlazo.tabla`` (índice T, una columna por modelo, en [0, 1]).

    Returns
    -------
    matplotlib.figure.Figure
    """
    import pandas as pd

    if not isinstance(tabla, pd.DataFrame) or tabla.empty:
        raise TypeError(
            "tabla debe ser el DataFrame no vacío de comparar_rnn_lstm(...).tabla."
        )
    fig, ax = nueva_figura(1, 1, ancho=7.5, alto=4.2)
    marcas = "osD^v"
    for j, (nombre, estilo) in enumerate(zip(tabla.columns, _estilos(tabla.columns))):
        ax.plot(
            tabla.index,
            100 * tabla[nombre],
            marker=marcas[j % len(marcas)],
            lw=2,
            ms=7,
            label=_etiqueta(nombre),
            **estilo,
        )
    ax.axhline(50, color=PALETA["referencia"], ls=":", lw=1.5, label="azar (50 %)")
    ax.set_xscale("log")
    ax.set_xticks(list(tabla.index))
    ax.set_xticklabels([str(t) for t in tabla.index])
    ax.minorticks_off()
    ax.set_ylim(40, 102)
    ax.set_xlabel("Longitud de la secuencia T (pasos; el dato está en el paso 1)")
    ax.set_ylabel("Exactitud de prueba (%)")
    ax.set_title("Recordar un signo durante T − 1 pasos")
    ax.legend(loc="lower left")
    return fig


def figura_normas_gradiente(normas: dict, *, titulo: str | None = None):
    r"""Norma de :math:`\partial L / \partial h_t` frente a :math:`t`, escala log, un trazo por modelo.

    Parameters
    ----------
    normas : dict
        Nombre del modelo → lo que devuelve :func:`normas_gradiente_estados`.
    titulo : str, opcional

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(normas, dict) or not normas:
        raise TypeError(
            "normas debe ser un dict no vacío nombre → normas_gradiente_estados(...)."
        )
    fig, ax = nueva_figura(1, 1, ancho=7.5, alto=4.2)
    for (nombre, r), estilo in zip(normas.items(), _estilos(normas)):
        pasos = np.arange(1, len(r["h"]) + 1)
        ax.plot(pasos, r["h"], lw=2, label=_etiqueta(nombre), **estilo)
    ax.set_yscale("log")
    ax.set_xlabel("Paso t de la secuencia (la pérdida se calcula en el último)")
    ax.set_ylabel("Norma media del gradiente")
    ax.set_title(titulo or "¿Cuánto gradiente llega a cada paso?")
    ax.legend(loc="best")
    return fig
