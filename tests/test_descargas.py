"""Las descargas de la galería se leen fuera del libro (docs/_ext/descargas.py).

Primero, las funciones de la extensión una a una: cada rol, directiva y caja
de reST pasa a Markdown; la primera celda instala solo lo que falta, con y sin
repositorio; el botón de Colab aparece solo con repositorio. Después, si el
libro está construido, **todos** los cuadernos y scripts descargables (en
``docs/galeria``, en ``_build/html/_downloads`` y dentro de cada ``.zip``): sin
sintaxis de reST, sin textos fijos de sphinx-gallery en inglés, con su primera
celda, la GPU donde toca y la fecha de su script fuente.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest
from conftest import RAIZ

sys.path.insert(0, str(RAIZ / "docs" / "_ext"))
import descargas as d

GALERIA = RAIZ / "gallery"
GENERADA = RAIZ / "docs" / "galeria"
EJEMPLOS = sorted(GALERIA.glob("*/plot_*.py"))
BASE = "https://prueba.github.io/rnnbook/"

ROL = re.compile(r":[A-Za-z][\w:+.-]*:`")
DIRECTIVA = re.compile(r"^[ \t]*(?:#[ \t]*)?\.\.[ \t]+[\w:.+-]+::", re.M)
INGLES = re.compile(
    r"<h4>|alert alert-|\b(?:Note|Warning|Download|Go to the end|Gallery generated"
    r"|Total running time)\b"
)


# ------------------------------------------------------------------ destinos falsos
def _resolver(tipo: str, destino: str) -> d.Destino | None:
    """Un libro en miniatura: lo que devolvería el entorno de Sphinx."""
    objetos = {
        "rnnbook.CeldaRNN": "api.html#rnnbook.CeldaRNN",
        "rnnbook.CeldaRNN.forward_step": "api.html#rnnbook.CeldaRNN.forward_step",
        "rnnbook.entrenar": "api.html#rnnbook.entrenar",
    }
    if tipo == "py" and destino in objetos:
        return d.Destino(objetos[destino])
    if tipo == "doc" and destino == "galeria/parte1_rnn/plot_03_bptt":
        return d.Destino(f"{destino}.html", titulo="Retropropagación (BPTT)")
    if tipo == "ref" and destino == "ejercicio-b2":
        return d.Destino("ejercicios.html#ejercicio-b2", titulo="B2 · El signo")
    if tipo == "cite" and destino == "pascanu2013difficulty":
        return d.Destino("bibliografia.html#id6", autores="Pascanu et al.", anio="2013")
    return None


def _md(texto: str, *, url: str | None = BASE, formato: str = "cuaderno") -> str:
    convertidor = d.ReSTaMarkdown(
        _resolver, url, formato, "galeria/parte1_rnn/plot_01_celda_rnn"
    )
    return convertidor.convertir(texto)


# ------------------------------------------------------------------------ roles
@pytest.mark.parametrize(
    ("rest", "markdown"),
    [
        (
            ":class:`rnnbook.CeldaRNN`",
            f"[`rnnbook.CeldaRNN`]({BASE}api.html#rnnbook.CeldaRNN)",
        ),
        (
            ":meth:`~rnnbook.CeldaRNN.forward_step`",
            f"[`forward_step()`]({BASE}api.html#rnnbook.CeldaRNN.forward_step)",
        ),
        (
            ":func:`rnnbook.entrenar`",
            f"[`rnnbook.entrenar()`]({BASE}api.html#rnnbook.entrenar)",
        ),
        (
            ":py:func:`entrenar con todo <rnnbook.entrenar>`",
            f"[`entrenar con todo`]({BASE}api.html#rnnbook.entrenar)",
        ),
        (":func:`!rnnbook.entrenar`", "`rnnbook.entrenar()`"),
        (":mod:`tracemalloc`", "`tracemalloc`"),
        (":func:`~rnnbook.no_existe`", "`no_existe()`"),
        (
            ":doc:`plot_03_bptt`",
            f"[Retropropagación (BPTT)]({BASE}galeria/parte1_rnn/plot_03_bptt.html)",
        ),
        (
            ":doc:`la BPTT <../parte1_rnn/plot_03_bptt>`",
            f"[la BPTT]({BASE}galeria/parte1_rnn/plot_03_bptt.html)",
        ),
        (":doc:`no_existe`", "`no_existe`"),
        (":ref:`ejercicio-b2`", f"[B2 · El signo]({BASE}ejercicios.html#ejercicio-b2)"),
        (
            ":ref:`ejercicio B2 <ejercicio-b2>`",
            f"[ejercicio B2]({BASE}ejercicios.html#ejercicio-b2)",
        ),
        (":ref:`otra-cosa`", "`otra-cosa`"),
        (
            ":cite:t:`pascanu2013difficulty`",
            f"[Pascanu et al. (2013)]({BASE}bibliografia.html#id6)",
        ),
        (
            ":cite:p:`pascanu2013difficulty`",
            f"([Pascanu et al., 2013]({BASE}bibliografia.html#id6))",
        ),
        (":cite:`desconocida2020`", "(`desconocida2020`)"),
        (":math:`h_{t-1}`", "$h_{t-1}$"),
        (":kbd:`Ctrl+C`", "`Ctrl+C`"),
        (
            ":abbr:`BPTT (retropropagación a través del tiempo)`",
            "BPTT (retropropagación a través del tiempo)",
        ),
        (":rol_inventado:`algo`", "`algo`"),
        ("``x = 1``", "`x = 1`"),
        (
            "`la guía <https://example.org/guia>`_",
            "[la guía](https://example.org/guia)",
        ),
        ("una palabra\\ s", "una palabras"),
    ],
)
def test_cada_rol_en_un_cuaderno(rest: str, markdown: str):
    assert _md(rest) == markdown + "\n"


def test_sin_direccion_del_libro_no_hay_enlaces():
    texto = ":class:`rnnbook.CeldaRNN`, :doc:`plot_03_bptt` y :ref:`otra`."
    assert _md(texto, url=None) == (
        "`rnnbook.CeldaRNN`, «Retropropagación (BPTT)» y `otra`.\n"
    )
    assert "](" not in _md(":cite:t:`pascanu2013difficulty`", url=None)


def test_en_el_script_los_objetos_son_codigo_y_las_paginas_llevan_su_direccion():
    texto = "Véase :doc:`plot_03_bptt` y :meth:`~rnnbook.CeldaRNN.forward_step`."
    assert _md(texto, formato="script") == (
        f"Véase «Retropropagación (BPTT)» ({BASE}galeria/parte1_rnn/plot_03_bptt.html)"
        " y `forward_step()`.\n"
    )


def test_sin_enlace_un_titulo_explicito_va_sin_comillas():
    assert _md(":ref:`ejercicio B2 <ejercicio-b2>`", url=None) == "ejercicio B2\n"
    assert _md(":ref:`ejercicio-b2`", url=None) == "«B2 · El signo»\n"


def test_rol_partido_en_dos_lineas():
    texto = "con :func:`entrenar con\n   todo <rnnbook.entrenar>` y ``un\nliteral``"
    assert _md(texto) == (
        f"con [`entrenar con todo`]({BASE}api.html#rnnbook.entrenar) y `un literal`\n"
    )


# ------------------------------------------------------------------- directivas
def test_matematicas_en_bloque():
    una = _md(".. math::\n\n   a_t = W x_t\n")
    assert una == "$$\na_t = W x_t\n$$\n"
    varias = _md(".. math::\n\n   a &= b \\\\\n   c &= d\n\n   e = f\n")
    assert varias == (
        "$$\n\\begin{aligned}\na &= b \\\\\nc &= d\n\\end{aligned}\n$$\n\n$$\ne = f\n$$\n"
    )
    assert "gathered" in _md(".. math:: a \\\\ b\n")
    # Dentro de una lista, con el contenido en la línea de la directiva.
    lista = _md("* Directa,\n\n  .. math:: y = f(x).\n\n* Recursiva.\n")
    assert lista == "* Directa,\n\n  $$\n  y = f(x).\n  $$\n\n* Recursiva.\n"


@pytest.mark.parametrize(
    ("directiva", "titulo"),
    [
        ("note", "Nota"),
        ("warning", "Advertencia"),
        ("tip", "Consejo"),
        ("important", "Importante"),
        ("seealso", "Véase también"),
    ],
)
def test_cajas_con_titulo_en_espanol(directiva: str, titulo: str):
    texto = (
        f".. {directiva}::\n   Usa :class:`rnnbook.CeldaRNN`\n   con cuidado.\n\nSigue."
    )
    assert _md(texto) == (
        f"> **{titulo}**\n>\n> Usa [`rnnbook.CeldaRNN`]({BASE}api.html#rnnbook.CeldaRNN)\n"
        "> con cuidado.\n\nSigue.\n"
    )


def test_caja_con_titulo_propio_y_version():
    assert _md(".. admonition:: Para saber más\n\n   Texto.\n") == (
        "> **Para saber más**\n>\n> Texto.\n"
    )
    assert _md(".. versionadded:: 0.2\n   Algo nuevo.\n").startswith(
        "> **Nuevo en la versión 0.2**"
    )


def test_codigo_literales_y_comentarios():
    assert _md(".. code-block:: bash\n\n   python -m rnnbook\n\nDespués.") == (
        "```bash\npython -m rnnbook\n```\n\nDespués.\n"
    )
    assert _md("Así::\n\n   x = 1\n") == "Así:\n\n```\nx = 1\n```\n"
    assert _md(
        "Antes.\n\n.. _etiqueta:\n\n.. un comentario\n   que sigue\n\nDespués."
    ) == ("Antes.\n\nDespués.\n")
    assert _md(".. toctree::\n   :hidden:\n\n   otra\n\nTexto.") == "Texto.\n"


def test_tablas_e_imagenes():
    tabla = ".. list-table::\n   :header-rows: 1\n\n   * - A\n     - B\n   * - ``1``\n     - 2 | 3\n"
    assert _md(tabla) == "| A | B |\n|---|---|\n| `1` | 2 \\| 3 |\n"
    assert _md(".. image:: https://example.org/a.png\n   :alt: Una figura\n") == (
        "![Una figura](https://example.org/a.png)\n"
    )
    assert _md(".. figure:: imagenes/local.png\n\n   La leyenda.\n") == (
        "*(Figura: La leyenda.)*\n\nLa leyenda.\n"
    )
    assert _md(".. rubric:: Un rótulo\n") == "**Un rótulo**\n"


def test_titulos_por_orden_de_aparicion():
    convertidor = d.ReSTaMarkdown(None, None, "cuaderno")
    assert convertidor.convertir("Título\n======\n\nTexto.") == "# Título\n\nTexto.\n"
    assert convertidor.convertir("Sección\n-------\n\nMás.") == "## Sección\n\nMás.\n"
    assert convertidor.convertir("Otra\n====\n") == "# Otra\n"
    # En el script, los títulos subrayados se quedan como están.
    script = d.ReSTaMarkdown(None, None, "script")
    assert script.convertir("Sección\n-------\n") == "Sección\n-------\n"


# ---------------------------------------------------- primera celda y botón de Colab
REQUISITOS = {"datos": ["statsmodels>=0.14"]}


def test_publicacion_desde_la_configuracion():
    vacia = d.Publicacion.crear()
    assert vacia.repositorio is None and vacia.url_libro is None
    assert vacia.url_colab("parte1_rnn/plot_01_celda_rnn.ipynb") is None
    pub = d.Publicacion.crear("prueba/rnnbook", commit="abc123")
    assert pub.url_libro == BASE and pub.rama == "cuadernos"
    assert pub.url_git == "git+https://github.com/prueba/rnnbook@abc123"
    assert pub.url_colab("parte1_rnn/plot_01_celda_rnn.ipynb") == (
        "https://colab.research.google.com/github/prueba/rnnbook/blob/cuadernos/"
        "parte1_rnn/plot_01_celda_rnn.ipynb"
    )
    assert d.Publicacion.crear("yo/yo.github.io").url_libro == "https://yo.github.io/"
    assert d.Publicacion.crear(url_libro="https://x.org/libro").url_libro == (
        "https://x.org/libro/"
    )
    assert (
        d.Publicacion.crear("a/b", rama="otra")
        .url_colab("c.ipynb")
        .endswith("/blob/otra/c.ipynb")
    )
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match="propietario/nombre"):
        d.Publicacion.crear("sin-barra")


def test_commit_de_las_variables_de_entorno():
    assert (
        d.commit_actual(RAIZ, {"RNNBOOK_COMMIT": "uno", "GITHUB_SHA": "dos"}) == "uno"
    )
    assert d.commit_actual(RAIZ, {"GITHUB_SHA": "dos"}) == "dos"


def _ejecutar_celda(codigo: str, monkeypatch) -> list[list[str]]:
    llamadas = []
    monkeypatch.setattr(subprocess, "run", lambda args, **kw: llamadas.append(args))
    exec(compile(codigo, "primera_celda", "exec"), {})
    return llamadas


def test_primera_celda_con_repositorio_instala_solo_si_falta(monkeypatch):
    pub = d.Publicacion.crear("prueba/rnnbook", commit="abc123")
    celda = d.primera_celda(pub, [], REQUISITOS)
    assert "pip install" in celda and "importlib.util.find_spec" in celda
    assert '"rnnbook @ git+https://github.com/prueba/rnnbook@abc123"' in celda
    assert "torch" not in celda and "statsmodels" not in celda
    assert _ejecutar_celda(celda, monkeypatch) == []  # rnnbook ya está instalado
    falta = celda.replace('"rnnbook": ', '"paquete_que_no_existe_rnnbook": ')
    (llamada,) = _ejecutar_celda(falta, monkeypatch)
    assert llamada[1:5] == ["-m", "pip", "install", "-q"]
    assert llamada[-1] == "rnnbook @ git+https://github.com/prueba/rnnbook@abc123"


def test_primera_celda_con_extras(monkeypatch):
    pub = d.Publicacion.crear("prueba/rnnbook", commit="abc123")
    celda = d.primera_celda(pub, ["datos"], REQUISITOS)
    assert '"rnnbook[datos] @ git+https://github.com/prueba/rnnbook@abc123"' in celda
    assert '"statsmodels": "statsmodels>=0.14"' in celda
    local = d.primera_celda(d.Publicacion.crear(), ["datos"], REQUISITOS)
    assert 'pip install -e ".[datos]"' in local and '"statsmodels"' in local


def test_primera_celda_sin_repositorio_explica_y_falla_en_espanol(monkeypatch):
    celda = d.primera_celda(d.Publicacion.crear(), [], REQUISITOS)
    assert "pip install -e ." in celda and "git+" not in celda
    assert _ejecutar_celda(celda, monkeypatch) == []
    falta = celda.replace('("rnnbook",)', '("paquete_que_no_existe_rnnbook",)')
    with pytest.raises(ModuleNotFoundError, match="Paquetes que faltan.*copia"):
        _ejecutar_celda(falta, monkeypatch)


@pytest.mark.parametrize("repositorio", [None, "prueba/rnnbook"])
def test_primera_celda_es_codigo_corto(repositorio):
    for extras in ([], ["datos"]):
        celda = d.primera_celda(
            d.Publicacion.crear(repositorio, commit="a" * 40), extras, REQUISITOS
        )
        ast.parse(celda)
        assert len(celda.splitlines()) <= 14
        assert all(
            len(linea) <= 88 for linea in celda.splitlines() if "git+" not in linea
        )


def test_boton_de_colab_solo_con_repositorio():
    ruta = "parte1_rnn/plot_01_celda_rnn.ipynb"
    con = d.html_ejecutar(ruta, d.Publicacion.crear("prueba/rnnbook"), [])
    assert re.search(
        r'<a class="boton-colab" href="https://colab\.research\.google\.com/github/'
        r'prueba/rnnbook/blob/cuadernos/parte1_rnn/plot_01_celda_rnn\.ipynb">'
        r"Abrir en Colab</a>",
        con,
    )
    sin = d.html_ejecutar(ruta, d.Publicacion.crear(), ["datos"])
    assert "boton-colab" not in sin and "href" not in sin
    assert "pip install -e &quot;.[datos]&quot;" in sin


# ------------------------------------------------------------ scripts y cuadernos
def _convertidor(formato: str) -> d.ReSTaMarkdown:
    return d.ReSTaMarkdown(_resolver, BASE, formato, "galeria/parte1_rnn/plot_x")


FUENTE = '''r"""
Título
======

