"""
La celda LSTM desde cero, con su pasada hacia atrás
===================================================

Construimos la LSTM de la guía con NumPy (:class:`rnnbook.CeldaLSTM`),
comprobamos que calcula lo mismo que ``torch.nn.LSTM`` con los mismos pesos,
escribimos su retropropagación a través del tiempo (por :math:`h` y por la
celda :math:`C`) y la verificamos con diferencias finitas y con la
autodiferenciación de PyTorch. Por el camino corregimos tres afirmaciones de la
guía: la inicialización, el crecimiento de :math:`C_t` y el número de
parámetros.
"""

# %%
# La celda de la guía
# -------------------
#
# Cada puerta tiene una matriz de forma (H, H + D) que actúa sobre
# :math:`[h_{t-1}, x_t]` y un sesgo (H,). :class:`~rnnbook.CeldaLSTM` guarda
# las cuatro matrices **fusionadas** en una sola ``W`` de forma (4H, H + D), en
# el orden :math:`f, i, \tilde C, o`, para calcular las cuatro puertas con un
# único producto; ``W_f``, ``W_i``, ``W_C`` y ``W_o`` son vistas de sus
# bloques, así que el código de la guía que las lee sigue funcionando.
#
# Con la semilla de la guía (99) y su orden de sorteo obtenemos sus mismos
# pesos y sus mismas entradas:
import numpy as np
import pandas as pd
import torch

import rnnbook as rb
from rnnbook.libro import formato_miles

np.random.seed(99)
lstm = rb.CeldaLSTM(5, 8)
X_guia = [np.random.randn(5) for _ in range(10)]
print(lstm)
print(f"W: {lstm.W.shape}   W_f: {lstm.W_f.shape}   b_f: {lstm.b_f.shape}")
print(f"b_f inicial: {lstm.b_f[:3]} …   b_i inicial: {lstm.b_i[:3]} …")
params = lstm.get_param_count()
print(f"Parámetros totales: {formato_miles(params)}")
# sphinx_gallery_start_ignore
rb.libro.registrar_medida("parte2.lstm.param_guia", params, rb.libro.formato_miles)
# sphinx_gallery_end_ignore

# %%
# ¿Inicialización ortogonal?
# --------------------------
#
# El comentario del código de la guía dice «inicialización ortogonal», pero lo
# que sortea es una gaussiana :math:`\mathcal N(0, 1/(H + D))`. Una matriz
# ortogonal cumple :math:`Q^\top Q = I`; medimos cuánto se aleja de eso el
# bloque recurrente (H, H) de cada puerta, y lo comparamos con
# ``inicializacion="ortogonal"``, que sí lo es:
ortogonal = rb.CeldaLSTM(5, 8, semilla=99, inicializacion="ortogonal")


def distancia_a_ortogonal(W, H=8):
    bloque = W[:, :H]  # la parte que actúa sobre h_{t-1}
    return float(np.linalg.norm(bloque.T @ bloque - np.eye(H)))


pd.DataFrame(
    {
        "guía (gaussiana)": [
            distancia_a_ortogonal(getattr(lstm, f"W_{p}")) for p in "fiCo"
        ],
        "ortogonal": [
            distancia_a_ortogonal(getattr(ortogonal, f"W_{p}")) for p in "fiCo"
        ],
    },
    index=pd.Index(["W_f", "W_i", "W_C", "W_o"], name="‖WₕᵀWₕ − I‖_F"),
).round(3)

