"""La fontanería del libro: las cifras medidas y el corpus de la prosa.

Nada de aquí se enseña en una página. :func:`registrar_medida` guarda lo que
mide un ejemplo para que un capítulo lo cite con el rol ``{medida}``;
:func:`fuente` muestra en una página el código de una función del paquete
(una sola copia: la que se ejecuta); :func:`construir_corpus_libro` extrae la
prosa de los capítulos y ejemplos, que es el corpus del ejercicio A2;
:func:`formato_miles` escribe los números grandes como los escribe todo el libro.
"""

from __future__ import annotations

import ast
import html
import inspect
import json
import os
import re
import textwrap
import unicodedata
from pathlib import Path

__all__ = [
    "Fuente",
    "fuente",
    "RECURSO_CORPUS",
    "construir_corpus_libro",
    "formato_miles",
    "registrar_medida",
]

RECURSO_CORPUS = "datos/corpus_libro.txt"


# ===================================================================== el corpus del libro
# Directivas cuyo contenido es prosa: se conserva su texto (sin opciones). Las
# demás (código, matemáticas, índices, bibliografía...) se descartan enteras.
_DIRECTIVAS_PROSA = {
    "admonition",
    "note",
    "tip",
    "warning",
    "important",
    "hint",
    "attention",
    "caution",
    "danger",
    "error",
    "seealso",
    "topic",
    "sidebar",
    "epigraph",
    "dropdown",
    "figure",
    "list-table",
}
# Directivas cuyo argumento es un título (y no, p. ej., una ruta de imagen).
_DIRECTIVAS_CON_TITULO = {"admonition", "topic", "sidebar", "dropdown"}

_SIMBOLOS_TEX = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "varepsilon": "ε",
    "eta": "η",
    "theta": "θ",
    "lambda": "λ",
    "mu": "μ",
    "pi": "π",
    "rho": "ρ",
    "sigma": "σ",
    "tau": "τ",
    "phi": "φ",
    "varphi": "φ",
    "omega": "ω",
    "Delta": "Δ",
    "Sigma": "Σ",
    "Omega": "Ω",
    "nabla": "∇",
    "partial": "∂",
    "odot": "⊙",
    "cdot": "·",
    "times": "×",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "ne": "≠",
    "neq": "≠",
    "approx": "≈",
    "to": "→",
    "rightarrow": "→",
    "leftarrow": "←",
    "infty": "∞",
    "sum": "Σ",
    "prod": "Π",
    "in": "∈",
    "top": "ᵀ",
    "dots": "…",
    "ldots": "…",
    "cdots": "…",
    "sqrt": "√",
    "pm": "±",
    "lVert": "‖",
    "rVert": "‖",
    "Vert": "‖",
    "lvert": "|",
    "rvert": "|",
    "mid": "|",
    "langle": "⟨",
    "rangle": "⟩",
    "ll": "≪",
    "gg": "≫",
    "sim": "∼",
    "propto": "∝",
    "circ": "∘",
}
_FORMATO_TEX = {
    "mathrm",
    "text",
    "mathbf",
    "mathit",
    "mathcal",
    "boldsymbol",
    "operatorname",
    "textrm",
    "bm",
    "hat",
    "tilde",
    "bar",
    "vec",
    "left",
    "right",
    "big",
    "Big",
    "bigl",
    "bigr",
    "Bigl",
    "Bigr",
    "displaystyle",
    "underbrace",
    "overbrace",
    "mathbb",
}


