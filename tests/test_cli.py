"""La línea de órdenes: ayuda y errores en español, ``entrenar`` de principio a fin y el cableado del resto."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from collections import defaultdict
from pathlib import Path

import pytest
import torch

import rnnbook.entregables
from rnnbook import (
    GRUSeriesPredictor,
    LSTMSeriesPredictor,
    SentimentLSTM,
    cargar_modelo,
    contar_parametros,
)
from rnnbook.cli import construir_analizador, main, traducir_error

INGLES = [
    "usage:",
    "positional arguments",
    "options:",
    "show this help message",
    "invalid choice",
    "the following arguments are required",
    "unrecognized arguments",
    "expected one argument",
    "error: argument ",
    # errores del sistema operativo y trazas de Python
    "Traceback",
    "Errno",
    "Permission denied",
    "Not a directory",
    "Read-only file system",
    "Is a directory",
    "No such file",
]

SIN_GPU = "Se pidió el dispositivo 'cuda', pero no hay ninguna GPU CUDA disponible."


def _ejecutar(argv, capsys):
    with pytest.raises(SystemExit) as salida:
        main(argv)
    capt = capsys.readouterr()
    return salida.value.code, capt.out, capt.err


# ---------------------------------------------------------------------------- ayuda
@pytest.mark.parametrize(
    "argv", [["--help"], ["entrenar", "--help"], ["benchmark", "-h"], ["figuras", "-h"]]
)
def test_ayuda_en_espanol(argv, capsys):
    codigo, out, err = _ejecutar(argv, capsys)
    assert codigo == 0 and err == ""
    assert (
        "uso:" in out and "muestra esta ayuda y termina" in out and "opciones:" in out
    )
    assert not [frase for frase in INGLES if frase in out]


def test_ayuda_de_entrenar_nombra_tareas_y_archivos(capsys):
    _, out, _ = _ejecutar(["entrenar", "--help"], capsys)
    for texto in (
        "{sentimiento,series,gru}",
        "argumentos posicionales",
        "--salida DIR",
        "--epocas N",
        "{auto,cpu,cuda}",
        "modelo_sentimiento.pth",
        "lstm_series_tiempo.png",
        "metricas_gru.json",
    ):
        assert texto in out, texto


def test_python_m_rnnbook():
    r = subprocess.run(
        [sys.executable, "-m", "rnnbook", "entrenar", "--help"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0 and r.stdout.startswith("uso: python -m rnnbook entrenar")


# --------------------------------------------------------------------------- errores
@pytest.mark.parametrize(
    "argv,texto",
    [
        (["entrenar", "clima", "--salida", "x"], "opción no válida 'clima'"),
        (["entrenar", "series"], "faltan argumentos obligatorios: --salida"),
        (
            ["entrenar", "series", "--salida", "x", "--epocas", "0"],
            "argumento --epocas: debe ser un entero >= 1",
        ),
        (
            ["entrenar", "series", "--salida", "x", "--epocas", "diez"],
            "se recibió 'diez'",
        ),
        (
            ["entrenar", "series", "--salida", "x", "--epocas"],
            "argumento --epocas: falta el valor",
        ),
        (
            ["entrenar", "series", "--salida", "x", "--semilla", "-1"],
            "argumento --semilla",
        ),
        (
            ["entrenar", "series", "--salida", "x", "--dispositivo", "tpu"],
            "elige entre auto, cpu, cuda",
        ),
        (
            ["entrenar", "series", "--salida", "x", "--nada"],
            "argumentos no reconocidos: --nada",
        ),
        (
            ["benchmark", "--salida", "x", "--dispositivo", "gpu"],
            "elige entre auto, cpu, cuda, todos",
        ),
        (
            ["entrenar", "series", "--salida", "x", "--semilla", "4294967296"],
            "argumento --semilla: debe ser un entero entre 0 y 4294967295; "
            "se recibió 4294967296",
        ),
        (["volar"], "opción no válida: 'volar'"),
        ([], "faltan argumentos obligatorios"),
    ],
)
def test_argumentos_invalidos_en_espanol(argv, texto, capsys):
    codigo, out, err = _ejecutar(argv, capsys)
    assert codigo == 2 and out == ""
    assert texto in err and "uso:" in err and "error:" in err
    assert not [frase for frase in INGLES if frase in err]


def _ingles(texto: str) -> list[str]:
    return [frase for frase in INGLES if frase in texto]


# ----------------------------------------------------- --dispositivo cuda sin GPU
# Orden (argumentos sin --salida ni --dispositivo) → función de entregables que la ejecuta.
CON_DISPOSITIVO = {
    "entrenar sentimiento": (["entrenar", "sentimiento"], "ejecutar_sentimiento"),
    "entrenar series": (["entrenar", "series"], "ejecutar_series"),
    "entrenar gru": (["entrenar", "gru"], "ejecutar_gru"),
    "benchmark": (["benchmark"], "ejecutar_benchmark"),
    "generar": (["generar", "--longitud", "5"], "ejecutar_generacion"),
}


@pytest.fixture
def sin_gpu(monkeypatch):
    """Simula una máquina sin GPU (también en una que la tenga)."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.delenv("RNNBOOK_DISPOSITIVO", raising=False)


