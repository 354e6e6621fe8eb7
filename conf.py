"""Configuración de Sphinx para el libro *rnnbook*.

Se construye desde la raíz del repositorio con::

    sphinx-build -W --keep-going -c . docs _build/html

Un ejemplo de ``gallery/`` se ejecuta cuando cambia su script o cualquier
fuente del paquete ``rnnbook`` (docs/_ext/galeria_incremental.py), de modo que
un cambio en ``rnnbook`` siempre se refleja en las páginas y una reconstrucción
sin cambios no ejecuta nada.
"""

import os
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parent
sys.path.insert(0, str(RAIZ / "docs" / "_ext"))

# Los modelos del libro son pequeños: un hilo por proceso es tan rápido como
# varios, hace las cifras reproducibles y deja los núcleos para ejecutar dos
# ejemplos a la vez (``parallel`` más abajo).
os.environ.setdefault("OMP_NUM_THREADS", "1")

from libro_es import orden_de_lectura

import rnnbook

# Los ejemplos registran aquí sus cifras (rnnbook.libro.registrar_medida) y los
# capítulos las citan con el rol {medida}`clave` (véase docs/_ext/libro_es.py).
MEDIDAS = RAIZ / "docs" / "galeria" / "_medidas"
os.environ["RNNBOOK_MEDIDAS"] = str(MEDIDAS)

# -- Proyecto ----------------------------------------------------------------
# La edición inglesa (``-t en``, docs/_ext/traduccion.py) usa las mismas fuentes:
# el texto se traduce con los catálogos de locales/en/LC_MESSAGES.
ingles = tags.has("en")  # noqa: F821 (Sphinx define «tags» en conf.py)
language = "en" if ingles else "es"
project = (
    "Recurrent neural networks and LSTM"
    if ingles
    else "Redes neuronales recurrentes y LSTM"
)
author = "The rnnbook team" if ingles else "Equipo de rnnbook"
copyright = "2026, " + ("the rnnbook team" if ingles else "equipo de rnnbook")
release = rnnbook.__version__
version = release

# -- Extensiones -------------------------------------------------------------
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "sphinx_gallery.gen_gallery",
    "myst_parser",
    "sphinx_copybutton",
    "sphinxcontrib.bibtex",
    "libro_es",
    "mathjax_local",
    "galeria_incremental",
    "repositorio",
    "descargas",  # cuadernos y scripts descargables en Markdown; botón de Colab
    "libro_pdf",  # el libro en PDF (constructor singlehtml + Chromium)
    "accesibilidad",
    "ruta",  # imprescindible o ampliación, con su tiempo; la ruta en la portada
    "edicion_alumno",  # sin soluciones con -t alumno (tareas.py libro --edicion alumno)
    "traduccion",  # la edición inglesa: catálogos, cambio de idioma, hreflang
]

# -- Traducción (docs/_ext/traduccion.py) -----------------------------------
# Un catálogo por página (locales/en/LC_MESSAGES/<página>.po), sin números de
# línea ni identificadores: el mismo texto español da siempre el mismo catálogo.
locale_dirs = ["../locales"]  # relativa a docs/, la carpeta de las fuentes
gettext_compact = False
gettext_location = False
gettext_uuid = False
gettext_auto_build = True

# Edición para el alumnado (docs/_ext/edicion_alumno.py): mismas fuentes, sin las
# soluciones de los ejercicios ni las respuestas modelo.
edicion_alumno = tags.has("alumno")  # noqa: F821 (Sphinx define «tags» en conf.py)

# Sin red durante la construcción: intersphinx solo con inventarios locales (ninguno).
intersphinx_mapping = {}

