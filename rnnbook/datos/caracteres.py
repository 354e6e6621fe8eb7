"""Texto como secuencia de caracteres (ejercicio A2): corpus, vocabulario y fragmentos."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import torch

from .. import validacion as _v
from ..libro import RECURSO_CORPUS

__all__ = [
    "DESCONOCIDO",
    "cargar_corpus",
    "Vocabulario",
    "crear_fragmentos",
    "DatosCaracteres",
    "preparar_datos_caracteres",
]

#: Símbolo del índice 0 del :class:`Vocabulario`: cualquier carácter que no esté en el corpus.
DESCONOCIDO = "\ufffd"


def cargar_corpus(ruta=None) -> str:
    """Texto de un corpus: un archivo UTF-8 cualquiera o, sin ``ruta``, la prosa del libro.

    El texto se normaliza a Unicode NFC (una «é» escrita como «e» + tilde
    combinada pasa a ser un solo carácter) y con saltos de línea ``\\n``.

    Parameters
    ----------
    ruta : str o pathlib.Path, opcional
        Archivo de texto en UTF-8, p. ej. un *Quijote* descargado de Project
        Gutenberg. Sin ella se usa el corpus incorporado (la copia que viaja
        con el paquete del resultado de :func:`construir_corpus_libro`).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        Si el archivo no existe, es una carpeta, no está en UTF-8 o está vacío.

    Examples
    --------
    >>> texto = cargar_corpus()
    >>> len(texto) > 50_000, "LSTM" in texto
    (True, True)
    """
    if ruta is None:
        datos = (resources.files("rnnbook") / RECURSO_CORPUS).read_bytes()
        nombre = "corpus incorporado"
    else:
        if not isinstance(ruta, (str, Path)):
            raise TypeError(
                f"ruta debe ser str o pathlib.Path; se recibió {type(ruta).__name__}."
            )
        ruta = Path(ruta)
        if not ruta.exists():
            raise ValueError(f"No existe el archivo de corpus {str(ruta)!r}.")
        if not ruta.is_file():
            raise ValueError(
                f"{str(ruta)!r} no es un archivo de texto (¿es una carpeta?)."
            )
        datos = ruta.read_bytes()
        nombre = repr(str(ruta))
    try:
        texto = datos.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"El corpus {nombre} no está codificado en UTF-8 (byte 0x{datos[exc.start]:02x} en la posición "
            f"{exc.start}). Conviértelo, p. ej. con «iconv -f latin1 -t utf-8 original.txt > corpus.txt»."
        ) from None
    texto = unicodedata.normalize(
        "NFC", texto.replace("\r\n", "\n").replace("\r", "\n")
    )
    if not texto.strip():
        raise ValueError(f"El corpus {nombre} está vacío.")
    return texto


# ========================================================================= vocabulario y datos
class Vocabulario:
    """Correspondencia carácter ↔ índice.

    El índice 0 es :data:`~rnnbook.datos.caracteres.DESCONOCIDO` (``"\\ufffd"``, «�»): lo recibe cualquier
    carácter que no estuviera en el texto con el que se construyó el
    vocabulario. Los demás caracteres, ordenados por su código Unicode, ocupan
    los índices ``1 … V-1``.

    Parameters
    ----------
    texto : str
        Texto del que se toman los caracteres distintos (normalmente, el
        corpus entero).

    Attributes
    ----------
    simbolos : list of str
        El carácter de cada índice (``simbolos[0]`` es :data:`~rnnbook.datos.caracteres.DESCONOCIDO`).

    Examples
    --------
    >>> voc = Vocabulario("hola, ola")
    >>> len(voc), voc.simbolos[:4]
    (7, ['�', ' ', ',', 'a'])
    >>> voc.codificar("ola").tolist()
    [6, 5, 3]
    >>> voc.decodificar(voc.codificar("hoy"))
    'ho�'
    """

    def __init__(self, texto: str):
        if not isinstance(texto, str):
            raise TypeError(f"texto debe ser str; se recibió {type(texto).__name__}.")
        if not texto:
            raise ValueError(
                "texto no puede estar vacío: el vocabulario necesita al menos un carácter."
            )
        self.simbolos = [DESCONOCIDO] + sorted(set(texto) - {DESCONOCIDO})
        self._indices = {c: i for i, c in enumerate(self.simbolos)}

    def __len__(self) -> int:
        return len(self.simbolos)

    def __eq__(self, otro) -> bool:
        return isinstance(otro, Vocabulario) and self.simbolos == otro.simbolos

    def __repr__(self) -> str:
        return f"Vocabulario(V={len(self)})"

    def codificar(self, texto: str) -> torch.Tensor:
        """Índices de los caracteres de ``texto``: tensor de forma (L,), int64."""
        if not isinstance(texto, str):
            raise TypeError(f"texto debe ser str; se recibió {type(texto).__name__}.")
        return torch.tensor([self._indices.get(c, 0) for c in texto], dtype=torch.long)

    def decodificar(self, indices) -> str:
        """Texto de una secuencia de índices (tensor, array o lista de enteros)."""
        if isinstance(indices, torch.Tensor):
            indices = indices.detach().cpu().reshape(-1).tolist()
        else:
            indices = np.asarray(indices).reshape(-1).tolist()
        V = len(self)
        fuera = [i for i in indices if not isinstance(i, int) or not 0 <= i < V]
        if fuera:
            raise ValueError(
                f"Los índices deben ser enteros en [0, {V - 1}]; se recibió {fuera[0]!r}."
            )
        return "".join(self.simbolos[i] for i in indices)

    def a_dict(self) -> dict:
        """Representación para JSON: ``{"caracteres": <todos menos DESCONOCIDO>}``."""
        return {"caracteres": "".join(self.simbolos[1:])}

    @classmethod
    def desde_dict(cls, datos: dict) -> Vocabulario:
        """Reconstruye el vocabulario guardado con :meth:`a_dict`."""
        if (
            not isinstance(datos, dict)
            or not isinstance(datos.get("caracteres"), str)
            or not datos["caracteres"]
        ):
            raise ValueError(
                "El vocabulario guardado debe ser un dict con la clave 'caracteres' (str no vacío)."
            )
        return cls(datos["caracteres"])


def crear_fragmentos(ids, longitud: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Corta una secuencia de índices en fragmentos de ``longitud + 1`` caracteres.

    El fragmento ``n`` cubre ``ids[n·T : n·T + T + 1]``: su entrada son los
    caracteres ``1 … T`` y su objetivo los ``2 … T+1``. Los fragmentos no se
    solapan (salvo en el carácter de la frontera), así que cada carácter es
    objetivo como mucho una vez; lo que sobra al final se descarta.

    Parameters
    ----------
    ids : Tensor o array de forma (L,), enteros
    longitud : int
        Longitud T de cada fragmento de entrada.

    Returns
    -------
    X, Y : Tensor de forma (N, T), int64
        ``N = (L - 1) // T`` y ``Y[n, t] = X[n, t + 1]`` dentro de un fragmento.

    Examples
    --------
    >>> X, Y = crear_fragmentos(torch.arange(11), 3)
    >>> X.tolist()
    [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    >>> Y.tolist()
    [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    """
    T = _v.entero_positivo("longitud", longitud)
    ids = torch.as_tensor(ids)
    if ids.ndim != 1 or ids.dtype.is_floating_point or ids.dtype == torch.bool:
        raise ValueError(
            f"ids debe ser un vector de enteros de forma (L,); se recibió forma {tuple(ids.shape)} "
            f"y dtype {ids.dtype}."
        )
    N = (ids.shape[0] - 1) // T
    if N < 1:
        raise ValueError(
            f"Hacen falta al menos longitud + 1 = {T + 1} caracteres; se recibieron {ids.shape[0]}."
        )
    ids = ids.long()
    return ids[: N * T].reshape(N, T).clone(), ids[1 : N * T + 1].reshape(N, T).clone()