@pytest.fixture
def espias(monkeypatch):
    """Sustituye las funciones de entregables por espías que anotan si se llamaron."""
    llamadas = []
    for funcion in [f for _, f in CON_DISPOSITIVO.values()] + ["generar_figuras"]:
        monkeypatch.setattr(
            rnnbook.entregables,
            funcion,
            lambda *a, _f=funcion, **k: (
                llamadas.append((_f, a, k)) or defaultdict(float)
            ),
        )
    return llamadas


def test_todas_las_ordenes_con_dispositivo_se_prueban():
    subanalizadores = next(
        a for a in construir_analizador()._actions if a.dest == "orden"
    ).choices
    con_dispositivo = {
        nombre
        for nombre, sub in subanalizadores.items()
        if any(a.dest == "dispositivo" for a in sub._actions)
    }
    assert con_dispositivo == {v[0][0] for v in CON_DISPOSITIVO.values()}


@pytest.mark.parametrize("orden", list(CON_DISPOSITIVO))
def test_cuda_sin_gpu_se_rechaza_igual_en_todas_las_ordenes(
    orden, tmp_path, capsys, sin_gpu, espias
):
    argv, _ = CON_DISPOSITIVO[orden]
    salida = tmp_path / "res"
    codigo = main([*argv, "--salida", str(salida), "--dispositivo", "cuda"])
    out, err = capsys.readouterr()
    assert codigo == 1 and out == ""
    assert err == f"rnnbook {argv[0]}: error: {SIN_GPU}\n"
    assert espias == [] and not salida.exists()  # ni trabajo ni archivos


@pytest.mark.parametrize("orden", list(CON_DISPOSITIVO))
def test_cuda_pedido_por_la_variable_de_entorno_sin_gpu(
    orden, tmp_path, capsys, sin_gpu, espias, monkeypatch
):
    monkeypatch.setenv("RNNBOOK_DISPOSITIVO", "cuda")
    argv, _ = CON_DISPOSITIVO[orden]
    codigo = main([*argv, "--salida", str(tmp_path / "res")])  # --dispositivo auto
    assert codigo == 1 and capsys.readouterr().err.endswith(f": error: {SIN_GPU}\n")
    assert espias == [] and not (tmp_path / "res").exists()


@pytest.mark.parametrize("orden", list(CON_DISPOSITIVO))
def test_auto_sin_gpu_usa_la_cpu(orden, tmp_path, capsys, sin_gpu, espias):
    argv, funcion = CON_DISPOSITIVO[orden]
    assert main([*argv, "--salida", str(tmp_path), "--dispositivo", "auto"]) == 0
    capsys.readouterr()
    [(llamada, args, kwargs)] = espias
    assert llamada == funcion
    if orden == "benchmark":
        assert args[1] == ["cpu"]
    else:
        assert kwargs["dispositivo"] == "auto"


def test_cuda_sin_gpu_en_un_proceso_aparte(tmp_path):
    # CUDA_VISIBLE_DEVICES vacío esconde la GPU también en una máquina que la tenga;
    # un solo proceso ejecuta las órdenes una tras otra con sus funciones de verdad.
    entorno = {k: v for k, v in os.environ.items() if k != "RNNBOOK_DISPOSITIVO"}
    entorno["CUDA_VISIBLE_DEVICES"] = ""
    codigo_python = (
        "import sys\n"
        "from rnnbook.cli import main\n"
        "for argv in sys.argv[1:]:\n"
        "    codigo = main(argv.split('|'), prog='python -m rnnbook')\n"
        "    print('código', codigo, file=sys.stderr, flush=True)\n"
    )
    ordenes = [
        [*argv, "--salida", str(tmp_path / nombre.replace(" ", "_"))]
        + ["--dispositivo", "cuda"]
        for nombre, (argv, _) in CON_DISPOSITIVO.items()
    ]
    r = subprocess.run(
        [sys.executable, "-c", codigo_python, *("|".join(o) for o in ordenes)],
        capture_output=True,
        text=True,
        timeout=300,
        env=entorno,
    )
    assert r.returncode == 0 and r.stdout == "", r.stderr
    assert r.stderr == "".join(
        f"python -m rnnbook {o[0]}: error: {SIN_GPU}\ncódigo 1\n" for o in ordenes
    )
    assert list(tmp_path.iterdir()) == []


