"""La edición para el alumnado (``python3 tareas.py libro --edicion alumno``).

- La extensión ``docs/_ext/edicion_alumno.py``, en un proyecto de Sphinx diminuto
  construido dos veces (con y sin ``-t alumno``, avisos como errores): quita los
  bloques y trozos marcados ``solucion``, las páginas de las carpetas quitadas,
  sus miniaturas y las referencias a ellas, y pone el aviso en la portada; sin
  la etiqueta no quita nada.
- ``tareas.py`` valida ``--edicion``.
- El libro construido en ``_build/alumno/html`` (se omite si no existe): ni
  ejercicios resueltos ni respuestas modelo, ningún enlace roto, el aviso en la
  portada y los ``.zip`` de la galería sin las soluciones; la edición completa
  sigue teniéndolo todo.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import LIBRO, RAIZ

sys.path.insert(0, str(RAIZ / "docs" / "_ext"))
from edicion_alumno import AVISO, CARPETAS_FUERA, filtrar_zip

ALUMNO = RAIZ / "_build" / "alumno" / "html"
FUENTES_DE_SOLUCIONES = [RAIZ / "gallery" / c for c in CARPETAS_FUERA]


# ------------------------------------------------------- un proyecto de Sphinx diminuto
CONF = f"""
import sys
sys.path.insert(0, {str(RAIZ / "docs" / "_ext")!r})
extensions = ["myst_parser", "edicion_alumno"]
myst_enable_extensions = ["colon_fence", "attrs_inline"]
edicion_alumno = tags.has("alumno")
edicion_alumno_carpetas_fuera = ["resueltos"]
exclude_patterns = ["_build"]
nitpicky = True
"""

INDICE = """\
# Portada

Texto común. [Trozo-secreto con {doc}`galeria/resueltos/plot_01`.]{.solucion} Fin.

Referencia suelta: {doc}`su solución <galeria/resueltos/plot_01>`.

:::{solucion}
Bloque-secreto con *énfasis*.

<details class="respuesta">
<summary>Respuesta modelo</summary>

Respuesta-secreta.

</details>
:::

## Sección que queda

Se ve. {doc}`galeria/index`

:::{solucion}
(seccion-resuelta)=
## Sección-secreta

```{toctree}
:glob:

galeria/resueltos/*
```
:::
"""

MINIATURAS = """\
:orphan:

Galería
=======

Otros
-----

.. raw:: html

    <div class="sphx-glr-thumbnails">

.. raw:: html

    <div class="sphx-glr-thumbcontainer" tooltip="visible">

.. only:: html

  :doc:`/galeria/otros/plot_02`

.. raw:: html

      <div class="sphx-glr-thumbnail-title">Miniatura-que-queda</div>
    </div>

.. raw:: html

    </div>

Resueltos
---------

Texto-de-la-carpeta-resuelta.

.. raw:: html

    <div class="sphx-glr-thumbnails">

.. raw:: html

    <div class="sphx-glr-thumbcontainer" tooltip="secreto">

.. only:: html

  :doc:`/galeria/resueltos/plot_01`

.. raw:: html

      <div class="sphx-glr-thumbnail-title">Miniatura-secreta</div>
    </div>

.. raw:: html

    </div>
