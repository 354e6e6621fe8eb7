"""Ejercicio I2: clasificador convolucional 1D, campo receptivo y medida de la comparación."""

from __future__ import annotations

import statistics

import pytest
import torch
from torch import nn

from rnnbook import (
    SentimentDataset,
    contar_parametros,
    evaluar,
    exactitud,
    fijar_semilla,
)
from rnnbook.datos import NEGACION, PAD, SentimientoNegacionDataset
from rnnbook.experimentos import medir_clasificador, resoluble_con_ventana
from rnnbook.modelos import ClasificadorConv1d, campo_receptivo


# --------------------------------------------------------------------- campo receptivo
@pytest.mark.parametrize(
    "k,capas,dil,esperado",
    [
        (1, 1, 1, 1),
        (3, 1, 1, 3),
        (9, 1, 1, 9),
        (3, 4, 1, 9),
        (3, 1, 4, 9),
        (3, 2, 2, 9),
        (5, 3, 2, 25),
    ],
)
def test_formula_del_campo_receptivo(k, capas, dil, esperado):
    assert campo_receptivo(k, capas, dil) == esperado


@pytest.mark.parametrize(
    "k,capas,dil,desplazamientos",
    [
        (3, 1, 1, {-1, 0, 1}),
        (3, 1, 4, {-4, 0, 4}),
        (3, 2, 2, {-4, -2, 0, 2, 4}),
        (5, 2, 1, set(range(-4, 5))),
        (4, 1, 1, {-1, 0, 1, 2}),
    ],
)
def test_una_salida_depende_exactamente_de_su_campo_receptivo(
    k, capas, dil, desplazamientos
):
    # Pesos y entradas positivos: ninguna ReLU se apaga y el gradiente es distinto de
    # cero justo en las posiciones que lee la convolución.
    # Cada posición j lleva el token j + 1, así que la fila j + 1 del gradiente del
    # Embedding dice si la salida depende de la posición j.
    torch.manual_seed(0)
    T, t = 25, 12
    m = ClasificadorConv1d(
        T + 1,
        3,
        2,
        num_filtros=4,
        tamanos_nucleo=k,
        capas=capas,
        dilatacion=dil,
        dropout=0.0,
    )
    for w in [m.embedding.weight] + [
        p for conv in m.ramas[0] for p in conv.parameters()
    ]:
        nn.init.uniform_(w, 0.1, 1.0)
    m.mapas(torch.arange(1, T + 1)[None])[0][0, :, t].sum().backward()
    dependencias = {
        int(j) - 1 - t
        for j in torch.nonzero(m.embedding.weight.grad.abs().sum(1)).flatten()
    }
    assert dependencias == desplazamientos
    assert (
        max(dependencias) - min(dependencias) + 1
        == m.campo_receptivo
        == campo_receptivo(k, capas, dil)
    )


# ------------------------------------------------------------------------------ modelo
@pytest.mark.parametrize(
    "kw,T",
    [
        (dict(), 20),
        (dict(tamanos_nucleo=(2, 3, 9)), 7),
        (dict(tamanos_nucleo=9), 2),
        (dict(capas=3, dilatacion=2), 5),
        (dict(tamanos_nucleo=[4]), 1),
    ],
)
def test_formas_de_salida(kw, T):
    m = ClasificadorConv1d(50, 6, 3, num_filtros=5, **kw)
    x = torch.randint(1, 50, (4, T))
    assert m(x).shape == (4, 3)
    assert m.classifier.in_features == 5 * len(m.tamanos_nucleo)
    mapas = m.mapas(x)
    assert len(mapas) == len(m.tamanos_nucleo)
    assert all(
        h.shape == (4, 5, T) for h in mapas
    )  # con el relleno, la longitud se conserva


def test_cuenta_de_parametros():
    V, E, C, F = 100, 8, 3, 6
    m = ClasificadorConv1d(V, E, C, num_filtros=F, tamanos_nucleo=(3, 5), capas=2)
    ramas = sum((E * k + 1) * F + (F * k + 1) * F for k in (3, 5))
    assert contar_parametros(m) == V * E + ramas + (2 * F + 1) * C
    assert contar_parametros(m.embedding) == V * E


