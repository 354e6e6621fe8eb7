"""Extensión local de Sphinx: la ruta básica del laboratorio.

La guía dura de 3 a 4 horas; el libro tiene más páginas de las que caben en ese
tiempo. Cada página se clasifica aquí, en un solo sitio (:data:`RUTA`), como
**imprescindible** (la ruta básica, la que cabe en la sesión) o de
**ampliación**, con un tiempo estimado en minutos. La extensión

* pone bajo el título de cada página una etiqueta con su clase y su tiempo
  (evento ``doctree-read``: la etiqueta llega también al PDF);
* dibuja en la portada, con la directiva ``{ruta-basica}``, la ruta en el orden
  de lectura del libro (el de los ``toctree``) con el tiempo acumulado, y la
  lista de ampliaciones;
* avisa (un error con ``-W``) si una página del libro no está en :data:`RUTA` o
  si la ruta básica ya no cabe en :data:`DURACION_GUIA`.

Los tiempos son los de una persona que lee la página, ejecuta su código y
contesta sus preguntas; en las Partes 1 y 2 incluyen completar los esqueletos de
«Tu trabajo». No incluyen redactar el informe, que se entrega después.
"""

from __future__ import annotations

import fnmatch

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.util import logging
from traduccion import _

logger = logging.getLogger(__name__)

IMPRESCINDIBLE = "imprescindible"
AMPLIACION = "ampliación"

#: La sesión de la guía, en minutos (3–4 horas): la ruta básica debe caber.
DURACION_GUIA = (180, 240)

#: Página → (clase, minutos). El orden no importa: la ruta sigue los toctree.
RUTA: dict[str, tuple[str, int]] = {
    "index": (IMPRESCINDIBLE, 5),
    "introduccion": (IMPRESCINDIBLE, 10),
    "preguntas": (IMPRESCINDIBLE, 5),
    # Parte 1 · 45 min en la guía
    "parte1": (IMPRESCINDIBLE, 2),
    "galeria/parte1_rnn/plot_01_celda_rnn": (IMPRESCINDIBLE, 10),
    "galeria/parte1_rnn/plot_02_rnn_desenrollada": (IMPRESCINDIBLE, 8),
    "galeria/parte1_rnn/plot_03_bptt": (IMPRESCINDIBLE, 18),
    "galeria/parte1_rnn/plot_04_recorte_gradiente": (IMPRESCINDIBLE, 7),
    # Parte 2 · 45 min en la guía
    "parte2": (IMPRESCINDIBLE, 2),
    "galeria/parte2_gradiente_lstm/plot_01_flujo_gradiente": (IMPRESCINDIBLE, 8),
    "galeria/parte2_gradiente_lstm/plot_02_dependencias_largas": (IMPRESCINDIBLE, 7),
    "galeria/parte2_gradiente_lstm/plot_03_puertas_lstm": (IMPRESCINDIBLE, 8),
    "galeria/parte2_gradiente_lstm/plot_04_celda_lstm": (IMPRESCINDIBLE, 15),
    "galeria/parte2_gradiente_lstm/plot_05_celda_gru": (AMPLIACION, 15),
    "galeria/parte2_gradiente_lstm/plot_06_conteo_parametros": (IMPRESCINDIBLE, 5),
    "galeria/parte2_gradiente_lstm/plot_07_velocidad_numpy": (AMPLIACION, 10),
    # Parte 3 · 60 min en la guía
    "parte3": (IMPRESCINDIBLE, 2),
    "galeria/parte3_aplicaciones/plot_01_sentimiento": (IMPRESCINDIBLE, 15),
    "galeria/parte3_aplicaciones/plot_02_orden_importa": (AMPLIACION, 10),
    "galeria/parte3_aplicaciones/plot_03_series_tiempo": (IMPRESCINDIBLE, 15),
    "galeria/parte3_aplicaciones/plot_04_gru_vs_lstm": (IMPRESCINDIBLE, 10),
    "galeria/parte3_aplicaciones/plot_05_regularizacion": (IMPRESCINDIBLE, 15),
    # Parte 4 · 30 min en la guía, más el análisis de rendimiento
    "parte4": (IMPRESCINDIBLE, 2),
    "galeria/parte4_avanzadas/plot_01_bilstm": (IMPRESCINDIBLE, 8),
    "galeria/parte4_avanzadas/plot_02_lstm_apilado": (IMPRESCINDIBLE, 7),
    "galeria/parte4_avanzadas/plot_03_seq2seq": (IMPRESCINDIBLE, 13),
    "galeria/parte4_avanzadas/plot_04_atencion": (AMPLIACION, 15),
    "galeria/parte4_avanzadas/plot_05_benchmark": (IMPRESCINDIBLE, 10),
    # Consolidar
    "tu_trabajo": (IMPRESCINDIBLE, 5),
    "resumen_teorico": (AMPLIACION, 20),
    "ejercicios": (AMPLIACION, 10),
    "galeria/ejercicios_resueltos/plot_01_signo_suma": (AMPLIACION, 15),
    "galeria/ejercicios_resueltos/plot_02_multipaso": (AMPLIACION, 15),
    "galeria/ejercicios_resueltos/plot_03_incrustaciones": (AMPLIACION, 20),
    "galeria/ejercicios_resueltos/plot_04_cnn_vs_lstm": (AMPLIACION, 20),
    "galeria/ejercicios_resueltos/plot_05_bptt_truncada": (AMPLIACION, 20),
    "galeria/ejercicios_resueltos/plot_06_generacion_caracteres": (AMPLIACION, 25),
    "galeria/ejercicios_resueltos/plot_07_resumen_seq2seq": (AMPLIACION, 20),
    "galeria/ejercicios_resueltos/plot_08_atencion_sentimiento": (AMPLIACION, 20),
    "evaluacion": (IMPRESCINDIBLE, 5),
    "notas_finales": (AMPLIACION, 10),
    # Apéndices: se consultan cuando hacen falta
    "notas_guia": (AMPLIACION, 15),
    "glosario": (AMPLIACION, 5),
    "bibliografia": (AMPLIACION, 5),
    "api": (AMPLIACION, 5),
}

