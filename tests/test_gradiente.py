"""Parte 2: tarea de dependencia larga, regímenes del gradiente, jacobiano con tanh y RNN frente a LSTM."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest
import torch
from torch import nn

from rnnbook import crear_tarea_long_range, fijar_semilla, simular_flujo_gradiente
from rnnbook.experimentos import (
    comparar_rnn_lstm,
    fijar_sesgo_olvido,
    flujo_gradiente_tanh,
    matriz_recurrente,
    normas_gradiente_estados,
    radio_espectral,
    tabla_flujo_gradiente,
)
from rnnbook.figuras import (
    figura_exactitud_longitud,
    figura_flujo_gradiente,
    figura_normas_gradiente,
)
from rnnbook.modelos import ClasificadorSecuencias

matplotlib.use("Agg")


# -------------------------------------------------------------- la tarea
def test_contrato_de_la_tarea():
    X, y = crear_tarea_long_range()
    assert X.shape == (1000, 20, 1) and X.dtype == np.float32
    assert y.shape == (1000,) and y.dtype == np.int64
    assert set(np.unique(y)) == {0, 1}
    assert 0.4 < y.mean() < 0.6


@pytest.mark.parametrize("seq_len,gap", [(1, 0), (6, 0), (6, 3), (6, 5), (30, 17)])
def test_gap_situa_el_elemento_informativo(seq_len, gap):
    X, y = crear_tarea_long_range(n=200, seq_len=seq_len, gap=gap, semilla=4)
    pos = seq_len - 1 - gap
    np.testing.assert_array_equal(np.abs(X[:, pos, 0]), 1.0)
    np.testing.assert_array_equal(X[:, pos, 0] > 0, y == 1)
    otras = np.delete(X[:, :, 0], pos, axis=1)
    assert not np.any(np.abs(otras) == 1.0)  # el resto es ruido continuo


def test_gap_por_defecto_es_el_primer_elemento_y_ruido():
    X, y = crear_tarea_long_range(n=500, seq_len=12, semilla=2, ruido=0.5)
    np.testing.assert_array_equal(X[:, 0, 0] > 0, y == 1)
    assert 0.45 < X[:, 1:, 0].std() < 0.55
    X2, y2 = crear_tarea_long_range(n=500, seq_len=12, semilla=2, ruido=0.5)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = crear_tarea_long_range(n=500, seq_len=12, semilla=3, ruido=0.5)
    assert not np.array_equal(X, X3)


def test_errores_de_la_tarea():
    with pytest.raises(ValueError, match="gap"):
        crear_tarea_long_range(seq_len=5, gap=5)
    with pytest.raises(ValueError, match="gap"):
        crear_tarea_long_range(seq_len=5, gap=-1)
    with pytest.raises(ValueError, match="n "):
        crear_tarea_long_range(n=0)
    with pytest.raises(TypeError, match="seq_len"):
        crear_tarea_long_range(seq_len=2.0)
    with pytest.raises(ValueError, match="ruido"):
        crear_tarea_long_range(ruido=0)
    with pytest.raises(ValueError, match="semilla"):
        crear_tarea_long_range(semilla=-3)


# ---------------------------------------------------- §2.1: W^k y sus regímenes
def test_reproduce_las_cifras_de_la_guia():
    r = simular_flujo_gradiente(T=50, controla="norma", norma="frobenius")
    desv, estable, expl = r.values()
    assert (
        round(desv[0], 2) == round(estable[0], 2) == 3.16
    )  # norma de Frobenius de I_10
    assert 3.5e-9 < estable[-1] < 4.0e-9  # "estable" cae a 3.8e-9
    assert 1.0 < expl[-1] < 1.06  # "explosivo" acaba en 1.03
    t = tabla_flujo_gradiente(T=50, controla="norma", norma="frobenius")
    np.testing.assert_allclose(t["sigma_1"], [0.5, 1.0, 1.5])
    np.testing.assert_allclose(t["rho"], [0.31, 0.65, 0.99], atol=0.005)


def test_tres_regimenes_de_verdad():
    r = simular_flujo_gradiente(T=50)
    desv, estable, expl = r.values()
    assert len(desv) == len(estable) == len(expl) == 50
    assert desv[0] == pytest.approx(1.0) and desv[-1] < 1e-10
    np.testing.assert_allclose(estable, 1.0, rtol=1e-10)
    assert expl[-1] > 1e6
    np.testing.assert_allclose(expl, 1.5 ** np.arange(50), rtol=1e-8)  # ‖(sQ)^k‖₂ = s^k
    t = tabla_flujo_gradiente(T=50)
    np.testing.assert_allclose(t["rho"], t["sigma_1"], rtol=1e-10)


def test_matriz_recurrente_y_radio():
    rng = np.random.RandomState(0)
    W = matriz_recurrente(0.8, 6, controla="norma", rng=rng)
    assert np.linalg.norm(W, 2) == pytest.approx(0.8)
    assert radio_espectral(W) < 0.8  # ρ ≤ σ₁, y aquí estrictamente
    Q = matriz_recurrente(1.0, 6, rng=rng)
    np.testing.assert_allclose(Q.T @ Q, np.eye(6), atol=1e-12)
    assert radio_espectral(np.diag([0.5, -2.0])) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="cuadrada"):
        radio_espectral(np.ones((2, 3)))
    with pytest.raises(ValueError, match="controla"):
        matriz_recurrente(1.0, 3, controla="traza")
    with pytest.raises(ValueError, match="escala"):
        matriz_recurrente(-1.0, 3)


def test_errores_de_la_simulacion():
    with pytest.raises(ValueError, match="norma"):
        simular_flujo_gradiente(norma="infinito")
    with pytest.raises(ValueError, match="T"):
        simular_flujo_gradiente(T=0)
    with pytest.raises(TypeError, match="hidden_size"):
        simular_flujo_gradiente(hidden_size=2.5)


def test_jacobiano_tanh_contra_autograd():
    T = 12
    r = flujo_gradiente_tanh(T=T, hidden_size=5, escala=1.0, seed=3)
    p = {k: torch.from_numpy(v) for k, v in r["pesos"].items()}

    def paso(h, t):
        return torch.tanh(p["W_xh"] @ p["X"][t] + p["W_hh"] @ h + p["b"])

    estados = []  # estados[i] = h tras el paso i
    h = torch.zeros(5, dtype=torch.float64)
    for t in range(T):
        h = paso(h, t)
        estados.append(h)
    for k in (
        1,
        4,
        7,
    ):  # ∂h_T/∂h_{T-k} = jacobiano de los k últimos pasos, por autograd

        def ultimos_k(h0, k=k):
            for t in range(T - k, T):
                h0 = paso(h0, t)
            return h0

        J = torch.autograd.functional.jacobian(ultimos_k, estados[T - 1 - k])
        assert np.linalg.norm(J.numpy(), 2) == pytest.approx(
            r["con_tanh"][k], rel=1e-10
        )
    np.testing.assert_allclose(r["solo_W"], 1.0, rtol=1e-10)  # ρ = 1, ortogonal
    assert r["con_tanh"][-1] < 1e-2  # la tanh hace que se desvanezca
    assert np.all(np.diff(r["con_tanh"]) <= 1e-12)  # cada factor tiene norma ≤ 1


def test_figura_flujo():
    r = simular_flujo_gradiente(T=10)
    fig = figura_flujo_gradiente(r)
    assert len(fig.axes) == 1 and fig.axes[0].get_yscale() == "log"
    assert len(fig.axes[0].lines) == 3
    fig2 = figura_flujo_gradiente(r, flujo_gradiente_tanh(T=10))
    assert len(fig2.axes) == 2 and fig2.axes[1].get_yscale() == "log"
    with pytest.raises(TypeError):
        figura_flujo_gradiente({})
    with pytest.raises(ValueError, match="no finitos"):
        figura_flujo_gradiente({"x": [1.0, float("nan")]})
    matplotlib.pyplot.close("all")


# ------------------------------------------------- RNN frente a LSTM, entrenadas
def test_fijar_sesgo_olvido():
    capa = nn.LSTM(2, 4, num_layers=2)
    fijar_sesgo_olvido(capa, 3.0)
    for capa_i in range(2):
        suma = getattr(capa, f"bias_ih_l{capa_i}") + getattr(capa, f"bias_hh_l{capa_i}")
        np.testing.assert_allclose(suma[4:8].detach().numpy(), 3.0)
    with pytest.raises(TypeError, match="nn.LSTM"):
        fijar_sesgo_olvido(nn.GRU(2, 3), 1.0)
    with pytest.raises(ValueError, match="bias=False"):
        fijar_sesgo_olvido(nn.LSTM(2, 3, bias=False), 1.0)
    with pytest.raises(TypeError, match="valor"):
        fijar_sesgo_olvido(nn.LSTM(2, 3), "uno")


def test_comparar_rnn_lstm_pequeno():
    r = comparar_rnn_lstm(
        (3, 6),
        hidden_size=4,
        n_entrenamiento=64,
        n_prueba=64,
        epocas=1,
        dispositivo="cpu",
    )
    assert isinstance(r.tabla, pd.DataFrame)
    assert list(r.tabla.index) == [3, 6] and list(r.tabla.columns) == ["RNN", "LSTM"]
    assert ((r.tabla >= 0) & (r.tabla <= 1)).all().all()
    assert set(r.modelos) == {("RNN", 3), ("LSTM", 3), ("RNN", 6), ("LSTM", 6)}
    lstm = r.modelos[("LSTM", 3)].rnn
    assert (
        lstm.hidden_size == r.modelos[("RNN", 3)].rnn.hidden_size == 4
    )  # mismo tamaño oculto
    assert len(r.historiales[("RNN", 6)].epocas) == 1
    fig = figura_exactitud_longitud(r.tabla)
    assert fig.axes[0].get_xscale() == "log"
    matplotlib.pyplot.close("all")


def test_comparar_restaura_los_hilos():
    antes = torch.get_num_threads()
    comparar_rnn_lstm(
        (3,),
        hidden_size=2,
        n_entrenamiento=8,
        n_prueba=8,
        epocas=1,
        dispositivo="cpu",
        hilos=1,
    )
    assert torch.get_num_threads() == antes
    with pytest.raises(ValueError, match="hilos"):
        comparar_rnn_lstm((3,), epocas=1, dispositivo="cpu", hilos=0)


def test_comparar_aprende_una_dependencia_corta():
    r = comparar_rnn_lstm(
        (4,),
        modelos={"LSTM": ("LSTM", 2.0)},
        hidden_size=8,
        n_entrenamiento=256,
        n_prueba=256,
        epocas=6,
        lr=1e-2,
        dispositivo="cpu",
    )
    assert r.tabla.loc[4, "LSTM"] > 0.95


def test_errores_comparar():
    with pytest.raises(ValueError, match="vacía"):
        comparar_rnn_lstm(())
    with pytest.raises(ValueError, match="longitud"):
        comparar_rnn_lstm((1,))
    with pytest.raises(TypeError, match="longitudes"):
        comparar_rnn_lstm(10)
    with pytest.raises(ValueError, match="tipo"):
        comparar_rnn_lstm(
            (3,), modelos={"X": ("CNN", None)}, epocas=1, n_entrenamiento=8, n_prueba=8
        )
    with pytest.raises(ValueError, match="vacío"):
        comparar_rnn_lstm((3,), modelos={})
    with pytest.raises(TypeError, match="par"):
        comparar_rnn_lstm((3,), modelos={"RNN": "RNN"})
    with pytest.raises(ValueError, match="sesgo de olvido"):
        comparar_rnn_lstm((3,), modelos={"GRU": ("GRU", 1.0)})
    with pytest.raises(TypeError, match="sesgo_olvido"):
        comparar_rnn_lstm((3,), modelos={"LSTM": ("LSTM", float("inf"))})


@pytest.mark.parametrize("tipo", ["RNN", "LSTM", "GRU"])
def test_normas_gradiente_contra_celda_manual(tipo):
    fijar_semilla(0)
    m = ClasificadorSecuencias(tipo, 1, 5, 2).double()
    X, y = crear_tarea_long_range(6, 7, semilla=1)
    Xt, yt = torch.from_numpy(X).double(), torch.from_numpy(y)
    r = normas_gradiente_estados(m, Xt, yt)
    assert all(
        p.grad is None for p in m.parameters()
    )  # trabaja sobre una copia: no deja gradientes
    # implementación independiente con la celda de PyTorch y los mismos pesos
    celda = {"RNN": nn.RNNCell, "LSTM": nn.LSTMCell, "GRU": nn.GRUCell}[tipo](
        1, 5
    ).double()
    with torch.no_grad():
        for nombre in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(celda, nombre).copy_(getattr(m.rnn, nombre + "_l0"))
    h = torch.zeros(6, 5, dtype=torch.float64, requires_grad=True)
    c = torch.zeros(6, 5, dtype=torch.float64)
    hs = []
    for t in range(7):
        if tipo == "LSTM":
            h, c = celda(Xt[:, t], (h, c))
        else:
            h = celda(Xt[:, t], h)
        h.retain_grad()
        hs.append(h)
    nn.functional.cross_entropy(m.fc(h), yt, reduction="sum").backward()
    esperado = np.array([float(v.grad.norm(dim=1).mean()) for v in hs])
    np.testing.assert_allclose(r["h"], esperado, rtol=1e-10)


def test_normas_gradiente_rnn_se_desvanecen_lstm_con_sesgo_no():
    fijar_semilla(0)
    X, y = crear_tarea_long_range(64, 60, semilla=0)
    rnn = ClasificadorSecuencias("RNN", 1, 16, 2)
    lstm = ClasificadorSecuencias("LSTM", 1, 16, 2)
    fijar_sesgo_olvido(lstm.rnn, 5.0)
    r_rnn, r_lstm = (
        normas_gradiente_estados(rnn, X, y),
        normas_gradiente_estados(lstm, X, y),
    )
    assert r_rnn["h"][0] / r_rnn["h"][-1] < 1e-6
    assert r_lstm["h"][0] / r_lstm["h"][-1] > 1e-2
    fig = figura_normas_gradiente({"RNN": r_rnn, "LSTM": r_lstm})
    assert fig.axes[0].get_yscale() == "log" and len(fig.axes[0].lines) == 2
    matplotlib.pyplot.close("all")


def test_errores_normas():
    m = ClasificadorSecuencias("RNN", 1, 3, 2)
    X, y = crear_tarea_long_range(4, 5)
    with pytest.raises(TypeError, match="ClasificadorSecuencias"):
        normas_gradiente_estados(nn.RNN(1, 3), X, y)
    with pytest.raises(ValueError, match="una sola capa"):
        normas_gradiente_estados(
            ClasificadorSecuencias("RNN", 1, 3, 2, num_layers=2), X, y
        )
    with pytest.raises(ValueError, match="forma"):
        normas_gradiente_estados(m, X[:, :, 0], y)
    with pytest.raises(ValueError, match="y debe"):
        normas_gradiente_estados(m, X, y[:3])
    with pytest.raises(ValueError, match="no finitos"):
        X2 = X.copy()
        X2[0, 0, 0] = np.nan
        normas_gradiente_estados(m, X2, y)
    with pytest.raises(TypeError):
        figura_normas_gradiente({})
    with pytest.raises(TypeError):
        figura_exactitud_longitud(pd.DataFrame())


def test_funciona_en_cada_dispositivo(dispositivo):
    r = comparar_rnn_lstm(
        (3,),
        hidden_size=3,
        n_entrenamiento=16,
        n_prueba=16,
        epocas=1,
        dispositivo=dispositivo,
    )
    assert r.tabla.shape == (1, 2)
    assert (
        next(r.modelos[("LSTM", 3)].parameters()).device.type == "cpu"
    )  # se devuelven en la CPU
    fijar_semilla(0)
    m = ClasificadorSecuencias("LSTM", 1, 3, 2).to(dispositivo)
    X, y = crear_tarea_long_range(4, 5)
    normas = normas_gradiente_estados(m, X, y)["h"]
    assert normas.shape == (5,) and np.all(np.isfinite(normas)) and np.all(normas > 0)
    assert (
        next(m.parameters()).device.type == dispositivo.type
    )  # el modelo original no se mueve