def test_coincide_con_el_calculo_a_mano():
    # Una capa, núcleo 3: z[n, f, t] = ReLU(b_f + Σ_j W[f, :, j] · e[n, t + j - 1]), máximo en t, lineal.
    torch.manual_seed(1)
    m = (
        ClasificadorConv1d(30, 4, 2, num_filtros=5, tamanos_nucleo=3, dropout=0.0)
        .double()
        .eval()
    )
    x = torch.randint(1, 30, (3, 8))
    e = m.embedding(x)  # (N, T, E)
    conv = m.ramas[0][0]
    e_pad = torch.nn.functional.pad(e, (0, 0, 1, 1))  # un cero a cada lado del eje T
    z = torch.zeros(3, 5, 8, dtype=torch.float64)
    for t in range(8):
        ventana = e_pad[:, t : t + 3, :]  # (N, k, E)
        z[:, :, t] = torch.einsum("nje,fej->nf", ventana, conv.weight) + conv.bias
    esperado = m.classifier(torch.relu(z).amax(dim=2))
    assert torch.allclose(m(x), esperado, atol=1e-12)


def test_el_relleno_no_cambia_la_salida():
    torch.manual_seed(2)
    m = ClasificadorConv1d(
        40, 5, 2, num_filtros=6, tamanos_nucleo=(2, 3), capas=2, dilatacion=2
    ).eval()
    x = torch.randint(1, 40, (4, 9))
    con_relleno = torch.cat(
        [torch.full((4, 3), PAD), x, torch.full((4, 5), PAD)], dim=1
    )
    assert torch.allclose(m(x), m(con_relleno), atol=1e-6)
    for h, h_rel in zip(m.mapas(x), m.mapas(con_relleno)):
        assert (
            torch.allclose(h_rel[:, :, 3:-5], h, atol=1e-6)
            and (h_rel[:, :, :3] == 0).all()
        )
    assert torch.isfinite(m(torch.full((2, 4), PAD))).all()  # solo relleno: sin NaN
    # sin padding_idx el 0 es una palabra más y la salida sí cambia
    torch.manual_seed(2)
    sin = ClasificadorConv1d(
        40,
        5,
        2,
        num_filtros=6,
        tamanos_nucleo=(2, 3),
        capas=2,
        dilatacion=2,
        padding_idx=None,
    ).eval()
    assert not torch.allclose(sin(x), sin(con_relleno), atol=1e-4)


def test_el_maximo_olvida_la_posicion():
    # El mismo fragmento en dos posiciones distintas, rodeado de relleno, da los mismos logits.
    torch.manual_seed(3)
    m = ClasificadorConv1d(40, 5, 2, num_filtros=6, dropout=0.0).eval()
    frase = torch.tensor([7, 1, 12])
    a = torch.zeros(1, 15, dtype=torch.long)
    b = torch.zeros(1, 15, dtype=torch.long)
    a[0, 1:4] = frase
    b[0, 10:13] = frase
    assert torch.allclose(m(a), m(b), atol=1e-6)
    assert not torch.allclose(
        m(a), m(frase.flip(0)[None]), atol=1e-4
    )  # el orden dentro de la ventana sí cuenta


@pytest.mark.parametrize(
    "kw,error,mensaje",
    [
        (dict(vocab_size=1), ValueError, "vocab_size"),
        (dict(embed_dim=0), ValueError, "embed_dim"),
        (dict(num_classes=1), ValueError, "num_classes"),
        (dict(num_filtros=0), ValueError, "num_filtros"),
        (dict(tamanos_nucleo=()), ValueError, "al menos un tamaño"),
        (dict(tamanos_nucleo="3"), TypeError, "tupla"),
        (dict(tamanos_nucleo=(3, 0)), ValueError, r"tamanos_nucleo\[1\]"),
        (dict(capas=0), ValueError, "capas"),
        (dict(dilatacion=0), ValueError, "dilatacion"),
        (dict(dropout=1.0), ValueError, "dropout"),
        (dict(padding_idx=50), ValueError, "padding_idx debe ser < vocab_size"),
        (dict(tamanos_nucleo=True), TypeError, "tamanos_nucleo"),
    ],
)
def test_argumentos_invalidos(kw, error, mensaje):
    args = dict(vocab_size=50, embed_dim=4, num_classes=2) | kw
    with pytest.raises(error, match=mensaje):
        ClasificadorConv1d(**args)


