"""
Contar parámetros: el libro de texto y PyTorch
==============================================

¿Cuántos parámetros tiene una LSTM? Depende de a quién se pregunte: la
fórmula de los libros de texto (la de la guía) y ``torch.nn.LSTM`` no dan el
mismo número. Aquí reproducimos las cifras de la guía, explicamos de dónde
sale la diferencia y escribimos una fórmula que coincide con ``numel()`` de
PyTorch en cualquier configuración.
"""

# %%
# Las fórmulas de la guía
# -----------------------
#
# Para una RNN con entrada D, estado H y una capa de salida O, la guía cuenta
#
# .. math::
#
#    \underbrace{HD}_{W_{xh}} + \underbrace{H^2}_{W_{hh}} + \underbrace{H}_{b_h}
#    + \underbrace{OH + O}_{\text{salida}},
#
# y para la LSTM, cuatro bloques como ese (uno por puerta), cada uno con su
# matriz sobre :math:`[h_{t-1}, x_t]` y **un** sesgo:
# :math:`4\,((D + H)H + H) + OH + O`. Con los tamaños de la guía
# (D = 50, H = 128, O = 10):
import torch

import rnnbook as rb
from rnnbook.libro import formato_miles

rnn = rb.contar_parametros_rnn(50, 128, 10)
lstm = rb.contar_parametros_lstm(50, 128, 10)
print(f"RNN : {formato_miles(rnn)} parámetros")
print(f"LSTM: {formato_miles(lstm)} parámetros   (factor LSTM/RNN = {lstm / rnn:.2f})")
# sphinx_gallery_start_ignore
rb.libro.registrar_medida("parte2.parametros.rnn_guia", rnn, rb.libro.formato_miles)
rb.libro.registrar_medida("parte2.parametros.lstm_guia", lstm, rb.libro.formato_miles)
rb.libro.registrar_medida("parte2.parametros.factor_lstm_rnn", lstm / rnn, "{:.2f}")
# sphinx_gallery_end_ignore

# %%
# El factor no es exactamente 4 porque la capa de salida es la misma en los
# dos modelos; las partes recurrentes sí guardan la proporción 4 a 1.
#
# Lo que cuenta PyTorch
# ---------------------
#
# ``nn.RNN``, ``nn.LSTM`` y ``nn.GRU`` guardan, por cada bloque, una matriz para
# la entrada (``weight_ih``), otra para el estado (``weight_hh``) y **dos**
# sesgos (``bias_ih`` y ``bias_hh``): la interfaz de cuDNN. Con G bloques
# (1 en la RNN, 4 en la LSTM, 3 en la GRU), cada capa y dirección tiene
#
# .. math::
#
#    G\,(H\, d_\text{in} + H^2 + 2H),
#
# con :math:`d_\text{in} = D` en la primera capa y
# :math:`d_\text{in} = (\text{direcciones})\cdot H` en las siguientes, porque
# la capa de encima recibe el estado de la de abajo (el de las dos
# direcciones, concatenado, si es bidireccional). Eso es
# :func:`~rnnbook.contar_parametros_torch`. La tabla compara las dos
# convenciones con el ``numel()`` real:
tabla = rb.experimentos.tabla_conteo_parametros(50, 128, 10)
# sphinx_gallery_start_ignore
rb.libro.registrar_medida(
    "parte2.parametros.lstm_torch",
    int(tabla.loc["LSTM", "numel() de PyTorch"]),
    formato_miles,
)
# sphinx_gallery_end_ignore
tabla

# %%
# La diferencia es exactamente :math:`G \cdot H`: un segundo vector de sesgos
# por bloque. Para la celda pequeña de la sección 2.3 (D = 5, H = 8), la guía
# cuenta 448 y ``nn.LSTM(5, 8)`` tiene 480:
rb.experimentos.tabla_conteo_parametros(5, 8)

# %%
# En la RNN y la LSTM el segundo sesgo es redundante (se suma al primero); en
# la GRU no, porque :math:`b_{hn}` queda dentro de la puerta de reinicio
# (:doc:`plot_05_celda_gru`). Para comparar modelos con la guía hay que decir
# qué convención se usa.
#
# Cualquier configuración
# -----------------------
#
# La fórmula de :func:`~rnnbook.contar_parametros_torch` acierta con varias
# capas, bidireccional y sin sesgos. Lo comprobamos contra PyTorch en una
# rejilla de configuraciones:
import itertools

import pandas as pd

filas = []
for tipo, capas, bidir, sesgo in itertools.product(
    ("RNN", "LSTM", "GRU"), (1, 2, 3), (False, True), (True, False)
):
    capa = getattr(torch.nn, tipo)(
        32, 64, num_layers=capas, bidirectional=bidir, bias=sesgo
    )
    real = sum(p.numel() for p in capa.parameters())
    formula = rb.contar_parametros_torch(
        tipo, 32, 64, num_layers=capas, bidirectional=bidir, bias=sesgo
    )
    filas.append(
        {
            "tipo": tipo,
            "capas": capas,
            "bidireccional": bidir,
            "sesgos": sesgo,
            "fórmula": formula,
            "numel()": real,
        }
    )
rejilla = pd.DataFrame(filas)
coinciden = int((rejilla["fórmula"] == rejilla["numel()"]).sum())
print(f"Coinciden {coinciden} de {len(rejilla)} configuraciones.")
rejilla[rejilla["sesgos"]].head(12)

# %%
# Para recordar
# -------------
#
# * La guía cuenta un sesgo por bloque: las dos cifras impresas al principio
#   para (50, 128, 10), y 448 para ``LSTM(5, 8)``.
# * PyTorch guarda dos sesgos por bloque: :math:`G\,(H d_\text{in} + H^2 + 2H)`
#   por capa y dirección; ``nn.LSTM(5, 8)`` tiene 480.
# * En capas apiladas la entrada de cada capa es el estado de la anterior
#   (:math:`2H` si es bidireccional).
#
# Ejercicio
# ---------
#
# ¿Cuántos parámetros tiene ``nn.LSTM(64, 128, num_layers=4)``? Calcúlalo a
# mano con la fórmula, compruébalo con :func:`~rnnbook.contar_parametros_torch`
# y con ``numel()``. ¿Qué fracción corresponde a la primera capa?
