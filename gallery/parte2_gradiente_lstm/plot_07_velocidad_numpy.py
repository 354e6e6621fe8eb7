"""
¿Es lenta la LSTM de NumPy? Medirlo contra PyTorch
==================================================

Una implementación didáctica no tiene por qué ser lenta. Comparamos el
*forward* y el *backward* de una secuencia completa con
:class:`rnnbook.CeldaLSTM` (NumPy) y con ``torch.nn.LSTM`` en la CPU, con los
mismos pesos y las mismas formas, y explicamos qué hace falta para que NumPy
quede cerca.
"""

# %%
# Qué hace rápido al camino por lotes
# -----------------------------------
#
# El recorrido paso a paso de la guía (:meth:`~rnnbook.CeldaLSTM.forward_sequence`)
# es el más fácil de leer, pero hace en cada paso cuatro productos pequeños y
# una concatenación. :meth:`~rnnbook.CeldaLSTM.forward` y
# :meth:`~rnnbook.CeldaLSTM.backward` trabajan con un lote (N, T, D) y aplican
# tres ideas:
#
# 1. **Puertas fusionadas**: una sola matriz (4H, H + D) calcula las cuatro
#    puertas con un producto.
# 2. **Entradas de golpe**: la parte :math:`W_x x_t` de todos los pasos se
#    calcula antes del bucle con un único producto (T·N, D)·(D, 4H); dentro
#    del bucle solo queda :math:`h_{t-1} W_h^\top`. Al retropropagar, los
#    gradientes de los pesos se acumulan al final, también con un producto.
# 3. **Sin copias**: las activaciones se escriben en sitio en arrays
#    reservados de antemano, y la sigmoide y la tangente hiperbólica comparten
#    una única ``exp`` (:math:`\tanh x = 2\sigma(2x) - 1`), más barata que
#    ``np.tanh``.
#
# La medida
# ---------
#
# :func:`~rnnbook.experimentos.medir_velocidad_lstm` mide *forward* + *backward* (con los
# gradientes de pesos, sesgos y entradas) para N = 128, T = 50, D = 32,
# H = 64, en ``float32`` y ``float64``. Cada cifra es la **mediana** de varias
# repeticiones tras un calentamiento, y las dos implementaciones se alternan
# para que sufran la misma carga de la máquina. En PyTorch se usa
# ``nn.LSTM`` con autograd. Las dos bibliotecas trabajan con **un** hilo
# (``hilos=1`` fija los de PyTorch y los de la OpenBLAS de NumPy, y los
# restaura al terminar): con tamaños así, repartir cada operación entre hilos
# apenas ayuda, y en una máquina compartida, con más hilos que núcleos libres,
# los hilos se esperan unos a otros y la misma medida puede salir diez veces
# más lenta.
import torch

import rnnbook as rb

print(f"PyTorch {torch.__version__}")
tabla = rb.experimentos.medir_velocidad_lstm(
    N=128, T=50, D=32, H=64, repeticiones=5, calentamiento=1, semilla=0, hilos=1
)
# sphinx_gallery_start_ignore
for dtype in tabla.index:
    rb.libro.registrar_medida(
        f"parte2.velocidad.razon_{dtype}",
        float(tabla.loc[dtype, "NumPy / PyTorch"]),
        "{:.2f}",
    )
    rb.libro.registrar_medida(
        f"parte2.velocidad.numpy_ms_{dtype}",
        float(tabla.loc[dtype, "NumPy (ms)"]),
        "{:.0f}",
    )
    rb.libro.registrar_medida(
        f"parte2.velocidad.torch_ms_{dtype}",
        float(tabla.loc[dtype, "PyTorch (ms)"]),
        "{:.0f}",
    )
# sphinx_gallery_end_ignore
tabla.round(2)

# %%
# La columna ``NumPy / PyTorch`` es la razón de tiempos: 1 significa «igual de
# rápido», 2 significa «el doble de lento». El objetivo del libro era quedar
# dentro de 2×:
peor = float(tabla["NumPy / PyTorch"].max())
donde = "dentro" if peor <= 2 else "fuera"
print(f"Razón más desfavorable: {peor:.2f} → {donde} del objetivo de 2×")

# %%
# Estas cifras dependen de la máquina que construyó el libro (y de su carga en
# ese momento: por eso son medianas). Para repetir la medida en la tuya, con
# más repeticiones y otros tamaños:
#
# .. code-block:: bash
#
#    python benchmarks/velocidad_numpy_lstm.py --hilos 1
#    python benchmarks/velocidad_numpy_lstm.py --N 64 --T 200 --repeticiones 15
#
# Por qué NumPy puede acercarse
# -----------------------------
#
# Con estos tamaños el trabajo está dominado por productos de matrices
# pequeños y operaciones elemento a elemento, y ambos acaban en las mismas
# bibliotecas (BLAS y bucles vectorizados). PyTorch paga además la
# construcción del grafo de autograd en cada paso; NumPy paga el intérprete de
# Python en cada operación. Con lotes y estados más grandes, o en una GPU, la
# balanza se inclina claramente hacia PyTorch: su ``nn.LSTM`` en CUDA llama a
# cuDNN, que fusiona el bucle temporal entero.
#
# Para recordar
# -------------
#
# * Fusionar las puertas, proyectar todas las entradas antes del bucle y
#   acumular los gradientes de los pesos al final convierte la LSTM didáctica
#   en una razonablemente rápida.
# * Medir bien es parte del resultado: mediana tras calentamiento, mismas
#   formas, mismos pesos, mismos gradientes, y las dos versiones alternadas.
#
# Ejercicio
# ---------
#
# Mide también :meth:`~rnnbook.CeldaLSTM.forward_sequence` seguido de
# :meth:`~rnnbook.CeldaLSTM.backward_sequence` (la versión paso a paso) con
# las mismas formas. ¿Cuántas veces más lenta es que el camino por lotes?