def _matematicas_en_linea(tex: str) -> str:
    """Convierte una fórmula corta de LaTeX en texto legible (``W_{hh}`` → ``W_hh``, ``\\sigma`` → ``σ``)."""
    tex = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"\1/\2", tex)
    tex = re.sub(r"\\[,;:! ]|\\q?quad\b", " ", tex)

    def comando(m: re.Match) -> str:
        nombre, espacio = m.group(1), m.group(2)
        if (
            nombre in _SIMBOLOS_TEX
        ):  # pegado a lo que sigue solo si es una letra o una cifra (\\partial L → ∂L)
            return _SIMBOLOS_TEX[nombre] + ("" if m.group(3).isalnum() else espacio)
        if nombre in _FORMATO_TEX:
            return ""
        return (
            nombre + espacio
        )  # funciones (tanh, log...) y comandos desconocidos: su nombre

    tex = re.sub(r"\\([A-Za-z]+)(\s*)(?=(.?))", comando, tex)
    tex = (
        tex.replace("\\{", "{")
        .replace("\\}", "}")
        .replace("{", "")
        .replace("}", "")
        .replace("\\", "")
    )
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
    texto = re.sub(
        r"(?<![\w`]):([A-Za-z][\w:.-]*):`([^`]*)`",
        lambda m: _rol(m.group(1), m.group(2)),
        texto,
    )
    texto = re.sub(
        r"(?<![\w^_`])\{([A-Za-z][\w:.-]*)\}`([^`]*)`",
        lambda m: _rol(m.group(1), m.group(2)),
        texto,
    )
    texto = re.sub(r"``(.+?)``", r"\1", texto)
    texto = re.sub(
        r"`([^`<]+?)\s*<[^`>]+>`_{1,2}", r"\1", texto
    )  # enlace reST con texto
    texto = re.sub(r"`([^`]+)`_{0,2}", r"\1", texto)
    texto = re.sub(r"\$([^$\n]+)\$", lambda m: _matematicas_en_linea(m.group(1)), texto)
    texto = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", texto)  # imágenes
    texto = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", texto)  # enlaces Markdown
    texto = re.sub(
        r"\[([^\]]+)\]\{[^}]*\}", r"\1", texto
    )  # spans de MyST: [texto]{.clase}
    texto = re.sub(
        r"</?[A-Za-z][^<>]*>", "", texto
    )  # etiquetas HTML y enlaces <https://...>
    texto = re.sub(r"\*\*(.+?)\*\*", r"\1", texto)
    texto = re.sub(r"(?<![\w*])\*(?![\s*])(.+?)(?<![\s*])\*(?![\w*])", r"\1", texto)
    texto = re.sub(r"\s+", " ", texto)
    texto = re.sub(r"\(\s*\)", "", texto)
    texto = re.sub(r"\(\s+", "(", texto)
    texto = re.sub(r"\s+([.,;)])", r"\1", texto)
    texto = re.sub(r"^- \[[ xX]\] ", "- ", texto)  # listas de tareas
    return re.sub(
        r"^(\s*·\s*)+|(\s*·\s*)+$", "", texto
    ).strip()  # celdas vacías al borde de una fila


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
                linea = (
                    ("-" if marca in "-*+•" else marca)
                    + " "
                    + linea[_INICIO_LISTA.match(linea).end() :]
                )
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
    while i < len(cuerpo) and (
        re.match(r"^\s*:[\w-]+:", cuerpo[i]) or (i == 0 and not cuerpo[i].strip())
    ):
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
            while j < len(lineas) and not re.match(
                rf"^\s*{re.escape(marca[0])}{{{len(marca)},}}\s*$", lineas[j]
            ):
                j += 1
            directiva = re.match(r"^\{([\w:-]+)\}\s*(.*)$", info)
            if directiva and directiva.group(1) in _DIRECTIVAS_PROSA:
                nombre, argumento = directiva.groups()
                cuerpo = _quitar_opciones(lineas[i + 1 : j])
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
            cierre = re.compile(
                r"^.*\$\$\s*(\([\w-]+\))?\s*$"
            )  # «$$» o «$$ (etiqueta)»
            while j < len(lineas) and not (
                cierre.match(lineas[j]) and (j > i or len(lineas[j].strip()) > 2)
            ):
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
            while j < len(lineas) and (
                not lineas[j].strip()
                or len(lineas[j]) - len(lineas[j].lstrip()) > sangria
            ):
                j += 1
            if literal:  # «texto::» anuncia un bloque literal (código): queda «texto:»
                salida.append(
                    re.sub(r"\s*::$", ":", linea.rstrip())
                    if linea.strip() != "::"
                    else ""
                )
            elif directiva and directiva.group(1) in _DIRECTIVAS_PROSA:
                nombre, argumento = directiva.groups()
                salida.append("")
                if nombre in _DIRECTIVAS_CON_TITULO and argumento:
                    salida += [argumento, ""]
                cuerpo = [
                    c[sangria:] if len(c) > sangria else c.strip()
                    for c in lineas[i + 1 : j]
                ]
                cuerpo = _quitar_opciones(cuerpo)
                minima = min(
                    (len(c) - len(c.lstrip()) for c in cuerpo if c.strip()), default=0
                )
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
    lineas = _lineas_rest(
        (ast.get_docstring(ast.parse(fuente), clean=True) or "").splitlines()
    )
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
    ejemplos = sorted(
        (raiz / "gallery").rglob("plot_*.py"),
        key=lambda p: p.relative_to(raiz).as_posix(),
    )
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


