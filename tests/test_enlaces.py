"""El libro construido se puede recorrer: enlaces, orden de lectura y búsqueda.

Cada comprobación de enlaces corre en las dos ediciones que se publican juntas:
la española (``_build/html``, sin ``en/``) y la inglesa (``_build/html/en``).

- Todo enlace interno de cada edición (``href`` y ``src``, con su ancla)
  apunta a un archivo que existe y a un ``id`` que existe en él. Es la
  comprobación de ``sphinx-build -b linkcheck`` limitada a enlaces internos,
  sin red. Ninguna página enlaza a una página de la otra edición, salvo el
  cambio de idioma.
- Cada página de una edición tiene un solo enlace ``a.rnnbook-idioma`` a la
  misma página en la otra, y un ``<link rel="alternate" hreflang>``; la edición
  del alumnado (``_build/alumno/html``), que no tiene traducción, ninguno.
- Los enlaces externos se **listan** en ``artefactos/enlaces_externos.txt``;
  no se visitan (no hay red).
- Los botones «anterior» y «siguiente» siguen el orden de la guía.
- El índice de búsqueda de cada edición usa su idioma: la española encuentra
  «puerta de olvido», la inglesa *forget gate*.
- Los fragmentos de Python de los capítulos se ejecutan.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import LIBRO, RAIZ, omitir_o_fallar

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

# Las ediciones que se publican juntas: la inglesa vive en en/ dentro de la española.
EDICIONES = {"es": LIBRO, "en": LIBRO / "en"}
OTRO_IDIOMA = {"es": "en", "en": "es"}
ALUMNO = RAIZ / "_build" / "alumno" / "html"


# ------------------------------------------------------------------ análisis del HTML
class _Enlaces(HTMLParser):
    """Recoge los ``id`` de una página y sus enlaces (``href``/``src``).

    Aparte guarda los atributos de los enlaces de cambio de idioma: los
    ``a.rnnbook-idioma`` y los ``<link rel="alternate" hreflang>`` (con
    ``cabecera``: si están dentro de ``<head>``).
    """

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
        self.enlaces: list[tuple[str, str, bool]] = []  # (etiqueta, url, ¿de idioma?)
        self.idioma: str | None = None  # el lang de <html>
        self.cambios: list[dict[str, str | None]] = []  # a.rnnbook-idioma
        self.alternativos: list[
            dict[str, str | None]
        ] = []  # link rel=alternate hreflang
        self._en_cabecera = False
        self.secciones = 0  # <section>: la misma estructura en las dos ediciones
        self.titulos = 0  # <h1>

    def handle_starttag(self, etiqueta, atributos):
        atributos = dict(atributos)
        self.secciones += etiqueta == "section"
        self.titulos += etiqueta == "h1"
        if etiqueta == "html":
            self.idioma = atributos.get("lang")
        elif etiqueta == "head":
            self._en_cabecera = True
        elif etiqueta == "body":
            self._en_cabecera = False
        for nombre in ("id", "name"):
            if atributos.get(nombre) and (nombre == "id" or etiqueta == "a"):
                self.ids.add(atributos[nombre])
        de_idioma = False
        if (
            etiqueta == "a"
            and "rnnbook-idioma" in (atributos.get("class") or "").split()
        ):
            self.cambios.append(atributos)
            de_idioma = True
        elif (
            etiqueta == "link"
            and atributos.get("rel") == "alternate"
            and atributos.get("hreflang")
        ):
            self.alternativos.append({**atributos, "cabecera": self._en_cabecera})
            de_idioma = True
        clave = self.ATRIBUTOS.get(etiqueta)
        if clave and atributos.get(clave) is not None:
            if etiqueta == "link" and atributos.get("rel") in (
                "preconnect",
                "dns-prefetch",
            ):
                return
            self.enlaces.append((etiqueta, atributos[clave], de_idioma))

    def handle_endtag(self, etiqueta):
        if etiqueta == "head":
            self._en_cabecera = False


class _Imagenes(HTMLParser):
    """Los atributos de cada ``<img>`` (un ``>`` dentro de ``alt`` es HTML válido)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.atributos: list[dict[str, str | None]] = []

    def handle_starttag(self, etiqueta, atributos):
        if etiqueta == "img":
            self.atributos.append(dict(atributos))


