"""Extensión local de Sphinx: un libro accesible (WCAG 2.1, niveles A y AA) y sin red.

``tests/test_navegador.py`` pasa axe-core por todas las páginas del libro. Lo que
encontraba venía de piezas ajenas (el tema, sphinx-gallery, MyST, docutils) y se
corrige aquí, en el HTML que escribe Sphinx, sin tocar esas piezas:

- **Casillas de la lista de comprobación** (``- [ ]`` de MyST, ``tasklist``): la
  casilla no tenía etiqueta. Ahora la casilla y el texto de su punto van dentro
  de un ``<label>``, y el texto es su nombre accesible.
- **Bibliografía** (sphinxcontrib-bibtex escribe nodos ``citation`` de docutils):
  cada referencia llevaba ``role="doc-biblioentry"``, papel que DPUB-ARIA 1.1 da
  por obsoleto, dentro de un ``role="list"`` que por eso quedaba sin elementos de
  lista. Ahora cada referencia es un ``role="listitem"``.
- **Miniaturas de la galería**: sphinx-gallery oculta con ``display: none`` el
  texto del enlace que cubre la miniatura, que así no tenía nombre. La hoja de
  estilo del libro (``rnnbook.css``) lo oculta solo a la vista; el título
  visible, que lo repite, se oculta aquí a los lectores de pantalla
  (``aria-hidden``) para que no lo lean dos veces.
- **Índice lateral**: el botón que despliega las secciones de un capítulo (un
  ``<summary>`` con solo un icono) recibe un nombre, «Secciones de «…»».
- **Regiones desplazables**: las tablas y fórmulas anchas se desplazan dentro de
  su caja, y hay que poder desplazarlas con el teclado. Que una caja se desplace
  o no depende del ancho de la ventana, así que lo decide en el navegador
  ``_static/accesibilidad.js`` (que esta extensión añade a cada página), como ya
  hace el tema con sus propias cajas.

El botón de búsqueda del tema se sustituye por una plantilla
(``docs/_templates/search-button-field.html``) y los colores con poco contraste
se corrigen en ``rnnbook.css``.

Además, sin red: sphinx-gallery añade a sus páginas de tiempos de ejecución
(``sg_execution_times``) jQuery y DataTables desde una CDN, que sin internet
fallan y llenan la consola de errores. Se quitan esos scripts externos; la tabla
se ve igual, solo que sin ordenar con un clic.
"""

from __future__ import annotations

import html
import re
from functools import wraps

from docutils import nodes
from docutils.writers._html_base import HTMLTranslator
from traduccion import _

# Un punto de una lista de tareas de MyST empieza con esta casilla (HTML en bruto).
_CASILLA = '<input class="task-list-item-checkbox"'
_TITULO_MINIATURA = '<div class="sphx-glr-thumbnail-title">'
# <script src="https://…"> o <link href="https://…">: recursos fuera del sitio.
_RECURSO_EXTERNO = re.compile(r'<(?:script|link)\b[^>]*\b(?:src|href)="(?:https?:)?//')
# En el índice lateral: el enlace a un capítulo seguido de su desplegable vacío.
_DESPLEGABLE = re.compile(
    r"(<a\b[^>]*>(?P<texto>(?:(?!<a\b|</a>).)*)</a>\s*<details(?:\s[^>]*)?>\s*)"
    r"<summary>",
    re.S,
)


def _doctree_resuelto(app, doctree, docname) -> None:
    if app.builder.format != "html":
        return
    for crudo in list(doctree.findall(nodes.raw)):
        if "html" not in crudo.get("format", "").split():
            continue
        texto = crudo.astext()
        if texto.startswith(_CASILLA) and isinstance(crudo.parent, nodes.paragraph):
            # <label><input …> texto del punto</label>: la etiqueta envuelve la casilla.
            parrafo = crudo.parent
            crudo.replace_self(nodes.raw("", "<label>" + texto, format="html"))
            parrafo.append(nodes.raw("", "</label>", format="html"))
        elif _TITULO_MINIATURA in texto:
            crudo.replace_self(
                nodes.raw(
                    "",
                    texto.replace(
                        _TITULO_MINIATURA,
                        '<div class="sphx-glr-thumbnail-title" aria-hidden="true">',
                    ),
                    format="html",
                )
            )
        elif _RECURSO_EXTERNO.search(texto):
            crudo.parent.remove(crudo)


def _visitar_cita(self, node) -> None:
    """Como docutils, pero cada referencia es un elemento de la lista que la envuelve."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(
        self.starttag(node, "div", classes=[node.tagname], role="listitem")
    )


def _nombrar_desplegables(html_indice: str) -> str:
    """Da a cada ``<summary>`` sin texto del índice el nombre de su capítulo."""

    def nombrar(m: re.Match) -> str:
        titulo = html.unescape(re.sub(r"<[^>]+>", "", m["texto"])).strip()
        nombre = html.escape(
            _("Secciones de «{titulo}»").format(titulo=titulo), quote=True
        )
        return f'{m[1]}<summary aria-label="{nombre}">'

    return _DESPLEGABLE.sub(nombrar, html_indice)


def _contexto_de_pagina(app, pagename, templatename, context, doctree) -> None:
    # pydata-sphinx-theme pone en el contexto la función que escribe el índice.
    original = context.get("generate_toctree_html")
    if original is None:
        return

    @wraps(original)
    def generar(*args, **kwargs):
        return _nombrar_desplegables(str(original(*args, **kwargs)))

    context["generate_toctree_html"] = generar


def setup(app):
    app.connect("doctree-resolved", _doctree_resuelto)
    app.add_node(
        nodes.citation,
        override=True,
        html=(_visitar_cita, HTMLTranslator.depart_citation),
    )
    # Después del tema (prioridad 500), que define generate_toctree_html.
    app.connect("html-page-context", _contexto_de_pagina, priority=900)
    app.add_js_file("accesibilidad.js", loading_method="defer")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
