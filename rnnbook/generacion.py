"""Ejercicio A2: LSTM de caracteres y muestreo con temperatura y top-k.

Una LSTM lee texto carácter a carácter y aprende a predecir el siguiente.
Después, realimentando sus propias muestras, **genera** texto nuevo. Las
piezas, en el orden en que se usan:

* el corpus: :func:`cargar_corpus` lee cualquier archivo UTF-8 o, sin ruta, el
  corpus incorporado, que es la prosa de este mismo libro (capítulos y
  ejemplos), extraída por :func:`construir_corpus_libro` y guardada dentro del
  paquete;
* :class:`Vocabulario` (carácter ↔ índice, con un índice para lo desconocido),
  :func:`crear_fragmentos` (entradas :math:`1 \\dots T`, objetivos
  :math:`2 \\dots T+1`) y :func:`preparar_datos_caracteres` (división
  cronológica en entrenamiento y validación);
* :class:`LSTMCaracteres` (*embedding* → LSTM → lineal), entrenada con el
  motor común :func:`rnnbook.entrenar` por :func:`entrenar_caracteres`, y
  medida en **bits por carácter** (:func:`bits_por_caracter`) frente a dos
  referencias (:func:`lineas_base_bpc`);
* el muestreo: :func:`probabilidades`, :func:`muestrear` y
  :func:`generar_texto`, con temperatura y *top-k*;
* el *checkpoint*: :func:`guardar_generador` y :func:`cargar_generador`
  (pesos con :func:`rnnbook.guardar_modelo` y, al lado, un JSON con el
  vocabulario y los hiperparámetros).

:func:`ejecutar_generacion` es la orden ``python -m rnnbook generar``.
"""

from __future__ import annotations

import ast
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from . import _validacion as _v
from .entorno import describir_dispositivo, elegir_dispositivo, fijar_semilla
from .entrenamiento import Historial, cargar_modelo, entrenar, evaluar, guardar_modelo
from .graficos import PALETA, guardar_figura, nueva_figura
from .parametros import contar_parametros

__all__ = [
    "DESCONOCIDO",
    "HIPERPARAMETROS_CARACTERES",
    "construir_corpus_libro",
    "cargar_corpus",
    "Vocabulario",
    "crear_fragmentos",
    "DatosCaracteres",
    "preparar_datos_caracteres",
    "LSTMCaracteres",
    "perdida_caracteres",
    "bits_por_caracter",
    "lineas_base_bpc",
    "entrenar_caracteres",
    "bpc_validacion",
    "probabilidades",
    "muestrear",
    "generar_texto",
    "estadisticas_muestra",
    "guardar_generador",
    "cargar_generador",
    "figura_curvas_caracteres",
    "figura_temperaturas",
    "ejecutar_generacion",
]

#: Símbolo del índice 0 del :class:`Vocabulario`: cualquier carácter que no esté en el corpus.
DESCONOCIDO = "\ufffd"

#: Valores del libro para el modelo, los datos y el entrenamiento (unos 20 s en un hilo de CPU).
HIPERPARAMETROS_CARACTERES = {
    "dim_embedding": 32,
    "hidden_size": 128,
    "num_layers": 1,
    "longitud_secuencia": 64,
    "fraccion_validacion": 0.1,
    "tam_lote": 32,
    "lr": 2e-2,
    "recorte_gradiente": 1.0,
    "epocas": 4,
}

#: Nombres de los archivos que escribe :func:`guardar_generador`.
ARCHIVO_PESOS = "modelo_caracteres.pth"
ARCHIVO_CONFIGURACION = "generador_caracteres.json"

_RECURSO_CORPUS = "datos/corpus_libro.txt"


# ===================================================================== el corpus del libro
# Directivas cuyo contenido es prosa: se conserva su texto (sin opciones). Las
# demás (código, matemáticas, índices, bibliografía...) se descartan enteras.
_DIRECTIVAS_PROSA = {"admonition", "note", "tip", "warning", "important", "hint", "attention", "caution",
                     "danger", "error", "seealso", "topic", "sidebar", "epigraph", "dropdown", "figure",
                     "list-table"}
# Directivas cuyo argumento es un título (y no, p. ej., una ruta de imagen).
_DIRECTIVAS_CON_TITULO = {"admonition", "topic", "sidebar", "dropdown"}

_SIMBOLOS_TEX = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "eta": "η",
    "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ",
    "varphi": "φ", "omega": "ω", "Delta": "Δ", "Sigma": "Σ", "Omega": "Ω", "nabla": "∇", "partial": "∂",
    "odot": "⊙", "cdot": "·", "times": "×", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠",
    "neq": "≠", "approx": "≈", "to": "→", "rightarrow": "→", "leftarrow": "←", "infty": "∞", "sum": "Σ",
    "prod": "Π", "in": "∈", "top": "ᵀ", "dots": "…", "ldots": "…", "cdots": "…", "sqrt": "√", "pm": "±",
    "lVert": "‖", "rVert": "‖", "Vert": "‖", "lvert": "|", "rvert": "|", "mid": "|", "langle": "⟨",
    "rangle": "⟩", "ll": "≪", "gg": "≫", "sim": "∼", "propto": "∝", "circ": "∘",
}
_FORMATO_TEX = {"mathrm", "text", "mathbf", "mathit", "mathcal", "boldsymbol", "operatorname", "textrm", "bm",
                "hat", "tilde", "bar", "vec", "left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr",
                "displaystyle", "underbrace", "overbrace", "mathbb"}


def _matematicas_en_linea(tex: str) -> str:
    """Convierte una fórmula corta de LaTeX en texto legible (``W_{hh}`` → ``W_hh``, ``\\sigma`` → ``σ``)."""
    tex = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"\1/\2", tex)
    tex = re.sub(r"\\[,;:! ]|\\q?quad\b", " ", tex)

    def comando(m: re.Match) -> str:
        nombre, espacio = m.group(1), m.group(2)
        if nombre in _SIMBOLOS_TEX:  # pegado a lo que sigue solo si es una letra o una cifra (\\partial L → ∂L)
            return _SIMBOLOS_TEX[nombre] + ("" if m.group(3).isalnum() else espacio)
        if nombre in _FORMATO_TEX:
            return ""
        return nombre + espacio  # funciones (tanh, log...) y comandos desconocidos: su nombre

    tex = re.sub(r"\\([A-Za-z]+)(\s*)(?=(.?))", comando, tex)
    tex = tex.replace("\\{", "{").replace("\\}", "}").replace("{", "").replace("}", "").replace("\\", "")
    return re.sub(r"\s+", " ", tex).strip()


def _destino_legible(destino: str) -> str:
    """``galeria/parte4_avanzadas/plot_03_seq2seq`` → ``seq2seq``; ``resumen-lstm`` → ``resumen lstm``."""
    ultimo = destino.strip().rstrip("/").split("/")[-1].split("#")[-1]
    ultimo = re.sub(r"^plot_\d+_", "", ultimo)
    return re.sub(r"[-_]+", " ", ultimo).strip()


