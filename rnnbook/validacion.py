"""Comprobaciones de entrada compartidas por todo el paquete.

Cada función lanza un ``ValueError`` o ``TypeError`` cuyo mensaje, en español,
nombra el argumento, lo que se esperaba y lo que se recibió. Así ningún error
de forma termina en un *broadcast* silencioso de NumPy.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

__all__ = []


def entero_positivo(
    nombre: str, valor, *, minimo: int = 1, maximo: int | None = None
) -> int:
    """Valida que ``valor`` sea un entero en ``[minimo, maximo]`` y lo devuelve como ``int``."""
    if isinstance(valor, bool) or not isinstance(valor, numbers.Integral):
        raise TypeError(
            f"{nombre} debe ser un entero; se recibió {valor!r} de tipo {type(valor).__name__}."
        )
    if valor < minimo:
        raise ValueError(
            f"{nombre} debe ser un entero >= {minimo}; se recibió {valor}."
        )
    if maximo is not None and valor > maximo:
        raise ValueError(
            f"{nombre} debe ser un entero <= {maximo}; se recibió {valor}."
        )
    return int(valor)


#: La mayor semilla que admite ``numpy.random.RandomState`` (y ``np.random.seed``).
SEMILLA_MAXIMA = 2**32 - 1


def semilla(nombre: str, valor) -> int:
    """Valida una semilla de NumPy: un entero en ``[0, 2**32 - 1]``."""
    return entero_positivo(nombre, valor, minimo=0, maximo=SEMILLA_MAXIMA)


def finitos(descripcion: str, arr: np.ndarray, causa: str) -> np.ndarray:
    """Comprueba que un resultado calculado sea finito; si no, la causa en español."""
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{descripcion} tiene valores no finitos: {causa}.")
    return arr


def _a_float(nombre: str, valor, tipo: str) -> float:
    """``float(valor)`` si es un real (no bool); un int enorme da ValueError."""
    if isinstance(valor, bool) or not isinstance(valor, numbers.Real):
        raise TypeError(
            f"{nombre} debe ser {tipo}; "
            f"se recibió {valor!r} de tipo {type(valor).__name__}."
        )
    try:
        return float(valor)
    except OverflowError:  # un int de Python mayor que el mayor float
        raise ValueError(
            f"{nombre} debe ser un número finito; se recibió un entero de "
            f"{len(str(valor))} cifras, que no cabe en un float."
        ) from None


def real_finito(nombre: str, valor) -> float:
    """Valida que ``valor`` sea un número real finito (de cualquier signo)."""
    valor = _a_float(nombre, valor, "un número real finito")
    if not np.isfinite(valor):
        raise ValueError(f"{nombre} debe ser un número finito; se recibió {valor}.")
    return valor


def paso_de_filas(nombre: str, x, D: int, dtype) -> tuple[np.ndarray, int | None]:
    """La entrada de un paso: un ejemplo (D,) o un lote (N, D); devuelve ``(x, N)``.

    ``N`` es ``None`` para un ejemplo suelto (la forma de la guía).
    """
    x = array_finito(nombre, x, dtype=dtype)
    if x.ndim not in (1, 2) or x.shape[-1] != D:
        raise ValueError(
            f"{nombre} debe tener forma ({D},) o (N, {D}); se recibió forma {x.shape}."
        )
    return x, (None if x.ndim == 1 else x.shape[0])


def estado_de_filas(nombre: str, valor, H: int, lote: int | None, dtype) -> np.ndarray:
    """Un estado (H,) para un ejemplo suelto o (N, H) para un lote de N."""
    forma = (H,) if lote is None else (lote, H)
    return array_finito(nombre, valor, forma=forma, dtype=dtype)


def secuencia_de_filas(nombre: str, X, D: int, dtype) -> np.ndarray:
    """Una secuencia (T, D) o un lote (N, T, D); una lista se valida paso a paso.

    Acepta un ``ndarray`` de forma (T, D) o (N, T, D), o una lista (o tupla)
    de T arrays de forma (D,), que se apilan en (T, D) después de validar cada
    uno (así un paso mal formado se nombra, en vez de dejar que falle
    ``np.stack``).
    """
    if isinstance(X, (list, tuple)):
        if not X:
            raise ValueError(f"{nombre} es una secuencia vacía (T = 0).")
        X = np.stack(
            [
                array_finito(f"{nombre}[{t}]", x, forma=(D,), dtype=dtype)
                for t, x in enumerate(X)
            ]
        )
    X = array_finito(nombre, X, dtype=dtype)
    if X.ndim not in (2, 3) or X.shape[-1] != D:
        raise ValueError(
            f"{nombre} debe tener forma (T, {D}) o (N, T, {D}); "
            f"se recibió forma {X.shape}."
        )
    if X.shape[-2] == 0:
        raise ValueError(f"{nombre} es una secuencia vacía (T = 0).")
    return X


def real_positivo(nombre: str, valor, *, permitir_cero: bool = False) -> float:
    """Valida que ``valor`` sea un número real finito y positivo (o cero si se permite)."""
    valor = _a_float(nombre, valor, "un número real")
    limite_ok = valor >= 0 if permitir_cero else valor > 0
    if not np.isfinite(valor) or not limite_ok:
        cota = ">= 0" if permitir_cero else "> 0"
        raise ValueError(
            f"{nombre} debe ser un número finito {cota}; se recibió {valor}."
        )
    return valor


def probabilidad_dropout(nombre: str, valor) -> float:
    """Valida una probabilidad de *dropout* en ``[0, 1)`` y la devuelve como ``float``."""
    valor = real_positivo(nombre, valor, permitir_cero=True)
    if valor >= 1:
        raise ValueError(f"{nombre} debe estar en [0, 1); se recibió {valor}.")
    return valor


def opcion(nombre: str, valor, opciones: Sequence[str]) -> str:
    """Valida que ``valor`` sea una de las cadenas de ``opciones``."""
    if not isinstance(valor, str) or valor not in opciones:
        lista = ", ".join(repr(o) for o in opciones)
        raise ValueError(f"{nombre} debe ser una de {lista}; se recibió {valor!r}.")
    return valor


def array_finito(
    nombre: str, x, *, forma: tuple | None = None, ndim: int | None = None, dtype=None
) -> np.ndarray:
    """Convierte ``x`` en un ``ndarray`` real y valida su forma y que sea finito.

    Parameters
    ----------
    nombre : str
        Nombre del argumento, para el mensaje de error.
    x : array_like
        Valor recibido.
    forma : tuple, opcional
        Forma esperada; una entrada ``None`` acepta cualquier tamaño en ese eje.
    ndim : int, opcional
        Número de dimensiones esperado (se deduce de ``forma`` si se da).
    dtype : dtype, opcional
        Tipo al que convertir; por defecto se conserva el flotante recibido
        (o ``float64`` si la entrada no es flotante).
    """
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(
            f"{nombre} debe ser un array numérico; se recibió {type(x).__name__}."
        )
    try:
        arr = np.asarray(x)
    except Exception as exc:  # pragma: no cover - depende del objeto recibido
        raise TypeError(
            f"{nombre} no se puede convertir en array numérico: {exc}"
        ) from exc
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or arr.dtype == bool
    ):
        raise TypeError(
            f"{nombre} debe ser un array numérico; se recibió dtype {arr.dtype}."
        )
    if np.iscomplexobj(arr):
        raise TypeError(f"{nombre} debe ser real; se recibió un array complejo.")
    if dtype is not None:
        arr = arr.astype(dtype, copy=False)
    elif not np.issubdtype(arr.dtype, np.floating):
        arr = arr.astype(np.float64)
    esperado_ndim = len(forma) if forma is not None else ndim
    if esperado_ndim is not None and arr.ndim != esperado_ndim:
        raise ValueError(
            f"{nombre} debe tener {esperado_ndim} dimensiones"
            + (f" (forma {_texto_forma(forma)})" if forma is not None else "")
            + f"; se recibió forma {arr.shape}."
        )
    if forma is not None:
        for eje, (esperado, real) in enumerate(zip(forma, arr.shape)):
            if esperado is not None and esperado != real:
                raise ValueError(
                    f"{nombre} debe tener forma {_texto_forma(forma)}; se recibió forma {arr.shape} "
                    f"(el eje {eje} vale {real} y debería valer {esperado})."
                )
    if arr.size and not np.all(np.isfinite(arr)):
        raise ValueError(f"{nombre} contiene valores no finitos (NaN o infinito).")
    return arr


def indice_clase(nombre: str, valor, num_clases: int) -> int:
    """Valida un índice de clase entero en ``[0, num_clases)``."""
    if isinstance(valor, np.ndarray) and valor.ndim == 0:
        valor = valor.item()
    if isinstance(valor, bool) or not isinstance(valor, numbers.Integral):
        raise TypeError(
            f"{nombre} debe ser un índice de clase entero; se recibió {valor!r} "
            f"de tipo {type(valor).__name__}."
        )
    if not 0 <= valor < num_clases:
        raise ValueError(
            f"{nombre} debe estar en [0, {num_clases - 1}]; se recibió {valor}."
        )
    return int(valor)


def _texto_forma(forma: tuple) -> str:
    partes = ["?" if f is None else str(f) for f in forma]
    return "(" + ", ".join(partes) + ("," if len(partes) == 1 else "") + ")"
