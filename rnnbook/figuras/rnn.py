"""Figuras de la parte 1: RNN desenrollada, convergencia de BPTT, recorte y estados."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .. import validacion as _v
from ..figuras.estilo import PALETA, nueva_figura

__all__ = [
    "figura_rnn_desenrollada",
    "figura_convergencia_bptt",
    "figura_recorte_gradiente",
    "figura_estados_ocultos",
]


# --------------------------------------------------------------------------- figuras
def figura_rnn_desenrollada(seq_len: int = 4, *, modo: str = "muchos_a_muchos"):
    """Diagrama de la RNN desenrollada en el tiempo.

    Las celdas (verde) son copias de **la misma** celda con los mismos pesos;
    las entradas son azules, las salidas naranjas y el estado oculto que pasa
    de un paso al siguiente, gris.

    Parameters
    ----------
    seq_len : int
        Pasos de tiempo dibujados (entre 1 y 12).
    modo : {"muchos_a_muchos", "muchos_a_uno"}
        Con ``"muchos_a_uno"`` solo el último paso tiene salida.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.patches as mpatches

    seq_len = _v.entero_positivo("seq_len", seq_len)
    if seq_len > 12:
        raise ValueError(
            f"seq_len debe estar entre 1 y 12 para que el diagrama se lea; se recibió {seq_len}."
        )
    _v.opcion("modo", modo, ("muchos_a_muchos", "muchos_a_uno"))
    fig, ax = nueva_figura(ancho=max(6.0, 2.2 * seq_len + 2.5), alto=4.6)
    ax.set_xlim(-0.75, seq_len + 0.45)
    ax.set_ylim(-1.2, 4.1)
    ax.axis("off")
    titulo = "muchos a muchos" if modo == "muchos_a_muchos" else "muchos a uno"
    ax.set_title(f"RNN desenrollada en el tiempo ({titulo})", fontweight="bold")
    flecha = dict(arrowstyle="-|>", lw=2, mutation_scale=14)
    izq, der = 0.22, 0.78  # bordes de cada celda dentro de su columna [t, t + 1]
    for t in range(seq_len):
        c = t + 0.5  # centro de la celda t
        ax.add_patch(
            mpatches.FancyBboxPatch(
                (t + izq, 1.5),
                der - izq,
                0.8,
                boxstyle="round,pad=0.05",
                facecolor=PALETA["celda"],
                edgecolor="black",
                lw=1.5,
            )
        )
        ax.text(
            c,
            1.9,
            f"RNN\n$t={t + 1}$",
            ha="center",
            va="center",
            color="white",
            fontweight="bold",
            fontsize=10,
        )
        ax.annotate(
            "",
            xy=(c, 1.42),
            xytext=(c, 0.45),
            arrowprops=dict(color=PALETA["entrada"], **flecha),
        )
        ax.text(
            c,
            0.15,
            f"$x_{{{t + 1}}}$",
            ha="center",
            va="center",
            fontsize=13,
            color=PALETA["entrada"],
        )
        ax.text(
            c + 0.05, 0.95, "$W_{xh}$", fontsize=9, color=PALETA["entrada"], va="center"
        )
        if modo == "muchos_a_muchos" or t == seq_len - 1:
            ax.annotate(
                "",
                xy=(c, 3.25),
                xytext=(c, 2.38),
                arrowprops=dict(color=PALETA["salida"], **flecha),
            )
            ax.text(
                c,
                3.55,
                f"$y_{{{t + 1}}}$",
                ha="center",
                va="center",
                fontsize=13,
                color=PALETA["salida"],
            )
            ax.text(
                c + 0.05,
                2.8,
                "$W_{hy}$",
                fontsize=9,
                color=PALETA["salida"],
                va="center",
            )
        # Estado oculto que entra en la celda t: h_0 = 0 en la primera, h_{t} desde la anterior.
        x0 = -0.7 if t == 0 else t - 1 + der + 0.06
        ax.annotate(
            "",
            xy=(t + izq - 0.06, 1.9),
            xytext=(x0, 1.9),
            arrowprops=dict(color=PALETA["estado"], **flecha),
        )
        etiqueta = "$h_0 = 0$" if t == 0 else f"$h_{{{t}}}$"
        ax.text(
            (x0 + t + izq) / 2,
            2.12,
            etiqueta,
            ha="center",
            va="center",
            fontsize=11,
            color=PALETA["estado"],
        )
        if t > 0:
            ax.text(
                (x0 + t + izq) / 2,
                1.66,
                "$W_{hh}$",
                ha="center",
                va="center",
                fontsize=9,
                color=PALETA["estado"],
            )
    # El último estado sale de la cadena (es el que usa un clasificador muchos a uno).
    ax.annotate(
        "",
        xy=(seq_len + 0.4, 1.9),
        xytext=(seq_len - 1 + der + 0.06, 1.9),
        arrowprops=dict(color=PALETA["estado"], **flecha),
    )
    ax.text(
        seq_len + 0.15,
        2.12,
        f"$h_{{{seq_len}}}$",
        ha="center",
        va="center",
        fontsize=11,
        color=PALETA["estado"],
    )
    leyenda = [
        mpatches.Patch(
            color=PALETA["celda"], label="Celda RNN (mismos pesos en cada paso)"
        ),
        mpatches.Patch(color=PALETA["entrada"], label="Entradas $x_t$"),
        mpatches.Patch(color=PALETA["salida"], label="Salidas $y_t$"),
        mpatches.Patch(color=PALETA["estado"], label="Estado oculto $h_t$"),
    ]
    ax.legend(handles=leyenda, loc="lower center", ncol=2, bbox_to_anchor=(0.5, -0.02))
    return fig


