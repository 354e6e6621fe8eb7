"""El código que se ve en las páginas de la galería.

Cada ``gallery/**/plot_*.py`` se parte como lo hace sphinx-gallery: el
docstring del módulo es texto; una línea ``# %%`` abre un bloque y los
comentarios que la siguen sin interrupción son su texto; lo demás es una celda
de código. Dentro de una celda, lo que va entre ``# sphinx_gallery_start_ignore``
y ``# sphinx_gallery_end_ignore`` se ejecuta pero no se ve (ni en la página ni
en el cuaderno): ahí va la fontanería del libro, como ``registrar_medida``.

Se comprueba que

* la fontanería no asoma en el código visible;
* ninguna línea de código visible pasa de 88 caracteres (nada se desplaza de
  lado en la página);
* las páginas que enseñan un código lo muestran con :func:`rnnbook.libro.fuente`
  (la única copia, la del paquete) como última expresión de su celda, que es
  la que sphinx-gallery muestra;
* el código visible se sostiene solo, sin nombres definidos en bloques ocultos
  (el cuaderno descargado no los tiene);
* y, si el libro está construido, que las páginas HTML y los cuadernos no
  contienen ``registrar_medida`` y que la página de BPTT muestra el bucle.
"""

from __future__ import annotations

import ast
import importlib
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import RAIZ

GALERIA = RAIZ / "gallery"
EJEMPLOS = sorted(GALERIA.glob("*/plot_*.py"))
IDS = [p.stem for p in EJEMPLOS]
MAXIMO = 88
FONTANERIA = "registrar_medida"

_CABECERA = re.compile(r"^# ?%%")
_INICIO_OCULTO = re.compile(r"^[ \t]*#\s*sphinx_gallery_start_ignore\s*$")
_FIN_OCULTO = re.compile(r"^[ \t]*#\s*sphinx_gallery_end_ignore\s*$")


@dataclass
class Celda:
    """Una celda de código: sus líneas (número de línea, texto) y cuáles se ven."""

    lineas: list[tuple[int, str]] = field(default_factory=list)
    visibles: list[tuple[int, str]] = field(default_factory=list)
    ocultas: list[tuple[int, str]] = field(default_factory=list)

    @property
    def codigo_visible(self) -> str:
        return "\n".join(texto for _, texto in self.visibles)


def _fin_docstring(fuente: str) -> int:
    """Última línea (base 1) del docstring del módulo; 0 si no tiene."""
    modulo = ast.parse(fuente)
    if (
        modulo.body
        and isinstance(modulo.body[0], ast.Expr)
        and isinstance(modulo.body[0].value, ast.Constant)
        and isinstance(modulo.body[0].value.value, str)
    ):
        return modulo.body[0].end_lineno
    return 0


def _separar_oculto(celda: Celda, ruta: Path) -> None:
    dentro = False
    for numero, texto in celda.lineas:
        if _INICIO_OCULTO.match(texto):
            assert not dentro, f"{ruta.name}:{numero}: bloque oculto anidado"
            dentro = True
            celda.ocultas.append((numero, texto))
        elif _FIN_OCULTO.match(texto):
            assert dentro, f"{ruta.name}:{numero}: fin de bloque oculto sin inicio"
            dentro = False
            celda.ocultas.append((numero, texto))
        elif dentro:
            celda.ocultas.append((numero, texto))
        else:
            celda.visibles.append((numero, texto))
    assert not dentro, f"{ruta.name}: un bloque oculto no se cierra en su celda"


def celdas_de_codigo(ruta: Path) -> list[Celda]:
    """Las celdas de código de un ejemplo, con las reglas de sphinx-gallery."""
    fuente = ruta.read_text(encoding="utf-8")
    lineas = fuente.splitlines()
    i = _fin_docstring(fuente)
    celdas: list[Celda] = []
    actual = Celda()
    while i < len(lineas):
        if _CABECERA.match(lineas[i]):
            celdas.append(actual)
            actual = Celda()
            i += 1
            while i < len(lineas) and lineas[i].startswith("#"):  # bloque de texto
                i += 1
            continue
        actual.lineas.append((i + 1, lineas[i]))
        i += 1
    celdas.append(actual)
    celdas = [c for c in celdas if any(t.strip() for _, t in c.lineas)]
    for celda in celdas:
        _separar_oculto(celda, ruta)
    return celdas


