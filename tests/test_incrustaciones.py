"""Ejercicio I1: skip-gram, lectura de vectores en formato de texto y tablas de incrustaciones."""

from __future__ import annotations

import gzip
import math

import numpy as np
import pytest
import torch

from rnnbook import SentimentDataset
from rnnbook.datos import (
    PAD,
    cargar_vectores_texto,
    distribucion_negativos,
    guardar_vectores_texto,
    pares_skipgram,
)
from rnnbook.experimentos import (
    clasificador_con_incrustaciones,
    comparar_incrustaciones,
    entrenar_con_incrustaciones,
    entrenar_skipgram,
    fraccion_vista,
    perdida_skipgram,
    similitud_coseno,
    similitud_dentro_fuera,
    tabla_incrustaciones,
    vecinos_proximos,
)
from rnnbook.modelos import SkipGram


# ------------------------------------------------------------------------------ pares y negativos
def test_pares_skipgram_son_los_de_la_ventana():
    x = torch.randint(1, 50, (4, 7), generator=torch.Generator().manual_seed(0))
    c, o = pares_skipgram(x, ventana=3)
    assert c.dtype == o.dtype == torch.int64
    assert c.numel() == 2 * 4 * sum(7 - d for d in range(1, 4))
    esperados = sorted(
        (int(x[n, i]), int(x[n, j]))
        for n in range(4)
        for i in range(7)
        for j in range(7)
        if 0 < abs(i - j) <= 3
    )
    assert sorted(zip(c.tolist(), o.tolist())) == esperados


def test_pares_skipgram_sin_relleno():
    x = torch.tensor([[PAD, 3, 4, PAD], [5, PAD, 6, 7]])
    c, o = pares_skipgram(x, ventana=1)
    assert sorted(zip(c.tolist(), o.tolist())) == [(3, 4), (4, 3), (6, 7), (7, 6)]
    c2, _ = pares_skipgram(x, ventana=1, padding_idx=None)
    assert c2.numel() == 2 * 2 * 3


@pytest.mark.parametrize(
    "args,error,texto",
    [
        (
            dict(secuencias=torch.ones(3, 4, dtype=torch.long), ventana=4),
            ValueError,
            "menor que la longitud",
        ),
        (
            dict(secuencias=torch.ones(3, 4, dtype=torch.long), ventana=0),
            ValueError,
            ">= 1",
        ),
        (dict(secuencias=torch.ones(3, 4), ventana=1), ValueError, "enteros"),
        (dict(secuencias=np.ones((3, 4), dtype=int), ventana=1), TypeError, "Tensor"),
        (
            dict(secuencias=-torch.ones(3, 4, dtype=torch.long), ventana=1),
            ValueError,
            "negativos",
        ),
    ],
)
def test_pares_skipgram_errores(args, error, texto):
    with pytest.raises(error, match=texto):
        pares_skipgram(**args)


def test_distribucion_negativos_es_unigrama_a_la_075():
    x = torch.randint(0, 30, (20, 9), generator=torch.Generator().manual_seed(1))
    p = distribucion_negativos(x, 40)
    cuentas = np.bincount(x.flatten().numpy(), minlength=40).astype(float)
    cuentas[PAD] = 0
    esperado = cuentas**0.75 / np.sum(cuentas**0.75)
    assert p.shape == (40,) and p.dtype == torch.float32
    np.testing.assert_allclose(p.numpy(), esperado, rtol=1e-5, atol=1e-7)
    assert (
        float(p[PAD]) == 0.0 and float(p[35]) == 0.0
    )  # el relleno y las palabras ausentes
    uniforme = distribucion_negativos(x, 40, potencia=0)
    presentes = cuentas > 0
    np.testing.assert_allclose(
        uniforme.numpy()[presentes], 1 / presentes.sum(), rtol=1e-6
    )


def test_distribucion_negativos_errores():
    with pytest.raises(ValueError, match="fuera del vocabulario"):
        distribucion_negativos(torch.tensor([[1, 9]]), 5)
    with pytest.raises(ValueError, match="relleno"):
        distribucion_negativos(torch.zeros(2, 3, dtype=torch.long), 5)