root_doc = "index"
exclude_patterns = [
    "_build",
    "galeria/**/*.ipynb",
    "galeria/**/*.py",
    "galeria/**/*.zip",
    "galeria/**/*.json",
    "galeria/**/*.md5",
    "**.ipynb_checkpoints",
    "tu_trabajo/*.md",  # la plantilla del informe es una descarga, no una página
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
templates_path = ["docs/_templates"]

nitpicky = True
# Sin red no hay intersphinx: las referencias a NumPy, PyTorch o la biblioteca
# estándar no pueden resolverse, y los tipos de los docstrings se escriben en
# prosa española («ndarray de forma (N, D)»). Se comprueban con rigor todas las
# referencias a ``rnnbook.*``: esas deben existir.
nitpick_ignore_regex = [(r"py:.*", r"(?!rnnbook\.).*")]

# -- Autodoc y docstrings numpydoc (renderizados en español por napoleon) -----
autodoc_member_order = "bysource"
autodoc_typehints = "none"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_param = True
napoleon_use_rtype = True
napoleon_use_ivar = True
napoleon_preprocess_types = False

# -- MyST --------------------------------------------------------------------
myst_enable_extensions = [
    "dollarmath",
    "amsmath",
    "colon_fence",
    "deflist",
    "tasklist",
    "attrs_inline",
    "substitution",
]
myst_heading_anchors = 3

# -- Bibliografía -----------------------------------------------------------
bibtex_bibfiles = ["docs/referencias.bib"]
# «y» y «En» en vez de «and» e «In» (libro_es.py); la edición inglesa, el original
# con las notas de la bibliografía traducidas.
bibtex_default_style = "unsrt_en" if ingles else "unsrt_es"
bibtex_reference_style = "author_year"

# -- Galería (sphinx-gallery) ----------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": ["../gallery"],
    "gallery_dirs": ["galeria"],
    # RNNBOOK_GALERIA_FILTRO (expresión regular) ejecuta solo algunos ejemplos al
    # trabajar en una parte; la construcción completa los ejecuta todos.
    "filename_pattern": os.environ.get("RNNBOOK_GALERIA_FILTRO", r"/plot_"),
    "ignore_pattern": r"__init__\.py|/_",
    # El orden de lectura se escribe una vez, en los toctree de los capítulos.
    "subsection_order": [
        f"../gallery/{carpeta}"
        for _, carpeta in orden_de_lectura(RAIZ / "docs")
        if carpeta
    ],
    "within_subsection_order": "FileNameSortKey",
    # Un ejemplo se vuelve a ejecutar solo si cambió su script o el paquete
    # rnnbook (docs/_ext/galeria_incremental.py); la construcción limpia lo
    # ejecuta todo porque parte de cero.
    "run_stale_examples": False,
    "abort_on_example_error": True,
    "only_warn_on_example_error": False,
    "download_all_examples": True,
    "show_signature": False,
    "remove_config_comments": True,
    "capture_repr": ("_repr_html_", "__repr__"),
    "doc_module": ("rnnbook",),
    "backreferences_dir": "gen_modules/backreferences",
    "exclude_implicit_doc": {
        r"rnnbook\.(figuras\.(PALETA|nueva_figura|guardar_figura)|fijar_semilla|libro\..*)"
    },
    "show_memory": False,
    "plot_gallery": "True",
    "matplotlib_animations": False,
    "reset_modules_order": "both",
}
# Ejemplos ejecutados en paralelo (procesos independientes, un hilo cada uno).
sphinx_gallery_conf["parallel"] = int(
    os.environ.get("RNNBOOK_GALERIA_PARALELA", os.cpu_count() or 1)
)

# -- HTML --------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = project + (" (edición para el alumnado)" if edicion_alumno else "")
html_static_path = ["docs/_static"]
html_css_files = ["rnnbook.css", "impresion.css"]
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "show_navbar_depth": 1,
    "home_page_in_toc": True,
    "navigation_with_keys": False,
    # El enlace a la misma página en el otro idioma (docs/_ext/traduccion.py).
    "article_header_end": ["cambio-idioma.html", "article-header-buttons.html"],
}
html_search_language = language
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_exclude = ".linenos, .gp, .go"
# MathJax 3 servido desde el propio sitio (docs/_ext/mathjax_local.py): sin red al
# construir ni al leer. Sphinx 9 pediría MathJax 4, que no lee ``mathjax3_config``.
mathjax3_config = {"tex": {"tags": "ams"}}
# Icono propio: sin él el navegador pide /favicon.ico y la consola registra un 404.
html_favicon = "docs/_static/favicon.svg"
# Sin modo por defecto, el tema escribe «Got invalid theme mode» en la consola.
html_context = {"default_mode": "auto"}
# El tema no traduce «© Copyright …» ni «Search...»: texto propio.
html_show_copyright = False
html_theme_options.update(
    {
        "search_bar_text": "Search the book…" if ingles else "Buscar en el libro…",
        "extra_footer": f"<p>© {copyright}.</p>",
    }
)
