"""El libro construido se puede recorrer: enlaces, orden de lectura y búsqueda.

- Todo enlace interno de ``_build/html`` (``href`` y ``src``, con su ancla)
  apunta a un archivo que existe y a un ``id`` que existe en él. Es la
  comprobación de ``sphinx-build -b linkcheck`` limitada a enlaces internos,
  sin red.
- Los enlaces externos se **listan** en ``artefactos/enlaces_externos.txt``;
  no se visitan (no hay red).
- Los botones «anterior» y «siguiente» siguen el orden de la guía.
- El índice de búsqueda es español: encuentra «puerta de olvido».
- Los fragmentos de Python de los capítulos se ejecutan.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import RAIZ

DOCS = RAIZ / "docs"
ARTEFACTOS = RAIZ / "artefactos"

# Orden de lectura: el de los toctree de los capítulos (docs/_ext/libro_es.py).
# Las páginas de la galería van tras el capítulo que las presenta, en el orden
# de sus números.
sys.path.insert(0, str(DOCS / "_ext"))
from libro_es import orden_de_lectura  # noqa: E402

ORDEN = orden_de_lectura(DOCS)
PARTES = ["parte1", "parte2", "parte3", "parte4"]
CAPITULOS_CON_EJEMPLOS = {c: f"galeria/{carpeta}" for c, carpeta in ORDEN if carpeta}


# ------------------------------------------------------------------ análisis del HTML
class _Enlaces(HTMLParser):
    """Recoge los ``id`` de una página y sus enlaces (``href``/``src``)."""

    ATRIBUTOS = {
        "a": "href",
        "link": "href",
        "img": "src",
        "script": "src",
        "source": "src",
        "iframe": "src",
        "area": "href",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.enlaces: list[tuple[str, str]] = []  # (etiqueta, url)

    def handle_starttag(self, etiqueta, atributos):
        atributos = dict(atributos)
        for nombre in ("id", "name"):
            if atributos.get(nombre) and (nombre == "id" or etiqueta == "a"):
                self.ids.add(atributos[nombre])
        clave = self.ATRIBUTOS.get(etiqueta)
        if clave and atributos.get(clave) is not None:
            if etiqueta == "link" and atributos.get("rel") in (
                "preconnect",
                "dns-prefetch",
            ):
                return
            self.enlaces.append((etiqueta, atributos[clave]))


class _Imagenes(HTMLParser):
    """Los atributos de cada ``<img>`` (un ``>`` dentro de ``alt`` es HTML válido)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.atributos: list[dict[str, str | None]] = []

    def handle_starttag(self, etiqueta, atributos):
        if etiqueta == "img":
            self.atributos.append(dict(atributos))


@pytest.fixture(scope="module")
def paginas(libro_construido) -> dict[Path, _Enlaces]:
    resultado = {}
    for html in sorted(libro_construido.rglob("*.html")):
        if html.relative_to(libro_construido).parts[0] == "_static":
            continue  # plantillas del tema copiadas como archivos estáticos, no páginas
        analizador = _Enlaces()
        analizador.feed(html.read_text(encoding="utf-8"))
        resultado[html.resolve()] = analizador
    return resultado


def _es_externo(url: str) -> bool:
    partes = urlsplit(url)
    return bool(partes.scheme or partes.netloc)


def test_enlaces_internos_resuelven(libro_construido, paginas):
    raiz = libro_construido.resolve()
    rotos = []
    for origen, analizador in paginas.items():
        for _etiqueta, url in analizador.enlaces:
            if (
                not url
                or _es_externo(url)
                or url.startswith(("mailto:", "javascript:", "data:"))
            ):
                continue
            partes = urlsplit(url)
            ruta = unquote(partes.path)
            destino = (origen.parent / ruta).resolve() if ruta else origen
            if ruta.endswith("/") or destino.is_dir():
                destino = destino / "index.html"
            donde = f"{origen.relative_to(raiz)} → {url}"
            if raiz not in destino.parents and destino != raiz:
                rotos.append(f"{donde} (sale del libro)")
            elif not destino.is_file():
                rotos.append(f"{donde} (no existe {destino.relative_to(raiz)})")
            elif partes.fragment and destino.suffix == ".html":
                ancla = unquote(partes.fragment)
                ids = paginas[destino].ids if destino in paginas else set()
                if ancla not in ids:
                    rotos.append(f"{donde} (no hay id={ancla!r})")
    assert not rotos, f"{len(rotos)} enlaces internos rotos:\n" + "\n".join(rotos[:50])