def _relativa(ruta: Path) -> str:
    return ruta.relative_to(GALERIA).as_posix()


# ------------------------------------------------------------------ fontanería


def test_se_encuentran_los_ejemplos():
    assert len(EJEMPLOS) >= 20, EJEMPLOS
    # El analizador reconoce código y texto en un ejemplo conocido.
    celdas = celdas_de_codigo(GALERIA / "parte1_rnn" / "plot_03_bptt.py")
    assert len(celdas) > 5
    assert all("# %%" not in c.codigo_visible for c in celdas)


@pytest.mark.parametrize("ruta", EJEMPLOS, ids=IDS)
def test_fontaneria_solo_en_bloques_ocultos(ruta: Path):
    fuera = [
        f"{ruta.name}:{numero}: {texto.strip()}"
        for celda in celdas_de_codigo(ruta)
        for numero, texto in celda.visibles
        if FONTANERIA in texto
    ]
    assert not fuera, "registrar_medida a la vista:\n" + "\n".join(fuera)


@pytest.mark.parametrize("ruta", EJEMPLOS, ids=IDS)
def test_texto_sin_fontaneria(ruta: Path):
    """Los bloques de texto tampoco nombran la fontanería."""
    codigo = {n for c in celdas_de_codigo(ruta) for n, _ in c.lineas}
    lineas = ruta.read_text(encoding="utf-8").splitlines()
    fuera = [
        f"{ruta.name}:{n}"
        for n, texto in enumerate(lineas, start=1)
        if n not in codigo and FONTANERIA in texto
    ]
    assert not fuera, fuera


@pytest.mark.parametrize("ruta", EJEMPLOS, ids=IDS)
def test_lineas_de_codigo_cortas(ruta: Path):
    largas = [
        f"{ruta.name}:{numero} ({len(texto)} caracteres): {texto.strip()[:60]}…"
        for celda in celdas_de_codigo(ruta)
        for numero, texto in celda.visibles
        if len(texto) > MAXIMO
    ]
    assert not largas, f"líneas de código de más de {MAXIMO} caracteres:\n" + "\n".join(
        largas
    )


