"""Extensión local de Sphinx: la edición inglesa, desde catálogos gettext.

El español es el texto fuente. La edición inglesa (``_build/html/en``) se
construye con las mismas fuentes y ``-t en`` (``language = "en"`` en conf.py):
el transform ``Locale`` de Sphinx sustituye cada párrafo, título o celda por su
traducción del catálogo ``locales/en/LC_MESSAGES/<página>.po``. El código, las
salidas impresas y las figuras quedan como se ejecutaron, en español.

Esta extensión

* decide qué **no** es un mensaje (:class:`NoTraducible`, antes de ``Locale``):
  lo que cambia de una construcción a otra (tiempos de ejecución), las frases
  fijas de sphinx-gallery y de Sphinx, que cada edición escribe en su idioma, y lo
  que no tiene palabras (un enlace solo, un literal solo, una fórmula sin texto).
  Así los catálogos son estables: el mismo texto español da los mismos mensajes;
* avisa (un error con ``-W``) de cada mensaje de una página inglesa que falta en
  su catálogo o está sin traducir o dudoso (*fuzzy*): la edición inglesa nunca
  mezcla párrafos en español (:class:`SinTraducir`);
* traduce los textos de la interfaz que escriben las extensiones del libro con
  :func:`_` y las notas de la bibliografía (catálogo ``interfaz.po``), los tipos
  de los parámetros de la API (``tipos.po``: Sphinx los compone fuera de los
  mensajes de la página) y las miniaturas de sphinx-gallery (HTML tal cual: su
  título y su descripción salen de la página inglesa del ejemplo);
* pone en cada página el enlace a la misma página en el otro idioma (un enlace
  normal, sin JavaScript) y los ``<link rel="alternate" hreflang>``.

El flujo del traductor es ``python3 tareas.py traducir`` (véase el README).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

RAIZ = Path(__file__).resolve().parents[2]
#: Carpeta de los catálogos (``locale_dirs`` en conf.py), relativa a la raíz.
CATALOGOS = RAIZ / "locales"
#: Los dos idiomas del libro: el del texto fuente y el de la traducción.
FUENTE, DESTINO = "es", "en"
#: Catálogo de los textos de la interfaz que escriben las extensiones del libro.
DOMINIO_INTERFAZ = "interfaz"
#: Nombre de cada idioma, escrito en ese idioma (el texto del enlace que cambia de edición).
NOMBRE_IDIOMA = {"es": "Español", "en": "English"}

# ------------------------------------------------------------ la interfaz: _()
_idioma = FUENTE


def ruta_catalogo(dominio: str, lengua: str = DESTINO) -> Path:
    """``locales/<lengua>/LC_MESSAGES/<dominio>.po``."""
    return CATALOGOS / lengua / "LC_MESSAGES" / f"{dominio}.po"


@cache
def _traducciones(dominio: str) -> dict[str, str]:
    """Mensaje español → traducción, solo las entradas traducidas y no dudosas."""
    from babel.messages.pofile import read_po

    ruta = ruta_catalogo(dominio)
    if not ruta.is_file():
        return {}
    with ruta.open("rb") as f:
        catalogo = read_po(f)
    return {
        m.id: m.string
        for m in catalogo
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }


def _(texto: str) -> str:
    """Un texto de la interfaz del libro en el idioma de la construcción.

    Los textos se escriben en español en las extensiones (``_("Ampliación")``);
    en la edición inglesa se buscan en ``locales/en/LC_MESSAGES/interfaz.po``.
    Si falta, se avisa (error con ``-W``) y queda el español.
    """
    if _idioma == FUENTE:
        return texto
    return _buscar(DOMINIO_INTERFAZ, texto, "el texto de interfaz") or texto


def _buscar(dominio: str, texto: str, que: str) -> str | None:
    """La traducción de ``texto`` en el catálogo ``dominio``; si falta, un aviso."""
    traduccion = _traducciones(dominio).get(texto)
    if traduccion is None:
        logger.warning(
            "traducción: %s %r no está traducido en %s (python3 tareas.py traducir)",
            que,
            texto,
            ruta_catalogo(dominio).relative_to(RAIZ),
            type="rnnbook",
            subtype="traduccion",
        )
    return traduccion


_gettext_activo = False


def _fijar_idioma(app) -> None:
    global _idioma, _gettext_activo
    _idioma = app.config.language
    _gettext_activo = _constructor_gettext(app.env)
    if _gettext_activo:
        # El constructor gettext extrae los mensajes españoles: no traduce nada.
        # Con ``-t en`` (las frases fijas de Sphinx en inglés, como en la edición
        # inglesa) el transform Locale aplicaría los catálogos antes de extraer.
        _idioma = FUENTE
        app.config.locale_dirs = []
    _traducciones.cache_clear()


# ------------------------------------------- los tipos de los docstrings: tipos.po
#: Catálogo de los tipos de la API («ndarray de forma (N, T, H)», «int o None»).
DOMINIO_TIPOS = "tipos"
#: Los tipos vistos por el constructor gettext (se escriben en ``tipos.pot``).
_TIPOS_VISTOS: dict[str, None] = {}
#: Una línea de tipo que napoleon escribe: ``:type x: …`` o ``:vartype x: …``. El
#: de ``:rtype:`` no: Sphinx lo deja como un párrafo, un mensaje de la página.
_LINEA_DE_TIPO = re.compile(r"^(\s*:(?:type|vartype)(?: [^:]+)?: )(.+?)\s*$")


def traducir_tipos(lines: list[str]) -> None:
    """Traduce (o, en el constructor gettext, anota) los tipos de un docstring.

    Sphinx compone cada parámetro de la API como «**x** (*tipo*) – descripción»
    con el tipo fuera de cualquier mensaje del catálogo de la página: los tipos
    tienen su propio catálogo, ``tipos.po``, y se traducen en el docstring antes
    de que Sphinx lo analice (evento ``autodoc-process-docstring``).
    """
    for i, linea in enumerate(lines):
        m = _LINEA_DE_TIPO.match(linea)
        if not m:
            continue
        tipo = m.group(2)
        if _gettext_activo:
            _TIPOS_VISTOS.setdefault(tipo, None)
        elif _idioma != FUENTE:
            traduccion = _buscar(DOMINIO_TIPOS, tipo, "el tipo")
            if traduccion is not None:
                lines[i] = m.group(1) + traduccion


def _escribir_tipos(app, excepcion) -> None:
    """Con el constructor gettext, ``tipos.pot`` junto a los de las páginas."""
    if excepcion is not None or not _gettext_activo:
        return
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    plantilla = Catalog()
    for tipo in sorted(_TIPOS_VISTOS):
        plantilla.add(tipo)
    with (Path(app.outdir) / f"{DOMINIO_TIPOS}.pot").open("wb") as f:
        write_po(f, plantilla, width=79, no_location=True)


# ------------------------------------------------------- qué no es un mensaje
#: Frases fijas de sphinx-gallery (en inglés, o en español tras libro_es.py) y
#: rúbricas: cada edición las escribe en su idioma; algunas llevan tiempos.
_FRASES_FIJAS = re.compile(
    r"^(?::ref:`(?:Go to the end|Ir al final) <sphx_glr_download"
    r"|\*\*(?:Total running time of the script|Tiempo total de ejecución del script):\*\*"
    r"|:download:`[^`]*`\s*$"
    r"|`?(?:Gallery generated by Sphinx-Gallery|Galería generada con Sphinx-Gallery)"
    r"|(?:Examples using|Ejemplos que usan|Related examples|Ejemplos relacionados)\b"
    r")"
)
#: Un párrafo o título que es solo un enlace sin texto propio, o solo un literal.
_SIN_PALABRAS = re.compile(
    r"^(?:(?::(?:doc|ref):|\{(?:doc|ref)\})`[^`<]*`|``[^`]+``|`[^`]+`)$"
)
#: Rúbricas de napoleon y de sphinx-gallery, en los dos idiomas.
_RUBRICAS_FIJAS = {
    "Examples", "Example", "Notes", "References", "See Also", "Warnings",
    "Methods", "Attributes", "Ejemplos", "Ejemplo", "Notas", "Referencias",
    "Véase también", "Advertencias", "Métodos", "Atributos",
}  # fmt: skip


def no_traducible(node: nodes.Element, docname: str) -> bool:
    """¿Queda ``node`` fuera de los catálogos? (Véase :class:`NoTraducible`.)"""
    if docname.rsplit("/", 1)[-1] == "sg_execution_times":
        return True  # tabla de tiempos: cambia en cada construcción
    texto = (node.rawsource or node.astext()).strip()
    if _FRASES_FIJAS.match(texto) or _SIN_PALABRAS.match(texto):
        return True
    if isinstance(node, nodes.math_block):
        return "\\text" not in texto  # una fórmula sin palabras no se traduce
    dentro_de_la_api = any(
        isinstance(p, addnodes.desc_content) for p in _ancestros(node)
    )
    if dentro_de_la_api and isinstance(node, nodes.field_name):
        return True  # «Parameters», «Returns»…: Sphinx los escribe en cada idioma
    return isinstance(node, nodes.rubric) and texto in _RUBRICAS_FIJAS


def _ancestros(node):
    padre = node.parent
    while padre is not None:
        yield padre
        padre = padre.parent


def _contiene_lista(node) -> bool:
    return any(
        isinstance(n, (nodes.bullet_list, nodes.enumerated_list))
        for n in node.findall(include_self=False)
    )


class NoTraducible(SphinxTransform):
    """Marca ``translatable = False`` lo que no debe ser un mensaje del catálogo.

    Corre antes de ``Locale`` (prioridad 20) y lo usan igual el constructor
    ``gettext`` (que no extrae estos nodos) y la edición inglesa (que no los busca).
    """

    default_priority = 10

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        for node in self.document.findall(nodes.TextElement):
            if isinstance(node, nodes.Inline):
                # Sphinx marca traducible el cuerpo de un campo de la API
                # («Returns»); con varios valores es una lista, cuyos elementos
                # ya son mensajes: el conjunto no lo es.
                if node.get("translatable") and _contiene_lista(node):
                    node["translatable"] = False
                continue
            if no_traducible(node, docname):
                node["translatable"] = False


# ------------------------------------------------- ningún párrafo sin traducir
class SinTraducir(SphinxTransform):
    """Avisa de cada mensaje de una página inglesa que no salió traducido.

    Recorre los mismos mensajes que ``Locale`` (``extract_messages``). Uno que
    ``Locale`` no tradujo solo está bien si su traducción en el catálogo coincide
    con el original (una sigla, un nombre); si falta en el catálogo, está vacío o
    es *fuzzy*, o si Sphinx no encontró el catálogo, es un fallo.
    """

    default_priority = 26  # después de Locale (20) y de su recuento (25)

    def apply(self, **kwargs) -> None:
        if self.config.language != DESTINO or _constructor_gettext(self.env):
            return
        from sphinx.util.i18n import docname_to_domain
        from sphinx.util.nodes import extract_messages

        dominio = docname_to_domain(self.env.docname, self.config.gettext_compact)
        traducidos = _traducciones(dominio)
        traducciones = set(traducidos.values())
        for node, mensaje in extract_messages(self.document):
            if node.get("translated") or traducidos.get(mensaje) == mensaje:
                continue
            # Los títulos de los toctree y los textos alternativos se traducen
            # sin marca «translated»: basta con que ya sean una traducción.
            actual = node.get("caption") if isinstance(node, addnodes.toctree) else None
            if isinstance(node, nodes.image):
                actual = node.get("alt")
            if actual is not None and actual in traducciones:
                continue
            logger.warning(
                "traducción: mensaje sin traducir en %s: %r "
                "(python3 tareas.py traducir)",
                ruta_catalogo(dominio).relative_to(RAIZ),
                mensaje[:120],
                location=node,
                type="rnnbook",
                subtype="traduccion",
            )


def _constructor_gettext(env) -> bool:
    from sphinx.builders.gettext import MessageCatalogBuilder

    return issubclass(env._builder_cls, MessageCatalogBuilder)


# ------------------------------------------- el marcado sobrevive a la traducción
#: Un rol de reST (``:func:`x```) o de MyST (``{func}`x```).
_ROL = re.compile(r"(?::([\w.+-]+(?::[\w.+-]+)*):|\{([\w.+:-]+)\})`((?:[^`\\]|\\.)+)`")
#: Roles cuyo contenido es código, una clave o una fórmula: se copian tal cual.
_ROLES_LITERALES = {"math", "medida", "eq", "kbd", "numref"}
_TITULO_Y_DESTINO = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.S)
_MATES = re.compile(r"(?<![\\$])\$\$?[^$]+\$\$?")
_LITERAL_DOBLE = re.compile(r"``(.+?)``", re.S)
_LITERAL_SIMPLE = re.compile(r"(?<![`\w])`([^`]+)`(?![`_])")
_ENLACE_MD = re.compile(r"\]\(([^)\s]+)\)")
_ENLACE_RST = re.compile(r"<([^<>`\s]+)>`__?")
_SUSTITUCION = re.compile(r"(?<![\\\w|])\|[^|\s`][^|`]*(?<!\s)\|(?![\w|])")


def _roles(texto: str) -> tuple[list[tuple[str, str]], str]:
    """Los roles de ``texto`` como (nombre, destino) y el texto sin ellos."""
    encontrados = []
    for m in _ROL.finditer(texto):
        nombre = m.group(1) or m.group(2)
        contenido = m.group(3)
        if nombre.split(":")[-1] in _ROLES_LITERALES or nombre.startswith("cite"):
            if nombre == "math" and "\\text" in contenido:
                contenido = "…"  # las palabras de \text{} se traducen
            encontrados.append((nombre, contenido))
            continue
        titulo = _TITULO_Y_DESTINO.match(contenido)
        destino = titulo.group(2) if titulo else contenido
        encontrados.append((nombre, destino.lstrip("~!")))
    return sorted(encontrados), _ROL.sub(" ", texto)


def problemas_de_marcado(original: str, traduccion: str) -> list[str]:
    """Lo que la traducción rompe del marcado del original (lista vacía: nada).

    Deben sobrevivir, tal cual: los roles (``:func:``, ``{medida}``, citas y
    referencias por su destino; el título de una referencia sí se traduce), las
    fórmulas (salvo las palabras de ``\\text{}``), los literales, los destinos de
    los enlaces, la negrita equilibrada y el salto de línea final.
    """
    problemas = []
    roles_o, resto_o = _roles(original)
    roles_t, resto_t = _roles(traduccion)
    if roles_o != roles_t:
        faltan = sorted(set(roles_o) - set(roles_t))
        sobran = sorted(set(roles_t) - set(roles_o))
        problemas.append(f"roles distintos: faltan {faltan}, sobran {sobran}")

    def sin_texto(formula: str) -> str:
        return "…" if "\\text" in formula else formula

    for nombre, patron, normal in (
        ("fórmulas $…$", _MATES, sin_texto),
        ("literales ``…``", _LITERAL_DOBLE, str),
        ("enlaces [](…)", _ENLACE_MD, str),
        ("enlaces `<…>`_", _ENLACE_RST, str),
    ):
        a = sorted(normal(x) for x in patron.findall(resto_o))
        b = sorted(normal(x) for x in patron.findall(resto_t))
        if a != b:
            problemas.append(f"{nombre} distintos: {a} → {b}")
        resto_o, resto_t = patron.sub(" ", resto_o), patron.sub(" ", resto_t)
    # Fuera de literales y fórmulas, «|x|» es una sustitución de reST.
    a = sorted(_SUSTITUCION.findall(resto_o))
    b = sorted(_SUSTITUCION.findall(resto_t))
    if a != b:
        problemas.append(f"sustituciones |…| distintas: {a} → {b}")
    a = sorted(_LITERAL_SIMPLE.findall(resto_o))
    b = sorted(_LITERAL_SIMPLE.findall(resto_t))
    if a != b:
        problemas.append(f"literales `…` distintos: {a} → {b}")
    if resto_t.count("**") % 2 != resto_o.count("**") % 2:  # fuera de literales
        problemas.append("negrita ** sin cerrar")
    if original.endswith("\n") != traduccion.endswith("\n"):
        problemas.append("el salto de línea final no coincide")
    if original[:1].isspace() != traduccion[:1].isspace():
        problemas.append("el espacio inicial no coincide")
    return problemas


# ------------------------------------------------------- el cambio de idioma
def _cambio_de_idioma(app, pagename, templatename, context, doctree) -> None:
    """El enlace a esta página en la otra edición y los ``hreflang``.

    La edición para el alumnado (docs/_ext/edicion_alumno.py) solo existe en
    español: no lleva enlace a otra edición.
    """
    if getattr(app.config, "edicion_alumno", False):
        return
    propio = app.config.language or FUENTE
    otro = DESTINO if propio == FUENTE else FUENTE
    profundidad = pagename.count("/")
    subir = "../" * profundidad
    # La edición inglesa vive en en/ dentro de la española.
    prefijo = "en/" if propio == FUENTE else "../"
    destino = f"{subir}{prefijo}{pagename}.html"
    # docs/_templates/cambio-idioma.html lo dibuja en el encabezado de cada página.
    context["rnnbook_otro_idioma"] = {
        "href": destino,
        "idioma": otro,
        "texto": NOMBRE_IDIOMA[otro],
        "titulo": _("Esta página en español")
        if otro == FUENTE
        else _("Esta página en inglés"),
    }
    from descargas import publicacion_de

    # La dirección publicada (RNNBOOK_URL_LIBRO, o la de GitHub Pages del repositorio).
    base = publicacion_de(app.config).url_libro
    enlaces = []
    if base:
        urls = {FUENTE: f"{base}{pagename}.html", DESTINO: f"{base}en/{pagename}.html"}
        for lengua, url in urls.items():
            enlaces.append(f'<link rel="alternate" hreflang="{lengua}" href="{url}">')
        enlaces.append(
            f'<link rel="alternate" hreflang="x-default" href="{urls[FUENTE]}">'
        )
    else:  # sin dirección publicada: rutas relativas, que también valen desde el disco
        enlaces.append(f'<link rel="alternate" hreflang="{otro}" href="{destino}">')
    context["metatags"] = context.get("metatags", "") + "\n".join(enlaces) + "\n"


# ------------------------------------------ las miniaturas de sphinx-gallery
#: Una miniatura: su descripción emergente, el enlace al ejemplo y su título, que
#: sphinx-gallery escribe en HTML tal cual (fuera de los catálogos) desde el script.
_MINIATURA = re.compile(
    r'(<div class="sphx-glr-thumbcontainer" tooltip=")([^"]*)(">.*?<a class="reference'
    r' internal" href="([^"#]*)[^"]*">(.*?)</a>.*?<div class="sphx-glr-thumbnail-title"'
    r"[^>]*>)([^<]*)(</div>)",
    re.S,
)


def _primer_parrafo(app, docname: str) -> str | None:
    """El primer párrafo de texto de una página ya traducida (tras su título)."""
    cache = app.env.__dict__.setdefault("_rnnbook_primer_parrafo", {})
    if docname not in cache:
        texto = None
        try:
            arbol = app.env.get_doctree(docname)
        except Exception:  # una página que no existe: sin descripción
            arbol = None
        for parrafo in arbol.findall(nodes.paragraph) if arbol else ():
            if any(
                isinstance(p, (nodes.container, nodes.Admonition, nodes.raw))
                for p in _ancestros(parrafo)
            ):
                continue
            texto = " ".join(parrafo.astext().split())
            break
        cache[docname] = texto
    return cache[docname]


def _miniaturas_traducidas(app, pagename, templatename, context, doctree) -> None:
    """Edición inglesa: el título y la descripción de cada miniatura, traducidos.

    El título es el del enlace que la acompaña (ya traducido); la descripción, el
    primer párrafo de la página del ejemplo en la edición inglesa.
    """
    if (app.config.language or FUENTE) == FUENTE or "body" not in context:
        return
    import html
    import posixpath

    def traducir(m):
        destino = posixpath.normpath(
            posixpath.join(posixpath.dirname(pagename), m.group(4))
        )
        docname = destino[: -len(".html")] if destino.endswith(".html") else destino
        parrafo = _primer_parrafo(app, docname)
        descripcion = html.escape(parrafo, quote=True) if parrafo else m.group(2)
        titulo = re.sub(r"<[^>]+>", "", m.group(5))
        return m.group(1) + descripcion + m.group(3) + titulo + m.group(7)

    context["body"] = _MINIATURA.sub(traducir, context["body"])


def setup(app):
    app.connect("html-page-context", _miniaturas_traducidas)
    app.setup_extension("descargas")  # rnnbook_url_libro: la dirección publicada
    app.connect("builder-inited", _fijar_idioma, priority=100)
    app.connect("build-finished", _escribir_tipos)
    app.add_transform(NoTraducible)
    app.add_transform(SinTraducir)
    # Antes que el tema (500), que quita del encabezado las plantillas que dan vacío.
    app.connect("html-page-context", _cambio_de_idioma, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


# ------------------------------------------------------------ los catálogos
#: Fecha fija en la cabecera: un catálogo solo cambia cuando cambian sus mensajes.
_FECHA = "2026-01-01 00:00+0000"


#: Campos de ``docs/referencias.bib`` escritos en español («Entrada de blog»): la
#: edición inglesa los traduce con el catálogo de la interfaz.
CAMPOS_BIB = ("note", "howpublished")


def mensajes_de_interfaz() -> list[str]:
    """Los textos de la interfaz: los ``_("…")`` de las extensiones del libro, en
    orden de aparición, y los campos :data:`CAMPOS_BIB` de la bibliografía."""
    from babel.messages.extract import extract_from_file
    from pybtex.database import parse_file

    vistos: dict[str, None] = {}
    for fuente in sorted((RAIZ / "docs" / "_ext").glob("*.py")):
        for _linea, mensaje, _comentarios, _contexto in extract_from_file(
            "python", fuente, keywords={"_": None}
        ):
            if isinstance(mensaje, str):
                vistos.setdefault(mensaje, None)
    for entrada in parse_file(RAIZ / "docs" / "referencias.bib").entries.values():
        for campo in CAMPOS_BIB:
            if campo in entrada.fields:
                vistos.setdefault(entrada.fields[campo], None)
    return list(vistos)


def traducir_campo_bib(valor: str) -> str:
    """Un campo :data:`CAMPOS_BIB` de una referencia, en el idioma de la edición."""
    if _idioma == FUENTE:
        return valor
    return _buscar(DOMINIO_INTERFAZ, valor, "el campo de la bibliografía") or valor


def _plantillas(carpeta_pot: Path) -> dict[str, list[str]]:
    """Dominio → mensajes: los ``.pot`` del constructor gettext y la interfaz."""
    from babel.messages.pofile import read_po

    plantillas = {}
    for pot in sorted(carpeta_pot.rglob("*.pot")):
        dominio = pot.relative_to(carpeta_pot).with_suffix("").as_posix()
        with pot.open("rb") as f:
            plantillas[dominio] = [m.id for m in read_po(f) if m.id]
    plantillas[DOMINIO_INTERFAZ] = mensajes_de_interfaz()
    return plantillas


def _leer(ruta: Path):
    from babel.messages.pofile import read_po

    with ruta.open("rb") as f:
        return read_po(f, locale=DESTINO)


def _escribir(ruta: Path, catalogo) -> bool:
    """Escribe el catálogo (sin ubicaciones, líneas de 79) solo si cambia."""
    import io

    from babel.messages.pofile import write_po

    catalogo.fuzzy = False  # la cabecera: babel la marca dudosa al crear el catálogo
    # babel marca python-format / python-brace-format por el aspecto del texto
    # («85 % de», «W_{hh}», «{doc}`…`»), y msgfmt --check-format los comprueba:
    # solo los textos de la interfaz se formatean, con str.format.
    formato = {"python-brace-format"} if ruta.stem == DOMINIO_INTERFAZ else set()
    for mensaje in catalogo:
        mensaje.flags -= {"python-format", "python-brace-format"} - formato
    catalogo.header_comment = (
        "# Traducción inglesa de rnnbook: el texto fuente es el español.\n"
        "# Se actualiza con «python3 tareas.py traducir» (véase el README)."
    )
    catalogo.project, catalogo.version = "rnnbook", "1"
    catalogo.copyright_holder = "equipo de rnnbook"
    catalogo.msgid_bugs_address = ""
    catalogo.last_translator = "equipo de rnnbook"
    catalogo.language_team = "English"
    buffer = io.BytesIO()
    write_po(buffer, catalogo, width=79, no_location=True, omit_header=False)
    texto = re.sub(
        rb'"(POT-Creation-Date|PO-Revision-Date): [^"\\]*\\n"',
        lambda m: b'"' + m.group(1) + b": " + _FECHA.encode() + b'\\n"',
        buffer.getvalue(),
    )
    texto = re.sub(rb'"Generated-By: [^"]*"\n', b"", texto)
    if ruta.is_file() and ruta.read_bytes() == texto:
        return False
    ruta.parent.mkdir(parents=True, exist_ok=True)
    ruta.write_bytes(texto)
    return True


def actualizar_catalogos(carpeta_pot: Path) -> dict[str, int]:
    """Lleva ``locales/en`` al texto español de hoy.

    Cada mensaje nuevo entra vacío o, si se parece a uno que cambió, con la
    traducción anterior marcada *fuzzy* (hay que revisarla); los mensajes que ya
    no existen se borran, y también los catálogos de páginas que ya no existen.
    """
    from babel.messages.catalog import Catalog

    cambios = {"escritos": 0, "borrados": 0}
    plantillas = _plantillas(carpeta_pot)
    for dominio, mensajes in plantillas.items():
        plantilla = Catalog(locale=DESTINO)
        for mensaje in mensajes:
            plantilla.add(mensaje)
        ruta = ruta_catalogo(dominio)
        catalogo = _leer(ruta) if ruta.is_file() else Catalog(locale=DESTINO)
        catalogo.update(plantilla, no_fuzzy_matching=False)
        catalogo.obsolete.clear()
        cambios["escritos"] += _escribir(ruta, catalogo)
    carpeta = CATALOGOS / DESTINO / "LC_MESSAGES"
    for ruta in sorted(carpeta.rglob("*.po")):
        dominio = ruta.relative_to(carpeta).with_suffix("").as_posix()
        if dominio not in plantillas:
            ruta.unlink()
            ruta.with_suffix(".mo").unlink(missing_ok=True)
            cambios["borrados"] += 1
    return cambios


def estado_de_catalogos() -> list[dict]:
    """Por catálogo: mensajes, traducidos, sin traducir y dudosos (con sus textos)."""
    carpeta = CATALOGOS / DESTINO / "LC_MESSAGES"
    estado = []
    for ruta in sorted(carpeta.rglob("*.po")):
        catalogo = _leer(ruta)
        mensajes = [m for m in catalogo if m.id]
        estado.append(
            {
                "catalogo": ruta.relative_to(RAIZ).as_posix(),
                "mensajes": len(mensajes),
                "sin_traducir": [m.id for m in mensajes if not m.string],
                "dudosos": [m.id for m in mensajes if m.string and m.fuzzy],
            }
        )
    return estado


def _informe(estado: list[dict]) -> int:
    """Imprime el estado de los catálogos; devuelve cuántos mensajes faltan."""
    total = pendientes = 0
    for e in estado:
        total += e["mensajes"]
        faltan = len(e["sin_traducir"]) + len(e["dudosos"])
        pendientes += faltan
        if not faltan:
            continue
        print(
            f"{e['catalogo']}: {len(e['sin_traducir'])} sin traducir, "
            f"{len(e['dudosos'])} dudosos (fuzzy)"
        )
        for tipo, lista in (
            ("sin traducir", e["sin_traducir"]),
            ("fuzzy", e["dudosos"]),
        ):
            for mensaje in lista:
                print(f"    [{tipo}] {mensaje[:100]!r}")
    print(
        f"{len(estado)} catálogos, {total} mensajes: "
        f"{total - pendientes} traducidos, {pendientes} pendientes."
    )
    return pendientes


if __name__ == "__main__":
    # python docs/_ext/traduccion.py CARPETA_POT: lo que hace «tareas.py traducir»
    # tras el constructor gettext.
    import sys

    cambios = actualizar_catalogos(Path(sys.argv[1]))
    print(
        f"Catálogos actualizados: {cambios['escritos']} reescritos, "
        f"{cambios['borrados']} borrados (páginas que ya no existen)."
    )
    _informe(estado_de_catalogos())