def test_benchmark_cuda_sin_gpu_desde_la_terminal(tmp_path):
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "rnnbook",
            "benchmark",
            "--dispositivo",
            "cuda",
            "--salida",
            str(tmp_path / "res"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, CUDA_VISIBLE_DEVICES="", RNNBOOK_DISPOSITIVO="auto"),
    )
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr == f"python -m rnnbook benchmark: error: {SIN_GPU}\n"
    assert not (tmp_path / "res").exists()


def test_benchmark_todos_sin_gpu_mide_la_cpu_y_anota_por_que_no_cuda(
    tmp_path, capsys, sin_gpu, monkeypatch
):
    original = rnnbook.entregables.ejecutar_benchmark

    def pequeno(salida, dispositivos, semilla, progreso):
        return original(
            salida,
            dispositivos,
            semilla,
            progreso,
            repeticiones=1,
            calentamiento=0,
            calidad={"n": 40, "seq_len": 6, "epocas": 1, "hidden_size": 4},
        )

    monkeypatch.setattr(rnnbook.entregables, "ejecutar_benchmark", pequeno)
    salida = tmp_path / "res"
    codigo = main(["benchmark", "--salida", str(salida), "--dispositivo", "todos"])
    out, err = capsys.readouterr()
    assert codigo == 0 and err == ""
    assert "cpu: medido (cpu)" in out
    assert "cuda: no medido (no hay ninguna GPU CUDA disponible)" in out
    r = json.loads((salida / "resultados_benchmark.json").read_text(encoding="utf-8"))
    assert r["dispositivos"]["cuda"] == {
        "disponible": False,
        "motivo": "no hay ninguna GPU CUDA disponible",
    }
    assert r["dispositivos"]["cpu"]["disponible"] is True
    assert set(r["dispositivos"]["cpu"]["modelos"]) == {"RNN", "LSTM", "GRU"}
    assert r["memorizacion_guia"]["dispositivo"] == "cpu"


# ------------------------------------------------------- --salida en la que no se puede escribir
CON_SALIDA = [
    ["entrenar", "series"],
    ["benchmark"],
    ["figuras"],
    ["generar", "--longitud", "5"],
]


@pytest.mark.parametrize("argv", CON_SALIDA, ids=lambda a: a[0])
def test_salida_que_es_un_archivo(argv, tmp_path, capsys, espias):
    archivo = tmp_path / "a.txt"
    archivo.write_text("x")
    codigo, out, err = _ejecutar([*argv, "--salida", str(archivo)], capsys)
    assert codigo == 2 and out == "" and not _ingles(err)
    assert f"argumento --salida: {str(archivo)!r} existe y no es una carpeta" in err
    assert archivo.read_text() == "x" and espias == []


@pytest.mark.parametrize("argv", CON_SALIDA, ids=lambda a: a[0])
def test_salida_dentro_de_un_archivo(argv, tmp_path, capsys, espias):
    archivo = tmp_path / "a.txt"
    archivo.write_text("x")
    salida = archivo / "res" / "sub"
    codigo, out, err = _ejecutar([*argv, "--salida", str(salida)], capsys)
    assert codigo == 2 and out == "" and not _ingles(err)
    assert err.endswith(
        f"error: argumento --salida: no se puede crear la carpeta {str(salida)!r}: "
        f"{str(archivo)!r} no es una carpeta\n"
    )
    assert archivo.read_text() == "x" and espias == []


