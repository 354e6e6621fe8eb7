"""CeldaLSTM: igualdad con PyTorch en float64, gradientes por diferencias finitas y entradas erróneas."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
import torch

from rnnbook import CeldaLSTM, error_relativo, gradiente_numerico, sigmoid
from rnnbook.experimentos import ejemplo_puertas_lstm, medir_velocidad_lstm
from rnnbook.figuras import figura_puertas_lstm

matplotlib.use("Agg")
ORDEN = [1, 0, 2, 3]  # f, i, C, o ↔ i, f, g, o


def _lstm_torch(D, H, semilla):
    torch.manual_seed(semilla)
    capa = torch.nn.LSTM(D, H, batch_first=True).double()
    with torch.no_grad():  # sesgos claramente no nulos en los dos vectores
        capa.bias_ih_l0.uniform_(-0.8, 0.8)
        capa.bias_hh_l0.uniform_(-0.8, 0.8)
    return capa


def _torch_a_nuestro(W_ih, W_hh, H, D):
    """Pasa gradientes de forma PyTorch (4H, D) y (4H, H) al layout (4H, H + D) en orden f, i, C, o."""
    return np.concatenate(
        [W_hh.reshape(4, H, H)[ORDEN], W_ih.reshape(4, H, D)[ORDEN]], axis=2
    ).reshape(4 * H, H + D)


FORMAS = [(1, 1, 1, 1), (3, 4, 2, 5), (2, 7, 5, 3), (5, 3, 6, 8)]


# ------------------------------------------------------------------ forward
@pytest.mark.parametrize("N,T,D,H", FORMAS)
def test_forward_igual_que_nn_lstm(N, T, D, H):
    capa = _lstm_torch(D, H, semilla=N + T + D + H)
    celda = CeldaLSTM.desde_torch(capa)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(N, T, D)) * 2
    h0, C0 = rng.normal(size=(N, H)), rng.normal(size=(N, H))
    salida, (hn, cn) = capa(
        torch.from_numpy(X), (torch.from_numpy(h0)[None], torch.from_numpy(C0)[None])
    )
    salida = salida.detach().numpy()

    Hs, cache = celda.forward(X, h0, C0)  # camino rápido
    np.testing.assert_allclose(Hs, salida, atol=1e-12, rtol=0)
    np.testing.assert_allclose(
        cache["Cs"][-1], cn[0].detach().numpy(), atol=1e-12, rtol=0
    )

    states_h, states_C, _ = celda.forward_sequence(
        X, h0, C0
    )  # paso a paso (API de la guía)
    np.testing.assert_allclose(
        np.stack(states_h[1:], axis=1), salida, atol=1e-12, rtol=0
    )
    np.testing.assert_allclose(states_C[-1], cn[0].detach().numpy(), atol=1e-12, rtol=0)

    # un ejemplo suelto con vectores 1-D, como en la guía
    sh1, sC1, _ = celda.forward_sequence(X[0], h0[0], C0[0])
    np.testing.assert_allclose(np.stack(sh1[1:]), salida[0], atol=1e-12, rtol=0)
    assert sh1[0].shape == (H,)


def test_forward_step_igual_que_lstmcell_y_lista_de_vectores():
    torch.manual_seed(3)
    ref = torch.nn.LSTMCell(4, 6).double()
    celda = CeldaLSTM.desde_torch(ref)
    x, h, c = (
        torch.randn(3, 4).double(),
        torch.randn(3, 6).double(),
        torch.randn(3, 6).double(),
    )
    h_ref, c_ref = ref(x, (h, c))
    h_np, C_np, cache = celda.forward_step(x.numpy(), h.numpy(), c.numpy())
    np.testing.assert_allclose(h_np, h_ref.detach().numpy(), atol=1e-13, rtol=0)
    np.testing.assert_allclose(C_np, c_ref.detach().numpy(), atol=1e-13, rtol=0)
    # las claves de la guía siguen ahí
    for clave in (
        "x_t",
        "h_prev",
        "C_prev",
        "f_t",
        "i_t",
        "C_til",
        "o_t",
        "C_t",
        "h_t",
        "concat",
    ):
        assert clave in cache
    # una lista de vectores (D,) es una secuencia válida
    secuencia = [np.ones(4) * k for k in range(3)]
    a = celda.forward_sequence(secuencia)[0]
    b = celda.forward_sequence(np.stack(secuencia))[0]
    np.testing.assert_array_equal(np.stack(a), np.stack(b))


def test_desde_torch_y_a_torch_son_inversas():
    celda = CeldaLSTM(3, 5, semilla=1)
    celda.b[:] = np.linspace(-1, 1, 20)
    vuelta = CeldaLSTM.desde_torch(celda.a_torch())
    np.testing.assert_array_equal(vuelta.W, celda.W)
    np.testing.assert_allclose(vuelta.b, celda.b, atol=0)


def test_desde_torch_sin_sesgos():
    torch.manual_seed(0)
    ref = torch.nn.LSTMCell(2, 3, bias=False).double()
    celda = CeldaLSTM.desde_torch(ref)
    assert np.all(celda.b == 0)
    x, h, c = torch.randn(2).double(), torch.randn(3).double(), torch.randn(3).double()
    h_ref, _ = ref(x[None], (h[None], c[None]))
    np.testing.assert_allclose(
        celda.forward_step(x.numpy(), h.numpy(), c.numpy())[0],
        h_ref[0].detach().numpy(),
        atol=1e-13,
    )


# ----------------------------------------------------------------- backward
@pytest.mark.parametrize("N,T,D,H", FORMAS)
def test_backward_igual_que_autograd(N, T, D, H):
    capa = _lstm_torch(D, H, semilla=7 * N + T)
    celda = CeldaLSTM.desde_torch(capa)
    rng = np.random.default_rng(1)
    X = rng.normal(size=(N, T, D))
    h0, C0 = rng.normal(size=(N, H)), rng.normal(size=(N, H))
    G = rng.normal(size=(N, T, H))  # gradiente de arriba aleatorio
    gh, gc = rng.normal(size=(N, H)), rng.normal(size=(N, H))  # y sobre el estado final

    Xt = torch.from_numpy(X).requires_grad_(True)
    h0t = torch.from_numpy(h0)[None].requires_grad_(True)
    C0t = torch.from_numpy(C0)[None].requires_grad_(True)
    salida, (hn, cn) = capa(Xt, (h0t, C0t))
    perdida = (
        (salida * torch.from_numpy(G)).sum()
        + (hn[0] * torch.from_numpy(gh)).sum()
        + (cn[0] * torch.from_numpy(gc)).sum()
    )
    perdida.backward()

    Hs, cache = celda.forward(X, h0, C0)
    rapido = celda.backward(G, cache, dh_T=gh, dC_T=gc)
    _, _, caches = celda.forward_sequence(X, h0, C0)
    lento = celda.backward_sequence(G, caches, dh_T=gh, dC_T=gc)
    dW_ref = _torch_a_nuestro(
        capa.weight_ih_l0.grad.numpy(), capa.weight_hh_l0.grad.numpy(), H, D
    )
    db_ref = capa.bias_ih_l0.grad.numpy().reshape(4, H)[ORDEN].ravel()
    for grads in (rapido, lento):
        np.testing.assert_allclose(grads["X"], Xt.grad.numpy(), atol=1e-11, rtol=0)
        np.testing.assert_allclose(grads["h0"], h0t.grad[0].numpy(), atol=1e-11, rtol=0)
        np.testing.assert_allclose(grads["C0"], C0t.grad[0].numpy(), atol=1e-11, rtol=0)
        np.testing.assert_allclose(grads["W"], dW_ref, atol=1e-10, rtol=0)
        np.testing.assert_allclose(grads["b"], db_ref, atol=1e-10, rtol=0)
    # en PyTorch los dos sesgos reciben el mismo gradiente: solo se suman
    np.testing.assert_allclose(
        capa.bias_ih_l0.grad.numpy(), capa.bias_hh_l0.grad.numpy(), atol=1e-14
    )


def _celda_con_sesgos(D, H, semilla):
    celda = CeldaLSTM(D, H, semilla=semilla)
    celda.b[:] = np.random.default_rng(semilla).normal(0, 0.7, 4 * H)  # sesgos no nulos
    return celda


def test_gradiente_numerico_secuencia_1d():
    D, H, T = 3, 4, 5
    celda = _celda_con_sesgos(D, H, 2)
    rng = np.random.default_rng(3)
    X, h0, C0 = rng.normal(size=(T, D)), rng.normal(size=H), rng.normal(size=H)
    G = rng.normal(size=(T, H))

    def perdida(W=None, b=None, X_=None, h0_=None, C0_=None):
        copia = CeldaLSTM(D, H, semilla=0)
        copia.W[...] = celda.W if W is None else W
        copia.b[...] = celda.b if b is None else b
        sh, _, _ = copia.forward_sequence(
            X if X_ is None else X_,
            h0 if h0_ is None else h0_,
            C0 if C0_ is None else C0_,
        )
        return float(np.sum(np.stack(sh[1:]) * G))

    _, _, caches = celda.forward_sequence(X, h0, C0)
    g = celda.backward_sequence(G, caches)
    numericos = {
        "W": gradiente_numerico(lambda W: perdida(W=W), celda.W),
        "b": gradiente_numerico(lambda b: perdida(b=b), celda.b),
        "X": gradiente_numerico(lambda x: perdida(X_=x), X),
        "h0": gradiente_numerico(lambda h: perdida(h0_=h), h0),
        "C0": gradiente_numerico(lambda c: perdida(C0_=c), C0),
    }
    for nombre, num in numericos.items():
        assert error_relativo(num, g[nombre]) < 1e-6, nombre


def test_gradiente_numerico_camino_rapido_con_estado_final():
    N, T, D, H = 2, 4, 3, 3
    celda = _celda_con_sesgos(D, H, 5)
    rng = np.random.default_rng(6)
    X, G = rng.normal(size=(N, T, D)), rng.normal(size=(N, T, H))
    gC = rng.normal(size=(N, H))

    def perdida(W):
        celda_w = CeldaLSTM(D, H, semilla=0)
        celda_w.W[...] = W
        celda_w.b[...] = celda.b
        Hs, cache = celda_w.forward(X)
        return float(np.sum(Hs * G) + np.sum(cache["Cs"][-1] * gC))

    _, cache = celda.forward(X)
    g = celda.backward(G, cache, dC_T=gC)
    assert error_relativo(gradiente_numerico(perdida, celda.W), g["W"]) < 1e-6


def test_backward_step_coincide_con_diferencias_finitas():
    D, H = 2, 3
    celda = _celda_con_sesgos(D, H, 8)
    rng = np.random.default_rng(9)
    x, h, C = rng.normal(size=D), rng.normal(size=H), rng.normal(size=H)
    dh, dC = rng.normal(size=H), rng.normal(size=H)

    def perdida(x_):
        h_t, C_t, _ = celda.forward_step(x_, h, C)
        return float(h_t @ dh + C_t @ dC)

    _, _, cache = celda.forward_step(x, h, C)
    dx, dh_prev, dC_prev, dW, db = celda.backward_step(dh, dC, cache)
    assert error_relativo(gradiente_numerico(perdida, x), dx) < 1e-7
    num_C = gradiente_numerico(
        lambda c: float(
            celda.forward_step(x, h, c)[0] @ dh + celda.forward_step(x, h, c)[1] @ dC
        ),
        C,
    )
    assert error_relativo(num_C, dC_prev) < 1e-7
    assert dW.shape == (4 * H, H + D) and db.shape == (4 * H,)


def test_backward_no_modifica_sus_entradas():
    celda = _celda_con_sesgos(3, 4, 1)
    rng = np.random.default_rng(0)
    X, G = rng.normal(size=(2, 5, 3)), rng.normal(size=(2, 5, 4))
    dh, dC = rng.normal(size=(2, 4)), rng.normal(size=(2, 4))
    _, cache = celda.forward(X)
    copias = {k: v.copy() for k, v in cache.items()}
    G0, dh0, dC0 = G.copy(), dh.copy(), dC.copy()
    celda.backward(G, cache, dh_T=dh, dC_T=dC)
    for k in cache:
        np.testing.assert_array_equal(cache[k], copias[k])
    np.testing.assert_array_equal(G, G0)
    np.testing.assert_array_equal(dh, dh0)
    np.testing.assert_array_equal(dC, dC0)
    _, _, caches = celda.forward_sequence(X)
    c0 = {k: v.copy() for k, v in caches[2].items()}
    celda.backward_sequence(G, caches, dh_T=dh, dC_T=dC)
    for k in c0:
        np.testing.assert_array_equal(caches[2][k], c0[k])
    np.testing.assert_array_equal(dh, dh0)


# --------------------------------------------------------- el contrato por lotes (filas)
def test_paso_forward_y_paso_backward_iguales_que_lstmcell_float64():
    """Un paso con sesgos no nulos y gradientes aleatorios sobre h_t y C_t, contra autograd."""
    N, D, H = 4, 3, 5
    torch.manual_seed(3)
    ref = torch.nn.LSTMCell(D, H).double()
    with torch.no_grad():
        ref.bias_ih.uniform_(-0.8, 0.8)
        ref.bias_hh.uniform_(-0.8, 0.8)
    celda = CeldaLSTM.desde_torch(ref)
    rng = np.random.default_rng(30)
    x, h, c = (rng.normal(size=(N, k)) for k in (D, H, H))
    dh, dC = rng.normal(size=(N, H)), rng.normal(size=(N, H))
    xt, ht, ct = (torch.from_numpy(a.copy()).requires_grad_(True) for a in (x, h, c))
    h_ref, c_ref = ref(xt, (ht, ct))
    (
        (h_ref * torch.from_numpy(dh)).sum() + (c_ref * torch.from_numpy(dC)).sum()
    ).backward()

    h_t, C_t, cache = celda.paso_forward(x, h, c)
    np.testing.assert_allclose(h_t, h_ref.detach().numpy(), atol=1e-14, rtol=0)
    np.testing.assert_allclose(C_t, c_ref.detach().numpy(), atol=1e-14, rtol=0)
    dx, dh_prev, dC_prev, grads = celda.paso_backward(dh, dC, cache)
    assert set(grads) == {"W", "b"}
    np.testing.assert_allclose(dx, xt.grad.numpy(), atol=1e-13, rtol=0)
    np.testing.assert_allclose(dh_prev, ht.grad.numpy(), atol=1e-13, rtol=0)
    np.testing.assert_allclose(dC_prev, ct.grad.numpy(), atol=1e-13, rtol=0)
    dW_ref = _torch_a_nuestro(
        ref.weight_ih.grad.numpy(), ref.weight_hh.grad.numpy(), H, D
    )
    db_ref = ref.bias_ih.grad.numpy().reshape(4, H)[ORDEN].ravel()
    np.testing.assert_allclose(grads["W"], dW_ref, atol=1e-13, rtol=0)
    np.testing.assert_allclose(grads["b"], db_ref, atol=1e-13, rtol=0)


def test_paso_backward_contra_diferencias_finitas():
    N, D, H = 2, 3, 4
    celda = _celda_con_sesgos(D, H, 31)
    rng = np.random.default_rng(32)
    x, h, C = rng.normal(size=(N, D)), rng.normal(size=(N, H)), rng.normal(size=(N, H))
    dh, dC = rng.normal(size=(N, H)), rng.normal(size=(N, H))

    def perdida(W=None, b=None, x_=x, h_=h, C_=C):
        copia = CeldaLSTM(D, H, semilla=0)
        copia.W[...] = celda.W if W is None else W
        copia.b[...] = celda.b if b is None else b
        h_t, C_t, _ = copia.paso_forward(x_, h_, C_)
        return float(np.sum(h_t * dh) + np.sum(C_t * dC))

    _, _, cache = celda.paso_forward(x, h, C)
    dx, dh_prev, dC_prev, grads = celda.paso_backward(dh, dC, cache)
    numericos = {
        "W": (gradiente_numerico(lambda W: perdida(W=W), celda.W), grads["W"]),
        "b": (gradiente_numerico(lambda b: perdida(b=b), celda.b), grads["b"]),
        "x": (gradiente_numerico(lambda v: perdida(x_=v), x), dx),
        "h": (gradiente_numerico(lambda v: perdida(h_=v), h), dh_prev),
        "C": (gradiente_numerico(lambda v: perdida(C_=v), C), dC_prev),
    }
    for nombre, (num, analitico) in numericos.items():
        assert error_relativo(num, analitico) < 1e-7, nombre


def test_camino_rapido_igual_que_recorrer_los_pasos():
    """forward/backward (camino rápido) = encadenar paso_forward y paso_backward."""
    N, T, D, H = 3, 6, 4, 5
    celda = _celda_con_sesgos(D, H, 33)
    rng = np.random.default_rng(34)
    X, h0, C0 = (
        rng.normal(size=(N, T, D)),
        rng.normal(size=(N, H)),
        rng.normal(size=(N, H)),
    )
    G, gh, gC = (
        rng.normal(size=(N, T, H)),
        rng.normal(size=(N, H)),
        rng.normal(size=(N, H)),
    )
    Hs, cache = celda.forward(X, h0, C0)
    rapido = celda.backward(G, cache, dh_T=gh, dC_T=gC)

    h, C, caches = h0, C0, []
    for t in range(T):
        h, C, cache_t = celda.paso_forward(X[:, t], h, C)
        np.testing.assert_allclose(Hs[:, t], h, atol=1e-14, rtol=0)
        caches.append(cache_t)
    dh, dC, dW, db, dX = gh, gC, 0.0, 0.0, np.empty_like(X)
    for t in reversed(range(T)):
        dX[:, t], dh, dC, g = celda.paso_backward(dh + G[:, t], dC, caches[t])
        dW, db = dW + g["W"], db + g["b"]
    for nombre, lento in (("X", dX), ("h0", dh), ("C0", dC), ("W", dW), ("b", db)):
        np.testing.assert_allclose(
            rapido[nombre], lento, atol=1e-13, rtol=0, err_msg=nombre
        )


def test_formas_de_la_guia_son_capas_finas_sobre_los_pasos():
    """forward_step/backward_step validan y dan exactamente lo de paso_forward/paso_backward."""
    celda = _celda_con_sesgos(3, 4, 35)
    rng = np.random.default_rng(36)
    x, h, C = rng.normal(size=(2, 3)), rng.normal(size=(2, 4)), rng.normal(size=(2, 4))
    dh, dC = rng.normal(size=(2, 4)), rng.normal(size=(2, 4))
    h1, C1, cache1 = celda.forward_step(x, h, C)
    h2, C2, cache2 = celda.paso_forward(x, h, C)
    np.testing.assert_array_equal(h1, h2)
    np.testing.assert_array_equal(C1, C2)
    dx, dh_prev, dC_prev, dW, db = celda.backward_step(dh, dC, cache1)
    dx2, dh_prev2, dC_prev2, grads = celda.paso_backward(dh, dC, cache2)
    for a, b in (
        (dx, dx2),
        (dh_prev, dh_prev2),
        (dC_prev, dC_prev2),
        (dW, grads["W"]),
        (db, grads["b"]),
    ):
        np.testing.assert_array_equal(a, b)
    # un ejemplo suelto (1-D) es la fila de un lote de uno
    h_1d, C_1d, cache_1d = celda.paso_forward(x[0], h[0], C[0])
    np.testing.assert_allclose(h_1d, h2[0], atol=1e-15, rtol=0)
    dx_1d, _, _, g_1d = celda.paso_backward(dh[0], dC[0], cache_1d)
    _, _, _, g_lote = celda.paso_backward(
        dh[:1], dC[:1], celda.paso_forward(x[:1], h[:1], C[:1])[2]
    )
    np.testing.assert_allclose(g_1d["W"], g_lote["W"], atol=1e-15, rtol=0)
    assert dx_1d.shape == (3,) and g_1d["b"].shape == (16,)


def test_paso_backward_no_modifica_sus_entradas():
    celda = _celda_con_sesgos(3, 4, 37)
    rng = np.random.default_rng(38)
    _, _, cache = celda.paso_forward(
        rng.normal(size=(2, 3)), rng.normal(size=(2, 4)), rng.normal(size=(2, 4))
    )
    dh, dC = rng.normal(size=(2, 4)), rng.normal(size=(2, 4))
    antes = {k: v.copy() for k, v in cache.items()}
    dh0, dC0 = dh.copy(), dC.copy()
    celda.paso_backward(dh, dC, cache)
    for k in cache:
        np.testing.assert_array_equal(cache[k], antes[k])
    np.testing.assert_array_equal(dh, dh0)
    np.testing.assert_array_equal(dC, dC0)


def test_float32_cercano_a_float64():
    c64 = _celda_con_sesgos(4, 6, 2)
    c32 = CeldaLSTM(4, 6, semilla=0, dtype=np.float32)
    c32.W[...], c32.b[...] = c64.W, c64.b
    X = np.random.default_rng(0).normal(size=(3, 10, 4))
    H32, cache32 = c32.forward(X)
    H64, cache64 = c64.forward(X)
    assert H32.dtype == np.float32
    np.testing.assert_allclose(H32, H64, atol=1e-5)
    G = np.ones((3, 10, 6))
    g32, g64 = c32.backward(G, cache32), c64.backward(G, cache64)
    assert g32["W"].dtype == np.float32
    np.testing.assert_allclose(g32["W"], g64["W"], atol=1e-3, rtol=1e-4)


# ------------------------------------------------------ parámetros y guía
def test_inicializacion_de_la_guia():
    celda = CeldaLSTM(5, 8, semilla=0)
    np.testing.assert_array_equal(celda.b_f, np.ones(8))
    for b in (celda.b_i, celda.b_C, celda.b_o):
        np.testing.assert_array_equal(b, np.zeros(8))
    assert celda.get_param_count() == 448  # la cuenta de la guía (un sesgo por puerta)
    assert celda.W.shape == (32, 13) and celda.W_o.shape == (8, 13)
    # la guía sortea W ~ N(0, 1/13): gaussiana, no ortogonal
    assert 0.2 < celda.W.std() < 0.36
    W_h = celda.W_f[:, :8]
    assert not np.allclose(W_h.T @ W_h, np.eye(8), atol=0.1)


def test_reproduce_los_pesos_y_la_celda_de_la_guia():
    np.random.seed(99)
    celda = CeldaLSTM(5, 8)  # sorteo con el estado global, como la guía
    X = [np.random.randn(5) for _ in range(10)]
    np.random.seed(99)
    W_f_guia = np.random.randn(8, 13) * np.sqrt(1.0 / 13)
    np.testing.assert_array_equal(celda.W_f, W_f_guia)
    _, states_C, _ = celda.forward_sequence(X)
    medias = [round(float(np.abs(C).mean()), 2) for C in states_C[1:5]]
    assert medias == [0.21, 0.45, 0.37, 0.20]  # guia_mediciones §2.3: C_t no crece


def test_inicializacion_ortogonal():
    celda = CeldaLSTM(3, 6, semilla=4, inicializacion="ortogonal")
    for W in (celda.W_f, celda.W_i, celda.W_C, celda.W_o):
        np.testing.assert_allclose(W[:, :6].T @ W[:, :6], np.eye(6), atol=1e-12)


def test_vistas_de_los_bloques():
    celda = CeldaLSTM(2, 3, semilla=0)
    celda.W_C = np.full((3, 5), 0.25)
    np.testing.assert_array_equal(celda.W[6:9], 0.25)
    celda.b_o = np.array([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(celda.b[9:], [1.0, 2.0, 3.0])
    celda.W_f[0, 0] = 7.0  # la vista escribe en W
    assert celda.W[0, 0] == 7.0
    with pytest.raises(ValueError, match="forma"):
        celda.W_i = np.zeros((3, 4))
    with pytest.raises(ValueError, match="no finitos"):
        celda.b_f = np.array([np.nan, 0.0, 0.0])


def test_sigmoid_estable():
    x = np.array([-1e4, -30.0, -1.0, 0.0, 2.5, 1e4])
    with np.errstate(
        over="raise", invalid="raise", divide="raise"
    ):  # sin desbordes (el subdesborde a 0 es correcto)
        s = sigmoid(x)
    np.testing.assert_allclose(
        s[1:-1], 1 / (1 + np.exp(-x[1:-1])), rtol=1e-14, atol=1e-300
    )
    assert s[0] == 0.0 and s[-1] == 1.0


def test_ejemplo_puertas_como_la_guia():
    p = ejemplo_puertas_lstm()
    # el código de la guía (§2.2), reescrito aquí de forma independiente
    np.random.seed(7)
    concat = np.concatenate([p["h_prev"], p["x_t"]])
    W = {k: np.random.randn(4, 8) * 0.5 for k in "fiCo"}
    f = 1 / (1 + np.exp(-(W["f"] @ concat)))
    i = 1 / (1 + np.exp(-(W["i"] @ concat)))
    Ct = np.tanh(W["C"] @ concat)
    o = 1 / (1 + np.exp(-(W["o"] @ concat)))
    C = f * p["C_prev"] + i * Ct
    for clave, esperado in (
        ("f_t", f),
        ("i_t", i),
        ("C_til", Ct),
        ("o_t", o),
        ("C_t", C),
        ("h_t", o * np.tanh(C)),
    ):
        np.testing.assert_allclose(p[clave], esperado, atol=1e-14)
    np.testing.assert_array_equal(p["h_prev"], [0.8, -0.3, 0.5, 0.2])


def test_figura_puertas():
    p = ejemplo_puertas_lstm()
    fig = figura_puertas_lstm(p)
    ejes = fig.axes
    assert len(ejes) == 4
    assert [ax.get_title() for ax in ejes] == [
        "Puerta de olvido $f_t$",
        "Puerta de entrada $i_t$",
        "Estado de celda $C_t$",
        "Puerta de salida $o_t$",
    ]
    alturas = [r.get_height() for r in ejes[2].patches]
    np.testing.assert_allclose(alturas, p["C_t"])
    assert matplotlib.colors.to_hex(ejes[0].patches[0].get_facecolor()) == "#e74c3c"
    with pytest.raises(ValueError, match="faltan"):
        figura_puertas_lstm({"f_t": p["f_t"]})
    with pytest.raises(TypeError):
        figura_puertas_lstm([1, 2])
    matplotlib.pyplot.close("all")


def test_medir_velocidad_devuelve_tabla():
    t = medir_velocidad_lstm(
        N=2,
        T=3,
        D=2,
        H=3,
        dtypes=("float32", "float64"),
        repeticiones=2,
        calentamiento=1,
    )
    assert list(t.index) == ["float32", "float64"]
    assert (t["NumPy (ms)"] > 0).all() and (t["PyTorch (ms)"] > 0).all()
    np.testing.assert_allclose(
        t["NumPy / PyTorch"], t["NumPy (ms)"] / t["PyTorch (ms)"]
    )
    with pytest.raises(ValueError, match="dtype"):
        medir_velocidad_lstm(dtypes=("float16",))
    with pytest.raises(ValueError):
        medir_velocidad_lstm(N=0)


# ------------------------------------------------------------ entradas erróneas
def test_errores_de_construccion():
    with pytest.raises(ValueError, match="input_size"):
        CeldaLSTM(0, 3)
    with pytest.raises(TypeError, match="hidden_size"):
        CeldaLSTM(3, 2.5)
    with pytest.raises(TypeError):
        CeldaLSTM(3, True)
    with pytest.raises(ValueError, match="inicializacion"):
        CeldaLSTM(3, 2, inicializacion="xavier")
    # NaN es un real pero no un valor válido: ValueError (un str sería TypeError).
    with pytest.raises(ValueError, match="sesgo_olvido debe ser un número finito"):
        CeldaLSTM(3, 2, sesgo_olvido=float("nan"))
    with pytest.raises(TypeError, match="sesgo_olvido"):
        CeldaLSTM(3, 2, sesgo_olvido="1")
    with pytest.raises(ValueError, match="dtype"):
        CeldaLSTM(3, 2, dtype=np.float16)
    with pytest.raises(ValueError, match="semilla"):
        CeldaLSTM(3, 2, semilla=-1)


def test_errores_de_forma_y_valores():
    celda = CeldaLSTM(3, 2, semilla=0)
    with pytest.raises(ValueError, match=r"x_t debe tener forma \(3,\)"):
        celda.forward_step(np.ones(4), np.zeros(2), np.zeros(2))
    with pytest.raises(ValueError, match="h_prev"):
        celda.forward_step(np.ones(3), np.zeros(3), np.zeros(2))
    with pytest.raises(ValueError, match="C_prev"):
        celda.forward_step(np.ones((5, 3)), np.zeros((5, 2)), np.zeros((4, 2)))
    with pytest.raises(
        ValueError, match="h_prev"
    ):  # un lote con estado 1-D no se difunde en silencio
        celda.forward_step(np.ones((5, 3)), np.zeros(2), np.zeros((5, 2)))
    with pytest.raises(ValueError, match="no finitos"):
        celda.forward_step(np.array([1.0, np.inf, 0.0]), np.zeros(2), np.zeros(2))
    with pytest.raises(TypeError):
        celda.forward_step("abc", np.zeros(2), np.zeros(2))
    with pytest.raises(ValueError, match="vacía"):
        celda.forward_sequence(np.zeros((0, 3)))
    with pytest.raises(ValueError, match="vacía"):
        celda.forward_sequence([])
    with pytest.raises(ValueError, match=r"\(T, 3\)"):
        celda.forward_sequence(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="lote"):
        celda.forward(np.zeros((4, 3)))
    _, cache = celda.forward(np.zeros((2, 4, 3)))
    with pytest.raises(ValueError, match="dH"):
        celda.backward(np.zeros((2, 3, 2)), cache)
    _, _, caches = celda.forward_sequence(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="dH"):
        celda.backward_sequence(np.zeros((4, 3)), caches)
    with pytest.raises(ValueError, match="vacía"):
        celda.backward_sequence(np.zeros((0, 2)), [])
    with pytest.raises(ValueError, match="dh_t"):
        celda.backward_step(np.zeros(3), np.zeros(2), caches[0])


def test_errores_desde_torch():
    with pytest.raises(TypeError, match="LSTMCell"):
        CeldaLSTM.desde_torch(torch.nn.GRUCell(2, 3))
    with pytest.raises(ValueError, match="una capa"):
        CeldaLSTM.desde_torch(torch.nn.LSTM(2, 3, num_layers=2))
    with pytest.raises(ValueError, match="una capa"):
        CeldaLSTM.desde_torch(torch.nn.LSTM(2, 3, bidirectional=True))
    # un nn.LSTM de una capa vale igual que su celda
    torch.manual_seed(0)
    capa = torch.nn.LSTM(2, 3)
    assert CeldaLSTM.desde_torch(capa).W.shape == (12, 5)


def test_medir_velocidad_fija_y_restaura_los_hilos():
    from rnnbook.experimentos.lstm import _hilos_blas_actuales

    antes_torch, antes_blas = torch.get_num_threads(), _hilos_blas_actuales()
    t = medir_velocidad_lstm(
        N=2, T=2, D=2, H=2, dtypes="float64", repeticiones=1, calentamiento=0, hilos=1
    )
    assert t["hilos PyTorch"].iloc[0] == 1
    assert t["hilos BLAS de NumPy"].iloc[0] in (
        0,
        1,
    )  # 0: BLAS que no se puede consultar
    assert torch.get_num_threads() == antes_torch
    assert _hilos_blas_actuales() == antes_blas
    with pytest.raises(ValueError, match="hilos"):
        medir_velocidad_lstm(hilos=0)
