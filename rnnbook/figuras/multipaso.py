"""Figuras del ejercicio B3: error por paso del horizonte y serie real."""

from __future__ import annotations

import numpy as np

from .. import validacion as _v
from ..datos.elnino import DatosSerieReal
from ..datos.series import a_numpy
from ..figuras.estilo import PALETA, nueva_figura

__all__ = ["figura_mse_por_paso", "figura_serie_real"]


# ---------------------------------------------------------------------------- figuras
_COLORES = [PALETA["bilstm"], PALETA["celda"], PALETA["salida"], PALETA["entrada"]]
_COLOR_POR_PALABRA = {
    "lstm": PALETA["lstm"],
    "autorregresivo": PALETA["rnn"],
    "persistencia": PALETA["estado"],
    "estacional": PALETA["gru"],
}


def _estilo(nombre, i: int) -> dict:
    """Estilo de una curva según su nombre, el mismo en todas las figuras.

    El color dice el predictor (``lstm``, ``autorregresivo``, ``persistencia``,
    ``estacional``; si no, uno de una lista) y el trazo la estrategia:
    continuo la directa, discontinuo con cuadrados la ``recursiva``.
    """
    texto = str(nombre).lower()
    color = next(
        (c for palabra, c in _COLOR_POR_PALABRA.items() if palabra in texto),
        _COLORES[i % len(_COLORES)],
    )
    recursiva = "recursiva" in texto
    return {
        "color": color,
        "ls": "--" if recursiva else "-",
        "marker": "s" if recursiva else "o",
    }


def figura_mse_por_paso(
    tablas: dict,
    *,
    dispersion: dict | None = None,
    ylabel: dict | None = None,
    escala_log: bool = False,
):
    """MSE frente al paso del horizonte, un panel por tabla.

    Parameters
    ----------
    tablas : dict título → pandas.DataFrame
        Tablas de :func:`tabla_mse_por_paso`. Las filas cuyo nombre empieza
        por ``"piso"`` se dibujan como referencia (gris, discontinua); el
        color de las demás depende de una palabra de su nombre (``LSTM``,
        ``autorregresivo``, ``persistencia``, ``estacional``) y el trazo es
        discontinuo si el nombre contiene ``recursiva``, así que un mismo
        predictor se dibuja igual en todas las figuras.
    dispersion : dict título → pandas.DataFrame, opcional
        Desviación típica de algunas filas (p. ej. ``"desviacion"`` de
        :func:`comparar_directa_recursiva`), dibujada como barras de error.
    ylabel : dict título → str, opcional
        Rótulo del eje vertical de cada panel (con sus unidades).
    escala_log : bool
        Eje vertical logarítmico.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import pandas as pd

    if (
        not isinstance(tablas, dict)
        or not tablas
        or not all(isinstance(t, pd.DataFrame) for t in tablas.values())
    ):
        raise TypeError(
            "tablas debe ser un dict no vacío título → DataFrame (de tabla_mse_por_paso)."
        )
    ylabel, dispersion = ylabel or {}, dispersion or {}
    fig, ejes = nueva_figura(
        1, len(tablas), ancho=5.5 * len(tablas), alto=4.2, squeeze=False
    )
    for ax, (titulo, tabla) in zip(ejes[0], tablas.items()):
        pasos = np.asarray(tabla.columns, dtype=int)
        for i, (nombre, fila) in enumerate(tabla.iterrows()):
            if str(nombre).startswith("piso"):
                ax.plot(
                    pasos,
                    fila.to_numpy(),
                    color=PALETA["referencia"],
                    ls="--",
                    lw=1.5,
                    label=nombre,
                )
            else:
                d = dispersion.get(titulo)
                barras = (
                    d.loc[nombre].to_numpy()
                    if d is not None and nombre in d.index
                    else None
                )
                ax.errorbar(
                    pasos,
                    fila.to_numpy(),
                    yerr=barras,
                    ms=4,
                    capsize=3,
                    label=nombre,
                    **_estilo(nombre, i),
                )
        ax.set(
            title=titulo,
            xlabel="paso del horizonte k",
            ylabel=ylabel.get(titulo, "MSE de prueba"),
            xticks=pasos,
        )
        if escala_log:
            ax.set_yscale("log")
        ax.legend(fontsize=8)
    return fig


def figura_serie_real(
    datos: DatosSerieReal,
    predicciones: dict | None = None,
    *,
    paso: int | None = None,
    unidades: str = "",
):
    """La serie real con su división cronológica o, con ``predicciones``, el tramo de prueba.

    Parameters
    ----------
    datos : DatosSerieReal
    predicciones : dict nombre → array de forma (N, K), opcional
        Predicciones **en unidades originales** para el conjunto de prueba.
        Sin ellas se dibuja la serie entera con los tramos de los objetivos
        de entrenamiento, validación y prueba sombreados; con ellas, los
        valores observados de la prueba y, para cada predictor, la
        predicción hecha ``paso`` pasos antes de cada fecha.
    paso : int, opcional
        Paso del horizonte que se dibuja (por defecto, el último, K).
    unidades : str
        Para el rótulo del eje vertical, p. ej. ``"°C"``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(datos, DatosSerieReal):
        raise TypeError(
            f"datos debe ser un DatosSerieReal; se recibió {type(datos).__name__}."
        )
    paso = datos.horizonte if paso is None else paso
    rotulo = f"valor ({unidades})" if unidades else "valor"
    fig, ax = nueva_figura(1, 1, ancho=11, alto=3.8)
    if not predicciones:
        ax.plot(
            datos.serie.index, datos.serie.to_numpy(), color=PALETA["entrada"], lw=0.9
        )
        for conjunto, color, nombre in (
            ("entrenamiento", PALETA["celda"], "entrenamiento"),
            ("validacion", PALETA["salida"], "validación"),
            ("prueba", PALETA["lstm"], "prueba"),
        ):
            ax.axvspan(
                datos.fechas(conjunto)[0],
                datos.fechas(conjunto, datos.horizonte)[-1],
                color=color,
                alpha=0.12,
                lw=0,
                label=f"objetivos de {nombre}",
            )
        ax.set(title="La serie y su división cronológica", ylabel=rotulo)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=3)
        return fig
    fechas = datos.fechas("prueba", paso)
    real = datos.a_unidades(datos.y["prueba"][:, paso - 1])  # (N,)
    ax.plot(
        fechas, real, color=PALETA["entrada"], lw=1.2, marker=".", label="observado"
    )
    for i, (nombre, p) in enumerate(predicciones.items()):
        p = _v.array_finito(
            f"predicciones[{nombre!r}]",
            a_numpy(p),
            forma=(real.shape[0], datos.horizonte),
        )
        estilo = _estilo(nombre, i)
        ax.plot(
            fechas,
            p[:, paso - 1],
            color=estilo["color"],
            ls=estilo["ls"],
            lw=1.2,
            label=nombre,
        )
    ax.set(
        title=f"Prueba: predicción hecha {paso} pasos antes de cada fecha",
        ylabel=rotulo,
    )
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=len(predicciones) + 1
    )
    return fig