def test_entrada_invalida():
    m = ClasificadorConv1d(50, 4, 2)
    with pytest.raises(ValueError, match=r"forma \(N, T\)"):
        m(torch.rand(2, 5))
    with pytest.raises(ValueError, match=r"forma \(N, T\)"):
        m(torch.ones(2, 5, 4, dtype=torch.long))
    with pytest.raises(TypeError, match="Tensor"):
        m([[1, 2, 3]])
    with pytest.raises(ValueError, match="capas"):
        campo_receptivo(3, capas=0)


# ------------------------------------------------------------------ ventanas resolubles
def _resoluble_por_fuerza_bruta(
    ds: SentimientoNegacionDataset, ancho: int
) -> list[bool]:
    """Alguna ventana de ``ancho`` tokens seguidos contiene dos de las tres palabras clave."""
    salida = []
    for x in ds.data.tolist():
        clave = [t == NEGACION or ds.polaridad(t) != 0 for t in x]
        salida.append(
            any(
                sum(clave[i : i + ancho]) >= 2
                for i in range(max(1, len(x) - ancho + 1))
            )
        )
    return salida


@pytest.mark.parametrize(
    "d,ancho", [(1, 2), (1, 3), (4, 3), (8, 3), (8, 5), (8, 9), (3, 1)]
)
def test_resoluble_con_ventana_coincide_con_la_fuerza_bruta(d, ancho):
    ds = SentimientoNegacionDataset(
        n_samples=150, max_len=16, seed=d + ancho, distancia=d
    )
    r = resoluble_con_ventana(ds, ancho)
    assert r.dtype == torch.bool and r.shape == (150,)
    assert r.tolist() == _resoluble_por_fuerza_bruta(ds, ancho)


def test_resoluble_crece_con_la_ventana_y_es_total_desde_d_mas_uno():
    ds = SentimientoNegacionDataset(n_samples=300, seed=0, distancia=8)
    fracciones = [
        resoluble_con_ventana(ds, w).float().mean().item() for w in range(1, 12)
    ]
    assert fracciones == sorted(fracciones) and fracciones[0] == 0.0
    assert (
        fracciones[7] < 1.0 and fracciones[8] == 1.0
    )  # ancho 8 no basta; ancho 9 = d + 1 sí


def test_resoluble_argumentos_invalidos():
    with pytest.raises(TypeError, match="SentimientoNegacionDataset"):
        resoluble_con_ventana(SentimentDataset(5, seed=0), 3)
    with pytest.raises(ValueError, match="ancho"):
        resoluble_con_ventana(SentimientoNegacionDataset(5, seed=0), 0)


# -------------------------------------------------------------------------- medición
def test_medir_clasificador_devuelve_lo_que_mide_el_motor():
    datos = [
        SentimientoNegacionDataset(n, max_len=8, vocab_size=60, seed=s)
        for n, s in ((200, 1), (64, 2), (64, 3))
    ]
    fijar_semilla(0)
    m = ClasificadorConv1d(60, 8, 2, num_filtros=8)
    r = medir_clasificador(m, *datos, epocas=3, lr=1e-2, dispositivo="cpu")
    assert r["parametros"] == contar_parametros(m)
    assert r["segundos_epoca"] == statistics.median(r["historial"].columna("segundos"))
    assert len(r["historial"].epocas) == 3
    esperado = evaluar(
        m, datos[2].tensores(), metricas={"exactitud": exactitud}, dispositivo="cpu"
    )["exactitud"]
    assert r["exactitud"] == pytest.approx(esperado)


