"""§3.2–3.3: serie, ventanas, división cronológica, referencias, predictores LSTM/GRU y figuras."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from rnnbook import (
    GRUSeriesPredictor,
    LSTMSeriesPredictor,
    contar_parametros,
    crear_dataset_ventana,
    generar_serie_sinusoide,
)
from rnnbook.datos import dividir_cronologicamente, generar_serie, preparar_datos_series
from rnnbook.experimentos import (
    entrenar_predictor_series,
    evaluar_predictor_series,
    mse,
    mse_persistencia,
    mse_piso_ruido,
    operaciones_por_paso,
    tabla_referencias_series,
)
from rnnbook.figuras import figura_gru_vs_lstm, figura_prediccion_series
from rnnbook.modelos import (
    HIPERPARAMETROS_SERIES,
    AutorregresivoLineal,
    crear_predictor_series,
)


def _serie_de_la_guia(n=2000, freq=0.05, ruido=0.1, seed=42):
    """El código de la guía, tal cual (estado global de NumPy guardado y restaurado)."""
    estado = np.random.get_state()
    try:
        np.random.seed(seed)
        t = np.arange(n)
        serie = (
            np.sin(2 * np.pi * freq * t)
            + 0.5 * np.sin(2 * np.pi * freq * 3 * t)
            + ruido * np.random.randn(n)
        )
        return serie.astype(np.float32)
    finally:
        np.random.set_state(estado)


# ------------------------------------------------------------------------------ datos
def test_la_serie_es_la_de_la_guia_sin_tocar_el_estado_global():
    np.random.seed(7)
    esperado_siguiente = np.random.rand()
    np.random.seed(7)
    s = generar_serie(2000)
    assert np.array_equal(s.valores, _serie_de_la_guia())
    assert np.array_equal(generar_serie_sinusoide(n=2000), _serie_de_la_guia())
    assert np.random.rand() == esperado_siguiente
    assert np.allclose(s.limpia + s.ruido, s.valores, atol=1e-6)
    assert s.valores.dtype == np.float32


def test_ventanas():
    serie = np.arange(10.0)
    X, y = crear_dataset_ventana(serie, ventana=4, horizonte=2)
    assert X.shape == (5, 4) and y.shape == (5, 2)
    for i in range(5):
        assert X[i].tolist() == serie[i : i + 4].tolist()
        assert y[i].tolist() == serie[i + 4 : i + 6].tolist()
    X[0, 0] = 99  # copias, no vistas de la serie
    assert serie[0] == 0


@pytest.mark.parametrize(
    "serie,kw,error",
    [
        (np.arange(4.0), dict(ventana=4), ValueError),
        (np.zeros((3, 3)), {}, ValueError),
        (np.array([1.0, np.nan, 2.0, 3.0]), dict(ventana=2), ValueError),
        (np.arange(10.0), dict(ventana=0), ValueError),
        ("serie", {}, TypeError),
    ],
)
def test_ventanas_invalidas(serie, kw, error):
    with pytest.raises(error):
        crear_dataset_ventana(serie, **kw)


def test_division_cronologica_de_la_guia():
    d = preparar_datos_series()
    assert d.tamanos() == {"entrenamiento": 1379, "validacion": 295, "prueba": 296}
    t = d.instantes
    assert (
        t["entrenamiento"].max() < t["validacion"].min()
        and t["validacion"].max() < t["prueba"].min()
    )
    assert d.X["prueba"].shape == (296, 30, 1) and d.y["prueba"].shape == (296, 1)
    # el objetivo de cada ventana es el valor siguiente de la serie
    i = 10
    t_i = int(t["prueba"][i])
    assert d.y["prueba"][i, 0].item() == d.serie.valores[t_i]
    assert d.X["prueba"][i, -1, 0].item() == d.serie.valores[t_i - 1]
    with pytest.raises(ValueError, match="sumar menos de 1"):
        dividir_cronologicamente(100, 0.7, 0.3)
    with pytest.raises(ValueError, match="conjunto"):
        dividir_cronologicamente(3, 0.2, 0.2)


# ------------------------------------------------------------------------ referencias
def test_piso_de_ruido_es_el_ecm_del_ruido():
    d = preparar_datos_series()
    t = d.instantes["prueba"]
    directo = float(np.mean(d.serie.ruido[t] ** 2))
    assert mse_piso_ruido(d) == pytest.approx(directo, rel=1e-5)
    assert 0.006 < mse_piso_ruido(d) < 0.014  # su esperanza es σ² = 0.01
    # el predictor que conoce la señal limpia obtiene exactamente el piso
    assert mse(d.limpia["prueba"], d.y["prueba"]) == pytest.approx(mse_piso_ruido(d))


def test_persistencia_y_autorregresivo():
    d = preparar_datos_series()
    Xp, yp = d.par("prueba")
    ultimo, siguiente = Xp[:, -1, 0].double().numpy(), yp[:, 0].double().numpy()
    assert mse_persistencia(Xp, yp) == pytest.approx(
        float(np.mean((ultimo - siguiente) ** 2))
    )
    # Una suma de dos senos cumple una recurrencia lineal de orden 4: sin ruido, el AR es exacto.
    limpia = preparar_datos_series(ruido=0.0)
    ar = AutorregresivoLineal(30).ajustar(*limpia.par("entrenamiento"))
    assert mse(ar.predecir(limpia.X["prueba"]), limpia.y["prueba"]) < 1e-8
    # con ruido, queda por encima del piso y muy por debajo de la persistencia
    tabla = tabla_referencias_series(d)
    piso, pers, arm = tabla["MSE de prueba"].tolist()
    assert piso < arm < pers and tabla["× piso de ruido"].iloc[0] == 1


def test_autorregresivo_recupera_coeficientes():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    y = (0.1 + X @ np.array([0.5, -0.2, 0.3]))[:, None]
    ar = AutorregresivoLineal(3).ajustar(X, y)
    assert np.allclose(ar.coeficientes[:, 0], [0.1, 0.5, -0.2, 0.3])
    with pytest.raises(ValueError, match="no está ajustado"):
        AutorregresivoLineal(3).predecir(X)
    with pytest.raises(ValueError, match="forma"):
        ar.predecir(rng.normal(size=(5, 4)))
    with pytest.raises(ValueError, match="misma forma"):
        mse(np.zeros(3), np.zeros((3, 1)))


# ----------------------------------------------------------------------------- modelos
def test_parametros_de_la_guia():
    lstm, gru = LSTMSeriesPredictor(), GRUSeriesPredictor()
    assert contar_parametros(lstm) == 52_545 and contar_parametros(gru) == 39_937
    cabeza = 64 * 32 + 32 + 32 + 1

    def capas(G):
        return G * (64 * 1 + 64**2 + 2 * 64) + G * (64 * 64 + 64**2 + 2 * 64)

    assert (
        contar_parametros(lstm) == capas(4) + cabeza
        and contar_parametros(gru) == capas(3) + cabeza
    )
    # nombres de la guía: los state_dict son intercambiables con su código
    assert (
        "lstm.weight_ih_l0" in lstm.state_dict()
        and "gru.weight_hh_l1" in gru.state_dict()
    )
    assert "fc.2.bias" in lstm.state_dict()


@pytest.mark.parametrize("clase", [LSTMSeriesPredictor, GRUSeriesPredictor])
def test_predictor_usa_el_ultimo_paso(clase):
    torch.manual_seed(0)
    m = clase(hidden_size=8, dropout=0.0).eval()
    x = torch.randn(5, 11, 1)
    capa = m.lstm if clase is LSTMSeriesPredictor else m.gru
    salida, _ = capa(x)
    assert torch.allclose(m(x), m.fc(salida[:, -1]))
    with pytest.raises(ValueError, match=r"\(N, T, 1\)"):
        m(torch.randn(5, 11))
    with pytest.raises(ValueError):
        clase(dropout=1.5)


def test_crear_predictor():
    assert isinstance(crear_predictor_series("gru"), GRUSeriesPredictor)
    a, b = crear_predictor_series("LSTM", 3), crear_predictor_series("LSTM", 3)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    with pytest.raises(ValueError, match="tipo"):
        crear_predictor_series("RNN")


def test_entrenamiento_corto_y_evaluacion(dispositivo):
    d = preparar_datos_series(n=400)
    m = crear_predictor_series("LSTM", 0)
    h = entrenar_predictor_series(m, d, epocas=3, dispositivo=dispositivo)
    lr0 = HIPERPARAMETROS_SERIES["lr"]
    assert (
        h.columna("lr")[0] == pytest.approx(lr0) and h.columna("lr")[-1] < lr0
    )  # coseno
    assert h.columna("perdida_validacion")[-1] < h.columna("perdida_validacion")[0]
    ev = evaluar_predictor_series(m, d, dispositivo=dispositivo)
    assert ev["prediccion_prueba"].shape == d.y["prueba"].shape
    assert ev["razon_piso"] == pytest.approx(ev["test_mse"] / ev["piso_ruido_mse"])
    assert ev["test_mse"] == pytest.approx(mse(ev["prediccion_prueba"], d.y["prueba"]))


@pytest.mark.skipif(not torch.backends.mkldnn.is_available(), reason="sin oneDNN")
def test_el_lstm_de_cpu_usa_un_nucleo_fusionado():
    X, y = torch.randn(8, 10, 1), torch.randn(8, 1)
    lstm = operaciones_por_paso(LSTMSeriesPredictor(hidden_size=8), X, y)
    gru = operaciones_por_paso(GRUSeriesPredictor(hidden_size=8), X, y)
    assert lstm["llamadas"] < gru["llamadas"]
    assert any("mkldnn_rnn" in op for op in lstm["principales"]["operación"])


# ---------------------------------------------------------------------------- figuras
def test_figuras():
    t = np.arange(50)
    fig = figura_prediccion_series(
        t,
        np.sin(t),
        {"LSTM": np.sin(t) + 0.1, "AR": np.sin(t)},
        limpia=np.sin(t),
        zoom=20,
    )
    ax1, ax2 = fig.axes
    assert "instante" in ax1.get_xlabel() and len(ax2.get_lines()) == 4
    plt.close(fig)
    with pytest.raises(ValueError, match="forma"):
        figura_prediccion_series(t, np.sin(t), {"LSTM": np.zeros(49)})
    with pytest.raises(TypeError):
        figura_prediccion_series(t, np.sin(t), {})

    from rnnbook import Historial

    h = Historial(
        epocas=[
            {"epoca": 1, "perdida_validacion": 0.1, "segundos": 0.5},
            {"epoca": 2, "perdida_validacion": 0.05, "segundos": 0.5},
        ]
    )
    fig = figura_gru_vs_lstm(
        {"LSTM": {"historial": h}, "GRU": {"historial": h}}, piso=0.01
    )
    assert fig.axes[1].get_xlabel() == "tiempo acumulado (s)"
    plt.close(fig)
    with pytest.raises(TypeError):
        figura_gru_vs_lstm({"LSTM": {"historial": 3}})
