"""El comprobador del trabajo del estudiante (``python -m rnnbook comprobar``).

Una clase correcta pasa (la del libro y los esqueletos completados), un
gradiente desviado un 1 % falla con código 1 y nombrando ese gradiente, una
excepción del estudiante falla con código 1 y su línea, un esqueleto sin tocar
falla sin traza de Python, y los errores de uso terminan con código 2.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rnnbook.cli import main
from rnnbook.comprobar import (
    TAREAS,
    TOLERANCIA_DIF_FINITAS,
    comprobar,
)

RAIZ = Path(__file__).resolve().parents[1]
ESQUELETOS = RAIZ / "docs" / "tu_trabajo"
CLASES = {tarea: definicion.clase for tarea, definicion in TAREAS.items()}


def _ejecutar(argv, capsys):
    """``main(argv)``: (código, salida, errores); los errores de uso salen con SystemExit."""
    try:
        codigo = main(argv)
    except SystemExit as salida:
        codigo = salida.code
    capt = capsys.readouterr()
    return codigo, capt.out, capt.err


def _escribir(tmp_path, nombre, texto) -> Path:
    ruta = tmp_path / nombre
    ruta.write_text(textwrap.dedent(texto), encoding="utf-8")
    return ruta


# --------------------------------------------------------------- las clases correctas pasan
@pytest.mark.parametrize("tarea", TAREAS)
def test_la_clase_del_libro_pasa(tarea, tmp_path, capsys):
    ruta = _escribir(tmp_path, "mia.py", f"from rnnbook import {CLASES[tarea]}\n")
    codigo, out, err = _ejecutar(["comprobar", tarea, str(ruta)], capsys)
    assert codigo == 0, out + err
    lineas = out.strip().splitlines()
    assert lineas[-1].endswith("Todo correcto.")
    assert not [linea for linea in lineas if linea.startswith(("✗", "⚠"))]
    assert sum(linea.startswith("✓") for linea in lineas) == len(
        TAREAS[tarea].comprobaciones
    )


@pytest.mark.parametrize("tarea", TAREAS)
def test_margen_de_las_diferencias_finitas(tarea, tmp_path):
    """El peor error de la clase del libro queda al menos diez veces por debajo de la tolerancia."""
    ruta = _escribir(tmp_path, "mia.py", f"from rnnbook import {CLASES[tarea]}\n")
    (r,) = [x for x in comprobar(tarea, ruta) if "diferencias finitas" in x.nombre]
    assert r.ok and r.error < TOLERANCIA_DIF_FINITAS / 10


# Soluciones de los esqueletos: el archivo del esqueleto tal cual, más una
# subclase con el mismo nombre que rellena los TODO. Así se prueba también
# lo que el esqueleto ya trae hecho (inicialización, bucles, conteo).
SOLUCIONES = {
    "celda_rnn": """
        from rnnbook import CeldaRNN as _Libro

        class CeldaRNN(CeldaRNN):
            def forward_step(self, x_t, h_prev):
                return _Libro.forward_step(self, x_t, h_prev)

            def _paso(self, x_t, h_prev):
                return _Libro._paso(self, x_t, h_prev)

            def backward_step(self, dh_t, x_t, h_prev, h_t):
                return _Libro._retro_paso(self, dh_t, x_t, h_prev, h_t)

            def backward_sequence(self, dY, dh_T=None):
                X, H = self.cache["X"], self.cache["H"]
                nombres = ("W_xh", "W_hh", "b_h", "W_hy", "b_y")
                grads = {n: np.zeros_like(getattr(self, n)) for n in nombres}
                dh = np.zeros((self.hidden_size, 1)) if dh_T is None else dh_T
                dX = [None] * len(X)
                for t in reversed(range(len(X))):
                    grads["W_hy"] += dY[t] @ H[t + 1].T
                    grads["b_y"] += dY[t]
                    dh = dh + self.W_hy.T @ dY[t]
                    dX[t], dh, g = self.backward_step(dh, X[t], H[t], H[t + 1])
                    for n, v in g.items():
                        grads[n] += v
                return grads, dX, dh
    """,
    "celda_lstm": """
        class CeldaLSTM(CeldaLSTM):
            def forward_step(self, x_t, h_prev, C_prev):
                concat = np.concatenate([h_prev, x_t])
                f = sigmoid(self.W_f @ concat + self.b_f)
                i = sigmoid(self.W_i @ concat + self.b_i)
                g = np.tanh(self.W_C @ concat + self.b_C)
                o = sigmoid(self.W_o @ concat + self.b_o)
                C = f * C_prev + i * g
                h = o * np.tanh(C)
                cache = dict(concat=concat, C_prev=C_prev, f=f, i=i, g=g, o=o, C=C)
                return h, C, cache

            def backward_step(self, dh_t, dC_t, cache):
                H = self.hidden_size
                f, i, g, o = (cache[k] for k in "figo")
                t = np.tanh(cache["C"])
                dC = dC_t + dh_t * o * (1 - t**2)
                da = np.concatenate([
                    dC * cache["C_prev"] * f * (1 - f),
                    dC * g * i * (1 - i),
                    dC * i * (1 - g**2),
                    dh_t * t * o * (1 - o),
                ])
                W = np.vstack([self.W_f, self.W_i, self.W_C, self.W_o])
                dconcat = W.T @ da
                dW = np.outer(da, cache["concat"])
                return dconcat[H:], dconcat[:H], dC * f, dW, da
    """,
    "celda_gru": """
        from rnnbook import CeldaGRU as _Libro

        class CeldaGRU(CeldaGRU):
            def forward_step(self, x_t, h_prev):
                return _Libro.paso_forward(self, x_t, h_prev)

            def backward_step(self, dh_t, cache):
                return _Libro.paso_backward(self, dh_t, cache)
    """,
}


@pytest.mark.parametrize("tarea", SOLUCIONES)
def test_un_esqueleto_completado_pasa(tarea, tmp_path, capsys):
    esqueleto = (ESQUELETOS / TAREAS[tarea].esqueleto).read_text(encoding="utf-8")
    ruta = tmp_path / "solucion.py"
    ruta.write_text(esqueleto + textwrap.dedent(SOLUCIONES[tarea]), encoding="utf-8")
    codigo, out, err = _ejecutar(["comprobar", tarea, str(ruta)], capsys)
    assert codigo == 0, out + err
    # Sin validación, las entradas no válidas solo avisan (y no cambian el código).
    assert "✗" not in out


# --------------------------------------------------------------- un gradiente desviado un 1 %
DESVIADOS = {
    "celda_rnn": (
        "W_hh",
        """
        from rnnbook import CeldaRNN as _Libro

        class CeldaRNN(_Libro):
            def backward_sequence(self, dY, dh_T=None):
                grads, dX, dh0 = super().backward_sequence(dY, dh_T)
                grads["W_hh"] = grads["W_hh"] * 1.01
                return grads, dX, dh0
        """,
    ),
    "bptt": (
        "W_hy",
        """
        from rnnbook import RNN_BPTT as _Libro

        class RNN_BPTT(_Libro):
            def backward(self, X, H, A, y_pred, y_true):
                grads = super().backward(X, H, A, y_pred, y_true)
                grads["W_hy"] = grads["W_hy"] * 1.01
                return grads
        """,
    ),
    "celda_lstm": (
        "W_i",
        """
        from rnnbook import CeldaLSTM as _Libro

        class CeldaLSTM(_Libro):
            def backward_sequence(self, dH, caches, dh_T=None, dC_T=None):
                g = super().backward_sequence(dH, caches, dh_T, dC_T)
                H = self.hidden_size
                g["W"][H : 2 * H] *= 1.01  # el bloque de la puerta de entrada
                return g
        """,
    ),
    "celda_gru": (
        "b_hh",
        """
        from rnnbook import CeldaGRU as _Libro

        class CeldaGRU(_Libro):
            def backward_sequence(self, dH, caches, dh_T=None):
                g = super().backward_sequence(dH, caches, dh_T)
                g["b_hh"] = g["b_hh"] * 1.01
                return g
        """,
    ),
}


@pytest.mark.parametrize("tarea", DESVIADOS)
def test_un_gradiente_desviado_un_uno_por_ciento_falla(tarea, tmp_path, capsys):
    nombre, codigo_fuente = DESVIADOS[tarea]
    ruta = _escribir(tmp_path, "desviada.py", codigo_fuente)
    codigo, out, _ = _ejecutar(["comprobar", tarea, str(ruta)], capsys)
    assert codigo == 1
    fallidas = [linea for linea in out.splitlines() if linea.startswith("✗")]
    # Falla frente a autograd y frente a diferencias finitas, y la línea nombra el gradiente.
    assert len(fallidas) == 2, out
    for linea in fallidas:
        assert "backward" in linea and f"fallan: {nombre})" in linea, linea
        error = float(re.search(r"error relativo (\S+) >", linea).group(1))
        assert 4e-3 < error < 6e-3  # 0.01 / 2.01


# --------------------------------------------------------------- excepciones del estudiante
def test_una_excepcion_en_forward_falla_con_su_linea(tmp_path, capsys):
    ruta = _escribir(
        tmp_path,
        "rota.py",
        """\
        import numpy as np
        from rnnbook import CeldaLSTM as _Libro


        class CeldaLSTM(_Libro):
            def forward_step(self, x_t, h_prev, C_prev):
                return self.ayudante(x_t)

            def ayudante(self, x_t):
                return x_t @ np.ones((7, 7))  # línea 10: formas que no encajan
        """,
    )
    codigo, out, err = _ejecutar(["comprobar", "celda_lstm", str(ruta)], capsys)
    assert codigo == 1
    linea = next(
        x for x in out.splitlines() if x.startswith("✗ formas de forward_step")
    )
    assert "ValueError" in linea and "(rota.py, línea 10)" in linea
    assert "Traceback" not in out + err


def test_error_de_sintaxis_falla_con_su_linea(tmp_path, capsys):
    ruta = _escribir(
        tmp_path, "sintaxis.py", "import numpy as np\n\nclass CeldaGRU(:\n"
    )
    codigo, out, err = _ejecutar(["comprobar", "celda_gru", str(ruta)], capsys)
    assert codigo == 1
    assert "✗ cargar sintaxis.py: SyntaxError" in out and "línea 3" in out
    assert "Traceback" not in out + err


def test_excepcion_al_importar_falla(tmp_path, capsys):
    ruta = _escribir(tmp_path, "importa.py", "import numpy as np\n\nx = 1 / 0\n")
    codigo, out, _ = _ejecutar(["comprobar", "celda_gru", str(ruta)], capsys)
    assert codigo == 1
    assert "ZeroDivisionError" in out and "(importa.py, línea 3)" in out


@pytest.mark.parametrize("tarea", TAREAS)
def test_esqueleto_sin_tocar_falla_sin_traza(tarea, capsys):
    ruta = ESQUELETOS / TAREAS[tarea].esqueleto
    codigo, out, err = _ejecutar(["comprobar", tarea, str(ruta)], capsys)
    assert codigo == 1
    assert "Traceback" not in out + err and err == ""
    fallidas = [x for x in out.splitlines() if x.startswith("✗")]
    assert fallidas and all("NotImplementedError" in x for x in fallidas)
    assert all(f"({ruta.name}, línea " in x for x in fallidas)


def test_los_esqueletos_solo_importan_numpy():
    for definicion in TAREAS.values():
        texto = (ESQUELETOS / definicion.esqueleto).read_text(encoding="utf-8")
        importaciones = re.findall(r"^\s*(?:import|from)\s+(\w+)", texto, flags=re.M)
        assert set(importaciones) == {"numpy"}, definicion.esqueleto
        assert "# TODO" in texto and "raise NotImplementedError(" in texto
        assert "python -m rnnbook comprobar " in texto


# --------------------------------------------------------------- errores de uso: código 2
def test_errores_de_uso(tmp_path, capsys):
    sin_clase = _escribir(tmp_path, "otra.py", "class Otra:\n    pass\n")
    texto = _escribir(tmp_path, "celda.txt", "from rnnbook import CeldaGRU\n")
    casos = [
        (["comprobar", "celda_xyz", str(sin_clase)], "opción no válida"),
        (["comprobar", "celda_gru", str(tmp_path / "no_existe.py")], "no existe"),
        (["comprobar", "celda_gru", str(tmp_path)], "es una carpeta"),
        (["comprobar", "celda_gru", str(texto)], "no es un archivo de Python"),
        (
            ["comprobar", "celda_gru", str(sin_clase)],
            "no define la clase CeldaGRU; clases encontradas: Otra",
        ),
        (["comprobar", "celda_gru"], "faltan argumentos obligatorios"),
    ]
    for argv, mensaje in casos:
        codigo, out, err = _ejecutar(argv, capsys)
        assert codigo == 2, argv
        assert mensaje in err and "uso:" in err and out == "", (argv, err)


def test_python_m_rnnbook_comprobar(tmp_path):
    """Desde la terminal: códigos 0, 1 y 2 y ninguna traza."""
    entorno = {**os.environ, "PYTHONPATH": str(RAIZ)}
    buena = _escribir(tmp_path, "buena.py", "from rnnbook import CeldaRNN\n")
    casos = [
        (["celda_rnn", str(buena)], 0),
        (["celda_rnn", str(ESQUELETOS / "celda_rnn.py")], 1),
        (["celda_rnn", str(tmp_path / "nada.py")], 2),
    ]
    for argv, esperado in casos:
        r = subprocess.run(
            [sys.executable, "-m", "rnnbook", "comprobar", *argv],
            capture_output=True,
            text=True,
            env=entorno,
            cwd=tmp_path,
            timeout=120,
        )
        assert r.returncode == esperado, r.stdout + r.stderr
        assert "Traceback" not in r.stdout + r.stderr
    assert (
        "Todo correcto."
        in subprocess.run(
            [sys.executable, "-m", "rnnbook", "comprobar", "celda_rnn", str(buena)],
            capture_output=True,
            text=True,
            env=entorno,
            timeout=120,
        ).stdout
    )


# --------------------------------------------------------------- la plantilla del informe
def test_el_cuaderno_de_la_plantilla_es_el_markdown():
    """El .ipynb es exactamente el que genera el .md (regenerarlo: generar_cuaderno.py)."""
    import importlib.util

    import nbformat

    spec = importlib.util.spec_from_file_location(
        "_generar_cuaderno", ESQUELETOS / "generar_cuaderno.py"
    )
    generador = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generador)
    md = (ESQUELETOS / "plantilla_informe.md").read_text(encoding="utf-8")
    publicado = (ESQUELETOS / "plantilla_informe.ipynb").read_text(encoding="utf-8")
    assert publicado == generador.texto_cuaderno(md), (
        "plantilla_informe.ipynb no coincide con plantilla_informe.md: "
        "ejecuta python docs/tu_trabajo/generar_cuaderno.py"
    )
    nb = nbformat.reads(publicado, as_version=4)
    nbformat.validate(nb)
    # Las celdas de Markdown, unidas, son el .md sin sus bloques de órdenes.
    texto = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    sin_bloques = re.sub(r"```bash\n.*?```\n?", "", md, flags=re.S)
    assert (
        re.sub(r"\s+", " ", texto).strip() == re.sub(r"\s+", " ", sin_bloques).strip()
    )
    ordenes = [c.source for c in nb.cells if c.cell_type == "code"]
    assert ordenes and all(o.startswith("!python -m rnnbook ") for o in ordenes)
