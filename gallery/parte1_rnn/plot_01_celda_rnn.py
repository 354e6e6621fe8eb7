"""
La celda RNN paso a paso
========================

Una red recurrente procesa una secuencia **un elemento cada vez** y arrastra
de un paso al siguiente un vector de memoria, el *estado oculto*. En este
ejemplo construimos la celda de Elman con NumPy (:class:`rnnbook.CeldaRNN`),
seguimos las formas de cada array, comprobamos que calcula exactamente lo
mismo que ``torch.nn.RNN`` y vemos por qué se inicializa con Xavier/Glorot.
"""

# %%
# Las ecuaciones de la celda
# --------------------------
#
# En cada instante :math:`t` la celda recibe la entrada :math:`x_t` y el
# estado anterior :math:`h_{t-1}`, y produce un estado nuevo y una salida:
#
# .. math::
#
#    a_t = W_{xh}\, x_t + W_{hh}\, h_{t-1} + b_h, \qquad
#    h_t = \tanh(a_t), \qquad
#    y_t = W_{hy}\, h_t + b_y .
#
# Los **mismos** pesos se usan en todos los pasos. Seguimos la convención de
# la guía (y de PyTorch): cada matriz se guarda como *(salida, entrada)*, de
# modo que con entrada de dimensión D, estado de dimensión H y salida de
# dimensión O, :math:`W_{xh}` es (H, D), :math:`W_{hh}` es (H, H) y
# :math:`W_{hy}` es (O, H). Cada :math:`x_t` es un vector columna (D, 1).
#
# Construimos una celda con D = 3, H = 4 y O = 2, y una secuencia aleatoria de
# T = 5 pasos. La semilla se fija con un generador propio, así que el
# resultado es el mismo en cada ejecución.
import numpy as np

from rnnbook import CeldaRNN
from rnnbook.experimentos import tabla_parametros

gen = np.random.default_rng(42)
celda = CeldaRNN(input_size=3, hidden_size=4, output_size=2, semilla=gen)
X = [gen.standard_normal((3, 1)) for _ in range(5)]  # 5 vectores columna (D, 1)

tabla_parametros(celda)

# %%
# Los sesgos empiezan en cero; las matrices, con la desviación típica de
# Xavier/Glorot que veremos al final. En total la celda tiene
# :math:`HD + H^2 + H + OH + O` parámetros, **sin importar la longitud de la
# secuencia**:
print(f"Parámetros: {celda.num_parametros()}")

# %%
# Un paso
# -------
#
# :meth:`~rnnbook.CeldaRNN.forward_step` aplica las tres ecuaciones una vez y
# devuelve, como en la guía, el estado, la salida y la pre-activación. El
# estado inicial :math:`h_0` es un vector de ceros.
h0 = np.zeros((4, 1))
h1, y1, a1 = celda.forward_step(X[0], h0)
print(f"x_1: {X[0].shape}   h_0: {h0.shape}")
print(f"a_1: {a1.shape}   h_1: {h1.shape}   y_1: {y1.shape}")

# %%
# Este es el código de :meth:`~rnnbook.CeldaRNN.forward_step`, el mismo que
# acaba de ejecutarse (se lee del paquete, no es una copia). Tras el docstring,
# dos líneas comprueban las formas de ``x_t`` y ``h_prev``, y el paso en sí lo
# da ``_paso``:
from rnnbook.libro import fuente

fuente(CeldaRNN.forward_step)

# %%
# En ``_paso`` cada línea es una de las tres ecuaciones: la primera es
# :math:`a_t = W_{xh} x_t + W_{hh} h_{t-1} + b_h`, la segunda
# :math:`h_t = \tanh(a_t)` y la tercera :math:`y_t = W_{hy} h_t + b_y`. Los
# comentarios dan la forma de cada resultado: N es el número de secuencias que
# se procesan a la vez (una sola, N = 1, en la guía).
fuente(CeldaRNN._paso)

# %%
# Las formas encajan así: :math:`W_{xh} x_t` es (4, 3)·(3, 1) = (4, 1),
# :math:`W_{hh} h_{t-1}` es (4, 4)·(4, 1) = (4, 1) y :math:`W_{hy} h_t` es
# (2, 4)·(4, 1) = (2, 1). Si por descuido se pasa un vector plano de forma
# (3,) en lugar de una columna (3, 1), NumPy no protestaría: sumaría un (4,)
# con un (4, 1) y obtendría en silencio una matriz (4, 4). La celda lo impide
# con un mensaje que dice qué forma esperaba:
try:
    celda.forward_step(np.ones(3), h0)
