"""Ejercicios I3 (resumen con seq2seq) y A3 (atención sobre los estados de la LSTM)."""

import pytest
import torch

from rnnbook.datos import (
    IMPORTANCIA_RESUMEN,
    PAD,
    TAM_VOCAB_RESUMEN,
    SentimientoNegacionDataset,
    crear_tarea_resumen,
    resumen_de,
)
from rnnbook.experimentos import (
    atencion_por_tipo,
    crear_seq2seq_resumen,
    elegir_ejemplos,
    paso_teacher_forcing,
    pesos_atencion,
    resumen_primeras_contenido,
    tipos_palabra_negacion,
)
from rnnbook.modelos import AtencionSobreEstados, SentimentLSTMAtencion


# ------------------------------------------------------------------------------- I3
def test_objetivo_son_las_k_mas_importantes_en_orden():
    t = crear_tarea_resumen(300, semilla=5)
    imp = IMPORTANCIA_RESUMEN
    for frase, objetivo, m in zip(t.fuente, t.objetivo, t.n_contenido):
        contenido = frase[imp[frase] > 0]
        assert len(contenido) == int(m) and len(set(contenido.tolist())) == int(m)
        # ninguna palabra fuera del resumen es más importante que una de dentro
        fuera = [w for w in contenido.tolist() if w not in objetivo.tolist()]
        assert all(imp[w] < imp[objetivo].min() for w in fuera)
        # el resumen respeta el orden de aparición
        posiciones = [frase.tolist().index(w) for w in objetivo.tolist()]
        assert posiciones == sorted(posiciones)


def test_resumen_de_con_empates_toma_la_primera_posicion():
    # funcionales (importancia 0): a igualdad, las primeras
    assert resumen_de([3, 1, 2, 29], 3) == [3, 1, 29]


def test_tarea_resumen_determinista_y_distinta_con_otra_semilla():
    a, b = crear_tarea_resumen(50, semilla=7), crear_tarea_resumen(50, semilla=7)
    assert torch.equal(a.fuente, b.fuente) and torch.equal(a.objetivo, b.objetivo)
    assert not torch.equal(a.fuente, crear_tarea_resumen(50, semilla=8).fuente)


@pytest.mark.parametrize(
    "kw",
    [
        dict(n=0),
        dict(k=6, contenido_min=5),
        dict(contenido_min=9, contenido_max=6),
        dict(contenido_max=21),
        dict(semilla=-1),
    ],
)
def test_tarea_resumen_rechaza_argumentos_malos(kw):
    with pytest.raises((ValueError, TypeError)):
        crear_tarea_resumen(**{"n": 10, **kw})


def test_resumen_de_rechaza_indices_fuera_del_vocabulario():
    with pytest.raises(ValueError, match="índices"):
        resumen_de([0, 1, TAM_VOCAB_RESUMEN, 2, 3], 2)
    with pytest.raises(ValueError, match="k debe"):
        resumen_de([10, 11], 3)


def test_referencia_acierta_exactamente_con_cinco_de_contenido():
    t = crear_tarea_resumen(200, contenido_min=5, contenido_max=9, semilla=0)
    acierto = (resumen_primeras_contenido(t) == t.objetivo).all(1)
    cinco = t.n_contenido == 5
    assert bool(acierto[cinco].all())
    assert not bool(acierto[~cinco].all())


@pytest.mark.parametrize("atencion", [False, True])
def test_seq2seq_resumen_formas_y_teacher_forcing_solo_al_entrenar(atencion):
    t = crear_tarea_resumen(6, semilla=0)
    modelo = crear_seq2seq_resumen(8, atencion=atencion, semilla=0)
    x = (t.entradas(),)
    assert t.entradas().shape == (6, 20, TAM_VOCAB_RESUMEN)
    modelo.eval()
    voraz = paso_teacher_forcing(modelo, x, t.objetivo)
    otro = paso_teacher_forcing(modelo, x, torch.zeros_like(t.objetivo))
    assert voraz.shape == (6, 5, TAM_VOCAB_RESUMEN)
    assert torch.equal(voraz, otro)  # en eval() el objetivo no entra
    modelo.train()
    forzado = paso_teacher_forcing(modelo, x, t.objetivo)
    forzado_otro = paso_teacher_forcing(modelo, x, torch.zeros_like(t.objetivo))
    assert not torch.allclose(forzado, forzado_otro)