def _serie(nombre: str, valores) -> np.ndarray:
    arr = np.asarray(valores, dtype=np.float64)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(
            f"La curva {nombre!r} debe ser una lista no vacía de números; se recibió forma {arr.shape}."
        )
    return arr


def figura_convergencia_bptt(
    perdidas: Mapping[str, Sequence[float]],
    *,
    umbral: float | None = None,
    titulo: str = "Convergencia de la RNN entrenada con BPTT",
):
    """Curvas de pérdida por paso de entrenamiento, en escala logarítmica.

    Parameters
    ----------
    perdidas : dict de str a lista de float
        Etiqueta de la leyenda → pérdida en cada paso (el paso 0 es la inicial).
    umbral : float, opcional
        Dibuja una línea horizontal de referencia (por ejemplo 0.01).
    titulo : str
        Título de la figura.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(perdidas, Mapping) or not perdidas:
        raise TypeError(
            f"perdidas debe ser un dict no vacío etiqueta → lista; se recibió {type(perdidas).__name__}."
        )
    colores = [
        PALETA[c] for c in ("rnn", "lstm", "gru", "bilstm", "atencion", "referencia")
    ]
    fig, ax = nueva_figura()
    for i, (etiqueta, valores) in enumerate(perdidas.items()):
        y = _serie(etiqueta, valores)
        ax.plot(
            np.arange(y.size),
            y,
            color=colores[i % len(colores)],
            lw=1.8,
            label=str(etiqueta),
        )
    if umbral is not None:
        umbral = _v.real_positivo("umbral", umbral)
        ax.axhline(
            umbral,
            color=PALETA["referencia"],
            ls="--",
            lw=1,
            label=f"pérdida = {umbral:g}",
        )
    ax.set_yscale("log")
    ax.set_xlabel("Paso de entrenamiento (actualizaciones de SGD)")
    ax.set_ylabel("Entropía cruzada (nats, escala log.)")
    ax.set_title(titulo)
    ax.legend()
    return fig


def figura_recorte_gradiente(
    historiales: Mapping[str, pd.DataFrame], *, max_norm: float = 5.0
):
    """Norma del gradiente y pérdida por paso, con y sin recorte, lado a lado.

    Parameters
    ----------
    historiales : dict de str a pandas.DataFrame
        Etiqueta → tabla de :func:`entrenar_bptt`.
    max_norm : float
        Umbral del recorte (línea de referencia en el panel de normas).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(historiales, Mapping) or not historiales:
        raise TypeError(
            "historiales debe ser un dict no vacío etiqueta → DataFrame de entrenar_bptt."
        )
    max_norm = _v.real_positivo("max_norm", max_norm)
    colores = [PALETA[c] for c in ("estable", "explosivo", "rnn", "lstm")]
    fig, (ax_n, ax_p) = nueva_figura(1, 2, ancho=11, alto=4)
    for i, (etiqueta, hist) in enumerate(historiales.items()):
        if not isinstance(hist, pd.DataFrame) or not {
            "paso",
            "perdida",
            "norma",
        } <= set(hist.columns):
            raise TypeError(
                f"historiales[{etiqueta!r}] debe ser la tabla de entrenar_bptt."
            )
        color = colores[i % len(colores)]
        ax_n.plot(hist["paso"], hist["norma"], color=color, lw=1.2, label=str(etiqueta))
        ax_p.plot(
            hist["paso"], hist["perdida"], color=color, lw=1.5, label=str(etiqueta)
        )
    ax_n.axhline(
        max_norm,
        color=PALETA["referencia"],
        ls="--",
        lw=1,
        label=f"umbral = {max_norm:g}",
    )
    ax_n.set_yscale("log")
    ax_n.set_xlabel("Paso de entrenamiento")
    ax_n.set_ylabel("Norma global del gradiente (antes del recorte)")
    ax_n.set_title("Norma del gradiente")
    ax_n.legend()
    ax_p.set_xlabel("Paso de entrenamiento")
    ax_p.set_ylabel("Entropía cruzada media (nats)")
    ax_p.set_title("Pérdida de entrenamiento")
    ax_p.legend()
    return fig


