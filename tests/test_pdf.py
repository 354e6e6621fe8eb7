"""El libro en PDF (``_build/html/rnnbook.pdf``, docs/_ext/libro_pdf.py).

Se lee con pypdfium2 (texto de cada página) y se comprueba que:

- existe, es A4 y tiene un número de páginas razonable, con número en el pie;
- empieza por la portada y el índice, y contiene, en el orden de lectura, cada
  capítulo y cada ejemplo, cada uno desde el principio de una página;
- las fórmulas están compuestas (fuentes de MathJax, ningún ``$$``, ``\\(`` ni
  ``\\begin{...}`` en el texto) y las figuras están dentro;
- el texto es español: sin las frases de la interfaz en inglés;
- la portada del sitio enlaza con él.
"""

from __future__ import annotations

import html as _html
import re
import sys
from pathlib import Path

import pytest
from conftest import RAIZ, omitir_o_fallar

DOCS = RAIZ / "docs"
sys.path.insert(0, str(DOCS / "_ext"))
from libro_es import orden_de_lectura  # noqa: E402

NOMBRE = "rnnbook.pdf"
EN_INGLES = [
    "Out:",
    "Contents",
    "Download",
    "previous",
    "next page",
    "Go to the end",
    "Total running time",
    "Gallery generated",
    "Link to this heading",
    "Search",
]


def _normalizar(texto: str) -> str:
    return re.sub(r"\s+", " ", texto.replace("\ufffe", "").replace("\x02", "")).strip()


#: Lo que cada edición dice con sus palabras: portada, índice, prosa y lo que no debe
#: aparecer. Las salidas de los ejemplos son las mismas (en español) en las dos.
EDICIONES = {
    "es": {
        "titulo": "Redes neuronales recurrentes y LSTM",
        "autor": "Equipo de rnnbook",
        "indice": "Índice",
        "presentacion": "Presentación",
        "prosa": [
            "En esta parte construyes una red recurrente sin ninguna biblioteca",
            "Una red recurrente procesa una secuencia un elemento cada vez",
        ],
        "salida": "Salida:",
        "enlace": "Descargar el libro en PDF",
        "prohibido": EN_INGLES,
    },
    "en": {
        "titulo": "Recurrent neural networks and LSTM",
        "autor": "The rnnbook team",
        "indice": "Contents",
        "presentacion": "Introduction",
        "prosa": [
            "In this part you build a recurrent network without any deep learning",
            "A recurrent network processes a sequence one element at a time",
        ],
        "salida": "Out:",
        "enlace": "Download the book as a PDF",
        "prohibido": [
            "Salida:",
            "Descargar",
            "Enlace a este",
            "Tiempo total de ejecución",
            "Ir al final",
            "Galería generada",
            "Presentación",
        ],
    },
}


@pytest.fixture(scope="module", params=sorted(EDICIONES))
def edicion(request, libro_construido) -> tuple[Path, dict]:
    """Cada edición: su sitio (el inglés, en ``en/``) y lo que dice con sus palabras."""
    sitio = libro_construido / "en" if request.param == "en" else libro_construido
    return sitio, EDICIONES[request.param]


@pytest.fixture(scope="module")
def sitio(edicion) -> Path:
    return edicion[0]


@pytest.fixture(scope="module")
def texto_pdf(sitio) -> tuple[list[str], list[str]]:
    """Texto de cada página del PDF y de su franja superior (5 cm), normalizados."""
    ruta = sitio / NOMBRE
    if not ruta.is_file():
        omitir_o_fallar(f"no existe {ruta}: constrúyelo con python3 tareas.py libro")
    pdfium = pytest.importorskip("pypdfium2")
    documento = pdfium.PdfDocument(ruta)
    try:
        ancho, alto = documento[0].get_size()
        assert abs(ancho - 595.3) < 2 and abs(alto - 841.9) < 2, (ancho, alto)  # A4
        paginas, cabeceras = [], []
        for i in range(len(documento)):
            texto = documento[i].get_textpage()
            paginas.append(_normalizar(texto.get_text_bounded()))
            cabeceras.append(_normalizar(texto.get_text_bounded(bottom=alto - 142)))
        return paginas, cabeceras
    finally:
        documento.close()


@pytest.fixture(scope="module")
def paginas(texto_pdf) -> list[str]:
    return texto_pdf[0]


