"""
Retropropagación a través del tiempo (BPTT)
===========================================

Para entrenar una RNN hay que derivar la pérdida respecto a unos pesos que se
usan en **todos** los pasos de tiempo. La retropropagación a través del tiempo
(BPTT) es la retropropagación de siempre aplicada a la red desenrollada: se
recorre la secuencia hacia atrás y se suman las contribuciones de cada paso.
En este ejemplo implementamos BPTT con NumPy (:class:`rnnbook.RNN_BPTT`), lo
verificamos contra diferencias finitas y contra PyTorch, y medimos cuánto
tarda de verdad en converger el experimento de la guía.
"""

# %%
# El modelo y sus gradientes
# --------------------------
#
# :class:`~rnnbook.RNN_BPTT` es una RNN muchos a uno: recorre la secuencia,
# aplica una capa lineal y una *softmax* al último estado y mide la entropía
# cruzada con la clase correcta :math:`c`:
#
# .. math::
#
#    p = \mathrm{softmax}(W_{hy} h_T + b_y), \qquad L = -\log p_c .
#
# El gradiente empieza en la salida y viaja hacia atrás por la cadena de
# estados. Llamamos :math:`\delta_t` al gradiente respecto a la
# pre-activación :math:`a_t`:
#
# .. math::
#
#    \frac{\partial L}{\partial z} = p - e_c, \qquad
#    \frac{\partial L}{\partial h_T} = W_{hy}^\top (p - e_c), \qquad
#    \delta_t = \frac{\partial L}{\partial h_t} \odot (1 - h_t^2), \qquad
#    \frac{\partial L}{\partial h_{t-1}} = W_{hh}^\top \delta_t .
#
# El factor :math:`1 - h_t^2` es la derivada de :math:`\tanh`. Como los pesos
# son los mismos en todos los pasos, sus gradientes **suman** las
# contribuciones de cada paso:
#
# .. math::
#
#    \frac{\partial L}{\partial W_{hh}} = \sum_{t=1}^{T} \delta_t\, h_{t-1}^\top, \qquad
#    \frac{\partial L}{\partial W_{xh}} = \sum_{t=1}^{T} \delta_t\, x_t^\top, \qquad
#    \frac{\partial L}{\partial b_h} = \sum_{t=1}^{T} \delta_t .
#
# :meth:`~rnnbook.RNN_BPTT.backward` es exactamente ese bucle, de
# :math:`t = T` a :math:`t = 1`. La parte pública comprueba las formas de sus
# argumentos (una sola vez, en la entrada) y llama a ``_backward``, que es el
# código de abajo, el que se ejecuta. ``dlogits`` es :math:`p - e_c` (dividido
# entre N, la pérdida es la media del lote); ``dh`` empieza en
# :math:`W_{hy}^\top (p - e_c)`; dentro del bucle, el retroceso de cada paso es el
# de la celda, ``_retro_paso`` (:math:`\delta_t` a través de :math:`\tanh`, su
# parte de los gradientes de :math:`W_{xh}`, :math:`W_{hh}` y :math:`b_h`, y el
# gradiente que pasa a :math:`h_{t-1}` a través de :math:`W_{hh}^\top`), y el
# ``+=`` hace las tres sumas sobre :math:`t`.
from rnnbook import RNN_BPTT
from rnnbook.libro import fuente

fuente(RNN_BPTT._backward)

# %%
# Con una salida en **cada** paso (una RNN muchos a muchos) el bucle es el
# mismo, con una diferencia: a :math:`\partial L/\partial h_t` se suma además
# lo que llega de su propia salida, :math:`W_{hy}^\top\, \partial L/\partial y_t`.
# Es :meth:`~rnnbook.CeldaRNN.backward_sequence`, que delega cada paso en el
# mismo retroceso por :math:`\tanh` de la celda (``_retro_paso``) y devuelve
# también el gradiente que llega a :math:`h_0`:
from rnnbook import CeldaRNN

fuente(CeldaRNN.backward_sequence)

# %%
# Comprobación del gradiente
# --------------------------
#
# Verificamos :meth:`~rnnbook.RNN_BPTT.backward` de dos maneras independientes:
#
# * contra **diferencias finitas** centradas,
#   :math:`\partial L/\partial w \approx (L(w+h) - L(w-h))/2h`, perturbando
#   cada peso por separado;
# * contra la **autodiferenciación de PyTorch**: los mismos pesos copiados en
#   un ``torch.nn.RNN`` y un ``torch.nn.Linear`` en ``float64``.
#
# Todo en ``float64``. Para que la prueba sea exigente usamos pesos de
# desviación 0.5 (con los ×0.01 de la guía la red es casi lineal) y sesgos
# **distintos de cero**: con sesgos nulos un error en su gradiente pasaría
# inadvertido.
import numpy as np

from rnnbook.desde_cero import comprobar_gradientes_bptt

