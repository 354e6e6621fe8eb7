"""
La celda GRU desde cero (ejercicio B1, resuelto)
================================================

La GRU (*gated recurrent unit*) :cite:p:`cho2014gru` simplifica la LSTM: un solo
estado, dos puertas y tres bloques de pesos en lugar de cuatro. El ejercicio
B1 de la guía pide implementarla y comprobar que coincide con ``nn.GRU``; con
las ecuaciones que la guía imprime, **no coincide**. Aquí implementamos la
forma de PyTorch (:class:`rnnbook.CeldaGRU`), con su pasada hacia atrás, y
medimos cuánto se separa la forma de la guía y por qué.
"""

# %%
# Las ecuaciones que usa PyTorch
# ------------------------------
#
# Con las puertas en el orden de PyTorch, reinicio :math:`r`, actualización
# :math:`z` y candidato :math:`n`:
#
# .. math::
#
#    r_t &= \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr}) \\
#    z_t &= \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz}) \\
#    n_t &= \tanh\bigl(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn})\bigr) \\
#    h_t &= (1 - z_t) \odot n_t + z_t \odot h_{t-1} .
#
# * :math:`z_t` es la puerta de **actualización**: cuánto del estado anterior
#   se copia tal cual. Con :math:`z_t \approx 1` la GRU no toca esa dimensión
#   y el gradiente la atraviesa como por la celda de una LSTM; hace a la vez
#   de puerta de olvido y de entrada (una es la complementaria de la otra).
# * :math:`r_t` es la puerta de **reinicio**: cuánto del estado anterior
#   interviene al proponer el candidato. Con :math:`r_t \approx 0` el
#   candidato se calcula como si la secuencia empezara ahora.
#
# Los pesos se guardan como en PyTorch, fusionados: ``W_ih`` (3H, D),
# ``W_hh`` (3H, H) y dos sesgos (3H,). Cada paso calcula las tres puertas con
# dos productos de matrices, también para un lote (N, D).
import numpy as np
import pandas as pd
import torch

import rnnbook as rb

gru = rb.CeldaGRU(input_size=4, hidden_size=6, semilla=0)
x = np.ones((3, 4))  # un lote de 3 entradas
h_nuevo, cache = gru.forward_step(x, np.zeros((3, 6)))
print(f"h_t: {h_nuevo.shape}   r_t: {cache['r_t'].shape}   z_t: {cache['z_t'].shape}")
print(f"Parámetros: {gru.get_param_count()} = 3·(H·D + H² + 2H)")

# %%
# ``forward_step`` devuelve primero el estado nuevo y después la caché para la
# pasada hacia atrás: valida las entradas y llama a
# :meth:`~rnnbook.CeldaGRU.paso_forward`, el paso en sí. Este es su código, el
# que acaba de ejecutarse. ``gi`` y
# ``gh`` son los dos productos de matrices (entrada y estado, con sus sesgos),
# cada uno con las tres puertas en columnas ``[r, z, n]``. ``r_t`` y ``z_t``
# son las dos primeras ecuaciones; ``gh_n`` es :math:`W_{hn} h_{t-1} + b_{hn}`,
# que ``r_t`` multiplica **después** del producto en la línea de ``n_t``; y
# la línea de ``h_t`` es la mezcla :math:`(1 - z_t) \odot n_t + z_t \odot h_{t-1}`:
from rnnbook.libro import fuente

fuente(rb.CeldaGRU.paso_forward)

# %%
# Igual que ``nn.GRU``
# --------------------
#
# :meth:`~rnnbook.CeldaGRU.desde_torch` copia los pesos de un ``nn.GRU`` de una
# capa (o de un ``nn.GRUCell``) sin reordenar nada: usamos su mismo orden.
# Recorremos en ``float64`` un lote de 16 secuencias de 30 pasos:
torch.manual_seed(0)
referencia = torch.nn.GRU(4, 6, batch_first=True).double()
celda = rb.CeldaGRU.desde_torch(referencia)
X = np.random.default_rng(0).normal(size=(16, 30, 4))
with torch.no_grad():
    salida_ref, _ = referencia(torch.from_numpy(X))
estados, caches = celda.forward_sequence(X)
dif = float(np.abs(np.stack(estados[1:], axis=1) - salida_ref.numpy()).max())
print(f"máx |h_numpy - h_torch| en los 30 pasos: {dif:.1e}")
# sphinx_gallery_start_ignore
rb.libro.registrar_medida("parte2.gru.max_delta_torch", dif, "{:.1e}")
# sphinx_gallery_end_ignore