except ValueError as error:
    print(f"ValueError: {error}")

# %%
# La pasada hacia atrás de un paso
# --------------------------------
#
# Para entrenar la celda hace falta el camino inverso: dado el gradiente
# :math:`\partial L/\partial h_t` que llega al estado, repartirlo entre sus
# causas. Con :math:`\delta_t = \partial L/\partial a_t`:
#
# .. math::
#
#    \delta_t = \frac{\partial L}{\partial h_t} \odot (1 - h_t^2), \qquad
#    \frac{\partial L}{\partial W_{xh}} = \delta_t\, x_t^\top, \qquad
#    \frac{\partial L}{\partial W_{hh}} = \delta_t\, h_{t-1}^\top, \qquad
#    \frac{\partial L}{\partial h_{t-1}} = W_{hh}^\top \delta_t .
#
# :meth:`~rnnbook.CeldaRNN.backward_step` recibe lo mismo que necesita para
# ello (el gradiente, :math:`x_t`, :math:`h_{t-1}` y :math:`h_t`), comprueba
# las formas y delega en ``_retro_paso``:
fuente(CeldaRNN.backward_step)

# %%
# En ``_retro_paso``, ``da`` es :math:`\delta_t` (la derivada de
# :math:`\tanh` es :math:`1 - h_t^2`, por eso no hace falta guardar
# :math:`a_t`); las tres entradas de ``grads`` son los gradientes de
# :math:`W_{xh}`, :math:`W_{hh}` y :math:`b_h` en este paso, y ``dh_prev`` es
# el gradiente que sigue hacia el paso anterior. Al recorrer una secuencia
# hacia atrás, esos gradientes de los pesos se suman paso a paso: es la BPTT
# de :doc:`plot_03_bptt`.
fuente(CeldaRNN._retro_paso)

# %%
# Lo aplicamos al paso de antes con un gradiente de unos (como si
# :math:`L = \sum_i h_1[i]`). Cada gradiente tiene la forma de lo que deriva:
dx, dh0, grads = celda.backward_step(np.ones((4, 1)), X[0], h0, h1)
print(f"dx_1: {dx.shape}   dh_0: {dh0.shape}")
print({nombre: g.shape for nombre, g in grads.items()})

# %%
# La secuencia completa
# ---------------------
#
# :meth:`~rnnbook.CeldaRNN.forward_sequence` encadena los pasos: el estado
# que sale del paso :math:`t` entra en el paso :math:`t+1`. Devuelve las
# listas de estados :math:`h_1,\dots,h_T` y de salidas :math:`y_1,\dots,y_T`.
import pandas as pd

H, Y = celda.forward_sequence(X)
print(
    f"{len(H)} estados de forma {H[0].shape} y {len(Y)} salidas de forma {Y[0].shape}"
)

estados = pd.DataFrame(
    np.hstack(H).T.round(4),
    columns=[f"h[{i}]" for i in range(4)],
    index=pd.RangeIndex(1, 6, name="t"),
)
estados

# %%
# Cada fila es el estado oculto en un instante: todos sus valores están en
# :math:`(-1, 1)` porque salen de una tangente hiperbólica. Las salidas
# :math:`y_t` no están acotadas (son una capa lineal del estado):
salidas = pd.DataFrame(
    np.hstack(Y).T.round(4),
    columns=["y[0]", "y[1]"],
    index=pd.RangeIndex(1, 6, name="t"),
)
salidas

# %%
# La misma función que ``torch.nn.RNN``
# -------------------------------------
#
# Una implementación desde cero solo es útil si calcula lo que creemos. La
# comparamos con la capa de PyTorch: :func:`rnnbook.desde_cero.forward_rnn_torch` copia
# los pesos en un ``nn.RNN`` (tanh) y un ``nn.Linear`` en ``float64`` y
# recorre la misma secuencia. ``nn.RNN`` tiene dos sesgos
# (``bias_ih`` y ``bias_hh``) que se suman; ponemos :math:`b_h` en el primero
# y ceros en el segundo. Para que la comparación no sea trivial, antes damos a
# los sesgos valores distintos de cero.
import torch