def _titulo(pagina_html) -> str:
    """El título (``<h1>``) de una página del sitio, como texto."""
    h1 = re.search(
        r"<h1[^>]*>(.*?)</h1>", pagina_html.read_text(encoding="utf-8"), re.S
    )
    assert h1, pagina_html
    texto = re.sub(r"<a class=\"headerlink\".*?</a>|<[^>]+>", "", h1.group(1))
    return _normalizar(_html.unescape(texto))


def _documentos(libro) -> list[str]:
    """Títulos de los capítulos y de los ejemplos, en el orden de lectura."""
    titulos = []
    for capitulo, carpeta in orden_de_lectura(DOCS)[1:]:
        titulos.append(_titulo(libro / f"{capitulo}.html"))
        if carpeta:
            for ejemplo in sorted((libro / "galeria" / carpeta).glob("plot_*.html")):
                titulos.append(_titulo(ejemplo))
    return titulos


def test_pdf_paginas_y_pie(paginas):
    n = len(paginas)
    assert 150 <= n <= 2000, n
    # Pie de página: «título … número / total».
    for i in (0, n // 2, n - 1):
        assert f"{i + 1} / {n}" in paginas[i], paginas[i][-120:]


def test_pdf_portada_indice_y_orden_de_lectura(edicion, texto_pdf):
    sitio, dice = edicion
    paginas, cabeceras = texto_pdf
    assert paginas[0].startswith(dice["titulo"])
    assert dice["autor"] in paginas[0]
    comienzo = next(i for i, p in enumerate(paginas) if p.startswith(dice["indice"]))
    cuerpo = next(
        i for i, p in enumerate(paginas) if p.startswith(dice["presentacion"])
    )
    assert comienzo == 1 and cuerpo <= 4, (comienzo, cuerpo)
    indice = " ".join(paginas[comienzo:cuerpo])
    titulos = _documentos(sitio)
    assert len(titulos) >= 30, titulos
    for titulo in titulos:
        assert titulo in indice, f"{titulo!r} no está en el índice"
    # Cada capítulo y cada ejemplo empieza una página con su título, en el orden
    # del libro.
    anterior = cuerpo
    for titulo in titulos:
        pagina = next(
            (
                i
                for i in range(anterior + 1, len(paginas))
                if cabeceras[i].startswith(titulo)
            ),
            None,
        )
        assert pagina is not None, f"{titulo!r}: ninguna página posterior empieza así"
        anterior = pagina


def test_pdf_texto_de_capitulos_y_ejemplos_en_su_idioma(edicion, paginas):
    dice = edicion[1]
    texto = " ".join(paginas)
    # Prosa de un capítulo y de un ejemplo, en el idioma de la edición; la salida
    # ejecutada, en español en las dos.
    for frase in dice["prosa"]:
        assert frase in texto, frase
    assert dice["salida"] in texto
    assert "Exactitud de prueba:" in texto
    encontrados = [frase for frase in dice["prohibido"] if frase in texto]
    assert not encontrados, encontrados


def test_pdf_formulas_compuestas_y_figuras(sitio, paginas):
    texto = " ".join(paginas)
    for crudo in ("$$", "\\(", "\\)", "\\[", "\\]", "\\begin{", "\\frac{", "\\mathbf{"):
        assert crudo not in texto, f"fórmula sin componer: {crudo!r}"
    datos = (sitio / NOMBRE).read_bytes()
    # MathJax (CHTML) dibuja con sus propias fuentes: el PDF las lleva incrustadas.
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+MathJax_Main", datos)
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+MathJax_Math-Italic", datos)
    # Las figuras de los ejemplos (PNG) y las propias (SVG, dibujadas como vectores).
    figuras = len(list((sitio / "_images").glob("sphx_glr_plot_*[0-9].png")))
    assert datos.count(b"/Subtype /Image") >= figuras > 20


def test_portada_del_sitio_enlaza_el_pdf(edicion):
    sitio, dice = edicion
    indice = (sitio / "index.html").read_text(encoding="utf-8")
    enlace = re.search(rf'<a href="{re.escape(NOMBRE)}">([^<]+)</a>', indice)
    assert enlace and enlace.group(1) == dice["enlace"]
    assert (sitio / NOMBRE).is_file()


def test_pdf_sin_enlaces_al_servidor_temporal(sitio, paginas):
    # Chromium imprime la página servida en 127.0.0.1: los enlaces internos deben
    # quedar como destinos del propio PDF, no como direcciones de ese servidor.
    datos = (sitio / NOMBRE).read_bytes()
    assert b"127.0.0.1" not in datos
    assert b"/URI (http://localhost" not in datos
