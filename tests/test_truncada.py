"""Pruebas del ejercicio A1: BPTT truncada (NumPy y PyTorch), convergencia y memoria."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest
import torch

from rnnbook import (
    RNN_BPTT,
    CeldaRNN,
    error_relativo,
    fijar_semilla,
    gradiente_numerico,
)
from rnnbook.datos import crear_tarea_eco, eco_a_torch
from rnnbook.desde_cero import (
    IGNORAR,
    NOMBRES_PARAMETROS,
    NOMBRES_RECURRENCIA,
    entrenar_bptt_truncada,
    evaluar_etiquetado,
    gradiente_trozo,
    gradientes_bptt_truncada,
    perdida_y_dY,
)
from rnnbook.experimentos import (
    comprobar_gradientes_truncada,
    entrenar_bptt_truncada_torch,
    exactitud_etiquetado,
    gradientes_truncada_torch,
    memoria_bptt_numpy,
    memoria_bptt_torch,
    perdida_etiquetado,
    resumen_convergencia,
    tabla_memoria_truncada,
)
from rnnbook.figuras import figura_convergencia_truncada, figura_memoria_truncada
from rnnbook.modelos import EtiquetadorRecurrente

D, H, O = 2, 5, 3


def _celda(semilla=0):
    """Pesos y sesgos no nulos y de tamaño apreciable: la comprobación cubre todo."""
    gen = np.random.default_rng(semilla)
    celda = CeldaRNN(D, H, O, semilla=semilla)
    celda.W_xh = 0.7 * gen.standard_normal(celda.W_xh.shape)
    celda.W_hh = 0.7 * gen.standard_normal(celda.W_hh.shape)
    celda.W_hy = 0.7 * gen.standard_normal(celda.W_hy.shape)
    celda.b_h = 0.3 * gen.standard_normal(celda.b_h.shape)
    celda.b_y = 0.3 * gen.standard_normal(celda.b_y.shape)
    return celda


def _datos(T=11, N=3, semilla=1, ignorar_primeros=2):
    gen = np.random.default_rng(semilla)
    X = gen.standard_normal((T, D, N))
    Y = gen.integers(0, O, size=(T, N))
    Y[:ignorar_primeros] = IGNORAR
    Y[5, 0] = (
        IGNORAR  # un hueco suelto: la media debe contar solo los objetivos válidos
    )
    return X, Y


def _perdida_de_referencia(celda, X, Y, h0=None):
    """Entropía cruzada media escrita paso a paso, independiente del módulo."""
    h = np.zeros((H, X.shape[2])) if h0 is None else h0
    total, cuenta = 0.0, 0
    for t in range(X.shape[0]):
        h = np.tanh(celda.W_xh @ X[t] + celda.W_hh @ h + celda.b_h)
        z = celda.W_hy @ h + celda.b_y
        for n in range(X.shape[2]):
            if Y[t, n] != IGNORAR:
                logp = (
                    z[:, n]
                    - z[:, n].max()
                    - np.log(np.sum(np.exp(z[:, n] - z[:, n].max())))
                )
                total -= logp[Y[t, n]]
                cuenta += 1
    return total / cuenta


# --------------------------------------------------------------------------- tarea
def test_tarea_eco_formas_tipos_y_objetivos_por_construccion():
    X, Y = crear_tarea_eco(n=7, T=30, retardo=4, semilla=3)
    assert X.shape == (30, 1, 7) and X.dtype == np.float64
    assert Y.shape == (30, 7) and Y.dtype == np.int64
    assert set(np.unique(X)) == {-1.0, 1.0}
    assert np.all(Y[:4] == IGNORAR)
    assert np.array_equal(Y[4:], (X[:-4, 0, :] > 0).astype(np.int64))
    # La entrada del mismo paso no dice nada del objetivo: los bits son independientes.
    X2, _ = crear_tarea_eco(n=7, T=30, retardo=4, semilla=3)
    assert np.array_equal(X, X2)
    assert not np.array_equal(X, crear_tarea_eco(n=7, T=30, retardo=4, semilla=4)[0])


def test_eco_a_torch_traspone_sin_cambiar_valores():
    X, Y = crear_tarea_eco(n=3, T=9, retardo=2)
    Xt, Yt = eco_a_torch(X, Y)
    assert Xt.shape == (3, 9, 1) and Yt.shape == (3, 9)
    assert np.array_equal(Xt[1, :, 0].numpy(), X[:, 0, 1].astype(np.float32))
    assert np.array_equal(Yt[2].numpy(), Y[:, 2])


# --------------------------------------------------------------------------- gradientes (NumPy)
def test_perdida_del_trozo_coincide_con_una_referencia_escrita_a_mano():
    celda, (X, Y) = _celda(), _datos()
    h0 = np.random.default_rng(5).standard_normal((H, 3)) * 0.5
    perdida, _, h_final = gradiente_trozo(celda, X, Y, h0)
    assert perdida == pytest.approx(_perdida_de_referencia(celda, X, Y, h0), rel=1e-12)
    H_ref, _ = celda.forward_sequence(X, h0)
    assert np.allclose(h_final, H_ref[-1], rtol=0, atol=1e-14)


def test_con_k_igual_a_T_es_la_bptt_completa_de_autograd():
    celda, (X, Y) = _celda(), _datos()
    T = X.shape[0]
    _, (completa,) = gradientes_bptt_truncada(celda, X, Y, k=T)
    _, (con_none,) = gradientes_bptt_truncada(celda, X, Y, k=None)
    _, (k_mayor,) = gradientes_bptt_truncada(celda, X, Y, k=10 * T)
    (autograd,) = gradientes_truncada_torch(celda, X, Y, k=None)
    for nombre in NOMBRES_PARAMETROS:
        assert np.array_equal(completa[nombre], con_none[nombre])
        assert np.array_equal(completa[nombre], k_mayor[nombre])
        assert error_relativo(completa[nombre], autograd[nombre]) < 1e-10, nombre


@pytest.mark.parametrize("trozo", [1, 2])
def test_gradiente_de_un_trozo_contra_diferencias_finitas_con_el_estado_fijo(trozo):
    celda, (X, Y) = _celda(), _datos()
    k = 4
    _, grads = gradientes_bptt_truncada(celda, X, Y, k=k)
    inicio = trozo * k
    h0 = celda.forward_sequence(X[:inicio])[0][
        -1
    ]  # estado que llega al trozo: constante
    filas = slice(inicio, inicio + k)
    for nombre, p in celda.parametros().items():

        def f(w, nombre=nombre):
            original = getattr(celda, nombre)
            setattr(celda, nombre, w)
            try:
                return _perdida_de_referencia(celda, X[filas], Y[filas], h0)
            finally:
                setattr(celda, nombre, original)

        numerico = gradiente_numerico(f, p, h=1e-6)
        assert error_relativo(grads[trozo][nombre], numerico) < 1e-6, nombre


def test_un_trozo_es_el_backward_del_contrato_sin_el_gradiente_hacia_h0():
    """La BPTT de un trozo (columnas, la guía) = CeldaRNN.backward (filas) desde el mismo h0.

    Con el gradiente que llega a cada estado desde la salida,
    dH[:, t] = (W_hy^T dY_t)^T, el contrato por lotes da los mismos gradientes
    de la recurrencia; truncar es descartar su ``"h0"``.
    """
    celda, (X, Y) = _celda(), _datos()
    k, trozo = 4, 1
    _, grads = gradientes_bptt_truncada(celda, X, Y, k=k)
    inicio = trozo * k
    h0 = celda.forward_sequence(X[:inicio])[0][-1]  # (H, N): constante en el trozo
    filas = slice(inicio, inicio + k)
    _, salidas = celda.forward_sequence(X[filas], h0)
    _, dY = perdida_y_dY(salidas, Y[filas])
    Hs, cache = celda.forward(X[filas].transpose(2, 0, 1), h0.T)  # (N, k, D), (N, H)
    dH = np.stack([(celda.W_hy.T @ d).T for d in dY], axis=1)  # (N, k, H)
    g = celda.backward(dH, cache)
    for nombre in NOMBRES_RECURRENCIA:
        assert error_relativo(g[nombre], grads[trozo][nombre]) < 1e-12, nombre
    assert np.abs(g["h0"]).max() > 1e-6  # lo que la truncada descarta no es cero


def test_truncar_corta_de_verdad_el_gradiente():
    """La derivada de la pérdida de un trozo respecto a los pesos *a través* del estado inicial no cuenta."""
    celda, (X, Y) = _celda(), _datos()
    k, trozo = 4, 1
    _, grads = gradientes_bptt_truncada(celda, X, Y, k=k)
    filas = slice(trozo * k, (trozo + 1) * k)

    def con_historia(
        w,
    ):  # la misma pérdida del trozo, pero el estado inicial se recalcula con w
        original = celda.W_hh
        celda.W_hh = w
        try:
            h0 = celda.forward_sequence(X[: trozo * k])[0][-1]
            return _perdida_de_referencia(celda, X[filas], Y[filas], h0)
        finally:
            celda.W_hh = original

    completo = gradiente_numerico(con_historia, celda.W_hh, h=1e-6)
    assert error_relativo(grads[trozo]["W_hh"], completo) > 1e-3


@pytest.mark.parametrize("k", [3, 4, 5])
def test_numpy_truncada_coincide_con_pytorch_y_detach(k):
    """T = 11 no es múltiplo de k (el último trozo es más corto) y con k = 3 el primero no tiene objetivos."""
    celda, (X, Y) = _celda(), _datos(ignorar_primeros=3)
    perdidas, grads = gradientes_bptt_truncada(celda, X, Y, k=k)
    de_torch = gradientes_truncada_torch(celda, X, Y, k=k)
    assert len(grads) == len(de_torch) == math.ceil(X.shape[0] / k)
    for g_np, g_pt in zip(grads, de_torch):
        for nombre in NOMBRES_PARAMETROS:
            assert g_np[nombre].shape == getattr(celda, nombre).shape
            assert error_relativo(g_np[nombre], g_pt[nombre]) < 1e-10, (k, nombre)
    if k == 3:  # trozo sin objetivos: pérdida indefinida y gradiente nulo
        assert math.isnan(perdidas[0])
        assert all(np.all(g == 0) for g in grads[0].values())


def test_comprobar_gradientes_truncada_acepta_lo_correcto_y_detecta_un_error(
    monkeypatch,
):
    celda, (X, Y) = _celda(), _datos()
    tabla = comprobar_gradientes_truncada(celda, X, Y, k=4, trozo=2)
    assert list(tabla.index) == list(NOMBRES_PARAMETROS)
    assert (tabla["error_dif_finitas"] < 1e-6).all()
    assert (tabla[["error_torch_truncada", "error_torch_completa"]] < 1e-10).all().all()

    import rnnbook.desde_cero.truncada as desde_cero
    import rnnbook.experimentos.truncada as experimento

    original = desde_cero.gradiente_trozo_sin_validar

    def con_error(m, X_, Y_, h0):
        perdida, grads, h = original(m, X_, Y_, h0)
        grads["b_h"] = grads["b_h"] * 1.01
        return perdida, grads, h

    for modulo in (desde_cero, experimento):
        monkeypatch.setattr(modulo, "gradiente_trozo_sin_validar", con_error)
    mala = comprobar_gradientes_truncada(celda, X, Y, k=4, trozo=2)
    assert mala.loc["b_h", "error_dif_finitas"] > 1e-3
    assert mala.loc["W_hh", "error_dif_finitas"] < 1e-6


def test_gradiente_trozo_no_modifica_sus_entradas_ni_los_pesos():
    celda, (X, Y) = _celda(), _datos()
    h0 = np.ones((H, 3)) * 0.1
    copias = [a.copy() for a in (X, Y, h0)] + [
        p.copy() for p in celda.parametros().values()
    ]
    gradiente_trozo(celda, X, Y, h0)
    for antes, despues in zip(copias, [X, Y, h0, *celda.parametros().values()]):
        assert np.array_equal(antes, despues)


# --------------------------------------------------------------------------- entrenamiento
def test_entrenar_cuenta_actualizaciones_por_trozo_y_evalua():
    X, Y = crear_tarea_eco(n=12, T=20, retardo=6)
    modelo = RNN_BPTT(1, 6, 2, lr=0.1, semilla=0, escala=None)
    tabla = entrenar_bptt_truncada(
        modelo, X, Y, k=4, tam_lote=4, validacion=(X, Y), evaluar_cada=2
    )
    # 5 trozos por lote, el primero sin objetivos (retardo 6 > 4): 4 actualizaciones por lote.
    assert tabla["lotes"].tolist() == [0, 2, 3]
    assert tabla["actualizaciones"].tolist() == [0, 8, 12]
    assert tabla["secuencias"].tolist() == [0, 8, 12]
    assert tabla["segundos"].is_monotonic_increasing
    final = evaluar_etiquetado(modelo, X, Y)
    assert tabla["perdida_validacion"].iloc[-1] == pytest.approx(final["perdida"])
    completa = entrenar_bptt_truncada(
        RNN_BPTT(1, 6, 2, lr=0.1, semilla=0, escala=None), X, Y, k=None, tam_lote=4
    )
    assert completa["actualizaciones"].tolist() == [0, 1, 2, 3]


def test_la_truncada_aprende_si_k_supera_el_retardo_y_no_si_es_menor():
    X, Y = crear_tarea_eco(n=640, T=40, retardo=4, semilla=0)
    Xv, Yv = crear_tarea_eco(n=64, T=40, retardo=4, semilla=1)
    finales = {}
    for k in (2, 10):
        modelo = RNN_BPTT(1, 12, 2, lr=0.5, semilla=0, escala=0.2, max_norm=1.0)
        tabla = entrenar_bptt_truncada(
            modelo, X, Y, k=k, tam_lote=32, validacion=(Xv, Yv), evaluar_cada=20
        )
        finales[k] = tabla["perdida_validacion"].iloc[-1]
    assert finales[10] < 0.05  # k > d: aprende el eco
    # k < d: ningún gradiente une objetivo y causa; solo queda lo poco que la red recuerda por azar.
    assert finales[2] > 0.8 * math.log(2)


def test_entrenar_detecta_divergencia():
    X, Y = crear_tarea_eco(n=4, T=20, retardo=2)
    modelo = RNN_BPTT(1, 4, 2, lr=0.1, semilla=0, escala=None)
    modelo.W_hy = modelo.W_hy * 1e308
    with (
        pytest.raises(FloatingPointError, match="divergieron"),
        np.errstate(all="ignore"),
    ):
        entrenar_bptt_truncada(modelo, X, Y, k=5, tam_lote=4)


# --------------------------------------------------------------------------- PyTorch
@pytest.mark.parametrize("tipo", ["RNN", "LSTM", "GRU"])
def test_avanzar_por_trozos_es_el_mismo_forward(tipo):
    fijar_semilla(0)
    m = EtiquetadorRecurrente(tipo, 1, 6, 2)
    x = torch.randn(3, 17, 1)
    completo = m(x)
    partes, estado = [], None
    for i in range(0, 17, 5):
        logits, estado = m.avanzar(x[:, i : i + 5], estado)
        partes.append(logits)
    assert torch.allclose(torch.cat(partes, dim=1), completo, atol=1e-6)


def test_perdida_y_exactitud_ignoran_los_objetivos_marcados():
    logits = torch.tensor([[[5.0, 0.0], [0.0, 5.0], [5.0, 0.0]]])
    Y = torch.tensor([[1, 1, IGNORAR]])
    assert exactitud_etiquetado(logits, Y) == 0.5
    esperado = (torch.nn.functional.cross_entropy(logits[0, :2], Y[0, :2])).item()
    assert perdida_etiquetado(logits, Y).item() == pytest.approx(esperado)


def test_entrenar_torch_actualiza_por_trozo_y_aprende_con_k_mayor_que_el_retardo():
    X, Y = eco_a_torch(*crear_tarea_eco(n=256, T=40, retardo=3, semilla=0))
    V = eco_a_torch(*crear_tarea_eco(n=64, T=40, retardo=3, semilla=1))
    fijar_semilla(0)
    m = EtiquetadorRecurrente("RNN", 1, 16, 2)
    tabla = entrenar_bptt_truncada_torch(
        m,
        X,
        Y,
        k=8,
        tam_lote=32,
        lr=0.02,
        validacion=V,
        evaluar_cada=8,
        dispositivo="cpu",
    )
    assert tabla["actualizaciones"].tolist() == [0, 8 * 5]
    assert tabla["perdida_validacion"].iloc[0] == pytest.approx(math.log(2), abs=0.05)
    assert tabla["perdida_validacion"].iloc[-1] < 0.2
    assert tabla["exactitud_validacion"].iloc[-1] > 0.95


# --------------------------------------------------------------------------- memoria
def test_memoria_numpy_crece_con_T_en_la_completa_y_con_k_en_la_truncada():
    celda = CeldaRNN(1, 16, 2, semilla=0)
    memoria = {}
    for T in (60, 120, 240):
        X, Y = crear_tarea_eco(n=16, T=T, retardo=1)
        memoria[T] = (
            memoria_bptt_numpy(celda, X, Y, None),
            memoria_bptt_numpy(celda, X, Y, 10),
        )
    assert (
        1.7 < memoria[240][0] / memoria[120][0] < 2.3
        and 1.7 < memoria[120][0] / memoria[60][0] < 2.3
    )
    assert 0.9 < memoria[240][1] / memoria[60][1] < 1.1
    assert 12 < memoria[240][0] / memoria[240][1] < 36  # T/k = 24
    X, Y = crear_tarea_eco(n=16, T=240, retardo=1)
    assert (
        1.6
        < memoria_bptt_numpy(celda, X, Y, 40) / memoria_bptt_numpy(celda, X, Y, 20)
        < 2.4
    )


def test_memoria_torch_es_proporcional_a_la_longitud_derivada_de_una_vez():
    fijar_semilla(0)
    m = EtiquetadorRecurrente("RNN", 1, 8, 2)
    datos = {T: eco_a_torch(*crear_tarea_eco(n=4, T=T, retardo=1)) for T in (40, 80)}
    completa = {
        T: memoria_bptt_torch(m, *d, None)["activaciones_kb"] for T, d in datos.items()
    }
    truncada = {
        T: memoria_bptt_torch(m, *d, 10)["activaciones_kb"] for T, d in datos.items()
    }
    assert completa[80] / completa[40] == pytest.approx(2.0, rel=0.05)
    assert truncada[80] == pytest.approx(truncada[40], rel=0.01)
    assert completa[80] / truncada[80] == pytest.approx(8.0, rel=0.1)
    assert all(p.grad is None for p in m.parameters())


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="no hay GPU CUDA disponible")
def test_memoria_pico_cuda_y_entrenamiento_en_gpu():
    dispositivo = torch.device("cuda")
    fijar_semilla(0)
    m = EtiquetadorRecurrente("RNN", 1, 64, 2)
    X, Y = eco_a_torch(*crear_tarea_eco(n=64, T=400, retardo=1))
    completa = memoria_bptt_torch(m, X, Y, None, dispositivo=dispositivo)
    truncada = memoria_bptt_torch(m, X, Y, 20, dispositivo=dispositivo)
    assert completa["pico_cuda_kb"] > 0 and truncada["pico_cuda_kb"] > 0
    assert truncada["pico_cuda_kb"] < completa["pico_cuda_kb"] / 3
    assert completa["activaciones_kb"] / truncada["activaciones_kb"] > 10
    tabla = entrenar_bptt_truncada_torch(
        m,
        X[:8],
        Y[:8],
        k=20,
        tam_lote=4,
        validacion=(X[:4], Y[:4]),
        dispositivo=dispositivo,
    )
    assert tabla["actualizaciones"].tolist() == [0, 20, 40]
    assert np.isfinite(tabla["perdida_validacion"]).all()


def test_tabla_y_figura_de_memoria():
    pares = [(T, k) for T in (40, 80) for k in (10, None)] + [(80, 20)]
    tabla = tabla_memoria_truncada(pares, hidden_size=8, tam_lote=4)
    assert list(tabla.columns) == [
        "T",
        "k",
        "metodo",
        "numpy_pico_kb",
        "torch_activaciones_kb",
        "torch_pico_cuda_kb",
    ]
    assert tabla["metodo"].tolist() == [
        "truncada",
        "completa",
        "truncada",
        "completa",
        "truncada",
    ]
    assert tabla["torch_pico_cuda_kb"].isna().all()
    fig = figura_memoria_truncada(tabla, k=10, T=80)
    ax_t, ax_k = fig.axes
    assert len(ax_t.lines) == 4 and len(ax_k.lines) == 2
    assert list(ax_k.lines[0].get_xdata()) == [10, 20, 80]
    matplotlib.pyplot.close(fig)


def test_figura_convergencia():
    X, Y = crear_tarea_eco(n=8, T=20, retardo=2)
    tabla = entrenar_bptt_truncada(
        RNN_BPTT(1, 4, 2, semilla=0, escala=None),
        X,
        Y,
        k=5,
        tam_lote=4,
        validacion=(X, Y),
    )
    fig = figura_convergencia_truncada({"k = 5": tabla, "otra": tabla})
    assert len(fig.axes) == 3
    assert all(len(ax.lines) == 3 for ax in fig.axes)  # dos curvas y ln 2
    assert fig.axes[0].lines[-1].get_ydata()[0] == pytest.approx(math.log(2))
    matplotlib.pyplot.close(fig)
    fig = figura_convergencia_truncada(
        {"k": tabla}, ejes=["actualizaciones"], titulo="t"
    )
    assert len(fig.axes) == 1
    matplotlib.pyplot.close(fig)


# --------------------------------------------------------------------------- entradas inválidas
@pytest.mark.parametrize(
    "kwargs, error, texto",
    [
        ({"retardo": 0}, ValueError, "retardo debe ser un entero >= 1"),
        ({"T": 5, "retardo": 5}, ValueError, "T debe ser un entero >= 6"),
        ({"n": 2.5}, TypeError, "n debe ser un entero"),
        ({"semilla": -1}, ValueError, "semilla"),
    ],
)
def test_tarea_eco_rechaza_argumentos_invalidos(kwargs, error, texto):
    with pytest.raises(error, match=texto):
        crear_tarea_eco(**kwargs)


def test_funciones_numpy_rechazan_entradas_invalidas():
    celda, (X, Y) = _celda(), _datos()
    with pytest.raises(TypeError, match="CeldaRNN"):
        gradiente_trozo("celda", X, Y)
    with pytest.raises(ValueError, match=r"Y debe tener forma \(T, M\) = \(11, 3\)"):
        gradiente_trozo(celda, X, Y[:, :2])
    with pytest.raises(TypeError, match="enteros"):
        gradiente_trozo(celda, X, Y.astype(float))
    with pytest.raises(ValueError, match=r"Y debe estar en \[0, 2\] o valer IGNORAR"):
        gradiente_trozo(celda, X, np.where(Y == IGNORAR, IGNORAR, Y + 1))
    with pytest.raises(ValueError, match="X debe tener forma"):
        gradiente_trozo(celda, X[:, :1], Y)
    with pytest.raises(ValueError, match="h0 debe tener forma"):
        gradiente_trozo(celda, X, Y, np.zeros((H, 2)))
    with pytest.raises(ValueError, match="k debe ser un entero >= 1"):
        gradientes_bptt_truncada(celda, X, Y, k=0)
    with pytest.raises(TypeError, match="RNN_BPTT"):
        entrenar_bptt_truncada(celda, X, Y)
    modelo = RNN_BPTT(D, H, O, semilla=0)
    with pytest.raises(ValueError, match="tam_lote debe ser un entero >= 1"):
        entrenar_bptt_truncada(modelo, X, Y, tam_lote=0)
    with pytest.raises(TypeError, match=r"validacion debe ser un par \(X, Y\)"):
        entrenar_bptt_truncada(modelo, X, Y, validacion=X)
    with pytest.raises(ValueError, match=r"trozo debe estar en \[0, 2\]"):
        comprobar_gradientes_truncada(celda, X, Y, k=4, trozo=3)


def test_funciones_torch_rechazan_entradas_invalidas():
    X, Y = eco_a_torch(*crear_tarea_eco(n=4, T=20, retardo=2))
    m = EtiquetadorRecurrente("RNN", 1, 4, 2)
    with pytest.raises(ValueError, match="tipo debe ser 'RNN', 'LSTM' o 'GRU'"):
        EtiquetadorRecurrente("transformer", 1, 4, 2)
    with pytest.raises(ValueError, match=r"x debe ser un Tensor de forma \(N, k, 1\)"):
        m.avanzar(torch.zeros(2, 3, 2))
    with pytest.raises(TypeError, match="avanzar"):
        entrenar_bptt_truncada_torch(torch.nn.Linear(1, 2), X, Y)
    with pytest.raises(ValueError, match="Y debe ser un Tensor int64"):
        entrenar_bptt_truncada_torch(m, X, Y.float())
    with pytest.raises(ValueError, match=r"X debe ser un Tensor de forma \(M, T, D\)"):
        memoria_bptt_torch(m, X[0], Y)
    with pytest.raises(ValueError, match="logits debe tener forma"):
        perdida_etiquetado(torch.zeros(4, 20), Y)
    with pytest.raises(ValueError, match="dispositivo debe ser una de"):
        entrenar_bptt_truncada_torch(m, X, Y, dispositivo="tpu")


def test_tabla_y_figuras_rechazan_entradas_invalidas():
    with pytest.raises(TypeError, match="pares debe ser una lista no vacía"):
        tabla_memoria_truncada([])
    with pytest.raises(TypeError, match="pareja"):
        tabla_memoria_truncada([200])
    with pytest.raises(TypeError, match="historiales debe ser un dict no vacío"):
        figura_convergencia_truncada({})
    with pytest.raises(ValueError, match="eje debe ser una de"):
        figura_convergencia_truncada(
            {"a": pd.DataFrame({"lotes": [0]})}, ejes=["epocas"]
        )
    with pytest.raises(TypeError, match="tabla de entrenar_bptt_truncada"):
        figura_convergencia_truncada({"a": pd.DataFrame({"lotes": [0]})})
    with pytest.raises(TypeError, match="tabla_memoria_truncada"):
        figura_memoria_truncada(pd.DataFrame({"T": [1]}))


def test_resumen_convergencia_primer_cruce_del_umbral_y_sin_cruce():
    h = pd.DataFrame(
        {
            "secuencias": [0, 32, 64, 96],
            "actualizaciones": [0, 10, 20, 30],
            "segundos": [0, 1, 2, 3],
            "perdida_validacion": [0.7, 0.2, 0.09, 0.12],
            "exactitud_validacion": [0.5, 0.8, 0.97, 0.96],
        }
    )
    h.attrs["k"] = 20
    nunca = h.assign(perdida_validacion=[0.7, 0.69, 0.7, 0.68])
    resumen = resumen_convergencia({"a": h, "b": nunca}, umbral=0.1)
    assert resumen.loc["a", "secuencias_hasta_umbral"] == 64
    assert resumen.loc["a", "actualizaciones_hasta_umbral"] == 20
    assert resumen.loc["a", "perdida_final"] == pytest.approx(0.12)
    assert resumen.loc["a", "k"] == 20
    assert pd.isna(resumen.loc["b", "secuencias_hasta_umbral"])
    with pytest.raises(ValueError, match="umbral debe ser un número finito > 0"):
        resumen_convergencia({"a": h}, umbral=0)
    with pytest.raises(TypeError, match="tabla de entrenar_bptt_truncada"):
        resumen_convergencia({"a": h.drop(columns="segundos")})
