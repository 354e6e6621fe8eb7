"""Parte 4: BiLSTM (parámetros, alineación de estados, streaming) y LSTM apilada."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
import torch
from torch import nn

import rnnbook
from rnnbook import BiLSTMClassifier, contar_parametros, contar_parametros_torch
from rnnbook.datos import crear_tarea_pista_inicial
from rnnbook.experimentos import (
    alineacion_estados_bilstm,
    dependencia_del_futuro,
    factor_parametros_bilstm,
    tabla_parametros_apilado,
)
from rnnbook.modelos import ClasificadorLSTMTokens


def _modelo_eval(clase=BiLSTMClassifier, *args, semilla=0, **kw):
    rnnbook.fijar_semilla(semilla)
    return clase(*args, **kw).eval()


# ------------------------------------------------------------------ parámetros
def test_parametros_de_la_guia():
    # Cifras de la especificación: BiLSTM de la guía (H = 64 por dirección) y LSTM de la §3.1.
    assert contar_parametros(BiLSTMClassifier(1000, 64, 64, 2)) == 230_146
    assert contar_parametros(ClasificadorLSTMTokens(1000, 64, 128, 2)) == 295_682


@pytest.mark.parametrize("capas", [1, 2, 3])
def test_factor_bilstm_con_la_formula(capas):
    f = factor_parametros_bilstm(500, 16, 24, 3, num_layers=capas)
    assert f["capas_bilstm"] == contar_parametros_torch(
        "LSTM", 16, 24, num_layers=capas, bidirectional=True
    )
    assert f["capas_lstm"] == contar_parametros_torch("LSTM", 16, 24, num_layers=capas)
    if capas == 1:
        assert f["factor_capas"] == 2.0
    else:  # la entrada de las capas superiores mide 2H: más del doble
        assert f["factor_capas"] > 2.0
    assert f["factor_total"] < f["factor_capas"]  # el embedding no se duplica
    assert f["factor_total"] == pytest.approx(f["bilstm"] / f["lstm"])


def test_tabla_parametros_apilado_cifras_de_la_guia():
    tabla = tabla_parametros_apilado(64, 128, (1, 2, 3, 4))
    assert tabla["parametros"].tolist() == [99_328, 231_424, 363_520, 495_616]
    assert (tabla["parametros"] == tabla["formula"]).all()
    assert tabla["por_capa_añadida"].dropna().tolist() == [132_096] * 3


# ------------------------------------------------------------------- formas y datos
def test_formas_y_salidas(dispositivo):
    x = torch.randint(1, 30, (5, 9), device=dispositivo)
    for bi in (False, True):
        m = _modelo_eval(ClasificadorLSTMTokens, 30, 8, 6, 3, bidireccional=bi).to(
            dispositivo
        )
        out, h_n = m.estados(x)
        d = 2 if bi else 1
        assert out.shape == (5, 9, d * 6)
        assert h_n.shape == (d * 2, 5, 6)
        assert m(x).shape == (5, 3)


def test_tarea_pista_inicial():
    X, y = crear_tarea_pista_inicial(n=300, seq_len=12, vocab_size=9, semilla=4)
    assert (
        X.shape == (300, 12) and y.shape == (300,) and X.dtype == y.dtype == torch.int64
    )
    assert torch.equal(X[:, 0], y + 1)
    assert int(X[:, 1:].min()) >= 3 and int(X.max()) <= 8 and int((X == 0).sum()) == 0
    assert 0.35 < y.float().mean().item() < 0.65
    X2, y2 = crear_tarea_pista_inicial(n=300, seq_len=12, vocab_size=9, semilla=4)
    assert torch.equal(X, X2) and torch.equal(y, y2)


# -------------------------------------------------------------- alineación de estados
@pytest.mark.parametrize("capas", [1, 2, 3])
def test_alineacion_estados(capas):
    m = _modelo_eval(BiLSTMClassifier, 40, 7, 5, 2, num_layers=capas)
    d = alineacion_estados_bilstm(m, torch.randint(1, 40, (6, 11)))
    assert d["adelante_ultimo_vs_hn"] == 0.0
    assert d["atras_primero_vs_hn"] == 0.0
    assert (
        d["atras_ultimo_vs_hn"] > 1e-3
    )  # la lectura de la guía no es el estado final hacia atrás
    assert (
        d["atras_ultimo_vs_un_paso"] < 1e-6
    )  # es un único paso de la celda hacia atrás


def test_lectura_h_n_frente_a_ultimo_paso():
    x = torch.randint(1, 40, (4, 10))
    bien = _modelo_eval(BiLSTMClassifier, 40, 7, 5, 2, num_layers=2)
    guia = _modelo_eval(
        BiLSTMClassifier, 40, 7, 5, 2, num_layers=2, resumen="ultimo_paso"
    )
    with torch.no_grad():
        out, _ = bien.lstm(bien.embedding(x))  # (N, T, 2H)
        H = 5
        esperado_bien = bien.classifier(
            torch.cat([out[:, -1, :H], out[:, 0, H:]], dim=1)
        )
        esperado_guia = guia.classifier(out[:, -1, :])
        torch.testing.assert_close(bien(x), esperado_bien, rtol=0, atol=0)
        torch.testing.assert_close(guia(x), esperado_guia, rtol=0, atol=0)
        assert not torch.allclose(bien(x), guia(x))


def test_mitad_atras_del_ultimo_paso_solo_ve_el_ultimo_token():
    m = _modelo_eval(BiLSTMClassifier, 40, 7, 5, 2, num_layers=1)
    x = torch.randint(1, 40, (8, 12))
    x2 = torch.randint(1, 40, (8, 12))
    x2[:, -1] = x[:, -1]  # todo distinto salvo el último token
    with torch.no_grad():
        a, h_a = m.estados(x)
        b, h_b = m.estados(x2)
    assert torch.equal(a[:, -1, 5:], b[:, -1, 5:])
    assert (h_a[-1] - h_b[-1]).abs().max() > 1e-3


def test_dependencia_del_futuro():
    x = torch.randint(1, 30, (6, 10))
    uni = _modelo_eval(ClasificadorLSTMTokens, 30, 4, 5, 2)
    bi = _modelo_eval(BiLSTMClassifier, 30, 4, 5, 2)
    assert dependencia_del_futuro(uni, x, t=4) == 0.0
    assert dependencia_del_futuro(bi, x, t=4) > 1e-4
    assert uni.training is False  # no cambia el modo


# --------------------------------------------------------------- entradas inválidas
@pytest.mark.parametrize(
    "x, error",
    [
        (torch.randint(1, 10, (2, 3, 1)), ValueError),
        (torch.rand(2, 3), TypeError),
        (torch.tensor([[1, 2, 30]]), ValueError),
        (torch.tensor([[1, -1, 3]]), ValueError),
        ([[1, 2]], TypeError),
    ],
)
def test_entradas_invalidas(x, error):
    m = ClasificadorLSTMTokens(30, 4, 5, 2)
    with pytest.raises(error):
        m(x)


def test_argumentos_invalidos():
    with pytest.raises(ValueError, match="resumen"):
        BiLSTMClassifier(10, 4, 4, 2, resumen="media")
    with pytest.raises(ValueError, match="dropout"):
        BiLSTMClassifier(10, 4, 4, 2, dropout=1.0)
    with pytest.raises(TypeError, match="bidireccional"):
        ClasificadorLSTMTokens(10, 4, 4, 2, bidireccional="sí")
    with pytest.raises(TypeError, match="hidden_size"):
        BiLSTMClassifier(10, 4, 4.0, 2)
    with pytest.raises(ValueError, match="bidireccional"):
        alineacion_estados_bilstm(
            ClasificadorLSTMTokens(10, 4, 4, 2), torch.randint(1, 10, (2, 5))
        )
    with pytest.raises(ValueError, match="t debe estar"):
        dependencia_del_futuro(
            BiLSTMClassifier(10, 4, 4, 2), torch.randint(1, 10, (2, 5)), t=4
        )
    with pytest.raises(ValueError, match="seq_len"):
        crear_tarea_pista_inicial(n=5, seq_len=1)
    with pytest.raises(ValueError, match="vocab_size"):
        crear_tarea_pista_inicial(n=5, vocab_size=3)
    with pytest.raises(TypeError, match="capas"):
        tabla_parametros_apilado(capas=(1, "2"))


# ----------------------------------------------------------------- experimentos
def test_comparar_bilstm_lstm_y_figura():
    r = rnnbook.experimentos.comparar_bilstm_lstm(
        n=120, seq_len=8, hidden_size=4, embed_dim=4, epocas=2, dispositivo="cpu"
    )
    assert len(r) == 3
    for v in r.values():
        assert 0.0 <= v["exactitud_prueba"] <= 1.0
        assert len(v["historial"].epocas) == 2
    nombres = list(r)
    assert (
        r[nombres[1]]["parametros"]
        == r[nombres[2]]["parametros"]
        > r[nombres[0]]["parametros"]
    )
    fig = rnnbook.figuras.figura_bilstm_vs_lstm(r)
    assert len(fig.axes[0].lines) == 4  # tres modelos y el azar
    plt.close(fig)


def test_comparar_profundidades_y_figura():
    tabla, hist = rnnbook.experimentos.comparar_profundidades(
        capas=(1, 2), n=100, seq_len=6, hidden_size=4, epocas=2, dispositivo="cpu"
    )
    assert list(tabla.index) == [1, 2] and set(hist) == {1, 2}
    assert tabla.loc[2, "parametros"] > tabla.loc[1, "parametros"]
    assert {"exactitud_prueba", "primera_epoca_umbral", "s_por_epoca"} <= set(
        tabla.columns
    )
    fig = rnnbook.figuras.figura_profundidad(tabla, hist)
    assert len(fig.axes) == 2
    plt.close(fig)


def test_modelo_entrenable_aprende_la_pista_con_bilstm():
    # La BiLSTM leída con h_n debe resolver la tarea enseguida; es la afirmación central de la página.
    r = rnnbook.experimentos.comparar_bilstm_lstm(
        n=800, seq_len=15, hidden_size=16, embed_dim=16, epocas=2, dispositivo="cpu"
    )
    assert r["BiLSTM (h_n de cada dirección)"]["exactitud_prueba"] > 0.95
    assert isinstance(r["LSTM"]["modelo"], nn.Module)
