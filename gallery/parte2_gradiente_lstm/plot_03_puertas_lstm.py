"""
Las puertas de una LSTM en un paso
==================================

Antes de escribir la celda completa, seguimos **un** paso de una LSTM con
números concretos: qué decide cada puerta, qué se olvida, qué se escribe y qué
se publica. Usamos el mismo ejemplo que la guía (estado de tamaño 4, pesos
aleatorios con la semilla 7), calculado con :class:`rnnbook.CeldaLSTM`.
"""

# %%
# El estado de celda, una cinta con dos manos
# -------------------------------------------
#
# La LSTM :cite:p:`hochreiter1997lstm` añade a la RNN un segundo estado,
# la **celda** :math:`C_t`. La celda no pasa por ninguna matriz de un paso al
# siguiente: solo se multiplica elemento a elemento por la puerta de olvido y
# se le suma lo que la puerta de entrada deja escribir,
#
# .. math::
#
#    C_t = f_t \odot C_{t-1} + i_t \odot \tilde C_t .
#
# Las tres puertas leen lo mismo, el estado anterior y la entrada
# concatenados, :math:`[h_{t-1}, x_t]`, y cada una tiene su matriz y su sesgo:
#
# .. math::
#
#    f_t = \sigma(W_f [h_{t-1}, x_t] + b_f), \quad
#    i_t = \sigma(W_i [h_{t-1}, x_t] + b_i), \quad
#    o_t = \sigma(W_o [h_{t-1}, x_t] + b_o),
#
# y el candidato usa :math:`\tanh`:
# :math:`\tilde C_t = \tanh(W_C [h_{t-1}, x_t] + b_C)`. La sigmoide da valores
# entre 0 y 1: cada puerta es una **válvula** por dimensión, 0 cerrada y
# 1 abierta, y como es derivable el modelo aprende a manejarla.
import numpy as np

import rnnbook as rb

paso = rb.experimentos.ejemplo_puertas_lstm(semilla=7)


def ver(v):
    """Un vector con 4 decimales."""
    return np.array2string(v, precision=4, suppress_small=True)


print("h_{t-1} =", ver(paso["h_prev"]))
print("C_{t-1} =", ver(paso["C_prev"]))
print("x_t     =", ver(paso["x_t"]))

# %%
# De dónde salen los números: :func:`~rnnbook.experimentos.ejemplo_puertas_lstm`
# fija :math:`h_{t-1}`, :math:`C_{t-1}` y :math:`x_t`, sortea las cuatro
# matrices :math:`W_f, W_i, W_C, W_o` en ese orden, con la semilla de la guía,
# cada una de forma (4, 8) porque multiplica a :math:`[h_{t-1}, x_t]`, y da un
# paso con :meth:`~rnnbook.CeldaLSTM.forward_step`, que aplica las ecuaciones
# de arriba (su código está en :doc:`plot_04_celda_lstm`). Las puertas salen de
# la ``cache`` del paso; ``recordado`` y ``nuevo`` son los dos sumandos de
# :math:`C_t`:
from rnnbook.libro import fuente

fuente(rb.experimentos.ejemplo_puertas_lstm)

# %%
# Puerta de olvido: ¿qué del pasado ya no sirve?
# ----------------------------------------------
#
# :math:`f_t` multiplica a :math:`C_{t-1}` dimensión a dimensión. Un valor
# cercano a 1 conserva esa dimensión de la memoria; uno cercano a 0 la borra.
# Piensa en leer una frase: al empezar una oración nueva conviene olvidar el
# sujeto de la anterior.
print("f_t                =", ver(paso["f_t"]))
print("f_t ⊙ C_{t-1}      =", ver(paso["recordado"]), "  ← lo que se conserva")