# %%
# La forma que imprime la guía
# ----------------------------
#
# El ejercicio B1 escribe, sin sesgos,
#
# .. math::
#
#    \tilde h_t = \tanh(W [r_t \odot h_{t-1}, x_t]), \qquad
#    h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde h_t .
#
# Hay dos diferencias con PyTorch:
#
# 1. **La convención de** :math:`z`. En la guía :math:`z_t` pondera el
#    candidato; en PyTorch (y en :cite:t:`cho2014gru`) pondera el estado
#    anterior.
# 2. **Dónde actúa** :math:`r`. En la guía (y en la versión final de
#    :cite:t:`cho2014gru`) :math:`r_t` multiplica a :math:`h_{t-1}` *antes* de la
#    matriz; en PyTorch multiplica al resultado :math:`W_{hn} h_{t-1} + b_{hn}`,
#    la variante que implementa cuDNN.
#
# :func:`~rnnbook.desde_cero.paso_gru_guia` calcula la forma de la guía con los **mismos
# pesos**, y puede activar cada diferencia por separado.
# :func:`~rnnbook.experimentos.diferencias_gru_guia` recorre un lote de secuencias con cada
# variante y mide su distancia máxima a ``nn.GRU``:
tabla = rb.experimentos.diferencias_gru_guia(N=64, T=20, D=8, H=16, semilla=0)
# sphinx_gallery_start_ignore
col = tabla.columns[0]
rb.libro.registrar_medida(
    "parte2.gru.guia_max_delta", float(tabla.loc["la guía (z y r)", col]), "{:.2f}"
)
rb.libro.registrar_medida(
    "parte2.gru.solo_z_max_delta",
    float(tabla.loc["solo z como la guía", col]),
    "{:.2f}",
)
rb.libro.registrar_medida(
    "parte2.gru.solo_r_max_delta",
    float(tabla.loc["solo r como la guía", col]),
    "{:.2f}",
)
rb.libro.registrar_medida(
    "parte2.gru.z_negada_max_delta",
    float(tabla.loc["solo z como la guía, con W_z y b_z negados", col]),
    "{:.1e}",
)
# sphinx_gallery_end_ignore
tabla

# %%
# Con los mismos pesos, la forma de la guía da estados muy distintos (el
# estado de una GRU está en :math:`(-1, 1)`, así que una diferencia de ese
# orden es total). Pero las dos diferencias no pesan igual:
#
# * La convención de :math:`z` es **solo otra parametrización**. Como
#   :math:`1 - \sigma(a) = \sigma(-a)`, cambiar el signo de :math:`W_z` y
#   :math:`b_z` convierte una forma en la otra: la última fila de la tabla lo
#   comprueba (diferencia de redondeo). Entrenadas, ambas pueden aprender lo
#   mismo; lo que no se puede es copiar pesos de una a otra sin más.
# * La posición de :math:`r` cambia **la función**: salvo casos especiales
#   (una :math:`W_{hn}` diagonal y sin sesgo), no hay pesos con los que
#   :math:`W'_{hn}(r \odot h)` valga siempre lo mismo que
#   :math:`r \odot (W_{hn} h + b_{hn})`. Por eso ``nn.GRU`` necesita dos sesgos
#   de verdad: :math:`b_{hn}` queda dentro de :math:`r_t \odot (\cdot)` y no se
#   puede sumar a :math:`b_{in}` (a diferencia de la LSTM, donde el segundo
#   sesgo es redundante).
#
# La pasada hacia atrás
# ---------------------
#
# Retropropagando las cuatro ecuaciones, con :math:`\delta h` el gradiente
# total sobre :math:`h_t`:
#
# .. math::
#
#    \delta n &= \delta h \odot (1 - z), \quad
#    \delta z = \delta h \odot (h_{t-1} - n), \quad
#    \delta a_n = \delta n \odot (1 - n^2) \\
#    \delta r &= \delta a_n \odot (W_{hn} h_{t-1} + b_{hn}), \quad
#    \delta h_{t-1} = \delta h \odot z + [\delta a_r, \delta a_z, \delta a_n \odot r]\, W_{hh} .
#
# El término :math:`\delta h \odot z` es el atajo: si :math:`z \approx 1`, el
# gradiente pasa al paso anterior sin atravesar ninguna matriz.
#
# :meth:`~rnnbook.CeldaGRU.backward_step` valida el gradiente que llega y
# llama a :meth:`~rnnbook.CeldaGRU.paso_backward`, que escribe esas ecuaciones
# línea a línea, cada una con un comentario que dice qué deshace: ``dn``, ``dz`` y
# ``da_n`` son la primera fila; ``dr`` es :math:`\delta r`; ``da_r`` y
# ``da_z`` atraviesan las sigmoides. ``dgh`` lleva :math:`\delta a_n \odot r`
# en el bloque del candidato (porque :math:`r` multiplica a
# :math:`W_{hn} h_{t-1} + b_{hn}`), y ``dh_prev`` suma el atajo
# ``dh * z`` y lo que vuelve por :math:`W_{hh}`:
fuente(rb.CeldaGRU.paso_backward)

