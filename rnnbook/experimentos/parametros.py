"""La tabla de conteos de parámetros (parte 2): fórmula de libro, de PyTorch y ``numel()``."""

from __future__ import annotations

from .. import validacion as _v
from ..modelos.parametros import PUERTAS_POR_TIPO, capa_salida, contar_parametros_torch

__all__ = ["tabla_conteo_parametros"]


def tabla_conteo_parametros(input_size: int, hidden_size: int, output_size: int = 0):
    """Tabla que compara la fórmula de libro de texto con el ``numel()`` real de PyTorch.

    Para RNN, LSTM y GRU de una capa construye la capa de PyTorch y cuenta sus
    parámetros de verdad, junto a la fórmula de un sesgo y la de dos.

    Parameters
    ----------
    input_size : int
        Dimensión D de la entrada.
    hidden_size : int
        Dimensión H del estado oculto.
    output_size : int
        Dimensión O de una capa lineal de salida (0: sin ella).

    Returns
    -------
    pandas.DataFrame
        Indexada por tipo, con las columnas ``"libro de texto (1 sesgo)"``,
        ``"contar_parametros_torch"``, ``"numel() de PyTorch"`` y
        ``"diferencia"`` (= G·H).

    Examples
    --------
    >>> tabla_conteo_parametros(5, 8).loc["LSTM"].tolist()
    [448, 480, 480, 32]
    """
    import pandas as pd
    from torch import nn

    d = _v.entero_positivo("input_size", input_size)
    h = _v.entero_positivo("hidden_size", hidden_size)
    o = _v.entero_positivo("output_size", output_size, minimo=0)
    salida = capa_salida(h, o)
    filas = {}
    for tipo, g in PUERTAS_POR_TIPO.items():
        libro = g * ((d + h) * h + h) + salida
        capa = getattr(nn, tipo)(d, h)
        real = sum(p.numel() for p in capa.parameters()) + salida
        filas[tipo] = {
            "libro de texto (1 sesgo)": libro,
            "contar_parametros_torch": contar_parametros_torch(tipo, d, h) + salida,
            "numel() de PyTorch": real,
            "diferencia": real - libro,
        }
    tabla = pd.DataFrame.from_dict(filas, orient="index")
    tabla.index.name = "tipo"
    return tabla
