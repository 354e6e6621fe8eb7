"""Figuras del ejercicio B2: errores por magnitud, sonda y pesos por paso."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from .. import validacion as _v
from ..experimentos.signo_suma import ResultadoSonda
from ..figuras.estilo import PALETA, nueva_figura

__all__ = ["figura_signo_suma", "figura_sonda_suma", "figura_pesos_por_paso"]


# ------------------------------------------------------------------ figuras
_COLORES = (
    PALETA["lstm"],
    PALETA["referencia"],
    PALETA["rnn"],
    PALETA["gru"],
    PALETA["atencion"],
)


def figura_signo_suma(
    suma, probabilidades: Mapping[str, object], tabla, *, limite: float | None = None
):
    r"""Lo que decide cada modelo en función de :math:`S`, y su exactitud por intervalos de :math:`|S|`.

    Parameters
    ----------
    suma : array de forma (N,)
        :math:`S` de cada secuencia de prueba.
    probabilidades : dict nombre → array de forma (N,)
        :math:`P(y = 1)` según cada modelo. El primero se dibuja como nube de
        puntos; los demás, como curva (ordenados por :math:`S`).
    tabla : pandas.DataFrame
        La de :func:`exactitud_por_magnitud` con los mismos nombres.
    limite : float, opcional
        Rango :math:`[-\text{limite}, \text{limite}]` del eje de :math:`S` en
        el panel izquierdo (por defecto, todos los datos).

    Returns
    -------
    matplotlib.figure.Figure
    """
    import pandas as pd

    suma = _v.array_finito("suma", suma, ndim=1, dtype=np.float64)
    if not isinstance(probabilidades, Mapping) or not probabilidades:
        raise TypeError("probabilidades debe ser un dict no vacío nombre → P(y = 1).")
    if not isinstance(tabla, pd.DataFrame) or "ejemplos" not in tabla.columns:
        raise TypeError("tabla debe ser el DataFrame de exactitud_por_magnitud(...).")
    fig, (ax_p, ax_e) = nueva_figura(1, 2, ancho=11.0, alto=4.3)
    orden = np.argsort(suma)
    for j, (nombre, p) in enumerate(probabilidades.items()):
        p = _v.array_finito(
            f"probabilidades[{nombre!r}]", p, forma=suma.shape, dtype=np.float64
        )
        color = _COLORES[j % len(_COLORES)]
        if j == 0:
            ax_p.scatter(suma, p, s=6, alpha=0.35, color=color, lw=0, label=nombre)
        else:
            ax_p.plot(suma[orden], p[orden], color=color, lw=2, label=nombre)
    ax_p.axvline(0, color=PALETA["estado"], lw=1, ls=":")
    if limite is not None:
        limite = _v.real_positivo("limite", limite)
        ax_p.set_xlim(-limite, limite)
    ax_p.set_xlabel(r"Suma de la secuencia $S = \sum_t x_t$")
    ax_p.set_ylabel(r"$P(y = 1)$ predicha")
    ax_p.set_title("La decisión como función de la suma")
    ax_p.legend(loc="upper left", markerscale=3)

    columnas = [c for c in tabla.columns if c.endswith(" (%)")]
    x = np.arange(len(tabla))
    ancho = 0.8 / max(len(columnas), 1)
    for j, col in enumerate(columnas):
        ax_e.bar(
            x + (j - (len(columnas) - 1) / 2) * ancho,
            tabla[col],
            width=ancho,
            color=_COLORES[j % len(_COLORES)],
            label=col.removesuffix(" (%)"),
        )
    ax_e.set_xticks(x)
    ax_e.set_xticklabels(
        [f"{i}\n(n = {n})" for i, n in zip(tabla.index, tabla["ejemplos"])], fontsize=8
    )
    minimo = float(np.nanmin(tabla[columnas].to_numpy())) if columnas else 50.0
    ax_e.set_ylim(max(0.0, min(50.0, 10 * math.floor(minimo / 10))), 101)
    ax_e.set_xlabel(r"$|S|$ (intervalo y número de secuencias de prueba)")
    ax_e.set_ylabel("Exactitud de prueba (%)")
    ax_e.set_title("Los errores están cerca de S = 0")
    ax_e.legend(loc="lower right")
    return fig


def figura_sonda_suma(
    resultados: Mapping[str, ResultadoSonda], *, detalle: str | None = None
):
    r""":math:`R^2` de la sonda en cada paso y, para un resultado, :math:`\hat S_T` frente a :math:`S_T`.

    Parameters
    ----------
    resultados : dict nombre → ResultadoSonda
    detalle : str, opcional
        Nombre del resultado cuyo último paso se dibuja en el panel derecho
        (por defecto, el primero).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(resultados, Mapping) or not resultados:
        raise TypeError("resultados debe ser un dict no vacío nombre → ResultadoSonda.")
    for nombre, r in resultados.items():
        if not isinstance(r, ResultadoSonda):
            raise TypeError(
                f"resultados[{nombre!r}] debe ser un ResultadoSonda; se recibió {type(r).__name__}."
            )
    detalle = next(iter(resultados)) if detalle is None else detalle
    if detalle not in resultados:
        raise ValueError(
            f"detalle debe ser una de {list(resultados)}; se recibió {detalle!r}."
        )
    colores = (
        PALETA["lstm"],
        PALETA["celda"],
        PALETA["referencia"],
        PALETA["rnn"],
        PALETA["atencion"],
    )
    fig, (ax_r, ax_s) = nueva_figura(1, 2, ancho=11.0, alto=4.3)
    for j, (nombre, r) in enumerate(resultados.items()):
        t = np.arange(1, r.r2_por_paso.size + 1)
        ax_r.plot(
            t,
            r.r2_por_paso,
            marker="o",
            ms=3,
            lw=2,
            color=colores[j % len(colores)],
            ls="-" if j < 2 else "--",
            label=f"{nombre} (global {r.r2:.3f})",
        )
    ax_r.set_ylim(
        min(0.0, min(float(np.min(r.r2_por_paso)) for r in resultados.values())), 1.02
    )
    ax_r.xaxis.get_major_locator().set_params(integer=True)
    ax_r.set_xlabel("Paso t")
    ax_r.set_ylabel(r"$R^2$ de la sonda en prueba")
    ax_r.set_title(r"¿Se puede leer $S_t$ del estado con una recta?")
    ax_r.legend(loc="lower left")

    r = resultados[detalle]
    s, s_hat = r.suma_parcial[:, -1], r.prediccion[:, -1]
    j = list(resultados).index(detalle)
    ax_s.scatter(s, s_hat, s=6, alpha=0.35, lw=0, color=colores[j % len(colores)])
    lim = float(np.max(np.abs(s)))
    ax_s.plot(
        [-lim, lim],
        [-lim, lim],
        color=PALETA["estado"],
        lw=1,
        ls="--",
        label="lectura perfecta",
    )
    ax_s.set_xlabel(r"Suma verdadera $S_T$")
    ax_s.set_ylabel(r"Suma leída $\hat S_T$")
    ax_s.set_title(f"Último paso: {detalle}")
    ax_s.legend(loc="upper left")
    return fig