@pytest.mark.parametrize("argv", CON_SALIDA, ids=lambda a: a[0])
def test_salida_sin_permiso_de_escritura_chmod(argv, tmp_path, capsys, espias):
    carpeta = tmp_path / "solo_lectura"
    carpeta.mkdir()
    carpeta.chmod(0o555)
    try:
        if os.access(carpeta, os.W_OK):
            pytest.skip("chmod no impide escribir (¿se ejecuta como root?)")
        for salida, texto in [
            (
                carpeta,
                f"no se puede escribir en la carpeta {str(carpeta)!r}: "
                "sin permiso de escritura\n",
            ),
            (
                carpeta / "res",
                f"no se puede crear la carpeta {str(carpeta / 'res')!r}: "
                f"sin permiso de escritura en {str(carpeta)!r}\n",
            ),
        ]:
            codigo, out, err = _ejecutar([*argv, "--salida", str(salida)], capsys)
            assert codigo == 2 and out == "" and not _ingles(err)
            assert err.endswith(f"error: argumento --salida: {texto}")
        assert list(carpeta.iterdir()) == [] and espias == []
    finally:
        carpeta.chmod(0o755)


def _denegar_escritura(monkeypatch, carpeta: Path, solo_lectura: bool = False):
    """Hace que ``carpeta`` parezca no escribible, también para root."""
    access, statvfs = os.access, getattr(os, "statvfs", None)

    def falso_access(ruta, modo, *a, **k):
        if Path(ruta) == carpeta and modo & os.W_OK:
            return False
        return access(ruta, modo, *a, **k)

    def falso_statvfs(ruta):
        if Path(ruta) == carpeta:
            return types.SimpleNamespace(f_flag=os.ST_RDONLY if solo_lectura else 0)
        return statvfs(ruta)

    monkeypatch.setattr(os, "access", falso_access)
    monkeypatch.setattr(os, "statvfs", falso_statvfs, raising=False)
    monkeypatch.setattr(os, "ST_RDONLY", getattr(os, "ST_RDONLY", 1), raising=False)


@pytest.mark.parametrize("argv", CON_SALIDA, ids=lambda a: a[0])
def test_salida_sin_permiso_de_escritura(argv, tmp_path, capsys, espias, monkeypatch):
    carpeta = tmp_path / "protegida"
    carpeta.mkdir()
    _denegar_escritura(monkeypatch, carpeta)
    codigo, out, err = _ejecutar([*argv, "--salida", str(carpeta)], capsys)
    assert codigo == 2 and out == "" and not _ingles(err)
    assert err.endswith(
        f"error: argumento --salida: no se puede escribir en la carpeta "
        f"{str(carpeta)!r}: sin permiso de escritura\n"
    )
    codigo, out, err = _ejecutar([*argv, "--salida", str(carpeta / "a" / "b")], capsys)
    assert codigo == 2 and err.endswith(
        f"no se puede crear la carpeta {str(carpeta / 'a' / 'b')!r}: "
        f"sin permiso de escritura en {str(carpeta)!r}\n"
    )
    assert list(carpeta.iterdir()) == [] and espias == []


def test_salida_en_sistema_de_archivos_de_solo_lectura(
    tmp_path, capsys, espias, monkeypatch
):
    carpeta = tmp_path / "montada"
    carpeta.mkdir()
    _denegar_escritura(monkeypatch, carpeta, solo_lectura=True)
    codigo, _, err = _ejecutar(["benchmark", "--salida", str(carpeta / "r")], capsys)
    assert codigo == 2 and err.endswith(
        f"no se puede crear la carpeta {str(carpeta / 'r')!r}: "
        f"{str(carpeta)!r} está en un sistema de archivos de solo lectura\n"
    )
    assert espias == []


def test_salida_que_es_un_enlace_roto(tmp_path, capsys, espias):
    enlace = tmp_path / "enlace"
    try:
        enlace.symlink_to(tmp_path / "no_existe")
    except OSError:
        pytest.skip("este sistema no permite crear enlaces simbólicos")
    for salida in (enlace, enlace / "res"):
        codigo, _, err = _ejecutar(["figuras", "--salida", str(salida)], capsys)
        assert codigo == 2 and f"{str(enlace)!r} es un enlace simbólico roto" in err
    assert espias == []


def test_salida_no_escribible_desde_la_terminal(tmp_path):
    archivo = tmp_path / "a.txt"
    archivo.write_text("x")
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "rnnbook",
            "generar",
            "--salida",
            str(archivo / "res"),
            "--epocas",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 2 and r.stdout == "" and not _ingles(r.stderr)
    assert r.stderr.startswith("uso: python -m rnnbook generar")
    assert r.stderr.endswith(
        "python -m rnnbook generar: error: argumento --salida: no se puede crear la "
        f"carpeta {str(archivo / 'res')!r}: {str(archivo)!r} no es una carpeta\n"
    )


