"""Ejercicio B2: datos, modelo de la suma, protocolo, sonda lineal y figuras."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import torch
from torch import nn

import rnnbook as rb
from rnnbook.experimentos import signo_suma as ss


# ------------------------------------------------------------------------ datos
def test_tarea_formas_tipos_y_etiquetas_por_construccion():
    X, y = rb.datos.crear_tarea_signo_suma(300, 7, semilla=3)
    assert X.shape == (300, 7, 1) and X.dtype == np.float32
    assert y.shape == (300,) and y.dtype == np.int64
    suma = X.astype(np.float64).sum(axis=(1, 2))
    np.testing.assert_array_equal(y, (suma > 0).astype(np.int64))
    assert set(np.unique(y)) == {0, 1}


def test_tarea_reproducible_y_distinta_con_otra_semilla():
    a, ya = rb.datos.crear_tarea_signo_suma(20, 5, semilla=1)
    b, yb = rb.datos.crear_tarea_signo_suma(20, 5, semilla=1)
    c, _ = rb.datos.crear_tarea_signo_suma(20, 5, semilla=2)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ya, yb)
    assert not np.array_equal(a, c)


def test_tarea_estadistica_desviacion_y_equilibrio():
    X, y = rb.datos.crear_tarea_signo_suma(4000, 10, semilla=0, desviacion=2.5)
    assert abs(X.std() - 2.5) < 0.05
    assert abs(X.mean()) < 0.05
    assert abs(y.mean() - 0.5) < 0.03  # por simetría
    assert abs(X.sum(axis=(1, 2)).std() - 2.5 * math.sqrt(10)) < 0.4  # S ~ N(0, T σ²)


@pytest.mark.parametrize(
    "kwargs, error, patron",
    [
        ({"n": 0, "seq_len": 5}, ValueError, "n debe ser un entero >= 1"),
        ({"n": 2.0, "seq_len": 5}, TypeError, "n debe ser un entero"),
        ({"n": 3, "seq_len": True}, TypeError, "seq_len debe ser un entero"),
        ({"n": 3, "seq_len": 0}, ValueError, "seq_len debe ser un entero >= 1"),
        (
            {"n": 3, "seq_len": 5, "semilla": -1},
            ValueError,
            "semilla debe ser un entero >= 0",
        ),
        (
            {"n": 3, "seq_len": 5, "desviacion": 0.0},
            ValueError,
            "desviacion debe ser un número finito > 0",
        ),
        (
            {"n": 3, "seq_len": 5, "desviacion": "1"},
            TypeError,
            "desviacion debe ser un número real",
        ),
    ],
)
def test_tarea_valida_argumentos(kwargs, error, patron):
    with pytest.raises(error, match=patron):
        rb.datos.crear_tarea_signo_suma(**kwargs)


def test_division_tamanos_independencia_y_reproducibilidad():
    partes = rb.datos.datos_signo_suma(
        6, n_entrenamiento=30, n_validacion=10, n_prueba=20, semilla=4
    )
    assert [p[0].shape for p in partes] == [(30, 6, 1), (10, 6, 1), (20, 6, 1)]
    assert [p[1].shape for p in partes] == [(30,), (10,), (20,)]
    filas = np.concatenate([p[0][:, :, 0] for p in partes])  # (60, 6)
    assert (
        len(np.unique(filas, axis=0)) == 60
    )  # ninguna secuencia se repite entre conjuntos
    otra = rb.datos.datos_signo_suma(
        6, n_entrenamiento=30, n_validacion=10, n_prueba=20, semilla=4
    )
    for (X, y), (X2, y2) in zip(partes, otra):
        np.testing.assert_array_equal(X, X2)
        np.testing.assert_array_equal(y, y2)
    # la prueba de una semilla no es el entrenamiento de la siguiente
    siguiente = rb.datos.datos_signo_suma(
        6, n_entrenamiento=20, n_validacion=10, n_prueba=20, semilla=5
    )
    assert not np.array_equal(partes[2][0], siguiente[0][0])


def test_division_valida_tamanos():
    with pytest.raises(ValueError, match="n_prueba debe ser un entero >= 1"):
        rb.datos.datos_signo_suma(5, n_prueba=0)


# ------------------------------------------------------------------- modelos
def test_clasificador_suma_calcula_logits_de_la_suma():
    torch.manual_seed(0)
    m = rb.modelos.ClasificadorSuma()
    x = torch.randn(6, 9, 1)
    esperado = m.fc(x.sum(dim=1))  # (6, 2)
    torch.testing.assert_close(m(x), esperado)
    permutado = x[:, torch.randperm(9)]  # la suma no depende del orden
    torch.testing.assert_close(m(permutado), m(x), atol=1e-5, rtol=1e-5)
    assert sum(p.numel() for p in m.parameters()) == 4


def test_clasificador_suma_valida_forma_y_argumentos():
    m = rb.modelos.ClasificadorSuma()
    with pytest.raises(ValueError, match=r"forma \(N, T, 1\)"):
        m(torch.zeros(4, 3))
    with pytest.raises(TypeError, match="num_clases debe ser un entero"):
        rb.modelos.ClasificadorSuma(num_clases=2.5)


def test_protocolo_entrena_el_modelo_de_la_suma(dispositivo):
    ent, val, prueba = rb.datos.datos_signo_suma(
        8, n_entrenamiento=256, n_validacion=128, n_prueba=256, semilla=1
    )
    m = rb.modelos.ClasificadorSuma()
    with torch.no_grad():  # empieza al revés: predice la clase 0 para sumas positivas
        m.fc.weight[:] = torch.tensor([[0.2], [-0.2]])
        m.fc.bias.zero_()
    antes = rb.evaluar(
        m,
        (torch.from_numpy(prueba[0]), torch.from_numpy(prueba[1])),
        metricas={"exactitud": rb.exactitud},
        dispositivo=dispositivo,
    )["exactitud"]
    h = rb.experimentos.entrenar_clasificador_signo(
        m, ent, val, epocas=10, tam_lote=32, lr=0.1, dispositivo=dispositivo
    )
    despues = rb.evaluar(
        m,
        (torch.from_numpy(prueba[0]), torch.from_numpy(prueba[1])),
        metricas={"exactitud": rb.exactitud},
        dispositivo=dispositivo,
    )["exactitud"]
    assert antes < 0.05 and despues > 0.97
    lr = h.columna("lr")
    assert lr[0] == pytest.approx(0.1) and lr[-1] < lr[0] / 5  # decae con el coseno
    assert "exactitud_validacion" in h.como_tabla().columns


def test_protocolo_valida_los_datos():
    X, y = rb.datos.crear_tarea_signo_suma(8, 4)
    m = rb.modelos.ClasificadorSuma()
    with pytest.raises(ValueError, match="de enteros de forma"):
        rb.experimentos.entrenar_clasificador_signo(
            m, (X, y.astype(np.float32)), (X, y), epocas=1, dispositivo="cpu"
        )
    with pytest.raises(TypeError, match="par"):
        rb.experimentos.entrenar_clasificador_signo(
            m, X, (X, y), epocas=1, dispositivo="cpu"
        )


# ----------------------------------------------------------------- evaluación
def test_exactitud_mayoritaria_usa_la_clase_de_entrenamiento():
    assert rb.experimentos.exactitud_mayoritaria(
        [0, 0, 1], [1, 1, 1, 0]
    ) == pytest.approx(0.25)
    assert rb.experimentos.exactitud_mayoritaria(
        np.array([1, 1, 0]), np.array([1, 1, 1, 0])
    ) == pytest.approx(0.75)
    with pytest.raises(
        ValueError, match="y_prueba debe ser un array no vacío de enteros"
    ):
        rb.experimentos.exactitud_mayoritaria([0, 1], [0.5, 1.0])


def test_exactitud_por_magnitud_cuenta_a_mano():
    suma = np.array([0.1, -0.2, 0.7, -1.5, 3.0, -6.0])
    y = (suma > 0).astype(int)
    pred = {"a": y.copy(), "b": 1 - y}
    pred["a"][[0, 3]] = 1 - pred["a"][[0, 3]]  # falla en |S| = 0.1 y 1.5
    t = rb.experimentos.exactitud_por_magnitud(
        suma, y, pred, bordes=(0, 0.5, 2, math.inf)
    )
    assert list(t.index) == ["[0, 0.5)", "[0.5, 2)", "≥ 2"]
    assert t["ejemplos"].tolist() == [2, 2, 2]
    assert t["a (%)"].tolist() == [50.0, 50.0, 100.0]
    assert t["b (%)"].tolist() == [0.0, 0.0, 0.0]


def test_exactitud_por_magnitud_intervalo_vacio_y_errores():
    t = rb.experimentos.exactitud_por_magnitud(
        [0.1, 0.2], [1, 1], {"m": [1, 0]}, bordes=(0, 1, 2)
    )
    assert t["ejemplos"].tolist() == [2, 0]
    assert t["m (%)"].iloc[0] == 50.0 and math.isnan(t["m (%)"].iloc[1])
    with pytest.raises(ValueError, match="bordes debe ser una secuencia creciente"):
        rb.experimentos.exactitud_por_magnitud([0.1], [1], {"m": [1]}, bordes=(0.5, 1))
    with pytest.raises(ValueError, match="bordes debe ser una secuencia creciente"):
        rb.experimentos.exactitud_por_magnitud([0.1], [1], {"m": [1]}, bordes=(0, 2, 1))
    with pytest.raises(ValueError, match=r"predicciones\['m'\] debe tener forma"):
        rb.experimentos.exactitud_por_magnitud([0.1, 0.2], [1, 1], {"m": [1]})
    with pytest.raises(TypeError, match="predicciones debe ser un dict"):
        rb.experimentos.exactitud_por_magnitud([0.1], [1], {})


# ---------------------------------------------------------------- estados y sonda
@pytest.mark.parametrize("tipo", ["LSTM", "RNN", "GRU"])
def test_estados_coinciden_con_pytorch(tipo, dispositivo):
    torch.manual_seed(0)
    m = rb.modelos.ClasificadorSecuencias(tipo, 1, 5, 2).to(dispositivo)
    X, _ = rb.datos.crear_tarea_signo_suma(7, 6, semilla=2)
    estados = rb.experimentos.estados_recurrentes(m, X)
    with torch.no_grad():
        salida, estado_final = m.rnn(torch.from_numpy(X).to(dispositivo))
    np.testing.assert_allclose(estados["h"], salida.cpu().numpy(), atol=2e-6)
    if tipo == "LSTM":
        assert estados["c"].shape == (7, 6, 5)
        np.testing.assert_allclose(
            estados["c"][:, -1], estado_final[1][0].cpu().numpy(), atol=2e-6
        )
    else:
        assert "c" not in estados


def test_estados_validan_el_modelo():
    with pytest.raises(ValueError, match="una sola capa"):
        rb.experimentos.estados_recurrentes(
            rb.modelos.ClasificadorSecuencias("LSTM", 1, 3, 2, num_layers=2),
            np.zeros((2, 3, 1)),
        )
    with pytest.raises(TypeError, match="ClasificadorSecuencias"):
        rb.experimentos.estados_recurrentes(nn.LSTM(1, 3), np.zeros((2, 3, 1)))
    with pytest.raises(ValueError, match=r"forma \(\?, \?, 1\)"):
        rb.experimentos.estados_recurrentes(
            rb.modelos.ClasificadorSecuencias("RNN", 1, 3, 2), np.zeros((2, 3, 2))
        )


def test_sonda_recupera_una_relacion_lineal_y_no_inventa():
    rng = np.random.default_rng(0)
    Z = rng.standard_normal((500, 4))
    s = Z @ np.array([1.0, -2.0, 0.0, 0.5]) + 3.0
    sonda = rb.modelos.SondaLineal(ridge=0.0).ajustar(Z, s)
    np.testing.assert_allclose(sonda.w, [1.0, -2.0, 0.0, 0.5], atol=1e-10)
    assert sonda.b == pytest.approx(3.0)
    Z2 = rng.standard_normal((500, 4))
    assert sonda.r2(Z2, Z2 @ np.array([1.0, -2.0, 0.0, 0.5]) + 3.0) == pytest.approx(
        1.0
    )
    ruido = rng.standard_normal(500)  # independiente del estado
    assert (
        rb.modelos.SondaLineal().ajustar(Z, rng.standard_normal(500)).r2(Z2, ruido)
        < 0.05
    )
    fuerte = rb.modelos.SondaLineal(ridge=100.0).ajustar(Z, s)
    assert np.linalg.norm(fuerte.w) < 0.1 * np.linalg.norm(
        sonda.w
    )  # la penalización encoge w


def test_sonda_valida_entradas():
    with pytest.raises(ValueError, match="no está ajustada"):
        rb.modelos.SondaLineal().predecir(np.zeros((2, 3)))
    sonda = rb.modelos.SondaLineal().ajustar(np.eye(3), np.arange(3.0))
    with pytest.raises(ValueError, match="3 columnas"):
        sonda.predecir(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="ridge debe ser un número finito >= 0"):
        rb.modelos.SondaLineal(ridge=-1.0)
    with pytest.raises(ValueError, match="al menos 2 ejemplos"):
        rb.modelos.SondaLineal().ajustar(np.zeros((1, 2)), [1.0])


def _lstm_integradora() -> rb.modelos.ClasificadorSecuencias:
    """LSTM de una unidad construida a mano: f = i = o ≈ 1 y C̃_t = tanh(0.01 x_t), así C_t ≈ 0.01 S_t."""
    m = rb.modelos.ClasificadorSecuencias("LSTM", 1, 1, 2)
    with torch.no_grad():
        for p in m.rnn.parameters():
            p.zero_()
        m.rnn.weight_ih_l0[:, 0] = torch.tensor([0.0, 0.0, 0.01, 0.0])  # i, f, g, o
        m.rnn.bias_ih_l0[:] = torch.tensor([12.0, 12.0, 0.0, 12.0])
    return m


def test_sonda_lee_la_suma_parcial_de_un_integrador_construido():
    m = _lstm_integradora()
    ent, _, prueba = rb.datos.datos_signo_suma(
        12, n_entrenamiento=200, n_validacion=1, n_prueba=150, semilla=0
    )
    r = rb.experimentos.sonda_suma_parcial(m, ent[0], prueba[0], estado="c")
    assert r.r2 > 0.9999 and np.all(r.r2_por_paso > 0.999)
    np.testing.assert_allclose(
        r.suma_parcial, np.cumsum(prueba[0][:, :, 0].astype(np.float64), axis=1)
    )
    assert r.prediccion.shape == (150, 12)
    # la lectura de un paso desfasado (S_{t-1}) sería mucho peor: la alineación importa
    desfasada = (
        1
        - ((r.prediccion[:, 1:] - r.suma_parcial[:, :-1]) ** 2).sum()
        / ((r.suma_parcial[:, :-1] - r.suma_parcial[:, :-1].mean()) ** 2).sum()
    )
    assert desfasada < 0.95
    # un estado que olvida rápido (f = σ(0) = 0.5) solo guarda la entrada reciente
    with torch.no_grad():
        m.rnn.bias_ih_l0[1] = 0.0
    olvido = rb.experimentos.sonda_suma_parcial(m, ent[0], prueba[0], estado="c")
    assert olvido.r2_por_paso[-1] < 0.3 < olvido.r2_por_paso[0]


def test_sonda_suma_parcial_valida():
    X = np.zeros((4, 3, 1))
    with pytest.raises(ValueError, match="estado='c' solo existe en una LSTM"):
        rb.experimentos.sonda_suma_parcial(
            rb.modelos.ClasificadorSecuencias("GRU", 1, 2, 2), X, X, estado="c"
        )
    with pytest.raises(ValueError, match="estado debe ser una de"):
        rb.experimentos.sonda_suma_parcial(
            rb.modelos.ClasificadorSecuencias("LSTM", 1, 2, 2), X, X, estado="C"
        )
    with pytest.raises(ValueError, match="input_size = 1"):
        rb.experimentos.sonda_suma_parcial(
            rb.modelos.ClasificadorSecuencias("LSTM", 2, 2, 2), X, X
        )


# -------------------------------------------------------------- pesos por paso
def test_pesos_por_paso_integrador_exacto_y_modelo_que_olvida():
    torch.manual_seed(0)
    X, _ = rb.datos.crear_tarea_signo_suma(40, 6, semilla=3)
    suma = rb.modelos.ClasificadorSuma()
    w = suma.fc.weight.detach()[:, 0]
    np.testing.assert_allclose(
        rb.experimentos.pesos_por_paso(suma, X),
        np.full(6, float(w[1] - w[0])),
        rtol=1e-6,
    )

    class SoloUltimo(nn.Module):  # decide con x_T: todo el peso en el último paso
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(1, 2)

        def forward(self, x):
            return self.fc(x[:, -1])

    g = rb.experimentos.pesos_por_paso(SoloUltimo(), torch.from_numpy(X))
    assert np.all(g[:-1] == 0) and g[-1] != 0


def test_pesos_por_paso_restaura_el_modo_y_valida():
    m = rb.modelos.ClasificadorSecuencias("LSTM", 1, 3, 2)
    m.train()
    assert rb.experimentos.pesos_por_paso(m, np.zeros((2, 4, 1))).shape == (4,)
    assert m.training
    with pytest.raises(ValueError, match="logits de forma"):
        rb.experimentos.pesos_por_paso(
            rb.modelos.ClasificadorSecuencias("LSTM", 1, 3, 5), np.zeros((2, 4, 1))
        )
    with pytest.raises(TypeError, match="torch.nn.Module"):
        rb.experimentos.pesos_por_paso(lambda x: x, np.zeros((2, 4, 1)))


# ----------------------------------------------------------- longitudes y figuras
def test_comparar_longitudes_con_resultados_conocidos_no_entrena():
    conocidas = {("lstm", 5): 0.9, ("RNN", 5): 0.8}
    r = rb.experimentos.comparar_longitudes_signo(
        (5,), ("RNN", "LSTM"), conocidas=conocidas, dispositivo="cpu"
    )
    assert r.tabla.loc[5, "RNN"] == 0.8 and r.tabla.loc[5, "LSTM"] == 0.9
    assert r.modelos == {}


def test_comparar_longitudes_entrena_lo_que_falta():
    r = rb.experimentos.comparar_longitudes_signo(
        (3, 4),
        ("RNN", "LSTM"),
        hidden_size=4,
        n_entrenamiento=64,
        n_validacion=16,
        n_prueba=32,
        epocas=1,
        conocidas={("LSTM", 3): 0.123},
        dispositivo="cpu",
    )
    t = r.tabla
    assert t.shape == (2, 2) and list(t.index) == [3, 4]
    assert set(r.modelos) == {("RNN", 3), ("RNN", 4), ("LSTM", 4)}
    assert (
        r.modelos[("LSTM", 4)].tipo == "LSTM"
        and r.modelos[("LSTM", 4)].hidden_size == 4
    )
    assert t.loc[3, "LSTM"] == 0.123
    valores = t.to_numpy()
    assert np.all((valores >= 0) & (valores <= 1))
    with pytest.raises(ValueError, match="tipo debe ser 'RNN', 'LSTM' o 'GRU'"):
        rb.experimentos.comparar_longitudes_signo((3,), ("transformer",))
    with pytest.raises(TypeError, match="longitudes debe ser una secuencia"):
        rb.experimentos.comparar_longitudes_signo(20)


def test_figuras():
    suma = np.linspace(-3, 3, 50)
    y = (suma > 0).astype(int)
    prob = {
        "LSTM": 1 / (1 + np.exp(-2 * suma)),
        "solo la suma": 1 / (1 + np.exp(-9 * suma)),
    }
    tabla = rb.experimentos.exactitud_por_magnitud(
        suma, y, {k: (p > 0.5).astype(int) for k, p in prob.items()}
    )
    fig = rb.figuras.figura_signo_suma(suma, prob, tabla, limite=2.0)
    assert len(fig.axes) == 2 and fig.axes[0].get_xlim() == (-2.0, 2.0)
    plt.close(fig)
    with pytest.raises(TypeError, match="tabla debe ser el DataFrame"):
        rb.figuras.figura_signo_suma(suma, prob, pd.DataFrame({"x": [1]}))

    X, _ = rb.datos.crear_tarea_signo_suma(30, 4, semilla=1)
    m = _lstm_integradora()
    r = {
        "c": rb.experimentos.sonda_suma_parcial(m, X, X, estado="c"),
        "h": rb.experimentos.sonda_suma_parcial(m, X, X, estado="h"),
    }
    fig = rb.figuras.figura_sonda_suma(r, detalle="h")
    assert len(fig.axes) == 2 and len(fig.axes[0].lines) == 2
    plt.close(fig)
    with pytest.raises(ValueError, match="detalle debe ser una de"):
        rb.figuras.figura_sonda_suma(r, detalle="x")
    with pytest.raises(TypeError, match="ResultadoSonda"):
        rb.figuras.figura_sonda_suma({"a": 1})

    fig = rb.figuras.figura_pesos_por_paso(
        {"RNN": np.array([1.0, 2.0, 3.0]), "LSTM": np.ones(3)}
    )
    lineas = fig.axes[0].lines
    np.testing.assert_allclose(
        lineas[0].get_ydata(), [0.5, 1.0, 1.5]
    )  # normalizado a media 1
    plt.close(fig)
    with pytest.raises(ValueError, match="media 0"):
        rb.figuras.figura_pesos_por_paso({"m": np.array([1.0, -1.0])})


def test_api_publica():
    # Cada nombre del ejercicio se importa desde su subpaquete (datos, modelos,
    # experimentos o figuras), que lo reexporta tal cual.
    from rnnbook import datos, figuras, modelos
    from rnnbook.datos import signo_suma as d
    from rnnbook.figuras import signo_suma as f
    from rnnbook.modelos import sondas as m

    for subpaquete, modulo in (
        (datos, d),
        (modelos, m),
        (figuras, f),
        (rb.experimentos, ss),
    ):
        assert modulo.__all__
        for nombre in modulo.__all__:
            assert getattr(subpaquete, nombre) is getattr(modulo, nombre)
