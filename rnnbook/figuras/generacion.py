"""Figuras del ejercicio A2: curvas en bits por carácter y muestras por temperatura."""

from __future__ import annotations

import math

import numpy as np
import torch

from .. import validacion as _v
from ..datos.caracteres import Vocabulario
from ..entrenamiento import Historial
from ..experimentos.generacion import bits_por_caracter, probabilidades
from ..figuras.estilo import PALETA, nueva_figura
from ..modelos.caracteres import LSTMCaracteres

__all__ = ["figura_curvas_caracteres", "figura_temperaturas"]


# ================================================================================= figuras
def _visible(c: str) -> str:
    return {" ": "␣", "\n": "⏎", "\t": "⇥"}.get(c, c)


def figura_curvas_caracteres(
    historial: Historial, lineas_base: dict[str, float] | None = None
):
    """Bits por carácter de entrenamiento y de validación por época, con las referencias.

    Parameters
    ----------
    historial : Historial
        El de :func:`entrenar_caracteres` (pérdidas en *nats*).
    lineas_base : dict, opcional
        El de :func:`lineas_base_bpc`: se dibujan como rectas horizontales.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(historial, Historial) or not historial.epocas:
        raise TypeError("historial debe ser un Historial con al menos una época.")
    fig, ax = nueva_figura(ancho=7.5, alto=4.0)
    epocas = historial.columna("epoca")
    ax.plot(
        epocas,
        [bits_por_caracter(v) for v in historial.columna("perdida_entrenamiento")],
        "o-",
        color=PALETA["lstm"],
        label="LSTM, entrenamiento (media de la época)",
    )
    ax.plot(
        epocas,
        [bits_por_caracter(v) for v in historial.columna("perdida_validacion")],
        "s--",
        color=PALETA["lstm"],
        alpha=0.7,
        label="LSTM, validación (fin de la época)",
    )
    estilos = {"uniforme": ":", "unigrama": "-."}
    for nombre, valor in (lineas_base or {}).items():
        ax.axhline(
            valor,
            color=PALETA["referencia"],
            ls=estilos.get(nombre, ":"),
            label=f"{nombre} ({valor:.2f} bits)",
        )
    ax.set_xlabel("época")
    ax.set_ylabel("entropía cruzada (bits por carácter)")
    ax.set_title("Modelo de caracteres: cuánto cuesta, en bits, predecir el siguiente")
    ax.set_xticks(epocas)
    ax.set_ylim(
        0, max(ax.get_ylim()[1], 1.0) * 1.3
    )  # hueco para la leyenda sobre las curvas
    ax.legend(loc="upper right", ncols=2)
    return fig


@torch.no_grad()
def figura_temperaturas(
    modelo: LSTMCaracteres,
    vocabulario: Vocabulario,
    inicio: str,
    temperaturas=(0.5, 1.0, 1.5),
    top_k: int | None = None,
    mostrar: int = 12,
):
    """Distribución del carácter que sigue a ``inicio`` con varias temperaturas.

    Un panel por temperatura (y uno más con *top-k* si se da), con los
    ``mostrar`` caracteres más probables a temperatura 1 y la entropía de la
    distribución completa en el título. «␣» es el espacio y «⏎» el salto de
    línea.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(modelo, LSTMCaracteres) or not isinstance(
        vocabulario, Vocabulario
    ):
        raise TypeError("Se esperaba un LSTMCaracteres y su Vocabulario.")
    if not isinstance(inicio, str) or not inicio:
        raise ValueError("inicio debe ser un texto no vacío.")
    mostrar = _v.entero_positivo("mostrar", mostrar)
    estaba_entrenando = modelo.training
    modelo.eval()
    try:
        dispositivo = next(modelo.parameters()).device
        z = (
            modelo(vocabulario.codificar(inicio).unsqueeze(0).to(dispositivo))[0, -1]
            .float()
            .cpu()
        )  # (V,)
    finally:
        modelo.train(estaba_entrenando)
    z[0] = -math.inf
    paneles = [(f"T = {t:g}", probabilidades(z, t)) for t in temperaturas]
    if top_k is not None:
        paneles.append((f"T = 1, top-k = {top_k}", probabilidades(z, 1.0, top_k)))
    orden = torch.argsort(probabilidades(z, 1.0), descending=True)[:mostrar]
    etiquetas = [_visible(vocabulario.simbolos[i]) for i in orden.tolist()]
    fig, ejes = nueva_figura(
        1, len(paneles), ancho=3.0 * len(paneles) + 1, alto=3.6, sharey=True
    )
    ejes = np.atleast_1d(ejes)
    for ax, (titulo, p) in zip(ejes, paneles):
        entropia = float(-(p[p > 0] * torch.log2(p[p > 0])).sum())
        ax.bar(range(len(orden)), p[orden].numpy(), color=PALETA["lstm"])
        ax.set_xticks(range(len(orden)), etiquetas)
        ax.set_title(f"{titulo}\nentropía {entropia:.2f} bits", fontsize=10)
        ax.set_xlabel("siguiente carácter")
    ejes[0].set_ylabel("probabilidad")
    fig.suptitle(f"¿Qué sigue a «{inicio[-30:]}»?")
    return fig
