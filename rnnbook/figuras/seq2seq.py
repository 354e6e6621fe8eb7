"""Figuras de la parte 4: exactitud por longitud y mapas de atención."""

from __future__ import annotations

import torch

from ..datos.digitos import FIN_DIGITOS, PAD_DIGITOS
from ..figuras.estilo import PALETA, nueva_figura

__all__ = ["figura_exactitud_por_longitud", "figura_mapas_atencion"]


# ------------------------------------------------------------------------- figuras
def figura_exactitud_por_longitud(curvas: dict):
    """Exactitud de secuencia frente a la longitud de la entrada, una curva por modelo.

    Parameters
    ----------
    curvas : dict nombre → pandas.Series
        Salidas de :func:`exactitud_por_longitud`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    colores = {
        0: PALETA["lstm"],
        1: PALETA["atencion"],
        2: PALETA["referencia"],
        3: PALETA["gru"],
    }
    fig, ax = nueva_figura(ancho=7.0, alto=4.0)
    for i, (nombre, serie) in enumerate(curvas.items()):
        ax.plot(
            serie.index,
            100 * serie.values,
            marker="o",
            color=colores.get(i % 4),
            label=nombre,
        )
    indices = sorted({int(L) for serie in curvas.values() for L in serie.index})
    ax.set_xticks(indices)
    ax.set_xlabel("longitud de la cadena de entrada (dígitos)")
    ax.set_ylabel("exactitud de secuencia (%)")
    ax.set_ylim(-3, 103)
    ax.set_title("¿Cuánto cabe en el vector de contexto?")
    ax.legend()
    return fig


def _texto_token(i: int) -> str:
    return "·" if i == PAD_DIGITOS else ("FIN" if i == FIN_DIGITOS else str(i - 2))


def figura_mapas_atencion(
    pesos: torch.Tensor,
    fuente: torch.Tensor,
    salida: list[list[int]],
    longitudes: torch.Tensor,
):
    """Mapas de calor de los pesos de atención de varios ejemplos.

    Parameters
    ----------
    pesos : Tensor de forma (K, T, S)
        Pesos de atención (de :class:`Seq2Seq` con ``devolver_pesos=True``).
    fuente : Tensor de forma (K, S), int64
        *Tokens* de entrada.
    salida : list of list of int
        *Tokens* emitidos (sin :data:`FIN_DIGITOS`) por :func:`decodificar_voraz`.
    longitudes : Tensor de forma (K,)

    Returns
    -------
    matplotlib.figure.Figure
    """
    K = pesos.shape[0]
    fig, ejes = nueva_figura(1, K, ancho=3.6 * K, alto=3.8, squeeze=False)
    imagen = None
    for k, ax in enumerate(ejes[0]):
        L = int(longitudes[k])
        emitio_fin = len(salida[k]) < pesos.shape[1]
        filas = len(salida[k]) + int(emitio_fin)  # los emitidos y, si llegó, FIN
        mapa = pesos[k, :filas, :L].detach().cpu().numpy()
        imagen = ax.imshow(mapa, cmap="Oranges", vmin=0, vmax=1, aspect="auto")
        ax.set_xticks(range(L), [_texto_token(int(t)) for t in fuente[k, :L]])
        ax.set_yticks(
            range(filas), [_texto_token(t) for t in salida[k]] + ["FIN"] * emitio_fin
        )
        ax.set_xlabel("entrada (codificador)")
        if k == 0:
            ax.set_ylabel("salida emitida (decodificador)")
        ax.grid(False)
    fig.colorbar(imagen, ax=ejes[0].tolist(), label="peso de atención α", shrink=0.8)
    fig.suptitle(
        "Pesos de atención: a qué posición de la entrada mira cada paso de la salida"
    )
    return fig
