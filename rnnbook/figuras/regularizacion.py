"""Figura del sobreajuste y de la regularización de una LSTM (parte 3)."""

from __future__ import annotations

import numpy as np

from ..entrenamiento import Historial
from ..figuras.estilo import PALETA, nueva_figura

__all__ = ["figura_regularizacion"]

_COLORES = (
    PALETA["referencia"],
    PALETA["lstm"],
    PALETA["bilstm"],
    PALETA["rnn"],
    PALETA["atencion"],
    PALETA["gru"],
)


def _validar(historiales) -> dict:
    if not isinstance(historiales, dict) or not historiales:
        raise TypeError(
            "historiales debe ser un dict no vacío (nombre, semilla) → Historial; "
            f"se recibió {type(historiales).__name__}."
        )
    for clave, h in historiales.items():
        if not (isinstance(clave, tuple) and len(clave) == 2):
            raise TypeError(
                "Cada clave debe ser una tupla (nombre, semilla); "
                f"se recibió {clave!r}."
            )
        if not isinstance(h, Historial) or not h.epocas:
            raise TypeError(
                f"historiales[{clave!r}] debe ser un Historial con al menos una época."
            )
    return historiales


def figura_regularizacion(historiales, *, sobreajuste: str | None = None, semilla=None):
    """Pérdida de un modelo que sobreajusta y exactitud de validación de todos.

    Panel izquierdo: pérdida de entrenamiento (continua) y de validación
    (discontinua) por época de la configuración ``sobreajuste`` y de la
    segunda configuración, con la brecha entre ambas sombreada. Panel
    derecho: exactitud de validación por época de cada configuración, una
    línea fina por semilla y la media de las semillas en trazo grueso; un
    punto marca la época cuyos pesos se conservan cuando hay parada
    temprana (y la media de esas configuraciones va discontinua).

    Parameters
    ----------
    historiales : dict (nombre, semilla) → Historial
        Los de :func:`rnnbook.experimentos.comparar_regularizacion`.
    sobreajuste : str o None
        Configuración del panel izquierdo; por defecto, la primera.
    semilla : int o None
        Semilla del panel izquierdo; por defecto, la primera.

    Returns
    -------
    matplotlib.figure.Figure
    """
    historiales = _validar(historiales)
    nombres = list(dict.fromkeys(n for n, _ in historiales))
    semillas = list(dict.fromkeys(s for _, s in historiales))
    sobreajuste = nombres[0] if sobreajuste is None else sobreajuste
    semilla = semillas[0] if semilla is None else semilla
    if (sobreajuste, semilla) not in historiales:
        raise ValueError(
            f"No hay historial para ({sobreajuste!r}, {semilla!r}); "
            f"disponibles: {sorted(historiales)}."
        )
    fig, (ax1, ax2) = nueva_figura(1, 2, ancho=12, alto=4.6)
    izquierda = [sobreajuste] + [n for n in nombres if n != sobreajuste][:1]
    for nombre in izquierda:
        h = historiales.get((nombre, semilla))
        if h is None:
            continue
        c = _COLORES[nombres.index(nombre) % len(_COLORES)]
        ep = h.columna("epoca")
        ent, val = h.columna("perdida_entrenamiento"), h.columna("perdida_validacion")
        ax1.plot(ep, ent, "-", color=c, lw=2, label=f"entrenamiento ({nombre})")
        ax1.plot(ep, val, "--", color=c, lw=2, label=f"validación ({nombre})")
        ax1.fill_between(ep, ent, val, color=c, alpha=0.12)
    ax1.set_yscale("log")
    ax1.set(
        title=f"Pérdida por época (semilla {semilla})",
        xlabel="época",
        ylabel="entropía cruzada (nats, escala log.)",
    )
    for i, nombre in enumerate(nombres):
        c = _COLORES[i % len(_COLORES)]
        curvas, estilo = [], "-"
        for s in semillas:
            h = historiales.get((nombre, s))
            if h is None:
                continue
            acc = 100 * np.asarray(h.columna("exactitud_validacion"))
            curvas.append(acc)
            ax2.plot(h.columna("epoca"), acc, "-", color=c, lw=0.7, alpha=0.35)
            if h.detenido_antes and h.mejor_epoca is not None:
                estilo = "--"
                ax2.plot(h.mejor_epoca, acc[h.mejor_epoca - 1], "o", color=c, ms=5)
        largo = min(len(a) for a in curvas)
        media = np.mean([a[:largo] for a in curvas], axis=0)
        ax2.plot(np.arange(1, largo + 1), media, estilo, color=c, lw=2.2, label=nombre)
    ax2.axhline(50, color=PALETA["referencia"], lw=0.8, ls=":")
    ax2.set(
        title="Exactitud de validación por época",
        xlabel="época",
        ylabel="exactitud (%)",
        ylim=(40, 101),
    )
    for ax in (ax1, ax2):
        ax.legend(loc="best")
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.suptitle(
        "Una LSTM grande con pocos datos: sobreajuste y regularización",
        fontweight="bold",
    )
    return fig