# %%
# La celda de la guía reproduce su código; la opción ortogonal es la que su
# comentario describe.
#
# La pasada hacia adelante de un paso
# -----------------------------------
#
# Las ecuaciones de un paso son las del ejemplo anterior:
#
# .. math::
#
#    f_t, i_t, o_t = \sigma(W_{f,i,o} [h_{t-1}, x_t] + b_{f,i,o}), \quad
#    \tilde C_t = \tanh(W_C [h_{t-1}, x_t] + b_C), \\
#    C_t = f_t \odot C_{t-1} + i_t \odot \tilde C_t, \quad
#    h_t = o_t \odot \tanh(C_t) .
#
# :meth:`~rnnbook.CeldaLSTM.forward_step` valida las entradas y llama a
# :meth:`~rnnbook.CeldaLSTM.paso_forward`, el paso en sí; este es su código, el
# que se ejecuta. ``concat`` es :math:`[h_{t-1}, x_t]`; un
# solo producto ``concat @ self.W.T + self.b`` da las cuatro
# pre-activaciones (N, 4H), y ``_activar`` las convierte en las puertas. Las
# dos líneas siguientes son literalmente las ecuaciones de :math:`C_t` y de
# :math:`h_t`, y la ``cache`` guarda lo que necesitará la pasada hacia atrás:
from rnnbook.libro import fuente

fuente(rb.CeldaLSTM.paso_forward)

# %%
# ``_activar`` aplica la sigmoide a los bloques de :math:`f` e :math:`i`
# (las columnas ``[0, 2H)``), la :math:`\tanh` al candidato
# :math:`\tilde C` (``[2H, 3H)``) y otra vez la sigmoide a :math:`o`
# (``[3H, 4H)``):
from rnnbook.desde_cero.lstm import _activar

fuente(_activar)

# %%
# Un recorrido por la secuencia
# -----------------------------
#
# :meth:`~rnnbook.CeldaLSTM.forward_sequence` valida la secuencia una vez, llama
# a :meth:`~rnnbook.CeldaLSTM.paso_forward` en cada paso y devuelve los
# :math:`T + 1` estados (el primero es el inicial, cero) y las cachés. La guía
# espera que :math:`f_t` sea mayoritariamente mayor que 0.5 (por
# :math:`b_f = +1`), que :math:`h_t` quede en :math:`(-1, 1)` y que
# :math:`C_t` **crezca** a lo largo de los pasos. Medimos las tres cosas:
states_h, states_C, caches = lstm.forward_sequence(X_guia)
recorrido = pd.DataFrame(
    {
        "media f_t": [c["f_t"].mean() for c in caches],
        "media |C_t|": [np.abs(C).mean() for C in states_C[1:]],
        "máx |h_t|": [np.abs(h).max() for h in states_h[1:]],
    },
    index=pd.RangeIndex(1, 11, name="t"),
)
# sphinx_gallery_start_ignore
for t in range(1, 5):
    rb.libro.registrar_medida(
        f"parte2.lstm.media_abs_c_t{t}",
        float(recorrido.loc[t, "media |C_t|"]),
        "{:.2f}",
    )
# sphinx_gallery_end_ignore
recorrido.round(3)

# %%
# :math:`f_t` ronda :math:`\sigma(1) \approx 0.73` y :math:`h_t` queda dentro
# de :math:`(-1, 1)`, como se esperaba. Pero :math:`|C_t|` **no crece**: sube
# y baja con las entradas. Tampoco debería crecer: con :math:`f_t < 1` la
# celda olvida una fracción fija en cada paso mientras
# :math:`|i_t \odot \tilde C_t| < 1`, de modo que :math:`|C_t|` queda acotada
# por :math:`\max|i\tilde C| / (1 - \max f)`. La memoria se acumula solo si la
# red *aprende* a abrir la puerta de olvido.
#
# Igual que ``torch.nn.LSTM``
# ---------------------------
#
# :meth:`~rnnbook.CeldaLSTM.desde_torch` copia los pesos de un
# ``nn.LSTMCell`` o de un ``nn.LSTM`` de una capa. PyTorch ordena las puertas
# ``i, f, g, o``, separa los pesos de la entrada (4H, D) de los recurrentes
# (4H, H) y guarda **dos** sesgos por puerta; la conversión reordena,
# concatena :math:`[W_{hh}, W_{ih}]` y suma los sesgos. Comparamos en
# ``float64`` sobre un lote de 16 secuencias de 30 pasos:
torch.manual_seed(0)
referencia = torch.nn.LSTM(5, 8, batch_first=True).double()
celda = rb.CeldaLSTM.desde_torch(referencia)
Xb = np.random.default_rng(0).normal(size=(16, 30, 5))
with torch.no_grad():
    salida_ref, (h_ref, c_ref) = referencia(torch.from_numpy(Xb))
