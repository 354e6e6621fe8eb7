"""
La RNN desenrollada en el tiempo
================================

Una RNN es una sola celda con un bucle: su estado vuelve a entrar en ella en
el paso siguiente. Para razonar sobre ella (y para retropropagar) conviene
**desenrollar** ese bucle: dibujar una copia de la celda por cada paso de
tiempo, todas con los mismos pesos. Aquí dibujamos ese diagrama y comparamos
las dos formas básicas de usar las salidas: muchos a uno y muchos a muchos.
"""

# %%
# El diagrama
# -----------
#
# :func:`rnnbook.figuras.figura_rnn_desenrollada` dibuja la red desenrollada en cuatro
# pasos. Las cajas verdes son **la misma** celda repetida; las flechas azules
# traen la entrada :math:`x_t` (a través de :math:`W_{xh}`), las naranjas
# llevan la salida :math:`y_t` (a través de :math:`W_{hy}`) y las grises
# pasan el estado :math:`h_t` de un paso al siguiente (a través de
# :math:`W_{hh}`). El estado inicial :math:`h_0` es un vector de ceros.
from rnnbook.figuras import figura_rnn_desenrollada

fig = figura_rnn_desenrollada(seq_len=4)

# %%
# La flecha gris es la memoria de la red: la única vía por la que lo que
# ocurrió en el paso 1 puede influir en el paso 4. Como las cuatro copias
# comparten pesos, el número de parámetros no depende de la longitud de la
# secuencia; lo comprobamos más abajo.
#
# Muchos a uno y muchos a muchos
# ------------------------------
#
# Hay dos maneras básicas de leer las salidas:
#
# * **Muchos a uno**: la red lee toda la secuencia y solo se usa la última
#   salida :math:`y_T`, que depende de todas las entradas. Es la forma de un
#   clasificador de secuencias (el sentimiento de una reseña, en la Parte 3).
# * **Muchos a muchos**: se usa una salida en cada paso; :math:`y_t` depende de
#   :math:`x_1,\dots,x_t`. Es la forma de un etiquetador (una categoría
#   gramatical por palabra).
#
# En el diagrama muchos a uno solo el último paso tiene flecha de salida:
fig = figura_rnn_desenrollada(seq_len=4, modo="muchos_a_uno")

# %%
# :class:`rnnbook.RNN_ManyToOne` y :class:`rnnbook.RNN_ManyToMany` son la
# misma :class:`rnnbook.CeldaRNN` con un método ``predict`` que devuelve la
# última salida o todas. Las construimos **con la misma semilla**, de modo que
# tienen los mismos pesos y solo difieren en qué salidas entregan.
import numpy as np

from rnnbook import RNN_ManyToMany, RNN_ManyToOne

gen = np.random.default_rng(42)
X = [gen.standard_normal((3, 1)) for _ in range(5)]  # T = 5 vectores (D, 1)
m2o = RNN_ManyToOne(input_size=3, hidden_size=4, output_size=2, semilla=0)
m2m = RNN_ManyToMany(input_size=3, hidden_size=4, output_size=2, semilla=0)

y_m2o = m2o.predict(X)
y_m2m = m2m.predict(X)
print(f"Muchos a uno:    una salida de forma {y_m2o.shape}")
print(f"Muchos a muchos: {len(y_m2m)} salidas, cada una de forma {y_m2m[0].shape}")
iguales = np.array_equal(y_m2o, y_m2m[-1])
print(f"¿La salida muchos a uno es la última de muchos a muchos? {iguales}")

# %%
# Con los mismos pesos, la salida del modelo muchos a uno es exactamente la
# última del modelo muchos a muchos: la diferencia entre ambos no está en la
# red, sino en qué salidas entran en la pérdida.
#
# Cada salida solo ve el pasado
# -----------------------------
#
# Si cambiamos la entrada del paso 3, ¿qué salidas cambian? Las de los pasos
# 1 y 2 no pueden hacerlo: se calcularon antes de leer :math:`x_3`. Las
# siguientes sí, porque el cambio viaja por el estado oculto.
import pandas as pd

X_cambiada = [x.copy() for x in X]
X_cambiada[2] = X_cambiada[2] + 1.0  # el paso t = 3 (índice 2)
y_cambiada = m2m.predict(X_cambiada)
pd.DataFrame(
    {"|Δy_t| máximo": [np.abs(a - b).max() for a, b in zip(y_m2m, y_cambiada)]},
    index=pd.RangeIndex(1, 6, name="t"),
)

# %%
# Las dos primeras filas son exactamente cero: una RNN es **causal**. Desde el
# paso 3 en adelante la perturbación se propaga, y su efecto se va atenuando
# con cada paso, porque el estado pasa de nuevo por :math:`W_{hh}` y la
# tangente hiperbólica.
#
# El número de parámetros no depende de T
# ---------------------------------------
#
# La misma celda procesa secuencias de cualquier longitud:
filas = []
for T in (5, 50, 500):
    X_T = gen.standard_normal((T, 3, 1))  # (T, D, 1)
    filas.append(
        {"T": T, "salidas": len(m2m.predict(X_T)), "parámetros": m2m.num_parametros()}
    )
pd.DataFrame(filas).set_index("T")

# %%
# Para recordar
# -------------
#
# * Desenrollar una RNN convierte el bucle en una cadena de T copias de la
#   misma celda; así se ve por dónde pasa la información (y, en BPTT, el
#   gradiente).
# * Muchos a uno usa solo :math:`y_T`; muchos a muchos usa todas las
#   :math:`y_t`. La red es la misma: cambia qué salidas entran en la pérdida.
# * :math:`y_t` depende de :math:`x_1,\dots,x_t` y de nada posterior.
# * Los parámetros son los mismos para cualquier longitud de secuencia.
#
# **Ejercicio.** Repite la perturbación de :math:`x_3` con una celda cuyos
# pesos se multipliquen por 3 (``escala=3.0`` en el constructor) y compara cómo
# decae :math:`|\Delta y_t|`. ¿Qué relación tiene con la saturación de la
# tangente hiperbólica?
