"""CeldaGRU: igualdad con nn.GRU en float64, gradientes y la forma de la guía / Cho et al."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from rnnbook import CeldaGRU, error_relativo, gradiente_numerico, sigmoid
from rnnbook.desde_cero import paso_gru_guia
from rnnbook.experimentos import diferencias_gru_guia

FORMAS = [(1, 1, 1, 1), (3, 4, 2, 5), (2, 6, 5, 3), (4, 3, 7, 8)]


def _gru_torch(D, H, semilla):
    torch.manual_seed(semilla)
    capa = torch.nn.GRU(D, H, batch_first=True).double()
    with torch.no_grad():
        capa.bias_ih_l0.uniform_(-0.8, 0.8)
        capa.bias_hh_l0.uniform_(-0.8, 0.8)
    return capa


@pytest.mark.parametrize("N,T,D,H", FORMAS)
def test_forward_y_backward_iguales_que_nn_gru(N, T, D, H):
    capa = _gru_torch(D, H, semilla=N * 3 + H)
    celda = CeldaGRU.desde_torch(capa)
    rng = np.random.default_rng(N + T)
    X, h0 = rng.normal(size=(N, T, D)) * 2, rng.normal(size=(N, H))
    G, gh = rng.normal(size=(N, T, H)), rng.normal(size=(N, H))

    Xt = torch.from_numpy(X).requires_grad_(True)
    h0t = torch.from_numpy(h0)[None].requires_grad_(True)
    salida, hn = capa(Xt, h0t)
    (
        (salida * torch.from_numpy(G)).sum() + (hn[0] * torch.from_numpy(gh)).sum()
    ).backward()

    states, caches = celda.forward_sequence(X, h0)
    np.testing.assert_allclose(
        np.stack(states[1:], axis=1), salida.detach().numpy(), atol=1e-12, rtol=0
    )
    g = celda.backward_sequence(G, caches, dh_T=gh)
    np.testing.assert_allclose(g["X"], Xt.grad.numpy(), atol=1e-11, rtol=0)
    np.testing.assert_allclose(g["h0"], h0t.grad[0].numpy(), atol=1e-11, rtol=0)
    for nuestro, suyo in (
        ("W_ih", "weight_ih_l0"),
        ("W_hh", "weight_hh_l0"),
        ("b_ih", "bias_ih_l0"),
        ("b_hh", "bias_hh_l0"),
    ):
        np.testing.assert_allclose(
            g[nuestro], getattr(capa, suyo).grad.numpy(), atol=1e-10, rtol=0
        )
    # a diferencia de la LSTM, los dos sesgos de la GRU reciben gradientes distintos (b_hn está dentro de r ⊙ ·)
    Hd = H
    assert not np.allclose(
        capa.bias_ih_l0.grad[2 * Hd :].numpy(), capa.bias_hh_l0.grad[2 * Hd :].numpy()
    )


def test_forward_step_devuelve_el_estado_primero_e_igual_que_grucell():
    torch.manual_seed(1)
    ref = torch.nn.GRUCell(3, 4).double()
    celda = CeldaGRU.desde_torch(ref)
    x, h = torch.randn(5, 3).double(), torch.randn(5, 4).double()
    h_t, cache = celda.forward_step(x.numpy(), h.numpy())
    np.testing.assert_allclose(h_t, ref(x, h).detach().numpy(), atol=1e-13)
    assert isinstance(cache, dict) and cache["h_t"] is h_t
    h1, _ = celda.forward_step(x[0].numpy(), h[0].numpy())  # 1-D
    np.testing.assert_allclose(h1, h_t[0], atol=1e-15)


def test_gradiente_numerico_1d():
    D, H, T = 2, 3, 4
    celda = CeldaGRU(D, H, semilla=3)
    rng = np.random.default_rng(4)
    X, h0, G = rng.normal(size=(T, D)), rng.normal(size=H), rng.normal(size=(T, H))
    assert np.abs(celda.b_hh).min() > 0  # sesgos no nulos

    def perdida(nombre, valor):
        copia = CeldaGRU(D, H, semilla=0)
        for k, v in celda.parametros().items():
            getattr(copia, k)[...] = v
        Xu, hu = X, h0
        if nombre in copia.parametros():
            getattr(copia, nombre)[...] = valor
        elif nombre == "X":
            Xu = valor
        else:
            hu = valor
        return float(np.sum(np.stack(copia.forward_sequence(Xu, hu)[0][1:]) * G))

    _, caches = celda.forward_sequence(X, h0)
    g = celda.backward_sequence(G, caches)
    puntos = {**celda.parametros(), "X": X, "h0": h0}
    for nombre, punto in puntos.items():
        num = gradiente_numerico(lambda v, n=nombre: perdida(n, v), punto, h=1e-5)
        assert error_relativo(num, g[nombre]) < 1e-6, nombre


def test_backward_no_modifica_sus_entradas():
    celda = CeldaGRU(3, 4, semilla=0)
    rng = np.random.default_rng(0)
    X, G, dh = (
        rng.normal(size=(2, 5, 3)),
        rng.normal(size=(2, 5, 4)),
        rng.normal(size=(2, 4)),
    )
    _, caches = celda.forward_sequence(X)
    antes = [{k: v.copy() for k, v in c.items()} for c in caches]
    G0, dh0 = G.copy(), dh.copy()
    celda.backward_sequence(G, caches, dh_T=dh)
    for c, a in zip(caches, antes):
        for k in c:
            np.testing.assert_array_equal(c[k], a[k])
    np.testing.assert_array_equal(G, G0)
    np.testing.assert_array_equal(dh, dh0)


# --------------------------------------------------------- el contrato por lotes (filas)
@pytest.mark.parametrize("N,T,D,H", FORMAS)
def test_contrato_forward_y_backward_iguales_que_nn_gru(N, T, D, H):
    """forward/backward por lotes, sesgos no nulos y gradiente de arriba aleatorio, contra autograd."""
    capa = _gru_torch(D, H, semilla=5 * N + T)
    celda = CeldaGRU.desde_torch(capa)
    rng = np.random.default_rng(40 + N)
    X, h0 = rng.normal(size=(N, T, D)), rng.normal(size=(N, H))
    G, gh = rng.normal(size=(N, T, H)), rng.normal(size=(N, H))
    Xt = torch.from_numpy(X).requires_grad_(True)
    h0t = torch.from_numpy(h0)[None].requires_grad_(True)
    salida, hn = capa(Xt, h0t)
    (
        (salida * torch.from_numpy(G)).sum() + (hn[0] * torch.from_numpy(gh)).sum()
    ).backward()

    Hs, cache = celda.forward(X, h0)
    np.testing.assert_allclose(Hs, salida.detach().numpy(), atol=1e-13, rtol=0)
    g = celda.backward(G, cache, dh_T=gh)
    assert set(g) == {"X", "h0", "W_ih", "W_hh", "b_ih", "b_hh"}
    np.testing.assert_allclose(g["X"], Xt.grad.numpy(), atol=1e-12, rtol=0)
    np.testing.assert_allclose(g["h0"], h0t.grad[0].numpy(), atol=1e-12, rtol=0)
    for nuestro, suyo in (
        ("W_ih", "weight_ih_l0"),
        ("W_hh", "weight_hh_l0"),
        ("b_ih", "bias_ih_l0"),
        ("b_hh", "bias_hh_l0"),
    ):
        np.testing.assert_allclose(
            g[nuestro], getattr(capa, suyo).grad.numpy(), atol=1e-11, rtol=0
        )


def test_contrato_contra_diferencias_finitas():
    N, T, D, H = 2, 4, 3, 3
    celda = CeldaGRU(D, H, semilla=41)
    rng = np.random.default_rng(42)
    X, h0 = rng.normal(size=(N, T, D)), rng.normal(size=(N, H))
    G, gh = rng.normal(size=(N, T, H)), rng.normal(size=(N, H))

    def perdida(nombre, valor):
        copia = CeldaGRU(D, H, semilla=0)
        for k, v in celda.parametros().items():
            getattr(copia, k)[...] = valor if k == nombre else v
        Hs, _ = copia.forward(
            valor if nombre == "X" else X, valor if nombre == "h0" else h0
        )
        return float(np.sum(Hs * G) + np.sum(Hs[:, -1] * gh))

    _, cache = celda.forward(X, h0)
    g = celda.backward(G, cache, dh_T=gh)
    for nombre, punto in {**celda.parametros(), "X": X, "h0": h0}.items():
        num = gradiente_numerico(lambda v, n=nombre: perdida(n, v), punto, h=1e-5)
        assert error_relativo(num, g[nombre]) < 1e-7, nombre


def test_formas_de_la_guia_son_capas_finas_sobre_los_pasos():
    """forward_step/backward_step y las secuencias dan exactamente lo de los pasos del contrato."""
    celda = CeldaGRU(3, 4, semilla=43)
    rng = np.random.default_rng(44)
    X, G, h0 = (
        rng.normal(size=(2, 5, 3)),
        rng.normal(size=(2, 5, 4)),
        rng.normal(size=(2, 4)),
    )
    h1, cache1 = celda.forward_step(X[:, 0], h0)
    h2, cache2 = celda.paso_forward(X[:, 0], h0)
    np.testing.assert_array_equal(h1, h2)
    dh = G[:, 0]
    for a, b in zip(
        celda.backward_step(dh, cache1)[:2], celda.paso_backward(dh, cache2)[:2]
    ):
        np.testing.assert_array_equal(a, b)
    Hs, cache = celda.forward(X, h0)
    states, caches = celda.forward_sequence(X, h0)
    np.testing.assert_array_equal(Hs, np.stack(states[1:], axis=1))
    lote, guia = celda.backward(G, cache), celda.backward_sequence(G, caches)
    for nombre in lote:
        np.testing.assert_array_equal(lote[nombre], guia[nombre], err_msg=nombre)


def test_paso_backward_y_backward_no_modifican_sus_entradas():
    celda = CeldaGRU(3, 4, semilla=45)
    rng = np.random.default_rng(46)
    X, G, dh = (
        rng.normal(size=(2, 5, 3)),
        rng.normal(size=(2, 5, 4)),
        rng.normal(size=(2, 4)),
    )
    _, cache = celda.forward(X)
    antes = [{k: v.copy() for k, v in c.items()} for c in cache]
    X0, G0, dh0 = X.copy(), G.copy(), dh.copy()
    celda.paso_backward(dh, cache[-1])
    celda.backward(G, cache, dh_T=dh)
    for c, a in zip(cache, antes):
        for k in c:
            np.testing.assert_array_equal(c[k], a[k])
    for a, b in ((X, X0), (G, G0), (dh, dh0)):
        np.testing.assert_array_equal(a, b)


def test_contrato_rechaza_entradas_invalidas():
    celda = CeldaGRU(3, 2, semilla=0)
    with pytest.raises(ValueError, match="lote"):
        celda.forward(np.zeros((4, 3)))  # (T, D): forward solo admite lotes
    with pytest.raises(ValueError, match="vacía"):
        celda.forward(np.zeros((2, 0, 3)))
    with pytest.raises(ValueError, match="h0"):
        celda.forward(np.zeros((2, 4, 3)), np.zeros(2))
    _, cache = celda.forward(np.zeros((2, 4, 3)))
    with pytest.raises(ValueError, match="dH"):
        celda.backward(np.zeros((2, 3, 2)), cache)
    with pytest.raises(ValueError, match="dh_T"):
        celda.backward(np.zeros((2, 4, 2)), cache, dh_T=np.zeros((3, 2)))
    with pytest.raises(ValueError, match="cache"):
        celda.backward(np.zeros((2, 4, 2)), {})


def test_parametros_y_a_torch():
    celda = CeldaGRU(5, 8, semilla=2)
    assert (
        celda.get_param_count()
        == sum(p.numel() for p in torch.nn.GRUCell(5, 8).parameters())
        == 360
    )
    vuelta = CeldaGRU.desde_torch(celda.a_torch())
    for k, v in celda.parametros().items():
        np.testing.assert_array_equal(getattr(vuelta, k), v)
    k = 1 / np.sqrt(8)
    assert np.abs(celda.W_hh).max() <= k  # uniforme en [-1/√H, 1/√H], como PyTorch


def test_forma_de_la_guia():
    celda = CeldaGRU(3, 4, semilla=5)
    rng = np.random.default_rng(1)
    x, h = rng.normal(size=3), rng.normal(size=4)
    # sin ninguna diferencia, es exactamente la celda
    np.testing.assert_allclose(
        paso_gru_guia(celda, x, h, z_como_guia=False, r_como_guia=False),
        celda.forward_step(x, h)[0],
        atol=1e-15,
    )
    # la forma de la guía, escrita aquí a mano con los mismos pesos
    H = 4
    Wir, Wiz, Win = np.split(celda.W_ih, 3)
    Whr, Whz, Whn = np.split(celda.W_hh, 3)
    bir, biz, bin_ = np.split(celda.b_ih, 3)
    bhr, bhz, bhn = np.split(celda.b_hh, 3)
    r = sigmoid(Wir @ x + bir + Whr @ h + bhr)
    z = sigmoid(Wiz @ x + biz + Whz @ h + bhz)
    cand = np.tanh(Win @ x + bin_ + Whn @ (r * h) + bhn)
    esperado = (1 - z) * h + z * cand
    np.testing.assert_allclose(paso_gru_guia(celda, x, h), esperado, atol=1e-15)
    assert not np.allclose(esperado, celda.forward_step(x, h)[0], atol=1e-3)
    assert celda.hidden_size == H


def test_diferencias_con_la_guia():
    t = diferencias_gru_guia(N=8, T=6, D=3, H=5, semilla=1)
    col = t.columns[0]
    assert t.loc["CeldaGRU (convención PyTorch)", col] < 1e-12
    assert (
        t.loc["solo z como la guía, con W_z y b_z negados", col] < 1e-12
    )  # solo otra parametrización
    assert t.loc["solo r como la guía", col] > 1e-3  # una función distinta de verdad
    assert t.loc["la guía (z y r)", col] > 1e-2


def test_errores():
    with pytest.raises(ValueError, match="input_size"):
        CeldaGRU(0, 2)
    with pytest.raises(TypeError):
        CeldaGRU(2, "3")
    celda = CeldaGRU(3, 2, semilla=0)
    with pytest.raises(ValueError, match="x_t"):
        celda.forward_step(np.ones(2), np.zeros(2))
    with pytest.raises(ValueError, match="h_prev"):
        celda.forward_step(np.ones((4, 3)), np.zeros(2))
    with pytest.raises(ValueError, match="no finitos"):
        celda.forward_step(np.ones(3), np.array([np.nan, 0.0]))
    with pytest.raises(ValueError, match="vacía"):
        celda.forward_sequence(np.zeros((0, 3)))
    with pytest.raises(ValueError, match="vacía"):
        celda.backward_sequence(np.zeros((0, 2)), [])
    _, caches = celda.forward_sequence(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="dH"):
        celda.backward_sequence(np.zeros((3, 2)), caches)
    with pytest.raises(TypeError, match="GRUCell"):
        CeldaGRU.desde_torch(torch.nn.LSTMCell(2, 3))
    with pytest.raises(ValueError, match="una capa"):
        CeldaGRU.desde_torch(torch.nn.GRU(2, 3, num_layers=2))
    with pytest.raises(TypeError, match="CeldaGRU"):
        paso_gru_guia("no", np.ones(3), np.zeros(2))
    with pytest.raises(TypeError, match="z_como_guia"):
        paso_gru_guia(celda, np.ones(3), np.zeros(2), z_como_guia=1)
    with pytest.raises(ValueError):
        diferencias_gru_guia(N=0)
