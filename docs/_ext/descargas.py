"""Extensión local de Sphinx: las descargas de la galería, listas para leer fuera del libro.

sphinx-gallery escribe junto a cada página de ``docs/galeria/<carpeta>/`` el
script (``plot_x.py``), el cuaderno (``plot_x.ipynb``) y un ``plot_x.zip`` con
ambos, más dos ``.zip`` con todos los ejemplos en ``docs/galeria/``. Su texto es
reST pensado para Sphinx: roles (``:func:`...```), directivas (``.. math::``,
``.. note::`` convertida en una caja HTML con «Note» en inglés). Esta extensión
es el único sitio que reescribe esas descargas:

* quita del script la fontanería del libro (los bloques entre
  ``# sphinx_gallery_start_ignore`` y ``# sphinx_gallery_end_ignore``);
* pasa el texto de cuadernos y scripts a Markdown (:class:`ReSTaMarkdown`): cada
  rol enlaza con su página del libro publicado, o queda como ``código`` si no
  hay dirección o el destino no existe (nunca un enlace roto); las matemáticas,
  a ``$…$`` y ``$$…$$``; las cajas, a citas con su título en español;
* añade a cada cuaderno una primera celda que instala lo que falte
  (:func:`primera_celda`) y, a los que entrenan redes de PyTorch, los metadatos
  de GPU de Colab (:data:`EJEMPLOS_CON_GPU`);
* pone en cada página de ejemplo el botón «Abrir en Colab» (:func:`html_ejecutar`).

Los cuadernos y scripts se generan **desde el script fuente** en cada
construcción, en el proceso principal: el resultado solo depende del script y
de la configuración, así que reescribir es idempotente. Un archivo se escribe
solo si cambia su contenido, y después recibe la fecha del script fuente (Sphinx
trata las descargas como dependencias de su página: una fecha más nueva la haría
releer en cada construcción). Se hace dos veces: en ``builder-inited`` (tras
sphinx-gallery, que vuelve a copiar el script original en cada construcción),
con los destinos de la construcción anterior, y en ``env-updated``, ya con todos
los destinos de esta; las descargas se copian a ``_build`` después.

Configuración (variables de entorno, o las opciones ``rnnbook_*`` de Sphinx)
---------------------------------------------------------------------------
``RNNBOOK_REPOSITORIO=propietario/nombre``
    Repositorio de GitHub. Sin ella no hay botón ni instalación desde git: la
    primera celda explica cómo instalar desde una copia y falla con un mensaje
    claro si falta ``rnnbook``.
``RNNBOOK_URL_LIBRO``
    Dirección del libro publicado (por defecto, con el repositorio,
    ``https://propietario.github.io/nombre/``). Sin ninguna de las dos, los roles
    quedan como ``código`` sin enlace.
``RNNBOOK_RAMA_CUADERNOS``
    Rama con los cuadernos para Colab (por defecto ``cuadernos``).
``RNNBOOK_COMMIT``
    Versión de ``rnnbook`` que instala la primera celda: si no, ``GITHUB_SHA`` y si
    no, ``git rev-parse HEAD`` al construir.

Contrato con el flujo de publicación
------------------------------------
El botón de cada página abre
``https://colab.research.google.com/github/{propietario}/{nombre}/blob/{rama}/{ruta}``,
donde ``ruta`` es la del cuaderno relativa a ``docs/galeria/``
(``parte1_rnn/plot_01_celda_rnn.ipynb``). El flujo que publica el libro copia
``docs/galeria/**/plot_*.ipynb``, ya construidos (con esta misma configuración),
a la raíz de la rama ``rama`` conservando esas rutas relativas.
"""

from __future__ import annotations

import ast
import io
import json
import os
import re
import subprocess
import textwrap
import tokenize
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from sphinx.errors import ConfigError
from sphinx.util import logging
from traduccion import _

logger = logging.getLogger(__name__)

# ----------------------------------------------------------------- configuración

#: Ejemplos que entrenan redes de PyTorch de tamaño apreciable (o comparan CPU y
#: GPU): su cuaderno pide a Colab una GPU T4. Los demás son cálculos con NumPy o
#: entrenamientos de segundos y se quedan en CPU, que Colab asigna antes.
#: Rutas relativas a ``gallery/`` sin ``.py``.
EJEMPLOS_CON_GPU = frozenset(
    {
        "parte3_aplicaciones/plot_01_sentimiento",
        "parte3_aplicaciones/plot_03_series_tiempo",
        "parte3_aplicaciones/plot_04_gru_vs_lstm",
        "parte4_avanzadas/plot_01_bilstm",
        "parte4_avanzadas/plot_02_lstm_apilado",
        "parte4_avanzadas/plot_03_seq2seq",
        "parte4_avanzadas/plot_04_atencion",
        "parte4_avanzadas/plot_05_benchmark",
        "ejercicios_resueltos/plot_06_generacion_caracteres",
    }
)

#: Extras de ``pyproject.toml`` que puede necesitar un ejemplo, además de ``rnnbook``.
EXTRAS_DE_LOS_EJEMPLOS = ("datos",)

#: Marca (etiqueta de celda) de la primera celda que añade esta extensión.
MARCA_INSTALACION = "rnnbook-instalacion"

_REPOSITORIO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$")


@dataclass(frozen=True)
class Publicacion:
    """Dónde se publican el libro y los cuadernos (todo opcional)."""

    repositorio: str | None = None  # «propietario/nombre»
    url_libro: str | None = None  # con «/» final
    rama: str = "cuadernos"
    commit: str | None = None

    @classmethod
    def crear(
        cls,
        repositorio: str | None = None,
        url_libro: str | None = None,
        rama: str | None = None,
        commit: str | None = None,
    ) -> Publicacion:
        repositorio = (repositorio or "").strip().strip("/") or None
        if repositorio and not _REPOSITORIO.match(repositorio):
            raise ConfigError(
                f"RNNBOOK_REPOSITORIO debe tener la forma propietario/nombre; "
                f"se recibió {repositorio!r}."
            )
        url_libro = (url_libro or "").strip() or None
        if url_libro is None and repositorio:
            propietario, nombre = repositorio.split("/")
            if nombre.lower() == f"{propietario.lower()}.github.io":
                url_libro = f"https://{propietario}.github.io/"
            else:
                url_libro = f"https://{propietario}.github.io/{nombre}/"
        if url_libro and not url_libro.endswith("/"):
            url_libro += "/"
        return cls(repositorio, url_libro, (rama or "").strip() or "cuadernos", commit)

    @property
    def url_git(self) -> str | None:
        """``git+https://github.com/propietario/nombre[@commit]`` para pip."""
        if not self.repositorio:
            return None
        url = f"git+https://github.com/{self.repositorio}"
        return f"{url}@{self.commit}" if self.commit else url

    def url_colab(self, ruta: str) -> str | None:
        """El cuaderno ``ruta`` (relativa a ``docs/galeria/``) en Colab."""
        if not self.repositorio:
            return None
        return (
            f"https://colab.research.google.com/github/{self.repositorio}"
            f"/blob/{self.rama}/{ruta}"
        )


def commit_actual(raiz: Path, entorno=None) -> str | None:
    """``RNNBOOK_COMMIT``, ``GITHUB_SHA`` o ``git rev-parse HEAD`` en ``raiz``."""
    entorno = os.environ if entorno is None else entorno
    for variable in ("RNNBOOK_COMMIT", "GITHUB_SHA"):
        if entorno.get(variable, "").strip():
            return entorno[variable].strip()
    try:
        r = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=raiz,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return (r.stdout.strip() or None) if r.returncode == 0 else None


# ------------------------------------------------- extras que necesita un ejemplo


def _modulo_de_requisito(requisito: str) -> str:
    """``"statsmodels>=0.14"`` → ``"statsmodels"`` (el nombre que se importa)."""
    nombre = re.match(r"\s*([A-Za-z0-9._-]+)", requisito).group(1)
    return nombre.lower().replace("-", "_")