from rnnbook import describir_dispositivo, elegir_dispositivo
from rnnbook.desde_cero import forward_rnn_torch

print(f"Dispositivo de PyTorch: {describir_dispositivo(elegir_dispositivo('cpu'))}")
celda.b_h = 0.1 * gen.standard_normal((4, 1))
celda.b_y = 0.1 * gen.standard_normal((2, 1))
H_np, Y_np = celda.forward_sequence(X)
H_pt, Y_pt = forward_rnn_torch(celda, X)
dif = max(np.abs(a - b).max() for a, b in zip(H_np + Y_np, H_pt + Y_pt))
print(f"Máxima diferencia con torch.nn.RNN: {dif:.1e} (torch {torch.__version__})")

# %%
# La diferencia es del orden del error de redondeo de ``float64``: la celda
# de NumPy y la capa de PyTorch calculan la misma función.
#
# Por qué Xavier/Glorot
# ---------------------
#
# La celda toma cada peso de una normal de desviación típica
# :math:`\sqrt{2/(n_\text{entrada} + n_\text{salida})}`. Para :math:`W_{hh}`
# eso es :math:`1/\sqrt{H}`, y una matriz aleatoria así tiene radio espectral
# (el mayor módulo de sus autovalores) cercano a 1: el estado ni se apaga ni
# se dispara al aplicarla muchas veces. Comparamos tres escalas en una celda
# más grande (D = 10, H = 64) con una secuencia de 50 pasos: Xavier, los
# pesos ×0.01 que usa la guía en su ejemplo de BPTT y pesos de desviación 1.
filas, mapas = {}, {}
X_larga = gen.standard_normal((50, 10, 1))  # (T, D, 1)
for nombre, escala in [
    ("Xavier/Glorot", None),
    ("×0.01 (guía, §1.3)", 0.01),
    ("desviación 1", 1.0),
]:
    c = CeldaRNN(10, 64, 2, semilla=1, escala=escala)
    mapas[nombre] = np.hstack(c.forward_sequence(X_larga)[0])  # (H, T)
    filas[nombre] = {
        "radio espectral de W_hh": np.max(np.abs(np.linalg.eigvals(c.W_hh))),
        "media de |h_t|": np.abs(mapas[nombre]).mean(),
        "unidades saturadas (|h| > 0.99, %)": 100
        * np.mean(np.abs(mapas[nombre]) > 0.99),
    }
pd.DataFrame(filas).T.round(3)

# %%
# Los mismos estados, como mapas de calor (una fila por unidad, una columna
# por paso; azul −1, blanco 0, rojo +1):
from rnnbook.figuras import figura_estados_ocultos

fig = figura_estados_ocultos(mapas)

# %%
# Con Xavier el estado usa el rango de la tangente sin saturarse. Con pesos
# ×0.01 el estado es diminuto: la red empieza casi apagada, y en el ejemplo de
# BPTT veremos que eso hace que aprenda muy despacio. Con desviación 1 la
# mayoría de las unidades quedan saturadas en ±1, donde la derivada de
# :math:`\tanh` es casi cero y el gradiente no pasa.
#
# Para recordar
# -------------
#
# * Una RNN es **una** celda aplicada en cada paso con los mismos pesos; el
#   estado oculto :math:`h_t` es lo único que conecta un paso con el siguiente.
# * Formas: :math:`W_{xh}` (H, D), :math:`W_{hh}` (H, H), :math:`W_{hy}` (O, H);
#   :math:`x_t` es una columna (D, 1). Un vector plano (D,) produce un
#   *broadcast* silencioso en NumPy: compruébalo siempre.
# * La implementación coincide con ``torch.nn.RNN`` hasta el redondeo.
# * Xavier/Glorot deja el radio espectral de :math:`W_{hh}` cerca de 1 y el
#   estado lejos tanto de cero como de la saturación.
#
# **Ejercicio.** Pasa a :meth:`~rnnbook.CeldaRNN.forward_sequence` un lote de
# 8 secuencias como un array de forma (T, D, N) = (5, 3, 8) y comprueba que la
# columna :math:`n` de cada estado coincide con lo que se obtiene al pasar
# solo la secuencia :math:`n`.
