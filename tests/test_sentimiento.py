"""§3.1: datos de sentimiento, variante con negación, SentimentLSTM y bolsa de embeddings."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
import torch
from torch import nn

from rnnbook import (
    SentimentDataset,
    SentimentLSTM,
    contar_parametros,
    evaluar,
    exactitud,
)
from rnnbook.datos import (
    NEGACION,
    PAD,
    SentimientoNegacionDataset,
    datos_negacion,
    datos_sentimiento,
)
from rnnbook.experimentos import entrenar_sentimiento
from rnnbook.figuras import figura_curvas_sentimiento
from rnnbook.modelos import BolsaEmbeddings, crear_sentiment_lstm


# ------------------------------------------------------------------------------ datos
def test_dataset_de_la_guia_con_relleno_corregido():
    ds = SentimentDataset(n_samples=300, max_len=12, vocab_size=100, seed=3)
    assert (
        ds.data.shape == (300, 12) and ds.data.dtype == torch.int64 and len(ds) == 300
    )
    assert int(ds.data.min()) >= 1 and int(ds.data.max()) <= 99
    assert not (ds.data == PAD).any()
    positivas = ds.labels == 1
    assert 0 < int(positivas.sum()) < 300
    assert bool((ds.data[positivas] >= 50).all()) and bool(
        (ds.data[~positivas] < 50).all()
    )
    x, y = ds[7]
    assert torch.equal(x, ds.data[7]) and int(y) == int(ds.labels[7])
    X, Y = ds.tensores()
    assert X is ds.data and Y is ds.labels


def test_dataset_reproducible_y_sin_estado_global():
    torch.manual_seed(0)
    antes = torch.rand(1)
    a = SentimentDataset(50, seed=1)
    b = SentimentDataset(50, seed=1)
    c = SentimentDataset(50, seed=2)
    assert torch.equal(a.data, b.data) and not torch.equal(a.data, c.data)
    torch.manual_seed(0)
    assert torch.equal(torch.rand(1), antes)  # el generador global no se tocó


def test_tamanos_de_la_guia():
    ent, val, prueba = datos_sentimiento()
    assert (len(ent), len(val), len(prueba)) == (800, 200, 1000)
    assert ent.data.shape[1] == 30


@pytest.mark.parametrize(
    "args,error",
    [
        (dict(n_samples=0), ValueError),
        (dict(max_len=0), ValueError),
        (dict(vocab_size=3), ValueError),
        (dict(seed=-1), ValueError),
        (dict(n_samples=2.0), TypeError),
    ],
)
def test_dataset_argumentos_invalidos(args, error):
    with pytest.raises(error):
        SentimentDataset(**args)


def test_variante_con_negacion_es_correcta():
    ds = SentimientoNegacionDataset(
        n_samples=400, max_len=9, vocab_size=100, palabras_por_polaridad=5, seed=4
    )
    L = 5
    for i in range(len(ds)):
        x = ds.data[i].tolist()
        assert x.count(NEGACION) == 1 and PAD not in x
        pol = [ds.polaridad(t) for t in x]
        assert pol.count(1) == 1 and pol.count(-1) == 1
        p = x.index(NEGACION) + 1
        assert p == int(ds.posicion_negada[i]) and ds.polaridad(x[p]) != 0
        # «no» delante de la negativa → clase 1; delante de la positiva → clase 0
        assert int(ds.labels[i]) == (1 if ds.polaridad(x[p]) == -1 else 0)
    assert 100 < int(ds.labels.sum()) < 300
    assert ds.inicio_neutras == 2 + 2 * L
    assert "no " in ds.decodificar(ds.data[0]) and (
        "bueno_" in ds.decodificar(ds.data[0])
    )


def test_invertir_cambia_la_clase_y_conserva_las_palabras():
    ds = SentimientoNegacionDataset(n_samples=50, seed=5)
    for i in range(50):
        x_inv, y_inv = ds.invertir(i)
        assert y_inv == 1 - int(ds.labels[i])
        assert torch.equal(x_inv.sort().values, ds.data[i].sort().values)
        p = x_inv.tolist().index(NEGACION) + 1
        assert (1 if ds.polaridad(int(x_inv[p])) == -1 else 0) == y_inv
    with pytest.raises(ValueError, match="i debe estar"):
        ds.invertir(50)


def test_una_bolsa_no_distingue_las_dos_clases():
    # Con cualquier peso, la bolsa da los mismos logits a una secuencia y a su inversa:
    # acierta exactamente la mitad de los pares.
    ds = SentimientoNegacionDataset(n_samples=64, seed=6)
    torch.manual_seed(0)
    bolsa = BolsaEmbeddings(1000, 8, 2)
    pares = torch.stack([ds.invertir(i)[0] for i in range(64)])
    a, b = bolsa(ds.data), bolsa(pares)
    assert torch.allclose(a, b)
    y = torch.cat([ds.labels, 1 - ds.labels])
    acc = (torch.cat([a, b]).argmax(1) == y).float().mean().item()
    assert acc == pytest.approx(0.5)


def test_datos_negacion_tamanos():
    ent, val, prueba = datos_negacion()
    assert (len(ent), len(val), len(prueba)) == (1000, 400, 1000)
    assert not torch.equal(ent.data[:10], prueba.data[:10])


# ----------------------------------------------------------------------------- modelos
def test_parametros_de_la_guia():
    m = SentimentLSTM(
        vocab_size=1000,
        embed_dim=64,
        hidden_size=128,
        num_classes=2,
        num_layers=2,
        dropout=0.3,
    )
    assert contar_parametros(m) == 295_682
    # por bloques: Embedding V·E, LSTM Σ 4(H·d_in + H² + 2H), Linear H·C + C
    assert contar_parametros(m.embedding) == 1000 * 64
    assert contar_parametros(m.lstm) == 4 * (128 * 64 + 128**2 + 2 * 128) + 4 * (
        128 * 128 + 128**2 + 2 * 128
    )
    assert contar_parametros(crear_sentiment_lstm(0)) == 295_682


def test_unidireccional_usa_el_ultimo_paso():
    torch.manual_seed(0)
    m = SentimentLSTM(50, 6, 5, 3, num_layers=2, dropout=0.0).eval()
    x = torch.randint(1, 50, (4, 7))
    salida, (h_n, _) = m.lstm(m.embedding(x))
    assert torch.allclose(m(x), m.classifier(salida[:, -1]))
    assert torch.allclose(salida[:, -1], h_n[-1])


def test_bidireccional_usa_los_estados_finales_de_cada_sentido():
    torch.manual_seed(0)
    m = SentimentLSTM(50, 6, 5, 2, num_layers=1, dropout=0.0, bidirectional=True).eval()
    x = torch.randint(1, 50, (3, 8))
    salida, (h_n, _) = m.lstm(m.embedding(x))
    esperado = m.classifier(torch.cat([salida[:, -1, :5], salida[:, 0, 5:]], dim=1))
    assert torch.allclose(m(x), esperado, atol=1e-6)
    # lo que hacía la guía (salida[:, -1, :]) es otra cosa: la mitad hacia atrás solo vio un token
    assert not torch.allclose(m(x), m.classifier(salida[:, -1, :]))
    assert contar_parametros(m.classifier) == 2 * 5 * 2 + 2


def test_el_relleno_tiene_vector_cero_y_no_aprende():
    torch.manual_seed(0)
    m = SentimentLSTM(30, 4, 3, 2, num_layers=1, dropout=0.0)
    assert torch.equal(m.embedding.weight[PAD], torch.zeros(4))
    x = torch.tensor([[PAD, PAD, 5, 6], [7, 8, 9, 10]])
    nn.functional.cross_entropy(m(x), torch.tensor([0, 1])).backward()
    assert torch.equal(m.embedding.weight.grad[PAD], torch.zeros(4))
    assert m.embedding.weight.grad[5].abs().sum() > 0


def test_bolsa_invariante_a_permutaciones_y_al_relleno():
    torch.manual_seed(0)
    m = BolsaEmbeddings(40, 5, 2)
    x = torch.tensor([[3, 9, 12, 20]])
    assert torch.allclose(m(x), m(x[:, torch.tensor([2, 0, 3, 1])]))
    con_relleno = torch.tensor([[PAD, 3, 9, PAD, 12, 20]])
    assert torch.allclose(m(x), m(con_relleno), atol=1e-6)


@pytest.mark.parametrize(
    "entrada,error",
    [
        (torch.zeros(2, 3), ValueError),  # flotante
        (torch.zeros(2, 3, 4, dtype=torch.long), ValueError),
        ([[1, 2]], TypeError),
    ],
)
def test_entradas_invalidas(entrada, error):
    with pytest.raises(error, match="entrada|Tensor"):
        SentimentLSTM(10, 4, 3, 2)(entrada)
    with pytest.raises(error):
        BolsaEmbeddings(10, 4, 2)(entrada)


@pytest.mark.parametrize(
    "args,error",
    [
        (dict(dropout=1.0), ValueError),
        (dict(padding_idx=10), ValueError),
        (dict(num_classes=1), ValueError),
        (dict(bidirectional=1), TypeError),
        (dict(hidden_size=0), ValueError),
    ],
)
def test_modelo_argumentos_invalidos(args, error):
    base = dict(vocab_size=10, embed_dim=4, hidden_size=3, num_classes=2)
    base.update(args)
    with pytest.raises(error):
        SentimentLSTM(**base)


# ------------------------------------------------------------------------ entrenamiento
def test_entrenar_sentimiento_protocolo_de_la_guia(dispositivo):
    ent = SentimentDataset(192, max_len=8, vocab_size=100, seed=1)
    val = SentimentDataset(32, max_len=8, vocab_size=100, seed=2)
    m = crear_sentiment_lstm(
        0, vocab_size=100, embed_dim=16, hidden_size=16, num_layers=1
    )
    h = entrenar_sentimiento(m, ent, val, epocas=6, lr=1e-2, dispositivo=dispositivo)
    assert {"exactitud_entrenamiento", "exactitud_validacion", "lr"} <= set(h.epocas[0])
    assert h.columna("lr") == pytest.approx(
        [1e-2] * 5 + [5e-3]
    )  # StepLR(5, 0.5) de la guía
    assert h.columna("exactitud_validacion")[-1] > 0.9
    r = evaluar(
        m, val.tensores(), metricas={"exactitud": exactitud}, dispositivo=dispositivo
    )
    assert r["exactitud"] > 0.9


def test_figura_curvas():
    ent = SentimentDataset(40, max_len=5, vocab_size=50, seed=1)
    m = crear_sentiment_lstm(0, vocab_size=50, embed_dim=4, hidden_size=4, num_layers=1)
    h = entrenar_sentimiento(m, ent, ent, epocas=2, dispositivo="cpu")
    fig = figura_curvas_sentimiento({"LSTM": h, "bolsa": h})
    ax1, ax2 = fig.axes
    assert ax1.get_xlabel() == "época" and "exactitud" in ax2.get_ylabel()
    assert (
        len(ax2.get_lines()) == 5
    )  # 2 modelos × (entrenamiento, validación) + línea del 50 %
    plt.close(fig)
    with pytest.raises(TypeError):
        figura_curvas_sentimiento({})
    with pytest.raises(TypeError):
        figura_curvas_sentimiento({"x": 3})


# ------------------------------------------------- negación a distancia (ejercicio I2)
def test_distancia_por_defecto_conserva_los_datos_de_siempre():
    # Cifras fijadas con la versión anterior a ``distancia``: los datos del libro no cambian.
    ent = datos_negacion()[0]
    assert ent.data[0].tolist() == [
        484,
        522,
        760,
        951,
        56,
        162,
        826,
        21,
        265,
        326,
        871,
        436,
        289,
        831,
        273,
        422,
        651,
        559,
        1,
        11,
    ]
    assert ent.labels[:10].tolist() == [0, 1, 0, 0, 0, 0, 1, 1, 0, 0]
    a = SentimientoNegacionDataset(n_samples=80, seed=9)
    b = SentimientoNegacionDataset(n_samples=80, seed=9, distancia=1)
    assert (
        torch.equal(a.data, b.data)
        and torch.equal(a.posicion_otra, b.posicion_otra)
        and a.distancia == 1
    )


@pytest.mark.parametrize("d", [2, 5, 8])
def test_negacion_a_distancia_invierte_la_siguiente_palabra_de_sentimiento(d):
    ds = SentimientoNegacionDataset(
        n_samples=300,
        max_len=14,
        vocab_size=100,
        palabras_por_polaridad=5,
        seed=d,
        distancia=d,
    )
    for i in range(len(ds)):
        x = ds.data[i].tolist()
        a = x.index(NEGACION)
        p = int(ds.posicion_negada[i])
        assert x.count(NEGACION) == 1 and p == a + d
        pol = [ds.polaridad(t) for t in x]
        assert pol.count(1) == 1 and pol.count(-1) == 1
        # entre el «no» y la palabra negada solo hay neutras: es la siguiente de sentimiento
        assert all(v == 0 for v in pol[a + 1 : p]) and pol[p] != 0
        assert int(ds.labels[i]) == (1 if pol[p] == -1 else 0)
        x_inv, y_inv = ds.invertir(i)
        assert y_inv == 1 - int(ds.labels[i]) and ds.polaridad(int(x_inv[p])) == -pol[p]
    assert 80 < int(ds.labels.sum()) < 220


def test_distancia_argumentos_invalidos():
    with pytest.raises(ValueError, match="max_len debe ser un entero >= 10"):
        SentimientoNegacionDataset(n_samples=5, max_len=9, distancia=8)
    with pytest.raises(ValueError, match="distancia"):
        SentimientoNegacionDataset(n_samples=5, distancia=0)
    with pytest.raises(TypeError, match="distancia"):
        datos_negacion(distancia=2.0)
    ent, _, prueba = datos_negacion(distancia=6)
    assert ent.distancia == prueba.distancia == 6 and len(ent) == 1000