def _rol(rol: str, contenido: str) -> str:
    """Texto que deja un rol de MyST (``{rol}`x```) o de reST (``:rol:`x```)."""
    rol = rol.removeprefix("py:")
    if rol == "math":
        return _matematicas_en_linea(contenido)
    if rol == "medida":  # cifra medida al construir el libro: no existe en las fuentes
        return "…"
    if rol.startswith("cite") or rol in ("eq", "footcite"):
        return ""
    explicito = re.match(r"^(.*?)\s*<([^<>]+)>$", contenido, flags=re.S)
    if explicito and explicito.group(1).strip():
        return explicito.group(1).strip()
    if rol in ("doc", "ref", "any", "download", "numref", "term"):
        return _destino_legible(contenido)
    if rol in ("func", "class", "meth", "data", "attr", "mod", "obj", "exc", "const"):
        nombre = contenido.lstrip("!").removesuffix("()")
        return nombre.lstrip("~").split(".")[-1] if nombre.startswith("~") else nombre
    return contenido


def _limpiar_en_linea(texto: str) -> str:
    """Quita el marcado en línea de MyST y reST y deja el texto que leería una persona."""
    texto = re.sub(r"(?<![\w`]):([A-Za-z][\w:.-]*):`([^`]*)`", lambda m: _rol(m.group(1), m.group(2)), texto)
    texto = re.sub(r"(?<![\w^_`])\{([A-Za-z][\w:.-]*)\}`([^`]*)`", lambda m: _rol(m.group(1), m.group(2)), texto)
    texto = re.sub(r"``(.+?)``", r"\1", texto)
    texto = re.sub(r"`([^`<]+?)\s*<[^`>]+>`_{1,2}", r"\1", texto)  # enlace reST con texto
    texto = re.sub(r"`([^`]+)`_{0,2}", r"\1", texto)
    texto = re.sub(r"\$([^$\n]+)\$", lambda m: _matematicas_en_linea(m.group(1)), texto)
    texto = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", texto)  # imágenes
    texto = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", texto)  # enlaces Markdown
    texto = re.sub(r"</?[A-Za-z][^<>]*>", "", texto)  # etiquetas HTML y enlaces <https://...>
    texto = re.sub(r"\*\*(.+?)\*\*", r"\1", texto)
    texto = re.sub(r"(?<![\w*])\*(?![\s*])(.+?)(?<![\s*])\*(?![\w*])", r"\1", texto)
    texto = re.sub(r"\s+", " ", texto)
    texto = re.sub(r"\(\s*\)", "", texto)
    texto = re.sub(r"\(\s+", "(", texto)
    texto = re.sub(r"\s+([.,;)])", r"\1", texto)
    texto = re.sub(r"^- \[[ xX]\] ", "- ", texto)  # listas de tareas
    return re.sub(r"^(\s*·\s*)+|(\s*·\s*)+$", "", texto).strip()  # celdas vacías al borde de una fila


_INICIO_LISTA = re.compile(r"^\s*([-*+•]|\d+[.)]|#\.)\s+")


def _parrafos(lineas: list[str]) -> list[str]:
    """Agrupa líneas en bloques (párrafos, títulos, elementos de lista), ya limpios y en una sola línea."""
    bloques: list[list[str]] = []
    actual: list[str] = []
    for linea in [*lineas, ""]:
        nuevo_elemento = _INICIO_LISTA.match(linea) is not None
        if not linea.strip() or nuevo_elemento:
            if actual:
                bloques.append(actual)
            actual = []
        if linea.strip():
            if nuevo_elemento:
                marca = _INICIO_LISTA.match(linea).group(1)
                linea = ("-" if marca in "-*+•" else marca) + " " + linea[_INICIO_LISTA.match(linea).end():]
            actual.append(linea.strip())
    resultado = []
    for bloque in bloques:
        texto = _limpiar_en_linea(" ".join(bloque))
        if re.search(r"\w", texto):
            resultado.append(texto)
    return resultado


def _quitar_opciones(cuerpo: list[str]) -> list[str]:
    """Quita las líneas ``:opcion: valor`` del principio del cuerpo de una directiva."""
    i = 0
    while i < len(cuerpo) and (re.match(r"^\s*:[\w-]+:", cuerpo[i]) or (i == 0 and not cuerpo[i].strip())):
        i += 1
    return cuerpo[i:]


def _filas_list_table(cuerpo: list[str]) -> list[str]:
    """Filas de una ``list-table`` (``* - a`` / ``  - b``), cada una en un bloque con las celdas separadas por «·»."""
    filas: list[list[str]] = []
    for linea in cuerpo:
        fila = re.match(r"^\s*\*\s+-\s*(.*)$", linea)
        celda = re.match(r"^\s+-\s*(.*)$", linea)
        if fila:
            filas.append([fila.group(1)])
        elif celda and filas:
            filas[-1].append(celda.group(1))
        elif linea.strip() and filas:
            filas[-1][-1] += " " + linea.strip()
    salida = []
    for fila in filas:
        salida += ["", " · ".join(c.strip() for c in fila if c.strip()), ""]
    return salida


def _lineas_markdown(lineas: list[str]) -> list[str]:
    """Líneas de prosa de un texto MyST: fuera código, matemáticas, etiquetas y directivas sin prosa."""
    salida: list[str] = []
    i = 0
    while i < len(lineas):
        linea = lineas[i]
        valla = re.match(r"^\s*(`{3,}|~{3,}|:{3,})\s*(.*)$", linea)
        if valla:
            marca, info = valla.group(1), valla.group(2).strip()
            j = i + 1
            while j < len(lineas) and not re.match(rf"^\s*{re.escape(marca[0])}{{{len(marca)},}}\s*$", lineas[j]):
                j += 1
            directiva = re.match(r"^\{([\w:-]+)\}\s*(.*)$", info)
            if directiva and directiva.group(1) in _DIRECTIVAS_PROSA:
                nombre, argumento = directiva.groups()
                cuerpo = _quitar_opciones(lineas[i + 1:j])
                salida.append("")
                if nombre in _DIRECTIVAS_CON_TITULO and argumento:
                    salida += [argumento, ""]
                if nombre == "list-table":
                    salida += _filas_list_table(cuerpo)
                else:
                    salida += _lineas_markdown(cuerpo) + [""]
            i = j + 1
            continue
        if linea.strip().startswith("$$"):
            j = i
            cierre = re.compile(r"^.*\$\$\s*(\([\w-]+\))?\s*$")  # «$$» o «$$ (etiqueta)»
            while j < len(lineas) and not (cierre.match(lineas[j]) and (j > i or len(lineas[j].strip()) > 2)):
                j += 1
            salida.append("")
            i = j + 1
            continue
        if re.match(r"^\s*(\(.*\)=|%|\+\+\+|-{3,}\s*$|\*{3,}\s*$)", linea):
            salida.append("")
        elif re.match(r"^\s*\|", linea):  # tablas: una fila por bloque
            if not re.match(r"^\s*\|[\s:|-]+\|?\s*$", linea):
                celdas = [c.strip() for c in linea.strip().strip("|").split("|")]
                salida += ["", " · ".join(c for c in celdas if c), ""]
        elif re.match(r"^#{1,6}\s", linea):
            salida += ["", linea.lstrip("#").strip(), ""]
        elif re.match(r"^:\s", linea):  # listas de definiciones
            salida += ["", linea[1:].strip()]
        else:
            salida.append(re.sub(r"^\s*>\s?", "", linea))
        i += 1
    return salida