_CLAVE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")


# ============================================================ los números del libro
ESPACIO_FINO = "\u2009"


def formato_miles(valor, decimales: int = 0) -> str:
    """Escribe un número con la regla del libro para los miles.

    Las cifras de más de cuatro dígitos se agrupan de tres en tres con un
    espacio fino (U+2009); las de cuatro o menos no se agrupan (``1379``). El
    separador decimal es el punto, como lo imprime Python. Nunca se usa la
    coma, que un lector hispanohablante tomaría por la coma decimal
    («295,682» parecería 295.682). Es la única función del paquete que
    agrupa miles: la usan las páginas, :func:`registrar_medida`, las figuras
    y la línea de órdenes.

    Parameters
    ----------
    valor : int o float
        El número.
    decimales : int
        Cifras decimales (por defecto, ninguna: se redondea al entero).

    Returns
    -------
    str
        El número con los miles separados por espacios finos.

    Examples
    --------
    >>> formato_miles(295682) == "295\u2009682"
    True
    >>> formato_miles(1379)
    '1379'
    >>> formato_miles(-1234567.891, decimales=2).replace("\u2009", "_")
    '-1_234_567.89'
    """
    if isinstance(valor, bool) or not isinstance(valor, (int, float)):
        # Acepta también escalares de NumPy y de PyTorch (tienen ``__index__``
        # o ``__float__``), pero no cadenas ni booleanos.
        if hasattr(valor, "__index__") and not isinstance(valor, bool):
            valor = int(valor.__index__())
        elif hasattr(valor, "__float__") and not isinstance(valor, str):
            valor = float(valor)
        else:
            raise TypeError(
                "valor debe ser un número (int o float); "
                f"se recibió {type(valor).__name__}."
            )
    if isinstance(decimales, bool) or not isinstance(decimales, int) or decimales < 0:
        raise ValueError(
            f"decimales debe ser un entero no negativo; se recibió {decimales!r}."
        )
    texto = f"{valor:,.{decimales}f}"
    entero = texto.split(".")[0].lstrip("-")
    if len(entero.replace(",", "")) <= 4:
        return texto.replace(",", "")
    return texto.replace(",", ESPACIO_FINO)


def registrar_medida(clave: str, valor, formato="{}") -> str:
    """Registra una cifra medida y devuelve su texto formateado.

    Parameters
    ----------
    clave : str
        Nombre jerárquico en minúsculas, p. ej. ``"parte1.bptt.perdida_200"``.
    valor : int, float o str
        Lo medido.
    formato : str o callable
        Formato de :meth:`str.format`, p. ej. ``"{:.4f}"``, o una función que
        recibe el valor y devuelve el texto, p. ej. :func:`formato_miles` para
        los números grandes (nunca ``"{:,}"``: su coma es la decimal en
        español).

    Returns
    -------
    str
        ``formato.format(valor)``.

    Examples
    --------
    >>> registrar_medida("ejemplo.perdida", 0.22314, "{:.3f}")
    '0.223'
    >>> registrar_medida("ejemplo.parametros", 52545, formato_miles) == "52\u2009545"
    True
    """
    if not isinstance(clave, str) or not _CLAVE.match(clave):
        raise ValueError(
            "clave debe tener la forma 'parte.seccion.nombre' en minúsculas; "
            f"se recibió {clave!r}."
        )
    if isinstance(valor, bool) or not isinstance(valor, (int, float, str)):
        raise TypeError(
            f"valor debe ser int, float o str; se recibió {type(valor).__name__}."
        )
    if callable(formato):
        texto = formato(valor)
    elif isinstance(formato, str):
        texto = formato.format(valor)
    else:
        raise TypeError(
            "formato debe ser una cadena de str.format o una función; "
            f"se recibió {type(formato).__name__}."
        )
    carpeta = os.environ.get("RNNBOOK_MEDIDAS")
    if carpeta:
        ruta = Path(carpeta)
        ruta.mkdir(parents=True, exist_ok=True)
        archivo = ruta / f"{clave}.json"
        contenido = json.dumps(
            {"clave": clave, "valor": valor, "texto": texto}, ensure_ascii=False
        )
        # Sin reescribir una cifra igual: los capítulos que la citan dependen del
        # archivo, y Sphinx los vuelve a leer si cambia su fecha.
        if not archivo.is_file() or archivo.read_text(encoding="utf-8") != contenido:
            archivo.write_text(contenido, encoding="utf-8")
    return texto