Texto con :class:`rnnbook.CeldaRNN` y :math:`\\alpha`.
"""

# %%
# Sección
# -------
#
# .. note::
#    Una nota.
import numpy as np  # :func:`esto` es código y no se toca

# sphinx_gallery_start_ignore
registrar_medida("a", 1)
# sphinx_gallery_end_ignore
x = np.zeros(3)
'''


def test_script_descargable(tmp_path: Path):
    cabecera = d.cabecera_del_script(d.Publicacion.crear(), [])
    script = d.script_descargable(FUENTE, _convertidor("script"), cabecera)
    assert script.startswith(
        'r"""\nTítulo\n======\n\nTexto con `rnnbook.CeldaRNN` y $\\alpha$.\n"""'
    )
    assert "# Antes de ejecutarlo" in script and "pip install -e ." in script
    assert "# > **Nota**\n# >\n# > Una nota.\n" in script
    assert "registrar_medida" not in script
    # El código queda intacto y el script sigue siendo Python válido.
    assert "import numpy as np  # :func:`esto` es código y no se toca\n" in script
    assert "x = np.zeros(3)\n" in script
    ast.parse(script)


def test_docstring_con_escapes_de_python():
    """Un docstring sin ``r`` escribe ``\\\\``: el script conserva el texto que lee Python."""
    fuente = r'''"""
