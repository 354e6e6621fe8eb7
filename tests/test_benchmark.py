"""Benchmark RNN/LSTM/GRU: modelos, medidas, esquema del JSON y argumentos inválidos."""

from __future__ import annotations

import json
import math
import statistics

import matplotlib.pyplot as plt
import pytest
import torch
from torch import nn

import rnnbook
from rnnbook import crear_modelo_recurrente
from rnnbook.entregables import ejecutar_benchmark
from rnnbook.experimentos import (
    CONFIG_GUIA,
    TIPOS_BENCHMARK,
    VARIANTES_CALIDAD,
    medir_paso_entrenamiento,
    memoria_activaciones,
    tabla_benchmark,
)
from rnnbook.figuras import figura_benchmark


@pytest.mark.parametrize(
    "tipo, esperado", [("RNN", 14_722), ("lstm", 58_498), ("Gru", 43_906)]
)
def test_parametros_de_la_guia(tipo, esperado):
    modelo = crear_modelo_recurrente(tipo, 32, 64, 2, num_layers=2)
    assert sum(p.numel() for p in modelo.parameters()) == esperado
    assert (
        modelo.rnn.dropout == 0.2
        and crear_modelo_recurrente(tipo, num_layers=1).rnn.dropout == 0.0
    )


def test_modelo_igual_al_de_la_guia():
    # La guía clasifica con out[:, -1, :]; para una red unidireccional es h_n[-1]: mismas salidas.
    modelo = crear_modelo_recurrente("GRU", 3, 5, 2).eval()
    x = torch.randn(4, 6, 3)
    with torch.no_grad():
        out, _ = modelo.rnn(x)
        torch.testing.assert_close(modelo(x), modelo.fc(out[:, -1, :]))


def test_medir_paso(dispositivo):
    rnnbook.fijar_semilla(0)
    modelo = crear_modelo_recurrente("LSTM", 4, 6)
    X, y = torch.randn(8, 5, 4), torch.randint(0, 2, (8,))
    antes = [p.detach().clone() for p in modelo.parameters()]
    r = medir_paso_entrenamiento(
        modelo, X, y, repeticiones=4, calentamiento=2, dispositivo=dispositivo
    )
    t = r["tiempo_paso_ms"]
    assert len(r["muestras_ms"]) == 4 and all(m > 0 for m in r["muestras_ms"])
    assert t["minimo"] <= t["p25"] <= t["mediana"] <= t["p75"] <= t["maximo"]
    assert t["mediana"] == pytest.approx(statistics.median(r["muestras_ms"]))
    assert math.isfinite(r["perdida_final"]) and r["memoria_activaciones_mb"] > 0
    assert (r["memoria_pico_mb"] is None) == (dispositivo.type == "cpu")
    # Se entrenó de verdad: seis pasos de Adam cambian los pesos.
    assert any(
        not torch.equal(a, p.detach().cpu()) for a, p in zip(antes, modelo.parameters())
    )


def test_memoria_activaciones():
    # Linear con 1000 ejemplos: entrada 16 kB + log-softmax 8 kB + etiquetas 8 kB; los pesos no cuentan.
    assert memoria_activaciones(
        nn.Linear(4, 2), torch.zeros(1000, 4), torch.zeros(1000, dtype=torch.long)
    ) == pytest.approx(0.032, abs=1e-4)  # (+ un escalar de 4 bytes de nll_loss)
    X, y = torch.randn(16, 10, 4), torch.randint(0, 2, (16,))
    m = {
        t: memoria_activaciones(crear_modelo_recurrente(t, 4, 8), X, y)
        for t in TIPOS_BENCHMARK
    }
    assert m["RNN"] < m["GRU"] and m["RNN"] < m["LSTM"]
    # Proporcional a la longitud de la secuencia.
    m2 = memoria_activaciones(
        crear_modelo_recurrente("LSTM", 4, 8), torch.randn(16, 20, 4), y
    )
    assert 1.6 < m2 / m["LSTM"] < 2.4