def extras_del_proyecto(pyproject: Path) -> dict[str, list[str]]:
    """``{extra: [requisitos]}`` de :data:`EXTRAS_DE_LOS_EJEMPLOS` en ``pyproject.toml``."""
    import tomllib

    datos = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    opcionales = datos.get("project", {}).get("optional-dependencies", {})
    return {e: list(opcionales[e]) for e in EXTRAS_DE_LOS_EJEMPLOS if e in opcionales}


def usos_de_los_extras(
    extras: dict[str, list[str]], paquete: Path
) -> dict[str, set[str]]:
    """Por extra, los nombres que delatan que un ejemplo lo necesita.

    Son sus módulos (``statsmodels``) y las funciones de ``rnnbook`` que los
    importan dentro (``cargar_serie_elnino``): el paquete no los importa al
    cargarse, solo al usarlos.
    """
    usos = {}
    for extra, requisitos in extras.items():
        modulos = {_modulo_de_requisito(r) for r in requisitos}
        nombres = set(modulos)
        for ruta in sorted(paquete.rglob("*.py")):
            try:
                arbol = ast.parse(ruta.read_text(encoding="utf-8"))
            except (SyntaxError, UnicodeDecodeError):
                continue
            for funcion in ast.walk(arbol):
                if not isinstance(funcion, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for nodo in ast.walk(funcion):
                    if isinstance(nodo, ast.Import):
                        importados = [a.name for a in nodo.names]
                    elif isinstance(nodo, ast.ImportFrom):
                        importados = [nodo.module or ""]
                    else:
                        continue
                    if any(i.split(".")[0] in modulos for i in importados):
                        nombres.add(funcion.name)
        usos[extra] = nombres
    return usos


def extras_del_ejemplo(codigo: str, usos: dict[str, set[str]]) -> list[str]:
    """Los extras cuyo módulo o función usa el código visible de un ejemplo."""
    return [
        extra
        for extra, nombres in usos.items()
        if any(re.search(rf"\b{re.escape(n)}\b", codigo) for n in nombres)
    ]


# ------------------------------------------------------ la primera celda y el botón


def _instalacion_local(extras: list[str]) -> str:
    return f'pip install -e ".[{",".join(extras)}]"' if extras else "pip install -e ."


def primera_celda(
    publicacion: Publicacion, extras: list[str], requisitos: dict[str, list[str]]
) -> str:
    """La celda que abre cada cuaderno: instala lo que falte, y nada si está todo.

    Con repositorio, ``rnnbook`` (con sus extras) se instala desde git en la versión
    con que se construyó el libro y los módulos de los extras desde PyPI. Sin
    repositorio, la celda dice cómo instalarlo desde una copia y, si falta algo,
    se detiene con un mensaje claro. PyTorch no se fija: Colab ya lo trae.
    """
    adicionales = {}
    for extra in extras:
        for requisito in requisitos.get(extra, []):
            adicionales.setdefault(_modulo_de_requisito(requisito), requisito)
    modulos = ["rnnbook", *adicionales]
    nombres = " y ".join(
        [", ".join(modulos[:-1]), modulos[-1]] if modulos[1:] else modulos
    )
    if publicacion.repositorio:
        paquete = f"rnnbook[{','.join(extras)}]" if extras else "rnnbook"
        lineas = [f'    "rnnbook": "{paquete} @ {publicacion.url_git}",']
        lineas += [f'    "{m}": "{r}",' for m, r in adicionales.items()]
        verbo = "faltan" if adicionales else "falta"
        return "\n".join(
            [
                f"# Instala {nombres} con pip install, solo si {verbo} (en Colab, por ejemplo).",
                "import importlib.util",
                "import subprocess",
                "import sys",
                "",
                "necesarios = {",
                *lineas,
                "}",
                "faltan = [r for m, r in necesarios.items() if not importlib.util.find_spec(m)]",
                "if faltan:",
                '    subprocess.run([sys.executable, "-m", "pip", "install", "-q", *faltan], check=True)',
                "    importlib.invalidate_caches()",
            ]
        )
    orden = _instalacion_local(extras)
    tupla = ", ".join(f'"{m}"' for m in modulos) + ("," if len(modulos) == 1 else "")
    return "\n".join(
        [
            f"# Este cuaderno necesita {nombres}. Desde una copia del repositorio:",
            f"#     {orden}",
            "import importlib.util",
            "",
            f"faltan = [m for m in ({tupla}) if not importlib.util.find_spec(m)]",
            "if faltan:",
            "    raise ModuleNotFoundError(",
            "        f\"Paquetes que faltan: {', '.join(faltan)}. Instálalos desde una copia \"",
            f"        'del repositorio con {orden} y vuelve a ejecutar esta celda.'",
            "    )",
        ]
    )


def cabecera_del_script(publicacion: Publicacion, extras: list[str]) -> str:
    """Bloque de texto que abre el script descargable: cómo instalar lo que necesita."""
    local = _instalacion_local(extras)
    paquete = f"rnnbook[{','.join(extras)}]" if extras else "rnnbook"
    lineas = [
        "# %%",
        "# Antes de ejecutarlo",
        "# --------------------",
        "# Este script necesita el paquete `rnnbook`"
        + (" con sus extras `" + "`, `".join(extras) + "`" if extras else "")
        + ".",
    ]
    if publicacion.repositorio:
        lineas += [
            "# Si no lo tienes, instálalo con:",
            "#",
            "# ```bash",
            f'# pip install "{paquete} @ {publicacion.url_git}"',
            "# ```",
            "#",
            f"# o, desde una copia del repositorio, con `{local}`.",
        ]
    else:
        lineas += [f"# Para instalarlo desde una copia del repositorio: `{local}`"]
    return "\n".join(lineas) + "\n"


def html_ejecutar(ruta: str, publicacion: Publicacion, extras: list[str]) -> str:
    """El párrafo que abre cada página de ejemplo: el botón de Colab o cómo ejecutarlo.

    ``ruta`` es la del cuaderno relativa a ``docs/galeria/``. Sin repositorio no
    hay botón (ningún enlace que no lleve a ninguna parte).
    """
    local = _instalacion_local(extras).replace('"', "&quot;")
    url = publicacion.url_colab(ruta)
    paquete = "<code>rnnbook</code>"
    if url:
        return (
            f'<p class="ejecutar-ejemplo"><a class="boton-colab" href="{url}">'
            + _("Abrir en Colab")
            + "</a> "
            + _(
                "o descarga el cuaderno al final de la página: su primera celda "
                "instala {paquete} si falta."
            ).format(paquete=paquete)
            + "</p>"
        )
    return (
        '<p class="ejecutar-ejemplo">'
        + _(
            "Para ejecutarlo en tu equipo, descarga el cuaderno o el script al final "
            "de la página e instala {paquete} desde una copia del repositorio: "
            "{orden}."
        ).format(paquete=paquete, orden=f"<code>{local}</code>")
        + "</p>"
    )


def html_idioma_del_codigo(docname: str) -> str:
    """Solo en la edición inglesa: el código y sus salidas siguen en español.

    Un párrafo al principio de cada ejemplo con el enlace al glosario, que da el
    término inglés de cada término español (ruta relativa: vale desde el disco).
    """
    glosario = "../" * docname.count("/") + "glosario.html"
    return (
        '<p class="idioma-del-codigo">'
        + _(
            "El código, las salidas impresas y las figuras de este ejemplo están en "
            "español, tal como se ejecutaron; el {glosario} da el término inglés de "
            "cada término español."
        ).format(glosario=f'<a href="{glosario}">' + _("glosario") + "</a>")
        + "</p>"
    )


# ------------------------------------------------------------- reST → Markdown


@dataclass(frozen=True)
class Destino:
    """Adónde lleva un rol en el libro publicado: página y ancla, relativas a su raíz."""

    ruta: str
    titulo: str | None = None  # título de la página o sección
    autores: str | None = None  # citas: «Pascanu et al.»
    anio: str | None = None


#: ``resolver(tipo, destino)``: tipo es ``py``, ``doc``, ``ref``, ``cite``,
#: ``term``, ``imagen`` o ``descarga``; para ``doc`` el destino ya es absoluto.
Resolutor = Callable[[str, str], Destino | None]


def _palabras(texto: str) -> frozenset[str]:
    return frozenset(texto.split())


TITULOS_ADMONICIONES = {
    "note": "Nota",
    "warning": "Advertencia",
    "tip": "Consejo",
    "hint": "Pista",
    "important": "Importante",
    "caution": "Precaución",
    "attention": "Atención",
    "danger": "Peligro",
    "error": "Error",
    "seealso": "Véase también",
    "todo": "Pendiente",
}
TITULOS_VERSIONES = {
    "versionadded": "Nuevo en la versión {}",
    "versionchanged": "Cambiado en la versión {}",
    "deprecated": "Obsoleto desde la versión {}",
    "versionremoved": "Eliminado en la versión {}",
}
ROLES_PY = _palabras(
    """
    func meth class data attr mod obj exc const type property
    """
)
ROLES_CODIGO = _palabras(
    """
    kbd file samp command program envvar option code literal regexp makevar
    mimetype newsgroup mailheader token keyword
    """
)
# Variantes de :cite: (sphinxcontrib-bibtex); las demás van entre paréntesis.
CITAS_TEXTUALES = _palabras("t ts ct cts")
CITAS_DE_AUTOR = _palabras("author authors cauthor cauthors")
CITAS_SIN_PARENTESIS = CITAS_TEXTUALES | CITAS_DE_AUTOR | {"year"}
# Directivas que no tienen sentido fuera de Sphinx: desaparecen con su contenido.
DIRECTIVAS_OMITIDAS = _palabras(
    """
    contents toctree index currentmodule module highlight meta tags minigallery
    include tabularcolumns autosummary rst-class cssclass class default-role
    role bibliography footbibliography sectionauthor codeauthor
    """
)

_DIRECTIVA = re.compile(
    r"^(?P<sangria>[ \t]*)\.\.[ \t]+"
    r"(?P<nombre>[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*)::"
    r"(?:[ \t]+(?P<argumento>.*?))?[ \t]*$"
)
_COMENTARIO = re.compile(r"^(?P<sangria>[ \t]*)\.\.(?:[ \t]+.*)?$")
_DESTINO_EXTERNO = re.compile(
    r"^[ \t]*\.\.[ \t]+_(?P<nombre>`[^`]+`|[^:`]+):[ \t]*(?P<uri>\S*)"
)
_OPCION = re.compile(r"^:[\w][\w -]*:(?:[ \t]+.*)?$")
_ROL = re.compile(
    r"(?<![\w`\\]):(?P<rol>[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*):"
    r"`(?P<contenido>(?:[^`\\]|\\.)+)`(?!`)",
    re.S,
)
_LITERAL = re.compile(r"``(?=\S)(?P<texto>.+?)(?<=\S)``(?!`)", re.S)
_ADORNO = "=-`:.'\"~^_*+#<>"
_LINEA_ADORNO = re.compile(rf"^([{re.escape(_ADORNO)}])\1{{2,}}[ \t]*$")


def _sangria(linea: str) -> int:
    return len(linea) - len(linea.lstrip(" \t"))


def _codigo(texto: str) -> str:
    texto = " ".join(texto.split())
    if "`" in texto:
        return f"`` {texto} ``"
    return f"`{texto}`"


def _escapar(texto: str) -> str:
    return re.sub(r"([\[\]])", r"\\\1", " ".join(texto.split()))


def _titulo_y_destino(contenido: str) -> tuple[str | None, str]:
    """``"texto <destino>"`` → ``("texto", "destino")``; si no, ``(None, contenido)``."""
    contenido = " ".join(contenido.split())
    m = re.fullmatch(r"(?P<titulo>.*?[^\\\s])\s*<(?P<destino>[^<>]+)>", contenido)
    if m:
        return m.group("titulo").replace("\\<", "<"), m.group("destino").strip()
    return None, contenido


def _mas_sangria(lineas: list[str], sangria: str) -> list[str]:
    return [sangria + linea if linea.strip() else "" for linea in lineas]


@dataclass
class ReSTaMarkdown:
    """Convierte a Markdown el texto reST de un ejemplo de la galería.

    ``formato`` es ``"cuaderno"`` (Markdown de Jupyter: títulos con ``#`` y
    enlaces) o ``"script"`` (comentarios de un ``.py``: los títulos subrayados se
    quedan, los objetos de Python son ``código`` y las páginas llevan su dirección
    entre paréntesis). ``docname`` es la página del ejemplo (para los ``:doc:``
    relativos) y ``carpeta`` la del script (para ``literalinclude``).
    """

    resolver: Resolutor | None = None
    url_libro: str | None = None
    formato: str = "cuaderno"
    docname: str = ""
    carpeta: Path | None = None
    # Nivel de cada estilo de título, en el orden en que aparecen (como sphinx-gallery).
    niveles: dict[tuple[str | None, str], int] = field(default_factory=dict)
    # Destinos externos (``.. _nombre: url``) de los bloques ya leídos.
    destinos: dict[str, str] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------ bloques
    def convertir(self, texto: str) -> str:
        """El texto reST de un bloque (docstring o comentario), en Markdown."""
        lineas = textwrap.dedent(texto.expandtabs(8)).split("\n")
        for linea in lineas:
            m = _DESTINO_EXTERNO.match(linea)
            if m and m.group("uri"):
                self.destinos[m.group("nombre").strip("`").lower()] = m.group("uri")
        salida = self._lineas(lineas)
        return re.sub(r"\n{3,}", "\n\n", "\n".join(salida).strip("\n")) + "\n"

    def _lineas(self, lineas: list[str]) -> list[str]:
        salida: list[str] = []
        parrafo: list[str] = []

        def volcar():
            if parrafo:
                salida.extend(self._texto("\n".join(parrafo)).split("\n"))
                parrafo.clear()

        i = 0
        while i < len(lineas):
            linea = lineas[i]
            directiva = _DIRECTIVA.match(linea)
            if directiva or _COMENTARIO.match(linea):
                volcar()
                sangria = _sangria(linea)
                fin = self._fin_del_cuerpo(lineas, i + 1, sangria)
                cuerpo = textwrap.dedent("\n".join(lineas[i + 1 : fin])).split("\n")
                if directiva:
                    salida.extend(
                        _mas_sangria(
                            self._directiva(
                                directiva.group("nombre").lower(),
                                (directiva.group("argumento") or "").strip(),
                                cuerpo if fin > i + 1 else [],
                            ),
                            linea[:sangria],
                        )
                    )
                i = fin
                continue
            if linea.rstrip().endswith("::") and not linea.strip().startswith(".."):
                siguiente = next(
                    (j for j in range(i + 1, len(lineas)) if lineas[j].strip()), None
                )
                if siguiente is not None and _sangria(lineas[siguiente]) > _sangria(
                    linea
                ):
                    # Bloque literal: «texto::» → «texto:», «texto ::» y «::» solos → nada.
                    base = linea.rstrip()[:-2]
                    if base.strip():
                        parrafo.append(
                            base.rstrip() + ("" if base.endswith((" ", "\t")) else ":")
                        )
                    volcar()
                    fin = self._fin_del_cuerpo(lineas, i + 1, _sangria(linea))
                    cuerpo = textwrap.dedent("\n".join(lineas[i + 1 : fin])).split("\n")
                    salida.extend(
                        [
                            "",
                            *_mas_sangria(
                                self._cerca(cuerpo, ""), linea[: _sangria(linea)]
                            ),
                        ]
                    )
                    i = fin
                    continue
            parrafo.append(linea)
            i += 1
        volcar()
        return salida

    @staticmethod
    def _fin_del_cuerpo(lineas: list[str], inicio: int, sangria: int) -> int:
        """Fin del cuerpo sangrado que empieza en ``inicio`` (sin las líneas vacías finales)."""
        fin = inicio
        j = inicio
        while j < len(lineas) and (
            not lineas[j].strip() or _sangria(lineas[j]) > sangria
        ):
            j += 1
            if lineas[j - 1].strip():
                fin = j
        return fin

    @staticmethod
    def _opciones(cuerpo: list[str]) -> tuple[dict[str, str], list[str]]:
        opciones = {}
        i = 0
        while (
            i < len(cuerpo) and _OPCION.match(cuerpo[i].strip()) and cuerpo[i].strip()
        ):
            nombre, _sep, valor = cuerpo[i].strip()[1:].partition(":")
            opciones[nombre.strip().lower()] = valor.strip()
            i += 1
        resto = cuerpo[i:]
        while resto and not resto[0].strip():
            resto = resto[1:]
        while resto and not resto[-1].strip():
            resto = resto[:-1]
        return opciones, resto

    @staticmethod
    def _cerca(codigo: list[str], lenguaje: str) -> list[str]:
        while codigo and not codigo[0].strip():
            codigo = codigo[1:]
        while codigo and not codigo[-1].strip():
            codigo = codigo[:-1]
        cerca = (
            "````"
            if any(linea.lstrip().startswith("```") for linea in codigo)
            else "```"
        )
        return [f"{cerca}{lenguaje}", *codigo, cerca]

    def _directiva(self, nombre: str, argumento: str, cuerpo: list[str]) -> list[str]:
        nombre = (
            nombre.split(":")[-1]
            if nombre.startswith(("py:", "rst:", "std:"))
            else nombre
        )
        opciones, contenido = self._opciones(cuerpo)
        if nombre == "math":
            return self._matematicas(argumento, contenido, "nowrap" in opciones)
        if nombre in TITULOS_ADMONICIONES or nombre == "admonition":
            if nombre == "admonition":
                titulo, cuerpo = self._texto(argumento), contenido
            else:
                titulo = TITULOS_ADMONICIONES[nombre]
                cuerpo = ([argumento] if argumento else []) + contenido
            return self._cita(titulo, cuerpo)
        if nombre in TITULOS_VERSIONES:
            version, _sep, resto = argumento.partition(" ")
            titulo = TITULOS_VERSIONES[nombre].format(version)
            return self._cita(titulo, ([resto] if resto.strip() else []) + contenido)
        if nombre in ("code-block", "code", "sourcecode", "parsed-literal"):
            lenguaje = argumento.lower() if nombre != "parsed-literal" else ""
            lenguaje = "" if lenguaje in ("default", "none", "text") else lenguaje
            return self._cerca(contenido, lenguaje)
        if nombre == "literalinclude":
            return self._incluir(argumento, opciones)
        if nombre in ("image", "figure"):
            return self._figura(argumento, opciones, contenido)
        if nombre == "list-table":
            return self._tabla_de_lista(contenido, opciones)
        if nombre == "csv-table":
            return self._tabla_csv(argumento, contenido, opciones)
        if nombre == "rubric":
            return [f"**{self._texto(argumento)}**"]
        if nombre == "raw":
            return contenido if "html" in argumento.lower() else []
        if nombre == "only":
            return self._lineas(contenido) if "html" in argumento else []
        if nombre in ("epigraph", "pull-quote", "highlights"):
            return self._cita(None, contenido)
        if nombre in DIRECTIVAS_OMITIDAS or nombre.startswith("auto"):
            return []
        # Otra directiva (container, centered, glossary, topic...): su texto, sin el marco.
        lineas = ([f"**{argumento}**", ""] if argumento else []) + contenido
        return self._lineas(lineas)

    def _cita(self, titulo: str | None, cuerpo: list[str]) -> list[str]:
        dentro = self._lineas(cuerpo)
        while dentro and not dentro[-1].strip():
            dentro.pop()
        lineas = ([f"**{titulo}**", ""] if titulo else []) + dentro
        return [f"> {linea}".rstrip() for linea in lineas]

    def _matematicas(
        self, argumento: str, contenido: list[str], sin_marco: bool
    ) -> list[str]:
        texto = "\n".join(([argumento] if argumento else []) + contenido)
        ecuaciones = [e.strip() for e in re.split(r"\n[ \t]*\n", texto) if e.strip()]
        salida: list[str] = []
        for ecuacion in ecuaciones:
            if not sin_marco and re.search(r"\\\\", ecuacion):
                entorno = "aligned" if "&" in ecuacion else "gathered"
                ecuacion = f"\\begin{{{entorno}}}\n{ecuacion}\n\\end{{{entorno}}}"
            salida += [
                "",
                *(
                    ecuacion.split("\n")
                    if sin_marco
                    else ["$$", *ecuacion.split("\n"), "$$"]
                ),
            ]
        return salida[1:]

    def _incluir(self, argumento: str, opciones: dict[str, str]) -> list[str]:
        ruta = None
        if self.carpeta is not None and argumento:
            ruta = (self.carpeta / argumento.lstrip("/")).resolve()
        if ruta is None or not ruta.is_file():
            return [f"(Véase el archivo {_codigo(argumento)}.)"]
        lenguaje = opciones.get("language", {".py": "python"}.get(ruta.suffix, ""))
        return self._cerca(
            ruta.read_text(encoding="utf-8").rstrip("\n").split("\n"), lenguaje
        )

    def _figura(
        self, uri: str, opciones: dict[str, str], leyenda: list[str]
    ) -> list[str]:
        alternativo = (
            opciones.get("alt") or (leyenda[0] if leyenda else "") or Path(uri).stem
        )
        url = uri if re.match(r"[a-z]+://", uri) else None
        if url is None:
            destino = self._resolver("imagen", self._docname(uri))
            url = (
                f"{self.url_libro}{destino.ruta}"
                if destino and self.url_libro
                else None
            )
        lineas = [
            f"![{_escapar(alternativo)}]({url})"
            if url
            else f"*(Figura: {alternativo})*"
        ]
        if leyenda:
            lineas += ["", *self._lineas(leyenda)]
        return lineas

    def _fila_markdown(self, celdas: list[str]) -> str:
        celdas = [self._texto(" ".join(c.split())).replace("|", "\\|") for c in celdas]
        return "| " + " | ".join(celdas) + " |"

    def _tabla(self, filas: list[list[str]], cabecera: int) -> list[str]:
        if not filas:
            return []
        ancho = max(len(f) for f in filas)
        filas = [f + [""] * (ancho - len(f)) for f in filas]
        primera = filas[0] if cabecera else [""] * ancho
        cuerpo = filas[1:] if cabecera else filas
        return [
            self._fila_markdown(primera),
            "|" + "---|" * ancho,
            *(self._fila_markdown(f) for f in cuerpo),
        ]

    def _tabla_de_lista(
        self, contenido: list[str], opciones: dict[str, str]
    ) -> list[str]:
        filas: list[list[str]] = []
        for linea in contenido:
            if re.match(r"^\*[ \t]+-[ \t]*", linea):
                filas.append([re.sub(r"^\*[ \t]+-[ \t]*", "", linea)])
            elif re.match(r"^[ \t]+-[ \t]", linea) and filas:
                filas[-1].append(re.sub(r"^[ \t]+-[ \t]*", "", linea))
            elif linea.strip() and filas:
                filas[-1][-1] += " " + linea.strip()
        return self._tabla(filas, int(opciones.get("header-rows", "0") or 0))

    def _tabla_csv(
        self, argumento: str, contenido: list[str], opciones: dict[str, str]
    ) -> list[str]:
        import csv

        filas = [f for f in csv.reader(contenido, skipinitialspace=True) if f]
        cabecera = int(opciones.get("header-rows", "0") or 0)
        if "header" in opciones:
            filas = [
                next(csv.reader([opciones["header"]], skipinitialspace=True)),
                *filas,
            ]
            cabecera = 1
        lineas = self._tabla(filas, cabecera)
        return ([f"**{self._texto(argumento)}**", ""] if argumento else []) + lineas

    # ------------------------------------------------------------ texto
    def _titulos(self, texto: str) -> str:
        """Títulos subrayados (y con sobrelínea) → ``#``, con niveles por orden de aparición."""
        lineas = texto.split("\n")
        salida: list[str] = []
        i = 0
        while i < len(lineas):
            antes_vacia = not salida or not salida[-1].strip()
            sobre = _LINEA_ADORNO.match(lineas[i])
            if (
                antes_vacia
                and sobre
                and i + 2 < len(lineas)
                and lineas[i + 1].strip()
                and lineas[i + 2].strip() == lineas[i].strip()
            ):
                estilo = (sobre.group(1), sobre.group(1))
                salida.append(self._titulo(lineas[i + 1].strip(), estilo))
                i += 3
                continue
            bajo = _LINEA_ADORNO.match(lineas[i + 1]) if i + 1 < len(lineas) else None
            if (
                antes_vacia
                and bajo
                and lineas[i].strip()
                and not _LINEA_ADORNO.match(lineas[i])
                and _sangria(lineas[i]) == 0
            ):
                salida.append(self._titulo(lineas[i].strip(), (None, bajo.group(1))))
                i += 2
                continue
            salida.append(lineas[i])
            i += 1
        return "\n".join(salida)

    def _titulo(self, texto: str, estilo: tuple[str | None, str]) -> str:
        nivel = self.niveles.setdefault(estilo, len(self.niveles) + 1)
        return f"{'#' * min(nivel, 6)} {texto}"

    def _texto(self, texto: str) -> str:
        if self.formato == "cuaderno":
            texto = self._titulos(texto)
        guardados: list[str] = []

        def guardar(markdown: str) -> str:
            guardados.append(markdown)
            return f"\x00{len(guardados) - 1}\x00"

        texto = _LITERAL.sub(lambda m: guardar(_codigo(m.group("texto"))), texto)
        texto = _ROL.sub(
            lambda m: guardar(self._rol(m.group("rol"), m.group("contenido"))), texto
        )
        texto = re.sub(
            r"`(?P<titulo>[^`<]*?)\s*<(?P<uri>[^`>]+)>`__?",
            lambda m: guardar(self._hipervinculo(m.group("titulo"), m.group("uri"))),
            texto,
        )
        texto = re.sub(
            r"`(?P<nombre>[^`]+)`__?(?!\w)",
            lambda m: guardar(self._referencia(m.group("nombre"))),
            texto,
        )
        texto = re.sub(
            r"`(?P<t>[^`\x00]+)`", lambda m: guardar(f"*{m.group('t')}*"), texto
        )
        texto = re.sub(r"(?<!\\)\\ ", "", texto)
        while "\x00" in texto:
            texto = re.sub(
                r"\x00(\d+)\x00", lambda m: guardados[int(m.group(1))], texto
            )
        return texto

    def _hipervinculo(self, titulo: str, uri: str) -> str:
        titulo = " ".join(titulo.split())
        if uri.endswith("_") and not re.match(r"[a-z]+:", uri):
            url = self.destinos.get(uri[:-1].strip("`").lower())
            return f"[{_escapar(titulo)}]({url})" if url else titulo
        if not titulo:
            return f"<{uri}>"
        return (
            f"[{_escapar(titulo)}]({uri})"
            if self.formato == "cuaderno"
            else f"{titulo} ({uri})"
        )

    def _referencia(self, nombre: str) -> str:
        url = self.destinos.get(" ".join(nombre.split()).lower())
        if url and self.formato == "cuaderno":
            return f"[{_escapar(nombre)}]({url})"
        return f"{nombre} ({url})" if url else nombre

    # ------------------------------------------------------------ roles
    def _resolver(self, tipo: str, destino: str) -> Destino | None:
        if self.resolver is None:
            return None
        try:
            return self.resolver(tipo, destino)
        except Exception:  # un destino raro nunca rompe la construcción
            return None

    def _enlace(
        self, texto: str, destino: Destino | None, *, codigo: bool, titulo=False
    ) -> str:
        """Un rol ya resuelto (o no): enlace, ``código`` o texto, según el formato.

        ``titulo``: el texto es el título de una página o sección; sin enlace que
        lo distinga, va entre comillas («Análisis de sentimiento con una LSTM»).
        """
        if destino is None:
            return _codigo(texto)
        texto = " ".join(texto.split())
        if self.url_libro and self.formato == "cuaderno":
            visible = _codigo(texto) if codigo else _escapar(texto)
            return f"[{visible}]({self.url_libro}{destino.ruta})"
        if codigo:
            return _codigo(texto)
        visible = f"«{texto}»" if titulo else texto
        return (
            f"{visible} ({self.url_libro}{destino.ruta})" if self.url_libro else visible
        )

    def _docname(self, destino: str) -> str:
        if destino.startswith("/"):
            return destino.lstrip("/")
        base = self.docname.rsplit("/", 1)[0] if "/" in self.docname else ""
        partes: list[str] = []
        for parte in f"{base}/{destino}".split("/"):
            if parte == "..":
                if partes:
                    partes.pop()
            elif parte not in ("", "."):
                partes.append(parte)
        return "/".join(partes)

    def _rol(self, rol: str, contenido: str) -> str:
        rol = rol.lower()
        if rol == "math":
            return f"${contenido.strip()}$"
        tipo = rol.split(":", 1)[1] if rol.startswith(("py:", "std:", "rst:")) else rol
        titulo, destino = _titulo_y_destino(contenido)
        if tipo in ROLES_PY:
            return self._rol_python(tipo, titulo, destino)
        if tipo == "doc":
            nombre = self._docname(destino)
            objetivo = self._resolver("doc", nombre)
            texto = titulo or (objetivo and objetivo.titulo) or destino
            return self._enlace(texto, objetivo, codigo=False, titulo=not titulo)
        if tipo in ("ref", "numref", "term"):
            objetivo = self._resolver(
                "term" if tipo == "term" else "ref", destino.lower()
            )
            texto = titulo or (objetivo and objetivo.titulo)
            if not texto and tipo == "term":
                texto = destino
            if not texto:
                return _codigo(destino)
            return self._enlace(
                texto, objetivo, codigo=False, titulo=not titulo and tipo != "term"
            )
        if tipo == "download":
            objetivo = self._resolver("descarga", self._docname(destino))
            return self._enlace(titulo or Path(destino).name, objetivo, codigo=False)
        if rol.startswith(("cite", "footcite")):
            return self._cita_bibliografica(rol, destino)
        if tipo == "abbr":
            return " ".join(contenido.split()).replace("\\(", "(")
        if tipo in ("pep", "rfc"):
            numero = re.match(r"\d+", destino)
            if not numero:
                return _codigo(destino)
            n = int(numero.group())
            texto = titulo or f"{tipo.upper()} {n}"
            url = (
                f"https://peps.python.org/pep-{n:04d}/"
                if tipo == "pep"
                else f"https://datatracker.ietf.org/doc/html/rfc{n}.html"
            )
            return f"[{texto}]({url})" if self.formato == "cuaderno" else texto
        if tipo in ("guilabel", "menuselection"):
            return f"**{(titulo or destino).replace('-->', '→').replace('&', '')}**"
        if tipo in ("dfn", "emphasis", "title-reference", "t"):
            return f"*{titulo or destino}*"
        if tipo == "strong":
            return f"**{titulo or destino}**"
        if tipo in ("sub", "subscript", "sup", "superscript"):
            etiqueta = "sub" if tipo.startswith("sub") else "sup"
            texto = titulo or destino
            return (
                f"<{etiqueta}>{texto}</{etiqueta}>"
                if self.formato == "cuaderno"
                else texto
            )
        if tipo in ROLES_CODIGO:
            return _codigo(re.sub(r"[{}]", "", titulo or destino))
        return _codigo(titulo or destino)

    def _rol_python(self, tipo: str, titulo: str | None, destino: str) -> str:
        sin_enlace = destino.startswith("!")
        destino = destino.lstrip("!")
        if titulo is None:
            texto = destino.lstrip(".")
            if texto.startswith("~"):
                texto = texto[1:].rsplit(".", 1)[-1]
            if tipo in ("func", "meth") and not texto.endswith(")"):
                texto += "()"
        else:
            texto = titulo
        nombre = destino.lstrip("~").lstrip(".")
        objetivo = None if sin_enlace else self._resolver("py", nombre)
        return self._enlace(texto, objetivo, codigo=True)

    def _cita_bibliografica(self, rol: str, destino: str) -> str:
        variante = rol.split(":", 1)[1] if ":" in rol else "p"
        piezas = []
        for clave in [c.strip() for c in destino.split(",") if c.strip()]:
            clave = re.sub(r"^\{[^}]*\}|\{[^}]*\}$", "", clave)
            objetivo = self._resolver("cite", clave)
            if objetivo is None or not objetivo.autores:
                piezas.append((None, _codigo(clave)))
                continue
            autores, anio = objetivo.autores, objetivo.anio or "s. f."
            if variante in CITAS_TEXTUALES:
                texto = f"{autores} ({anio})"
            elif variante in ("year", "yearpar"):
                texto = anio
            elif variante in CITAS_DE_AUTOR:
                texto = autores
            else:
                texto = f"{autores}, {anio}"
            piezas.append((objetivo, texto))
        partes = [
            texto if objetivo is None else self._enlace(texto, objetivo, codigo=False)
            for objetivo, texto in piezas
        ]
        if variante in CITAS_SIN_PARENTESIS:
            return ", ".join(partes)
        return "(" + "; ".join(partes) + ")"


# ------------------------------------------------- destinos en el libro construido


def _sin_latex(texto: str) -> str:
    try:
        from pybtex.richtext import Text

        return str(Text.from_latex(texto)).strip()
    except Exception:
        return re.sub(r"[{}]", "", texto).strip()


def autores_de_entrada(entrada) -> str:
    """«Pascanu et al.», «Hochreiter y Schmidhuber» u «Olah» (entrada de pybtex)."""
    personas = entrada.persons.get("author") or entrada.persons.get("editor") or []
    apellidos = [_sin_latex(" ".join(p.prelast_names + p.last_names)) for p in personas]
    if not apellidos:
        return _sin_latex(entrada.fields.get("organization", entrada.key))
    if len(apellidos) == 1:
        return apellidos[0]
    if len(apellidos) == 2:
        return f"{apellidos[0]} y {apellidos[1]}"
    return f"{apellidos[0]} et al."


class DestinosDelLibro:
    """Resuelve roles con el entorno de Sphinx: qué página y ancla publica cada destino."""

    def __init__(self, app):
        self.env = app.env
        # Las direcciones son las del sitio HTML publicado, sea cual sea el constructor
        # de esta pasada (el PDF se construye con «singlehtml», cuyos destinos son
        # anclas «#document-…» de una sola página).
        config = app.config
        self.sufijo = config.html_link_suffix or config.html_file_suffix or ".html"

    def _uri(self, docname: str, ancla: str | None = None) -> str:
        uri = quote(docname) + self.sufijo
        return f"{uri}#{ancla}" if ancla else uri

    def __call__(self, tipo: str, destino: str) -> Destino | None:
        return getattr(self, f"_{tipo}")(destino)

    def _py(self, nombre: str) -> Destino | None:
        dominio = self.env.get_domain("py")
        entrada = dominio.objects.get(nombre)
        if entrada is not None:
            return Destino(self._uri(entrada.docname, entrada.node_id))
        modulo = dominio.modules.get(nombre)
        if modulo is not None:
            return Destino(self._uri(modulo.docname, modulo.node_id))
        # Como libro_es._referencia_corta: un nombre corto con un solo objeto de rnnbook.
        candidatos = {
            (e.docname, e.node_id)
            for n, e in dominio.objects.items()
            if not e.aliased and n.startswith("rnnbook.") and n.endswith("." + nombre)
        }
        if len(candidatos) == 1:
            return Destino(self._uri(*candidatos.pop()))
        return None

    def _doc(self, docname: str) -> Destino | None:
        if docname not in self.env.all_docs:
            return None
        titulo = self.env.titles.get(docname)
        return Destino(self._uri(docname), titulo.astext() if titulo else None)

    def _ref(self, etiqueta: str) -> Destino | None:
        std = self.env.get_domain("std")
        if etiqueta in std.labels:
            docname, ancla, seccion = std.labels[etiqueta]
            return Destino(self._uri(docname, ancla), seccion or None)
        if etiqueta in std.anonlabels:
            docname, ancla = std.anonlabels[etiqueta]
            return Destino(self._uri(docname, ancla))
        return None

    def _term(self, termino: str) -> Destino | None:
        std = self.env.get_domain("std")
        for (tipo, nombre), valor in std.objects.items():
            if tipo == "term" and nombre.lower() == termino:
                return Destino(self._uri(valor[0], valor[1]))
        return None

    def _cite(self, clave: str) -> Destino | None:
        try:
            dominio = self.env.get_domain("cite")
        except Exception:
            return None
        for cita in dominio.citations:
            bibliografia = dominio.bibliographies.get(cita.bibliography_key)
            if cita.key == clave and bibliografia and bibliografia.list_ == "citation":
                return Destino(
                    self._uri(cita.bibliography_key.docname, cita.citation_id),
                    autores=autores_de_entrada(cita.entry),
                    anio=_sin_latex(cita.entry.fields.get("year", "")) or None,
                )
        return None

    def _imagen(self, uri: str) -> Destino | None:
        relativa = str(self.env.relfn2path("/" + uri)[0])
        if relativa in self.env.images:
            return Destino(f"_images/{self.env.images[relativa][1]}")
        return None

    def _descarga(self, uri: str) -> Destino | None:
        relativa = str(self.env.relfn2path("/" + uri)[0])
        if relativa in self.env.dlfiles:
            return Destino(f"_downloads/{self.env.dlfiles[relativa][1]}")
        return None


# ------------------------------------------------------------ scripts y cuadernos

_BLOQUE_OCULTO = re.compile(
    r"^[ \t]*# sphinx_gallery_start_ignore\n.*?^[ \t]*# sphinx_gallery_end_ignore\n?",
    re.M | re.S,
)
_CABECERA_DE_BLOQUE = re.compile(r"^(#{20,}.*|# ?%%.*)$")


def sin_bloques_ocultos(codigo: str) -> str:
    """El código de un ejemplo sin sus bloques ocultos (lo que ve el lector)."""
    return _BLOQUE_OCULTO.sub("", codigo)


def _docstring_del_modulo(fuente: str) -> tuple[int, int, str] | None:
    """``(inicio, fin, literal)``: posición (en caracteres) y texto del docstring."""
    modulo = ast.parse(fuente)
    if not (
        modulo.body
        and isinstance(modulo.body[0], ast.Expr)
        and isinstance(modulo.body[0].value, ast.Constant)
        and isinstance(modulo.body[0].value.value, str)
    ):
        return None
    inicios = [0]
    for linea in fuente.splitlines(keepends=True):
        inicios.append(inicios[-1] + len(linea))
    for token in tokenize.generate_tokens(io.StringIO(fuente).readline):
        if token.type == tokenize.STRING:
            inicio = inicios[token.start[0] - 1] + token.start[1]
            fin = inicios[token.end[0] - 1] + token.end[1]
            return inicio, fin, token.string
        if token.type not in (
            tokenize.COMMENT,
            tokenize.NL,
            tokenize.NEWLINE,
            tokenize.ENCODING,
        ):
            return None
    return None


def _convertir_bloques(texto: str, convertidor: ReSTaMarkdown) -> str:
    """Convierte el texto de cada bloque ``# %%`` de un script (el código, intacto)."""
    lineas = texto.split("\n")
    salida: list[str] = []
    i = 0
    while i < len(lineas):
        salida.append(lineas[i])
        i += 1
        if not _CABECERA_DE_BLOQUE.match(salida[-1]):
            continue
        j = i
        while j < len(lineas) and lineas[j].startswith("#"):
            j += 1
        if j > i:
            comentario = [re.sub(r"^#", "", linea) for linea in lineas[i:j]]
            nuevo = convertidor.convertir(textwrap.dedent("\n".join(comentario)))
            salida += [
                f"# {linea}".rstrip() for linea in nuevo.rstrip("\n").split("\n")
            ]
        i = j
    return "\n".join(salida)


def script_descargable(
    fuente: str, convertidor: ReSTaMarkdown, cabecera: str = ""
) -> str:
    """El ``.py`` que se descarga: sin fontanería y con el texto en Markdown.

    El código queda intacto; cambian el docstring y los bloques de comentarios
    que abre ``# %%``. ``cabecera`` (un bloque ``# %%`` de texto ya escrito) va
    tras el docstring.
    """
    fuente = sin_bloques_ocultos(fuente)
    docstring = _docstring_del_modulo(fuente)
    if docstring is None:
        return _convertir_bloques(fuente, convertidor)
    inicio, fin, literal = docstring
    prefijo, comillas, interior = re.fullmatch(
        r"(?s)([A-Za-z]*)(\"\"\"|\'\'\'|\"|\')(.*)\2", literal
    ).groups()
    if "r" not in prefijo.lower():
        interior = ast.literal_eval(literal)  # el texto, sin los escapes de Python
    nuevo = convertidor.convertir(interior.strip("\n")).rstrip("\n")
    if "r" not in prefijo.lower() and "\\" in nuevo:
        if comillas in nuevo or nuevo.endswith("\\"):
            nuevo = nuevo.replace("\\", "\\\\")
        else:
            prefijo = "r" + prefijo
    antes = interior[: len(interior) - len(interior.lstrip("\n"))]
    despues = interior[len(interior.rstrip("\n")) :]
    cabeza = f"{fuente[:inicio]}{prefijo}{comillas}{antes}{nuevo}{despues}{comillas}"
    resto = _convertir_bloques(fuente[fin:], convertidor)
    if cabecera:
        resto = "\n\n" + cabecera + "\n" + resto.lstrip("\n")
    return cabeza + resto


def cuaderno(
    fuente: Path,
    convertidor: ReSTaMarkdown,
    primera: str,
    *,
    gpu: bool = False,
    conf: dict | None = None,
) -> dict:
    """El cuaderno de un ejemplo, con las celdas que haría sphinx-gallery.

    Las celdas salen del script como en sphinx-gallery (sin bloques ocultos ni
    comentarios de configuración); el texto pasa por ``convertidor`` y delante va
    ``primera``, la celda de instalación, marcada con :data:`MARCA_INSTALACION`.
    """
    from sphinx_gallery import py_source_parser as analizador
    from sphinx_gallery.notebook import jupyter_notebook_skeleton

    conf = conf or {}
    _cabecera, bloques = analizador.split_code_and_text_blocks(str(fuente))[:2]
    nb = jupyter_notebook_skeleton()

    def celda_de_codigo(codigo: str, **metadatos) -> dict:
        return {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {"collapsed": False, **metadatos},
            "outputs": [],
            "source": codigo.strip().splitlines(keepends=True),
        }

    nb["cells"].append(celda_de_codigo(primera, tags=[MARCA_INSTALACION]))
    if conf.get("first_notebook_cell"):
        nb["cells"].append(celda_de_codigo(conf["first_notebook_cell"]))
    for etiqueta, contenido, _linea in bloques:
        contenido = analizador.remove_ignore_blocks(contenido)
        if conf.get("remove_config_comments", True):
            contenido = analizador.remove_config_comments(contenido)
        if not contenido.strip():
            continue
        if etiqueta == "code":
            nb["cells"].append(celda_de_codigo(contenido))
        else:
            markdown = convertidor.convertir(contenido)
            nb["cells"].append(
                {
                    "cell_type": "markdown",
                    "metadata": {},
                    "source": markdown.splitlines(keepends=True),
                }
            )
    if conf.get("last_notebook_cell"):
        nb["cells"].append(celda_de_codigo(conf["last_notebook_cell"]))
    if gpu:
        nb["metadata"]["accelerator"] = "GPU"
        nb["metadata"]["colab"] = {"gpuType": "T4"}
    return nb


def texto_del_cuaderno(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


# ------------------------------------------------------------ en la construcción


@dataclass
class Ejemplo:
    fuente: Path  # gallery/<carpeta>/plot_x.py
    destino: Path  # docs/galeria/<carpeta>/plot_x.py
    relativa: str  # <carpeta>/plot_x (sin extensión)
    docname: str  # galeria/<carpeta>/plot_x
    extras: list[str]


def publicacion_de(config) -> Publicacion:
    return Publicacion.crear(
        config.rnnbook_repositorio,
        config.rnnbook_url_libro,
        config.rnnbook_rama_cuadernos,
        config.rnnbook_commit,
    )


def _requisitos_y_usos(app) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    cache = getattr(app, "_rnnbook_extras", None)
    if cache is None:
        raiz = Path(app.confdir)
        requisitos = extras_del_proyecto(raiz / "pyproject.toml")
        paquete = raiz / "rnnbook"
        if not paquete.is_dir():
            import rnnbook

            paquete = Path(rnnbook.__file__).resolve().parent
        cache = app._rnnbook_extras = (
            requisitos,
            usos_de_los_extras(requisitos, paquete),
        )
    return cache


def ejemplos(app) -> list[Ejemplo]:
    """Los ejemplos de la galería con su copia en ``docs/galeria``."""
    if getattr(app, "_rnnbook_ejemplos", None) is None:
        app._rnnbook_ejemplos = _buscar_ejemplos(app)
    return app._rnnbook_ejemplos


def _buscar_ejemplos(app) -> list[Ejemplo]:
    conf = app.config.sphinx_gallery_conf
    _requisitos, usos = _requisitos_y_usos(app)
    ignorar = re.compile(conf.get("ignore_pattern") or r"^$")
    lista = []
    for origenes, carpeta in zip(conf["examples_dirs"], conf["gallery_dirs"]):
        raiz_fuente = (Path(app.srcdir) / origenes).resolve()
        raiz_destino = Path(app.srcdir) / carpeta
        for fuente in sorted(raiz_fuente.rglob("*.py")):
            if ignorar.search(str(fuente)):
                continue
            relativa = fuente.relative_to(raiz_fuente).with_suffix("").as_posix()
            destino = raiz_destino / f"{relativa}.py"
            codigo = sin_bloques_ocultos(fuente.read_text(encoding="utf-8"))
            lista.append(
                Ejemplo(
                    fuente,
                    destino,
                    relativa,
                    f"{carpeta}/{relativa}",
                    extras_del_ejemplo(codigo, usos),
                )
            )
    return lista


def _escribir_si_cambia(ruta: Path, contenido: bytes, fecha_ns: int) -> bool:
    cambiado = not ruta.is_file() or ruta.read_bytes() != contenido
    if cambiado:
        ruta.write_bytes(contenido)
    if ruta.stat().st_mtime_ns != fecha_ns:
        os.utime(ruta, ns=(fecha_ns, fecha_ns))
    return cambiado


def _reescribir_zip(ruta: Path, propios: set[Path]) -> bool:
    """Rehace el ``.zip`` con las versiones reescritas de sus miembros (``propios``).

    Se comprime como sphinx-gallery (``ZipFile.write``: sin comprimir, con la fecha
    y los permisos de cada archivo), así que el suyo sale idéntico y no lo cambia.
    """
    with zipfile.ZipFile(ruta) as z:
        miembros = [(info, z.read(info)) for info in z.infolist()]
    temporal = ruta.with_name(ruta.name + ".tmp")
    fechas = []
    with zipfile.ZipFile(temporal, "w") as z:
        for info, datos in miembros:
            archivo = (ruta.parent / info.filename).resolve()
            if archivo in propios:
                z.write(archivo, info.filename)
                fechas.append(archivo.stat().st_mtime_ns)
            elif info.filename.endswith(".py"):
                z.writestr(info, sin_bloques_ocultos(datos.decode("utf-8")))
            else:
                z.writestr(info, datos)
    cambiado = temporal.read_bytes() != ruta.read_bytes()
    if cambiado:
        temporal.replace(ruta)
    else:
        temporal.unlink()
    if fechas and ruta.stat().st_mtime_ns != max(fechas):
        os.utime(ruta, ns=(max(fechas), max(fechas)))
    return cambiado


def _archivos_de_descarga(app) -> list[Path]:
    """Scripts, cuadernos y ``.zip`` de la galería (lo que se descarga)."""
    archivos = []
    for carpeta in app.config.sphinx_gallery_conf["gallery_dirs"]:
        raiz = Path(app.srcdir) / carpeta
        for patron in ("plot_*.py", "plot_*.ipynb", "*.zip"):
            archivos += sorted(raiz.rglob(patron))
    return archivos


def _guardar_descargas(app) -> None:
    """Edición inglesa: guarda las descargas que escribió la española.

    sphinx-gallery vuelve a copiar en ``docs/galeria`` cada script tal cual (con
    su fontanería) al empezar cada construcción; la española los reescribe
    enseguida (:func:`reescribir_descargas`). La inglesa comparte esos archivos:
    no los reescribe (sus títulos y anclas son otros), los devuelve a como estaban
    (:func:`_restaurar_descargas`).
    """
    if (app.config.language or "es") == "es":
        return
    app._rnnbook_descargas = {
        ruta: (ruta.read_bytes(), ruta.stat().st_mtime_ns)
        for ruta in _archivos_de_descarga(app)
    }


def _restaurar_descargas(app) -> None:
    for ruta, (datos, fecha) in getattr(app, "_rnnbook_descargas", {}).items():
        _escribir_si_cambia(ruta, datos, fecha)


def reescribir_descargas(app, *_args) -> None:
    """Genera scripts, cuadernos y ``.zip`` de la galería desde sus fuentes.

    Solo la edición española: la inglesa (docs/_ext/traduccion.py) sirve las
    mismas descargas, que la española ya escribió (el código está en español).
    """
    if (app.config.language or "es") != "es":
        return
    conf = app.config.sphinx_gallery_conf
    publicacion = publicacion_de(app.config)
    requisitos, _usos = _requisitos_y_usos(app)
    resolver = DestinosDelLibro(app)
    propios: set[Path] = set()
    escritos = 0
    for ejemplo in ejemplos(app):
        if not ejemplo.destino.is_file():
            continue  # sphinx-gallery aún no lo ha generado
        fecha = ejemplo.fuente.stat().st_mtime_ns

        def convertidor(formato: str, ejemplo=ejemplo) -> ReSTaMarkdown:
            return ReSTaMarkdown(
                resolver,
                publicacion.url_libro,
                formato,
                ejemplo.docname,
                ejemplo.fuente.parent,
            )

        script = script_descargable(
            ejemplo.fuente.read_text(encoding="utf-8"),
            convertidor("script"),
            cabecera_del_script(publicacion, ejemplo.extras),
        ).encode("utf-8")
        nb = cuaderno(
            ejemplo.fuente,
            convertidor("cuaderno"),
            primera_celda(publicacion, ejemplo.extras, requisitos),
            gpu=ejemplo.relativa in EJEMPLOS_CON_GPU,
            conf=conf,
        )
        nb_bytes = texto_del_cuaderno(nb).encode("utf-8")
        for ruta, datos in (
            (ejemplo.destino, script),
            (ejemplo.destino.with_suffix(".ipynb"), nb_bytes),
        ):
            escritos += _escribir_si_cambia(ruta, datos, fecha)
            propios.add(ruta.resolve())
    for carpeta in conf["gallery_dirs"]:
        for ruta in sorted((Path(app.srcdir) / carpeta).rglob("*.zip")):
            escritos += _reescribir_zip(ruta, propios)
    if escritos:
        logger.verbose(f"descargas de la galería: {escritos} archivos reescritos")


# ----------------------------------------------------------- el botón en la página

_ETIQUETA_EJEMPLO = re.compile(r"^\.\. _sphx_glr_.*\.py:\s*$")


def _insertar_boton(app, docname, source):
    """Tras el título de cada página de ejemplo, el botón de Colab o cómo ejecutarlo."""
    conf = app.config.sphinx_gallery_conf
    if not any(docname.startswith(f"{c}/") for c in conf["gallery_dirs"]):
        return
    relativa = docname.split("/", 1)[1]
    ejemplo = next((e for e in ejemplos(app) if e.docname == docname), None)
    if ejemplo is None:
        return
    lineas = source[0].split("\n")
    etiqueta = next(
        (i for i, l in enumerate(lineas) if _ETIQUETA_EJEMPLO.match(l)), None
    )
    if etiqueta is None:
        return
    for i in range(etiqueta + 1, len(lineas) - 1):
        if (
            lineas[i].strip()
            and _LINEA_ADORNO.match(lineas[i + 1])
            and not _LINEA_ADORNO.match(lineas[i])
        ):
            html = html_ejecutar(
                f"{relativa}.ipynb", publicacion_de(app.config), ejemplo.extras
            )
            if (app.config.language or "es") != "es":
                html = html_idioma_del_codigo(docname) + html
            lineas[i + 2 : i + 2] = ["", ".. raw:: html", "", f"   {html}", ""]
            source[0] = "\n".join(lineas)
            return


# ---------------------------------------------------------------------- registro

_OPCIONES = {
    # opción de Sphinx: (variable de entorno, ¿cambia las páginas?)
    "rnnbook_repositorio": ("RNNBOOK_REPOSITORIO", "env"),
    "rnnbook_rama_cuadernos": ("RNNBOOK_RAMA_CUADERNOS", "env"),
    "rnnbook_url_libro": ("RNNBOOK_URL_LIBRO", ""),
    "rnnbook_commit": ("RNNBOOK_COMMIT", ""),
}


def _configurar(app, config):
    for opcion, (variable, _reconstruir) in _OPCIONES.items():
        if getattr(config, opcion) is None:
            valor = os.environ.get(variable, "").strip() or None
            if opcion == "rnnbook_commit" and config.rnnbook_repositorio:
                valor = commit_actual(Path(app.confdir))
            setattr(config, opcion, valor)
    publicacion_de(config)  # valida RNNBOOK_REPOSITORIO


def setup(app):
    for opcion, (_variable, reconstruir) in _OPCIONES.items():
        app.add_config_value(opcion, None, reconstruir, types=(str, type(None)))
    app.connect("config-inited", _configurar)
    # Después de sphinx-gallery, que genera la galería en builder-inited (500), y
    # antes de que Sphinx mire qué páginas han cambiado.
    app.connect("builder-inited", reescribir_descargas, priority=900)
    # La edición inglesa: las descargas de la española, intactas (antes y después de
    # sphinx-gallery; dentro del turno de galeria_incremental.py).
    app.connect("builder-inited", _guardar_descargas, priority=450)
    app.connect("builder-inited", _restaurar_descargas, priority=900)
    # Con todos los destinos de esta construcción (antes de copiar las descargas).
    app.connect("env-updated", reescribir_descargas)
    app.connect("source-read", _insertar_boton)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
