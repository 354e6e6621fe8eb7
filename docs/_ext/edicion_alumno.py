"""Extensión local de Sphinx: la edición para el alumnado, sin soluciones.

``python3 tareas.py libro --edicion alumno`` construye, con las mismas fuentes y
la etiqueta de Sphinx ``-t alumno``, una copia del libro en ``_build/alumno/html``
para los cursos que califican los ejercicios y las preguntas de reflexión. Sin
esa etiqueta, esta extensión no quita nada: la edición completa no cambia.

Qué se quita, y cómo se marca en las fuentes (una sola convención: ``solucion``)
------------------------------------------------------------------------------
* Un bloque (párrafos, desplegables, incluso una sección con su ``toctree``)::

      :::{solucion}
      ...
      :::

  En la edición completa es un contenedor con la clase ``solucion`` y no cambia
  nada de lo que se ve; en la del alumnado la directiva ni siquiera lee su
  contenido, así que un ``toctree`` de documentos excluidos no avisa.
* Un trozo de párrafo, con un *span* de MyST: ``[**Solución:** {doc}`x`.]{.solucion}``.
* Las carpetas de la galería de :data:`CARPETAS_FUERA` (los ejercicios resueltos,
  por carpeta: un ejemplo nuevo en ella queda fuera sin tocar nada): sus páginas
  no se leen, sus miniaturas (índice de la galería y «Ejemplos que usan …» de la
  API) y sus filas de tiempos desaparecen, y las referencias a ellas que queden
  se convierten en texto sin enlace. Los ``.zip`` con todos los ejemplos se
  rehacen sin ellas en ``_build/alumno/descargas``.

Además: la portada lleva el aviso «Edición para el alumnado: sin soluciones» y
no enlaza el PDF (el PDF es el de la edición completa; el párrafo marcado con
``class="descarga-pdf"`` se quita).

La edición del alumnado **no ejecuta ningún ejemplo**: reutiliza las salidas de
``docs/galeria`` que dejó la edición completa, y se niega a construirse si no
están al día (ejecutarlos reescribiría los archivos de la edición completa).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.transforms import SphinxTransform
from sphinx.util import docname_join, logging
from sphinx.util.nodes import nested_parse_with_titles

logger = logging.getLogger(__name__)

#: Clase (y nombre de la directiva) de lo que no va en la edición del alumnado.
CLASE = "solucion"

#: Carpetas de ``gallery/`` que no van en la edición del alumnado.
CARPETAS_FUERA = ("ejercicios_resueltos",)

#: El aviso de la portada.
AVISO = "Edición para el alumnado: sin soluciones"


def es_edicion_alumno(config) -> bool:
    return bool(getattr(config, "edicion_alumno", False))


def _carpetas(config) -> tuple[str, ...]:
    return tuple(config.edicion_alumno_carpetas_fuera)


def documento_fuera(destino: str, config) -> bool:
    """¿``destino`` (un docname, con o sin ``/`` inicial) es de una carpeta quitada?

    >>> class C:
    ...     edicion_alumno_carpetas_fuera = ["ejercicios_resueltos"]
    >>> documento_fuera("/galeria/ejercicios_resueltos/plot_01_x", C)
    True
    >>> documento_fuera("galeria/parte1_rnn/plot_01_x", C)
    False
    """
    destino = destino.lstrip("/")
    return any(destino.startswith(f"galeria/{c}/") for c in _carpetas(config))


def etiqueta_fuera(etiqueta: str, config) -> bool:
    """¿Es ``etiqueta`` la de una página quitada (``sphx_glr_galeria_<carpeta>_…``)?"""
    return any(
        etiqueta.lower().startswith(f"sphx_glr_galeria_{c}_") for c in _carpetas(config)
    )


# --------------------------------------------------------------------- directiva
class Solucion(Directive):
    """``:::{solucion}`` — un bloque que la edición del alumnado no incluye."""

    has_content = True

    def run(self):
        config = self.state.document.settings.env.config
        if es_edicion_alumno(config):
            return []
        contenedor = nodes.container(classes=[CLASE])
        nested_parse_with_titles(self.state, self.content, contenedor)
        return [contenedor]


# ----------------------------------------------------------- filtro del árbol
def _referencia_fuera(nodo: addnodes.pending_xref, config) -> bool:
    destino = nodo.get("reftarget", "")
    if nodo.get("reftype") == "doc":
        # Relativo a la página que enlaza («../ejercicios_resueltos/plot_x»).
        return documento_fuera(docname_join(nodo.get("refdoc", ""), destino), config)
    if nodo.get("reftype") == "ref":
        return etiqueta_fuera(destino, config)
    return False


def _es_raw_con(nodo, texto: str) -> bool:
    return isinstance(nodo, nodes.raw) and texto in nodo.astext()


def _quitar_miniaturas(documento, config) -> None:
    """Quita las miniaturas de sphinx-gallery que llevan a páginas quitadas.

    Cada miniatura son tres nodos hermanos: ``raw`` (abre la caja), ``only`` (la
    imagen y la referencia) y ``raw`` (título y cierre). Si una sección o un bloque
    de miniaturas se queda sin ninguna, se quita también, con su encabezado.
    """
    quitadas: dict[int, nodes.Node] = {}
    for only in list(documento.findall(addnodes.only)):
        refs = list(only.findall(addnodes.pending_xref))
        if not refs or not all(_referencia_fuera(r, config) for r in refs):
            continue
        padre = only.parent
        i = padre.index(only)
        hermanos = [only]
        if i > 0 and _es_raw_con(padre[i - 1], "sphx-glr-thumbcontainer"):
            hermanos.insert(0, padre[i - 1])
        if i + 1 < len(padre) and _es_raw_con(padre[i + 1], "sphx-glr-thumbnail-title"):
            hermanos.append(padre[i + 1])
        quitadas[id(padre)] = padre
        for h in hermanos:
            padre.remove(h)
    for padre in quitadas.values():
        quedan = any(_es_raw_con(h, "sphx-glr-thumbcontainer") for h in padre.children)
        if quedan:
            continue
        if isinstance(padre, nodes.section) and not isinstance(
            padre.parent, (nodes.section, nodes.document)
        ):
            # «Ejemplos que usan …» de la API: su encabezado abre una sección dentro
            # de la descripción del objeto, que se traga lo que la sigue (los
            # métodos). Se quitan el encabezado y el bloque; lo demás se queda.
            _quitar_bloque_vacio(padre)
            for titulo in [h for h in padre.children if isinstance(h, nodes.title)]:
                padre.remove(titulo)
            padre.parent.replace(padre, list(padre.children))
            continue
        if isinstance(padre, nodes.section) and padre.parent is not None:
            # El pie con los .zip de toda la galería cuelga de la última sección.
            abuelo = padre.parent
            pies = [
                h
                for h in padre.children
                if isinstance(h, addnodes.only)
                and any(True for _ in h.findall(addnodes.download_reference))
            ]
            abuelo.remove(padre)
            for pie in pies:
                abuelo += pie
            continue
        # Un bloque de miniaturas vacío (el de «Ejemplos que usan …»): del encabezado
        # que lo precede al cierre del bloque.
        _quitar_bloque_vacio(padre)


def _quitar_bloque_vacio(padre) -> None:
    hijos = list(padre.children)
    for i, h in enumerate(hijos):
        if not _es_raw_con(h, 'class="sphx-glr-thumbnails"'):
            continue
        j = i + 1
        while j < len(hijos) and isinstance(hijos[j], nodes.comment):
            j += 1
        if j < len(hijos) and _es_raw_con(hijos[j], "</div>"):
            inicio = i
            if i > 0 and isinstance(hijos[i - 1], (nodes.rubric, nodes.title)):
                inicio = i - 1
            for n in hijos[inicio : j + 1]:
                padre.remove(n)


class QuitarSoluciones(SphinxTransform):
    """En la edición del alumnado, quita del árbol lo marcado y lo que lleva a ello."""

    default_priority = 200

    def apply(self, **kwargs) -> None:
        config = self.config
        if not es_edicion_alumno(config):
            return
        documento = self.document
        for nodo in list(documento.findall(nodes.Element)):
            if CLASE in nodo.get("classes", ()) and nodo.parent is not None:
                nodo.parent.remove(nodo)
        for nodo in list(documento.findall(nodes.raw)):
            if 'class="descarga-pdf"' in nodo.astext():
                nodo.parent.remove(nodo)
        _quitar_miniaturas(documento, config)
        # Filas de tablas (los tiempos de ejecución) de páginas quitadas.
        for fila in list(documento.findall(nodes.row)):
            if any(
                _referencia_fuera(r, config)
                for r in fila.findall(addnodes.pending_xref)
            ):
                fila.parent.remove(fila)
        # Los .zip con todos los ejemplos, sin los de las carpetas quitadas.
        for descarga in documento.findall(addnodes.download_reference):
            zip_alumno = _zips_alumno(self.app).get(
                Path(descarga["reftarget"]).name.lower()
            )
            if zip_alumno is not None:
                descarga["reftarget"] = "/" + zip_alumno
        if self.env.docname == config.root_doc:
            _poner_aviso(documento)


def _poner_aviso(documento) -> None:
    seccion = next(iter(documento.findall(nodes.section)), None)
    if seccion is None:
        return
    aviso = nodes.admonition(classes=["important", "edicion-alumno"])
    aviso += nodes.title(text=AVISO)
    aviso += nodes.paragraph(
        text=(
            "Esta edición no incluye las soluciones de los ejercicios ni las "
            "respuestas modelo de las preguntas de reflexión."
        )
    )
    titulo = next(iter(seccion.findall(nodes.title)), None)
    seccion.insert(seccion.index(titulo) + 1 if titulo is not None else 0, aviso)


def _referencia_a_texto(app, env, node, contnode):
    """Una referencia a una página quitada queda como su texto, sin enlace."""
    if es_edicion_alumno(app.config) and _referencia_fuera(node, app.config):
        return contnode
    return None


# ---------------------------------------------------------------- los .zip
def _carpeta_zips(app) -> Path:
    return Path(app.doctreedir).parent / "descargas"


def _zips_alumno(app) -> dict[str, str]:
    """{nombre del .zip: ruta relativa a ``srcdir`` de su versión sin soluciones}."""
    import os

    carpeta = _carpeta_zips(app)
    if not carpeta.is_dir():
        return {}
    return {
        z.name.lower(): os.path.relpath(z, app.srcdir).replace(os.sep, "/")
        for z in carpeta.glob("*.zip")
    }


def filtrar_zip(origen: Path, destino: Path, carpetas) -> bool:
    """Copia ``origen`` en ``destino`` sin los miembros de ``carpetas``.

    Los miembros conservan sus fechas y su orden, así que el resultado solo
    depende de ``origen``; se escribe solo si cambia. Devuelve si se escribió.
    """
    fuera = tuple(f"{c}/" for c in carpetas)
    temporal = destino.with_name(destino.name + ".nuevo")
    with zipfile.ZipFile(origen) as z, zipfile.ZipFile(temporal, "w") as nuevo:
        for info in z.infolist():
            if not info.filename.startswith(fuera):
                nuevo.writestr(info, z.read(info))
    if destino.is_file() and destino.read_bytes() == temporal.read_bytes():
        temporal.unlink()
        return False
    temporal.replace(destino)
    return True


def _galeria(config) -> dict | None:
    """La configuración de sphinx-gallery, o ``None`` en un proyecto sin galería."""
    try:
        return config.sphinx_gallery_conf
    except AttributeError:
        return None


def _escribir_zips(app) -> None:
    if not es_edicion_alumno(app.config) or _galeria(app.config) is None:
        return
    carpeta = _carpeta_zips(app)
    carpeta.mkdir(parents=True, exist_ok=True)
    for galeria in _galeria(app.config)["gallery_dirs"]:
        for origen in sorted((Path(app.srcdir) / galeria).glob("*.zip")):
            filtrar_zip(origen, carpeta / origen.name, _carpetas(app.config))


# ------------------------------------------------------- nada se vuelve a ejecutar
def ejemplos_pendientes(app) -> list[str]:
    """Ejemplos que sphinx-gallery ejecutaría en esta construcción."""
    import hashlib

    from galeria_incremental import NOMBRE_CLAVE, clave_del_paquete

    import rnnbook

    conf = app.config.sphinx_gallery_conf
    galeria = Path(app.srcdir) / conf["gallery_dirs"][0]
    clave = galeria / NOMBRE_CLAVE
    paquete = Path(rnnbook.__file__).resolve().parent
    if not clave.is_file() or clave.read_text().strip() != clave_del_paquete(paquete):
        return ["todos (el paquete rnnbook cambió desde la última ejecución)"]
    fuentes = (Path(app.srcdir) / conf["examples_dirs"][0]).resolve()
    patron = re.compile(conf["filename_pattern"])
    pendientes = []
    for script in sorted(fuentes.rglob("plot_*.py")):
        if not patron.search(str(script)):
            continue
        relativa = script.relative_to(fuentes)
        md5 = galeria / relativa.parent / (script.name + ".md5")
        actual = hashlib.md5(script.read_bytes()).hexdigest()
        if not md5.is_file() or md5.read_text().strip() != actual:
            pendientes.append(relativa.as_posix())
    return pendientes


def _comprobar_galeria(app) -> None:
    if not es_edicion_alumno(app.config) or _galeria(app.config) is None:
        return
    pendientes = ejemplos_pendientes(app)
    if pendientes:
        raise ExtensionError(
            "La edición para el alumnado reutiliza los ejemplos ya ejecutados por la "
            "edición completa y no ejecuta ninguno, pero estos no están al día: "
            f"{', '.join(pendientes)}. Construye antes la edición completa "
            "(python3 tareas.py libro --incremental)."
        )


def _configurar(app, config) -> None:
    if es_edicion_alumno(config):
        config.exclude_patterns = list(config.exclude_patterns) + [
            f"galeria/{c}/**" for c in _carpetas(config)
        ]


def setup(app):
    app.add_config_value("edicion_alumno", False, "env", types=(bool,))
    app.add_config_value(
        "edicion_alumno_carpetas_fuera", list(CARPETAS_FUERA), "env", types=(list,)
    )
    app.connect("config-inited", _configurar)
    app.add_directive(CLASE, Solucion)
    app.add_transform(QuitarSoluciones)
    app.connect("missing-reference", _referencia_a_texto)
    # Antes de galeria_incremental (400) y de sphinx-gallery (500), que ejecutarían.
    app.connect("builder-inited", _comprobar_galeria, priority=300)
    # Después de descargas.py (900), que rehace los .zip de docs/galeria.
    app.connect("builder-inited", _escribir_zips, priority=950)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