def test_memorizar_ruido_no_generaliza():
    rnnbook.fijar_semilla(0)
    config = {"tam_lote": 32, "seq_len": 8, "input_size": 4}
    modelo = crear_modelo_recurrente("RNN", 4, 32)
    g = torch.Generator().manual_seed(0)
    X, y = torch.randn(32, 8, 4, generator=g), torch.randint(0, 2, (32,), generator=g)
    r = medir_paso_entrenamiento(
        modelo, X, y, repeticiones=60, calentamiento=0, lr=1e-2
    )
    nuevo = rnnbook.experimentos.lote_nuevo(modelo, semilla=1, config=config)
    assert r["perdida_final"] < 0.2  # memorizó 32 etiquetas aleatorias…
    assert nuevo["perdida"] > math.log(2)  # …y en otras no sabe nada


def _resultados_pequenos(tmp_path, dispositivos=("cpu", "cuda")):
    return ejecutar_benchmark(
        tmp_path / "res",
        list(dispositivos),
        semilla=0,
        progreso=False,
        repeticiones=2,
        calentamiento=1,
        calidad={"n": 40, "seq_len": 6, "epocas": 1, "hidden_size": 4},
    )


def test_json_y_figura(tmp_path):
    r = _resultados_pequenos(tmp_path)
    ruta = tmp_path / "res" / "resultados_benchmark.json"
    assert (tmp_path / "res" / "benchmark_rnn_lstm_gru.png").stat().st_size > 10_000
    leido = json.loads(ruta.read_text(encoding="utf-8"))
    assert leido == json.loads(json.dumps(r))
    assert leido["esquema"] == "rnnbook.benchmark/1"
    assert set(leido) == {
        "esquema",
        "version_rnnbook",
        "version_torch",
        "semilla",
        "configuracion",
        "modelos",
        "dispositivos",
        "memorizacion_guia",
        "calidad",
    }
    assert leido["configuracion"] == dict(CONFIG_GUIA, repeticiones=2, calentamiento=1)
    assert {t: v["parametros"] for t, v in leido["modelos"].items()} == {
        "RNN": 14_722,
        "LSTM": 58_498,
        "GRU": 43_906,
    }
    cpu = leido["dispositivos"]["cpu"]
    assert cpu["disponible"] is True and isinstance(cpu["hilos"], int)
    for t in TIPOS_BENCHMARK:
        m = cpu["modelos"][t]
        assert set(m) == {
            "tiempo_paso_ms",
            "primer_paso_ms",
            "muestras_ms",
            "memoria_activaciones_mb",
            "memoria_pico_mb",
        }
        assert set(m["tiempo_paso_ms"]) == {"mediana", "p25", "p75", "minimo", "maximo"}
        assert len(m["muestras_ms"]) == 2 and m["memoria_pico_mb"] is None
    cuda = leido["dispositivos"]["cuda"]
    if torch.cuda.is_available():
        assert (
            cuda["disponible"] is True
            and cuda["modelos"]["LSTM"]["memoria_pico_mb"] > 0
        )
    else:
        assert cuda == {
            "disponible": False,
            "motivo": "no hay ninguna GPU CUDA disponible",
        }
    memo = leido["memorizacion_guia"]
    assert memo["pasos"] == 3 and memo["dispositivo"] == "cpu"
    for t in TIPOS_BENCHMARK:
        assert set(memo["modelos"][t]) == {
            "perdida_final",
            "perdida_lote_nuevo",
            "exactitud_lote_nuevo",
        }
    cal = leido["calidad"]
    assert (
        cal["gap"] == 5 and cal["n"] == 40 and cal["tarea"] == "crear_tarea_long_range"
    )
    assert set(cal["modelos"]) == set(VARIANTES_CALIDAD)
    assert cal["modelos"]["LSTM_sesgo_olvido_2"]["sesgo_olvido"] == 2.0
    for v in cal["modelos"].values():
        assert 0 <= v["exactitud_prueba"] <= 1 and len(v["exactitud_validacion"]) == 1

    tabla = tabla_benchmark(leido)
    assert list(tabla.index) == list(TIPOS_BENCHMARK)
    assert {
        "parametros",
        "ms_paso_cpu",
        "memoria_activaciones_mb_cpu",
        "perdida_final_guia",
        "perdida_lote_nuevo",
        "exactitud_prueba",
    } <= set(tabla.columns)
    assert tabla["exactitud_prueba_sesgo_olvido_2"].notna().tolist() == [
        False,
        True,
        False,
    ]


