"""La línea de órdenes: ayuda y errores en español, ``entrenar`` de principio a fin y el cableado del resto."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from rnnbook import (
    GRUSeriesPredictor,
    LSTMSeriesPredictor,
    SentimentLSTM,
    cargar_modelo,
    contar_parametros,
)
from rnnbook.cli import main, traducir_error

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
]


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
        (["volar"], "opción no válida: 'volar'"),
        ([], "faltan argumentos obligatorios"),
    ],
)
def test_argumentos_invalidos_en_espanol(argv, texto, capsys):
    codigo, out, err = _ejecutar(argv, capsys)
    assert codigo == 2 and out == ""
    assert texto in err and "uso:" in err and "error:" in err
    assert not [frase for frase in INGLES if frase in err]


def test_salida_que_es_un_archivo(tmp_path, capsys):
    archivo = tmp_path / "a.txt"
    archivo.write_text("x")
    codigo, _, err = _ejecutar(["entrenar", "series", "--salida", str(archivo)], capsys)
    assert codigo == 2 and "no es una carpeta" in err


@pytest.mark.skipif(torch.cuda.is_available(), reason="hay GPU: el error no se produce")
def test_cuda_sin_gpu_falla_con_mensaje(tmp_path, capsys):
    codigo = main(
        ["entrenar", "series", "--salida", str(tmp_path), "--dispositivo", "cuda"]
    )
    err = capsys.readouterr().err
    assert codigo == 1 and "no hay ninguna GPU CUDA" in err
    assert not list(tmp_path.iterdir())


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
        and "ECM de prueba" in out
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