def _longitud_minima(longitud_secuencia: int, fraccion_validacion: float) -> int:
    """Menor corpus que deja al menos un fragmento en entrenamiento y otro en validación."""
    n = math.ceil((longitud_secuencia + 1) / fraccion_validacion)
    while not (
        _tam_validacion(n, fraccion_validacion) >= longitud_secuencia + 1
        and n - _tam_validacion(n, fraccion_validacion) >= longitud_secuencia + 1
    ):
        n += 1
    return n


def _tam_validacion(n: int, fraccion_validacion: float) -> int:
    return int(round(fraccion_validacion * n))


@dataclass
class DatosCaracteres:
    """Corpus codificado, dividido cronológicamente y cortado en fragmentos.

    Attributes
    ----------
    vocabulario : Vocabulario
    longitud_secuencia : int
        T, caracteres de entrada por fragmento.
    ids_entrenamiento, ids_validacion : Tensor de forma (L_e,) y (L_v,), int64
        El corpus codificado: el primer tramo y el último (sin barajar).
    entrenamiento, validacion : tuple (X, Y) de tensores de forma (N, T), int64
        Fragmentos de :func:`crear_fragmentos`, listos para :func:`rnnbook.entrenar`.
    """

    vocabulario: Vocabulario
    longitud_secuencia: int
    ids_entrenamiento: torch.Tensor
    ids_validacion: torch.Tensor
    entrenamiento: tuple[torch.Tensor, torch.Tensor]
    validacion: tuple[torch.Tensor, torch.Tensor]

    def tamanos(self) -> dict[str, dict[str, int]]:
        """Caracteres, fragmentos y caracteres objetivo de cada conjunto."""
        return {
            nombre: {
                "caracteres": int(ids.shape[0]),
                "fragmentos": int(par[0].shape[0]),
                "objetivos": int(par[1].numel()),
            }
            for nombre, ids, par in (
                ("entrenamiento", self.ids_entrenamiento, self.entrenamiento),
                ("validación", self.ids_validacion, self.validacion),
            )
        }


