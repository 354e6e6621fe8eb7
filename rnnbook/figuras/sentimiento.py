"""Figura de las curvas de entrenamiento del clasificador de sentimiento (parte 3)."""

from __future__ import annotations

from ..entrenamiento import Historial
from ..figuras.estilo import PALETA, nueva_figura

__all__ = ["figura_curvas_sentimiento"]


# ---------------------------------------------------------------------------- figuras
def figura_curvas_sentimiento(
    historiales, *, titulo: str = "LSTM: análisis de sentimiento"
):
    """Pérdida y exactitud por época, en entrenamiento (continua) y validación (discontinua).

    Parameters
    ----------
    historiales : Historial o dict nombre → Historial
        Uno o varios entrenamientos; con ``metricas_entrenamiento`` se dibuja
        también la exactitud de entrenamiento.
    titulo : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    if isinstance(historiales, Historial):
        historiales = {"LSTM": historiales}
    if not isinstance(historiales, dict) or not historiales:
        raise TypeError(
            "historiales debe ser un Historial o un dict no vacío nombre → Historial."
        )
    for nombre, h in historiales.items():
        if not isinstance(h, Historial) or not h.epocas:
            raise TypeError(
                f"historiales[{nombre!r}] debe ser un Historial con al menos una época."
            )
    colores = [PALETA["lstm"], PALETA["referencia"], PALETA["gru"], PALETA["bilstm"]]
    fig, (ax1, ax2) = nueva_figura(1, 2, ancho=11, alto=4)
    for i, (nombre, h) in enumerate(historiales.items()):
        c = colores[i % len(colores)]
        ep = h.columna("epoca")
        sufijo = f" ({nombre})" if len(historiales) > 1 else ""
        ax1.plot(
            ep,
            h.columna("perdida_entrenamiento"),
            "-o",
            color=c,
            ms=4,
            label="entrenamiento" + sufijo,
        )
        ax1.plot(
            ep,
            h.columna("perdida_validacion"),
            "--s",
            color=c,
            ms=4,
            label="validación" + sufijo,
        )
        if "exactitud_entrenamiento" in h.epocas[0]:
            ax2.plot(
                ep,
                [100 * a for a in h.columna("exactitud_entrenamiento")],
                "-o",
                color=c,
                ms=4,
                label="entrenamiento" + sufijo,
            )
        ax2.plot(
            ep,
            [100 * a for a in h.columna("exactitud_validacion")],
            "--s",
            color=c,
            ms=4,
            label="validación" + sufijo,
        )
    ax1.set(title="Pérdida por época", xlabel="época", ylabel="entropía cruzada (nats)")
    ax2.set(title="Exactitud por época", xlabel="época", ylabel="exactitud (%)")
    ax2.axhline(50, color=PALETA["referencia"], lw=0.8, ls=":")
    for ax in (ax1, ax2):
        ax.legend()
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.suptitle(titulo, fontweight="bold")
    return fig
