"""Ejercicio B3: ventanas con horizonte, predicción recursiva, referencias ingenuas, métricas por paso y El Niño."""

from __future__ import annotations

import sys

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import torch
from torch import nn

from rnnbook import LSTMSeriesPredictor, predecir
from rnnbook.datos import (
    DatosSerieReal,
    cargar_serie_elnino,
    preparar_datos_series,
    preparar_serie_real,
)
from rnnbook.experimentos import (
    comparar_directa_recursiva,
    entrenar_directa_y_recursiva,
    mse,
    mse_piso_ruido,
    mse_por_paso,
    piso_ruido_por_paso,
    prediccion_ingenua,
    prediccion_recursiva,
    tabla_mse_por_paso,
)
from rnnbook.figuras import figura_mse_por_paso, figura_serie_real
from rnnbook.modelos import AutorregresivoLineal


class _Ultimo(nn.Module):
    """Persistencia como red: devuelve el último valor de la ventana, forma (N, 1)."""

    def forward(self, x):
        return x[:, -1, :]


class _Escala(nn.Module):
    """ŷ = a · x_t + b: la recursión da una sucesión afín conocida."""

    def __init__(self, a: float, b: float):
        super().__init__()
        self.a, self.b = a, b

    def forward(self, x):
        return self.a * x[:, -1, :] + self.b


class _DosSalidas(nn.Module):
    def forward(self, x):
        return x[:, -2:, 0]


# ------------------------------------------------------------------- ventanas con horizonte
def test_ventanas_sinteticas_con_horizonte_5():
    d = preparar_datos_series(n=400, ventana=30, horizonte=5)
    n = 400 - 30 - 5 + 1
    assert sum(d.tamanos().values()) == n
    for c in ("entrenamiento", "validacion", "prueba"):
        X, y = d.par(c)
        assert (
            X.shape[1:] == (30, 1) and y.shape[1:] == (5,) and X.shape[0] == y.shape[0]
        )
        # cada fila del objetivo son los 5 valores que siguen a la ventana
        t0 = d.instantes[c]
        esperado = np.stack([d.serie.valores[t : t + 5] for t in t0])
        assert np.array_equal(y.numpy(), esperado)
        assert np.array_equal(X[:, -1, 0].numpy(), d.serie.valores[t0 - 1])