#: Páginas generadas que no son lectura: índices de la galería y tiempos.
SIN_ETIQUETA = ("galeria/index", "galeria/*/index", "*sg_execution_times")


def _con_etiqueta(docname: str) -> bool:
    return not any(fnmatch.fnmatchcase(docname, p) for p in SIN_ETIQUETA)


def texto_tiempo(minutos: int) -> str:
    """``95`` → ``"1 h 35 min"``; ``40`` → ``"40 min"``."""
    horas, resto = divmod(minutos, 60)
    if not horas:
        return f"{resto} min"
    return f"{horas} h" + (f" {resto:02d} min" if resto else "")


def _etiqueta(clase: str, minutos: int) -> nodes.container:
    caja = nodes.container(classes=["ruta-etiqueta", f"ruta-{_clase_css(clase)}"])
    parrafo = nodes.paragraph()
    if clase == IMPRESCINDIBLE:
        nombre = _("Imprescindible")
        resto = _(" · unos {minutos} min · parte de la ruta básica del laboratorio")
    else:
        nombre = _("Ampliación")
        resto = _(" · unos {minutos} min · fuera de la ruta básica")
    parrafo += nodes.strong(text=nombre)
    parrafo += nodes.Text(resto.format(minutos=minutos))
    caja += parrafo
    return caja


def _clase_css(clase: str) -> str:
    return "imprescindible" if clase == IMPRESCINDIBLE else "ampliacion"


def _poner_etiqueta(app, doctree) -> None:
    docname = app.env.docname
    if docname not in RUTA:
        return
    seccion = next(iter(doctree.findall(nodes.section)), None)
    if seccion is None or not seccion.children:
        return
    titulo = seccion.children[0]
    if not isinstance(titulo, nodes.title):
        return
    seccion.insert(1, _etiqueta(*RUTA[docname]))


def orden_de_lectura(env, raiz: str) -> list[str]:
    """Las páginas en el orden de los ``toctree``, desde ``raiz``, sin repetir."""
    orden: list[str] = []
    pila = [raiz]
    vistos: set[str] = set()
    while pila:
        doc = pila.pop()
        if doc in vistos:
            continue
        vistos.add(doc)
        orden.append(doc)
        pila.extend(reversed(env.toctree_includes.get(doc, [])))
    return orden


def _capitulos(env, raiz: str) -> dict[str, str]:
    """Página → capítulo al que pertenece (el hijo directo de ``raiz`` que la incluye)."""
    capitulo_de: dict[str, str] = {}
    for capitulo in env.toctree_includes.get(raiz, []):
        for doc in orden_de_lectura(env, capitulo):
            capitulo_de.setdefault(doc, capitulo)
    return capitulo_de


def _comprobar(app, env) -> None:
    for docname in sorted(env.found_docs):
        if _con_etiqueta(docname) and docname not in RUTA:
            logger.warning(
                "ruta: la página %r no está en RUTA (docs/_ext/ruta.py); "
                "clasifícala como imprescindible o ampliación, con sus minutos.",
                docname,
                location=docname,
            )
    if not app.tags.has("alumno"):
        for docname in RUTA:
            if docname not in env.found_docs:
                logger.warning(
                    "ruta: RUTA (docs/_ext/ruta.py) nombra %r, que no es una página "
                    "del libro.",
                    docname,
                )
    total = sum(
        m for d, (c, m) in RUTA.items() if c == IMPRESCINDIBLE and d in env.found_docs
    )
    minimo, maximo = DURACION_GUIA
    if not minimo <= total <= maximo:
        logger.warning(
            "ruta: la ruta básica suma %d min; debe caber en la sesión de la guía "
            "(%d–%d min).",
            total,
            minimo,
            maximo,
        )