def figura_pesos_por_paso(pesos: Mapping[str, np.ndarray]):
    """Peso relativo de cada paso en la decisión (:func:`pesos_por_paso` dividido por su media).

    Parameters
    ----------
    pesos : dict nombre → ndarray de forma (T,)

    Returns
    -------
    matplotlib.figure.Figure
        Una línea por modelo y la referencia del integrador exacto (1 en todos los pasos).
    """
    if not isinstance(pesos, Mapping) or not pesos:
        raise TypeError("pesos debe ser un dict no vacío nombre → pesos_por_paso(...).")
    fig, ax = nueva_figura(1, 1, ancho=7.5, alto=4.0)
    for j, (nombre, g) in enumerate(pesos.items()):
        g = _v.array_finito(f"pesos[{nombre!r}]", g, ndim=1, dtype=np.float64)
        if abs(g.mean()) == 0:
            raise ValueError(
                f"pesos[{nombre!r}] tiene media 0: no se puede normalizar."
            )
        color = PALETA.get(str(nombre).split()[0].lower(), _COLORES[j % len(_COLORES)])
        ax.plot(
            np.arange(1, g.size + 1),
            g / g.mean(),
            lw=2,
            marker="o",
            ms=3,
            color=color,
            label=nombre,
        )
    ax.axhline(
        1.0,
        color=PALETA["referencia"],
        ls="--",
        lw=1.5,
        label="integrador exacto (solo la suma)",
    )
    ax.set_ylim(bottom=0)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("Paso t")
    ax.set_ylabel("Peso relativo del paso (media = 1)")
    ax.set_title(r"Sensibilidad de la decisión a cada $x_t$")
    ax.legend(loc="lower right")
    return fig
