"""Vectores de palabras en formato de texto (como GloVe y word2vec): guardar y cargar (ejercicio I1)."""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import torch

from .. import validacion as _v

__all__ = ["guardar_vectores_texto", "cargar_vectores_texto"]


# ---------------------------------------------------------------------------- formato de texto
def guardar_vectores_texto(
    ruta, palabras: Sequence[str], matriz, *, cabecera: bool = False, decimales: int = 6
) -> Path:
    """Escribe vectores en el formato de texto de GloVe: ``palabra v1 v2 … vd`` por línea.

    Parameters
    ----------
    ruta : str o pathlib.Path
        Archivo de destino, en UTF-8 (se crean las carpetas que falten).
    palabras : sequence of str, de longitud n
        Sin espacios ni saltos de línea.
    matriz : array_like de forma (n, d)
    cabecera : bool
        Si es cierto, añade la primera línea ``n d`` del formato de texto de
        word2vec.
    decimales : int

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> ruta = pathlib.Path(tempfile.mkdtemp()) / "v.txt"
    >>> _ = guardar_vectores_texto(ruta, ["sol", "luna"], [[1, 0.5], [0, -2]])
    >>> ruta.read_text(encoding="utf-8").splitlines()
    ['sol 1.000000 0.500000', 'luna 0.000000 -2.000000']
    """
    if isinstance(matriz, torch.Tensor):
        matriz = matriz.detach().cpu().numpy()
    m = _v.array_finito("matriz", matriz, ndim=2)
    palabras = list(palabras)
    if len(palabras) != m.shape[0]:
        raise ValueError(
            f"palabras tiene {len(palabras)} elementos y matriz {m.shape[0]} filas; "
            "deben coincidir."
        )
    for p in palabras:
        if not isinstance(p, str) or not p or any(c.isspace() for c in p):
            raise ValueError(
                f"Cada palabra debe ser una cadena no vacía y sin espacios; se recibió {p!r}."
            )
    decimales = _v.entero_positivo("decimales", decimales, minimo=0)
    ruta = Path(ruta)
    ruta.parent.mkdir(parents=True, exist_ok=True)
    formato = f"{{:.{decimales}f}}"
    lineas = [f"{m.shape[0]} {m.shape[1]}"] if cabecera else []
    lineas += [
        p + " " + " ".join(formato.format(v) for v in fila)
        for p, fila in zip(palabras, m)
    ]
    ruta.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    return ruta


def _es_cabecera(campos: list[str]) -> bool:
    return len(campos) == 2 and all(c.isdigit() for c in campos)


def _es_numero(texto: str) -> bool:
    try:
        float(texto)
    except ValueError:
        return False
    return True