gen = np.random.default_rng(0)
modelo = RNN_BPTT(input_size=3, hidden_size=4, output_size=2, semilla=gen, escala=0.5)
modelo.b_h = 0.2 * gen.standard_normal((4, 1))
modelo.b_y = 0.2 * gen.standard_normal((2, 1))
X = [gen.standard_normal((3, 1)) for _ in range(6)]  # T = 6 vectores (D, 1)

tabla = comprobar_gradientes_bptt(modelo, X, y_true=1)
tabla

# %%
# Cada columna es el máximo error relativo, elemento a elemento, entre el
# gradiente de BPTT y la referencia:
err_df = tabla["error_dif_finitas"].max()
err_pt = tabla["error_torch"].max()
print(f"Error relativo máximo frente a diferencias finitas: {err_df:.1e}")
print(f"Error relativo máximo frente a PyTorch (autograd):  {err_pt:.1e}")
# sphinx_gallery_start_ignore
from rnnbook.libro import registrar_medida

registrar_medida("parte1.bptt.error_dif_finitas", err_df, "{:.1e}")
registrar_medida("parte1.bptt.error_torch", err_pt, "{:.1e}")
# sphinx_gallery_end_ignore

# %%
# Frente a diferencias finitas el error queda muy por debajo de
# :math:`10^{-6}`, lo que cabe esperar de una aproximación de orden
# :math:`h^2` con :math:`h = 10^{-6}` más el redondeo de la resta. Frente a
# PyTorch el acuerdo llega al redondeo de ``float64``: las dos
# implementaciones calculan el mismo gradiente.
#
# El experimento de la guía
# -------------------------
#
# La guía entrena esta red con una única secuencia de cinco pasos
# (D = 3, H = 4, dos clases, clase objetivo 1), pesos iniciales ×0.01,
# :math:`\eta = 0.01` y recorte de gradiente con umbral 5, y afirma que tras
# 200 épocas la pérdida «debería acercarse a 0.0». Aquí cada época es una
# sola actualización de SGD, porque el conjunto de entrenamiento es una sola
# secuencia. :func:`rnnbook.experimentos.problema_guia_bptt` reproduce exactamente sus
# números aleatorios (``np.random.seed(0)``). Entrenamos hasta que la pérdida
# baje de 0.01 y anotamos cada paso con :func:`rnnbook.experimentos.entrenar_bptt`.
from rnnbook.experimentos import entrenar_bptt, problema_guia_bptt
from rnnbook.libro import formato_miles

modelo, X, y_clase = problema_guia_bptt(lr=0.01)
hist = entrenar_bptt(modelo, X, y_clase, pasos=5000, umbral=0.01)
hist.iloc[[0, 1, 50, 100, 200, 500, 1000, len(hist) - 1]].set_index("paso")

# %%
# La fila 0 es la pérdida antes de entrenar; la fila :math:`k`, la pérdida
# tras :math:`k` actualizaciones.
p0 = hist["perdida"].iloc[0]
p200 = hist["perdida"].iloc[200]
pasos = int(hist["paso"].iloc[-1])
norma = hist["norma"].max()
recortes = int(hist["recortado"].sum())
print(f"Pérdida inicial:                    {p0:.4f}  (log 2 = {np.log(2):.4f})")
print(f"Pérdida tras 200 actualizaciones:   {p200:.4f}")
print(
    f"Actualizaciones hasta pérdida 0.01: {formato_miles(pasos)}"
    f"  ({pasos / 200:.1f} veces las 200 de la guía)"
)
print(f"Norma máxima del gradiente:         {norma:.2f}  (umbral del recorte: 5)")
print(f"Pasos en que actuó el recorte:      {recortes}")
# sphinx_gallery_start_ignore
registrar_medida("parte1.bptt.perdida_inicial", p0, "{:.4f}")
registrar_medida("parte1.bptt.perdida_200", p200, "{:.4f}")
registrar_medida("parte1.bptt.pasos_hasta_001", pasos, formato_miles)
registrar_medida("parte1.bptt.norma_max_guia", norma, "{:.2f}")
registrar_medida("parte1.bptt.recortes_guia", recortes, "{}")
# sphinx_gallery_end_ignore

# %%
# La pérdida empieza, como dice la guía, cerca de :math:`\log 2`: con pesos
# tan pequeños la red asigna casi 0.5 a cada clase. Pero tras 200
# actualizaciones **no** está cerca de cero, y para bajar de 0.01 hacen falta
# muchas más actualizaciones de las que entrena la guía. Además, la norma del
# gradiente nunca se acerca al umbral 5, así que el recorte nunca actúa y las
# líneas ``[Clipping]`` que anuncia la guía no aparecen (el ejemplo del
# recorte de gradiente construye un caso en que sí actúa).
#
# Así recorta :meth:`~rnnbook.RNN_BPTT.clip_gradients`: mide la norma
# **global** :math:`\lVert g \rVert` de los cinco gradientes juntos y, solo si
# pasa del umbral, multiplica todos por el mismo factor
# :math:`\mathrm{max\_norm}/\lVert g \rVert` (la dirección no cambia). La línea
# ``[Clipping]`` se imprime únicamente cuando ``factor < 1``:
fuente(RNN_BPTT.clip_gradients)