# %%
# Aquí la dimensión 0 conserva tres cuartas partes de su memoria, mientras
# que las dimensiones 2 y 3 olvidan más de la mitad de la suya: no hay nada
# aprendido todavía, son pesos aleatorios, pero el mecanismo ya se ve.
#
# Puerta de entrada y candidato: ¿qué merece guardarse?
# -----------------------------------------------------
#
# :math:`\tilde C_t` *propone* valores nuevos entre -1 y 1; :math:`i_t` decide
# cuánto de cada propuesta se escribe. Separar «qué escribir» de «cuánto
# escribir» permite, por ejemplo, proponer un valor grande pero no dejarlo
# entrar hasta que aparezca la palabra que lo justifica.
print("i_t                =", ver(paso["i_t"]))
print("C̃_t                =", ver(paso["C_til"]))
print("i_t ⊙ C̃_t          =", ver(paso["nuevo"]), "  ← lo que se escribe")

# %%
# La celda nueva es la suma de las dos partes; compruébalo sumando las dos
# últimas líneas de las celdas anteriores:
print("C_t = recordado + nuevo =", ver(paso["C_t"]))
assert np.allclose(paso["C_t"], paso["recordado"] + paso["nuevo"])

# %%
# Puerta de salida: ¿qué parte de la memoria se publica?
# ------------------------------------------------------
#
# La celda es memoria privada. El estado oculto :math:`h_t`, que ven el paso
# siguiente y las capas de arriba, es una versión filtrada:
# :math:`h_t = o_t \odot \tanh(C_t)`. La :math:`\tanh` lleva la celda a
# :math:`(-1, 1)` y :math:`o_t` decide cuánto de cada dimensión se muestra
# ahora; una dimensión puede guardar algo durante muchos pasos sin
# publicarlo.
print("o_t                =", ver(paso["o_t"]))
print("h_t = o_t ⊙ tanh(C_t) =", ver(paso["h_t"]))
# sphinx_gallery_start_ignore
rb.libro.registrar_medida("parte2.puertas.f_t_0", float(paso["f_t"][0]), "{:.3f}")
rb.libro.registrar_medida("parte2.puertas.c_t_2", float(paso["C_t"][2]), "{:.3f}")
# sphinx_gallery_end_ignore

# %%
# Las cuatro piezas en una figura
# -------------------------------
#
# La figura (``lstm_gates.png`` en la guía) muestra las tres puertas, siempre
# en :math:`[0, 1]` (banda sombreada), y la celda, que puede ser negativa.
fig = rb.figuras.figura_puertas_lstm(paso)

# %%
# Por qué esto ayuda al gradiente
# -------------------------------
#
# Derivando la ecuación de la celda,
# :math:`\partial C_t / \partial C_{t-1} = \operatorname{diag}(f_t)`: el
# gradiente que viaja por la cinta se multiplica en cada paso por la puerta de
# olvido, sin :math:`W_{hh}` y sin la derivada de una :math:`\tanh`. Si la red
# aprende :math:`f_t \approx 1` en una dimensión, esa dimensión recuerda (y
# deja pasar el gradiente) durante muchos pasos; el ejemplo anterior
# (:doc:`plot_02_dependencias_largas`) lo mide.
#
# Para recordar
# -------------
#
# * :math:`f_t`: cuánto de la memoria anterior se conserva (1) o se borra (0).
# * :math:`i_t` y :math:`\tilde C_t`: qué se propone escribir y cuánto se
#   escribe de verdad.
# * :math:`C_t = f_t \odot C_{t-1} + i_t \odot \tilde C_t`: la memoria se
#   actualiza sumando, no multiplicando por una matriz.
# * :math:`o_t`: qué parte de la memoria se publica en :math:`h_t`.
#
# Ejercicio
# ---------
#
# Con :class:`~rnnbook.CeldaLSTM` (véase el ejemplo siguiente), pon
# ``b_f = +10`` y ``b_i = -10``. ¿Qué valen :math:`f_t`, :math:`i_t` y
# :math:`C_t` tras un paso? ¿Y tras 50? Describe con palabras qué hace esa
# celda.