def cargar_vectores_texto(
    ruta, vocabulario: Iterable[str] | None = None, dim: int | None = None
) -> dict[str, np.ndarray]:
    """Lee vectores de palabras en formato de texto (GloVe o word2vec).

    Cada línea es ``palabra v1 v2 … vd`` separada por espacios, en UTF-8. Si
    la primera línea es ``n d`` (dos enteros, la cabecera del formato de texto
    de word2vec), se usa para comprobar el archivo. Los archivos ``.gz`` se
    leen sin descomprimirlos antes.

    Parameters
    ----------
    ruta : str o pathlib.Path
    vocabulario : iterable of str, opcional
        Si se da, solo se guardan esas palabras: así un archivo de cientos de
        miles de palabras cabe en memoria. Las palabras se comparan tal cual
        (GloVe 6B está en minúsculas: normaliza tu vocabulario igual).
    dim : int, opcional
        Dimensión esperada; por defecto, la de la cabecera o la primera línea.

    Returns
    -------
    dict str → ndarray de forma (d,), float32
        Si una palabra se repite, cuenta su primera aparición.

    Raises
    ------
    FileNotFoundError
        Si el archivo no existe.
    ValueError
        Archivo sin vectores, líneas con otro número de valores, valores no
        numéricos o no finitos, o ``dim`` distinta de la del archivo. El
        mensaje da el número de línea.

    Notes
    -----
    Algunos archivos (GloVe 840B) tienen palabras con espacios dentro: se
    toman los ``d`` últimos campos como el vector y el resto como la palabra,
    salvo que el resto termine en un número, lo que delata una línea con más
    valores de la cuenta.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> ruta = pathlib.Path(tempfile.mkdtemp()) / "mini.txt"
    >>> _ = ruta.write_text("2 3\\nbueno 0.1 0.2 0.3\\nmalo -0.1 -0.2 -0.3\\n", encoding="utf-8")
    >>> v = cargar_vectores_texto(ruta)
    >>> sorted(v), v["malo"].dtype, [round(float(x), 2) for x in v["malo"]]
    (['bueno', 'malo'], dtype('float32'), [-0.1, -0.2, -0.3])
    """
    ruta = Path(ruta)
    if not ruta.is_file():
        raise FileNotFoundError(f"No existe el archivo de vectores {ruta}.")
    if dim is not None:
        dim = _v.entero_positivo("dim", dim)
    buscadas = None if vocabulario is None else set(vocabulario)
    if buscadas is not None and not all(isinstance(p, str) for p in buscadas):
        raise TypeError("vocabulario debe contener solo cadenas (str).")
    abrir = gzip.open if ruta.suffix == ".gz" else open
    vectores: dict[str, np.ndarray] = {}
    n_cabecera = None
    leidas = 0
    with abrir(ruta, "rt", encoding="utf-8-sig") as f:
        for numero, linea in enumerate(f, start=1):
            campos = linea.split()
            if not campos:
                continue
            if numero == 1 and _es_cabecera(campos):
                n_cabecera, d_cabecera = int(campos[0]), int(campos[1])
                if dim is not None and dim != d_cabecera:
                    raise ValueError(
                        f"{ruta.name}: la cabecera dice dimensión {d_cabecera} y se pidió "
                        f"dim={dim}."
                    )
                dim = _v.entero_positivo("la dimensión de la cabecera", d_cabecera)
                continue
            if dim is None:
                dim = len(campos) - 1
                if dim < 1:
                    raise ValueError(
                        f"{ruta.name}, línea {numero}: se esperaba «palabra v1 … vd» y solo "
                        f"hay un campo ({campos[0]!r})."
                    )
            if len(campos) < dim + 1:
                raise ValueError(
                    f"{ruta.name}, línea {numero}: se esperaban una palabra y {dim} valores; "
                    f"hay {len(campos) - 1} valores."
                )
            nombre_campos, valores = campos[:-dim], campos[-dim:]
            if len(nombre_campos) > 1 and _es_numero(nombre_campos[-1]):
                raise ValueError(
                    f"{ruta.name}, línea {numero}: se esperaban una palabra y {dim} valores; "
                    f"hay {len(campos) - 1} valores."
                )
            palabra = " ".join(nombre_campos)
            leidas += 1
            if (
                buscadas is not None and palabra not in buscadas
            ) or palabra in vectores:
                continue
            try:
                vector = np.array(valores, dtype=np.float32)
            except ValueError:
                malo = next(v for v in valores if not _es_numero(v))
                raise ValueError(
                    f"{ruta.name}, línea {numero}: el valor {malo!r} de la palabra "
                    f"{palabra!r} no es un número."
                ) from None
            if not np.all(np.isfinite(vector)):
                raise ValueError(
                    f"{ruta.name}, línea {numero}: el vector de {palabra!r} tiene valores "
                    "no finitos (NaN o infinito)."
                )
            vectores[palabra] = vector
    if leidas == 0:
        raise ValueError(f"El archivo {ruta.name} no contiene ningún vector.")
    if n_cabecera is not None and n_cabecera != leidas:
        raise ValueError(
            f"{ruta.name}: la cabecera anuncia {n_cabecera} vectores y el archivo tiene {leidas}."
        )
    return vectores