def _paginas_de(raiz: Path) -> list[Path]:
    """Las páginas de una edición, sin ``_static`` (plantillas del tema copiadas como
    archivos estáticos, no páginas) ni ``en/`` (en la española: la otra edición)."""
    return [
        html.resolve()
        for html in sorted(raiz.rglob("*.html"))
        if html.relative_to(raiz).parts[0] not in ("_static", "en")
    ]


@cache
def _analizar(raiz: Path) -> dict[Path, _Enlaces]:
    resultado = {}
    for html in _paginas_de(raiz):
        analizador = _Enlaces()
        analizador.feed(html.read_text(encoding="utf-8"))
        resultado[html] = analizador
    return resultado


def _raiz_de(edicion: str) -> Path:
    """La carpeta de una edición; sin ella, la prueba se omite (en la integración
    continua, falla: ``tareas.py libro`` construye las dos)."""
    raiz = EDICIONES[edicion]
    if not (raiz / "index.html").is_file():
        omitir_o_fallar(f"la edición {edicion!r} no está construida en {raiz}")
    return raiz.resolve()


@pytest.fixture(params=list(EDICIONES))
def edicion(request, libro_construido) -> str:
    """Cada edición publicada: ``"es"`` (``_build/html``) y ``"en"`` (``_build/html/en``)."""
    return request.param


@pytest.fixture
def raiz(edicion) -> Path:
    return _raiz_de(edicion)


@pytest.fixture
def paginas(raiz) -> dict[Path, _Enlaces]:
    return _analizar(raiz)


def _es_externo(url: str) -> bool:
    partes = urlsplit(url)
    return bool(partes.scheme or partes.netloc)


def _destino(origen: Path, url: str) -> Path:
    """El archivo al que lleva ``url`` (sin el ancla) desde la página ``origen``."""
    ruta = unquote(urlsplit(url).path)
    destino = (origen.parent / ruta).resolve() if ruta else origen
    if ruta.endswith("/") or destino.is_dir():
        destino = destino / "index.html"
    return destino


def _edicion_de(destino: Path) -> str | None:
    """``"en"``, ``"es"`` o ``None`` (fuera del sitio publicado)."""
    sitio = LIBRO.resolve()
    if destino == sitio or sitio in destino.parents:
        return "en" if (sitio / "en") in destino.parents else "es"
    return None


def _internos(paginas: dict[Path, _Enlaces]):
    """``(origen, url, ¿de idioma?)`` de cada enlace interno."""
    for origen, analizador in paginas.items():
        for _etiqueta, url, de_idioma in analizador.enlaces:
            if (
                url
                and not _es_externo(url)
                and not url.startswith(("mailto:", "javascript:", "data:"))
            ):
                yield origen, url, de_idioma


def test_enlaces_internos_resuelven(edicion, raiz, paginas):
    """Cada enlace lleva a un archivo y un ``id`` que existen, sin salir del sitio; a una
    página, siempre de la misma edición (el cambio de idioma se mira aparte)."""
    assert len(paginas) > 50, sorted(paginas)
    rotos = []
    for origen, url, de_idioma in _internos(paginas):
        if de_idioma:
            continue  # test_cambio_de_idioma
        destino = _destino(origen, url)
        donde = f"{origen.relative_to(raiz)} → {url}"
        if _edicion_de(destino) is None:
            rotos.append(f"{donde} (sale del libro)")
        elif not destino.is_file():
            rotos.append(f"{donde} (no existe {destino.relative_to(LIBRO.resolve())})")
        elif destino.suffix == ".html" and _edicion_de(destino) != edicion:
            rotos.append(f"{donde} (una página de la otra edición)")
        elif (ancla := unquote(urlsplit(url).fragment)) and destino.suffix == ".html":
            ids = paginas[destino].ids if destino in paginas else set()
            if ancla not in ids:
                rotos.append(f"{donde} (no hay id={ancla!r})")
    assert not rotos, f"{len(rotos)} enlaces internos rotos:\n" + "\n".join(rotos[:50])


