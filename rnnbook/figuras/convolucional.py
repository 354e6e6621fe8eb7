"""Figuras del ejercicio I2: CNN frente a LSTM y campo receptivo."""

from __future__ import annotations

from .. import validacion as _v
from ..datos.sentimiento import SentimientoNegacionDataset
from ..experimentos.convolucional import techo_con_ventana

__all__ = ["figura_cnn_vs_lstm", "figura_campo_receptivo"]


def figura_cnn_vs_lstm(resultados: dict, colores: dict, *, datos_curvas: str):
    """Exactitud de prueba por conjunto y modelo, y la validación época a época en un conjunto.

    Parameters
    ----------
    resultados : dict (datos, modelo) → dict
        Salidas de :func:`medir_clasificador`.
    colores : dict modelo → color
        Modelos que se dibujan, en este orden.
    datos_curvas : str
        Conjunto cuyas curvas de validación se muestran a la derecha.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from ..figuras.estilo import PALETA, nueva_figura

    conjuntos = list(dict.fromkeys(d for d, _ in resultados))
    if datos_curvas not in conjuntos:
        raise ValueError(
            f"datos_curvas debe ser uno de {conjuntos}; se recibió {datos_curvas!r}."
        )
    fig, (ax1, ax2) = nueva_figura(1, 2, ancho=11, alto=4)
    ancho_barra = 0.27
    for i, nombre_datos in enumerate(conjuntos):
        presentes = [m for m in colores if (nombre_datos, m) in resultados]
        for j, nombre_modelo in enumerate(presentes):
            x = (
                i + (j - (len(presentes) - 1) / 2) * ancho_barra
            )  # barras centradas en su grupo
            ax1.bar(
                x,
                100 * resultados[nombre_datos, nombre_modelo]["exactitud"],
                width=ancho_barra,
                color=colores[nombre_modelo],
                label=nombre_modelo if i == len(conjuntos) - 1 else None,
            )
    ax1.axhline(50, color=PALETA["referencia"], lw=1, ls=":", label="azar")
    ax1.set_xticks(range(len(conjuntos)), conjuntos)
    ax1.set(
        title="Exactitud de prueba",
        ylabel="exactitud (%)",
        ylim=(0, 125),
        yticks=range(0, 101, 20),
    )
    ax1.legend(loc="upper center", ncol=4)
    for nombre_modelo, color in colores.items():
        if (datos_curvas, nombre_modelo) not in resultados:
            continue
        h = resultados[datos_curvas, nombre_modelo]["historial"]
        ax2.plot(
            h.columna("epoca"),
            [100 * a for a in h.columna("exactitud_validacion")],
            "-o",
            ms=4,
            color=color,
            label=nombre_modelo,
        )
    ax2.axhline(50, color=PALETA["referencia"], lw=1, ls=":")
    ax2.set(
        title=f"{datos_curvas[:1].upper()}{datos_curvas[1:]}: validación",
        xlabel="época",
        ylabel="exactitud (%)",
        ylim=(0, 125),
        yticks=range(0, 101, 20),
    )
    ax2.legend(loc="upper center", ncol=3)
    fig.suptitle("Convolución 1D frente a LSTM", fontweight="bold")
    return fig


def figura_campo_receptivo(
    datos: SentimientoNegacionDataset,
    convoluciones: dict,
    recurrente: tuple,
    *,
    anchos=range(1, 13),
    titulo: str = "Exactitud de prueba según el campo receptivo",
):
    """Exactitud frente al campo receptivo, con el techo de los modelos de ventana fija.

    Parameters
    ----------
    datos : SentimientoNegacionDataset
        Conjunto de prueba con el que se calcula el techo (:func:`techo_con_ventana`).
    convoluciones : dict nombre → (campo receptivo, exactitud, color)
    recurrente : tuple (nombre, exactitud, color)
        El modelo sin ventana, como línea horizontal.
    anchos : iterable of int
        Anchos de ventana del eje horizontal.
    titulo : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    from ..figuras.estilo import PALETA, nueva_figura

    anchos = [_v.entero_positivo("ancho", a) for a in anchos]
    techos = [100 * techo_con_ventana(datos, w) for w in anchos]
    fig, ax = nueva_figura(ancho=7, alto=4)
    ax.step(
        anchos,
        techos,
        where="mid",
        color=PALETA["referencia"],
        label="techo con ventanas de ese ancho",
    )
    for nombre, (campo, acc, color) in convoluciones.items():
        ax.plot(campo, 100 * acc, "o", ms=9, color=color, label=nombre)
    nombre, acc, color = recurrente
    ax.axhline(100 * acc, color=color, ls="--", label=f"{nombre} (sin ventana)")
    ax.set(
        title=titulo,
        xlabel="campo receptivo (palabras)",
        ylabel="exactitud de prueba (%)",
        ylim=(40, 105),
    )
    ax.set_xticks(anchos)
    ax.legend(loc="lower right")
    return fig