def preparar_datos_caracteres(
    texto: str,
    longitud_secuencia: int = 64,
    fraccion_validacion: float = 0.1,
    vocabulario: Vocabulario | None = None,
) -> DatosCaracteres:
    """Codifica ``texto``, lo divide en orden (entrenamiento, después validación) y lo corta en fragmentos.

    La validación es el **último** ``fraccion_validacion`` del texto: un tramo
    seguido que el modelo no ve al entrenar, como el futuro de una serie de
    tiempo. Barajar fragmentos antes de dividir filtraría frases casi iguales
    a ambos lados.

    Parameters
    ----------
    texto : str
    longitud_secuencia : int
        T, caracteres de entrada de cada fragmento.
    fraccion_validacion : float
        En (0, 1).
    vocabulario : Vocabulario, opcional
        Por defecto, el de ``texto`` entero (así ningún objetivo de validación
        es :data:`~rnnbook.datos.caracteres.DESCONOCIDO`).

    Returns
    -------
    DatosCaracteres

    Raises
    ------
    ValueError
        Si el texto es demasiado corto para tener al menos un fragmento en
        cada conjunto (el mensaje da el mínimo).

    Examples
    --------
    >>> d = preparar_datos_caracteres("abcde" * 40, longitud_secuencia=8, fraccion_validacion=0.25)
    >>> d.entrenamiento[0].shape, d.validacion[0].shape, len(d.vocabulario)
    (torch.Size([18, 8]), torch.Size([6, 8]), 6)
    """
    if not isinstance(texto, str):
        raise TypeError(f"texto debe ser str; se recibió {type(texto).__name__}.")
    T = _v.entero_positivo("longitud_secuencia", longitud_secuencia)
    fv = _v.real_positivo("fraccion_validacion", fraccion_validacion)
    if fv >= 1:
        raise ValueError(f"fraccion_validacion debe estar en (0, 1); se recibió {fv}.")
    minimo = _longitud_minima(T, fv)
    if len(texto) < minimo:
        raise ValueError(
            f"El corpus es demasiado corto: tiene {len(texto)} caracteres y, con longitud_secuencia={T} y "
            f"fraccion_validacion={fv}, hacen falta al menos {minimo} (un fragmento de {T + 1} caracteres "
            f"en validación y otro en entrenamiento)."
        )
    if vocabulario is None:
        vocabulario = Vocabulario(texto)
    elif not isinstance(vocabulario, Vocabulario):
        raise TypeError(
            f"vocabulario debe ser un Vocabulario; se recibió {type(vocabulario).__name__}."
        )
    ids = vocabulario.codificar(texto)  # (L,)
    corte = len(texto) - _tam_validacion(len(texto), fv)
    ids_e, ids_v = ids[:corte], ids[corte:]
    return DatosCaracteres(
        vocabulario,
        T,
        ids_e,
        ids_v,
        crear_fragmentos(ids_e, T),
        crear_fragmentos(ids_v, T),
    )