# ------------------------------------------------------------------------------ modelo y pérdida
def test_skipgram_puntua_contexto_y_negativos():
    torch.manual_seed(0)
    m = SkipGram(torch.full((12,), 1.0), dim=5, negativos=3)
    with torch.no_grad():
        m.contexto.weight.normal_()
    c, o = torch.tensor([1, 4, 7]), torch.tensor([2, 2, 9])
    neg = torch.tensor([[3, 5, 6], [1, 1, 8], [10, 11, 2]])
    with torch.no_grad():
        s = m(c, o, neg)
    u, v = m.centro.weight.detach(), m.contexto.weight.detach()
    assert s.shape == (3, 4)
    for n in range(3):
        for k, w in enumerate([o[n]] + neg[n].tolist()):
            assert math.isclose(
                float(s[n, k]), float(u[c[n]] @ v[w]), rel_tol=1e-5, abs_tol=1e-7
            )


def test_skipgram_extrae_negativos_de_su_distribucion():
    p = torch.zeros(10)
    p[7] = 1.0  # todos los negativos tienen que ser la palabra 7
    torch.manual_seed(0)
    m = SkipGram(p, dim=4, negativos=6)
    with torch.no_grad():
        m.contexto.weight.normal_()
    c = torch.tensor([1, 2, 3])
    s = m(c, torch.tensor([4, 5, 6]))
    esperado = (m.centro.weight[c] @ m.contexto.weight[7]).unsqueeze(1).expand(3, 6)
    assert torch.allclose(s[:, 1:], esperado)
    assert torch.equal(m.vectores()[PAD], torch.zeros(4))


@pytest.mark.parametrize(
    "args,error",
    [
        (dict(probabilidades=torch.tensor([1.0]), dim=4), ValueError),
        (dict(probabilidades=torch.tensor([1.0, -1.0, 2.0]), dim=4), ValueError),
        (dict(probabilidades=torch.ones(5), dim=0), ValueError),
        (dict(probabilidades=torch.ones(5), dim=4, padding_idx=5), ValueError),
        (dict(probabilidades=torch.ones(5), dim=4, negativos=2.5), TypeError),
    ],
)
def test_skipgram_argumentos_invalidos(args, error):
    with pytest.raises(error):
        SkipGram(**args)


def test_perdida_skipgram_es_la_del_muestreo_negativo():
    s = torch.randn(6, 4, generator=torch.Generator().manual_seed(2))
    sig = torch.sigmoid
    esperado = -(torch.log(sig(s[:, 0])) + torch.log(sig(-s[:, 1:])).sum(1)).mean()
    assert torch.allclose(perdida_skipgram(s), esperado, atol=1e-6)
    with pytest.raises(ValueError, match=r"\(N, 1 \+ K\)"):
        perdida_skipgram(torch.zeros(6, 1))