def figura_estados_ocultos(estados: Mapping[str, np.ndarray]):
    """Mapas de calor de los estados ocultos a lo largo del tiempo, uno por panel.

    Parameters
    ----------
    estados : dict de str a ndarray de forma (H, T)
        Título del panel → estados :math:`h_1, \\dots, h_T` en columnas (por
        ejemplo ``np.hstack(H)`` con ``H`` de :meth:`CeldaRNN.forward_sequence`).

    Returns
    -------
    matplotlib.figure.Figure
        Color azul para −1, blanco para 0 y rojo para +1: el rango de
        :math:`\\tanh`.
    """
    if not isinstance(estados, Mapping) or not estados:
        raise TypeError(
            f"estados debe ser un dict no vacío título → ndarray (H, T); se recibió "
            f"{type(estados).__name__}."
        )
    matrices = {
        str(k): _v.array_finito(f"estados[{k!r}]", v, ndim=2)
        for k, v in estados.items()
    }
    fig, ejes = nueva_figura(
        1, len(matrices), ancho=3.6 * len(matrices) + 1.0, alto=3.6, squeeze=False
    )
    for ax, (titulo, m) in zip(ejes[0], matrices.items()):
        imagen = ax.imshow(
            m,
            aspect="auto",
            cmap="RdBu_r",
            vmin=-1,
            vmax=1,
            interpolation="nearest",
            extent=(0.5, m.shape[1] + 0.5, m.shape[0] - 0.5, -0.5),
        )
        ax.set_title(titulo)
        ax.set_xlabel("Paso de tiempo t")
        ax.grid(False)
    ejes[0][0].set_ylabel("Unidad del estado oculto")
    fig.colorbar(imagen, ax=list(ejes[0]), label="$h_t$ (adimensional)", shrink=0.9)
    return fig
