r"""Conteo de parámetros de RNN, LSTM y GRU: la fórmula de libro de texto y la de PyTorch.

Hay dos convenciones y conviene no confundirlas:

* **libro de texto** (la de la guía): cada puerta tiene una matriz que actúa
  sobre :math:`[h_{t-1}, x_t]` y **un** sesgo;
* **PyTorch** (``nn.RNN``, ``nn.LSTM``, ``nn.GRU``): cada puerta tiene dos
  matrices (``weight_ih``, ``weight_hh``) y **dos** sesgos (``bias_ih``,
  ``bias_hh``). Para RNN y LSTM los dos sesgos solo se suman (el segundo es
  redundante); en la GRU ``b_hn`` queda dentro de :math:`r \odot (\cdot)` y sí
  cambia la función.

Con G matrices por capa (1 en la RNN, 4 en la LSTM, 3 en la GRU) la diferencia
es exactamente :math:`G \cdot H` parámetros por capa y dirección.
"""

from __future__ import annotations

from torch import nn

from .. import validacion as _v
from ..modelos.clasificador import normalizar_tipo

__all__ = [
    "PUERTAS_POR_TIPO",
    "capa_salida",
    "contar_parametros_rnn",
    "contar_parametros_lstm",
    "contar_parametros_torch",
    "contar_parametros",
]

#: Número de bloques (matrices) por capa: G = 1 (RNN), 4 (LSTM), 3 (GRU).
PUERTAS_POR_TIPO = {"RNN": 1, "LSTM": 4, "GRU": 3}


def capa_salida(hidden_size: int, output_size: int) -> int:
    return output_size * hidden_size + output_size if output_size else 0


def contar_parametros_rnn(input_size: int, hidden_size: int, output_size: int) -> int:
    r"""Parámetros de una RNN simple más su capa de salida, con la fórmula de la guía.

    Parameters
    ----------
    input_size : int
        Dimensión D de la entrada.
    hidden_size : int
        Dimensión H del estado oculto.
    output_size : int
        Dimensión O de la salida; 0 cuenta solo la celda recurrente.

    Returns
    -------
    int
        :math:`HD + H^2 + H + OH + O` (un único sesgo recurrente).

    Raises
    ------
    TypeError
        Si algún tamaño no es entero.
    ValueError
        Si algún tamaño no es positivo (``output_size`` admite 0).

    Notes
    -----
    .. math:: \underbrace{HD}_{W_{xh}} + \underbrace{H^2}_{W_{hh}} + \underbrace{H}_{b_h}
              + \underbrace{OH}_{W_{hy}} + \underbrace{O}_{b_y}

    ``nn.RNN`` tiene :math:`H` parámetros más, por su segundo sesgo.

    Examples
    --------
    >>> contar_parametros_rnn(50, 128, 10)
    24202
    """
    d = _v.entero_positivo("input_size", input_size)
    h = _v.entero_positivo("hidden_size", hidden_size)
    o = _v.entero_positivo("output_size", output_size, minimo=0)
    return h * d + h * h + h + capa_salida(h, o)


def contar_parametros_lstm(input_size: int, hidden_size: int, output_size: int) -> int:
    r"""Parámetros de una LSTM más su capa de salida, con la fórmula de la guía.

    Parameters
    ----------
    input_size : int
        Dimensión D de la entrada.
    hidden_size : int
        Dimensión H del estado oculto.
    output_size : int
        Dimensión O de la salida; 0 cuenta solo la celda (los 448 de la guía
        para D = 5, H = 8).

    Returns
    -------
    int
        :math:`4\,((D + H)\,H + H) + OH + O`.

    Raises
    ------
    TypeError
        Si algún tamaño no es entero.
    ValueError
        Si algún tamaño no es positivo (``output_size`` admite 0).

    Notes
    -----
    Cuatro puertas (:math:`f, i, \tilde C, o`), cada una con una matriz de
    forma (H, H + D) y **un** sesgo de forma (H,):

    .. math:: 4\bigl((D + H)H + H\bigr) + OH + O

    ``nn.LSTM(D, H)`` tiene :math:`4H` parámetros más: guarda dos sesgos por
    puerta (``bias_ih`` y ``bias_hh``) que solo se suman.

    Examples
    --------
    >>> contar_parametros_lstm(50, 128, 10)
    92938
    >>> contar_parametros_lstm(5, 8, 0), contar_parametros_torch("LSTM", 5, 8)
    (448, 480)
    """
    d = _v.entero_positivo("input_size", input_size)
    h = _v.entero_positivo("hidden_size", hidden_size)
    o = _v.entero_positivo("output_size", output_size, minimo=0)
    return 4 * ((d + h) * h + h) + capa_salida(h, o)