Hs, cache = celda.forward(Xb)
dif_h = float(np.abs(Hs - salida_ref.numpy()).max())
dif_c = float(np.abs(cache["Cs"][-1] - c_ref[0].numpy()).max())
print(f"máx |h_numpy - h_torch| en los 30 pasos: {dif_h:.1e}")
print(f"máx |C_T numpy - C_T torch|:           {dif_c:.1e}")
# sphinx_gallery_start_ignore
rb.libro.registrar_medida("parte2.lstm.max_delta_h_torch", dif_h, "{:.1e}")
rb.libro.registrar_medida("parte2.lstm.max_delta_c_torch", dif_c, "{:.1e}")
# sphinx_gallery_end_ignore

# %%
# Las diferencias son del orden del redondeo de ``float64``: es la misma
# función. :meth:`~rnnbook.CeldaLSTM.forward` es el camino rápido por lotes
# (N, T, D); da lo mismo que el recorrido paso a paso de la guía:
sh, _, _ = celda.forward_sequence(Xb)
delta = np.abs(np.stack(sh[1:], 1) - Hs).max()
print(f"forward por lotes frente a forward_sequence: máx |Δ| = {delta:.1e}")

# %%
# ¿448 o 480 parámetros?
# ----------------------
#
# La guía cuenta :math:`4\,((D + H)H + H) = 448` para D = 5, H = 8: una matriz
# y **un** sesgo por puerta, la cuenta de los libros de texto. ``nn.LSTM(5, 8)``
# tiene más:
capa = torch.nn.LSTM(5, 8)
pd.DataFrame(
    [(nombre, tuple(p.shape), p.numel()) for nombre, p in capa.named_parameters()],
    columns=["parámetro", "forma", "elementos"],
).set_index("parámetro")

# %%
total = sum(p.numel() for p in capa.parameters())
print(
    f"nn.LSTM(5, 8): {formato_miles(total)} parámetros = 448 + 4·H "
    "(un segundo sesgo por puerta)"
)
# sphinx_gallery_start_ignore
rb.libro.registrar_medida("parte2.lstm.param_torch", total, rb.libro.formato_miles)
# sphinx_gallery_end_ignore

# %%
# PyTorch guarda ``bias_ih`` y ``bias_hh`` porque sigue la interfaz de cuDNN,
# que suma :math:`W_{ih} x + b_{ih} + W_{hh} h + b_{hh}`. En la LSTM los dos
# sesgos solo se suman, así que el segundo es redundante: pasarlo entero al
# primero no cambia nada.
fusionada = torch.nn.LSTM(5, 8, batch_first=True).double()
fusionada.load_state_dict(referencia.state_dict())
with torch.no_grad():
    fusionada.bias_ih_l0 += fusionada.bias_hh_l0
    fusionada.bias_hh_l0.zero_()
    iguales = torch.allclose(fusionada(torch.from_numpy(Xb))[0], salida_ref, atol=1e-12)
print(f"Con b_hh = 0 y b_ih = b_ih + b_hh la salida es la misma: {iguales}")