def _lineas_rest(lineas: list[str]) -> list[str]:
    """Líneas de prosa de un texto reST (docstrings y bloques de texto de la galería)."""
    salida: list[str] = []
    i = 0
    while i < len(lineas):
        linea = lineas[i]
        sangria = len(linea) - len(linea.lstrip())
        directiva = re.match(r"^\s*\.\.\s+([\w:-]+)::\s*(.*)$", linea)
        comentario = re.match(r"^\s*\.\.(\s|$)", linea)
        literal = linea.rstrip().endswith("::") and not comentario
        if directiva or comentario or literal:
            j = i + 1
            while j < len(lineas) and (not lineas[j].strip()
                                       or len(lineas[j]) - len(lineas[j].lstrip()) > sangria):
                j += 1
            if literal:  # «texto::» anuncia un bloque literal (código): queda «texto:»
                salida.append(re.sub(r"\s*::$", ":", linea.rstrip()) if linea.strip() != "::" else "")
            elif directiva and directiva.group(1) in _DIRECTIVAS_PROSA:
                nombre, argumento = directiva.groups()
                salida.append("")
                if nombre in _DIRECTIVAS_CON_TITULO and argumento:
                    salida += [argumento, ""]
                cuerpo = [c[sangria:] if len(c) > sangria else c.strip() for c in lineas[i + 1:j]]
                cuerpo = _quitar_opciones(cuerpo)
                minima = min((len(c) - len(c.lstrip()) for c in cuerpo if c.strip()), default=0)
                salida += _lineas_rest([c[minima:] for c in cuerpo]) + [""]
            salida.append("")
            i = j
            continue
        if re.match(r"^\s*([=\-~^*#\"+`'])\1{2,}\s*$", linea):  # subrayado de un título
            salida.append("")
        else:
            salida.append(linea)
        i += 1
    return salida


def _texto_de_ejemplo(fuente: str) -> list[str]:
    """Docstring y bloques de texto (``# %%`` seguido de comentarios) de un ejemplo de la galería."""
    lineas = _lineas_rest((ast.get_docstring(ast.parse(fuente), clean=True) or "").splitlines())
    fuente_lineas = fuente.splitlines()
    i = 0
    while i < len(fuente_lineas):
        if fuente_lineas[i].startswith("# %%"):
            bloque = []
            i += 1
            while i < len(fuente_lineas) and re.match(r"^#( |$)", fuente_lineas[i]):
                bloque.append(fuente_lineas[i][2:])
                i += 1
            lineas += [""] + _lineas_rest(bloque) + [""]
        else:
            i += 1
    return lineas


def construir_corpus_libro(raiz=".", destino=None) -> str:
    """Extrae la prosa del libro: capítulos ``docs/*.md`` y texto de ``gallery/**/plot_*.py``.

    Es el corpus incorporado de :func:`cargar_corpus`: texto en español escrito
    para este libro, sin obras de terceros. Del Markdown (MyST) se quitan los
    bloques de código, las matemáticas en bloque, las etiquetas y las
    directivas sin prosa (índices, bibliografía...); de las directivas con
    prosa (``admonition``, ``note``...) se conserva el texto. De cada ejemplo
    se toman su docstring y los bloques de comentarios que siguen a ``# %%``
    (el código y sus comentarios se descartan). En ambos casos los roles
    (``{doc}``, ``:func:``...) dejan el texto que se leería en la página, las
    fórmulas cortas se convierten en texto (``W_{hh}`` → ``W_hh``, ``\\sigma``
    → ``σ``), las cifras medidas (``{medida}``), que no existen en las
    fuentes, se sustituyen por «…» y las citas se omiten.

    Cada párrafo, título o elemento de lista ocupa una línea. Los párrafos de
    más de 80 caracteres repetidos (como el aviso de instalación de cada
    ejemplo) se conservan solo la primera vez.

    Parameters
    ----------
    raiz : str o pathlib.Path
        Raíz del repositorio (la carpeta con ``docs/`` y ``gallery/``).
    destino : str o pathlib.Path, opcional
        Si se da, el corpus se escribe ahí en UTF-8 (para actualizar la copia
        que viaja con el paquete).

    Returns
    -------
    str
        El corpus, con un salto de línea al final.

    Raises
    ------
    ValueError
        Si ``raiz`` no contiene ni capítulos ni ejemplos.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> raiz = pathlib.Path(tempfile.mkdtemp())
    >>> (raiz / "docs").mkdir(); (raiz / "gallery" / "p").mkdir(parents=True)
    >>> _ = (raiz / "docs" / "a.md").write_text(
    ...     "# Título\\n\\nUna **LSTM** con $W_{hh}$ ({doc}`parte1`).\\n\\n```python\\nx = 1\\n```\\n",
    ...     encoding="utf-8")
    >>> comillas = '"' * 3
    >>> _ = (raiz / "gallery" / "p" / "plot_1.py").write_text(
    ...     comillas + "\\nEjemplo\\n=======\\n\\nUsa :func:`~rnnbook.entrenar`.\\n" + comillas
    ...     + "\\n# %%\\n# Texto de la celda.\\nx = 2  # comentario de código\\n", encoding="utf-8")
    >>> print(construir_corpus_libro(raiz), end="")
    Título
    Una LSTM con W_hh (parte1).
    Ejemplo
    Usa entrenar.
    Texto de la celda.
    """
    raiz = Path(raiz)
    capitulos = sorted((raiz / "docs").glob("*.md"))
    ejemplos = sorted((raiz / "gallery").rglob("plot_*.py"), key=lambda p: p.relative_to(raiz).as_posix())
    if not capitulos and not ejemplos:
        raise ValueError(
            f"{str(raiz)!r} no parece la raíz del repositorio del libro: no hay docs/*.md ni gallery/**/plot_*.py."
        )
    parrafos: list[str] = []
    for ruta in capitulos:
        texto = re.sub(r"<!--.*?-->", "", ruta.read_text(encoding="utf-8"), flags=re.S)
        parrafos += _parrafos(_lineas_markdown(texto.splitlines()))
    for ruta in ejemplos:
        parrafos += _parrafos(_texto_de_ejemplo(ruta.read_text(encoding="utf-8")))
    vistos: set[str] = set()
    unicos = []
    for p in parrafos:
        if len(p) > 80:
            if p in vistos:
                continue
            vistos.add(p)
        unicos.append(p)
    corpus = unicodedata.normalize("NFC", "\n".join(unicos) + "\n")
    if destino is not None:
        destino = Path(destino)
        destino.parent.mkdir(parents=True, exist_ok=True)
        destino.write_text(corpus, encoding="utf-8", newline="\n")
    return corpus


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
        datos = (resources.files("rnnbook") / _RECURSO_CORPUS).read_bytes()
        nombre = "corpus incorporado"
    else:
        if not isinstance(ruta, (str, Path)):
            raise TypeError(f"ruta debe ser str o pathlib.Path; se recibió {type(ruta).__name__}.")
        ruta = Path(ruta)
        if not ruta.exists():
            raise ValueError(f"No existe el archivo de corpus {str(ruta)!r}.")
        if not ruta.is_file():
            raise ValueError(f"{str(ruta)!r} no es un archivo de texto (¿es una carpeta?).")
        datos = ruta.read_bytes()
        nombre = repr(str(ruta))
    try:
        texto = datos.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"El corpus {nombre} no está codificado en UTF-8 (byte 0x{datos[exc.start]:02x} en la posición "
            f"{exc.start}). Conviértelo, p. ej. con «iconv -f latin1 -t utf-8 original.txt > corpus.txt»."
        ) from None
    texto = unicodedata.normalize("NFC", texto.replace("\r\n", "\n").replace("\r", "\n"))
    if not texto.strip():
        raise ValueError(f"El corpus {nombre} está vacío.")
    return texto