# ------------------------------------------- errores durante la orden, Ctrl+C y tuberías
def test_error_del_sistema_durante_la_orden_en_espanol(tmp_path, capsys, monkeypatch):
    def falla(salida, semilla, progreso):
        (Path(salida) / "figura.png").mkdir(parents=True)
        (Path(salida) / "figura.png").write_bytes(b"")  # IsADirectoryError de verdad

    monkeypatch.setattr(rnnbook.entregables, "generar_figuras", falla)
    codigo = main(["figuras", "--salida", str(tmp_path)])
    out, err = capsys.readouterr()
    ruta = str(tmp_path / "figura.png")
    assert codigo == 1 and out == "" and not _ingles(err)
    assert err == f"rnnbook figuras: error: {ruta!r} es una carpeta, no un archivo\n"


def test_ctrl_c_sin_traza(tmp_path, capsys, monkeypatch):
    def interrumpir(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(rnnbook.entregables, "ejecutar_series", interrumpir)
    codigo = main(["entrenar", "series", "--salida", str(tmp_path), "--epocas", "1"])
    out, err = capsys.readouterr()
    assert codigo == 130 and out == "" and not _ingles(err)
    assert "rnnbook entrenar: interrumpido (Ctrl+C)" in err


def test_tuberia_cerrada_sin_traza(tmp_path):
    # «rnnbook ... | head»: la tubería se cierra antes de que termine la salida.
    codigo_python = (
        "import rnnbook.cli as cli\n"
        "cli.ORDENES['figuras'] = lambda args, progreso: ['x' * 99] * 20_000\n"
        f"raise SystemExit(cli.main(['figuras', '--salida', {str(tmp_path)!r}]))\n"
    )
    proceso = subprocess.Popen(
        [sys.executable, "-c", codigo_python],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proceso.stdout.close()  # nadie lee
    err = proceso.stderr.read().decode()
    assert proceso.wait(timeout=300) == 1
    assert err == ""


def test_traducciones_de_argparse():
    assert (
        traducir_error("argument ORDEN: invalid choice: 'x' (choose from 'a', 'b')")
        == "argumento ORDEN: opción no válida: 'x' (elige entre 'a', 'b')"
    )
    assert (
        traducir_error("ambiguous option: --se could match --semilla, --salida")
        == "opción ambigua: --se puede ser --semilla, --salida"
    )
    assert traducir_error("algo ya en español") == "algo ya en español"


@pytest.mark.parametrize(
    "error,esperado",
    [
        (
            PermissionError(13, "Permission denied", "/r"),
            "sin permiso de acceso a '/r'",
        ),
        (
            NotADirectoryError(20, "Not a directory", "/etc/passwd/x"),
            "'/etc/passwd/x' no es una carpeta (o una parte de su ruta es un archivo)",
        ),
        (
            IsADirectoryError(21, "Is a directory", "/r"),
            "'/r' es una carpeta, no un archivo",
        ),
        (FileNotFoundError(2, "No such file or directory", "/r"), "no existe '/r'"),
        (FileExistsError(17, "File exists", "/r"), "ya existe '/r'"),
        (
            OSError(30, "Read-only file system", "/r"),
            "'/r' está en un sistema de archivos de solo lectura",
        ),
        (OSError(28, "No space left on device"), "no queda espacio en el disco"),
        (
            OSError(28, "No space left on device", "/r"),
            "no queda espacio en el disco: '/r'",
        ),
        (OSError(5, "Input/output error", "/r"), "error de entrada/salida: '/r'"),
        (OSError(36, "File name too long", "/rrr"), "nombre demasiado largo: '/rrr'"),
        (
            OSError(999, "Something odd", "/r"),
            "error del sistema operativo (errno 999): '/r'",
        ),
        (OSError(999, "Something odd"), "error del sistema operativo (errno 999)"),
    ],
)
def test_traducciones_de_errores_del_sistema(error, esperado):
    assert traducir_error(str(error)) == esperado


# ----------------------------------------------------------------- entrenar de extremo a extremo
@pytest.mark.parametrize(
    "tarea,modelo,archivos,clase,parametros",
    [
        (
            "series",
            "modelo_series.pth",
            ["metricas_series.json", "lstm_series_tiempo.png"],
            LSTMSeriesPredictor,
            52_545,
        ),
        (
            "gru",
            "modelo_gru.pth",
            ["metricas_gru.json", "gru_series_tiempo.png"],
            GRUSeriesPredictor,
            39_937,
        ),
    ],
)
def test_entrenar_series_y_gru(
    tarea, modelo, archivos, clase, parametros, tmp_path, capsys, dispositivo
):
    salida = tmp_path / "res"
    codigo = main(
        [
            "entrenar",
            tarea,
            "--salida",
            str(salida),
            "--epocas",
            "1",
            "--semilla",
            "3",
            "--dispositivo",
            dispositivo.type,
        ]
    )
    out = capsys.readouterr().out
    assert (
        codigo == 0
        and "MSE de prueba" in out
        and "piso de ruido" in out
        and modelo in out
    )
    for nombre in [modelo, *archivos]:
        assert (salida / nombre).is_file(), nombre
    m = json.loads((salida / archivos[0]).read_text(encoding="utf-8"))
    assert m["epocas"] == 1 and m["semilla"] == 3 and m["parametros"] == parametros
    assert m["dispositivo"].startswith(dispositivo.type) and m["segundos"] > 0
    assert 0 < m["piso_ruido_mse"] < m["persistencia_mse"] and m["test_mse"] > 0
    assert m["razon_piso"] == pytest.approx(m["test_mse"] / m["piso_ruido_mse"])
    assert len(m["historial"]) == 1
    cargado = cargar_modelo(salida / modelo, clase())
    assert contar_parametros(cargado) == parametros


def test_entrenar_sentimiento(tmp_path, capsys):
    codigo = main(
        [
            "entrenar",
            "sentimiento",
            "--salida",
            str(tmp_path),
            "--epocas",
            "1",
            "--dispositivo",
            "cpu",
        ]
    )
    out = capsys.readouterr().out
    assert codigo == 0 and "Exactitud de prueba" in out
    m = json.loads((tmp_path / "metricas_sentimiento.json").read_text(encoding="utf-8"))
    assert (
        m["parametros"] == 295_682 and m["epocas"] == 1 and 0 <= m["test_accuracy"] <= 1
    )
    assert {"val_accuracy", "segundos", "dispositivo", "historial", "n_prueba"} <= set(
        m
    )
    assert (tmp_path / "lstm_sentimiento.png").stat().st_size > 10_000
    cargar_modelo(tmp_path / "modelo_sentimiento.pth", SentimentLSTM(1000, 64, 128, 2))


def test_misma_semilla_mismas_cifras(tmp_path, capsys):
    a = main(
        [
            "entrenar",
            "gru",
            "--salida",
            str(tmp_path / "a"),
            "--epocas",
            "1",
            "--dispositivo",
            "cpu",
        ]
    )
    b = main(
        [
            "entrenar",
            "gru",
            "--salida",
            str(tmp_path / "b"),
            "--epocas",
            "1",
            "--dispositivo",
            "cpu",
        ]
    )
    capsys.readouterr()
    ma, mb = (
        json.loads((tmp_path / d / "metricas_gru.json").read_text()) for d in "ab"
    )
    assert (
        a == b == 0
        and ma["test_mse"] == mb["test_mse"]
        and ma["val_mse"] == mb["val_mse"]
    )


# ------------------------------------------------------------ cableado de benchmark y figuras
def test_benchmark_y_figuras_llaman_a_sus_funciones(tmp_path, monkeypatch, capsys):
    import rnnbook.entregables

    llamadas = []

    def falso_benchmark(salida, dispositivos, semilla, progreso):
        llamadas.append(("benchmark", salida, dispositivos, semilla, progreso))
        return {}

    def falso_figuras(salida, semilla, progreso):
        llamadas.append(("figuras", salida, semilla, progreso))
        return [Path(salida) / "a.png", Path(salida) / "b.png"]

    monkeypatch.setattr(
        rnnbook.entregables, "ejecutar_benchmark", falso_benchmark, raising=False
    )
    monkeypatch.setattr(
        rnnbook.entregables, "generar_figuras", falso_figuras, raising=False
    )
    assert (
        main(
            [
                "benchmark",
                "--salida",
                str(tmp_path),
                "--dispositivo",
                "todos",
                "--semilla",
                "4",
            ]
        )
        == 0
    )
    assert main(["benchmark", "--salida", str(tmp_path), "--dispositivo", "cpu"]) == 0
    assert main(["figuras", "--salida", str(tmp_path), "--semilla", "2"]) == 0
    assert "2 figuras generadas" in capsys.readouterr().out
    assert llamadas == [
        ("benchmark", tmp_path, ["cpu", "cuda"], 4, False),
        ("benchmark", tmp_path, ["cpu"], 0, False),
        ("figuras", tmp_path, 2, False),
    ]
    assert all(isinstance(c[1], Path) for c in llamadas)