def test_serie_real_ventanas_estandarizacion_y_cronologia():
    rng = np.random.default_rng(0)
    valores = 10 + 3 * rng.standard_normal(200)
    serie = pd.Series(
        valores, index=pd.date_range("2000-01-01", periods=200, freq="MS")
    )
    d = preparar_serie_real(serie, ventana=12, horizonte=4)
    # estadísticas solo del tramo de entrenamiento (los primeros 140 valores)
    assert d.media == pytest.approx(
        valores[:140].mean()
    ) and d.desviacion == pytest.approx(valores[:140].std())
    z = (valores - d.media) / d.desviacion
    for c in ("entrenamiento", "validacion", "prueba"):
        X, y = d.par(c)
        assert X.shape == (len(d.instantes[c]), 12, 1) and y.shape == (
            len(d.instantes[c]),
            4,
        )
        for i, t in enumerate(d.instantes[c]):
            np.testing.assert_allclose(
                X[i, :, 0].numpy(), z[t - 12 : t], rtol=1e-6, atol=1e-6
            )
            np.testing.assert_allclose(y[i].numpy(), z[t : t + 4], rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(
            d.a_unidades(y), valores[d.instantes[c][:, None] + np.arange(4)], atol=1e-5
        )
    # cada objetivo pertenece a un solo conjunto y los conjuntos van en orden
    ult_ent = d.instantes["entrenamiento"][-1] + 3
    assert ult_ent == 139 and d.instantes["validacion"][0] == 140
    assert d.instantes["validacion"][-1] + 3 == 169 and d.instantes["prueba"][0] == 170
    assert d.fechas("prueba", 4)[-1] == serie.index[-1]
    assert d.fechas("validacion")[0] == serie.index[140]


def test_serie_real_no_mira_el_futuro():
    valores = np.sin(np.arange(300.0) / 3)
    otra = valores.copy()
    otra[250:] += 100.0  # cambiar la prueba no cambia la estandarización
    a, b = preparar_serie_real(valores, 20, 5), preparar_serie_real(otra, 20, 5)
    assert (a.media, a.desviacion) == (b.media, b.desviacion)
    assert torch.equal(a.X["entrenamiento"], b.X["entrenamiento"])


@pytest.mark.parametrize(
    "serie,kw,error,patron",
    [
        (np.ones(100), {}, ValueError, "constante"),
        (
            np.arange(30.0),
            dict(ventana=24, horizonte=5),
            ValueError,
            "entrenamiento tiene",
        ),
        (
            np.arange(40.0),
            dict(ventana=2, horizonte=7),
            ValueError,
            "menos que el horizonte",
        ),
        (np.zeros((10, 10)), {}, ValueError, "dimensiones"),
        (np.arange(100.0), dict(ventana=0), ValueError, "ventana"),
        ("serie", {}, TypeError, "numérico"),
    ],
)
def test_serie_real_entradas_invalidas(serie, kw, error, patron):
    with pytest.raises(error, match=patron):
        preparar_serie_real(serie, **kw)


def test_fechas_paso_fuera_de_rango():
    d = preparar_serie_real(np.sin(np.arange(100.0)), 10, 3)
    with pytest.raises(ValueError, match="entre 1 y 3"):
        d.fechas("prueba", 4)
    with pytest.raises(ValueError, match="conjunto"):
        d.par("test")


# ------------------------------------------------------------------- predicción recursiva
def test_recursiva_con_persistencia_repite_el_ultimo_valor(dispositivo):
    X = torch.randn(7, 9, 1)
    p = prediccion_recursiva(_Ultimo(), X, 4, dispositivo=dispositivo)
    assert p.shape == (7, 4) and p.dtype == np.float64
    np.testing.assert_allclose(p, np.repeat(X[:, -1, :].double().numpy(), 4, axis=1))
    np.testing.assert_allclose(p, prediccion_ingenua(X, 4), rtol=1e-6)


def test_recursiva_con_mapa_afin_da_la_sucesion_esperada():
    a, b = 0.5, 1.0
    X = torch.tensor([[[3.0], [8.0]], [[0.0], [-4.0]]])  # (2, 2, 1)
    p = prediccion_recursiva(_Escala(a, b), X, 5, dispositivo="cpu")
    x = X[:, -1, 0].double().numpy()
    esperado = []
    for _ in range(5):
        x = a * x + b  # x_{k} = a x_{k-1} + b
        esperado.append(x)
    np.testing.assert_allclose(p, np.stack(esperado, axis=1), rtol=1e-6)
    # forma cerrada: x_k = a^k x_0 + b (1 - a^k) / (1 - a)
    k = np.arange(1, 6)
    np.testing.assert_allclose(p[1], a**k * -4.0 + b * (1 - a**k) / (1 - a), rtol=1e-6)


def test_recursiva_desplaza_la_ventana_con_sus_predicciones():
    """Un AR(2) exacto de una sinusoide limpia continúa la sinusoide (la ventana realimentada es la correcta)."""
    w = 0.3
    s = np.sin(w * np.arange(80))
    X = np.lib.stride_tricks.sliding_window_view(s[:-1], 2)  # (79, 2)
    ar = AutorregresivoLineal(2).ajustar(X[:60], s[2:62, None])
    # x_{t+1} = 2 cos(w) x_t - x_{t-1}: lo aprende exactamente
    np.testing.assert_allclose(
        ar.coeficientes[:, 0], [0.0, -1.0, 2 * np.cos(w)], atol=1e-8
    )
    p = prediccion_recursiva(ar, s[None, 60:62], 10)
    np.testing.assert_allclose(p[0], s[62:72], atol=1e-8)


def test_recursiva_un_paso_coincide_con_predecir():
    torch.manual_seed(0)
    modelo = LSTMSeriesPredictor(
        hidden_size=4, num_layers=1, dropout=0.0, output_size=1
    )
    X = torch.randn(5, 6, 1)
    p = prediccion_recursiva(modelo, X, 3, dispositivo="cpu")
    np.testing.assert_allclose(
        p[:, 0],
        predecir(modelo, X, dispositivo="cpu")[:, 0].double().numpy(),
        rtol=1e-6,
    )
    ventana2 = torch.cat(
        [X[:, 1:], torch.from_numpy(p[:, :1]).float().unsqueeze(-1)], dim=1
    )
    np.testing.assert_allclose(
        p[:, 1],
        predecir(modelo, ventana2, dispositivo="cpu")[:, 0].double().numpy(),
        rtol=1e-5,
        atol=1e-6,
    )
    assert not np.allclose(p[:, 1], p[:, 0])


@pytest.mark.parametrize(
    "modelo,X,pasos,error,patron",
    [
        ("no es un modelo", torch.zeros(2, 3, 1), 2, TypeError, "predecir"),
        (_Ultimo(), torch.zeros(2, 3, 1), 0, ValueError, "pasos"),
        (_Ultimo(), torch.zeros(2, 3, 1), 1.5, TypeError, "pasos"),
        (_Ultimo(), torch.zeros(2, 3, 2), 2, ValueError, "univariante"),
        (_Ultimo(), torch.zeros(3), 2, ValueError, "dimensiones"),
        (_DosSalidas(), torch.zeros(2, 3, 1), 2, ValueError, "un solo paso"),
        (_Ultimo(), None, 2, TypeError, "Tensor"),
    ],
)
def test_recursiva_entradas_invalidas(modelo, X, pasos, error, patron):
    with pytest.raises(error, match=patron):
        prediccion_recursiva(modelo, X, pasos, dispositivo="cpu")


# ------------------------------------------------------------------- referencias ingenuas
@pytest.mark.parametrize("pasos", [1, 5, 12, 15])
def test_ingenua_estacional_exacta_en_serie_periodica(pasos):
    patron = np.random.default_rng(1).normal(size=12)
    serie = np.tile(patron, 10)  # periodo 12 exacto
    T = 12 * int(np.ceil(pasos / 12))
    X, y = [], []
    for i in range(40):
        X.append(serie[i : i + T])
        y.append(serie[i + T : i + T + pasos])
    p = prediccion_ingenua(np.array(X)[..., None], pasos, periodo=12)
    assert p.shape == (40, pasos)
    assert np.array_equal(p, np.array(y))
    # la persistencia, en cambio, falla
    assert mse(prediccion_ingenua(np.array(X), pasos), np.array(y)) > 0.1


def test_ingenua_indices():
    X = np.arange(10.0)[None]  # x_0 … x_9, t = 9
    assert prediccion_ingenua(X, 4, periodo=3).tolist() == [[7.0, 8.0, 9.0, 7.0]]
    assert prediccion_ingenua(X, 3, periodo=1).tolist() == [[9.0, 9.0, 9.0]]


@pytest.mark.parametrize(
    "X,pasos,periodo,error,patron",
    [
        (np.zeros((2, 11)), 5, 12, ValueError, "al menos 12"),
        (np.zeros((2, 12)), 13, 12, ValueError, "al menos 24"),
        (np.zeros((2, 12)), 5, 0, ValueError, "periodo"),
        (np.zeros((2, 12, 3)), 5, 12, ValueError, "univariante"),
        ("X", 5, 12, TypeError, "X"),
    ],
)
def test_ingenua_entradas_invalidas(X, pasos, periodo, error, patron):
    with pytest.raises(error, match=patron):
        prediccion_ingenua(X, pasos, periodo=periodo)


# ------------------------------------------------------------------------- métricas
def test_mse_por_paso():
    rng = np.random.default_rng(2)
    p, o = rng.normal(size=(50, 5)), rng.normal(size=(50, 5))
    m = mse_por_paso(p, o)
    assert m.shape == (5,)
    np.testing.assert_allclose(m, [np.mean((p[:, k] - o[:, k]) ** 2) for k in range(5)])
    assert m.mean() == pytest.approx(mse(p, o))
    np.testing.assert_allclose(mse_por_paso(torch.from_numpy(p), o), m)


@pytest.mark.parametrize(
    "p,o,error",
    [
        (np.zeros((4, 5)), np.zeros((4, 4)), ValueError),
        (np.zeros(5), np.zeros(5), ValueError),
        (np.array([[np.nan]]), np.zeros((1, 1)), ValueError),
        ("p", np.zeros((1, 1)), TypeError),
    ],
)
def test_mse_por_paso_invalido(p, o, error):
    with pytest.raises(error):
        mse_por_paso(p, o)


def test_piso_ruido_por_paso():
    d = preparar_datos_series(n=600, ventana=30, horizonte=5)
    piso = piso_ruido_por_paso(d)
    assert piso.shape == (5,)
    # el piso del paso k es la media del ruido al cuadrado en esos instantes
    t = d.instantes["prueba"]
    esperado = [np.mean(d.serie.ruido[t + k] ** 2) for k in range(5)]
    np.testing.assert_allclose(piso, esperado, rtol=1e-5)
    assert piso.mean() == pytest.approx(mse_piso_ruido(d), rel=1e-9)
    assert np.all(np.abs(piso / 0.01 - 1) < 0.3)  # esperanza σ² = 0.01 en cada paso
    assert np.all(
        piso_ruido_por_paso(preparar_datos_series(n=300, horizonte=5, ruido=0.0))
        < 1e-12
    )
    with pytest.raises(ValueError, match="conjunto"):
        piso_ruido_por_paso(d, "test")


def test_tabla_mse_por_paso():
    o = np.ones((6, 3))
    t = tabla_mse_por_paso(
        {"cero": np.zeros((6, 3)), "dos": 2 * o},
        o,
        escala=4.0,
        referencias={"piso": np.array([0.1, 0.2, 0.3])},
    )
    assert list(t.index) == ["piso", "cero", "dos"] and list(t.columns) == [1, 2, 3]
    assert t.columns.name == "paso del horizonte"
    np.testing.assert_allclose(t.loc["cero"], [4.0, 4.0, 4.0])
    np.testing.assert_allclose(
        t.loc["piso"], [0.1, 0.2, 0.3]
    )  # las referencias no se escalan
    with pytest.raises(TypeError, match="dict"):
        tabla_mse_por_paso({}, o)
    with pytest.raises(ValueError, match="mismo horizonte"):
        tabla_mse_por_paso(
            {"a": np.zeros((6, 3))}, o, referencias={"piso": np.zeros(2)}
        )
    with pytest.raises(ValueError, match="escala"):
        tabla_mse_por_paso({"a": np.zeros((6, 3))}, o, escala=-1.0)


# --------------------------------------------------------------------------- modelos
def _pares_pequenos():
    d = preparar_datos_series(n=300, ventana=10, horizonte=3)
    return d.par("entrenamiento"), d.par("validacion"), d.par("prueba")


def test_entrenar_directa_y_recursiva_formas_y_semilla():
    ent, val, _ = _pares_pequenos()
    kw = dict(hidden_size=4, epocas=1, tam_lote=64, dispositivo="cpu")
    r = entrenar_directa_y_recursiva(ent, val, semilla=3, **kw)
    assert (
        r["directa"]["modelo"].output_size == 3
        and r["un_paso"]["modelo"].output_size == 1
    )
    assert len(r["directa"]["historial"].epocas) == 1
    r2 = entrenar_directa_y_recursiva(ent, val, semilla=3, **kw)
    for nombre in ("directa", "un_paso"):
        for a, b in zip(
            r[nombre]["modelo"].parameters(), r2[nombre]["modelo"].parameters()
        ):
            assert torch.equal(a, b)


def test_comparar_directa_recursiva():
    ent, val, pru = _pares_pequenos()
    r = comparar_directa_recursiva(
        ent,
        val,
        pru,
        semillas=(0, 1),
        escala=2.0,
        hidden_size=4,
        epocas=1,
        dispositivo="cpu",
    )
    assert list(r["media"].index) == ["LSTM, directa", "LSTM, recursiva"] and list(
        r["media"].columns
    ) == [1, 2, 3]
    assert len(r["tablas"]) == 2 and r["predicciones"][0]["LSTM, recursiva"].shape == (
        pru[0].shape[0],
        3,
    )
    np.testing.assert_allclose(r["media"], (r["tablas"][0] + r["tablas"][1]) / 2)
    np.testing.assert_allclose(
        r["desviacion"], np.abs(r["tablas"][0] - r["tablas"][1]) / np.sqrt(2)
    )
    esperado = 2.0 * mse_por_paso(r["predicciones"][1]["LSTM, directa"], pru[1])
    np.testing.assert_allclose(r["tablas"][1].loc["LSTM, directa"], esperado)


@pytest.mark.parametrize(
    "kw,error,patron",
    [
        (dict(semillas=()), ValueError, "vacía"),
        (dict(semillas="0"), TypeError, "secuencia"),
        (dict(semillas=(-1,)), ValueError, "semilla"),
    ],
)
def test_comparar_entradas_invalidas(kw, error, patron):
    ent, val, pru = _pares_pequenos()
    with pytest.raises(error, match=patron):
        comparar_directa_recursiva(
            ent, val, pru, hidden_size=4, epocas=1, dispositivo="cpu", **kw
        )


def test_entrenar_entradas_invalidas():
    ent, val, _ = _pares_pequenos()
    with pytest.raises(ValueError, match=r"\(N, T, 1\)"):
        entrenar_directa_y_recursiva((ent[0][..., 0], ent[1]), val, epocas=1)
    with pytest.raises(ValueError, match="no coincide"):
        entrenar_directa_y_recursiva(ent, (val[0], val[1][:, :2]), epocas=1)
    with pytest.raises(TypeError, match="tupla"):
        entrenar_directa_y_recursiva(ent[0], val, epocas=1)


# ------------------------------------------------------------------------- El Niño
def test_cargar_serie_elnino():
    pytest.importorskip("statsmodels")
    from statsmodels.datasets import elnino

    s = cargar_serie_elnino()
    assert isinstance(s, pd.Series) and s.shape == (732,) and s.dtype == np.float64
    assert isinstance(s.index, pd.DatetimeIndex) and s.index.is_monotonic_increasing
    assert s.index[0] == pd.Timestamp("1950-01-01") and s.index[-1] == pd.Timestamp(
        "2010-12-01"
    )
    assert (s.index.day == 1).all() and s.index.freqstr == "MS"
    assert (
        np.diff(s.index.year * 12 + s.index.month) == 1
    ).all()  # meses consecutivos, sin huecos
    tabla = elnino.load_pandas().data
    # orden cronológico: marzo de 1951 y diciembre de 2010 salen de su fila y columna
    assert s["1951-03-01"] == tabla.loc[tabla.YEAR == 1951, "MAR"].item()
    assert s.iloc[-1] == tabla.loc[tabla.YEAR == 2010, "DEC"].item()
    assert (
        np.isfinite(s).all() and 15 < s.min() < s.max() < 32
    )  # °C en el Pacífico tropical
    # el ciclo anual: marzo es más cálido que septiembre en la media de los años
    assert s[s.index.month == 3].mean() > s[s.index.month == 9].mean() + 3


def test_cargar_serie_elnino_sin_statsmodels(monkeypatch):
    monkeypatch.setitem(sys.modules, "statsmodels", None)
    monkeypatch.setitem(sys.modules, "statsmodels.datasets", None)
    with pytest.raises(ImportError, match=r'pip install "rnnbook\[datos\]"'):
        cargar_serie_elnino()


# --------------------------------------------------------------------------- figuras
def test_figuras():
    o = np.ones((6, 3))
    t = tabla_mse_por_paso(
        {"LSTM, directa": np.zeros((6, 3)), "LSTM, recursiva": o * 0.5},
        o,
        referencias={"piso de ruido": np.full(3, 0.1)},
    )
    desv = t.iloc[1:] * 0 + 0.05
    fig = figura_mse_por_paso({"a": t, "b": t}, dispersion={"a": desv}, escala_log=True)
    ejes = fig.axes
    assert len(ejes) == 2 and ejes[0].get_yscale() == "log"
    etiquetas = [t.get_text() for t in ejes[0].get_legend().get_texts()]
    assert etiquetas == ["piso de ruido", "LSTM, directa", "LSTM, recursiva"]
    assert (
        len(ejes[0].collections) == 2 and len(ejes[1].collections) == 0
    )  # barras de error solo en «a»
    plt.close(fig)
    with pytest.raises(TypeError, match="DataFrame"):
        figura_mse_por_paso({"a": np.zeros(3)})

    d = preparar_serie_real(
        pd.Series(
            np.sin(np.arange(120.0)),
            index=pd.date_range("2000-01", periods=120, freq="MS"),
        ),
        12,
        3,
    )
    fig = figura_serie_real(d, unidades="°C")
    assert (
        len(fig.axes) == 1
        and len(fig.axes[0].patches) == 3
        and "°C" in fig.axes[0].get_ylabel()
    )
    plt.close(fig)
    n = d.tamanos()["prueba"]
    fig = figura_serie_real(d, {"LSTM, directa": np.zeros((n, 3))}, paso=2)
    assert len(fig.axes[0].lines) == 2
    plt.close(fig)
    with pytest.raises(ValueError, match="forma"):
        figura_serie_real(d, {"x": np.zeros((n, 2))})
    with pytest.raises(TypeError, match="DatosSerieReal"):
        figura_serie_real("datos")
    assert isinstance(d, DatosSerieReal)