# ========================================================================= vocabulario y datos
class Vocabulario:
    """Correspondencia carácter ↔ índice.

    El índice 0 es :data:`~rnnbook.generacion.DESCONOCIDO` (``"\\ufffd"``, «�»): lo recibe cualquier
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
        El carácter de cada índice (``simbolos[0]`` es :data:`~rnnbook.generacion.DESCONOCIDO`).

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
            raise ValueError("texto no puede estar vacío: el vocabulario necesita al menos un carácter.")
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
            raise ValueError(f"Los índices deben ser enteros en [0, {V - 1}]; se recibió {fuera[0]!r}.")
        return "".join(self.simbolos[i] for i in indices)

    def a_dict(self) -> dict:
        """Representación para JSON: ``{"caracteres": <todos menos DESCONOCIDO>}``."""
        return {"caracteres": "".join(self.simbolos[1:])}

    @classmethod
    def desde_dict(cls, datos: dict) -> Vocabulario:
        """Reconstruye el vocabulario guardado con :meth:`a_dict`."""
        if not isinstance(datos, dict) or not isinstance(datos.get("caracteres"), str) or not datos["caracteres"]:
            raise ValueError("El vocabulario guardado debe ser un dict con la clave 'caracteres' (str no vacío).")
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
        raise ValueError(f"ids debe ser un vector de enteros de forma (L,); se recibió forma {tuple(ids.shape)} "
                         f"y dtype {ids.dtype}.")
    N = (ids.shape[0] - 1) // T
    if N < 1:
        raise ValueError(f"Hacen falta al menos longitud + 1 = {T + 1} caracteres; se recibieron {ids.shape[0]}.")
    ids = ids.long()
    return ids[:N * T].reshape(N, T).clone(), ids[1:N * T + 1].reshape(N, T).clone()


def _longitud_minima(longitud_secuencia: int, fraccion_validacion: float) -> int:
    """Menor corpus que deja al menos un fragmento en entrenamiento y otro en validación."""
    n = math.ceil((longitud_secuencia + 1) / fraccion_validacion)
    while not (_tam_validacion(n, fraccion_validacion) >= longitud_secuencia + 1
               and n - _tam_validacion(n, fraccion_validacion) >= longitud_secuencia + 1):
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
        return {nombre: {"caracteres": int(ids.shape[0]), "fragmentos": int(par[0].shape[0]),
                         "objetivos": int(par[1].numel())}
                for nombre, ids, par in (("entrenamiento", self.ids_entrenamiento, self.entrenamiento),
                                         ("validación", self.ids_validacion, self.validacion))}


def preparar_datos_caracteres(texto: str, longitud_secuencia: int = 64, fraccion_validacion: float = 0.1,
                              vocabulario: Vocabulario | None = None) -> DatosCaracteres:
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
        es :data:`~rnnbook.generacion.DESCONOCIDO`).

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
        raise TypeError(f"vocabulario debe ser un Vocabulario; se recibió {type(vocabulario).__name__}.")
    ids = vocabulario.codificar(texto)  # (L,)
    corte = len(texto) - _tam_validacion(len(texto), fv)
    ids_e, ids_v = ids[:corte], ids[corte:]
    return DatosCaracteres(vocabulario, T, ids_e, ids_v, crear_fragmentos(ids_e, T), crear_fragmentos(ids_v, T))


# ================================================================================ el modelo
class LSTMCaracteres(nn.Module):
    """Modelo de lenguaje de caracteres: *embedding* → LSTM → lineal.

    Muchos a muchos sincronizado: en cada paso ``t`` devuelve los *logits*
    del carácter ``t + 1``.

    Parameters
    ----------
    tam_vocab : int
        V, tamaño del :class:`Vocabulario`.
    dim_embedding : int
        E, dimensión del vector de cada carácter.
    hidden_size : int
        H, tamaño del estado oculto (y del estado de celda).
    num_layers : int
        Capas LSTM apiladas.
    dropout : float
        *Dropout* entre capas LSTM (solo si ``num_layers > 1``).

    Examples
    --------
    >>> m = LSTMCaracteres(10, dim_embedding=4, hidden_size=8)
    >>> m(torch.zeros(2, 5, dtype=torch.long)).shape
    torch.Size([2, 5, 10])
    >>> logits, (h, C) = m.avanzar(torch.zeros(1, 3, dtype=torch.long))
    >>> logits.shape, h.shape, C.shape
    (torch.Size([1, 3, 10]), torch.Size([1, 1, 8]), torch.Size([1, 1, 8]))
    """

    def __init__(self, tam_vocab: int, dim_embedding: int = 32, hidden_size: int = 128, num_layers: int = 1,
                 dropout: float = 0.0):
        super().__init__()
        tam_vocab = _v.entero_positivo("tam_vocab", tam_vocab, minimo=2)
        dim_embedding = _v.entero_positivo("dim_embedding", dim_embedding)
        hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        num_layers = _v.entero_positivo("num_layers", num_layers)
        dropout = _v.probabilidad_dropout("dropout", dropout)
        self.hiperparametros = {"tam_vocab": tam_vocab, "dim_embedding": dim_embedding, "hidden_size": hidden_size,
                                "num_layers": num_layers, "dropout": dropout}
        self.embedding = nn.Embedding(tam_vocab, dim_embedding)
        self.lstm = nn.LSTM(dim_embedding, hidden_size, num_layers, batch_first=True,
                            dropout=dropout if num_layers > 1 else 0.0)
        self.salida = nn.Linear(hidden_size, tam_vocab)

    def avanzar(self, x: torch.Tensor, estado: tuple[torch.Tensor, torch.Tensor] | None = None):
        """Lee ``x`` a partir de ``estado`` y devuelve los *logits* y el estado final.

        Parameters
        ----------
        x : Tensor de forma (N, T), int64
            Índices de caracteres.
        estado : tuple (h, C) de tensores de forma (capas, N, H), opcional
            Estado inicial; por defecto, ceros.

        Returns
        -------
        logits : Tensor de forma (N, T, V)
        estado : tuple (h, C) de tensores de forma (capas, N, H)
        """
        if not isinstance(x, torch.Tensor) or x.ndim != 2 or x.dtype != torch.long:
            raise ValueError("x debe ser un tensor int64 de forma (N, T) con índices de caracteres; se recibió "
                             + (f"forma {tuple(x.shape)} y dtype {x.dtype}." if isinstance(x, torch.Tensor)
                                else f"{type(x).__name__}."))
        e = self.embedding(x)  # (N, T, E)
        salidas, estado = self.lstm(e, estado)  # (N, T, H), ((capas, N, H), (capas, N, H))
        return self.salida(salidas), estado  # (N, T, V)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """*Logits* de forma (N, T, V) desde el estado cero (lo que usa :func:`rnnbook.entrenar`)."""
        return self.avanzar(x)[0]


def perdida_caracteres(logits: torch.Tensor, objetivos: torch.Tensor) -> torch.Tensor:
    """Entropía cruzada media (en *nats*) sobre todos los pasos de todos los fragmentos.

    Aplana los pasos: ``(N, T, V)`` → ``(N·T, V)`` y ``(N, T)`` → ``(N·T,)``.

    Parameters
    ----------
    logits : Tensor de forma (N, T, V)
    objetivos : Tensor de forma (N, T), int64

    Examples
    --------
    >>> p = perdida_caracteres(torch.zeros(2, 3, 4), torch.zeros(2, 3, dtype=torch.long))
    >>> round(float(p), 4) == round(math.log(4), 4)  # uniforme sobre 4 símbolos
    True
    """
    if logits.ndim != 3 or logits.shape[:2] != objetivos.shape:
        raise ValueError(f"logits debe tener forma {tuple(objetivos.shape)} + (V,); se recibió "
                         f"{tuple(logits.shape)}.")
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), objetivos.reshape(-1))


def bits_por_caracter(perdida_nats: float) -> float:
    """Convierte una entropía cruzada media en *nats* a bits por carácter: ``perdida / ln 2``.

    Examples
    --------
    >>> bits_por_caracter(math.log(2))
    1.0
    >>> bits_por_caracter(math.log(64))
    6.0
    """
    return _v.real_positivo("perdida_nats", perdida_nats, permitir_cero=True) / math.log(2)


def lineas_base_bpc(datos: DatosCaracteres) -> dict[str, float]:
    """Bits por carácter de validación de dos modelos sin memoria.

    * ``"uniforme"``: todos los caracteres del vocabulario igual de probables,
      :math:`\\log_2 V`.
    * ``"unigrama"``: cada carácter con su frecuencia en entrenamiento (más uno,
      suavizado de Laplace, para que ninguno tenga probabilidad 0), sin mirar
      el contexto. Es la entropía cruzada de validación de ese modelo.

    Un modelo de caracteres que no baje de la unigrama no ha aprendido nada
    del **orden**.

    Returns
    -------
    dict
        ``{"uniforme": float, "unigrama": float}`` en bits por carácter.

    Examples
    --------
    >>> d = preparar_datos_caracteres("ab" * 100, longitud_secuencia=4, fraccion_validacion=0.2)
    >>> b = lineas_base_bpc(d)
    >>> round(b["uniforme"], 3), round(b["unigrama"], 2)  # V = 3 con el desconocido
    (1.585, 1.01)
    """
    V = len(datos.vocabulario)
    cuentas = torch.bincount(datos.ids_entrenamiento, minlength=V).double() + 1.0  # (V,)
    log_p = torch.log2(cuentas / cuentas.sum())  # (V,)
    objetivos = datos.validacion[1].reshape(-1)  # los mismos caracteres que puntúa el modelo
    return {"uniforme": math.log2(V), "unigrama": float(-log_p[objetivos].mean())}


def entrenar_caracteres(modelo: LSTMCaracteres, datos: DatosCaracteres, *, epocas: int | None = None,
                        tam_lote: int | None = None, lr: float | None = None, semilla: int = 0,
                        dispositivo="auto", progreso: bool | None = None) -> Historial:
    """Entrena ``modelo`` con :func:`rnnbook.entrenar` y :func:`perdida_caracteres`.

    Adam, recorte del gradiente por norma global y fragmentos barajados en
    cada época (el orden de los fragmentos no importa: cada uno empieza desde
    el estado cero). Los valores por defecto son los de
    :data:`~rnnbook.generacion.HIPERPARAMETROS_CARACTERES`. La pérdida del historial está en
    *nats*; :func:`bits_por_caracter` la pasa a bits.

    Returns
    -------
    Historial
    """
    if not isinstance(modelo, LSTMCaracteres):
        raise TypeError(f"modelo debe ser un LSTMCaracteres; se recibió {type(modelo).__name__}.")
    if not isinstance(datos, DatosCaracteres):
        raise TypeError(f"datos debe ser un DatosCaracteres; se recibió {type(datos).__name__}.")
    if modelo.hiperparametros["tam_vocab"] != len(datos.vocabulario):
        raise ValueError(f"El modelo espera un vocabulario de {modelo.hiperparametros['tam_vocab']} símbolos y "
                         f"el de los datos tiene {len(datos.vocabulario)}.")
    hp = HIPERPARAMETROS_CARACTERES
    return entrenar(modelo, datos.entrenamiento, datos.validacion, perdida=perdida_caracteres,
                    epocas=hp["epocas"] if epocas is None else epocas,
                    tam_lote=hp["tam_lote"] if tam_lote is None else tam_lote,
                    lr=hp["lr"] if lr is None else lr, recorte_gradiente=hp["recorte_gradiente"],
                    semilla=semilla, dispositivo=dispositivo, progreso=progreso)


def bpc_validacion(modelo: LSTMCaracteres, datos: DatosCaracteres, dispositivo="auto") -> float:
    """Bits por carácter del modelo en los fragmentos de validación (modo ``eval()``, sin gradientes)."""
    res = evaluar(modelo, datos.validacion, perdida=perdida_caracteres, dispositivo=dispositivo)
    return bits_por_caracter(res["perdida"])


# ================================================================================ muestreo
def _validar_logits(logits) -> torch.Tensor:
    if not isinstance(logits, torch.Tensor) or not logits.is_floating_point() or logits.ndim < 1:
        raise TypeError("logits debe ser un tensor real de forma (..., V).")
    if logits.shape[-1] < 1:
        raise ValueError("logits debe tener al menos un símbolo en el último eje.")
    return logits


def _validar_top_k(top_k) -> int | None:
    if top_k is None:
        return None
    return _v.entero_positivo("top_k", top_k)


def probabilidades(logits: torch.Tensor, temperatura: float = 1.0, top_k: int | None = None) -> torch.Tensor:
    """Distribución del siguiente símbolo: ``softmax(logits / temperatura)``, opcionalmente solo sobre los k mejores.

    Parameters
    ----------
    logits : Tensor de forma (..., V)
    temperatura : float
        > 0. Menor que 1 afila la distribución (en el límite, el *argmax*);
        mayor que 1 la aplana (en el límite, la uniforme).
    top_k : int, opcional
        Si se da, los símbolos fuera de los ``top_k`` *logits* más altos
        reciben probabilidad 0 y el resto se renormaliza. Con ``top_k >= V``
        no se descarta nada.

    Returns
    -------
    Tensor de forma (..., V), float64
        Suma 1 en el último eje.

    Notes
    -----
    .. math::

       p_i = \\frac{\\exp\\big((z_i - \\max_j z_j)/\\tau\\big)}
                  {\\sum_k \\exp\\big((z_k - \\max_j z_j)/\\tau\\big)}

    Restar el máximo no cambia el resultado y evita desbordamientos: con
    :math:`\\tau` diminuta el mejor símbolo vale :math:`e^0 = 1` y los demás
    :math:`e^{-\\infty} = 0`. Si varios empatan en el máximo (o en el
    k-ésimo puesto), se reparten la probabilidad (o entran todos).

    Examples
    --------
    >>> z = torch.tensor([2.0, 1.0, 0.0])
    >>> probabilidades(z).round(decimals=3).tolist()
    [0.665, 0.245, 0.09]
    >>> probabilidades(z, temperatura=1e-6).tolist()
    [1.0, 0.0, 0.0]
    >>> probabilidades(z, top_k=2).round(decimals=3).tolist()
    [0.731, 0.269, 0.0]
    """
    logits = _validar_logits(logits).double()
    temperatura = _v.real_positivo("temperatura", temperatura)
    top_k = _validar_top_k(top_k)
    z = logits - logits.max(dim=-1, keepdim=True).values  # (..., V), máximo 0
    z = z / temperatura
    if top_k is not None and top_k < z.shape[-1]:
        umbral = torch.topk(z, top_k, dim=-1).values[..., -1:]  # (..., 1), el k-ésimo mayor
        z = z.masked_fill(z < umbral, -math.inf)
    return torch.softmax(z, dim=-1)


def muestrear(logits: torch.Tensor, temperatura: float = 1.0, top_k: int | None = None,
              generador: torch.Generator | None = None) -> int:
    """Índice muestreado de :func:`probabilidades` (``logits / temperatura``, *top-k*).

    El sorteo se hace en la CPU con ``generador``: con el mismo generador
    sembrado, el mismo índice, esté el modelo en la CPU o en la GPU.

    Parameters
    ----------
    logits : Tensor de forma (V,)
    temperatura : float
    top_k : int, opcional
    generador : torch.Generator (de CPU), opcional

    Returns
    -------
    int

    Examples
    --------
    >>> g = torch.Generator().manual_seed(0)
    >>> z = torch.tensor([2.0, 1.0, 0.0])
    >>> [muestrear(z, 0.1, generador=g) for _ in range(5)]
    [0, 0, 0, 0, 0]
    >>> sorted({muestrear(z, 1.0, top_k=2, generador=g) for _ in range(200)})
    [0, 1]
    """
    if isinstance(logits, torch.Tensor) and logits.ndim != 1:
        raise ValueError(f"logits debe tener forma (V,); se recibió {tuple(logits.shape)}.")
    if generador is not None and (not isinstance(generador, torch.Generator) or generador.device.type != "cpu"):
        raise TypeError("generador debe ser un torch.Generator de CPU.")
    p = probabilidades(logits, temperatura, top_k).cpu()  # (V,)
    return int(torch.multinomial(p, 1, generator=generador))


@torch.no_grad()
def generar_texto(modelo: LSTMCaracteres, vocabulario: Vocabulario, inicio: str, longitud: int = 500,
                  temperatura: float = 1.0, top_k: int | None = None, semilla: int = 0) -> str:
    """Genera ``longitud`` caracteres que continúan ``inicio``.

    1. El texto inicial pasa entero por la red: su estado :math:`(h, C)`
       resume el contexto y el último paso da los *logits* del primer
       carácter nuevo.
    2. Se muestrea un carácter (:func:`muestrear`), se le da a la red como
       siguiente entrada **conservando** :math:`(h, C)` y se repite.

    El símbolo :data:`~rnnbook.generacion.DESCONOCIDO` nunca se genera (su probabilidad se anula);
    en ``inicio`` sí se admiten caracteres desconocidos.

    Parameters
    ----------
    modelo : LSTMCaracteres
        Se usa en modo ``eval()`` (se restaura el modo anterior al terminar)
        y en su dispositivo.
    vocabulario : Vocabulario
    inicio : str
        Texto inicial, no vacío.
    longitud : int
        Caracteres que generar.
    temperatura : float
        > 0; véase :func:`probabilidades`.
    top_k : int, opcional
    semilla : int
        Semilla del generador propio del sorteo: la misma semilla da el mismo
        texto.

    Returns
    -------
    str
        Solo los caracteres generados (sin ``inicio``).

    Examples
    --------
    >>> voc = Vocabulario("abc")
    >>> m = LSTMCaracteres(len(voc), dim_embedding=4, hidden_size=8)
    >>> a = generar_texto(m, voc, "ab", longitud=20, semilla=3)
    >>> len(a), a == generar_texto(m, voc, "ab", longitud=20, semilla=3), DESCONOCIDO in a
    (20, True, False)
    """
    if not isinstance(modelo, LSTMCaracteres):
        raise TypeError(f"modelo debe ser un LSTMCaracteres; se recibió {type(modelo).__name__}.")
    if not isinstance(vocabulario, Vocabulario):
        raise TypeError(f"vocabulario debe ser un Vocabulario; se recibió {type(vocabulario).__name__}.")
    if len(vocabulario) != modelo.hiperparametros["tam_vocab"]:
        raise ValueError(f"El modelo espera un vocabulario de {modelo.hiperparametros['tam_vocab']} símbolos y "
                         f"se recibió uno de {len(vocabulario)}.")
    if not isinstance(inicio, str) or not inicio:
        raise ValueError("inicio debe ser un texto no vacío: la red necesita al menos un carácter del que partir.")
    longitud = _v.entero_positivo("longitud", longitud)
    temperatura = _v.real_positivo("temperatura", temperatura)
    top_k = _validar_top_k(top_k)
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    generador = torch.Generator().manual_seed(semilla)
    dispositivo = next(modelo.parameters()).device
    estaba_entrenando = modelo.training
    modelo.eval()
    try:
        x = vocabulario.codificar(inicio).unsqueeze(0).to(dispositivo)  # (1, L)
        logits, estado = modelo.avanzar(x)  # (1, L, V), calentamiento con el texto inicial
        nuevos = []
        for _ in range(longitud):
            z = logits[0, -1].float().cpu().clone()  # (V,)
            z[0] = -math.inf  # nunca DESCONOCIDO
            i = muestrear(z, temperatura, top_k, generador)
            nuevos.append(i)
            logits, estado = modelo.avanzar(torch.tensor([[i]], device=dispositivo), estado)  # (1, 1, V)
    finally:
        modelo.train(estaba_entrenando)
    return vocabulario.decodificar(nuevos)


def estadisticas_muestra(texto: str, corpus: str) -> dict[str, float]:
    """Dos medidas sencillas de un texto generado frente al corpus.

    * ``"palabras_del_corpus"``: fracción de sus palabras (secuencias de
      letras) que aparecen en el corpus. Mide la **ortografía**.
    * ``"palabras_distintas"``: palabras distintas / palabras. Mide la
      **variedad**: baja cuando el texto se repite.

    Examples
    --------
    >>> estadisticas_muestra("la red la red xq", "la red recurrente")
    {'palabras_del_corpus': 0.8, 'palabras_distintas': 0.6, 'palabras': 5}
    """
    if not isinstance(texto, str) or not isinstance(corpus, str):
        raise TypeError("texto y corpus deben ser str.")
    palabras = re.findall(r"[^\W\d_]+", texto.lower())
    conocidas = set(re.findall(r"[^\W\d_]+", corpus.lower()))
    n = len(palabras)
    return {"palabras_del_corpus": sum(p in conocidas for p in palabras) / n if n else 0.0,
            "palabras_distintas": len(set(palabras)) / n if n else 0.0, "palabras": n}


# ============================================================================== checkpoint
def guardar_generador(modelo: LSTMCaracteres, vocabulario: Vocabulario, carpeta, **extra) -> dict[str, Path]:
    """Guarda pesos, vocabulario e hiperparámetros para generar texto sin reentrenar.

    :func:`rnnbook.cargar_modelo` lee los pesos con ``weights_only=True`` (sin
    ejecutar código del archivo), así que solo guarda tensores: el vocabulario
    y los hiperparámetros, necesarios para reconstruir el modelo, van aparte,
    en un JSON legible.

    Parameters
    ----------
    modelo : LSTMCaracteres
    vocabulario : Vocabulario
    carpeta : str o pathlib.Path
        Se crea si no existe.
    **extra
        Datos serializables en JSON que guardar también (p. ej. las métricas).

    Returns
    -------
    dict
        ``{"pesos": ruta .pth, "configuracion": ruta .json}``.
    """
    if not isinstance(modelo, LSTMCaracteres):
        raise TypeError(f"modelo debe ser un LSTMCaracteres; se recibió {type(modelo).__name__}.")
    if not isinstance(vocabulario, Vocabulario):
        raise TypeError(f"vocabulario debe ser un Vocabulario; se recibió {type(vocabulario).__name__}.")
    carpeta = Path(carpeta)
    pesos = guardar_modelo(modelo, carpeta / ARCHIVO_PESOS)
    configuracion = carpeta / ARCHIVO_CONFIGURACION
    contenido = {"formato": "rnnbook.generador_caracteres/1", "hiperparametros": modelo.hiperparametros,
                 "vocabulario": vocabulario.a_dict(), **extra}
    configuracion.write_text(json.dumps(contenido, ensure_ascii=False, indent=2), encoding="utf-8")
    return {"pesos": pesos, "configuracion": configuracion}


def cargar_generador(carpeta, dispositivo="auto") -> tuple[LSTMCaracteres, Vocabulario]:
    """Reconstruye el modelo y el vocabulario guardados con :func:`guardar_generador`.

    Returns
    -------
    modelo : LSTMCaracteres
        Con los pesos cargados, en ``dispositivo`` y en modo ``eval()``.
    vocabulario : Vocabulario

    Raises
    ------
    ValueError
        Si falta algún archivo, el JSON no es válido o los pesos no
        corresponden a los hiperparámetros.

    Examples
    --------
    >>> import tempfile
    >>> voc = Vocabulario("abc"); m = LSTMCaracteres(len(voc), hidden_size=8)
    >>> carpeta = tempfile.mkdtemp()
    >>> _ = guardar_generador(m, voc, carpeta)
    >>> m2, voc2 = cargar_generador(carpeta, dispositivo="cpu")
    >>> voc2 == voc, bool(torch.equal(m2.salida.weight, m.salida.weight))
    (True, True)
    """
    carpeta = Path(carpeta)
    configuracion = carpeta / ARCHIVO_CONFIGURACION
    if not configuracion.is_file():
        raise ValueError(f"No existe {str(configuracion)!r}: la carpeta no contiene un generador guardado "
                         f"con guardar_generador (o con «rnnbook generar --salida»).")
    try:
        contenido = json.loads(configuracion.read_text(encoding="utf-8"))
        hp = dict(contenido["hiperparametros"])
        vocabulario = Vocabulario.desde_dict(contenido["vocabulario"])
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"{str(configuracion)!r} no es una configuración de generador válida: {exc!r}") from None
    if hp.get("tam_vocab") != len(vocabulario):
        raise ValueError(f"{str(configuracion)!r}: tam_vocab={hp.get('tam_vocab')} no coincide con el vocabulario "
                         f"guardado ({len(vocabulario)} símbolos).")
    try:
        modelo = LSTMCaracteres(**hp)
    except TypeError as exc:
        raise ValueError(f"{str(configuracion)!r}: hiperparámetros no válidos: {exc}") from None
    cargar_modelo(carpeta / ARCHIVO_PESOS, modelo)
    modelo.to(elegir_dispositivo(dispositivo)).eval()
    return modelo, vocabulario


# ================================================================================= figuras
def _visible(c: str) -> str:
    return {" ": "␣", "\n": "⏎", "\t": "⇥"}.get(c, c)


def figura_curvas_caracteres(historial: Historial, lineas_base: dict[str, float] | None = None):
    """Bits por carácter de entrenamiento y de validación por época, con las referencias.

    Parameters
    ----------
    historial : Historial
        El de :func:`entrenar_caracteres` (pérdidas en *nats*).
    lineas_base : dict, opcional
        El de :func:`lineas_base_bpc`: se dibujan como rectas horizontales.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(historial, Historial) or not historial.epocas:
        raise TypeError("historial debe ser un Historial con al menos una época.")
    fig, ax = nueva_figura(ancho=7.5, alto=4.0)
    epocas = historial.columna("epoca")
    ax.plot(epocas, [bits_por_caracter(v) for v in historial.columna("perdida_entrenamiento")], "o-",
            color=PALETA["lstm"], label="LSTM, entrenamiento (media de la época)")
    ax.plot(epocas, [bits_por_caracter(v) for v in historial.columna("perdida_validacion")], "s--",
            color=PALETA["lstm"], alpha=0.7, label="LSTM, validación (fin de la época)")
    estilos = {"uniforme": ":", "unigrama": "-."}
    for nombre, valor in (lineas_base or {}).items():
        ax.axhline(valor, color=PALETA["referencia"], ls=estilos.get(nombre, ":"),
                   label=f"{nombre} ({valor:.2f} bits)")
    ax.set_xlabel("época")
    ax.set_ylabel("entropía cruzada (bits por carácter)")
    ax.set_title("Modelo de caracteres: cuánto cuesta, en bits, predecir el siguiente")
    ax.set_xticks(epocas)
    ax.set_ylim(0, max(ax.get_ylim()[1], 1.0) * 1.3)  # hueco para la leyenda sobre las curvas
    ax.legend(loc="upper right", ncols=2)
    return fig


