"""MathJax servido desde el propio sitio: el libro compone sus fórmulas sin red.

El paquete ``django-static-mathjax`` (dependencia del extra ``docs``) trae
MathJax 3 completo. Al terminar la construcción HTML se copia al sitio
(``_static/mathjax/``) solo lo que ``tex-mml-chtml.js`` carga: el componente,
las fuentes WOFF, las extensiones de TeX, el menú y la accesibilidad (con su
motor de voz, ``sre``), y la licencia. Así el sitio descargado, abierto desde
el disco en un aula sin internet, muestra las ecuaciones, y la construcción
tampoco necesita red.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.errors import ExtensionError

#: Ruta de MathJax dentro de ``_static`` (``mathjax_path`` es relativa a esa carpeta).
RUTA = "mathjax/tex-mml-chtml.js"
#: Lo que se copia de ``es5/`` (el resto son otras combinaciones de componentes).
PIEZAS = (
    "tex-mml-chtml.js",
    "output/chtml/fonts/woff-v2",
    "input",
    "a11y",
    "ui",
    "sre",
)


def carpeta_mathjax() -> Path:
    """Carpeta ``es5`` de MathJax 3 instalada con ``django-static-mathjax``."""
    try:
        import mathjax
    except ImportError as e:  # pragma: no cover - depende del entorno
        raise ExtensionError(
            "Falta MathJax local: instala el extra de documentación "
            "(pip install -e '.[docs]'), que incluye django-static-mathjax."
        ) from e
    raiz = Path(mathjax.__file__).parent / "static" / "mathjax"
    es5 = raiz / "es5"
    if not (es5 / PIEZAS[0]).is_file():  # pragma: no cover
        raise ExtensionError(f"MathJax incompleto: no existe {es5 / PIEZAS[0]}.")
    return es5


def _fijar_ruta(app) -> None:
    if app.builder.format == "html":
        app.config.mathjax_path = RUTA
        carpeta_mathjax()  # falla pronto si no está instalado


def _copiar(app, excepcion) -> None:
    if excepcion is not None or app.builder.format != "html":
        return
    es5 = carpeta_mathjax()
    destino = Path(app.outdir) / "_static" / "mathjax"
    for pieza in PIEZAS:
        origen, final = es5 / pieza, destino / pieza
        if origen.is_dir():
            shutil.copytree(origen, final, dirs_exist_ok=True)
        else:
            final.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origen, final)
    shutil.copy2(es5.parent / "LICENSE", destino / "LICENSE")


def setup(app):
    app.connect("builder-inited", _fijar_ruta)
    app.connect("build-finished", _copiar)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
