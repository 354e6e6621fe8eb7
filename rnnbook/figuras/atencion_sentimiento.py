"""Figura del ejercicio A3: a qué palabras de cada frase atiende el clasificador."""

from __future__ import annotations

import numpy as np

from .estilo import nueva_figura

__all__ = ["figura_atencion_frases"]


def figura_atencion_frases(palabras: list, pesos, etiquetas: list, *, titulo: str = ""):
    """Mapa de calor de los pesos de atención: una fila por frase, una celda por palabra.

    Parameters
    ----------
    palabras : list of list of str
        Las K frases, cada una como lista de T palabras.
    pesos : array o Tensor de forma (K, T)
        Pesos de atención de cada palabra.
    etiquetas : list of str
        Un rótulo por frase (clase real, predicción, confianza…).
    titulo : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    pesos = np.asarray(pesos, dtype=float)
    K, T = pesos.shape
    if len(palabras) != K or len(etiquetas) != K or any(len(p) != T for p in palabras):
        raise ValueError(
            f"palabras debe tener {K} frases de {T} palabras y etiquetas {K} rótulos; "
            f"se recibieron {len(palabras)} frases y {len(etiquetas)} rótulos."
        )
    fig, ejes = nueva_figura(K, 1, ancho=12.0, alto=0.95 * K + 0.9, squeeze=False)
    vmax = float(pesos.max())
    imagen = None
    for k, ax in enumerate(ejes[:, 0]):
        imagen = ax.imshow(
            pesos[k : k + 1], cmap="Oranges", vmin=0, vmax=vmax, aspect="auto"
        )
        for t, palabra in enumerate(palabras[k]):
            destacada = pesos[k, t] > 0.6 * vmax
            ax.text(
                t,
                0,
                palabra,
                ha="center",
                va="center",
                rotation=90 if len(palabra) > 4 else 0,
                fontsize=7,
                color="white" if destacada else "black",
                fontweight="bold" if not palabra.startswith("w") else "normal",
            )
        ax.set_yticks([0], [etiquetas[k]], fontsize=8)
        ax.set_xticks([])
        ax.grid(False)
    ejes[-1, 0].set_xlabel("posición en la frase →")
    fig.colorbar(imagen, ax=ejes[:, 0].tolist(), label="peso de atención α", shrink=0.9)
    if titulo:
        fig.suptitle(titulo)
    return fig
