"""Pares (centro, contexto) y muestreo negativo para entrenar incrustaciones skip-gram (ejercicio I1)."""

from __future__ import annotations

import torch

from .. import validacion as _v
from ..datos.sentimiento import PAD

__all__ = ["validar_secuencias", "pares_skipgram", "distribucion_negativos"]


# ---------------------------------------------------------------------------- skip-gram
def validar_secuencias(nombre: str, secuencias) -> torch.Tensor:
    if not isinstance(secuencias, torch.Tensor):
        raise TypeError(
            f"{nombre} debe ser un Tensor de índices de forma (N, T); "
            f"se recibió {type(secuencias).__name__}."
        )
    if secuencias.ndim != 2 or secuencias.dtype not in (torch.int64, torch.int32):
        raise ValueError(
            f"{nombre} debe ser un Tensor de enteros de forma (N, T); "
            f"se recibió forma {tuple(secuencias.shape)} y dtype {secuencias.dtype}."
        )
    if secuencias.numel() and int(secuencias.min()) < 0:
        raise ValueError(
            f"{nombre} contiene índices negativos (mínimo {int(secuencias.min())})."
        )
    return secuencias.long()


def pares_skipgram(
    secuencias: torch.Tensor, ventana: int = 2, *, padding_idx: int | None = PAD
) -> tuple[torch.Tensor, torch.Tensor]:
    """Todos los pares (centro, contexto) a distancia ``1..ventana`` dentro de cada secuencia.

    Se construyen sin bucles sobre los pares: para cada desplazamiento ``d``
    se emparejan las columnas ``x[:, :-d]`` con ``x[:, d:]`` en los dos
    sentidos. Los pares en los que alguna palabra es el relleno se descartan.

    Parameters
    ----------
    secuencias : Tensor de forma (N, T), int64
        Índices de palabras; cada fila es un documento.
    ventana : int
        Distancia máxima entre el centro y su contexto.
    padding_idx : int o None
        Índice de relleno, que no forma pares.

    Returns
    -------
    centros, contextos : Tensor de forma (P,), int64
        Con ``P = 2 N Σ_d (T - d)`` si no hay relleno.

    Examples
    --------
    >>> c, o = pares_skipgram(torch.tensor([[5, 6, 7]]), ventana=1)
    >>> list(zip(c.tolist(), o.tolist()))
    [(5, 6), (6, 7), (6, 5), (7, 6)]
    """
    x = validar_secuencias("secuencias", secuencias)
    ventana = _v.entero_positivo("ventana", ventana)
    if ventana >= x.shape[1]:
        raise ValueError(
            f"ventana debe ser menor que la longitud T={x.shape[1]} de las secuencias; "
            f"se recibió {ventana}."
        )
    centros, contextos = [], []
    for d in range(1, ventana + 1):
        izq, der = x[:, :-d].reshape(-1), x[:, d:].reshape(-1)  # (N·(T-d),)
        centros += [izq, der]
        contextos += [der, izq]
    centros, contextos = torch.cat(centros), torch.cat(contextos)  # (P,)
    if padding_idx is not None:
        validos = (centros != padding_idx) & (contextos != padding_idx)
        centros, contextos = centros[validos], contextos[validos]
    return centros, contextos


def distribucion_negativos(
    secuencias: torch.Tensor,
    vocab_size: int,
    *,
    potencia: float = 0.75,
    padding_idx: int | None = PAD,
) -> torch.Tensor:
    r"""Distribución de las palabras negativas: frecuencias elevadas a ``potencia``.

    .. math:: P_n(w) = \frac{f(w)^{\alpha}}{\sum_{w'} f(w')^{\alpha}}, \qquad \alpha = 0.75

    El exponente menor que 1 da más peso a las palabras raras que la
    frecuencia pura, como en word2vec. El relleno tiene probabilidad 0.

    Parameters
    ----------
    secuencias : Tensor de forma (N, T), int64
    vocab_size : int
        Tamaño V del vocabulario.
    potencia : float
        Exponente :math:`\alpha` (0 da la distribución uniforme).
    padding_idx : int o None

    Returns
    -------
    Tensor de forma (V,), float32
        Suma 1.

    Examples
    --------
    >>> p = distribucion_negativos(torch.tensor([[1, 1, 1, 1, 2]]), 3, potencia=0.5)
    >>> [round(v, 3) for v in p.tolist()]
    [0.0, 0.667, 0.333]
    """
    x = validar_secuencias("secuencias", secuencias)
    vocab_size = _v.entero_positivo("vocab_size", vocab_size, minimo=2)
    potencia = _v.real_positivo("potencia", potencia, permitir_cero=True)
    if x.numel() and int(x.max()) >= vocab_size:
        raise ValueError(
            f"secuencias contiene el índice {int(x.max())}, fuera del vocabulario de "
            f"tamaño {vocab_size}."
        )
    cuentas = torch.bincount(x.reshape(-1), minlength=vocab_size).double()  # (V,)
    if padding_idx is not None:
        cuentas[padding_idx] = 0.0
    if float(cuentas.sum()) == 0:
        raise ValueError("secuencias no contiene ninguna palabra que no sea relleno.")
    pesos = torch.where(cuentas > 0, cuentas**potencia, torch.zeros_like(cuentas))
    return (pesos / pesos.sum()).float()