# %%
# (En la GRU no ocurre lo mismo: allí un sesgo queda dentro de la puerta de
# reinicio; véase :doc:`plot_05_celda_gru`.)
#
# La pasada hacia atrás
# ---------------------
#
# La retropropagación recorre la secuencia al revés con **dos** gradientes
# que viajan en el tiempo: :math:`\delta h_t = \partial L/\partial h_t` y
# :math:`\delta C_t = \partial L/\partial C_t`. En cada paso, con
# :math:`\delta h_t` total (lo que llega de la salida más lo que llega de
# :math:`t+1`):
#
# .. math::
#
#    \delta C_t &\mathrel{+}= \delta h_t \odot o_t \odot (1 - \tanh^2 C_t)
#    && \text{(a través de } h_t = o_t \odot \tanh C_t) \\
#    \delta a_o &= \delta h_t \odot \tanh C_t \odot o_t (1 - o_t), \quad
#    \delta a_f = \delta C_t \odot C_{t-1} \odot f_t (1 - f_t) \\
#    \delta a_i &= \delta C_t \odot \tilde C_t \odot i_t (1 - i_t), \quad
#    \delta a_C = \delta C_t \odot i_t \odot (1 - \tilde C_t^2) \\
#    \delta C_{t-1} &= \delta C_t \odot f_t, \qquad
#    [\delta h_{t-1}, \delta x_t] = \delta a\, W, \qquad
#    \delta W \mathrel{+}= \delta a^\top [h_{t-1}, x_t] .
#
# La línea :math:`\delta C_{t-1} = \delta C_t \odot f_t` es la cinta
# transportadora: el gradiente pasa a la celda anterior multiplicado solo por
# la puerta de olvido.
#
# :meth:`~rnnbook.CeldaLSTM.backward_step` valida los gradientes que llegan y
# llama a :meth:`~rnnbook.CeldaLSTM.paso_backward`, que es esa lista de
# ecuaciones: ``_retro_puertas`` llena ``da``
# (:math:`\delta a`, las cuatro pre-activaciones) y devuelve
# :math:`\delta C_{t-1}`; después, ``da @ self.W`` es
# :math:`[\delta h_{t-1}, \delta x_t]` (las primeras H columnas van a
# :math:`h_{t-1}`, el resto a :math:`x_t`) y ``grads["W"]`` es
# :math:`\delta a^\top [h_{t-1}, x_t]`:
fuente(rb.CeldaLSTM.paso_backward)

# %%
# En ``_retro_puertas`` cada línea es una de las ecuaciones de arriba, en el
# mismo orden: primero :math:`\delta C_t` recibe lo que llega por
# :math:`h_t = o_t \odot \tanh C_t`; luego cada bloque de ``da`` es una
# :math:`\delta a` (olvido, entrada, candidato, salida), y la última línea es
# la cinta, :math:`\delta C_{t-1} = \delta C_t \odot f_t`:
from rnnbook.desde_cero.lstm import _retro_puertas

fuente(_retro_puertas)

# %%
# :meth:`~rnnbook.CeldaLSTM.backward_sequence` recorre los pasos al revés con
# ``paso_backward``, y :meth:`~rnnbook.CeldaLSTM.backward` hace lo mismo por
# lotes, con los gradientes de los pesos acumulados al final en dos productos
# de matrices.
#
# Comprobación con diferencias finitas
# ------------------------------------
#
# Usamos una celda pequeña en ``float64`` con **todos los sesgos distintos de
# cero**, un gradiente de arriba aleatorio sobre cada :math:`h_t` y otro sobre
# :math:`C_T`, y comparamos cada gradiente analítico con diferencias finitas
# centradas (:func:`~rnnbook.gradiente_numerico`).
gen = np.random.default_rng(1)
peq = rb.CeldaLSTM(3, 4, semilla=1)
peq.b[:] = gen.normal(0, 0.5, peq.b.shape)
Xp, h0, C0 = (
    gen.normal(size=(2, 6, 3)),
    gen.normal(size=(2, 4)),
    gen.normal(size=(2, 4)),
)
G, gC = gen.normal(size=(2, 6, 4)), gen.normal(size=(2, 4))


