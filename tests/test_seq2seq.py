"""Parte 4: codificador–decodificador, teacher forcing, decodificación voraz y atención con máscara."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pytest
import torch
from torch.nn import functional as F

import rnnbook
from rnnbook import Decoder, Encoder, Seq2Seq
from rnnbook.datos import (
    FIN_DIGITOS,
    PAD_DIGITOS,
    TAM_VOCAB_DIGITOS,
    crear_tarea_digitos,
    mascara_padding,
)
from rnnbook.experimentos import (
    decodificar_voraz,
    exactitud_secuencias,
    exactitud_tokens,
    perdida_secuencias,
)
from rnnbook.modelos import AtencionAditiva, DecoderAtencion, crear_seq2seq_digitos


def _sembrado(f, *a, **kw):
    rnnbook.fijar_semilla(0)
    return f(*a, **kw)


# ---------------------------------------------------------------- API de la guía
def test_api_y_parametros_de_la_guia():
    enc, dec = _sembrado(Encoder, 10, 64), Decoder(5, 64)
    assert sum(p.numel() for p in enc.parameters()) == 19_456
    assert sum(p.numel() for p in dec.parameters()) == 18_501
    modelo = Seq2Seq(enc, dec, 5)
    assert modelo(torch.randn(4, 15, 10), 8).shape == (4, 8, 5)
    h, c = enc(torch.randn(4, 15, 10))
    assert h.shape == c.shape == (1, 4, 64)


# ------------------------------------------------------------------------ datos
@pytest.mark.parametrize("tarea", ["invertir", "ordenar"])
def test_tarea_digitos(tarea):
    t = crear_tarea_digitos(n=200, long_min=2, long_max=7, tarea=tarea, semilla=3)
    assert t.fuente.shape == (200, 7) and t.objetivo.shape == (200, 8)
    assert int(t.longitudes.min()) >= 2 and int(t.longitudes.max()) <= 7
    for i in range(200):
        L = int(t.longitudes[i])
        cadena = t.fuente[i, :L]
        assert bool((cadena >= 2).all()) and bool(
            (t.fuente[i, L:] == PAD_DIGITOS).all()
        )
        esperado = cadena.flip(0) if tarea == "invertir" else cadena.sort().values
        assert torch.equal(t.objetivo[i, :L], esperado)
        assert int(t.objetivo[i, L]) == FIN_DIGITOS and bool(
            (t.objetivo[i, L + 1 :] == PAD_DIGITOS).all()
        )
    src, lon = t.entradas()
    assert src.shape == (200, 7, TAM_VOCAB_DIGITOS) and torch.equal(lon, t.longitudes)
    assert torch.equal(src.argmax(-1), t.fuente)
    otra = crear_tarea_digitos(n=200, long_min=2, long_max=7, tarea=tarea, semilla=3)
    assert torch.equal(otra.fuente, t.fuente)


def test_texto_y_mascara():
    assert (
        rnnbook.experimentos.texto_digitos(torch.tensor([11, 2, FIN_DIGITOS, 5]))
        == "90"
    )
    assert mascara_padding(torch.tensor([1, 3]), 3).tolist() == [
        [True, False, False],
        [True, True, True],
    ]


# ------------------------------------------------------ codificador con relleno
def test_encoder_con_longitudes_ignora_el_relleno():
    enc = _sembrado(Encoder, 6, 5).double()
    x = torch.randn(3, 7, 6, dtype=torch.float64)
    lon = torch.tensor([7, 2, 4])
    basura = x.clone()
    basura[1, 2:] = 50.0
    basura[2, 4:] = -9.0
    salidas, h, c = enc.codificar(basura, lon)
    for i, L in enumerate(lon.tolist()):
        solo, (h_i, c_i) = enc.lstm(x[i : i + 1, :L])  # la secuencia real, sin relleno
        torch.testing.assert_close(h[:, i], h_i[:, 0])
        torch.testing.assert_close(c[:, i], c_i[:, 0])
        torch.testing.assert_close(salidas[i, :L], solo[0])
        assert bool((salidas[i, L:] == 0).all())


# ---------------------------------------------------------------- teacher forcing
def _bucle_manual(modelo, src, objetivo, teacher_forcing):
    """La decodificación escrita a mano con ``forward_step`` (la referencia)."""
    h, c = modelo.encoder(src)
    x_t = torch.zeros(src.shape[0], 1, modelo.output_size, dtype=src.dtype)
    salidas = []
    for t in range(objetivo.shape[1]):
        pred, h, c = modelo.decoder.forward_step(x_t, h, c)
        salidas.append(pred)
        sig = objetivo[:, t] if teacher_forcing else pred.argmax(-1)
        x_t = F.one_hot(sig, modelo.output_size).to(src.dtype)[:, None, :]
    return torch.stack(salidas, 1)


def test_teacher_forcing_vectorizado_igual_al_bucle():
    modelo = _sembrado(crear_seq2seq_digitos, 8).double()
    src = torch.randn(4, 6, TAM_VOCAB_DIGITOS, dtype=torch.float64)
    objetivo = torch.randint(0, TAM_VOCAB_DIGITOS, (4, 5))
    torch.testing.assert_close(
        modelo(src, 5, objetivo, teacher_forcing=True),
        _bucle_manual(modelo, src, objetivo, True),
    )
    torch.testing.assert_close(
        modelo(src, 5), _bucle_manual(modelo, src, objetivo, False)
    )


@pytest.mark.parametrize("atencion", [False, True])
def test_teacher_forcing_on_off(atencion):
    modelo = _sembrado(crear_seq2seq_digitos, 8, atencion=atencion).eval()
    src = torch.randn(3, 5, TAM_VOCAB_DIGITOS)
    objetivo = torch.randint(2, TAM_VOCAB_DIGITOS, (3, 6))
    otro = objetivo.clone()
    otro[:, 2] = (objetivo[:, 2] - 2 + 1) % 10 + 2  # otro dígito en el paso 2
    with torch.no_grad():
        con_a = modelo(src, 6, objetivo, teacher_forcing=True)
        con_b = modelo(src, 6, otro, teacher_forcing=True)
        # Con teacher forcing, el paso t depende de objetivo[:, t-1]: idénticos hasta el 2, distintos en el 3.
        torch.testing.assert_close(con_a[:, :3], con_b[:, :3], rtol=0, atol=0)
        assert (con_a[:, 3] - con_b[:, 3]).abs().max() > 1e-6
        # Sin teacher forcing, el objetivo no se mira.
        sin_a = modelo(src, 6, objetivo, teacher_forcing=False)
        sin_b = modelo(src, 6, otro, teacher_forcing=False)
        torch.testing.assert_close(sin_a, sin_b, rtol=0, atol=0)
        torch.testing.assert_close(sin_a, modelo(src, 6), rtol=0, atol=0)


def test_paso_teacher_forcing_segun_el_modo():
    modelo = _sembrado(crear_seq2seq_digitos, 8)
    t = crear_tarea_digitos(n=6, long_max=4)
    entradas = t.entradas()
    with torch.no_grad():
        modelo.train()
        en_train = rnnbook.experimentos.paso_teacher_forcing(
            modelo, entradas, t.objetivo
        )
        modelo.eval()
        en_eval = rnnbook.experimentos.paso_teacher_forcing(
            modelo, entradas, t.objetivo
        )
        torch.testing.assert_close(
            en_eval, modelo(entradas[0], 5, longitudes=entradas[1])
        )
        torch.testing.assert_close(
            en_train,
            modelo(
                entradas[0], 5, t.objetivo, longitudes=entradas[1], teacher_forcing=True
            ),
        )


# ------------------------------------------------------------------- atención
def test_atencion_contra_calculo_explicito():
    att = _sembrado(AtencionAditiva, 4, 6, 5).double()
    s = torch.randn(3, 4, dtype=torch.float64)
    memoria = torch.randn(3, 7, 6, dtype=torch.float64)
    mascara = mascara_padding(torch.tensor([7, 3, 1]), 7)
    contexto, pesos = att(s, memoria, mascara)
    W_s, W_h, b, v = att.W_s.weight, att.W_h.weight, att.W_h.bias, att.v.weight[0]
    for n in range(3):
        validos = [j for j in range(7) if mascara[n, j]]
        e = torch.stack(
            [v @ torch.tanh(W_s @ s[n] + W_h @ memoria[n, j] + b) for j in validos]
        )
        alfa = torch.exp(e - e.max()) / torch.exp(e - e.max()).sum()
        esperado = torch.zeros(7, dtype=torch.float64)
        esperado[validos] = alfa
        torch.testing.assert_close(pesos[n], esperado)
        torch.testing.assert_close(
            contexto[n], (alfa[:, None] * memoria[n, validos]).sum(0)
        )


def test_mascara_peso_cero_exacto_y_sin_gradiente_al_relleno():
    att = _sembrado(AtencionAditiva, 4, 4, 4)
    s = torch.randn(2, 4)
    memoria = torch.randn(2, 5, 4, requires_grad=True)
    mascara = mascara_padding(torch.tensor([2, 5]), 5)
    contexto, pesos = att(s, memoria, mascara)
    assert bool((pesos[0, 2:] == 0).all())  # exactamente cero, no «casi»
    torch.testing.assert_close(pesos.sum(1), torch.ones(2))
    contexto.sum().backward()
    assert (
        bool((memoria.grad[0, 2:] == 0).all()) and memoria.grad[0, :2].abs().sum() > 0
    )
    otra = memoria.detach().clone()
    otra[0, 2:] = 1e3 * torch.randn(3, 4)
    with torch.no_grad():
        c2, _ = att(s, otra, mascara)
    torch.testing.assert_close(c2, contexto.detach(), rtol=0, atol=0)


def test_seq2seq_con_atencion_pesos_y_relleno(dispositivo):
    modelo = _sembrado(crear_seq2seq_digitos, 8, atencion=True).to(dispositivo).eval()
    t = crear_tarea_digitos(n=5, long_min=1, long_max=6, semilla=2)
    src, lon = (x.to(dispositivo) for x in t.entradas())
    with torch.no_grad():
        salida, pesos = modelo(src, 7, longitudes=lon, devolver_pesos=True)
    assert salida.shape == (5, 7, TAM_VOCAB_DIGITOS) and pesos.shape == (5, 7, 6)
    for i, L in enumerate(lon.tolist()):
        assert bool((pesos[i, :, L:] == 0).all())
        torch.testing.assert_close(pesos[i].sum(-1), torch.ones(7, device=dispositivo))


def test_atencion_con_varias_capas_y_otra_dimension():
    enc, dec = (
        _sembrado(Encoder, 12, 10, num_layers=2),
        DecoderAtencion(12, 10, dim_atencion=7, num_layers=2),
    )
    assert dec.atencion.dim_atencion == 7 and dec.lstm.input_size == 12 + 10
    modelo = Seq2Seq(enc, dec, 12).eval()
    src = torch.randn(3, 5, 12)
    lon = torch.tensor([5, 3, 1])
    with torch.no_grad():
        salida, pesos = modelo(src, 4, longitudes=lon, devolver_pesos=True)
    assert salida.shape == (3, 4, 12) and pesos.shape == (3, 4, 5)
    assert bool(
        (pesos[2, :, 1:] == 0).all()
    )  # longitud 1: todo el peso en la única posición real
    torch.testing.assert_close(pesos[2, :, 0], torch.ones(4))


def test_salida_no_depende_del_relleno():
    modelo = _sembrado(crear_seq2seq_digitos, 8, atencion=True).eval()
    t = crear_tarea_digitos(n=6, long_min=1, long_max=6, semilla=5)
    src, lon = t.entradas()
    ruidoso = src.clone()
    ruidoso[~mascara_padding(lon, 6)] = 3.0  # basura en todo el relleno
    with torch.no_grad():
        torch.testing.assert_close(
            modelo(src, 7, longitudes=lon), modelo(ruidoso, 7, longitudes=lon)
        )


# ------------------------------------------------------------ decodificación voraz
def _modelo_que_emite(token: int) -> Seq2Seq:
    modelo = _sembrado(crear_seq2seq_digitos, 4)
    with torch.no_grad():
        modelo.decoder.fc.weight.zero_()
        modelo.decoder.fc.bias.zero_()
        modelo.decoder.fc.bias[token] = 5.0
    return modelo


def test_decodificacion_voraz_longitudes():
    src, lon = crear_tarea_digitos(n=4, long_max=5).entradas()
    assert (
        decodificar_voraz(_modelo_que_emite(FIN_DIGITOS), src, lon, max_len=6)
        == [[]] * 4
    )
    siempre_siete = decodificar_voraz(_modelo_que_emite(9), src, lon, max_len=6)
    assert (
        siempre_siete == [[9] * 6] * 4
    )  # nunca emite FIN_DIGITOS: se corta en max_len


def test_tabla_ejemplos_y_texto():
    t = crear_tarea_digitos(n=3, long_max=4, semilla=1)
    tabla = rnnbook.experimentos.tabla_ejemplos(
        _modelo_que_emite(FIN_DIGITOS), t, [0, 1, 2], dispositivo="cpu"
    )
    assert list(tabla.columns) == ["entrada", "objetivo", "salida", "acierto"]
    assert tabla["salida"].tolist() == ["", "", ""] and not tabla["acierto"].any()
    assert tabla["objetivo"].tolist() == [s[::-1] for s in tabla["entrada"]]


# ------------------------------------------------------------- pérdida y métricas
def test_perdida_ignora_pad():
    salida = torch.randn(2, 4, 6)
    objetivo = torch.tensor(
        [[3, 4, FIN_DIGITOS, PAD_DIGITOS], [5, FIN_DIGITOS, PAD_DIGITOS, PAD_DIGITOS]]
    )
    otra = salida.clone()
    otra[0, 3] = 100 * torch.randn(6)
    otra[1, 2:] = 100 * torch.randn(2, 6)
    assert float(perdida_secuencias(salida, objetivo)) == pytest.approx(
        float(perdida_secuencias(otra, objetivo))
    )
    uniforme = perdida_secuencias(torch.zeros(2, 4, 6), objetivo)
    assert float(uniforme) == pytest.approx(math.log(6))


def test_exactitudes():
    objetivo = torch.tensor(
        [[3, 4, FIN_DIGITOS, PAD_DIGITOS], [5, FIN_DIGITOS, PAD_DIGITOS, PAD_DIGITOS]]
    )
    bien = F.one_hot(objetivo, 6).float()
    mal = bien.clone()
    mal[1, 0] = F.one_hot(torch.tensor(7 % 6), 6).float()
    mal[0, 3] = F.one_hot(
        torch.tensor(2), 6
    ).float()  # error en un PAD_DIGITOS: no cuenta
    assert exactitud_secuencias(bien, objetivo) == 1.0
    assert exactitud_secuencias(mal, objetivo) == 0.5
    assert exactitud_tokens(mal, objetivo) == pytest.approx(4 / 5)


# ------------------------------------------------------------------- errores
def test_errores_en_espanol():
    enc = Encoder(12, 8)
    with pytest.raises(ValueError, match="hidden_size y num_layers"):
        Seq2Seq(enc, Decoder(12, 16), 12)
    with pytest.raises(ValueError, match="output_size"):
        Seq2Seq(enc, Decoder(12, 8), 5)
    with pytest.raises(TypeError, match="decoder"):
        Seq2Seq(enc, torch.nn.Linear(2, 2), 12)
    modelo = Seq2Seq(enc, Decoder(12, 8), 12)
    src = torch.randn(2, 4, 12)
    with pytest.raises(ValueError, match="teacher_forcing=True necesita objetivo"):
        modelo(src, 3, teacher_forcing=True)
    with pytest.raises(ValueError, match="objetivo debe ser"):
        modelo(src, 3, torch.zeros(2, 4, dtype=torch.long), teacher_forcing=True)
    with pytest.raises(ValueError, match="índices"):
        modelo(src, 3, torch.full((2, 3), 12), teacher_forcing=True)
    with pytest.raises(TypeError, match="teacher_forcing"):
        modelo(src, 3, teacher_forcing=1)
    with pytest.raises(ValueError, match="devolver_pesos"):
        modelo(src, 3, devolver_pesos=True)
    with pytest.raises(ValueError, match="longitudes"):
        modelo(src, 3, longitudes=torch.tensor([0, 2]))
    with pytest.raises(ValueError, match="longitudes"):
        modelo(src, 3, longitudes=torch.tensor([5, 2]))
    with pytest.raises(TypeError, match="longitudes"):
        modelo(src, 3, longitudes=torch.tensor([2.0, 2.0]))
    with pytest.raises(ValueError, match="forma"):
        modelo(torch.randn(2, 4, 5), 3)
    with pytest.raises(TypeError, match="tgt_len"):
        modelo(src, 2.5)
    att = AtencionAditiva(4, 4, 4)
    with pytest.raises(ValueError, match="al menos una"):
        att(
            torch.randn(1, 4), torch.randn(1, 3, 4), torch.zeros(1, 3, dtype=torch.bool)
        )
    with pytest.raises(ValueError, match="mascara"):
        att(torch.randn(1, 4), torch.randn(1, 3, 4), torch.ones(1, 3))
    with pytest.raises(ValueError, match="memoria"):
        att(torch.randn(2, 4), torch.randn(1, 3, 4))
    with pytest.raises(ValueError, match="tarea"):
        crear_tarea_digitos(tarea="sumar")
    with pytest.raises(ValueError, match="long_min"):
        crear_tarea_digitos(long_min=5, long_max=3)


# ------------------------------------------------------------- entrenamiento
def test_entrenar_y_medir_por_longitud():
    t = crear_tarea_digitos(n=300, long_min=1, long_max=4, semilla=0)
    ent, val = t.subconjunto(slice(0, 200)), t.subconjunto(slice(200, 300))
    for atencion in (False, True):
        modelo = _sembrado(crear_seq2seq_digitos, 8, atencion=atencion)
        h = rnnbook.experimentos.entrenar_seq2seq(
            modelo, ent, val, epocas=2, dispositivo="cpu"
        )
        assert {"exactitud_secuencia_validacion", "exactitud_token_validacion"} <= set(
            h.epocas[0]
        )
        serie = rnnbook.experimentos.exactitud_por_longitud(
            modelo, val, dispositivo="cpu"
        )
        assert list(serie.index) == [1, 2, 3, 4] and ((serie >= 0) & (serie <= 1)).all()
        voraz = rnnbook.experimentos.evaluar_seq2seq(modelo, val, dispositivo="cpu")
        forzado = rnnbook.experimentos.evaluar_seq2seq(
            modelo, val, teacher_forcing=True, dispositivo="cpu"
        )
        # Acertar la secuencia entera es lo mismo con y sin teacher forcing (mismas entradas si todo acierta).
        assert voraz["exactitud_secuencia"] == forzado["exactitud_secuencia"]
    fig = rnnbook.figuras.figura_exactitud_por_longitud({"a": serie})
    plt.close(fig)


def test_atencion_aprende_a_invertir():
    # La afirmación de la página, a escala de prueba: con el mismo presupuesto, la atención invierte
    # cadenas cortas casi siempre y bastante mejor que el modelo sin atención.
    t = crear_tarea_digitos(n=1600, long_min=1, long_max=5, semilla=0)
    ent, val = t.subconjunto(slice(0, 1400)), t.subconjunto(slice(1400, 1600))
    exactitud = {}
    for atencion in (False, True):
        modelo = _sembrado(crear_seq2seq_digitos, 24, atencion=atencion)
        rnnbook.experimentos.entrenar_seq2seq(
            modelo, ent, val, epocas=4, dispositivo="cpu"
        )
        exactitud[atencion] = rnnbook.experimentos.evaluar_seq2seq(
            modelo, val, dispositivo="cpu"
        )["exactitud_secuencia"]
    assert exactitud[True] > 0.9 and exactitud[True] > exactitud[False] + 0.2
    src, lon = val.subconjunto(slice(0, 3)).entradas()
    emitidos = decodificar_voraz(modelo, src, lon, max_len=6)
    with torch.no_grad():
        _, pesos = modelo.eval()(src, 6, longitudes=lon, devolver_pesos=True)
    fig = rnnbook.figuras.figura_mapas_atencion(pesos, val.fuente[:3], emitidos, lon)
    assert len(fig.axes) == 4  # tres mapas y la barra de color
    plt.close(fig)