@pytest.mark.parametrize("ruta", EJEMPLOS, ids=IDS)
def test_cada_celda_visible_es_python_valido(ruta: Path):
    for celda in celdas_de_codigo(ruta):
        if celda.codigo_visible.strip():
            ast.parse(celda.codigo_visible, filename=str(ruta))


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff no está instalado")
@pytest.mark.parametrize("ruta", EJEMPLOS, ids=IDS)
def test_codigo_visible_no_depende_de_lo_oculto(ruta: Path):
    """Sin los bloques ocultos (como en el cuaderno) no falta ningún nombre."""
    visible = "\n".join(c.codigo_visible for c in celdas_de_codigo(ruta))
    r = subprocess.run(
        [
            "ruff",
            "check",
            "--no-cache",
            "--isolated",
            "--select",
            "F821,F822",
            "--output-format",
            "concise",
            "--stdin-filename",
            ruta.name,
            "-",
        ],
        input=visible,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr


# ----------------------------------------------------- el código que se enseña

#: Página → objetos cuyo código debe mostrar con ``fuente(...)``. Cada objeto se
#: escribe como en la página y con la ruta que lo importa, para comprobar
#: también que existe y que ``fuente`` puede mostrarlo.
FUENTES = {
    "parte1_rnn/plot_01_celda_rnn.py": {
        "CeldaRNN.forward_step": "rnnbook:CeldaRNN.forward_step",
        "CeldaRNN._paso": "rnnbook:CeldaRNN._paso",
        "CeldaRNN.backward_step": "rnnbook:CeldaRNN.backward_step",
        "CeldaRNN._retro_paso": "rnnbook:CeldaRNN._retro_paso",
    },
    "parte1_rnn/plot_03_bptt.py": {
        "RNN_BPTT._backward": "rnnbook:RNN_BPTT._backward",
        "CeldaRNN.backward_sequence": "rnnbook:CeldaRNN.backward_sequence",
        "RNN_BPTT.clip_gradients": "rnnbook:RNN_BPTT.clip_gradients",
    },
    "parte2_gradiente_lstm/plot_03_puertas_lstm.py": {
        "ejemplo_puertas_lstm": "rnnbook.experimentos:ejemplo_puertas_lstm",
    },
    "parte2_gradiente_lstm/plot_04_celda_lstm.py": {
        "CeldaLSTM.paso_forward": "rnnbook:CeldaLSTM.paso_forward",
        "_activar": "rnnbook.desde_cero.lstm:_activar",
        "CeldaLSTM.paso_backward": "rnnbook:CeldaLSTM.paso_backward",
        "_retro_puertas": "rnnbook.desde_cero.lstm:_retro_puertas",
    },
    "parte2_gradiente_lstm/plot_05_celda_gru.py": {
        "CeldaGRU.paso_forward": "rnnbook:CeldaGRU.paso_forward",
        "CeldaGRU.paso_backward": "rnnbook:CeldaGRU.paso_backward",
    },
    "ejercicios_resueltos/plot_05_bptt_truncada.py": {
        "gradientes_bptt_truncada": "rnnbook.desde_cero:gradientes_bptt_truncada",
        "gradiente_trozo_sin_validar": (
            "rnnbook.desde_cero:gradiente_trozo_sin_validar"
        ),
    },
    "parte3_aplicaciones/plot_01_sentimiento.py": {
        "SentimentLSTM.__init__": "rnnbook:SentimentLSTM.__init__",
        "SentimentLSTM.forward": "rnnbook:SentimentLSTM.forward",
        "entrenar_una_epoca": "rnnbook.entrenamiento:entrenar_una_epoca",
    },
    "parte4_avanzadas/plot_04_atencion.py": {
        "AtencionAditiva.forward": "rnnbook.modelos:AtencionAditiva.forward",
        "DecoderAtencion.forward_step": "rnnbook.modelos:DecoderAtencion.forward_step",
    },
}

#: Lo que el código mostrado en cada página debe contener: lo que el texto
#: anuncia (el bucle de BPTT, la máscara y el softmax de la atención...).
CONTENIDO = {
    "parte1_rnn/plot_03_bptt.py": ["for t in reversed(range(T))", "clip"],
    "parte2_gradiente_lstm/plot_04_celda_lstm.py": ["f_t * C_prev + i_t * C_til"],
    "ejercicios_resueltos/plot_05_bptt_truncada.py": ["range(0, X.shape[0], k)"],
    "parte3_aplicaciones/plot_01_sentimiento.py": [
        "zero_grad",
        ".backward()",
        "clip_grad_norm_",
        "optimizador.step()",
    ],
    "parte4_avanzadas/plot_04_atencion.py": ["masked_fill", "softmax"],
}


def _resolver(ruta: str):
    modulo, _, nombre = ruta.partition(":")
    objeto = importlib.import_module(modulo)
    for parte in nombre.split("."):
        objeto = getattr(objeto, parte)
    return objeto


def _llamadas_a_fuente(ruta: Path) -> list[tuple[str, bool]]:
    """``(argumento, es_la_última_expresión_de_su_celda)`` de cada ``fuente(...)``."""
    llamadas = []
    for celda in celdas_de_codigo(ruta):
        if not celda.codigo_visible.strip():
            continue
        cuerpo = ast.parse(celda.codigo_visible).body
        for nodo in cuerpo:
            for sub in ast.walk(nodo):
                if (
                    isinstance(sub, ast.Call)
                    and isinstance(sub.func, ast.Name)
                    and sub.func.id == "fuente"
                    and len(sub.args) == 1
                ):
                    ultima = nodo is cuerpo[-1] and isinstance(nodo, ast.Expr)
                    llamadas.append((ast.unparse(sub.args[0]), ultima))
    return llamadas


@pytest.mark.parametrize("pagina", sorted(FUENTES))
def test_paginas_muestran_su_codigo(pagina: str):
    llamadas = _llamadas_a_fuente(GALERIA / pagina)
    mostradas = {arg for arg, _ in llamadas}
    faltan = sorted(
        esperado
        for esperado in FUENTES[pagina]
        if not any(m == esperado or m.endswith("." + esperado) for m in mostradas)
    )
    assert not faltan, f"{pagina} no muestra con fuente(...): {faltan}"
    escondidas = [arg for arg, ultima in llamadas if not ultima]
    assert not escondidas, (
        f"{pagina}: fuente(...) debe ser la última expresión de su celda "
        f"(si no, sphinx-gallery no la muestra): {escondidas}"
    )


@pytest.mark.parametrize("pagina", sorted(FUENTES))
def test_codigo_mostrado_existe_y_contiene_lo_anunciado(pagina: str):
    from rnnbook.libro import fuente

    codigo = "\n".join(
        fuente(_resolver(ruta)).codigo for ruta in FUENTES[pagina].values()
    )
    for texto in CONTENIDO.get(pagina, []):
        assert texto in codigo, f"{pagina}: el código mostrado no contiene {texto!r}"


@pytest.mark.parametrize("pagina", sorted(FUENTES))
def test_codigo_mostrado_cabe_en_la_pagina(pagina: str):
    """El código que muestra ``fuente(...)`` tampoco se desplaza de lado (≤ 88)."""
    from rnnbook.libro import fuente

    largas = [
        f"{ruta}: {linea!r}"
        for ruta in FUENTES[pagina].values()
        for linea in fuente(_resolver(ruta)).codigo.splitlines()
        if len(linea) > MAXIMO
    ]
    assert not largas, "líneas de más de 88 caracteres:\n" + "\n".join(largas)


def test_fuente_se_importa_donde_se_usa():
    """Cada página que llama a ``fuente`` la importa a la vista."""
    for pagina in FUENTES:
        visible = "\n".join(
            c.codigo_visible for c in celdas_de_codigo(GALERIA / pagina)
        )
        assert "from rnnbook.libro import fuente" in visible, pagina


# ------------------------------------------------------------ el libro construido


def test_libro_sin_fontaneria(libro_construido: Path):
    galeria = libro_construido / "galeria"
    paginas = sorted(galeria.rglob("*.html"))
    assert paginas, f"no hay páginas en {galeria}"
    con = [str(p) for p in paginas if FONTANERIA in p.read_text(encoding="utf-8")]
    assert not con, "páginas con registrar_medida:\n" + "\n".join(con)
    cuadernos = sorted((RAIZ / "docs" / "galeria").rglob("plot_*.ipynb"))
    cuadernos += sorted(libro_construido.glob("_downloads/*/plot_*.ipynb"))
    con = [str(p) for p in cuadernos if FONTANERIA in p.read_text(encoding="utf-8")]
    assert not con, "cuadernos con registrar_medida:\n" + "\n".join(con)


def test_scripts_descargables_sin_fontaneria(libro_construido: Path):
    scripts = sorted((RAIZ / "docs" / "galeria").rglob("plot_*.py"))
    scripts += sorted(libro_construido.glob("_downloads/*/plot_*.py"))
    assert scripts
    con = [str(p) for p in scripts if FONTANERIA in p.read_text(encoding="utf-8")]
    assert not con, "scripts con registrar_medida:\n" + "\n".join(con)
    comprimidos = sorted((RAIZ / "docs" / "galeria").rglob("*.zip"))
    comprimidos += sorted(libro_construido.glob("_downloads/*/*.zip"))
    assert comprimidos
    con = []
    for ruta in comprimidos:
        with zipfile.ZipFile(ruta) as z:
            con += [
                f"{ruta}:{n}"
                for n in z.namelist()
                if FONTANERIA in z.read(n).decode("utf-8", errors="replace")
            ]
    assert not con, "comprimidos con registrar_medida:\n" + "\n".join(con)


def test_pagina_bptt_muestra_el_bucle(libro_construido: Path):
    pagina = libro_construido / "galeria" / "parte1_rnn" / "plot_03_bptt.html"
    texto = re.sub(r"<[^>]+>", "", pagina.read_text(encoding="utf-8"))
    for fragmento in ("reversed(range(T))", "clip_gradients", "backward_sequence"):
        assert fragmento in texto, f"la página de BPTT no muestra {fragmento!r}"
