"""El puente con PyTorch: la misma RNN en ``torch`` para comprobar la BPTT de NumPy.

Con los mismos pesos (copiados en float64), el *forward* de PyTorch y su
autograd dan la referencia contra la que se miden :class:`rnnbook.CeldaRNN`
y :class:`rnnbook.RNN_BPTT`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import validacion as _v
from ..desde_cero.comprobacion import error_relativo, gradiente_numerico
from ..desde_cero.rnn import (
    RNN_BPTT,
    CeldaRNN,
    validar_clases_rnn,
    validar_secuencia_rnn,
)

__all__ = [
    "copia_torch",
    "forward_rnn_torch",
    "gradientes_bptt_torch",
    "comprobar_gradientes_bptt",
]


# --------------------------------------------------------------------------- comprobación de gradientes
def copia_torch(celda: CeldaRNN):
    """``nn.RNN`` (tanh) y ``nn.Linear`` en ``float64`` con los pesos de ``celda``.

    ``nn.RNN`` tiene dos sesgos; se usa ``bias_ih = b_h`` y ``bias_hh = 0``.
    """
    import torch
    from torch import nn

    rnn = nn.RNN(celda.input_size, celda.hidden_size, nonlinearity="tanh").double()
    salida = nn.Linear(celda.hidden_size, celda.output_size).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(
            torch.from_numpy(np.asarray(celda.W_xh, dtype=np.float64))
        )
        rnn.weight_hh_l0.copy_(
            torch.from_numpy(np.asarray(celda.W_hh, dtype=np.float64))
        )
        rnn.bias_ih_l0.copy_(
            torch.from_numpy(np.asarray(celda.b_h[:, 0], dtype=np.float64))
        )
        rnn.bias_hh_l0.zero_()
        salida.weight.copy_(torch.from_numpy(np.asarray(celda.W_hy, dtype=np.float64)))
        salida.bias.copy_(
            torch.from_numpy(np.asarray(celda.b_y[:, 0], dtype=np.float64))
        )
    return rnn, salida


def _a_tensor_tnd(X: list[np.ndarray]):
    import torch

    return torch.from_numpy(
        np.stack(X).transpose(0, 2, 1).astype(np.float64)
    )  # (T, N, D)


def forward_rnn_torch(celda: CeldaRNN, X, h0=None):
    """La misma secuencia recorrida por ``torch.nn.RNN`` con los pesos de ``celda``.

    Sirve para comprobar que :meth:`CeldaRNN.forward_sequence` calcula
    exactamente la función de la capa de PyTorch (en ``float64``).

    Parameters
    ----------
    celda : CeldaRNN
        Celda cuyos pesos se copian.
    X : lista de T ndarray de forma (D, N), o ndarray de forma (T, D, N)
        La secuencia.
    h0 : ndarray de forma (H, N), opcional
        Estado inicial; por defecto, ceros.

    Returns
    -------
    H : lista de T ndarray de forma (H, N)
        Estados :math:`h_1, \\dots, h_T` según PyTorch.
    Y : lista de T ndarray de forma (O, N)
        Salidas :math:`y_1, \\dots, y_T` según PyTorch.

    Examples
    --------
    >>> celda = CeldaRNN(3, 4, 2, semilla=0)
    >>> X = [np.ones((3, 1))] * 5
    >>> H_np, _ = celda.forward_sequence(X)
    >>> H_pt, _ = forward_rnn_torch(celda, X)
    >>> bool(np.allclose(H_np[-1], H_pt[-1], rtol=0, atol=1e-12))
    True
    """
    import torch

    if not isinstance(celda, CeldaRNN):
        raise TypeError(
            f"celda debe ser una CeldaRNN; se recibió {type(celda).__name__}."
        )
    X = validar_secuencia_rnn(X, celda.input_size)
    h = celda._estado_inicial(h0, X[0].shape[1])
    rnn, salida = copia_torch(celda)
    with torch.no_grad():
        estados, _ = rnn(
            _a_tensor_tnd(X), torch.from_numpy(h.T.copy())[None]
        )  # (T, N, H)
        salidas = salida(estados)  # (T, N, O)
    return [e.numpy().T.copy() for e in estados], [s.numpy().T.copy() for s in salidas]


def gradientes_bptt_torch(modelo: RNN_BPTT, X, y_true) -> dict[str, np.ndarray]:
    """Los mismos gradientes que :meth:`RNN_BPTT.backward`, calculados por PyTorch.

    Se copia cada peso en un ``torch.nn.RNN`` (tanh) y un ``torch.nn.Linear``
    en ``float64`` y se deriva ``F.cross_entropy`` con autograd. ``nn.RNN``
    tiene dos sesgos; se usa ``bias_ih = b_h`` y ``bias_hh = 0``, de modo que
    el gradiente de ``b_h`` es el de ``bias_ih``.

    Parameters
    ----------
    modelo : RNN_BPTT
        Modelo cuyos pesos se copian (no se modifica).
    X : lista de T ndarray de forma (D, N), o ndarray de forma (T, D, N)
        Secuencia (o lote de secuencias).
    y_true : int o ndarray de forma (N,)
        Clase de cada secuencia.

    Returns
    -------
    dict
        Gradientes con las claves y formas de los parámetros del modelo.
    """
    import torch

    if not isinstance(modelo, RNN_BPTT):
        raise TypeError(
            f"modelo debe ser un RNN_BPTT; se recibió {type(modelo).__name__}."
        )
    X = validar_secuencia_rnn(X, modelo.input_size)
    c = validar_clases_rnn(y_true, modelo.output_size, X[0].shape[1])
    rnn, salida = copia_torch(modelo)
    estados, _ = rnn(_a_tensor_tnd(X))  # (T, N, H)
    logits = salida(estados[-1])  # (N, O)
    torch.nn.functional.cross_entropy(logits, torch.from_numpy(c)).backward()
    return {
        "W_xh": rnn.weight_ih_l0.grad.numpy().copy(),
        "W_hh": rnn.weight_hh_l0.grad.numpy().copy(),
        "b_h": rnn.bias_ih_l0.grad.numpy()[:, None].copy(),
        "W_hy": salida.weight.grad.numpy().copy(),
        "b_y": salida.bias.grad.numpy()[:, None].copy(),
    }


def comprobar_gradientes_bptt(
    modelo: RNN_BPTT, X, y_true, *, h: float = 1e-6
) -> pd.DataFrame:
    """Compara el gradiente de BPTT con diferencias finitas y con PyTorch.

    Parameters
    ----------
    modelo : RNN_BPTT
        No se modifica (cada perturbación se hace sobre una copia del peso).
    X : lista de T ndarray de forma (D, N), o ndarray de forma (T, D, N)
        Secuencia (o lote de secuencias).
    y_true : int o ndarray de forma (N,)
        Clase de cada secuencia.
    h : float
        Paso de las diferencias finitas centradas.

    Returns
    -------
    pandas.DataFrame
        Una fila por parámetro con ``forma``, ``error_dif_finitas`` y
        ``error_torch`` (máximo error relativo elemento a elemento).
    """
    if not isinstance(modelo, RNN_BPTT):
        raise TypeError(
            f"modelo debe ser un RNN_BPTT; se recibió {type(modelo).__name__}."
        )
    h = _v.real_positivo("h", h)
    X = validar_secuencia_rnn(X, modelo.input_size)
    H, A, y_pred = modelo.forward(X)
    analiticos = modelo.backward(X, H, A, y_pred, y_true)
    de_torch = gradientes_bptt_torch(modelo, X, y_true)

    def perdida_con(nombre: str, valor: np.ndarray) -> float:
        original = getattr(modelo, nombre)
        setattr(
            modelo, nombre, valor
        )  # ``valor`` es la copia perturbada de gradiente_numerico
        try:
            return modelo.loss(modelo.forward(X)[2], y_true)
        finally:
            setattr(modelo, nombre, original)

    filas = {}
    for nombre, p in modelo.parametros().items():
        numerico = gradiente_numerico(lambda w, n=nombre: perdida_con(n, w), p, h=h)
        filas[nombre] = {
            "forma": str(p.shape),
            "error_dif_finitas": error_relativo(analiticos[nombre], numerico),
            "error_torch": error_relativo(analiticos[nombre], de_torch[nombre]),
        }
    tabla = pd.DataFrame.from_dict(filas, orient="index")
    tabla.index.name = "parámetro"
    return tabla
