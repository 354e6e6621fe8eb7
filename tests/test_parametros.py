"""Conteo de parámetros: fórmulas de la guía y ``numel()`` real de PyTorch."""

from __future__ import annotations

import itertools

import pytest
from torch import nn

from rnnbook import (
    contar_parametros_lstm,
    contar_parametros_rnn,
    contar_parametros_torch,
)
from rnnbook.experimentos import tabla_conteo_parametros
from rnnbook.modelos import PUERTAS_POR_TIPO


def test_cifras_de_la_guia():
    assert contar_parametros_rnn(50, 128, 10) == 24_202
    assert contar_parametros_lstm(50, 128, 10) == 92_938
    assert (
        contar_parametros_lstm(5, 8, 0) == 448
    )  # la celda de §2.3, sin capa de salida


def test_la_guia_cuenta_un_sesgo_y_pytorch_dos():
    assert (
        contar_parametros_torch("LSTM", 5, 8)
        == sum(p.numel() for p in nn.LSTM(5, 8).parameters())
        == 480
    )
    assert 480 - 448 == 4 * 8
    assert (
        contar_parametros_torch("RNN", 50, 128)
        == contar_parametros_rnn(50, 128, 0) + 128
    )
    assert (
        contar_parametros_torch("lstm", 50, 128)
        == contar_parametros_lstm(50, 128, 0) + 4 * 128
    )


CONFIGURACIONES = list(
    itertools.product(
        ["RNN", "lstm", "Gru"], [1, 7], [1, 5], [1, 2, 3], [False, True], [True, False]
    )
)


@pytest.mark.parametrize("tipo,D,H,capas,bidir,sesgo", CONFIGURACIONES)
def test_igual_que_numel_de_pytorch(tipo, D, H, capas, bidir, sesgo):
    capa = getattr(nn, tipo.upper())(
        D, H, num_layers=capas, bidirectional=bidir, bias=sesgo
    )
    real = sum(p.numel() for p in capa.parameters())
    assert (
        contar_parametros_torch(
            tipo, D, H, num_layers=capas, bidirectional=bidir, bias=sesgo
        )
        == real
    )


def test_tabla_compara_convenciones():
    t = tabla_conteo_parametros(5, 8)
    assert list(t.index) == ["RNN", "LSTM", "GRU"]
    for tipo, fila in t.iterrows():
        assert fila["diferencia"] == PUERTAS_POR_TIPO[tipo] * 8
        assert fila["numel() de PyTorch"] == fila["contar_parametros_torch"]
    assert t.loc["LSTM", "libro de texto (1 sesgo)"] == 448
    con_salida = tabla_conteo_parametros(50, 128, 10)
    assert con_salida.loc["RNN", "libro de texto (1 sesgo)"] == 24_202
    assert con_salida.loc["LSTM", "libro de texto (1 sesgo)"] == 92_938
    assert con_salida.loc["LSTM", "numel() de PyTorch"] == 92_938 + 4 * 128


def test_errores():
    with pytest.raises(ValueError, match="tipo"):
        contar_parametros_torch("transformer", 3, 4)
    with pytest.raises(ValueError, match="tipo"):
        contar_parametros_torch(None, 3, 4)
    with pytest.raises(ValueError, match="hidden_size"):
        contar_parametros_torch("GRU", 3, 0)
    with pytest.raises(TypeError, match="num_layers"):
        contar_parametros_torch("GRU", 3, 4, num_layers=1.5)
    with pytest.raises(TypeError, match="bidirectional"):
        contar_parametros_torch("GRU", 3, 4, bidirectional="sí")
    with pytest.raises(TypeError, match="bias"):
        contar_parametros_torch("GRU", 3, 4, bias=1)
    with pytest.raises(ValueError, match="output_size"):
        contar_parametros_rnn(3, 4, -1)
    with pytest.raises(ValueError, match="input_size"):
        contar_parametros_lstm(0, 4, 2)
    with pytest.raises(TypeError):
        contar_parametros_lstm(3, True, 2)
    with pytest.raises(ValueError):
        tabla_conteo_parametros(3, 0)