def test_figura_con_dos_dispositivos(tmp_path):
    r = _resultados_pequenos(tmp_path, ("cpu",))
    r["dispositivos"]["cuda"] = json.loads(
        json.dumps(r["dispositivos"]["cpu"])
    )  # finge una GPU
    fig = figura_benchmark(r)
    panel_tiempo = fig.axes[1]
    assert len(panel_tiempo.patches) == 6  # tres modelos × dos dispositivos
    assert [t.get_text() for t in panel_tiempo.get_legend().get_texts()] == [
        "cpu",
        "cuda",
    ]
    plt.close(fig)


def test_solo_cuda_sin_gpu_no_falla(tmp_path, monkeypatch):
    # La función de la biblioteca lo anota en el JSON; la línea de órdenes, en
    # cambio, rechaza «--dispositivo cuda» sin GPU antes de empezar (test_cli).
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)  # también con GPU
    r = ejecutar_benchmark(tmp_path, ["cuda"], repeticiones=1, calentamiento=0)
    assert r["dispositivos"] == {
        "cuda": {"disponible": False, "motivo": "no hay ninguna GPU CUDA disponible"}
    }
    assert "calidad" not in r and (tmp_path / "benchmark_rnn_lstm_gru.png").is_file()


@pytest.mark.parametrize(
    "kwargs, error, texto",
    [
        ({"dispositivos": "cpu"}, TypeError, "lista"),
        ({"dispositivos": []}, ValueError, "vacío"),
        ({"dispositivos": ["gpu"]}, ValueError, "dispositivo"),
        ({"repeticiones": 0}, ValueError, "repeticiones"),
        ({"calentamiento": -1}, ValueError, "calentamiento"),
        ({"semilla": 1.5}, TypeError, "semilla"),
        ({"calidad": {"semilla": 3}}, ValueError, "calidad"),
        ({"calidad": [1]}, TypeError, "calidad"),
    ],
)
def test_argumentos_invalidos(tmp_path, kwargs, error, texto):
    argumentos = dict(dispositivos=["cpu"])
    argumentos.update(kwargs)
    with pytest.raises(error, match=texto):
        ejecutar_benchmark(tmp_path, **argumentos)


def test_salida_que_es_un_archivo(tmp_path):
    archivo = tmp_path / "no_carpeta.txt"
    archivo.write_text("x")
    with pytest.raises(ValueError, match="carpeta"):
        ejecutar_benchmark(archivo, ["cpu"])


def test_otros_errores():
    with pytest.raises(ValueError, match="tipo"):
        crear_modelo_recurrente("transformer")
    with pytest.raises(ValueError, match="sesgo_olvido"):
        rnnbook.experimentos.calidad_long_range(
            "GRU", n=20, seq_len=4, epocas=1, sesgo_olvido=2.0, dispositivo="cpu"
        )
    with pytest.raises(ValueError, match="X debe"):
        medir_paso_entrenamiento(
            crear_modelo_recurrente("RNN", 4, 4),
            torch.randn(3, 4),
            torch.zeros(3).long(),
        )
    with pytest.raises(ValueError, match="y debe"):
        medir_paso_entrenamiento(
            crear_modelo_recurrente("RNN", 4, 4),
            torch.randn(3, 2, 4),
            torch.zeros(2).long(),
        )
