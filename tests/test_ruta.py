"""La ruta del laboratorio (docs/_ext/ruta.py): etiquetas y tabla de la portada."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

RAIZ = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RAIZ / "docs" / "_ext"))

import ruta  # noqa: E402


@pytest.mark.parametrize(
    ("minutos", "texto"),
    [(5, "5 min"), (60, "1 h"), (63, "1 h 03 min"), (217, "3 h 37 min")],
)
def test_texto_tiempo(minutos, texto):
    assert ruta.texto_tiempo(minutos) == texto


def test_orden_de_lectura_sigue_los_toctree_en_profundidad():
    env = SimpleNamespace(
        toctree_includes={
            "index": ["a", "b", "c"],
            "a": ["a/1", "a/2"],
            "b": ["a"],  # repetida: cuenta la primera aparición
        }
    )
    assert ruta.orden_de_lectura(env, "index") == ["index", "a", "a/1", "a/2", "b", "c"]


def test_cada_entrada_tiene_clase_y_minutos_validos():
    for docname, (clase, minutos) in ruta.RUTA.items():
        assert clase in (ruta.IMPRESCINDIBLE, ruta.AMPLIACION), docname
        assert isinstance(minutos, int) and 1 <= minutos <= 60, docname


def test_la_ruta_nombra_paginas_que_existen_en_las_fuentes():
    fuentes = {
        p.relative_to(RAIZ / "docs").with_suffix("").as_posix()
        for p in [*(RAIZ / "docs").glob("*.md"), *(RAIZ / "docs").glob("*.rst")]
        if p.name != "sg_execution_times.rst"
    } | {
        "galeria/" + p.relative_to(RAIZ / "gallery").with_suffix("").as_posix()
        for p in (RAIZ / "gallery").glob("*/plot_*.py")
    }
    assert set(ruta.RUTA) <= fuentes, sorted(set(ruta.RUTA) - fuentes)
    sin_clasificar = {
        f for f in fuentes if not f.startswith("galeria/") or "/plot_" in f
    } - set(ruta.RUTA)
    assert not sin_clasificar, sorted(sin_clasificar)


class _Tabla(HTMLParser):
    """Filas de texto de la tabla ``ruta-basica`` de la portada."""

    def __init__(self):
        super().__init__()
        self.filas: list[list[str]] = []
        self._dentro = self._celda = False
        self._texto = ""

    def handle_starttag(self, tag, attrs):
        clases = dict(attrs).get("class") or ""
        if tag == "table" and "ruta-basica" in clases.split():
            self._dentro = True
        elif self._dentro and tag == "tr":
            self.filas.append([])
        elif self._dentro and tag in ("td", "th"):
            self._celda, self._texto = True, ""

    def handle_endtag(self, tag):
        if tag == "table":
            self._dentro = False
        elif self._dentro and tag in ("td", "th"):
            self.filas[-1].append(" ".join(self._texto.split()))
            self._celda = False

    def handle_data(self, data):
        if self._celda:
            self._texto += data


def _minutos(texto: str) -> int:
    m = re.fullmatch(r"(?:(\d+) h)?\s*(?:(\d+) min)?", texto)
    assert m and texto, texto
    return int(m.group(1) or 0) * 60 + int(m.group(2) or 0)


def test_la_portada_dibuja_la_ruta_y_cabe_en_la_sesion(libro_construido):
    tabla = _Tabla()
    tabla.feed((libro_construido / "index.html").read_text(encoding="utf-8"))
    cabecera, *filas = tabla.filas
    assert cabecera == ["Paso", "Página", "Tiempo", "Acumulado"]
    basica = [d for d, (c, _) in ruta.RUTA.items() if c == ruta.IMPRESCINDIBLE]
    assert len(filas) == len(basica)
    acumulado = 0
    for paso, (numero, _, tiempo, total) in enumerate(filas, start=1):
        acumulado += _minutos(tiempo)
        assert int(numero) == paso
        assert _minutos(total) == acumulado
    minimo, maximo = ruta.DURACION_GUIA
    assert minimo <= acumulado <= maximo


def test_cada_pagina_lleva_una_etiqueta_bajo_el_titulo(libro_construido):
    for docname, (clase, minutos) in ruta.RUTA.items():
        html = (libro_construido / f"{docname}.html").read_text(encoding="utf-8")
        etiquetas = re.findall(r'class="ruta-etiqueta ruta-(\w+)', html)
        assert etiquetas == [ruta._clase_css(clase)], docname
        fragmento = html.split('class="ruta-etiqueta', 1)[1].split("</div>")[0]
        assert f"unos {minutos} min" in re.sub(r"<[^>]+>", "", fragmento), docname
        # bajo el título: la etiqueta sigue al primer <h1>
        assert html.index("<h1") < html.index('class="ruta-etiqueta'), docname


def test_capitulos_agrupa_cada_pagina_bajo_su_hijo_de_la_portada():
    env = SimpleNamespace(
        toctree_includes={"index": ["a", "b"], "a": ["a/1"], "b": ["b/1", "a/1"]}
    )
    assert ruta._capitulos(env, "index") == {
        "a": "a",
        "a/1": "a",
        "b": "b",
        "b/1": "b",
    }