def test_la_convolucion_aprende_la_negacion_contigua_pero_no_la_lejana():
    def exactitud_de_prueba(d, k):
        datos = [
            SentimientoNegacionDataset(
                n,
                max_len=12,
                vocab_size=60,
                palabras_por_polaridad=4,
                seed=s,
                distancia=d,
            )
            for n, s in ((800, 1), (200, 2), (400, 3))
        ]
        fijar_semilla(0)
        m = ClasificadorConv1d(60, 16, 2, num_filtros=32, tamanos_nucleo=k)
        return medir_clasificador(m, *datos, epocas=4, lr=1e-2, dispositivo="cpu")[
            "exactitud"
        ], datos[2]

    contigua, _ = exactitud_de_prueba(1, 3)
    lejana, prueba = exactitud_de_prueba(6, 3)
    ancha, _ = exactitud_de_prueba(6, 7)
    techo = 0.5 + 0.5 * resoluble_con_ventana(prueba, 3).float().mean().item()
    assert contigua > 0.95 and ancha > 0.95
    assert lejana < techo + 0.05 < 0.9


# ---------------------------------------------------------------------------- tabla, techo y figuras
def _resultado_falso(exactitudes, parametros=100, segundos=0.5):
    from rnnbook import Historial

    h = Historial(
        epocas=[
            {"epoca": e, "exactitud_validacion": a}
            for e, a in enumerate(exactitudes, start=1)
        ]
    )
    return {
        "exactitud": exactitudes[-1],
        "parametros": parametros,
        "segundos_epoca": segundos,
        "historial": h,
    }


def test_techo_con_ventana_es_la_mitad_de_lo_no_resoluble():
    from rnnbook.datos import SentimientoNegacionDataset
    from rnnbook.experimentos import resoluble_con_ventana, techo_con_ventana

    ds = SentimientoNegacionDataset(n_samples=300, max_len=20, seed=4, distancia=8)
    for ancho in (1, 3, 9):
        esperado = 0.5 + 0.5 * float(resoluble_con_ventana(ds, ancho).float().mean())
        assert techo_con_ventana(ds, ancho) == pytest.approx(esperado)
    assert techo_con_ventana(ds, 3) < 1.0 == techo_con_ventana(ds, 9)


def test_tabla_clasificadores_epoca_del_umbral():
    from rnnbook.experimentos import tabla_clasificadores

    tabla = tabla_clasificadores(
        {
            ("a", "CNN"): _resultado_falso([0.5, 0.96, 0.99]),
            ("a", "LSTM"): _resultado_falso([0.5, 0.6, 0.7]),
        }
    )
    columna = "1.ª época con validación ≥ 95 %"
    assert tabla.loc[("a", "CNN"), columna] == 2
    assert tabla.loc[("a", "LSTM"), columna] == "—"
    assert tabla.loc[("a", "LSTM"), "exactitud de prueba (%)"] == 70.0
    with pytest.raises(ValueError, match="umbral"):
        tabla_clasificadores({}, umbral=1.5)


def test_figuras_de_la_comparacion():
    import matplotlib.pyplot as plt

    from rnnbook.datos import SentimientoNegacionDataset
    from rnnbook.figuras import figura_campo_receptivo, figura_cnn_vs_lstm

    resultados = {
        ("guía", "CNN"): _resultado_falso([0.9, 1.0]),
        ("guía", "LSTM"): _resultado_falso([0.6, 1.0]),
        ("lejos", "CNN"): _resultado_falso([0.5, 0.5]),
        ("lejos", "LSTM"): _resultado_falso([0.7, 0.99]),
    }
    fig = figura_cnn_vs_lstm(
        resultados, {"CNN": "C0", "LSTM": "C1"}, datos_curvas="lejos"
    )
    assert len(fig.axes[1].lines) == 3  # dos curvas y la línea del azar
    plt.close(fig)
    with pytest.raises(ValueError, match="datos_curvas"):
        figura_cnn_vs_lstm(resultados, {"CNN": "C0"}, datos_curvas="otro")
    ds = SentimientoNegacionDataset(n_samples=100, max_len=12, seed=0, distancia=4)
    fig = figura_campo_receptivo(
        ds, {"CNN": (3, 0.5, "C0")}, ("LSTM", 0.99, "C1"), anchos=range(1, 7)
    )
    assert fig.axes[0].get_xticks().tolist() == [1, 2, 3, 4, 5, 6]
    plt.close(fig)