class _marcador_ruta(nodes.General, nodes.Element):
    """Se sustituye por las tablas de la ruta cuando el entorno está completo."""


class RutaBasica(Directive):
    """``{ruta-basica}``: la ruta del laboratorio, en el orden del libro."""

    has_content = False

    def run(self):
        return [_marcador_ruta()]


def _tabla(filas: list[list[nodes.Node | str]], cabecera: list[str], clase: str):
    tabla = nodes.table(classes=["ruta-tabla", clase])
    grupo = nodes.tgroup(cols=len(cabecera))
    tabla += grupo
    for _columna in cabecera:
        grupo += nodes.colspec(colwidth=1)
    thead = nodes.thead()
    fila = nodes.row()
    for texto in cabecera:
        fila += nodes.entry("", nodes.paragraph(text=texto))
    thead += fila
    grupo += thead
    tbody = nodes.tbody()
    for celdas in filas:
        fila = nodes.row()
        for celda in celdas:
            contenido = celda if isinstance(celda, nodes.Node) else nodes.Text(celda)
            fila += nodes.entry("", nodes.paragraph("", "", contenido))
        tbody += fila
    grupo += tbody
    return tabla


def _enlace(app, desde: str, docname: str) -> nodes.reference:
    titulo = app.env.titles[docname].astext()
    uri = app.builder.get_relative_uri(desde, docname)
    return nodes.reference("", titulo, refuri=uri, internal=True)


def _dibujar_ruta(app, doctree, docname: str) -> None:
    marcadores = list(doctree.findall(_marcador_ruta))
    if not marcadores:
        return
    env = app.env
    orden = [d for d in orden_de_lectura(env, app.config.root_doc) if d in RUTA]
    basica = [d for d in orden if RUTA[d][0] == IMPRESCINDIBLE]
    ampliacion = [d for d in orden if RUTA[d][0] == AMPLIACION]
    filas, acumulado = [], 0
    for paso, doc in enumerate(basica, start=1):
        minutos = RUTA[doc][1]
        acumulado += minutos
        filas.append(
            [
                str(paso),
                _enlace(app, docname, doc),
                _("{minutos} min").format(minutos=minutos),
                texto_tiempo(acumulado),
            ]
        )
    total_ampliacion = sum(RUTA[d][1] for d in ampliacion)
    resumen = nodes.paragraph()
    resumen += nodes.Text(
        _(
            "La ruta básica tiene {paginas} páginas y unas {tiempo}: cabe en las "
            "3–4 horas de la guía. Las {ampliaciones} páginas de ampliación suman "
            "unas {tiempo_ampliacion} más; elígelas según tu interés o lo que pida "
            "tu curso."
        ).format(
            paginas=len(basica),
            tiempo=texto_tiempo(acumulado),
            ampliaciones=len(ampliacion),
            tiempo_ampliacion=texto_tiempo(total_ampliacion),
        )
    )
    # Las ampliaciones, agrupadas por el capítulo (hijo directo de la portada)
    # al que pertenecen.
    capitulo_de = _capitulos(env, app.config.root_doc)
    grupos: dict[str, list[str]] = {}
    for doc in ampliacion:
        grupos.setdefault(capitulo_de.get(doc, doc), []).append(doc)
    lista = nodes.bullet_list(classes=["ruta-lista-ampliacion"])
    for capitulo, docs in grupos.items():
        parrafo = nodes.paragraph()
        if docs != [capitulo]:
            parrafo += nodes.strong(text=f"{env.titles[capitulo].astext()}: ")
        for i, doc in enumerate(docs):
            if i:
                parrafo += nodes.Text(" · ")
            parrafo += _enlace(app, docname, doc)
            parrafo += nodes.Text(_(" ({minutos} min)").format(minutos=RUTA[doc][1]))
        lista += nodes.list_item("", parrafo)
    titulo_lista = nodes.paragraph()
    titulo_lista += nodes.strong(text=_("Ampliación, por capítulo:"))
    contenido = [
        resumen,
        _tabla(
            filas,
            [_("Paso"), _("Página"), _("Tiempo"), _("Acumulado")],
            "ruta-basica",
        ),
        titulo_lista,
        lista,
    ]
    for marcador in marcadores:
        marcador.replace_self(contenido)


def setup(app):
    app.add_node(_marcador_ruta)
    app.add_directive("ruta-basica", RutaBasica)
    app.connect("doctree-read", _poner_etiqueta)
    app.connect("env-check-consistency", _comprobar)
    app.connect("doctree-resolved", _dibujar_ruta)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