"""


def _proyecto(tmp_path: Path) -> Path:
    fuentes = tmp_path / "fuentes"
    for ruta, texto in {
        "conf.py": CONF,
        "index.md": INDICE,
        "galeria/index.rst": MINIATURAS,
        "galeria/resueltos/plot_01.md": "# Resuelto-secreto\n\nSolución.\n",
        # Fuera de todo toctree, como las páginas de la galería del libro: huérfana.
        # Con un enlace relativo a una página quitada (como hacen los ejemplos).
        "galeria/otros/plot_02.md": (
            "---\norphan: true\n---\n# Otro\n\nQueda. Véase "
            "{doc}`la relativa <../resueltos/plot_01>`.\n"
        ),
    }.items():
        (fuentes / ruta).parent.mkdir(parents=True, exist_ok=True)
        (fuentes / ruta).write_text(textwrap.dedent(texto), encoding="utf-8")
    return fuentes


def _construir(fuentes: Path, salida: Path, *etiquetas: str) -> str:
    orden = [sys.executable, "-m", "sphinx", "-W", "-n", "-q", "-b", "html"]
    for etiqueta in etiquetas:
        orden += ["-t", etiqueta]
    orden += ["-d", str(salida / ".doctrees"), str(fuentes), str(salida)]
    resultado = subprocess.run(orden, capture_output=True, text=True)
    assert resultado.returncode == 0, resultado.stderr
    return (salida / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ediciones(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("edicion")
    fuentes = _proyecto(tmp)
    _construir(fuentes, tmp / "completa")
    _construir(fuentes, tmp / "alumno", "alumno")
    return {"completa": tmp / "completa", "alumno": tmp / "alumno"}


SECRETOS = [
    "Trozo-secreto",
    "Bloque-secreto",
    "Respuesta-secreta",
    "Sección-secreta",
    "Miniatura-secreta",
    "Texto-de-la-carpeta-resuelta",
]


def _texto(carpeta: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8")
        for p in sorted(carpeta.rglob("*.html"))
        if "_static" not in p.parts
    )


def test_la_edicion_completa_no_pierde_nada(ediciones):
    texto = _texto(ediciones["completa"])
    for secreto in SECRETOS:
        assert secreto in texto, secreto
    assert (ediciones["completa"] / "galeria/resueltos/plot_01.html").is_file()
    assert AVISO not in texto


def test_la_edicion_del_alumnado_quita_lo_marcado(ediciones):
    texto = _texto(ediciones["alumno"])
    for secreto in SECRETOS:
        assert secreto not in texto, secreto
    assert not (ediciones["alumno"] / "galeria/resueltos").exists()
    assert "resueltos/plot_01" not in texto  # ni un enlace a la página quitada
    # Lo que no está marcado sigue ahí.
    for visible in ("Texto común.", "Fin.", "Se ve.", "Miniatura-que-queda"):
        assert visible in texto, visible
    portada = (ediciones["alumno"] / "index.html").read_text(encoding="utf-8")
    assert AVISO in portada
    # La referencia suelta a la página quitada queda como texto, sin enlace.
    assert re.search(r"Referencia suelta: <span[^>]*>su solución</span>", portada)
    otra = (ediciones["alumno"] / "galeria/otros/plot_02.html").read_text("utf-8")
    assert re.search(r"Véase <span[^>]*>la relativa</span>", otra)


def test_filtrar_zip_quita_las_carpetas_y_conserva_lo_demas(tmp_path):
    origen, destino = tmp_path / "todo.zip", tmp_path / "alumno.zip"
    with zipfile.ZipFile(origen, "w") as z:
        z.writestr("parte1_rnn/plot_01.py", "uno")
        z.writestr("ejercicios_resueltos/plot_01.py", "solución")
    assert filtrar_zip(origen, destino, ["ejercicios_resueltos"])
    with zipfile.ZipFile(destino) as z:
        assert z.namelist() == ["parte1_rnn/plot_01.py"]
        assert z.read("parte1_rnn/plot_01.py") == b"uno"
    # Idempotente: si no cambia, no se reescribe.
    assert not filtrar_zip(origen, destino, ["ejercicios_resueltos"])


@pytest.mark.parametrize(
    ("argumentos", "esperada"),
    [
        ([], "completa"),
        (["--incremental"], "completa"),
        (["--edicion", "alumno"], "alumno"),
    ],
)
def test_tareas_edicion(argumentos, esperada):
    sys.path.insert(0, str(RAIZ))
    import tareas

    assert tareas._edicion(argumentos) == esperada


@pytest.mark.parametrize("argumentos", [["--edicion", "profesor"], ["--edicion"]])
def test_tareas_edicion_desconocida(argumentos, tmp_path):
    # Se valida antes de preparar el entorno: el .venv de aquí no llega a crearse.
    resultado = subprocess.run(
        [sys.executable, str(RAIZ / "tareas.py"), "libro", *argumentos],
        capture_output=True,
        text=True,
        env={"RNNBOOK_VENV": str(tmp_path / "no-se-crea")},
    )
    assert not (tmp_path / "no-se-crea").exists()
    assert resultado.returncode != 0
    assert "--edicion espera una de completa, alumno" in resultado.stderr


# ------------------------------------------------------------- el libro construido
@pytest.fixture(scope="module")
def alumno() -> Path:
    # .ci/run no la construye (cuesta más de 40 s): en la integración continua
    # solo corren las pruebas del proyecto diminuto de arriba.
    if not (ALUMNO / "index.html").is_file():
        pytest.skip(
            "sin edición del alumnado (python3 tareas.py libro --edicion alumno)"
        )
    return ALUMNO


def _paginas(raiz: Path):
    for html in sorted(raiz.rglob("*.html")):
        if html.relative_to(raiz).parts[0] != "_static":
            yield html, html.read_text(encoding="utf-8")


def test_sin_ejercicios_resueltos_ni_respuestas(alumno):
    for carpeta in CARPETAS_FUERA:
        assert not (alumno / "galeria" / carpeta).exists()
    for html, texto in _paginas(alumno):
        donde = html.relative_to(alumno)
        for prohibido in (
            "Lo que encuentra la solución",
            "Respuesta modelo",
            'class="respuesta"',
            "<strong>Solución:</strong>",
            *(f"galeria/{c}/" for c in CARPETAS_FUERA),
        ):
            assert prohibido not in texto, f"{donde}: {prohibido}"
    # Pero las preguntas y los enunciados siguen ahí.
    preguntas = (alumno / "preguntas.html").read_text(encoding="utf-8")
    assert preguntas.count("<h2>") >= 7
    ejercicios = (alumno / "ejercicios.html").read_text(encoding="utf-8")
    assert 'class="pista"' in ejercicios and "B1 · Una GRU desde cero" in ejercicios


def test_aviso_en_la_portada(alumno):
    portada = (alumno / "index.html").read_text(encoding="utf-8")
    assert AVISO in portada
    assert "rnnbook.pdf" not in portada  # el PDF es el de la edición completa


class _Enlaces(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, etiqueta, atributos):
        atributos = dict(atributos)
        if atributos.get("id"):
            self.ids.add(atributos["id"])
        for clave in ("href", "src"):
            if atributos.get(clave) and not (
                etiqueta == "link" and atributos.get("rel") in ("preconnect",)
            ):
                self.urls.append(atributos[clave])


def test_ningun_enlace_local_roto(alumno):
    paginas = {}
    for html, texto in _paginas(alumno):
        analizador = _Enlaces()
        analizador.feed(texto)
        paginas[html.resolve()] = analizador
    rotos = []
    for origen, analizador in paginas.items():
        for url in analizador.urls:
            partes = urlsplit(url)
            if partes.scheme or partes.netloc:
                continue
            ruta = unquote(partes.path)
            destino = (origen.parent / ruta).resolve() if ruta else origen
            if destino.is_dir():
                destino = destino / "index.html"
            if not destino.is_file():
                rotos.append(f"{origen.relative_to(alumno.resolve())} → {url}")
            elif (
                partes.fragment
                and destino in paginas
                and unquote(partes.fragment) not in paginas[destino].ids
            ):
                rotos.append(f"{origen.relative_to(alumno.resolve())} → {url} (ancla)")
    assert not rotos, "\n".join(rotos[:30])


def test_zip_de_la_galeria_sin_soluciones(alumno):
    zips = sorted((alumno / "_downloads").rglob("galeria_*.zip"))
    assert len(zips) == 2, zips
    for ruta in zips:
        with zipfile.ZipFile(ruta) as z:
            nombres = z.namelist()
        assert nombres, ruta
        assert not [n for n in nombres if n.startswith(tuple(CARPETAS_FUERA))]


def test_la_edicion_completa_conserva_las_soluciones(alumno):
    if not (LIBRO / "index.html").is_file():
        pytest.skip("la edición completa no está construida")
    for carpeta in FUENTES_DE_SOLUCIONES:
        scripts = sorted(carpeta.glob("plot_*.py"))
        assert scripts, carpeta
        for script in scripts:
            pagina = LIBRO / "galeria" / carpeta.name / f"{script.stem}.html"
            assert pagina.is_file(), pagina
    ejercicios = (LIBRO / "ejercicios.html").read_text(encoding="utf-8")
    fuente = (RAIZ / "docs" / "ejercicios.md").read_text(encoding="utf-8")
    assert ejercicios.count("Lo que encuentra la solución") == fuente.count(
        "**Lo que encuentra la solución.**"
    )
    assert "Respuesta modelo" in (LIBRO / "preguntas.html").read_text(encoding="utf-8")
