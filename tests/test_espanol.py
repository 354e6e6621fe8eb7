"""Un solo español en todo el libro (véase la sección «Convenciones del libro» del glosario).

Se revisa la prosa de los capítulos (``docs/*.md``, sin los bloques de código),
de los ejemplos de la galería (comentarios y docstrings de
``gallery/**/plot_*.py``), del paquete (docstrings, comentarios y cadenas de
``rnnbook/**/*.py``) y del README, y los textos de las cifras registradas por
la última construcción (``docs/galeria/_medidas/*.json``), si existen. Cada
regla busca una forma concreta que el libro ya no usa; ``test_reglas_detectan``
comprueba que cada una detecta el texto antiguo, para que ninguna pase por no
buscar nada.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[1]

# regla → (expresión, qué se escribe en su lugar)
REGLAS = {
    "LSTM/GRU en masculino": (
        re.compile(r"\b(?:[Uu]n|[Ee]l|[Dd]el|[Aa]l)\s+(?:#\s*)?(?:LSTM|GRU)\b"),
        "la LSTM, una GRU, de la LSTM",
    ),
    "embedding sin cursiva": (
        # La palabra inglesa en la prosa, fuera de *cursiva*, de ``código`` y de
        # nombres de código (nn.Embedding, BolsaEmbeddings, dim_embedding).
        re.compile(r"(?<![\w*`.\"'])embeddings?(?![\w*`(=\"'])"),
        "incrustación (*embedding* solo la primera vez)",
    ),
    "ECM": (re.compile(r"\bECM\b"), "MSE"),
    "muchos-a-uno con guiones": (
        re.compile(r"\b(?:[Mm]uchos|[Uu]no)-a-"),
        "muchos a uno",
    ),
    "paso hacia atrás/adelante": (
        # «Paso» es el paso de tiempo: «k pasos hacia atrás» es correcto; la
        # pasada completa no es «el paso hacia atrás» ni «sus pasos hacia atrás».
        re.compile(r"\b(?:[Pp]aso|[Ss]us pasos) hacia (?:atrás|adelante|delante)\b"),
        "pasada hacia atrás / hacia adelante",
    ),
    "miles con coma": (
        re.compile(r"\d,\d{3}(?![\d])"),
        "formato_miles: 295 682 con espacio fino, o sin agrupar",
    ),
    "miles con espacio normal": (
        re.compile(r"(?<![\d.,])\d{1,3} \d{3}(?![\d])"),
        "formato_miles: espacio fino (U+2009), que no se corta al final de línea",
    ),
    "regionalismos": (
        re.compile(
            r"\b(?:[Vv]ídeos?|[Oo]rdenador(?:es)?|[Gg]rifos?|[Cc]oger|[Cc]ogemos)\b"
            r"|(?<!dispositivo )\b[Mm]óvil\b"
        ),
        "video, computadora, válvula, tomar, teléfono",
    ),
    "cita en texto plano": (
        re.compile(
            r"\bet al\.|\([A-ZÁÉÍÓÚ][\w-]+(?:,? (?:y|&) [A-ZÁÉÍÓÚ][\w-]+)*, (?:19|20)\d\d[),]"
        ),
        "{cite:t}`clave` en MyST, :cite:t:`clave` en reST",
    ),
    "1 pasos": (re.compile(r"(?<![\d.])(?<![−+-] )1 pasos\b"), "1 paso"),
}


def _prosa_markdown(texto: str) -> str:
    """El texto de un capítulo sin los bloques de código cercados."""
    fuera, lineas, valla = [], texto.splitlines(), None
    for linea in lineas:
        marca = re.match(r"\s*(`{3,}|~{3,})", linea)
        if marca and valla is None:
            valla = marca.group(1)
            # Las directivas de MyST ({note}, {list-table}...) son prosa.
            if re.match(r"\s*[`~]{3,}\{(?!code|code-block|literalinclude)", linea):
                valla = None
            fuera.append("")
            continue
        if valla is not None:
            if linea.strip().startswith(valla):
                valla = None
            fuera.append("")
            continue
        fuera.append(linea)
    return "\n".join(fuera)


_TOKENS_DE_PROSA = {
    tokenize.COMMENT,
    tokenize.STRING,
    getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING),  # Python ≥ 3.12
}


def _prosa_python(texto: str) -> str:
    """Comentarios y cadenas de un archivo de Python (no los identificadores)."""
    trozos = []
    for tok in tokenize.generate_tokens(io.StringIO(texto).readline):
        if tok.type in _TOKENS_DE_PROSA:
            trozos.append(tok.string)
    return "\n".join(trozos)


def _fuentes():
    """(nombre, prosa) de cada archivo revisado."""
    for ruta in sorted((RAIZ / "docs").glob("*.md")):
        yield ruta.relative_to(RAIZ).as_posix(), _prosa_markdown(ruta.read_text())
    yield "README.md", _prosa_markdown((RAIZ / "README.md").read_text())
    for carpeta in ("gallery", "rnnbook"):
        for ruta in sorted((RAIZ / carpeta).rglob("*.py")):
            texto = ruta.read_text()
            prosa = _prosa_python(texto)
            yield ruta.relative_to(RAIZ).as_posix(), prosa
    medidas = RAIZ / "docs" / "galeria" / "_medidas"
    for ruta in sorted(medidas.glob("*.json")) if medidas.is_dir() else []:
        texto = json.loads(ruta.read_text(encoding="utf-8")).get("texto", "")
        yield ruta.relative_to(RAIZ).as_posix(), str(texto)


# Excepciones exactas y justificadas: (archivo, regla, fragmento).
PERMITIDAS = {
    # El propio test escribe los patrones que busca.
    ("tests/test_espanol.py", "*", "*"),
    # El docstring de formato_miles explica por qué la coma no sirve.
    ("rnnbook/libro.py", "miles con coma", "5,682"),
}


def _permitida(archivo: str, regla: str, fragmento: str) -> bool:
    return any(
        a == archivo and r in ("*", regla) and f in ("*", fragmento)
        for a, r, f in PERMITIDAS
    )


def _hallazgos(reglas=REGLAS):
    malos = []
    for archivo, prosa in _fuentes():
        for nombre, (patron, en_su_lugar) in reglas.items():
            for m in patron.finditer(prosa):
                if _permitida(archivo, nombre, m.group(0)):
                    continue
                contexto = prosa[max(0, m.start() - 30) : m.end() + 30].replace(
                    "\n", " "
                )
                malos.append(f"{archivo}: [{nombre}] «…{contexto}…» → {en_su_lugar}")
    return malos


@pytest.mark.parametrize("regla", sorted(REGLAS))
def test_un_solo_espanol(regla):
    malos = _hallazgos({regla: REGLAS[regla]})
    assert not malos, "\n".join(malos)


@pytest.mark.parametrize(
    ("regla", "antiguo", "nuevo"),
    [
        (
            "LSTM/GRU en masculino",
            "Análisis de sentimiento con un LSTM",
            "con una LSTM",
        ),
        (
            "LSTM/GRU en masculino",
            "en CPU, el\n    LSTM usa",
            "en CPU, la\n    LSTM usa",
        ),
        ("LSTM/GRU en masculino", "simplifica el LSTM", "simplifica la LSTM"),
        ("embedding sin cursiva", "bolsa de embeddings", "bolsa de incrustaciones"),
        ("embedding sin cursiva", "tokens: embedding → LSTM", "*embedding* → LSTM"),
        ("ECM", "ECM de prueba", "MSE de prueba"),
        ("muchos-a-uno con guiones", "tarea muchos-a-uno", "tarea muchos a uno"),
        (
            "paso hacia atrás/adelante",
            "con su paso hacia atrás",
            "su pasada hacia atrás",
        ),
        ("miles con coma", "24,202 (RNN) y 92,938", "24\u2009202 (RNN)"),
        ("miles con coma", "Parámetros totales: 295,682", "Parámetros: 295682"),
        (
            "miles con espacio normal",
            "la incrustación (64 000 parámetros)",
            "64\u2009000",
        ),
        ("regionalismos", "- **Vídeo.** Un fotograma", "- **Video.** Un fotograma"),
        ("regionalismos", "cada puerta es un **grifo**", "una **válvula**"),
        ("regionalismos", "Recursos limitados (móvil, embebido)", "dispositivo móvil"),
        ("cita en texto plano", "(Tallec y Ollivier, 2018, proponen", ":cite:t:`x`"),
        ("cita en texto plano", "Vaswani et al. (2017) dieron", ":cite:t:`x` dieron"),
        ("cita en texto plano", "(Mikolov et al., 2013) aprende", ":cite:p:`x`"),
        ("cita en texto plano", "(Hochreiter y Schmidhuber, 1997)", "en 2017"),
        ("1 pasos", "solo actúa en 1 pasos.", "durante T − 1 pasos"),
    ],
)
def test_reglas_detectan(regla, antiguo, nuevo):
    """Cada regla encuentra el texto que había antes y acepta el que lo sustituye."""
    patron = REGLAS[regla][0]
    assert patron.search(antiguo), (regla, antiguo)
    assert not patron.search(nuevo), (regla, nuevo)


def test_prosa_de_python_sin_codigo():
    """Los identificadores no cuentan como prosa; comentarios y cadenas sí."""
    codigo = 'self.embedding = nn.Embedding(10, 4)  # la incrustación\nx = "el LSTM"\n'
    prosa = _prosa_python(codigo)
    assert "self.embedding" not in prosa and "el LSTM" in prosa
    assert not REGLAS["embedding sin cursiva"][0].search(prosa)


def test_prosa_markdown_sin_bloques_de_codigo():
    texto = (
        "Texto con el MSE.\n\n```python\nx = 1,000\n```\n\n```{note}\nun LSTM\n```\n"
    )
    prosa = _prosa_markdown(texto)
    assert "1,000" not in prosa and "un LSTM" in prosa