@torch.no_grad()
def figura_temperaturas(modelo: LSTMCaracteres, vocabulario: Vocabulario, inicio: str,
                        temperaturas=(0.5, 1.0, 1.5), top_k: int | None = None, mostrar: int = 12):
    """Distribución del carácter que sigue a ``inicio`` con varias temperaturas.

    Un panel por temperatura (y uno más con *top-k* si se da), con los
    ``mostrar`` caracteres más probables a temperatura 1 y la entropía de la
    distribución completa en el título. «␣» es el espacio y «⏎» el salto de
    línea.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(modelo, LSTMCaracteres) or not isinstance(vocabulario, Vocabulario):
        raise TypeError("Se esperaba un LSTMCaracteres y su Vocabulario.")
    if not isinstance(inicio, str) or not inicio:
        raise ValueError("inicio debe ser un texto no vacío.")
    mostrar = _v.entero_positivo("mostrar", mostrar)
    estaba_entrenando = modelo.training
    modelo.eval()
    try:
        dispositivo = next(modelo.parameters()).device
        z = modelo(vocabulario.codificar(inicio).unsqueeze(0).to(dispositivo))[0, -1].float().cpu()  # (V,)
    finally:
        modelo.train(estaba_entrenando)
    z[0] = -math.inf
    paneles = [(f"T = {t:g}", probabilidades(z, t)) for t in temperaturas]
    if top_k is not None:
        paneles.append((f"T = 1, top-k = {top_k}", probabilidades(z, 1.0, top_k)))
    orden = torch.argsort(probabilidades(z, 1.0), descending=True)[:mostrar]
    etiquetas = [_visible(vocabulario.simbolos[i]) for i in orden.tolist()]
    fig, ejes = nueva_figura(1, len(paneles), ancho=3.0 * len(paneles) + 1, alto=3.6, sharey=True)
    ejes = np.atleast_1d(ejes)
    for ax, (titulo, p) in zip(ejes, paneles):
        entropia = float(-(p[p > 0] * torch.log2(p[p > 0])).sum())
        ax.bar(range(len(orden)), p[orden].numpy(), color=PALETA["lstm"])
        ax.set_xticks(range(len(orden)), etiquetas)
        ax.set_title(f"{titulo}\nentropía {entropia:.2f} bits", fontsize=10)
        ax.set_xlabel("siguiente carácter")
    ejes[0].set_ylabel("probabilidad")
    fig.suptitle(f"¿Qué sigue a «{inicio[-30:]}»?")
    return fig


# ======================================================================== línea de órdenes
def ejecutar_generacion(salida=None, *, corpus=None, modelo=None, inicio: str = "La red ", longitud: int = 500,
                        temperatura: float = 1.0, top_k: int | None = None, epocas: int | None = None,
                        semilla: int = 0, dispositivo="auto", progreso: bool = False) -> dict:
    """Orden ``generar`` de la línea de órdenes: entrena (o carga) un modelo de caracteres y genera texto.

    Parameters
    ----------
    salida : str o pathlib.Path, opcional
        Carpeta donde escribir ``modelo_caracteres.pth`` y
        ``generador_caracteres.json`` (el *checkpoint*, reutilizable con
        ``modelo``), ``metricas_generacion.json``, ``texto_generado.txt`` y,
        si se entrena, ``curvas_caracteres.png``. Sin ella no se escribe nada.
    corpus : str o pathlib.Path, opcional
        Archivo UTF-8 con el que entrenar; por defecto, el corpus del libro.
    modelo : str o pathlib.Path, opcional
        Carpeta de un generador ya guardado: se carga en lugar de entrenar
        (no se admite junto con ``corpus``).
    inicio, longitud, temperatura, top_k, semilla
        Véase :func:`generar_texto`. La semilla también fija la
        inicialización y el barajado del entrenamiento.
    epocas : int, opcional
        Épocas de entrenamiento (por defecto, las de
        :data:`~rnnbook.generacion.HIPERPARAMETROS_CARACTERES`).
    dispositivo : {"auto", "cpu", "cuda"}
    progreso : bool
        Barra de progreso del entrenamiento.

    Returns
    -------
    dict
        ``texto`` (inicio + generado) y las métricas: ``bpc_validacion``,
        ``bpc_uniforme``, ``bpc_unigrama`` (si se entrenó), ``tam_vocab``,
        ``parametros``, ``dispositivo``...
    """
    if corpus is not None and modelo is not None:
        raise ValueError("corpus y modelo no se admiten juntos: un modelo guardado ya trae su vocabulario.")
    # Todo lo que se puede comprobar antes de entrenar, se comprueba antes de entrenar.
    if not isinstance(inicio, str) or not inicio:
        raise ValueError("inicio debe ser un texto no vacío: la red necesita al menos un carácter del que partir.")
    longitud = _v.entero_positivo("longitud", longitud)
    temperatura = _v.real_positivo("temperatura", temperatura)
    top_k = _validar_top_k(top_k)
    if epocas is not None:
        epocas = _v.entero_positivo("epocas", epocas)
    disp = elegir_dispositivo(dispositivo)
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    metricas: dict = {"dispositivo": describir_dispositivo(disp), "semilla": semilla, "inicio": inicio,
                      "longitud": longitud, "temperatura": temperatura, "top_k": top_k}
    historial = None
    if modelo is not None:
        red, vocabulario = cargar_generador(modelo, disp)
        metricas["modelo"] = str(modelo)
    else:
        hp = HIPERPARAMETROS_CARACTERES
        texto = cargar_corpus(corpus)
        datos = preparar_datos_caracteres(texto, hp["longitud_secuencia"], hp["fraccion_validacion"])
        vocabulario = datos.vocabulario
        fijar_semilla(semilla)
        red = LSTMCaracteres(len(vocabulario), hp["dim_embedding"], hp["hidden_size"], hp["num_layers"])
        historial = entrenar_caracteres(red, datos, epocas=epocas, semilla=semilla, dispositivo=disp,
                                        progreso=progreso)
        base = lineas_base_bpc(datos)
        metricas.update({
            "corpus": "libro" if corpus is None else str(corpus), "caracteres_corpus": len(texto),
            "epocas": len(historial.epocas), "segundos": historial.segundos,
            "bpc_validacion": bpc_validacion(red, datos, disp), "bpc_uniforme": base["uniforme"],
            "bpc_unigrama": base["unigrama"], "historial": historial.epocas,
        })
    metricas.update({"tam_vocab": len(vocabulario), "parametros": contar_parametros(red)})
    generado = generar_texto(red, vocabulario, inicio, longitud, temperatura, top_k, semilla)
    metricas["texto"] = inicio + generado
    if salida is not None:
        salida = Path(salida)
        salida.mkdir(parents=True, exist_ok=True)
        guardar_generador(red, vocabulario, salida)
        (salida / "texto_generado.txt").write_text(metricas["texto"] + "\n", encoding="utf-8")
        (salida / "metricas_generacion.json").write_text(json.dumps(metricas, ensure_ascii=False, indent=2),
                                                         encoding="utf-8")
        if historial is not None:
            import matplotlib.pyplot as plt

            fig = figura_curvas_caracteres(historial, {"uniforme": metricas["bpc_uniforme"],
                                                       "unigrama": metricas["bpc_unigrama"]})
            guardar_figura(fig, salida / "curvas_caracteres.png")
            plt.close(fig)
    return metricas