# %%
# ¿Por qué tan despacio?
# ----------------------
#
# Miremos el primer gradiente, parámetro a parámetro:
import pandas as pd

modelo0, X, y_clase = problema_guia_bptt(lr=0.01)
H, A, y_pred = modelo0.forward(X)
grads = modelo0.backward(X, H, A, y_pred, y_clase)
normas = pd.Series(
    {nombre: np.linalg.norm(g) for nombre, g in grads.items()},
    name="norma del gradiente",
)
# sphinx_gallery_start_ignore
registrar_medida("parte1.bptt.norma_grad_whh_inicial", normas["W_hh"], "{:.1e}")
# sphinx_gallery_end_ignore
print(f"max |h_T| al empezar: {np.abs(H[-1]).max():.3f}")
normas.to_frame()

# %%
# Casi toda la norma del gradiente está en el sesgo de salida :math:`b_y`. Los
# pesos recurrentes apenas reciben señal: su gradiente
# :math:`\sum_t \delta_t h_{t-1}^\top` es un producto de cantidades que, con
# pesos ×0.01, son todas diminutas (los estados no pasan de unas centésimas).
# La red empieza aprendiendo solo a desplazar la salida; y como el gradiente
# de la entropía cruzada, :math:`p - e_c`, se hace más pequeño a medida que la
# pérdida baja, cada paso avanza menos que el anterior.
#
# ¿Qué tasa de aprendizaje lo consigue en 200 pasos?
# ---------------------------------------------------
#
# Repetimos el mismo experimento (mismos pesos iniciales y misma secuencia) con
# varias tasas de aprendizaje con :func:`rnnbook.experimentos.barrido_tasa_aprendizaje`:
from rnnbook.experimentos import barrido_tasa_aprendizaje

tasas, historiales = barrido_tasa_aprendizaje(
    [0.01, 0.03, 0.1, 0.3, 1.0], pasos=200, umbral=0.01
)
tasas

# %%
# La menor tasa de la lista que baja de 0.01 en 200 pasos:
suficientes = tasas[tasas["pasos_hasta_umbral"].notna()]
lr_min = suficientes.index.min()
pasos_lr_min = suficientes.loc[lr_min, "pasos_hasta_umbral"]
print(f"η = {lr_min:g}: la pérdida baja de 0.01 en {pasos_lr_min} pasos")
# sphinx_gallery_start_ignore
registrar_medida("parte1.bptt.lr_minima_200", lr_min, "{:g}")
registrar_medida("parte1.bptt.pasos_lr_minima", int(pasos_lr_min), "{}")
registrar_medida("parte1.bptt.norma_max_barrido", tasas["norma_max"].max(), "{:.2f}")
# sphinx_gallery_end_ignore

# %%
# Subir la tasa de aprendizaje basta para cumplir lo que la guía promete en
# sus 200 pasos. En ninguna tasa de la tabla actúa el recorte: la norma máxima es la del primer paso, que no
# depende de la tasa. La figura compara las curvas en escala logarítmica:
# la de la guía (:math:`\eta = 0.01`) hasta llegar a 0.01 y las de las tasas
# mayores durante sus 200 pasos.
from rnnbook.figuras import PALETA, figura_convergencia_bptt

fig = figura_convergencia_bptt(
    {
        "η = 0.01 (guía)": hist["perdida"],
        "η = 0.1": historiales[0.1]["perdida"],
        "η = 1.0": historiales[1.0]["perdida"],
    },
    umbral=0.01,
)
ax = fig.axes[0]
ax.axvline(200, color=PALETA["referencia"], ls=":", lw=1, label="200 pasos (guía)")
_ = ax.legend()

# %%
# Para recordar
# -------------
#
# * BPTT es retropropagación en la red desenrollada: el gradiente de
#   :math:`h_t` recibe lo que vuelve de :math:`h_{t+1}` a través de
#   :math:`W_{hh}^\top` y de la derivada de :math:`\tanh`, y los gradientes de
#   los pesos compartidos suman las contribuciones de todos los pasos.
# * Todo gradiente escrito a mano se comprueba: contra diferencias finitas y
#   contra PyTorch con los mismos pesos, en ``float64`` y con sesgos no nulos.
# * El ejemplo de la guía no llega a pérdida ≈ 0 en 200 pasos: con pesos
#   ×0.01 y :math:`\eta = 0.01` necesita muchas más actualizaciones; con la
#   tasa mayor que se imprime arriba le bastan 200.
# * En ese ejemplo el recorte de gradiente no actúa nunca.
#
# **Ejercicio.** Construye el modelo con la inicialización de Xavier
# (``RNN_BPTT(3, 4, 2, lr=0.01, escala=None, semilla=0)``), entrénalo con la
# misma secuencia ``X`` y cuenta las actualizaciones hasta pérdida 0.01. ¿Cuánto
# del problema era la escala inicial y cuánto la tasa de aprendizaje?