def test_enlaces_externos_listados_sin_visitar(libro_construido, paginas):
    """Lista los enlaces externos (sin red no se comprueban) y exige los recursos de la guía."""
    externos: dict[str, set[str]] = defaultdict(set)
    raiz = libro_construido.resolve()
    for origen, analizador in paginas.items():
        for etiqueta, url in analizador.enlaces:
            if etiqueta == "a" and urlsplit(url).scheme in ("http", "https"):
                externos[url].add(origen.relative_to(raiz).as_posix())
    ARTEFACTOS.mkdir(exist_ok=True)
    lineas = [
        f"{url}\t{', '.join(sorted(origenes))}"
        for url, origenes in sorted(externos.items())
    ]
    (ARTEFACTOS / "enlaces_externos.txt").write_text(
        "\n".join(lineas) + "\n", encoding="utf-8"
    )
    recursos_de_la_guia = [
        "https://colah.github.io/posts/2015-08-Understanding-LSTMs/",
        "http://karpathy.github.io/2015/05/21/rnn-effectiveness/",
        "https://d2l.ai/chapter_recurrent-neural-networks/",
        "https://pytorch.org/tutorials/intermediate/char_rnn_classification_tutorial.html",
        "https://www.deeplearningbook.org/",
        "https://timeseriesclassification.com/",
        "https://www.statmt.org/wmt14/",
    ]
    faltan = [u for u in recursos_de_la_guia if u not in externos]
    assert not faltan, f"faltan enlaces a recursos de la guía: {faltan}"
    assert all(u.startswith(("http://", "https://")) for u in externos)


def _siguiente(html: str) -> str | None:
    m = re.search(r'<a\s+class="right-next"\s+href="([^"]+)"', html)
    return m.group(1) if m else None


def _anterior(html: str) -> str | None:
    m = re.search(r'<a\s+class="left-prev"\s+href="([^"]+)"', html)
    return m.group(1) if m else None


def test_orden_de_lectura(libro_construido):
    """«Siguiente» recorre el libro en el orden de la guía, y «anterior» lo deshace."""
    raiz = libro_construido.resolve()

    def con_ejemplos(capitulos: dict) -> list[str]:
        paginas = []
        for capitulo, carpeta in capitulos.items():
            ejemplos = sorted(
                p.relative_to(raiz).with_suffix("").as_posix()
                for p in (raiz / carpeta).glob("plot_*.html")
            )
            assert ejemplos, carpeta
            paginas += [capitulo, *ejemplos]
        return paginas

    esperado = []
    for capitulo, carpeta in ORDEN:
        esperado += (
            con_ejemplos({capitulo: f"galeria/{carpeta}"}) if carpeta else [capitulo]
        )
    # El orden de la guía: antes (con «Tu trabajo», que se hace durante las Partes 1
    # y 2), las cuatro partes, repaso y ejercicios, apéndices.
    capitulos = [c for c, _ in ORDEN]
    assert capitulos[:8] == [
        "index",
        "introduccion",
        "preguntas",
        "tu_trabajo",
        *PARTES,
    ]
    assert capitulos.index("ejercicios") < capitulos.index("evaluacion")
    assert capitulos[-1] == "api"

    recorrido, actual = [], raiz / "index.html"
    while actual is not None and len(recorrido) <= len(esperado) + 5:
        recorrido.append(actual.relative_to(raiz).with_suffix("").as_posix())
        siguiente = _siguiente(actual.read_text(encoding="utf-8"))
        actual = (actual.parent / siguiente).resolve() if siguiente else None
    assert recorrido == esperado

    for previo, pagina in zip(recorrido, recorrido[1:]):
        anterior = _anterior((raiz / f"{pagina}.html").read_text(encoding="utf-8"))
        assert anterior is not None, pagina
        destino = ((raiz / f"{pagina}.html").parent / anterior).resolve()
        assert destino == raiz / f"{previo}.html", (pagina, anterior)


def test_cada_ejemplo_cuelga_de_su_capitulo(libro_construido):
    """En la barra lateral, cada ejemplo aparece bajo el capítulo que lo presenta."""
    raiz = libro_construido.resolve()
    for capitulo, carpeta in CAPITULOS_CON_EJEMPLOS.items():
        for pagina in sorted((raiz / carpeta).glob("plot_*.html")):
            html = pagina.read_text(encoding="utf-8")
            nav = re.search(r'<nav class="[^"]*\bbd-docs-nav\b.*?</nav>', html, re.S)
            assert nav, pagina.name
            activo = re.findall(
                r'<li class="[^"]*\bactive\b[^"]*"><a[^>]*href="([^"]+)"', nav.group(0)
            )
            enlazados = {
                ((pagina.parent / a).resolve()).relative_to(raiz).as_posix()
                for a in activo
            }
            assert f"{capitulo}.html" in enlazados, (pagina.name, enlazados)