def test_skipgram_aprende_la_polaridad_sin_etiquetas():
    V = 40
    corpus = SentimentDataset(300, max_len=10, vocab_size=V, seed=5).data
    m, h = entrenar_skipgram(
        corpus, V, dim=8, epocas=4, tam_lote=512, lr=3e-2, semilla=1, dispositivo="cpu"
    )
    perdidas = h.columna("perdida_entrenamiento")
    assert perdidas[-1] < perdidas[0]
    polaridad = np.where(np.arange(V) >= V // 2, 1, 0)
    polaridad[PAD] = -1
    dentro, fuera = similitud_dentro_fuera(m.vectores(), polaridad)
    assert dentro > fuera + 0.5, (dentro, fuera)
    vecinos, _ = vecinos_proximos(m.vectores(), [3, 30], k=5)
    assert (polaridad[vecinos[0].numpy()] == 0).all() and (
        polaridad[vecinos[1].numpy()] == 1
    ).all()
    m2, _ = entrenar_skipgram(
        corpus, V, dim=8, epocas=4, tam_lote=512, lr=3e-2, semilla=1, dispositivo="cpu"
    )
    assert torch.equal(m.vectores(), m2.vectores())


# ------------------------------------------------------------------------------ estructura
def test_similitud_coseno_y_vecinos():
    t = torch.randn(9, 4, generator=torch.Generator().manual_seed(3))
    t[PAD] = 0
    s = similitud_coseno(t)
    u = t[1:] / t[1:].norm(dim=1, keepdim=True)
    assert torch.allclose(s[1:, 1:], u @ u.T, atol=1e-6) and torch.allclose(s, s.T)
    assert torch.equal(s[PAD], torch.zeros(9))
    vecinos, sims = vecinos_proximos(t, [2, 5], k=3)
    assert vecinos.shape == sims.shape == (2, 3)
    assert (
        not (vecinos == PAD).any()
        and int(vecinos[0].eq(2).sum()) == 0
        and int(vecinos[1].eq(5).sum()) == 0
    )
    assert bool((sims[:, :-1] >= sims[:, 1:]).all())
    otras = [j for j in range(1, 9) if j != 2]
    assert int(vecinos[0, 0]) == otras[int(s[2, otras].argmax())]
    with pytest.raises(ValueError, match="k debe ser <= 7"):
        vecinos_proximos(t, [2], k=8)
    with pytest.raises(ValueError, match="indices"):
        vecinos_proximos(t, [9])


def test_similitud_dentro_fuera():
    t = torch.tensor([[0.0, 0.0], [1.0, 0.0], [1.0, 0.2], [0.0, 1.0], [-0.1, 1.0]])
    dentro, fuera = similitud_dentro_fuera(t, [-1, 0, 0, 1, 1])
    s = similitud_coseno(t)
    assert math.isclose(dentro, float((s[1, 2] + s[3, 4]) / 2), rel_tol=1e-6)
    assert math.isclose(
        fuera, float((s[1, 3] + s[1, 4] + s[2, 3] + s[2, 4]) / 4), rel_tol=1e-6
    )
    with pytest.raises(ValueError, match="dos grupos"):
        similitud_dentro_fuera(t, [-1, 0, 0, 0, 0])
    with pytest.raises(ValueError, match="forma"):
        similitud_dentro_fuera(t, [0, 1])


# ------------------------------------------------------------------------------ formato de texto
def test_guardar_y_cargar_ida_y_vuelta(tmp_path):
    palabras = ["sol", "luna", "ñandú"]
    m = np.random.default_rng(0).normal(size=(3, 5))
    for cabecera in (False, True):
        ruta = guardar_vectores_texto(
            tmp_path / f"v{cabecera}.txt", palabras, m, cabecera=cabecera
        )
        primera = ruta.read_text(encoding="utf-8").splitlines()[0]
        assert (primera == "3 5") == cabecera
        v = cargar_vectores_texto(ruta)
        assert list(v) == palabras
        assert all(v[p].dtype == np.float32 and v[p].shape == (5,) for p in palabras)
        np.testing.assert_allclose(np.stack([v[p] for p in palabras]), m, atol=1e-6)


def test_cargar_tolera_bom_lineas_vacias_gz_y_filtra(tmp_path):
    texto = "\ufeffbueno 1 2 3\n\nmalo -1 -2 -3\nbueno 9 9 9\nnueva york 0.5 0.5 0.5\n"
    ruta = tmp_path / "v.txt"
    ruta.write_text(texto, encoding="utf-8")
    v = cargar_vectores_texto(ruta)
    assert sorted(v) == ["bueno", "malo", "nueva york"]
    assert v["bueno"].tolist() == [1, 2, 3]  # cuenta la primera aparición
    assert sorted(cargar_vectores_texto(ruta, vocabulario=["malo", "otra"])) == ["malo"]
    with gzip.open(tmp_path / "v.txt.gz", "wt", encoding="utf-8") as f:
        f.write(texto)
    assert sorted(cargar_vectores_texto(tmp_path / "v.txt.gz")) == sorted(v)


@pytest.mark.parametrize(
    "contenido,kwargs,texto",
    [
        ("", {}, "no contiene ningún vector"),
        ("\n\n", {}, "no contiene ningún vector"),
        (
            "bueno 1 2 3\nmalo 1 2\n",
            {},
            "línea 2: se esperaban una palabra y 3 valores; hay 2",
        ),
        (
            "bueno 1 2 3\nmalo 1 2 3 4\n",
            {},
            "línea 2: se esperaban una palabra y 3 valores; hay 4",
        ),
        ("bueno 1 2 3\nmalo 1 dos 3\n", {}, "línea 2: el valor 'dos'"),
        ("bueno 1 nan 3\n", {}, "no finitos"),
        ("soloesto\n", {}, "solo hay un campo"),
        ("3 2\nbueno 1 2\nmalo 3 4\n", {}, "anuncia 3 vectores"),
        ("2 2\nbueno 1 2\nmalo 3 4\n", {"dim": 3}, "cabecera dice dimensión 2"),
        ("bueno 1 2\n", {"dim": 3}, "se esperaban una palabra y 3 valores; hay 2"),
    ],
)
def test_cargar_errores_en_espanol(tmp_path, contenido, kwargs, texto):
    ruta = tmp_path / "v.txt"
    ruta.write_text(contenido, encoding="utf-8")
    with pytest.raises(ValueError, match=texto):
        cargar_vectores_texto(ruta, **kwargs)


def test_cargar_archivo_inexistente(tmp_path):
    with pytest.raises(FileNotFoundError, match="No existe"):
        cargar_vectores_texto(tmp_path / "no_esta.txt")


def test_guardar_errores(tmp_path):
    with pytest.raises(ValueError, match="deben coincidir"):
        guardar_vectores_texto(tmp_path / "v.txt", ["a"], np.zeros((2, 3)))
    with pytest.raises(ValueError, match="sin espacios"):
        guardar_vectores_texto(tmp_path / "v.txt", ["a b"], np.zeros((1, 3)))


# ------------------------------------------------------------------------------ tabla
def test_tabla_incrustaciones_relleno_cobertura_y_aleatorias():
    V, E = 2001, 50
    palabras = ["<pad>"] + [f"p{i}" for i in range(1, V)]
    rng = np.random.default_rng(0)
    vectores = {f"p{i}": rng.normal(0, 0.5, E) for i in range(1, V, 2)}  # las impares
    vectores["ajena"] = np.ones(E)  # no está en el vocabulario: no cuenta
    tabla, encontradas, cobertura = tabla_incrustaciones(palabras, vectores, semilla=3)
    assert tabla.shape == (V, E) and tabla.dtype == torch.float32
    assert torch.equal(tabla[PAD], torch.zeros(E))
    assert encontradas.dtype == torch.bool and not bool(encontradas[PAD])
    assert encontradas[1::2].all() and not encontradas[2::2].any()
    assert math.isclose(cobertura, 1000 / 2000)
    np.testing.assert_allclose(tabla[7].numpy(), vectores["p7"].astype(np.float32))
    ausentes = tabla[
        2::2
    ]  # (1000, E): aleatorias con la escala de las encontradas (0.5)
    assert 0.47 < float(ausentes.std()) < 0.53 and abs(float(ausentes.mean())) < 0.01
    otra, _, _ = tabla_incrustaciones(palabras, vectores, semilla=3)
    distinta, _, _ = tabla_incrustaciones(palabras, vectores, semilla=4)
    assert (
        torch.equal(tabla, otra)
        and not torch.equal(tabla[2], distinta[2])
        and torch.equal(tabla[1], distinta[1])
    )
    pequena, _, _ = tabla_incrustaciones(palabras, vectores, semilla=3, escala=0.01)
    assert float(pequena[2::2].std()) < 0.02


def test_tabla_incrustaciones_con_dict_y_sin_relleno():
    vocab = {"b": 2, "a": 0, "c": 1}
    tabla, encontradas, cobertura = tabla_incrustaciones(
        vocab, {"a": [1.0, 2.0], "b": [3.0, 4.0]}, padding_idx=None
    )
    assert tabla[0].tolist() == [1.0, 2.0] and tabla[2].tolist() == [3.0, 4.0]
    assert encontradas.tolist() == [True, False, True] and math.isclose(
        cobertura, 2 / 3
    )
    vacia, encontradas, cobertura = tabla_incrustaciones(["<pad>", "x", "y"], {}, dim=4)
    assert vacia.shape == (3, 4) and cobertura == 0.0 and not encontradas.any()
    assert (
        torch.equal(vacia[0], torch.zeros(4)) and 0 < float(vacia[1:].abs().max()) < 1
    )


@pytest.mark.parametrize(
    "vocab,vectores,kwargs,error,texto",
    [
        (
            ["<pad>", "a", "b"],
            {"a": [1.0, 2.0], "b": [1.0, 2.0, 3.0]},
            {},
            ValueError,
            "dimensión 3 y se esperaba 2",
        ),
        (
            ["<pad>", "a"],
            {"a": [1.0, 2.0]},
            {"dim": 3},
            ValueError,
            "dimensión 2 y se esperaba 3",
        ),
        (["<pad>", "a"], {}, {}, ValueError, "dim es obligatoria"),
        (
            ["<pad>", "a"],
            {"a": [1.0, 2.0]},
            {"padding_idx": 2},
            ValueError,
            "padding_idx debe ser < V=2",
        ),
        (["<pad>", "a", "a"], {}, {"dim": 2}, ValueError, "repetidas"),
        ({"a": 0, "b": 2}, {}, {"dim": 2}, ValueError, "0, 1, …, V-1"),
        ("abc", {}, {"dim": 2}, TypeError, "lista de palabras"),
        (["<pad>", "a"], [("a", [1.0])], {}, TypeError, "dict palabra → vector"),
        (["<pad>", "a"], {"a": [1.0, float("nan")]}, {}, ValueError, "no finitos"),
    ],
)
def test_tabla_incrustaciones_errores(vocab, vectores, kwargs, error, texto):
    with pytest.raises(error, match=texto):
        tabla_incrustaciones(vocab, vectores, **kwargs)


# ------------------------------------------------------------------------------ clasificador
def test_clasificador_congelado_o_afinado_sin_tocar_la_tabla():
    tabla = torch.randn(20, 6, generator=torch.Generator().manual_seed(0))
    tabla[PAD] = 0
    original = tabla.clone()
    congelado = clasificador_con_incrustaciones(tabla, congelar=True, hidden_size=5)
    assert not congelado.embedding.weight.requires_grad
    assert torch.equal(congelado.embedding.weight, tabla)
    afinado = clasificador_con_incrustaciones(tabla, congelar=False, hidden_size=5)
    assert (
        afinado.embedding.weight.requires_grad and afinado.embedding.padding_idx == PAD
    )
    x = torch.tensor([[PAD, 3, 4], [5, 6, PAD]])
    salida = afinado(x)
    assert salida.shape == (2, 2)
    salida.sum().backward()
    grad = afinado.embedding.weight.grad
    assert torch.equal(grad[PAD], torch.zeros(6)) and grad[3].abs().sum() > 0
    torch.optim.SGD(afinado.parameters(), lr=1.0).step()
    assert torch.equal(tabla, original)  # el modelo trabaja sobre una copia
    assert not torch.equal(afinado.embedding.weight[3], tabla[3])
    with pytest.raises(TypeError, match="congelar debe ser bool"):
        clasificador_con_incrustaciones(tabla, congelar=1)
    with pytest.raises(ValueError, match=r"\(V, E\)"):
        clasificador_con_incrustaciones(torch.zeros(5), congelar=True)


def test_fraccion_vista():
    ref = torch.tensor([[1, 2, PAD]])
    x = torch.tensor(
        [[1, 3, 4, 5], [2, 2, PAD, PAD], [PAD, PAD, PAD, PAD], [7, 8, 9, 1]]
    )
    assert fraccion_vista(ref, x).tolist() == [0.25, 1.0, 0.0, 0.25]
    assert fraccion_vista(ref, x, padding_idx=None).tolist() == [
        0.25,
        1.0,
        1.0,
        0.25,
    ]  # el relleno de ref cuenta


def test_afinar_solo_mueve_las_palabras_vistas():
    V = 30
    ent = SentimentDataset(6, max_len=4, vocab_size=V, seed=2)
    tabla = torch.randn(V, 4, generator=torch.Generator().manual_seed(1))
    tabla[PAD] = 0
    vistas = torch.zeros(V, dtype=torch.bool)
    vistas[ent.data.flatten()] = True
    modelo, h = entrenar_con_incrustaciones(
        tabla, ent, congelar=False, epocas=3, hidden_size=4, dispositivo="cpu"
    )
    cambio = (modelo.embedding.weight.detach().cpu() - tabla).abs().sum(1)  # (V,)
    assert len(h.epocas) == 3
    assert bool((cambio[vistas] > 0).all()) and bool((cambio[~vistas] == 0).all())
    congelado, _ = entrenar_con_incrustaciones(
        tabla, ent, congelar=True, epocas=3, hidden_size=4, dispositivo="cpu"
    )
    assert torch.equal(congelado.embedding.weight.detach().cpu(), tabla)


def test_comparar_incrustaciones_mide_las_secuencias_no_vistas():
    V = 60
    ent = SentimentDataset(8, max_len=4, vocab_size=V, seed=3)
    prueba = SentimentDataset(300, max_len=4, vocab_size=V, seed=4)
    oraculo = torch.zeros(
        V, 2
    )  # un eje con la polaridad: lo que un buen preentrenamiento daría
    oraculo[1 : V // 2, 0], oraculo[V // 2 :, 0] = -1.0, 1.0
    oraculo[1:, 1] = 0.1 * torch.randn(
        V - 1, generator=torch.Generator().manual_seed(0)
    )
    azar = torch.randn(V, 2, generator=torch.Generator().manual_seed(1))
    df = comparar_incrustaciones(
        {"oráculo": oraculo, "azar": azar},
        ent,
        prueba,
        semillas=(0, 1),
        epocas=25,
        lr=3e-2,
        tam_lote=8,
        hidden_size=4,
        dispositivo="cpu",
    )
    assert len(df) == 2 * 2 * 2
    assert list(df.columns) == [
        "incrustaciones",
        "modo",
        "semilla",
        "exactitud_prueba",
        "exactitud_no_vistas",
    ]
    assert (
        set(df.modo) == {"congeladas", "afinadas"}
        and df.exactitud_prueba.between(0, 1).all()
    )
    no_vistas = fraccion_vista(ent.data, prueba.data) == 0
    assert bool(no_vistas.any())
    oraculo_congelado = df[(df.incrustaciones == "oráculo") & (df.modo == "congeladas")]
    assert (oraculo_congelado.exactitud_no_vistas > 0.9).all()
    with pytest.raises(TypeError, match="semillas="):
        comparar_incrustaciones({"a": azar}, ent, prueba, semilla=3)
    with pytest.raises(TypeError, match="no vacío"):
        comparar_incrustaciones({}, ent, prueba)


# ---------------------------------------------------------------------------- análisis y figuras
def test_acuerdo_de_vecinos_separa_grupos_y_azar():
    from rnnbook.experimentos import acuerdo_de_vecinos

    g = torch.Generator().manual_seed(0)
    grupos = np.r_[-1, np.repeat([0, 1], 50)]  # (101,) el 0 es el relleno
    centros = torch.where(
        torch.as_tensor(grupos)[:, None] == 1, 5.0, -5.0
    ) * torch.tensor([1.0, 0.0])
    separadas = centros + torch.randn(101, 2, generator=g)
    separadas[0] = 0
    assert acuerdo_de_vecinos(separadas, grupos, k=5) == 1.0
    mezcladas = torch.randn(101, 8, generator=g)
    assert 0.3 < acuerdo_de_vecinos(mezcladas, grupos, k=5) < 0.7
    with pytest.raises(ValueError, match="grupos"):
        acuerdo_de_vecinos(separadas, grupos[:-1])


def test_componentes_principales_recupera_la_direccion_dominante():
    from rnnbook.experimentos import componentes_principales

    g = torch.Generator().manual_seed(1)
    t = torch.randn(200, 5, generator=g) * torch.tensor([10.0, 1.0, 0.1, 0.1, 0.1])
    proyeccion, varianza = componentes_principales(t, sin_fila=None)
    assert proyeccion.shape == (200, 2)
    assert varianza[0] > 95 and varianza[0] > varianza[1]
    centrada = t[:, 0].double().numpy() - t[:, 0].double().numpy().mean()
    assert abs(np.corrcoef(proyeccion[:, 0], centrada)[0, 1]) > 0.999
    assert componentes_principales(t)[0].shape == (199, 2)  # sin el relleno


def test_figuras_de_incrustaciones():
    import matplotlib.pyplot as plt
    import pandas as pd

    from rnnbook.figuras import (
        figura_comparacion_incrustaciones,
        figura_componentes_principales,
    )

    g = torch.Generator().manual_seed(2)
    grupos = np.r_[-1, np.repeat([0, 1], 20)]
    fig, var = figura_componentes_principales(
        {"a": torch.randn(41, 4, generator=g), "b": torch.randn(41, 4, generator=g)},
        grupos,
        titulo="t",
    )
    assert set(var) == {"a", "b"} and len(fig.axes) == 2
    plt.close(fig)
    filas = [
        {
            "incrustaciones": i,
            "modo": m,
            "semilla": s,
            "exactitud_prueba": 0.5 + 0.1 * s,
            "exactitud_no_vistas": 0.5,
        }
        for i in ("aleatorias", "preentrenadas")
        for m in ("congeladas", "afinadas")
        for s in range(2)
    ]
    resultados = pd.DataFrame(filas)
    por_n = (
        pd.concat([resultados.assign(n=n) for n in (32, 128)])
        .groupby(["incrustaciones", "modo", "n"])["exactitud_prueba"]
        .agg(["mean", "std"])
        * 100
    )
    fig = figura_comparacion_incrustaciones(resultados, por_n, n_barras=32)
    assert fig.axes[0].get_title() == "32 secuencias etiquetadas"
    plt.close(fig)
    with pytest.raises(ValueError, match="preentrenadas"):
        figura_comparacion_incrustaciones(
            resultados[resultados.incrustaciones == "aleatorias"], por_n
        )