class Fuente:
    """El código fuente de un objeto del paquete, para mostrarlo en una página.

    En una página de la galería (y en Jupyter) se ve resaltado
    (``_repr_html_``); en una terminal, como texto (``__repr__``). El texto sale
    de :func:`inspect.getsource`: es la única copia del código, la que se ejecuta.

    Parameters
    ----------
    objeto : función, método o clase
        Lo que se quiere mostrar, p. ej. ``CeldaRNN.backward_step``.
    docstrings : bool
        Si es falso (por defecto), se omiten los docstrings: la página ya
        explica el código, y así se ve lo que se ejecuta (la documentación
        completa está en la referencia de la API).
    """

    def __init__(self, objeto, *, docstrings: bool = False):
        if not (
            inspect.isfunction(objeto)
            or inspect.ismethod(objeto)
            or inspect.isclass(objeto)
        ):
            raise TypeError(
                "fuente espera una función, un método o una clase; "
                f"se recibió {type(objeto).__name__}."
            )
        if not isinstance(docstrings, bool):
            raise TypeError(
                f"docstrings debe ser True o False; se recibió {docstrings!r}."
            )
        self.objeto = objeto
        codigo = textwrap.dedent(inspect.getsource(objeto))
        self.codigo = codigo if docstrings else _sin_docstrings(codigo)

    def __repr__(self) -> str:
        return self.codigo.rstrip("\n")

    def _repr_html_(self) -> str:
        try:
            from pygments import highlight
            from pygments.formatters import HtmlFormatter
            from pygments.lexers import PythonLexer
        except ImportError:  # sin pygments: texto sin resaltar
            return f'<div class="highlight"><pre>{html.escape(self.codigo)}</pre></div>'
        return highlight(
            self.codigo, PythonLexer(), HtmlFormatter(cssclass="highlight")
        )


def _sin_docstrings(codigo: str) -> str:
    """``codigo`` sin los docstrings de sus funciones y clases (líneas enteras)."""
    lineas = codigo.splitlines(keepends=True)
    quitar: set[int] = set()
    for nodo in ast.walk(ast.parse(codigo)):
        if isinstance(nodo, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            primero = nodo.body[0]
            if (
                isinstance(primero, ast.Expr)
                and isinstance(primero.value, ast.Constant)
                and isinstance(primero.value.value, str)
                and len(nodo.body) > 1
            ):
                quitar.update(range(primero.lineno - 1, primero.end_lineno))
    return "".join(linea for i, linea in enumerate(lineas) if i not in quitar)


def fuente(objeto, *, docstrings: bool = False) -> Fuente:
    """Devuelve el código de ``objeto`` listo para mostrarse (véase :class:`Fuente`).

    Examples
    --------
    >>> from rnnbook import CeldaRNN
    >>> codigo = repr(fuente(CeldaRNN.forward_step))
    >>> codigo.splitlines()[0], "Parameters" in codigo
    ('def forward_step(self, x_t, h_prev):', False)
    """
    return Fuente(objeto, docstrings=docstrings)
