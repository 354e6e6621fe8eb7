"""Parte 3: sobreajuste y regularización (experimento y figura)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import torch
from torch import nn

from rnnbook import evaluar, exactitud
from rnnbook.datos import datos_negacion
from rnnbook.experimentos import (
    CONFIGURACIONES_REGULARIZACION,
    Regularizacion,
    comparar_regularizacion,
    datos_regularizacion,
    elegir_por_validacion,
    entrenar_regularizado,
    resumir_regularizacion,
)
from rnnbook.figuras import figura_regularizacion


@pytest.fixture(scope="module")
def pocos():
    """40 ejemplos de entrenamiento y validación y prueba recortadas a 100."""
    ent, val, prueba = datos_regularizacion(40)
    return ent, (val[0][:100], val[1][:100]), (prueba[0][:100], prueba[1][:100])


# ----------------------------------------------------------------------- validación
@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"dropout": 1.0}, ValueError),
        ({"dropout": -0.1}, ValueError),
        ({"weight_decay": -1e-3}, ValueError),
        ({"paciencia": 0}, ValueError),
        ({"paciencia": 2.5}, TypeError),
    ],
)
def test_regularizacion_rechaza_valores_invalidos(kwargs, error):
    with pytest.raises(error):
        Regularizacion("x", **kwargs)


def test_regularizacion_exige_nombre():
    with pytest.raises(TypeError, match="nombre"):
        Regularizacion("")


def test_configuraciones_del_libro_tienen_nombres_distintos():
    nombres = [c.nombre for c in CONFIGURACIONES_REGULARIZACION]
    assert len(set(nombres)) == len(nombres)
    sin_nada = [
        c
        for c in CONFIGURACIONES_REGULARIZACION
        if c.dropout == 0 and c.weight_decay == 0 and c.paciencia is None
    ]
    assert len(sin_nada) == 1


@pytest.mark.parametrize(
    "n, error", [(0, ValueError), (1001, ValueError), ("5", TypeError)]
)
def test_datos_regularizacion_valida_n(n, error):
    with pytest.raises(error, match="n_entrenamiento"):
        datos_regularizacion(n)


def test_datos_regularizacion_recorta_solo_el_entrenamiento():
    (X, y), val, prueba = datos_regularizacion(123)
    ent_c, val_c, prueba_c = datos_negacion()
    assert X.shape == (123, 20) and y.shape == (123,)
    assert torch.equal(X, ent_c.data[:123]) and torch.equal(y, ent_c.labels[:123])
    assert torch.equal(val[0], val_c.data) and torch.equal(prueba[0], prueba_c.data)


def test_comparar_valida_configuraciones(pocos):
    with pytest.raises(TypeError, match="Regularizacion"):
        comparar_regularizacion([{"dropout": 0.3}], pocos, semillas=[0], epocas=1)
    with pytest.raises(ValueError, match="se repiten"):
        comparar_regularizacion(
            [Regularizacion("a"), Regularizacion("a", dropout=0.5)], pocos, epocas=1
        )
    with pytest.raises(ValueError, match="semillas"):
        comparar_regularizacion([Regularizacion("a")], pocos, semillas=[], epocas=1)


def test_resumir_y_elegir_validan_la_tabla():
    with pytest.raises(TypeError, match="comparar_regularizacion"):
        resumir_regularizacion(pd.DataFrame({"a": [1]}))
    with pytest.raises(TypeError, match="resumir_regularizacion"):
        elegir_por_validacion(pd.DataFrame({"exactitud prueba (%)": [1.0]}))


# ------------------------------------------------- los ajustes llegan a su destino
@pytest.mark.parametrize("p", [0.0, 0.3, 0.5])
def test_el_dropout_llega_al_modelo(pocos, p):
    modelo, _ = entrenar_regularizado(
        *pocos[:2], dropout=p, epocas=1, dispositivo="cpu"
    )
    assert modelo.dropout.p == p  # embeddings y clasificador
    assert modelo.lstm.dropout == p  # entre las dos capas LSTM
    assert modelo.lstm.num_layers == 2


def test_el_weight_decay_llega_a_adamw(pocos, monkeypatch):
    creados = []

    class AdamWRegistrado(torch.optim.AdamW):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            creados.append(self)

    monkeypatch.setattr(torch.optim, "AdamW", AdamWRegistrado)
    entrenar_regularizado(
        *pocos[:2], weight_decay=0.7, lr=2e-3, epocas=1, dispositivo="cpu"
    )
    assert len(creados) == 1
    grupo = creados[0].param_groups[0]
    assert grupo["weight_decay"] == 0.7 and grupo["lr"] == 2e-3


def _exactitud_val(modelo, val):
    return evaluar(modelo, val, metricas={"exactitud": exactitud}, dispositivo="cpu")[
        "exactitud"
    ]


def test_parada_temprana_restaura_la_mejor_epoca(pocos):
    ent, val, _ = pocos
    modelo, h = entrenar_regularizado(
        ent, val, paciencia=2, epocas=12, dispositivo="cpu"
    )
    accs = h.columna("exactitud_validacion")
    assert h.mejor_epoca == accs.index(max(accs)) + 1
    assert len(h.epocas) <= 12
    if h.detenido_antes:
        assert len(h.epocas) == h.mejor_epoca + 2
    assert _exactitud_val(modelo, val) == pytest.approx(max(accs))


def test_sin_paciencia_se_queda_la_ultima_epoca(pocos):
    ent, val, _ = pocos
    modelo, h = entrenar_regularizado(ent, val, epocas=4, dispositivo="cpu")
    assert len(h.epocas) == 4 and not h.detenido_antes
    assert _exactitud_val(modelo, val) == pytest.approx(
        h.columna("exactitud_validacion")[-1]
    )


# --------------------------------------------------------------------- determinismo
def test_misma_semilla_mismo_resultado(pocos):
    kw = dict(dropout=0.3, weight_decay=0.1, epocas=2, dispositivo="cpu")
    m1, h1 = entrenar_regularizado(*pocos[:2], semilla=3, **kw)
    m2, h2 = entrenar_regularizado(*pocos[:2], semilla=3, **kw)
    m3, h3 = entrenar_regularizado(*pocos[:2], semilla=4, **kw)
    assert h1.columna("perdida_entrenamiento") == h2.columna("perdida_entrenamiento")
    for a, b in zip(m1.state_dict().values(), m2.state_dict().values(), strict=True):
        assert torch.equal(a, b)
    assert h1.columna("perdida_entrenamiento") != h3.columna("perdida_entrenamiento")


# ---------------------------------------------------------------------- sobreajuste
def test_el_modelo_grande_sobreajusta_con_pocos_datos(pocos):
    """Sin regularización, 40 ejemplos se memorizan: la pérdida de entrenamiento
    queda muy por debajo de la de validación y la exactitud de validación, lejos
    del 100 %."""
    ent, val, _ = pocos
    modelo, _ = entrenar_regularizado(ent, val, epocas=12, dispositivo="cpu")
    medir = dict(perdida=nn.CrossEntropyLoss(), metricas={"exactitud": exactitud})
    r_ent = evaluar(modelo, ent, dispositivo="cpu", **medir)
    r_val = evaluar(modelo, val, dispositivo="cpu", **medir)
    assert r_ent["exactitud"] == 1.0
    assert r_ent["perdida"] < 0.05
    assert r_val["perdida"] > 10 * r_ent["perdida"] and r_val["perdida"] > 0.5
    assert r_val["exactitud"] < 0.8


# ------------------------------------------------------------------- tabla y figura
def test_tabla_resumen_y_eleccion(pocos):
    configs = [Regularizacion("a"), Regularizacion("b", dropout=0.5, paciencia=1)]
    tabla, hs = comparar_regularizacion(
        configs, pocos, semillas=[0, 1], epocas=2, dispositivo="cpu"
    )
    assert len(tabla) == 4 and sorted(hs) == [("a", 0), ("a", 1), ("b", 0), ("b", 1)]
    assert (
        tabla["brecha (pp)"]
        == tabla["exactitud ent. (%)"] - tabla["exactitud val. (%)"]
    ).all()
    for _, fila in tabla.iterrows():
        h = hs[(fila["configuración"], fila["semilla"])]
        assert fila["épocas"] == len(h.epocas) and fila["mejor época"] == h.mejor_epoca
        assert 0 <= fila["exactitud prueba (%)"] <= 100
    resumen = resumir_regularizacion(tabla)
    assert list(resumen.index) == ["a", "b"]
    medias = tabla.groupby("configuración")["exactitud val. (%)"].mean()
    assert resumen["exactitud val. (%)"].to_dict() == pytest.approx(medias.to_dict())
    assert elegir_por_validacion(resumen) == medias.idxmax()


def test_figura_regularizacion(pocos):
    configs = [Regularizacion("a"), Regularizacion("b", dropout=0.5)]
    _, hs = comparar_regularizacion(
        configs, pocos, semillas=[0], epocas=2, dispositivo="cpu"
    )
    fig = figura_regularizacion(hs)
    izquierda, derecha = fig.axes[:2]
    assert len(izquierda.get_lines()) == 4  # entrenamiento y validación de a y b
    assert [t.get_text() for t in derecha.get_legend().get_texts()] == ["a", "b"]
    plt.close(fig)
    with pytest.raises(ValueError, match="No hay historial"):
        figura_regularizacion(hs, sobreajuste="c")
    with pytest.raises(TypeError, match="dict"):
        figura_regularizacion([])
    with pytest.raises(TypeError, match="tupla"):
        figura_regularizacion({"a": hs[("a", 0)]})