def perdida(W=None, b=None, X=None):
    copia = rb.CeldaLSTM(3, 4, semilla=0)
    copia.W[...] = peq.W if W is None else W
    copia.b[...] = peq.b if b is None else b
    Hs_, cache_ = copia.forward(Xp if X is None else X, h0, C0)
    return float(np.sum(Hs_ * G) + np.sum(cache_["Cs"][-1] * gC))


_, cache_p = peq.forward(Xp, h0, C0)
analitico = peq.backward(G, cache_p, dC_T=gC)
numerico = {
    "W": rb.gradiente_numerico(lambda W: perdida(W=W), peq.W),
    "b": rb.gradiente_numerico(lambda b: perdida(b=b), peq.b),
    "X": rb.gradiente_numerico(lambda X: perdida(X=X), Xp),
}
errores = {k: rb.error_relativo(numerico[k], analitico[k]) for k in numerico}
# sphinx_gallery_start_ignore
rb.libro.registrar_medida(
    "parte2.lstm.error_gradiente", max(errores.values()), "{:.1e}"
)
# sphinx_gallery_end_ignore
pd.Series(errores, name="error relativo máximo").to_frame()

# %%
# Y contra PyTorch
# ----------------
#
# Las diferencias finitas tienen su propio error (del orden de
# :math:`10^{-8}` relativo); la autodiferenciación de PyTorch con los mismos
# pesos permite una comparación más estricta. Usamos el lote de 16 secuencias
# de antes y un gradiente de arriba aleatorio:
Xt = torch.from_numpy(Xb).requires_grad_(True)
G16 = np.random.default_rng(2).normal(size=(16, 30, 8))
salida, _ = referencia(Xt)
salida.backward(torch.from_numpy(G16))
nuestro = celda.backward(G16, cache)
H = 8
orden = [1, 0, 2, 3]  # PyTorch i, f, g, o → nuestras f, i, C, o
dW_hh_torch = (
    referencia.weight_hh_l0.grad.numpy().reshape(4, H, H)[orden].reshape(4 * H, H)
)
dif = {
    "dX": np.abs(nuestro["X"] - Xt.grad.numpy()).max(),
    "dW (parte recurrente)": np.abs(nuestro["W"][:, :H] - dW_hh_torch).max(),
    "db": np.abs(
        nuestro["b"] - referencia.bias_ih_l0.grad.numpy().reshape(4, H)[orden].ravel()
    ).max(),
}
# sphinx_gallery_start_ignore
rb.libro.registrar_medida(
    "parte2.lstm.max_delta_grad_torch", float(max(dif.values())), "{:.1e}"
)
# sphinx_gallery_end_ignore
pd.Series(dif, name="máx |Δ| frente a autograd").to_frame()

# %%
# Las dos comprobaciones coinciden: la pasada hacia atrás es correcta.
#
# Para recordar
# -------------
#
# * Una LSTM es cuatro capas lineales sobre :math:`[h_{t-1}, x_t]` (tres
#   sigmoides y una :math:`\tanh`); fusionarlas en una matriz (4H, H + D)
#   las calcula con un solo producto.
# * La inicialización de la guía es gaussiana, no ortogonal; y :math:`C_t`
#   no crece por sí sola: con :math:`f_t < 1` queda acotada.
# * 448 es la cuenta con un sesgo por puerta; ``nn.LSTM(5, 8)`` tiene 480
#   porque guarda dos sesgos que solo se suman.
# * La pasada hacia atrás lleva dos gradientes en el tiempo; por la celda,
#   :math:`\delta C_{t-1} = \delta C_t \odot f_t`. Se verifica con
#   diferencias finitas **y** contra PyTorch.
#
# Ejercicio
# ---------
#
# Añade a la celda una conexión «mirilla» (*peephole*)
# :cite:p:`gers2000peephole`: :math:`f_t = \sigma(W_f [h_{t-1}, x_t] + p_f \odot C_{t-1} + b_f)`.
# Escribe su término en la pasada hacia atrás y compruébalo con
# :func:`~rnnbook.gradiente_numerico`.