T
=

.. math::

   a \\\\ b \\alpha
"""
x = 1
'''
    script = d.script_descargable(fuente, _convertidor("script"))
    docstring = ast.get_docstring(ast.parse(script), clean=False)
    assert "$$\n\\begin{gathered}\na \\\\ b \\alpha\n\\end{gathered}\n$$" in docstring
    assert script.endswith("x = 1\n")


def test_cuaderno_con_primera_celda_y_gpu(tmp_path: Path):
    fuente = tmp_path / "plot_x.py"
    fuente.write_text(FUENTE, encoding="utf-8")
    nb = d.cuaderno(fuente, _convertidor("cuaderno"), "print('hola')", gpu=True)
    primera, titulo, *resto = nb["cells"]
    assert primera["metadata"]["tags"] == [d.MARCA_INSTALACION]
    assert "".join(titulo["source"]).startswith(
        "# Título\n\nTexto con [`rnnbook.CeldaRNN`]"
    )
    assert nb["metadata"]["accelerator"] == "GPU"
    assert nb["metadata"]["colab"] == {"gpuType": "T4"}
    codigo = "".join("".join(c["source"]) for c in resto if c["cell_type"] == "code")
    assert "registrar_medida" not in codigo and "x = np.zeros(3)" in codigo
    sin_gpu = d.cuaderno(fuente, _convertidor("cuaderno"), "pass")
    assert "accelerator" not in sin_gpu["metadata"]
    # Dos veces desde la misma fuente, el mismo cuaderno (la reescritura es idempotente).
    assert d.texto_del_cuaderno(sin_gpu) == d.texto_del_cuaderno(
        d.cuaderno(fuente, _convertidor("cuaderno"), "pass")
    )


def test_extras_de_cada_ejemplo():
    requisitos = d.extras_del_proyecto(RAIZ / "pyproject.toml")
    assert "statsmodels" in " ".join(requisitos["datos"])
    usos = d.usos_de_los_extras(requisitos, RAIZ / "rnnbook")
    assert {"statsmodels", "cargar_serie_elnino"} <= usos["datos"]
    con_extras = {
        p.relative_to(GALERIA).with_suffix("").as_posix()
        for p in EJEMPLOS
        if d.extras_del_ejemplo(
            d.sin_bloques_ocultos(p.read_text(encoding="utf-8")), usos
        )
    }
    assert con_extras == {"ejercicios_resueltos/plot_02_multipaso"}


def test_lista_de_gpu_nombra_ejemplos_que_existen():
    existentes = {p.relative_to(GALERIA).with_suffix("").as_posix() for p in EJEMPLOS}
    assert existentes >= d.EJEMPLOS_CON_GPU
    assert "parte1_rnn/plot_01_celda_rnn" not in d.EJEMPLOS_CON_GPU


def test_los_ejemplos_no_repiten_la_nota_de_instalacion():
    for ruta in EJEMPLOS:
        assert ".. note::" not in ruta.read_text(encoding="utf-8"), ruta.name


# ------------------------------------------------------------------ libro construido
def _texto_de_cuaderno(texto: str) -> tuple[dict, str]:
    nb = json.loads(texto)
    markdown = "\n".join(
        "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"
    )
    return nb, markdown


def _texto_de_script(texto: str) -> str:
    """El docstring y los comentarios de un script (su prosa)."""
    with warnings.catch_warnings():  # «\\e» en un docstring sin «r», como en la fuente
        warnings.simplefilter("ignore")
        modulo = ast.parse(texto)
    docstring = ast.get_docstring(modulo, clean=False) or ""
    comentarios = [
        linea.strip() for linea in texto.splitlines() if linea.lstrip().startswith("#")
    ]
    return docstring + "\n" + "\n".join(comentarios)


def _descargas(libro: Path) -> list[tuple[str, str]]:
    """``(nombre, contenido)`` de cada ``.py``/``.ipynb`` descargable, zips incluidos."""
    archivos = [
        *GENERADA.rglob("plot_*.py"),
        *GENERADA.rglob("plot_*.ipynb"),
        *libro.glob("_downloads/*/plot_*.py"),
        *libro.glob("_downloads/*/plot_*.ipynb"),
    ]
    salida = [(str(p), p.read_text(encoding="utf-8")) for p in archivos]
    for z in [*GENERADA.rglob("*.zip"), *libro.glob("_downloads/*/*.zip")]:
        with zipfile.ZipFile(z) as f:
            salida += [
                (f"{z}:{n}", f.read(n).decode("utf-8"))
                for n in f.namelist()
                if n.endswith((".py", ".ipynb"))
            ]
    return salida


def test_descargas_sin_rest_ni_ingles(libro_construido: Path):
    descargas = _descargas(libro_construido)
    assert len(descargas) >= 4 * len(EJEMPLOS), len(descargas)
    problemas = []
    for nombre, texto in descargas:
        if nombre.endswith(".ipynb"):
            nb, prosa = _texto_de_cuaderno(texto)
            todo = "\n".join("".join(c["source"]) for c in nb["cells"])
        else:
            prosa, todo = _texto_de_script(texto), texto
        for patron, que in ((ROL, "rol"), (DIRECTIVA, "directiva"), (INGLES, "inglés")):
            if m := patron.search(todo if que != "inglés" else prosa):
                problemas.append(f"{nombre}: {que} {m.group(0)!r}")
    assert not problemas, "\n".join(problemas)


def _repositorio_de(celda: str) -> str | None:
    m = re.search(r"git\+https://github\.com/([^/@\"]+/[^/@\"]+)", celda)
    return m.group(1) if m else None


def test_cuadernos_construidos(libro_construido: Path):
    repositorios = set()
    for ruta in sorted(GENERADA.glob("*/plot_*.ipynb")):
        relativa = ruta.relative_to(GENERADA).with_suffix("").as_posix()
        nb = json.loads(ruta.read_text(encoding="utf-8"))
        primera = nb["cells"][0]
        codigo = "".join(primera["source"])
        assert primera["cell_type"] == "code", relativa
        assert primera["metadata"].get("tags") == [d.MARCA_INSTALACION], relativa
        assert "importlib.util.find_spec" in codigo and "pip install" in codigo
        ast.parse(codigo)
        assert sum(d.MARCA_INSTALACION in str(c["metadata"]) for c in nb["cells"]) == 1
        repositorios.add(_repositorio_de(codigo))
        if _repositorio_de(codigo):
            assert re.search(r"^if faltan:\n    subprocess\.run\(", codigo, re.M)
        else:
            assert "raise ModuleNotFoundError" in codigo and "pip install -e" in codigo
        assert ("statsmodels" in codigo) == (
            relativa == "ejercicios_resueltos/plot_02_multipaso"
        )
        gpu = nb["metadata"].get("accelerator") == "GPU"
        assert gpu == (relativa in d.EJEMPLOS_CON_GPU), relativa
        if gpu:
            assert nb["metadata"]["colab"]["gpuType"] == "T4"
    assert len(repositorios) == 1, repositorios  # todos con la misma configuración
    if os.environ.get("RNNBOOK_REPOSITORIO"):
        assert repositorios == {os.environ["RNNBOOK_REPOSITORIO"]}


def test_scripts_construidos_dicen_como_instalar(libro_construido: Path):
    """Tras el docstring, el primer bloque de texto del script dice cómo instalar rnnbook."""
    for ruta in sorted(GENERADA.glob("*/plot_*.py")):
        texto = ruta.read_text(encoding="utf-8")
        fin = ast.parse(texto).body[0].end_lineno
        bloque = texto.splitlines()[fin:]
        assert bloque[:3] == ["", "# %%", "# Antes de ejecutarlo"], ruta
        cabecera = "\n".join(bloque[: bloque.index("", 1)])
        assert "pip install" in cabecera and "`rnnbook" in cabecera, ruta


def test_boton_de_colab_en_las_paginas(libro_construido: Path):
    """Botón en todas las páginas de ejemplo si los cuadernos son de un repositorio; si no, en ninguna."""
    for ruta in sorted(GENERADA.glob("*/plot_*.ipynb")):
        relativa = ruta.relative_to(GENERADA).with_suffix(".ipynb").as_posix()
        pagina = libro_construido / "galeria" / Path(relativa).with_suffix(".html")
        html = pagina.read_text(encoding="utf-8")
        celda = "".join(
            json.loads(ruta.read_text(encoding="utf-8"))["cells"][0]["source"]
        )
        repositorio = _repositorio_de(celda)
        botones = re.findall(r'<a class="boton-colab" href="([^"]+)">([^<]+)</a>', html)
        assert 'class="ejecutar-ejemplo"' in html, relativa
        if repositorio is None:
            assert not botones and "colab.research.google.com" not in html, relativa
            continue
        assert len(botones) == 1, relativa
        url, texto = botones[0]
        assert texto == "Abrir en Colab"
        assert re.fullmatch(
            rf"https://colab\.research\.google\.com/github/{re.escape(repositorio)}"
            rf"/blob/[\w./-]+/{re.escape(relativa)}",
            url,
        ), url
        # Cerca del principio: antes de la primera celda de código de la página.
        assert html.index("boton-colab") < html.index('class="highlight-Python'), (
            relativa
        )


def test_descargas_con_la_fecha_de_su_fuente(libro_construido: Path):
    """Con una fecha más nueva, Sphinx releería su página en cada construcción."""
    for fuente in EJEMPLOS:
        relativa = fuente.relative_to(GALERIA)
        for ruta in (GENERADA / relativa, (GENERADA / relativa).with_suffix(".ipynb")):
            assert ruta.stat().st_mtime_ns == fuente.stat().st_mtime_ns, ruta


def test_zips_con_las_descargas_de_las_paginas(libro_construido: Path):
    for z in sorted(GENERADA.rglob("*.zip")):
        with zipfile.ZipFile(z) as f:
            for nombre in f.namelist():
                if nombre.endswith((".py", ".ipynb")):
                    assert f.read(nombre) == (z.parent / nombre).read_bytes(), (
                        z,
                        nombre,
                    )


def test_los_enlaces_de_las_descargas_llevan_a_paginas_y_anclas_que_existen(
    libro_construido: Path,
):
    """Cada enlace al libro de cada descarga (también los cuadernos que se publican en
    la rama de Colab, después de construir el PDF con «singlehtml») abre una página del
    sitio HTML y, si lleva ancla, un elemento con ese ``id``."""
    publicacion = d.Publicacion.crear(
        os.environ.get("RNNBOOK_REPOSITORIO"), os.environ.get("RNNBOOK_URL_LIBRO")
    )
    if not publicacion.url_libro:
        pytest.skip("sin dirección del libro, las descargas no llevan enlaces")
    enlace = re.compile(re.escape(publicacion.url_libro) + r"([^)\s\"'>]*)")
    ids: dict[str, set[str]] = {}
    problemas, vistos = [], 0
    for nombre, texto in _descargas(libro_construido):
        for m in enlace.finditer(texto):
            vistos += 1
            ruta, _, ancla = m.group(1).partition("#")
            pagina = libro_construido / (ruta or "index.html")
            if "#" in ancla or not pagina.is_file():
                problemas.append(f"{nombre}: {m.group(0)}")
                continue
            if ancla:
                if ruta not in ids:
                    ids[ruta] = set(
                        re.findall(r'\bid="([^"]+)"', pagina.read_text("utf-8"))
                    )
                if ancla not in ids[ruta]:
                    problemas.append(f"{nombre}: ancla inexistente {m.group(0)}")
    assert vistos > 100, vistos
    assert not problemas, "\n".join(problemas[:20])
