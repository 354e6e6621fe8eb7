"""La edición inglesa: el flujo del traductor (catálogos gettext de ``locales/en``).

- Cada catálogo ``locales/en/LC_MESSAGES/**/*.po`` se lee con babel, no tiene
  mensajes sin traducir, dudosos (*fuzzy*) ni obsoletos (``#~``) y ``msgfmt``
  lo acepta.
- El marcado sobrevive a la traducción: roles, enlaces, fórmulas, literales,
  negrita y salto de línea final (``traduccion.problemas_de_marcado``), y los
  ``{campos}`` de los textos de interfaz con formato.
- Pruebas unitarias de ``problemas_de_marcado`` y de ``no_traducible``.
- El catálogo de la interfaz tiene exactamente los ``_("…")`` de ``docs/_ext``.
- (lenta) Los catálogos están al día con las fuentes: el constructor gettext,
  como en ``python3 tareas.py traducir``, da los mismos mensajes y las mismas
  páginas que los catálogos guardados.
- La edición inglesa construida (``_build/html/en``) muestra la traducción.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import LIBRO, RAIZ, omitir_o_fallar
from docutils import nodes
from sphinx import addnodes

sys.path.insert(0, str(RAIZ / "docs" / "_ext"))
import traduccion

CARPETA = RAIZ / "locales" / "en" / "LC_MESSAGES"
CATALOGOS = sorted(CARPETA.rglob("*.po"))
INTERFAZ = CARPETA / "interfaz.po"
INGLES = LIBRO / "en"


def _dominio(ruta: Path) -> str:
    """``galeria/parte1_rnn/plot_01_celda_rnn`` para su ``.po``."""
    return ruta.relative_to(CARPETA).with_suffix("").as_posix()


def _leer(ruta: Path):
    with ruta.open("rb") as f:
        return read_po(f, locale="en", abort_invalid=True)


def _mensajes(catalogo) -> list:
    """Las entradas del catálogo, sin la cabecera."""
    return [m for m in catalogo if m.id]


def _pares(mensaje) -> list[tuple[str, str]]:
    """(original, traducción) de una entrada; varias si tiene plurales."""
    if isinstance(mensaje.id, str):
        return [(mensaje.id, mensaje.string or "")]
    return list(zip(mensaje.id, mensaje.string or ("",) * len(mensaje.id)))


def test_hay_catalogos():
    assert INTERFAZ in CATALOGOS
    assert len(CATALOGOS) > 50, f"solo {len(CATALOGOS)} catálogos en {CARPETA}"


# --------------------------------------------------------- catálogos completos
@pytest.mark.parametrize("ruta", CATALOGOS, ids=_dominio)
def test_catalogo_sin_pendientes(ruta: Path):
    """Nada sin traducir, nada dudoso, nada obsoleto."""
    catalogo = _leer(ruta)
    mensajes = _mensajes(catalogo)
    sin_traducir = [m.id for m in mensajes if not all(t for _o, t in _pares(m))]
    dudosos = [m.id for m in mensajes if m.fuzzy]
    obsoletos = list(catalogo.obsolete) or [
        linea
        for linea in ruta.read_text("utf-8").splitlines()
        if linea.startswith("#~")
    ]
    assert not catalogo.fuzzy, f"{ruta.name}: la cabecera está marcada fuzzy"
    assert not sin_traducir, f"{len(sin_traducir)} sin traducir: {sin_traducir[:5]}"
    assert not dudosos, f"{len(dudosos)} dudosos (fuzzy): {dudosos[:5]}"
    assert not obsoletos, f"entradas obsoletas (#~): {obsoletos[:5]}"


@pytest.mark.parametrize("ruta", CATALOGOS, ids=_dominio)
def test_msgfmt_acepta_el_catalogo(ruta: Path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        omitir_o_fallar("falta msgfmt (paquete gettext)")
    entorno = {**os.environ, "LC_ALL": "C", "LANG": "C", "LANGUAGE": ""}
    resultado = subprocess.run(
        [msgfmt, "--check-format", "--statistics", "-o", os.devnull, str(ruta)],
        capture_output=True,
        text=True,
        env=entorno,
    )
    salida = (resultado.stdout + resultado.stderr).strip()
    assert resultado.returncode == 0, salida
    estadistica = re.fullmatch(r"(\d+) translated messages?\.", salida)
    assert estadistica, f"msgfmt no cuenta todo como traducido: {salida!r}"
    assert int(estadistica[1]) == len(_mensajes(_leer(ruta))), salida


# ------------------------------------------------------- el marcado sobrevive
@pytest.mark.parametrize("ruta", CATALOGOS, ids=_dominio)
def test_marcado_intacto_en_las_traducciones(ruta: Path):
    rotos = []
    for mensaje in _mensajes(_leer(ruta)):
        for original, traduccion_ in _pares(mensaje):
            if problemas := traduccion.problemas_de_marcado(original, traduccion_):
                rotos.append(f"{original[:100]!r}: {'; '.join(problemas)}")
    assert not rotos, f"{len(rotos)} traducciones rompen el marcado:\n" + "\n".join(
        rotos
    )


def _campos(texto: str) -> list[str]:
    """Los ``{campos}`` de un texto con formato de ``str.format``."""
    return sorted(
        campo
        for _l, campo, _f, _c in string.Formatter().parse(texto)
        if campo is not None
    )


def test_campos_de_formato_de_la_interfaz():
    """``_("… {paquete} …").format(paquete=…)`` necesita los mismos campos en inglés."""
    con_formato = [
        m for m in _mensajes(_leer(INTERFAZ)) if "python-brace-format" in m.flags
    ]
    assert con_formato, "interfaz.po no tiene textos con {campos}"
    distintos = []
    for mensaje in con_formato:
        try:
            original, traducido = _campos(mensaje.id), _campos(mensaje.string)
        except ValueError as error:  # llaves sin cerrar
            distintos.append(f"{mensaje.string!r}: {error}")
            continue
        if original != traducido:
            distintos.append(f"{mensaje.id!r}: {original} → {traducido}")
    assert not distintos, "campos {…} distintos en interfaz.po:\n" + "\n".join(
        distintos
    )


# ----------------------------------------------- problemas_de_marcado, unitarias
ROTURAS = {
    "destino de un rol": (
        "Véase :func:`rnnbook.rnn.celda_rnn`.",
        "See :func:`rnnbook.rnn.celda_rnn`.",
        "See :func:`rnnbook.rnn.rnn_cell`.",
    ),
    "rol {medida} perdido": (
        "La pérdida final es {medida}`celda.perdida_final`.",
        "The final loss is {medida}`celda.perdida_final`.",
        "The final loss is 0.12.",
    ),
    ":math: cambiado": (
        "La celda calcula :math:`h_t = \\tanh(W x_t + b)`.",
        "The cell computes :math:`h_t = \\tanh(W x_t + b)`.",
        "The cell computes :math:`h_t = \\sigma(W x_t + b)`.",
    ),
    "$…$ cambiado": (
        "Con $T = 50$ pasos.",
        "With $T = 50$ steps.",
        "With $T = 100$ steps.",
    ),
    "literal ``…`` cambiado": (
        "Usa ``nn.LSTM(batch_first=True)``.",
        "Use ``nn.LSTM(batch_first=True)``.",
        "Use ``nn.LSTM(batch_first=False)``.",
    ),
    "literal ``…`` traducido": (
        "El argumento ``semilla``.",
        "The ``semilla`` argument.",
        "The ``seed`` argument.",
    ),
    "destino de un enlace [t](x)": (
        "Lee [la guía](https://pytorch.org/docs/).",
        "Read [the guide](https://pytorch.org/docs/).",
        "Read [the guide](https://pytorch.org/docs/stable/).",
    ),
    "destino de un enlace `t <x>`_": (
        "Lee `la guía <https://pytorch.org/docs/>`_.",
        "Read `the guide <https://pytorch.org/docs/>`_.",
        "Read `the guide <https://pytorch.org/tutorials/>`_.",
    ),
    "negrita ** sin cerrar": (
        "Una **red recurrente** guarda estado.",
        "A **recurrent network** keeps state.",
        "A **recurrent network keeps state.",
    ),
    "salto de linea final perdido": (
        "Primera línea\nsegunda línea\n",
        "First line\nsecond line\n",
        "First line\nsecond line",
    ),
}


@pytest.mark.parametrize(
    ("original", "bien", "mal"), ROTURAS.values(), ids=ROTURAS.keys()
)
def test_problemas_de_marcado_detecta_la_rotura(original, bien, mal):
    assert traduccion.problemas_de_marcado(original, bien) == []
    assert traduccion.problemas_de_marcado(original, mal) != []


@pytest.mark.parametrize(
    ("original", "traducido"),
    [
        (
            "Véase :ref:`la sección de BPTT <sec-bptt>`.",
            "See :ref:`the BPTT section <sec-bptt>`.",
        ),
        (
            "Véase {doc}`la celda LSTM <galeria/parte2/plot_04>`.",
            "See {doc}`the LSTM cell <galeria/parte2/plot_04>`.",
        ),
        (
            "La salida es :math:`y = \\text{salida}(h_T)`.",
            "The output is :math:`y = \\text{output}(h_T)`.",
        ),
        (
            "La pérdida $\\text{pérdida}(y, \\hat y)$ baja.",
            "The loss $\\text{loss}(y, \\hat y)$ goes down.",
        ),
    ],
    ids=["titulo de :ref:", "titulo de {doc}", "\\text en :math:", "\\text en $…$"],
)
def test_problemas_de_marcado_acepta_lo_traducible(original, traducido):
    assert traduccion.problemas_de_marcado(original, traducido) == []


def test_problemas_de_marcado_cambio_de_destino_de_referencia():
    """El título se traduce, el destino no."""
    problemas = traduccion.problemas_de_marcado(
        "Véase :ref:`la sección de BPTT <sec-bptt>`.",
        "See :ref:`the BPTT section <bptt-section>`.",
    )
    assert problemas and "roles" in problemas[0]


# ------------------------------------------------------ no_traducible, unitarias
def _parrafo(texto: str) -> nodes.paragraph:
    return nodes.paragraph(texto, texto)


@pytest.mark.parametrize(
    "texto",
    [
        "**Tiempo total de ejecución del script:** (0 minutos 1.234 segundos)",
        "**Total running time of the script:** (0 minutes 1.234 seconds)",
        ":download:`Descargar cuaderno Jupyter: plot_01_celda_rnn.ipynb "
        "<plot_01_celda_rnn.ipynb>`",
        "`Galería generada con Sphinx-Gallery <https://sphinx-gallery.github.io>`_",
        ":ref:`Ir al final <sphx_glr_download_galeria_parte1_rnn_plot_01.py>` "
        "para descargar el código completo.",
        ":doc:`parte1`",
        "{doc}`parte1`",
        "``rnnbook.rnn``",
    ],
)
def test_no_traducible_frases_fijas_y_sin_palabras(texto):
    assert traduccion.no_traducible(_parrafo(texto), "galeria/parte1_rnn/plot_01")


@pytest.mark.parametrize(
    "texto",
    [
        "Una red recurrente guarda un estado oculto.",
        "Véase :doc:`parte1` para la celda.",
        "Ejemplos de uso de la celda.",
    ],
)
def test_no_traducible_deja_la_prosa(texto):
    assert not traduccion.no_traducible(_parrafo(texto), "parte1")


@pytest.mark.parametrize(
    "pagina", ["sg_execution_times", "galeria/parte1_rnn/sg_execution_times"]
)
def test_no_traducible_tabla_de_tiempos(pagina):
    parrafo = _parrafo("Tiempo de ejecución de la galería: 1 minuto.")
    assert traduccion.no_traducible(parrafo, pagina)
    assert not traduccion.no_traducible(parrafo, "galeria/parte1_rnn/plot_01")


def test_no_traducible_formulas():
    sin_palabras = "h_t = \\tanh(W_{hh} h_{t-1} + W_{xh} x_t)"
    con_palabras = "\\text{pérdida} = -\\log p(y)"
    assert traduccion.no_traducible(nodes.math_block(sin_palabras, sin_palabras), "p")
    assert not traduccion.no_traducible(
        nodes.math_block(con_palabras, con_palabras), "p"
    )


def _nombre_de_campo(dentro_de_la_api: bool) -> nodes.field_name:
    nombre = nodes.field_name("Parámetros", "Parámetros")
    lista = nodes.field_list("", nodes.field("", nombre, nodes.field_body()))
    if dentro_de_la_api:
        addnodes.desc("", addnodes.desc_content("", lista))
    else:
        nodes.section("", lista)
    return nombre


def test_no_traducible_nombres_de_campo_de_la_api():
    assert traduccion.no_traducible(_nombre_de_campo(True), "api")
    assert not traduccion.no_traducible(_nombre_de_campo(False), "api")


def test_no_traducible_rubricas_fijas():
    assert traduccion.no_traducible(nodes.rubric("Notas", "Notas"), "api")
    assert not traduccion.no_traducible(
        nodes.rubric("Notas de la celda", "Notas de la celda"), "api"
    )


# ------------------------------------------------- la interfaz, en su catálogo
def test_catalogo_de_interfaz_completo():
    """Cada ``_("…")`` de ``docs/_ext`` está en ``interfaz.po``, y nada más."""
    en_el_codigo = set(traduccion.mensajes_de_interfaz())
    en_el_catalogo = {m.id for m in _mensajes(_leer(INTERFAZ))}
    assert en_el_codigo, "no se encontró ningún _(…) en docs/_ext"
    faltan = sorted(en_el_codigo - en_el_catalogo)
    sobran = sorted(en_el_catalogo - en_el_codigo)
    assert not faltan and not sobran, (
        f"interfaz.po no está al día (python3 tareas.py traducir): "
        f"faltan {faltan}, sobran {sobran}"
    )


# --------------------------------------------- catálogos al día con las fuentes
@pytest.mark.lento
def test_catalogos_al_dia_con_las_fuentes(libro_construido: Path, tmp_path: Path):
    """El constructor gettext (como ``tareas.py traducir``) da los mensajes guardados.

    Un texto español cambiado sin ``python3 tareas.py traducir`` deja su mensaje
    sin entrada en el catálogo (y la vieja sobrando); una página nueva o borrada,
    un catálogo de más o de menos.
    """
    sphinx_build = Path(sys.executable).parent / "sphinx-build"
    orden = (
        [str(sphinx_build)]
        if sphinx_build.is_file()
        else [sys.executable, "-m", "sphinx"]
    )
    pot = tmp_path / "pot"
    resultado = subprocess.run(
        [
            *orden,
            "-q",
            "-b",
            "gettext",
            "-t",
            "en",
            "-c",
            ".",
            "-d",
            str(tmp_path / "doctrees"),
            "docs",
            str(pot),
        ],  # fmt: skip
        cwd=RAIZ,
        capture_output=True,
        text=True,
    )
    assert resultado.returncode == 0, resultado.stdout + resultado.stderr
    plantillas = {
        p.relative_to(pot).with_suffix("").as_posix(): p for p in pot.rglob("*.pot")
    }
    esperado = {d: {m.id for m in _mensajes(_leer(p))} for d, p in plantillas.items()}
    esperado[traduccion.DOMINIO_INTERFAZ] = set(traduccion.mensajes_de_interfaz())
    guardado = {_dominio(r): {m.id for m in _mensajes(_leer(r))} for r in CATALOGOS}

    errores = []
    if paginas_sin_catalogo := sorted(set(esperado) - set(guardado)):
        errores.append(f"páginas sin catálogo: {paginas_sin_catalogo}")
    if catalogos_sin_pagina := sorted(set(guardado) - set(esperado)):
        errores.append(
            f"catálogos de páginas que ya no existen: {catalogos_sin_pagina}"
        )
    for dominio in sorted(set(esperado) & set(guardado)):
        faltan = sorted(esperado[dominio] - guardado[dominio])
        sobran = sorted(guardado[dominio] - esperado[dominio])
        if faltan or sobran:
            errores.append(
                f"{dominio}.po: faltan {[m[:80] for m in faltan]}, "
                f"sobran {[m[:80] for m in sobran]}"
            )
    assert not errores, (
        "los catálogos no están al día con las fuentes (python3 tareas.py traducir):\n"
        + "\n".join(errores)
    )


# ---------------------------------------------------- la edición inglesa construida
def _texto_plano(marcado: str) -> str:
    """El texto de un título del catálogo tal como se ve (sin ``*`` ni comillas)."""
    return re.sub(r"\s+", " ", re.sub(r"[`*]", "", marcado)).strip()


def _titulo(pagina: Path) -> str:
    """El ``<h1>`` del ``<article>`` de una página, sin el «#» del enlace."""
    contenido = pagina.read_text("utf-8")
    encontrado = re.search(r"<article\b.*?<h1\b[^>]*>(.*?)</h1>", contenido, re.S)
    assert encontrado, f"{pagina} no tiene <h1> en su <article>"
    titulo = re.sub(r'<a class="headerlink".*?</a>', "", encontrado[1], flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", titulo))).strip()


@pytest.mark.parametrize(
    "pagina", ["index", "galeria/parte1_rnn/plot_01_celda_rnn", "api"]
)
def test_edicion_inglesa_traducida(pagina: str):
    if not (INGLES / "index.html").is_file():
        omitir_o_fallar(
            "la edición inglesa no está construida (python3 tareas.py libro)"
        )
    espanol, ingles = LIBRO / f"{pagina}.html", INGLES / f"{pagina}.html"
    assert re.search(r'<html[^>]*\blang="en"', ingles.read_text("utf-8"))
    titulo_es, titulo_en = _titulo(espanol), _titulo(ingles)
    traducciones = {
        _texto_plano(m.id): _texto_plano(m.string)
        for m in _mensajes(_leer(CARPETA / f"{pagina}.po"))
    }
    assert titulo_es in traducciones, (
        f"el título {titulo_es!r} de {espanol.name} no está en {pagina}.po"
    )
    assert traducciones[titulo_es] != titulo_es
    assert titulo_en == traducciones[titulo_es], f"{ingles}: {titulo_en!r}"


# Palabras gramaticales del español que una frase inglesa no lleva: tres o más en un
# mismo texto visible delatan prosa sin traducir (también la que no pasa por los
# catálogos: HTML tal cual de sphinx-gallery, textos de las extensiones, la .bib).
_PALABRAS_ES = re.compile(
    r"\b(que|del|los|las|para|con|está|están|una|porque|cuando|según|también|"
    r"cada|sobre|entre|hasta|desde|donde|esta|este|sin|pero|más)\b",
    re.I,
)
# Lo que sigue en español a propósito: código, salidas, tablas de pandas, las cifras
# medidas, las fórmulas y la nota que lo explica (las figuras, con su texto
# alternativo, son salidas ejecutadas).
_FUERA = {
    "highlight", "sphx-glr-script-out", "dataframe", "medida", "idioma-del-codigo",
    "math", "MathJax", "rnnbook-idioma",
}  # fmt: skip
_VACIAS = {"br", "img", "meta", "link", "input", "hr", "col", "source", "wbr"}


def _prosa_visible(contenido: str) -> list[str]:
    """Los textos visibles (y ``title``, ``aria-label``, ``tooltip``) de una página."""
    from html.parser import HTMLParser

    class Analizador(HTMLParser):
        def __init__(self):
            super().__init__()
            self.pila: list[bool] = []
            self.textos: list[str] = []

        def handle_starttag(self, tag, attrs):
            atributos = dict(attrs)
            clases = set((atributos.get("class") or "").split())
            fuera = any(self.pila) or tag in ("pre", "code", "script", "style")
            fuera = fuera or bool(clases & _FUERA)
            if tag not in _VACIAS:
                self.pila.append(fuera)
            if not fuera:
                for nombre in ("title", "aria-label", "tooltip"):
                    if atributos.get(nombre):
                        self.textos.append(atributos[nombre])

        def handle_endtag(self, tag):
            if tag not in _VACIAS and self.pila:
                self.pila.pop()

        def handle_data(self, data):
            if not any(self.pila) and data.strip():
                self.textos.append(data)

    analizador = Analizador()
    analizador.feed(contenido)
    return analizador.textos


def _prosa_espanola(sitio: Path) -> list[str]:
    return [
        f"{pagina.relative_to(sitio)}: {texto.strip()[:120]!r}"
        for pagina in sorted(sitio.rglob("*.html"))
        if "_static" not in pagina.parts
        and "_modules" not in pagina.parts
        and (sitio != LIBRO or pagina.relative_to(sitio).parts[0] != "en")
        for texto in _prosa_visible(pagina.read_text("utf-8"))
        if len(_PALABRAS_ES.findall(texto)) >= 3
    ]


def test_edicion_inglesa_sin_prosa_espanola(libro_construido: Path):
    if not (INGLES / "index.html").is_file():
        omitir_o_fallar(
            "la edición inglesa no está construida (python3 tareas.py libro)"
        )
    # La misma búsqueda encuentra la prosa de la edición española: no es ciega.
    assert len(_prosa_espanola(libro_construido)) > 100
    restos = _prosa_espanola(INGLES)
    assert not restos, "prosa española en la edición inglesa:\n" + "\n".join(
        restos[:30]
    )