def contar_parametros_torch(
    tipo: str,
    input_size: int,
    hidden_size: int,
    num_layers: int = 1,
    bidirectional: bool = False,
    bias: bool = True,
) -> int:
    r"""Parámetros de ``nn.RNN``, ``nn.LSTM`` o ``nn.GRU``, igual que su ``numel()``.

    Parameters
    ----------
    tipo : {"RNN", "LSTM", "GRU"}
        En cualquier combinación de mayúsculas y minúsculas.
    input_size : int
        Dimensión D de la entrada de la primera capa.
    hidden_size : int
        Dimensión H del estado oculto.
    num_layers : int
        Capas apiladas.
    bidirectional : bool
        Si cada capa tiene dos direcciones.
    bias : bool
        Si la capa tiene sesgos (``bias_ih`` y ``bias_hh``).

    Returns
    -------
    int
        ``sum(p.numel() for p in capa.parameters())``.

    Raises
    ------
    ValueError
        Si ``tipo`` no es ``"RNN"``, ``"LSTM"`` ni ``"GRU"``, o algún tamaño no es positivo.
    TypeError
        Si algún tamaño no es entero o ``bidirectional``/``bias`` no son booleanos.

    Notes
    -----
    Por capa y dirección, con :math:`G` = 1, 4 o 3 bloques:

    .. math:: G\,(H\,d_\text{in} + H^2 + 2H)

    donde :math:`d_\text{in} = D` en la primera capa y
    :math:`d_\text{in} = (\text{direcciones})\cdot H` en las siguientes; sin
    sesgos desaparece el término :math:`2H`.

    Examples
    --------
    >>> contar_parametros_torch("lstm", 5, 8)
    480
    >>> contar_parametros_torch("GRU", 5, 8, num_layers=2, bidirectional=True)
    1968
    >>> from torch import nn
    >>> sum(p.numel() for p in nn.GRU(5, 8, num_layers=2, bidirectional=True).parameters())
    1968
    """
    g = PUERTAS_POR_TIPO[normalizar_tipo(tipo)]
    d = _v.entero_positivo("input_size", input_size)
    h = _v.entero_positivo("hidden_size", hidden_size)
    capas = _v.entero_positivo("num_layers", num_layers)
    for nombre, valor in (("bidirectional", bidirectional), ("bias", bias)):
        if not isinstance(valor, bool):
            raise TypeError(f"{nombre} debe ser True o False; se recibió {valor!r}.")
    direcciones = 2 if bidirectional else 1
    sesgos = 2 * h if bias else 0
    total = 0
    for capa in range(capas):
        d_in = d if capa == 0 else direcciones * h
        total += direcciones * g * (h * d_in + h * h + sesgos)
    return total


def contar_parametros(modelo: nn.Module) -> int:
    """Número de parámetros entrenables de un modelo de PyTorch (suma de ``numel()``).

    Es la cifra con la que se contrastan las fórmulas de este módulo.

    Examples
    --------
    >>> contar_parametros(nn.Linear(3, 2))
    8
    """
    if not isinstance(modelo, nn.Module):
        raise TypeError(
            f"modelo debe ser un torch.nn.Module; se recibió {type(modelo).__name__}."
        )
    return sum(p.numel() for p in modelo.parameters() if p.requires_grad)
