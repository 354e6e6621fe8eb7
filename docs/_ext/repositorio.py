"""Enlaces al repositorio en cada página: «Editar esta página» e «Informar de un error».

Solo si la variable de entorno ``RNNBOOK_REPOSITORIO=propietario/nombre`` está
definida (el flujo de publicación la toma del repositorio de GitHub; se lee y
valida en un solo sitio, la opción ``rnnbook_repositorio`` de
``docs/_ext/descargas.py``); sin ella no aparece ningún botón, y ningún enlace
queda roto.

Los botones del tema (``use_edit_page_button``…) no sirven tal cual: sus textos
están en inglés o traducidos a medias, el informe de error llega con un cuerpo
en inglés y «editar» apuntaría a los archivos que genera sphinx-gallery
(``docs/galeria/…``) en vez de al script que hay que cambiar (``gallery/…``).
Aquí se añade al encabezado un grupo propio, con la misma apariencia:

- «Repositorio»: la portada del repositorio;
- «Editar esta página»: el archivo fuente que produce la página (capítulo
  MyST, script de la galería o su cabecera); las páginas generadas (índices,
  búsqueda, código de los módulos) no lo tienen;
- «Informar de un error»: un *issue* nuevo con el título y el cuerpo en
  español que nombran la página.

La rama que se edita es ``RNNBOOK_RAMA`` (por defecto ``main``).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote, urlencode

from traduccion import _

#: Páginas que sphinx-gallery escribe por su cuenta (no hay fuente que editar).
_GENERADAS = {"sg_execution_times", "sg_api_usage"}


def archivo_fuente(app, pagename: str) -> str | None:
    """Ruta, desde la raíz del repositorio, del archivo que produce ``pagename``."""
    env = app.builder.env
    if pagename not in env.all_docs:
        return None  # genindex, search, _modules/… (viewcode)
    fuente = Path(env.doc2path(pagename)).resolve()
    raiz = Path(app.confdir).resolve()
    conf = app.config.sphinx_gallery_conf
    if fuente.stem in _GENERADAS:
        return None
    for origenes, destino in zip(conf["examples_dirs"], conf["gallery_dirs"]):
        generadas = (Path(app.srcdir) / destino).resolve()
        if generadas in fuente.parents:
            relativa = fuente.relative_to(generadas)
            scripts = (Path(app.srcdir) / origenes).resolve() / relativa.parent
            if relativa.name == "index.rst":
                candidata = scripts / "GALLERY_HEADER.rst"
            else:
                candidata = scripts / (relativa.stem + ".py")
            return (
                candidata.relative_to(raiz).as_posix() if candidata.is_file() else None
            )
    if "gen_modules" in fuente.parts or fuente.stem in _GENERADAS:
        return None  # páginas que escribe sphinx-gallery
    return fuente.relative_to(raiz).as_posix()


def _botones(app, pagename, templatename, context, doctree) -> None:
    repo = app.config.rnnbook_repositorio
    if repo is None or "header_buttons" not in context:
        return
    rama = os.environ.get("RNNBOOK_RAMA", "main")
    base = f"https://github.com/{repo}"
    # La edición inglesa (docs/_ext/traduccion.py) se publica en en/.
    edicion = "" if (app.config.language or "es") == "es" else f"{app.config.language}/"
    pagina = f"/{edicion}{pagename}.html"
    consulta = urlencode(
        {
            "title": _("Error en la página {pagina}").format(pagina=pagina),
            "body": _(
                "Página: {pagina}\n\n"
                "Qué esperabas ver:\n\n"
                "Qué ves en su lugar (copia el texto o adjunta una captura):\n"
            ).format(pagina=pagina),
        },
        quote_via=quote,
    )
    botones = [
        {
            "type": "link",
            "url": base,
            "tooltip": _("Repositorio del libro"),
            "text": _("Repositorio"),
            "icon": "fab fa-github",
            "label": "repositorio",
        }
    ]
    ruta = archivo_fuente(app, pagename)
    if ruta:
        botones.append(
            {
                "type": "link",
                "url": f"{base}/edit/{rama}/{ruta}",
                "tooltip": _("Editar {ruta} en GitHub").format(ruta=ruta),
                "text": _("Editar esta página"),
                "icon": "fas fa-pencil-alt",
                "label": "editar-pagina",
            }
        )
    botones.append(
        {
            "type": "link",
            "url": f"{base}/issues/new?{consulta}",
            "tooltip": _("Abrir un informe de error sobre esta página"),
            "text": _("Informar de un error"),
            "icon": "fas fa-bug",
            "label": "informar-error",
        }
    )
    context["header_buttons"].append(
        {
            "type": "group",
            "tooltip": _("Repositorio: editar o informar de un error"),
            "icon": "fab fa-github",
            "buttons": botones,
            "label": "repositorio",
        }
    )


_SELLO = ".rnnbook-repositorio"


def _comprobar(app) -> None:
    """Si el repositorio cambió desde la última construcción, las páginas de código
    (viewcode, que solo se reescriben si cambia su módulo) se vuelven a escribir; las
    demás ya se releen porque ``rnnbook_repositorio`` es una opción de Sphinx."""
    actual = app.config.rnnbook_repositorio or ""
    sello = Path(app.outdir) / _SELLO
    anterior = sello.read_text().strip() if sello.is_file() else None
    if anterior is not None and anterior != actual:
        import shutil

        shutil.rmtree(Path(app.outdir) / "_modules", ignore_errors=True)
    Path(app.outdir).mkdir(parents=True, exist_ok=True)
    sello.write_text(actual + "\n")


def setup(app):
    # La configuración de la publicación (RNNBOOK_REPOSITORIO, validada) es una sola,
    # la de docs/_ext/descargas.py.
    app.setup_extension("descargas")
    app.connect("builder-inited", _comprobar)
    # Después del tema (501), que prepara ``header_buttons``.
    app.connect("html-page-context", _botones, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