def _otra_ruta(pagina: Path, edicion: str) -> Path:
    """La misma página en la otra edición."""
    relativa = pagina.relative_to(_raiz_de(edicion))
    return (EDICIONES[OTRO_IDIOMA[edicion]] / relativa).resolve()


def problemas_del_cambio_de_idioma(
    pagina: Path, analizador: _Enlaces, edicion: str
) -> list[str]:
    """Lo que falla en el cambio de idioma de una página (lista vacía si nada)."""
    otro = OTRO_IDIOMA[edicion]
    esperado = _otra_ruta(pagina, edicion)
    problemas = []
    if analizador.idioma != edicion:
        problemas.append(f'<html lang="{analizador.idioma}">')
    gemela = _analizar(_raiz_de(otro)).get(esperado)
    if gemela is not None and (gemela.titulos, gemela.secciones) != (
        analizador.titulos,
        analizador.secciones,
    ):
        problemas.append(
            f"{analizador.titulos} <h1> y {analizador.secciones} secciones; en {otro}, "
            f"{gemela.titulos} y {gemela.secciones}"
        )
    if len(analizador.cambios) != 1:
        problemas.append(f"{len(analizador.cambios)} enlaces a.rnnbook-idioma")
    for cambio in analizador.cambios:
        href = cambio.get("href") or ""
        if _es_externo(href) or _destino(pagina, href) != esperado:
            problemas.append(f"a.rnnbook-idioma lleva a {href!r}")
        elif not esperado.is_file():
            problemas.append(f"a.rnnbook-idioma: no existe {href!r}")
        if (cambio.get("hreflang"), cambio.get("lang")) != (otro, otro):
            problemas.append(
                f"a.rnnbook-idioma con hreflang={cambio.get('hreflang')!r}, "
                f"lang={cambio.get('lang')!r}"
            )
    # Con la dirección publicada (rnnbook_url_libro), URL absolutas; sin ella, relativas.
    publicada = esperado.relative_to(LIBRO.resolve()).as_posix()
    alternativos = [
        a
        for a in analizador.alternativos
        if a.get("hreflang") == otro and a["cabecera"]
    ]
    if not alternativos:
        problemas.append(f'sin <link rel="alternate" hreflang="{otro}"> en <head>')
    for alternativo in alternativos:
        href = alternativo.get("href") or ""
        if not (
            href.endswith("/" + publicada)
            if _es_externo(href)
            else _destino(pagina, href) == esperado
        ):
            problemas.append(
                f'<link rel="alternate" hreflang="{otro}"> lleva a {href!r}'
            )
    return problemas


def test_cambio_de_idioma(edicion, raiz, paginas):
    """Cada página, también las del código (``_modules/``), el índice, la búsqueda y el
    índice de módulos, enlaza a la misma página en la otra edición: un solo
    ``a.rnnbook-idioma`` con su ``hreflang`` y su ``lang``, que vale desde el disco, y un
    ``<link rel="alternate" hreflang>`` en ``<head>``. Las dos ediciones tienen las
    mismas páginas, con los mismos títulos ``<h1>`` y el mismo número de secciones."""
    relativas = {p.relative_to(raiz).as_posix() for p in paginas}
    especiales = {
        "genindex.html",
        "search.html",
        "py-modindex.html",
        "_modules/index.html",
    }
    assert especiales <= relativas, especiales - relativas
    otras = {
        p.relative_to(_raiz_de(OTRO_IDIOMA[edicion])).as_posix()
        for p in _analizar(_raiz_de(OTRO_IDIOMA[edicion]))
    }
    assert relativas == otras, (
        f"solo en {edicion}: {sorted(relativas - otras)[:10]}; "
        f"solo en la otra: {sorted(otras - relativas)[:10]}"
    )
    problemas = [
        f"{pagina.relative_to(raiz)}: {problema}"
        for pagina, analizador in paginas.items()
        for problema in problemas_del_cambio_de_idioma(pagina, analizador, edicion)
    ]
    assert not problemas, f"{len(problemas)} problemas:\n" + "\n".join(problemas[:50])


