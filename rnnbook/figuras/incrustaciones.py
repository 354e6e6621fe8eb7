"""Figuras del ejercicio I1: componentes principales y comparación de incrustaciones."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import torch

from .. import validacion as _v
from ..datos.sentimiento import PAD
from ..experimentos.incrustaciones import componentes_principales

__all__ = ["figura_componentes_principales", "figura_comparacion_incrustaciones"]


def figura_componentes_principales(
    tablas: Mapping[str, torch.Tensor],
    grupos,
    *,
    nombres_grupos: Mapping[int, str] | None = None,
    titulo: str | None = None,
):
    """Una nube por tabla: sus filas (sin el relleno) en las dos primeras componentes, coloreadas por grupo.

    Parameters
    ----------
    tablas : dict nombre → Tensor de forma (V, E)
    grupos : array_like de forma (V,), int
        Grupo de cada fila (0 y 1); el relleno (fila :data:`rnnbook.datos.sentimiento.PAD`) no se dibuja.
    nombres_grupos : dict grupo → str, opcional
        Por defecto ``{0: "negativas", 1: "positivas"}``.
    titulo : str, opcional

    Returns
    -------
    fig : matplotlib.figure.Figure
    varianza_pc1 : dict nombre → float
        Porcentaje de varianza de la primera componente de cada tabla.
    """
    from ..figuras.estilo import PALETA, nueva_figura

    if not isinstance(tablas, Mapping) or not tablas:
        raise TypeError("tablas debe ser un dict no vacío nombre → Tensor (V, E).")
    nombres_grupos = dict(nombres_grupos or {0: "negativas", 1: "positivas"})
    colores = {0: PALETA["desvaneciente"], 1: PALETA["estable"]}
    fig, ejes = nueva_figura(1, len(tablas), ancho=5 * len(tablas), alto=4.2)
    ejes = np.atleast_1d(ejes)
    varianza_pc1 = {}
    for ax, (nombre, tabla) in zip(ejes, tablas.items()):
        g = _v.array_finito("grupos", grupos, forma=(tabla.shape[0],), dtype=np.int64)
        proyeccion, varianza = componentes_principales(tabla)
        varianza_pc1[nombre] = float(varianza[0])
        g = np.delete(g, PAD)
        for clase, etiqueta in nombres_grupos.items():
            sel = g == clase
            ax.scatter(
                proyeccion[sel, 0],
                proyeccion[sel, 1],
                s=7,
                alpha=0.6,
                color=colores.get(clase, PALETA["referencia"]),
                label=etiqueta,
            )
        ax.set(
            title=f"Incrustaciones {nombre}",
            xlabel=f"componente 1 ({varianza[0]:.0f} % de la varianza)",
            ylabel=f"componente 2 ({varianza[1]:.0f} %)",
        )
        ax.legend(loc="upper right", markerscale=2)
    if titulo:
        fig.suptitle(titulo, fontweight="bold")
    return fig, varianza_pc1


def figura_comparacion_incrustaciones(
    resultados, por_n, *, n_barras: int | None = None
):
    """Exactitud por ajuste: barras con cada semilla y curva frente al número de etiquetas.

    Parameters
    ----------
    resultados : pandas.DataFrame
        Salida de :func:`comparar_incrustaciones` con pocas etiquetas (una fila
        por tabla, modo y semilla).
    por_n : pandas.DataFrame
        Media y desviación típica (columnas ``"mean"``, ``"std"``, en %) de
        ``exactitud_prueba`` con índice (incrustaciones, modo, n).
    n_barras : int, opcional
        Número de etiquetas del panel de barras, para su título.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from ..figuras.estilo import PALETA, nueva_figura

    estilos = {
        ("aleatorias", "congeladas"): (PALETA["referencia"], "o", ":"),
        ("aleatorias", "afinadas"): (PALETA["estado"], "s", "-"),
        ("preentrenadas", "congeladas"): (PALETA["rnn"], "o", ":"),
        ("preentrenadas", "afinadas"): (PALETA["lstm"], "s", "-"),
    }
    fig, (ax1, ax2) = nueva_figura(1, 2, ancho=11, alto=4.2)
    for i, ((nombre, modo), (color, marca, linea)) in enumerate(estilos.items()):
        sel = resultados[
            (resultados.incrustaciones == nombre) & (resultados.modo == modo)
        ]
        if sel.empty:
            raise ValueError(f"resultados no tiene filas de {nombre!r}, {modo!r}.")
        for j, columna in enumerate(("exactitud_prueba", "exactitud_no_vistas")):
            x = j * 5 + i
            ax1.bar(x, 100 * sel[columna].mean(), color=color, alpha=0.8)
            ax1.plot(np.full(len(sel), x), 100 * sel[columna], "k.", ms=4)
        filas_n = por_n.loc[(nombre, modo)]
        ax2.errorbar(
            filas_n.index,
            filas_n["mean"],
            yerr=filas_n["std"],
            color=color,
            marker=marca,
            ls=linea,
            capsize=3,
            label=f"{nombre}, {modo}",
        )
    ax1.set_xticks([1.5, 6.5], ["toda la prueba", "secuencias sin\npalabras vistas"])
    titulo = f"{n_barras} secuencias etiquetadas" if n_barras else "Pocas etiquetas"
    ax1.set(title=titulo, ylabel="exactitud de prueba (%)", ylim=(0, 105))
    ax1.axhline(50, color=PALETA["referencia"], lw=0.8, ls="--")
    ns = sorted(por_n.index.get_level_values(-1).unique())
    ax2.set_xscale("log", base=2)
    ax2.set_xticks(ns, [str(n) for n in ns])
    ax2.set(
        title="Exactitud frente al número de etiquetas",
        xlabel="secuencias etiquetadas (escala log)",
        ylabel="exactitud de prueba (%)",
        ylim=(45, 102),
    )
    fig.legend(*ax2.get_legend_handles_labels(), loc="outside lower center", ncol=4)
    fig.suptitle("Aleatorias o preentrenadas, congeladas o afinadas", fontweight="bold")
    return fig
