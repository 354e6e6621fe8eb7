"""Figuras del ejercicio A1: convergencia y memoria de la BPTT truncada."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from .. import validacion as _v
from ..figuras.estilo import PALETA, nueva_figura
from ..libro import formato_miles

__all__ = ["figura_convergencia_truncada", "figura_memoria_truncada"]


# --------------------------------------------------------------------------- figuras
_EJES_X = {
    "secuencias": "Secuencias procesadas (mismo cómputo con cualquier k)",
    "actualizaciones": "Actualizaciones de los pesos",
    "segundos": "Tiempo de entrenamiento (s de reloj)",
}


def figura_convergencia_truncada(
    historiales: Mapping[str, pd.DataFrame],
    *,
    ejes: Sequence[str] = tuple(_EJES_X),
    titulo: str | None = None,
):
    r"""Pérdida de validación frente a secuencias, actualizaciones y segundos, un panel por eje.

    Parameters
    ----------
    historiales : dict de str a pandas.DataFrame
        Etiqueta → tabla de :func:`entrenar_bptt_truncada` o
        :func:`entrenar_bptt_truncada_torch` (con validación).
    ejes : secuencia de {"secuencias", "actualizaciones", "segundos"}
        Qué poner en el eje horizontal de cada panel.
    titulo : str, opcional
        Título de la figura.

    Returns
    -------
    matplotlib.figure.Figure
        Con una línea de referencia en :math:`\ln 2`, la pérdida de quien no
        recuerda nada.
    """
    if not isinstance(historiales, Mapping) or not historiales:
        raise TypeError(
            "historiales debe ser un dict no vacío etiqueta → DataFrame de entrenar_bptt_truncada."
        )
    if isinstance(ejes, str) or not isinstance(ejes, Sequence) or not ejes:
        raise TypeError(
            f"ejes debe ser una lista no vacía con elementos de {list(_EJES_X)}; se recibió {ejes!r}."
        )
    for eje in ejes:
        _v.opcion("eje", eje, tuple(_EJES_X))
    colores = [PALETA[c] for c in ("rnn", "lstm", "gru", "bilstm", "atencion")]
    fig, paneles = nueva_figura(
        1, len(ejes), ancho=4.2 * len(ejes) + 0.6, alto=3.8, sharey=True, squeeze=False
    )
    for ax, eje in zip(paneles[0], ejes):
        for i, (etiqueta, tabla) in enumerate(historiales.items()):
            if not isinstance(tabla, pd.DataFrame) or not {
                eje,
                "perdida_validacion",
            } <= set(tabla.columns):
                raise TypeError(
                    f"historiales[{etiqueta!r}] debe ser una tabla de entrenar_bptt_truncada "
                    "con validación."
                )
            ax.plot(
                tabla[eje],
                tabla["perdida_validacion"],
                color=colores[i % len(colores)],
                lw=1.8,
                marker="o",
                ms=2.5,
                label=str(etiqueta),
            )
        ax.axhline(
            math.log(2),
            color=PALETA["referencia"],
            ls="--",
            lw=1,
            label=r"$\ln 2$ (sin memoria)",
        )
        ax.set_xlabel(_EJES_X[eje])
        if eje == "actualizaciones":
            ax.set_xscale("symlog", linthresh=10)
            ax.set_xlabel(_EJES_X[eje] + " (escala log.)")
        ax.set_xlim(left=0)
    paneles[0][0].set_ylim(bottom=0)
    paneles[0][0].set_ylabel("Entropía cruzada de validación (nats)")
    fig.legend(
        *paneles[0][0].get_legend_handles_labels(),
        loc="outside lower center",
        ncol=len(historiales) + 1,
    )
    if titulo:
        fig.suptitle(titulo)
    return fig


def figura_memoria_truncada(tabla: pd.DataFrame, *, k: int = 20, T: int = 200):
    """Memoria medida frente a T (con k fijo) y frente a k (con T fijo).

    Parameters
    ----------
    tabla : pandas.DataFrame
        Salida de :func:`tabla_memoria_truncada`.
    k : int
        Longitud de trozo de las curvas «truncada» del panel izquierdo.
    T : int
        Longitud de secuencia del panel derecho.

    Returns
    -------
    matplotlib.figure.Figure
        Ejes logarítmicos: una recta de pendiente 1 es memoria proporcional.
    """
    columnas = {"T", "k", "metodo", "numpy_pico_kb", "torch_activaciones_kb"}
    if not isinstance(tabla, pd.DataFrame) or not columnas <= set(tabla.columns):
        raise TypeError("tabla debe ser la salida de tabla_memoria_truncada.")
    k = _v.entero_positivo("k", k)
    T = _v.entero_positivo("T", T)
    import matplotlib.ticker as ticker

    medidas = {
        "numpy_pico_kb": ("NumPy, pico (tracemalloc)", "o", "-"),
        "torch_activaciones_kb": ("PyTorch, activaciones guardadas", "s", ":"),
    }
    fig, (ax_t, ax_k) = nueva_figura(1, 2, ancho=11, alto=4.8)
    completa = tabla[tabla["metodo"] == "completa"].sort_values("T")
    truncada = tabla[(tabla["metodo"] == "truncada") & (tabla["k"] == k)].sort_values(
        "T"
    )
    por_k = tabla[tabla["T"] == T].sort_values("k")
    for columna, (nombre, marca, estilo) in medidas.items():
        ax_t.plot(
            completa["T"],
            completa[columna],
            color=PALETA["desvaneciente"],
            marker=marca,
            ls=estilo,
            label=f"completa · {nombre}",
        )
        ax_t.plot(
            truncada["T"],
            truncada[columna],
            color=PALETA["estable"],
            marker=marca,
            ls=estilo,
            label=f"truncada k = {k} · {nombre}",
        )
        ax_k.plot(
            por_k["k"],
            por_k[columna],
            color=PALETA["rnn"],
            marker=marca,
            ls=estilo,
            label=nombre,
        )
    formato = ticker.FuncFormatter(lambda v, _: formato_miles(v))
    for ax, valores in ((ax_t, completa["T"]), (ax_k, por_k["k"])):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xticks(list(valores))
        ax.xaxis.set_major_formatter(formato)
        ax.xaxis.set_minor_locator(ticker.NullLocator())
        ax.yaxis.set_major_locator(ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(formato)
        ax.yaxis.set_minor_formatter(ticker.NullFormatter())
        ax.set_ylabel("Memoria del backward (kB, escala log.)")
    ax_t.set_xlabel("Longitud de la secuencia T (pasos, escala log.)")
    ax_t.set_title(f"Frente a T (k = {k})")
    ax_t.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    ax_k.set_xlabel(
        f"Longitud del trozo k (pasos, escala log.; k = {T} es la completa)"
    )
    ax_k.set_title(f"Frente a k (T = {T})")
    ax_k.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1)
    return fig