# ------------------------------------------------------------------------------- A3
def test_atencion_pesos_cero_en_relleno_y_suman_uno():
    torch.manual_seed(0)
    att = AtencionSobreEstados(6)
    estados = torch.randn(3, 5, 6)
    mascara = torch.tensor(
        [[1, 1, 1, 1, 1], [1, 1, 0, 0, 0], [1, 0, 0, 0, 0]], dtype=torch.bool
    )
    c, alfa = att(estados, mascara)
    assert c.shape == (3, 6) and alfa.shape == (3, 5)
    assert torch.all(alfa[~mascara] == 0)
    torch.testing.assert_close(alfa.sum(1), torch.ones(3))
    # el contexto no depende de lo que haya en el relleno
    otros = estados.clone()
    otros[~mascara] = 1e3
    torch.testing.assert_close(att(otros, mascara)[0], c)


def test_clasificador_con_atencion_ignora_el_relleno():
    torch.manual_seed(0)
    m = SentimentLSTMAtencion(50, 8, 16, 2).eval()
    x = torch.tensor([[5, 6, 7, PAD, PAD], [9, 8, 7, 6, 5]])
    logits, alfa = m(x, devolver_pesos=True)
    assert logits.shape == (2, 2) and alfa.shape == (2, 5)
    assert torch.all(alfa[0, 3:] == 0)
    torch.testing.assert_close(alfa.sum(1), torch.ones(2))
    # la frase corta da lo mismo sola que rellenada
    torch.testing.assert_close(m(x[:1, :3]), logits[:1])


def test_clasificador_con_atencion_determinista_con_semilla():
    x = torch.randint(1, 50, (4, 7))
    salidas = []
    for _ in range(2):
        torch.manual_seed(3)
        salidas.append(SentimentLSTMAtencion(50, 8, 16, 2).eval()(x))
    assert torch.equal(*salidas)


def test_atencion_entradas_malas():
    att = AtencionSobreEstados(4)
    with pytest.raises(ValueError, match=r"\(N, T, 4\)"):
        att(torch.zeros(2, 3, 5))
    with pytest.raises(ValueError, match="bool"):
        att(torch.zeros(2, 3, 4), torch.ones(2, 3))
    with pytest.raises(ValueError, match="al menos una"):
        att(torch.zeros(2, 3, 4), torch.tensor([[1, 1, 1], [0, 0, 0]]).bool())
    with pytest.raises(TypeError):
        att([[0.0]])
    with pytest.raises(ValueError, match="padding_idx"):
        SentimentLSTMAtencion(10, 4, 4, 2, padding_idx=10)
    with pytest.raises((TypeError, ValueError)):
        SentimentLSTMAtencion(10, 4, 4, 2)(torch.zeros(2, 3))


def test_tipos_y_atencion_por_tipo():
    ds = SentimientoNegacionDataset(40, max_len=10, seed=0, distancia=3)
    tipos = tipos_palabra_negacion(ds)
    assert (tipos == 1).sum(1).eq(1).all() and (tipos == 2).sum(1).eq(1).all()
    uniforme = torch.full(ds.data.shape, 1 / 10)
    tabla = atencion_por_tipo(ds, uniforme)
    assert tabla.shape == (2, 4)
    assert (tabla.to_numpy() - 0.1).__abs__().max() < 1e-6
    with pytest.raises(ValueError, match="forma"):
        atencion_por_tipo(ds, uniforme[:, :5])
    with pytest.raises(TypeError):
        tipos_palabra_negacion("no es un dataset")


def test_pesos_atencion_y_elegir_ejemplos():
    torch.manual_seed(0)
    m = SentimentLSTMAtencion(1000, 8, 8, 2)
    ds = SentimientoNegacionDataset(20, seed=0)
    alfa, prob = pesos_atencion(m, ds.data, dispositivo="cpu")
    assert m.training  # restaura el modo
    torch.testing.assert_close(alfa.sum(1), torch.ones(20))
    torch.testing.assert_close(prob.sum(1), torch.ones(20))
    # sin errores: se completan con las bien clasificadas menos seguras
    y = prob.argmax(1)
    elegidos = elegir_ejemplos(prob, y, 2, 3)
    assert [t for _, t in elegidos] == ["bien", "bien", "dudosa", "dudosa", "dudosa"]
    assert len({i for i, _ in elegidos}) == 5