def test_el_cambio_de_idioma_detecta_sus_fallos(tmp_path, monkeypatch):
    """La comprobación anterior, sobre páginas hechas a mano: una bien y varias mal."""
    monkeypatch.setitem(EDICIONES, "es", tmp_path)
    monkeypatch.setitem(EDICIONES, "en", tmp_path / "en")
    monkeypatch.setattr(sys.modules[__name__], "LIBRO", tmp_path)
    (tmp_path / "en" / "sub").mkdir(parents=True)
    (tmp_path / "index.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "en" / "index.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "en" / "sub" / "p.html").write_text("", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "p.html").write_text("", encoding="utf-8")
    pagina = tmp_path / "sub" / "p.html"

    def problemas(html: str) -> list[str]:
        analizador = _Enlaces()
        analizador.feed(html)
        return problemas_del_cambio_de_idioma(pagina.resolve(), analizador, "es")

    cabecera = (
        '<head><link rel="alternate" hreflang="en" href="../en/sub/p.html"></head>'
    )
    bien = '<a class="rnnbook-idioma" href="../en/sub/p.html" hreflang="en" lang="en">'
    assert problemas(f'<html lang="es">{cabecera}<body>{bien}</a></body></html>') == []
    assert problemas(f'<html lang="es">{cabecera}<body></body></html>') == [
        "0 enlaces a.rnnbook-idioma"
    ]
    assert problemas(
        f'<html lang="es">{cabecera}<body>{bien.replace("../en/sub", "en/sub")}</a>'
    ) == ["a.rnnbook-idioma lleva a 'en/sub/p.html'"]
    assert problemas(
        f'<html lang="es">{cabecera}<body>{bien.replace("p.html", "q.html")}</a>'
    ) == ["a.rnnbook-idioma lleva a '../en/sub/q.html'"]
    sin_lang = bien.replace(' lang="en"', "")
    assert problemas(f'<html lang="es">{cabecera}<body>{sin_lang}</a>') == [
        "a.rnnbook-idioma con hreflang='en', lang=None"
    ]
    assert problemas(
        f'<html lang="es"><head></head><body>{bien}</a>{cabecera[6:-7]}</body>'
    ) == ['sin <link rel="alternate" hreflang="en"> en <head>']
    assert problemas(f'<html lang="en">{cabecera}<body>{bien}</a>{bien}</a>') == [
        '<html lang="en">',
        "2 enlaces a.rnnbook-idioma",
    ]


def test_la_edicion_del_alumnado_no_cambia_de_idioma(libro_construido):
    """La edición del alumnado no tiene traducción: ningún enlace a la inglesa."""
    if not (ALUMNO / "index.html").is_file():
        pytest.skip(f"{ALUMNO} no está construido")
    con_cambio = [
        p.relative_to(ALUMNO.resolve()).as_posix()
        for p, analizador in _analizar(ALUMNO.resolve()).items()
        if analizador.cambios or analizador.alternativos
    ]
    assert not con_cambio, (
        f"{len(con_cambio)} páginas con cambio de idioma: {con_cambio[:5]}"
    )


