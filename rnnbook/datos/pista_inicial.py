"""Una tarea con la pista al principio de la secuencia (parte 4, BiLSTM)."""

from __future__ import annotations

import torch

from .. import validacion as _v

__all__ = ["crear_tarea_pista_inicial"]


# ----------------------------------------------------------------------------- datos
def crear_tarea_pista_inicial(
    n: int = 2000, seq_len: int = 40, vocab_size: int = 20, semilla: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    r"""Clasificación de secuencias de *tokens* cuya clase está en el primer *token*.

    El primer *token* de cada secuencia es la **pista**: ``1`` (clase 0) o
    ``2`` (clase 1), con igual probabilidad. Los ``seq_len - 1`` restantes son
    distractores uniformes en ``[3, vocab_size)``. El índice 0 queda libre
    para el relleno (*padding*), que esta tarea no usa.

    Quien lee de izquierda a derecha encuentra la pista en el paso 1 y tiene
    que conservarla durante ``seq_len - 1`` pasos de ruido; quien lee de
    derecha a izquierda (la dirección hacia atrás de una BiLSTM) la lee en su
    **último** paso. La tarea separa, por tanto, tres lecturas del estado
    final: la de una LSTM unidireccional, la de una BiLSTM que toma ``h_n`` de
    cada dirección y la de una BiLSTM que toma ``out[:, -1, :]`` como la guía.

    Parameters
    ----------
    n : int
        Número de secuencias N.
    seq_len : int
        Longitud T (>= 2).
    vocab_size : int
        Tamaño V del vocabulario (>= 4): 0 relleno, 1 y 2 pistas, el resto distractores.
    semilla : int
        Semilla del generador.

    Returns
    -------
    X : Tensor de forma (N, T), int64
        Índices de *tokens*.
    y : Tensor de forma (N,), int64
        Clases 0 o 1.

    Examples
    --------
    >>> X, y = crear_tarea_pista_inicial(n=5, seq_len=6, vocab_size=8, semilla=1)
    >>> X.shape, y.shape
    (torch.Size([5, 6]), torch.Size([5]))
    >>> bool(torch.equal(X[:, 0] - 1, y)), int(X[:, 1:].min()) >= 3
    (True, True)
    """
    n = _v.entero_positivo("n", n)
    seq_len = _v.entero_positivo("seq_len", seq_len, minimo=2)
    vocab_size = _v.entero_positivo("vocab_size", vocab_size, minimo=4)
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    g = torch.Generator().manual_seed(semilla)
    y = torch.randint(0, 2, (n,), generator=g)  # (N,)
    X = torch.randint(3, vocab_size, (n, seq_len), generator=g)  # (N, T) distractores
    X[:, 0] = y + 1  # la pista: 1 → clase 0, 2 → clase 1
    return X, y