# %%
# Lo verificamos contra la autodiferenciación de PyTorch con un gradiente de
# arriba aleatorio (todos los sesgos de ``nn.GRU`` son distintos de cero):
Xt = torch.from_numpy(X).requires_grad_(True)
G = np.random.default_rng(1).normal(size=(16, 30, 6))
salida, _ = referencia(Xt)
salida.backward(torch.from_numpy(G))
grads = celda.backward_sequence(G, caches)
comparacion = {
    "dX": np.abs(grads["X"] - Xt.grad.numpy()).max(),
    "dW_ih": np.abs(grads["W_ih"] - referencia.weight_ih_l0.grad.numpy()).max(),
    "dW_hh": np.abs(grads["W_hh"] - referencia.weight_hh_l0.grad.numpy()).max(),
    "db_ih": np.abs(grads["b_ih"] - referencia.bias_ih_l0.grad.numpy()).max(),
    "db_hh": np.abs(grads["b_hh"] - referencia.bias_hh_l0.grad.numpy()).max(),
}
# sphinx_gallery_start_ignore
rb.libro.registrar_medida(
    "parte2.gru.max_delta_grad_torch", float(max(comparacion.values())), "{:.1e}"
)
# sphinx_gallery_end_ignore
pd.Series(comparacion, name="máx |Δ| frente a autograd").to_frame()

# %%
# Y con diferencias finitas, en una celda pequeña con sesgos no nulos:
peq = rb.CeldaGRU(3, 4, semilla=2)
gen = np.random.default_rng(3)
Xp, Gp = gen.normal(size=(2, 5, 3)), gen.normal(size=(2, 5, 4))


def perdida(W_hh):
    copia = rb.CeldaGRU(3, 4, semilla=2)
    copia.W_hh[...] = W_hh
    return float(np.sum(np.stack(copia.forward_sequence(Xp)[0][1:], axis=1) * Gp))


_, caches_p = peq.forward_sequence(Xp)
analitico = peq.backward_sequence(Gp, caches_p)["W_hh"]
error = rb.error_relativo(rb.gradiente_numerico(perdida, peq.W_hh, h=1e-5), analitico)
print(f"Error relativo máximo en dW_hh frente a diferencias finitas: {error:.1e}")
# sphinx_gallery_start_ignore
rb.libro.registrar_medida("parte2.gru.error_gradiente", error, "{:.1e}")
# sphinx_gallery_end_ignore

# %%
# Para recordar
# -------------
#
# * La GRU tiene un solo estado y dos puertas: :math:`z` decide cuánto se
#   copia del estado anterior y :math:`r` cuánto de él entra en el candidato.
# * Hay varias «GRU»: la de PyTorch aplica :math:`r` después de
#   :math:`W_{hn} h + b_{hn}`; la de la guía, antes, y además usa la
#   convención contraria para :math:`z`. Antes de comparar con ``nn.GRU`` hay
#   que implementar **su** forma.
# * Cambiar :math:`z` por :math:`1 - z` es solo reparametrizar; mover
#   :math:`r` cambia la función, y por eso ``nn.GRU`` necesita dos sesgos.
#
# Ejercicio
# ---------
#
# Escribe la pasada hacia atrás de la forma de la guía (con :math:`r` antes de
# la matriz) y compruébalo con :func:`~rnnbook.gradiente_numerico`. ¿Qué
# término del gradiente cambia respecto al de :class:`~rnnbook.CeldaGRU`?