def test_enlaces_externos_listados_sin_visitar(libro_construido):
    """Lista los enlaces externos de las dos ediciones (sin red no se comprueban) y exige
    en cada una los recursos de la guía."""
    externos: dict[str, set[str]] = defaultdict(set)
    sitio = libro_construido.resolve()
    por_edicion: dict[str, set[str]] = {}
    for edicion, raiz in EDICIONES.items():
        if not (raiz / "index.html").is_file():
            continue  # sin la inglesa: test_enlaces_internos_resuelven[en] lo dice
        por_edicion[edicion] = set()
        for origen, analizador in _analizar(raiz.resolve()).items():
            for etiqueta, url, _de_idioma in analizador.enlaces:
                if etiqueta == "a" and urlsplit(url).scheme in ("http", "https"):
                    externos[url].add(origen.relative_to(sitio).as_posix())
                    por_edicion[edicion].add(url)
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
    for edicion, urls in por_edicion.items():
        faltan = [u for u in recursos_de_la_guia if u not in urls]
        assert not faltan, (
            f"faltan en {edicion} enlaces a recursos de la guía: {faltan}"
        )
    assert all(u.startswith(("http://", "https://")) for u in externos)


def _siguiente(html: str) -> str | None:
    m = re.search(r'<a\s+class="right-next"\s+href="([^"]+)"', html)
    return m.group(1) if m else None


def _anterior(html: str) -> str | None:
    m = re.search(r'<a\s+class="left-prev"\s+href="([^"]+)"', html)
    return m.group(1) if m else None


def test_orden_de_lectura(raiz):
    """«Siguiente» recorre cada edición en el orden de la guía, sin salir de ella, y
    «anterior» lo deshace."""

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
        if raiz not in actual.parents:
            recorrido.append(f"fuera de la edición: {actual}")
            break
        recorrido.append(actual.relative_to(raiz).with_suffix("").as_posix())
        siguiente = _siguiente(actual.read_text(encoding="utf-8"))
        actual = (actual.parent / siguiente).resolve() if siguiente else None
    assert recorrido == esperado

    for previo, pagina in zip(recorrido, recorrido[1:]):
        anterior = _anterior((raiz / f"{pagina}.html").read_text(encoding="utf-8"))
        assert anterior is not None, pagina
        destino = ((raiz / f"{pagina}.html").parent / anterior).resolve()
        assert destino == raiz / f"{previo}.html", (pagina, anterior)


def test_cada_ejemplo_cuelga_de_su_capitulo(raiz):
    """En la barra lateral, cada ejemplo aparece bajo el capítulo que lo presenta."""
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


def test_figuras_con_texto_alternativo(raiz):
    """Cada figura de la galería y de los capítulos describe su contenido (atributo alt;
    en la edición inglesa, el de la figura, que se dibujó en español)."""
    sin_texto = []
    for pagina in _paginas_de(raiz):
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
                sin_texto.append(f"{pagina.relative_to(raiz)}: {src}")
    assert not sin_texto, "figuras sin descripción:\n" + "\n".join(sin_texto)


def test_objetivos_enlazan_a_su_pagina(raiz):
    """Los 13 objetivos de la portada enlazan cada uno a una página que existe."""
    indice = (raiz / "index.html").read_text(encoding="utf-8")
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
            assert (raiz / h).is_file(), (i, h)


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


def test_busqueda_en_ingles(libro_construido):
    """El índice de la edición inglesa usa el lematizador inglés (el de Sphinx) y
    encuentra *forget gate* en el glosario y en el resumen teórico."""
    from sphinx.search.en import SearchEnglish

    raiz = _raiz_de("en")
    texto = (raiz / "searchindex.js").read_text(encoding="utf-8")
    indice = json.loads(texto[texto.index("(") + 1 : texto.rindex(")")])
    lematizador = SearchEnglish({})
    assert "the" in lematizador.stopwords

    def documentos(palabra: str) -> set[str]:
        ids = indice["terms"].get(lematizador.stem(palabra), [])
        ids = [ids] if isinstance(ids, int) else ids
        return {indice["docnames"][i] for i in ids}

    assert lematizador.stem("gates") == lematizador.stem("gate")
    ambas = documentos("forget") & documentos("gate")
    assert {"glosario", "resumen_teorico"} <= ambas, ambas
    lenguaje = (raiz / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert '"the"' in lenguaje and "ación" not in lenguaje


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
