"""La GRU de la guía frente a la de PyTorch (ejercicio B1): cuánto difieren.

:func:`diferencias_gru_guia` mide, con los mismos pesos, la diferencia entre la
forma de :cite:t:`cho2014gru` que escribe la guía y la de ``nn.GRU``.
"""

from __future__ import annotations

import numpy as np

from .. import validacion as _v
from ..desde_cero.gru import CeldaGRU, paso_gru_guia

__all__ = ["diferencias_gru_guia"]


def diferencias_gru_guia(
    N: int = 64, T: int = 20, D: int = 8, H: int = 16, semilla: int = 0
):
    r"""Cuánto se separa la GRU de la guía de ``nn.GRU`` con los mismos pesos.

    Se crea un ``nn.GRU`` de PyTorch (``float64``, pesos por defecto), se
    copia en una :class:`CeldaGRU` y se recorre un lote de secuencias con cada
    variante de :func:`paso_gru_guia`, midiendo el máximo de
    :math:`|h_t^{\text{variante}} - h_t^{\text{nn.GRU}}|` sobre todos los pasos.

    Parameters
    ----------
    N : int
        Tamaño del lote.
    T : int
        Longitud de las secuencias.
    D : int
        Dimensión de la entrada.
    H : int
        Dimensión del estado.
    semilla : int
        Semilla de los pesos de ``nn.GRU`` y de las entradas.

    Returns
    -------
    pandas.DataFrame
        Filas ``"CeldaGRU (convención PyTorch)"``, ``"solo z como la guía"``,
        ``"solo r como la guía"``, ``"la guía (z y r)"`` y ``"solo z como la guía, con
        W_z y b_z negados"`` (que coincide con ``nn.GRU``: cambiar :math:`z` por
        :math:`1 - z` es solo otra parametrización, porque
        :math:`1 - \sigma(a) = \sigma(-a)`); columna
        ``"máx |Δh| frente a nn.GRU"``.

    Examples
    --------
    >>> t = diferencias_gru_guia(N=4, T=5, D=3, H=4)
    >>> bool(t.iloc[0, 0] < 1e-12 < t.loc["la guía (z y r)"].iloc[0])
    True
    """
    import pandas as pd
    import torch

    N, T, D, H = (
        _v.entero_positivo(n, v) for n, v in (("N", N), ("T", T), ("D", D), ("H", H))
    )
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    torch.manual_seed(semilla)
    ref = torch.nn.GRU(D, H, batch_first=True).double()
    X = torch.randn(
        N, T, D, dtype=torch.float64, generator=torch.Generator().manual_seed(semilla)
    )
    with torch.no_grad():
        salida_ref = ref(X)[0].numpy()  # (N, T, H)
    celda = CeldaGRU.desde_torch(ref)
    variantes = {
        "CeldaGRU (convención PyTorch)": (False, False),
        "solo z como la guía": (True, False),
        "solo r como la guía": (False, True),
        "la guía (z y r)": (True, True),
    }
    negada = CeldaGRU.desde_torch(ref)
    for p in (negada.W_ih, negada.W_hh, negada.b_ih, negada.b_hh):
        p[H : 2 * H] *= -1.0  # z → 1 - z
    filas = {}
    Xn = X.numpy()
    for nombre, (z_g, r_g) in variantes.items():
        filas[nombre] = {
            "máx |Δh| frente a nn.GRU": _max_diferencia(celda, Xn, salida_ref, z_g, r_g)
        }
    filas["solo z como la guía, con W_z y b_z negados"] = {
        "máx |Δh| frente a nn.GRU": _max_diferencia(negada, Xn, salida_ref, True, False)
    }
    tabla = pd.DataFrame.from_dict(filas, orient="index")
    tabla.index.name = "forma"
    return tabla


def _max_diferencia(celda, Xn, salida_ref, z_g, r_g):
    N, T, _ = Xn.shape
    h = np.zeros((N, celda.hidden_size))
    maximo = 0.0
    for t in range(T):
        h = paso_gru_guia(celda, Xn[:, t], h, z_como_guia=z_g, r_como_guia=r_g)
        maximo = max(maximo, float(np.abs(h - salida_ref[:, t]).max()))
    return maximo