def test_figuras_con_texto_alternativo_en_espanol(libro_construido):
    """Cada figura de la galería y de los capítulos describe su contenido (atributo alt)."""
    sin_texto = []
    for pagina in sorted(libro_construido.rglob("*.html")):
        if pagina.relative_to(libro_construido).parts[0] == "_static":
            continue
        imagenes = _Imagenes()
        imagenes.feed(pagina.read_text(encoding="utf-8"))
        for img in imagenes.atributos:
            src, clases = img.get("src") or "", img.get("class") or ""
            if "_thumb" in src or not (
                "sphx-glr-single-img" in clases
                or "sphx-glr-multi-img" in clases
                or "_images/" in src
            ):
                continue  # miniaturas (decorativas) y logotipos
            texto = (img.get("alt") or "").strip()
            # sphinx-gallery usa «plot NN nombre» cuando la figura no tiene título.
            if not texto or re.match(r"(?i)^plot \d", texto):
                sin_texto.append(f"{pagina.relative_to(libro_construido)}: {src}")
    assert not sin_texto, "figuras sin descripción:\n" + "\n".join(sin_texto)


def test_objetivos_enlazan_a_su_pagina(libro_construido):
    """Los 13 objetivos de la portada enlazan cada uno a una página que existe."""
    indice = (libro_construido / "index.html").read_text(encoding="utf-8")
    seccion = re.search(r'<section id="objetivos">(.*?)</section>', indice, re.S)
    assert seccion, "la portada no tiene la sección de objetivos"
    items = re.findall(
        r"<li>(.*?)</li>",
        re.search(r"<ol.*?</ol>", seccion.group(1), re.S).group(0),
        re.S,
    )
    assert len(items) == 13
    for i, item in enumerate(items, 1):
        destinos = [
            h for h in re.findall(r'href="([^"#]+)', item) if not _es_externo(h)
        ]
        assert destinos, f"el objetivo {i} no enlaza a ninguna página"
        for h in destinos:
            assert (libro_construido / h).is_file(), (i, h)


def test_busqueda_en_espanol(libro_construido):
    """El índice usa el lematizador español y encuentra «puerta de olvido»."""
    from sphinx.search.es import SearchSpanish

    texto = (libro_construido / "searchindex.js").read_text(encoding="utf-8")
    indice = json.loads(texto[texto.index("(") + 1 : texto.rindex(")")])
    lematizador = SearchSpanish({})
    assert "de" in lematizador.stopwords

    def documentos(palabra: str) -> set[str]:
        raiz = lematizador.stem(palabra)
        ids = indice["terms"].get(raiz, [])
        ids = [ids] if isinstance(ids, int) else ids
        return {indice["docnames"][i] for i in ids}

    # «puertas», «olvidar»: la búsqueda encuentra también las formas flexionadas.
    assert lematizador.stem("puertas") == lematizador.stem("puerta")
    assert lematizador.stem("olvidar") == lematizador.stem("olvido")
    ambas = documentos("puerta") & documentos("olvido")
    assert {"glosario", "resumen_teorico"} <= ambas, ambas
    lenguaje = (libro_construido / "_static" / "language_data.js").read_text(
        encoding="utf-8"
    )
    assert (
        "Stemmer" in lenguaje and "ación" in lenguaje
    )  # el lematizador Snowball español


# --------------------------------------------------------- código de los capítulos
def _bloques_python(md: Path) -> list[str]:
    """Bloques ```python de un capítulo, sin la sangría de las listas que los contienen."""
    bloques = []
    for sangria, cuerpo in re.findall(
        r"^( *)```python\n(.*?)^\1```",
        md.read_text(encoding="utf-8"),
        flags=re.S | re.M,
    ):
        bloques.append(
            "\n".join(linea[len(sangria) :] for linea in cuerpo.splitlines())
        )
    return bloques


CAPITULOS_CON_CODIGO = sorted(p for p in DOCS.glob("*.md") if _bloques_python(p))


@pytest.mark.parametrize(
    "capitulo", CAPITULOS_CON_CODIGO, ids=[p.stem for p in CAPITULOS_CON_CODIGO]
)
def test_codigo_de_los_capitulos_se_ejecuta(capitulo: Path, tmp_path: Path):
    """Cada fragmento de Python de un capítulo corre tal cual (en orden, en un proceso nuevo)."""
    programa = "\n\n".join(_bloques_python(capitulo))
    entorno = dict(os.environ, MPLBACKEND="Agg", OMP_NUM_THREADS="1")
    r = subprocess.run(
        [sys.executable, "-c", programa],
        cwd=tmp_path,
        env=entorno,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, (
        f"{capitulo.name}:\n{r.stdout[-2000:]}\n{r.stderr[-4000:]}"
    )


def test_hay_fragmentos_que_comprobar():
    nombres = {p.name for p in CAPITULOS_CON_CODIGO}
    assert {"notas_finales.md", "ejercicios.md"} <= nombres, nombres
