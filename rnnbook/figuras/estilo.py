"""El estilo gráfico único del libro: paleta, tamaños y guardado de figuras.

Todas las funciones que dibujan en ``rnnbook`` crean sus figuras con
:func:`nueva_figura`, de modo que el libro entero comparte un mismo aspecto.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt

from .. import validacion as _v

__all__ = ["PALETA", "nueva_figura", "guardar_figura"]

#: Colores con nombre usados en todas las figuras (modelo o concepto → color).
PALETA = {
    "rnn": "#1f77b4",
    "lstm": "#d62728",
    "gru": "#2ca02c",
    "bilstm": "#9467bd",
    "atencion": "#ff7f0e",
    "entrada": "#2196F3",
    "salida": "#FF9800",
    "celda": "#4CAF50",
    "estado": "#555555",
    "referencia": "#7f7f7f",
    "desvaneciente": "#e74c3c",
    "estable": "#27ae60",
    "explosivo": "#e67e22",
}

_ESTILO = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "savefig.bbox": "tight",
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 9,
    "legend.framealpha": 0.9,
    "font.size": 10,
    "axes.formatter.use_locale": False,
}


def nueva_figura(
    nfilas: int = 1,
    ncolumnas: int = 1,
    *,
    ancho: float = 8.0,
    alto: float = 4.0,
    **kwargs,
):
    """Crea una figura con el estilo del libro.

    Parameters
    ----------
    nfilas, ncolumnas : int
        Rejilla de ejes, como en :func:`matplotlib.pyplot.subplots`.
    ancho, alto : float
        Tamaño de la figura en pulgadas.
    **kwargs
        Se pasan a :func:`matplotlib.pyplot.subplots` (por ejemplo ``sharey``).

    Returns
    -------
    fig : matplotlib.figure.Figure
    ejes : matplotlib.axes.Axes o ndarray de Axes
    """
    nfilas = _v.entero_positivo("nfilas", nfilas)
    ncolumnas = _v.entero_positivo("ncolumnas", ncolumnas)
    ancho = _v.real_positivo("ancho", ancho)
    alto = _v.real_positivo("alto", alto)
    plt.rcParams.update(_ESTILO)
    kwargs.setdefault("layout", "constrained")
    return plt.subplots(nfilas, ncolumnas, figsize=(ancho, alto), **kwargs)


def guardar_figura(fig, ruta) -> Path:
    """Guarda ``fig`` en ``ruta`` (se crean las carpetas que falten) y devuelve la ruta."""
    ruta = Path(ruta)
    ruta.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(ruta)
    return ruta
