"""Figuras de la parte 4: BiLSTM frente a LSTM y profundidad."""

from __future__ import annotations

from ..figuras.estilo import PALETA, nueva_figura

__all__ = ["figura_bilstm_vs_lstm", "figura_profundidad"]


def figura_bilstm_vs_lstm(resultados: dict):
    """Exactitud de validación por época de cada variante de :func:`comparar_bilstm_lstm`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    colores = [PALETA["lstm"], PALETA["referencia"], PALETA["bilstm"]]
    estilos = ["-", "--", "-"]
    fig, ax = nueva_figura(ancho=7.5, alto=4.0)
    for (nombre, r), color, estilo in zip(resultados.items(), colores, estilos):
        h = r["historial"]
        ax.plot(
            h.columna("epoca"),
            [100 * v for v in h.columna("exactitud_validacion")],
            estilo,
            marker="o",
            color=color,
            label=nombre,
        )
    ax.axhline(50, color=PALETA["estado"], lw=1, ls=":", label="azar (50 %)")
    ax.set_xlabel("época")
    ax.set_ylabel("exactitud de validación (%)")
    ax.set_ylim(40, 102)
    ax.set_title("La pista está en el primer token")
    ax.legend(loc="center right")
    return fig


def figura_profundidad(tabla, historiales: dict):
    """Exactitud de validación por época (izquierda) y segundos por época (derecha) por profundidad.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib as mpl

    fig, (ax1, ax2) = nueva_figura(1, 2, ancho=10.0, alto=4.0)
    mapa = mpl.colormaps["Reds"]
    n = len(historiales)
    for i, (c, h) in enumerate(historiales.items()):
        ax1.plot(
            h.columna("epoca"),
            [100 * v for v in h.columna("exactitud_validacion")],
            marker="o",
            color=mapa(0.4 + 0.6 * i / max(n - 1, 1)),
            label=f"{c} capa" + ("s" if c > 1 else ""),
        )
    ax1.axhline(50, color=PALETA["estado"], lw=1, ls=":", label="azar")
    ax1.set_xlabel("época")
    ax1.set_ylabel("exactitud de validación (%)")
    ax1.set_title("Calidad según la profundidad")
    ax1.legend()
    ax2.bar(
        [str(c) for c in tabla.index],
        tabla["s_por_epoca"],
        color=PALETA["lstm"],
        edgecolor="black",
    )
    ax2.set_xlabel("capas LSTM")
    ax2.set_ylabel("segundos por época (s)")
    ax2.set_title("Coste según la profundidad")
    ax2.grid(axis="x", visible=False)
    return fig
