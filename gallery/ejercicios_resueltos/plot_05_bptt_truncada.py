r"""
A1 · BPTT truncada: memoria acotada, memoria corta
==================================================

**Enunciado** (:ref:`ejercicio A1 <ejercicio-a1>`): añade BPTT truncada a
:class:`rnnbook.RNN_BPTT` (la de :doc:`../parte1_rnn/plot_03_bptt`): procesa
secuencias de 200 pasos en bloques de :math:`k = 20`, compara la convergencia
con la BPTT completa y mide la memoria que usa cada una.

La BPTT completa guarda las activaciones de los T pasos antes de empezar a
retropropagar: su memoria crece con T. La **truncada** recorre la secuencia
en trozos de k pasos, deriva y actualiza los pesos al final de cada trozo y
pasa el estado :math:`h` (pero no el gradiente) al trozo siguiente. Aquí
medimos las dos caras de ese trato: la memoria del *backward* deja de
depender de T, y ninguna dependencia más larga que k recibe gradiente.
"""

# %%
# Dispositivo y semillas
# ----------------------
import numpy as np

from rnnbook import describir_dispositivo, elegir_dispositivo

SEMILLA = 0
dispositivo = elegir_dispositivo("auto")
print(f"Dispositivo (parte de PyTorch): {describir_dispositivo(dispositivo)}")

# %%
# Qué se trunca
# -------------
#
# Sea :math:`\tau` el primer paso de un trozo y :math:`L_j` la pérdida media
# de sus pasos. El *forward* es el de siempre: el trozo empieza en el estado
# :math:`h_{\tau-1}` con el que terminó el anterior. El *backward* es la BPTT
# de siempre **dentro** del trozo, con una única diferencia: al llegar a su
# primer paso, el gradiente que iría hacia :math:`h_{\tau-1}` se tira.
#
# .. math::
#
#    \frac{\partial L_j}{\partial h_t} = W_{hy}^\top \frac{\partial L_j}{\partial y_t}
#    + W_{hh}^\top \delta_{t+1} \quad (\tau \le t < \tau + k), \qquad
#    \frac{\partial L_j}{\partial h_{\tau-1}} := 0 .
#
# En NumPy eso no exige código nuevo de derivadas. Este es el bucle de
# :func:`~rnnbook.desde_cero.gradientes_bptt_truncada`: avanza de k en k
# pasos y pasa a cada trozo el estado ``h`` con el que terminó el anterior:
from rnnbook.desde_cero import gradientes_bptt_truncada
from rnnbook.libro import fuente

fuente(gradientes_bptt_truncada)

# %%
# Cada trozo es una llamada a ``gradiente_trozo_sin_validar`` (el cuerpo de
# :func:`~rnnbook.desde_cero.gradiente_trozo`, sin repetir la validación):
# :meth:`~rnnbook.CeldaRNN.forward_sequence` desde el estado recibido, la
# pérdida y su gradiente respecto a cada salida, y
# :meth:`~rnnbook.CeldaRNN.backward_sequence`, la BPTT de siempre dentro del
# trozo. El corte está en ``grads, _, _ = modelo.backward_sequence(dY)``: el
# último valor, el gradiente que llega al estado inicial, se descarta, y eso
# es :math:`\partial L_j/\partial h_{\tau-1} := 0`.
from rnnbook.desde_cero import gradiente_trozo_sin_validar

fuente(gradiente_trozo_sin_validar)

# %%
# En PyTorch, el mismo corte es ``h.detach()`` entre trozos. Para entrenar,
# :func:`~rnnbook.desde_cero.entrenar_bptt_truncada` recorre los trozos igual
# y da un paso de SGD tras cada uno: una secuencia de T pasos produce T/k
# actualizaciones en lugar de una.
#
# Antes de medir nada, comprobamos esos gradientes con pesos y **sesgos** no
# nulos en ``float64`` (T = 12, k = 4):
#
# * el trozo 1 contra diferencias finitas de **su** pérdida, con el estado que
#   le llega fijo;
# * todos los trozos contra autograd con ``h.detach()``;
# * con k = T, contra autograd sin cortes (la BPTT completa).
from rnnbook import CeldaRNN
from rnnbook.datos import crear_tarea_eco
from rnnbook.experimentos import comprobar_gradientes_truncada

celda = CeldaRNN(1, 4, 2, semilla=SEMILLA)
gen = np.random.default_rng(SEMILLA)
# sesgos no nulos: la comprobación los cubre
celda.b_h = 0.3 * gen.standard_normal(celda.b_h.shape)
celda.b_y = 0.3 * gen.standard_normal(celda.b_y.shape)
X_chico, Y_chico = crear_tarea_eco(n=3, T=12, retardo=2, semilla=SEMILLA)
comprobacion = comprobar_gradientes_truncada(celda, X_chico, Y_chico, k=4, trozo=1)
error_fd = float(comprobacion["error_dif_finitas"].max())
error_pt = float(
    comprobacion[["error_torch_truncada", "error_torch_completa"]].max().max()
)
print(
    f"Error relativo máximo: diferencias finitas {error_fd:.1e}, PyTorch {error_pt:.1e}"
)
# sphinx_gallery_start_ignore
from rnnbook.libro import formato_miles, registrar_medida

registrar_medida("ejercicios.a1.error_dif_finitas", error_fd, "{:.1e}")
registrar_medida("ejercicios.a1.error_torch", error_pt, "{:.1e}")
# sphinx_gallery_end_ignore
comprobacion

# %%
# Los errores son los del redondeo: el corte hace exactamente lo que dice la
# ecuación, y con k = T la versión truncada **es** la BPTT completa.
#
# Una tarea donde el corte se nota: el eco con retardo
# -----------------------------------------------------
#
# :func:`rnnbook.datos.crear_tarea_eco` genera secuencias de 200 bits al azar
# (:math:`x_t = \pm 1`) y pide en cada paso el bit que entró d pasos antes,
# :math:`y_t = \mathbf{1}[x_{t-d} > 0]`. Los bits son independientes: sin
# recordar :math:`x_{t-d}` no hay nada mejor que la pérdida
# :math:`\ln 2 \approx 0.693` (acertar la mitad). Si d < k, muchos pares
# causa-objetivo caen dentro del mismo trozo y el gradiente los une; si
# d > k, **ninguno**: la causa siempre está en un trozo anterior.
X_demo, Y_demo = crear_tarea_eco(n=1, T=200, retardo=3, semilla=SEMILLA)
print("x_t:", " ".join(f"{int(v):+d}" for v in X_demo[:12, 0, 0]))
print(
    "y_t:",
    " ".join(" ·" if v < 0 else f"{v:2d}" for v in Y_demo[:12, 0]),
    "  (retardo 3; · = sin objetivo)",
)

# %%
# Retardo 10: completa, k = 20 y k = 5
# ------------------------------------
#
# La RNN es :class:`rnnbook.RNN_BPTT` con H = 32, inicialización de Xavier,
# SGD con tasa 0.5 y recorte por norma global a 1, y su salida se lee en
# **cada** paso. Las tres variantes ven exactamente los mismos datos: 40 lotes
# de 32 secuencias de 200 pasos, que se recorren una vez. Cada lote empieza
# con :math:`h = 0`. :func:`rnnbook.desde_cero.entrenar_bptt_truncada` con ``k=None`` es
# la BPTT completa.
from rnnbook import RNN_BPTT
from rnnbook.desde_cero import entrenar_bptt_truncada
from rnnbook.experimentos import resumen_convergencia

T, K, TAM_LOTE = 200, 20, 32


def entrenar_numpy(retardo, k, lotes, evaluar_cada):
    X, Y = crear_tarea_eco(n=lotes * TAM_LOTE, T=T, retardo=retardo, semilla=SEMILLA)
    validacion = crear_tarea_eco(n=128, T=T, retardo=retardo, semilla=SEMILLA + 1)
    modelo = RNN_BPTT(1, 32, 2, lr=0.5, semilla=SEMILLA, escala=None, max_norm=1.0)
    return entrenar_bptt_truncada(
        modelo,
        X,
        Y,
        k=k,
        tam_lote=TAM_LOTE,
        validacion=validacion,
        evaluar_cada=evaluar_cada,
    )


corto = {
    "completa (k = T = 200)": entrenar_numpy(10, None, 40, 2),
    "truncada, k = 20": entrenar_numpy(10, K, 40, 2),
    "truncada, k = 5": entrenar_numpy(10, 5, 40, 2),
}
resumen_corto = resumen_convergencia(corto, umbral=0.1)
resumen_corto.round(3)

# %%
# La columna ``segundos`` es tiempo de reloj y varía de una ejecución a otra;
# el resto se repite exactamente.
import pandas as pd

from rnnbook.figuras import figura_convergencia_truncada

fig = figura_convergencia_truncada(
    corto, titulo="Eco con retardo d = 10 (RNN de NumPy, T = 200)"
)

print("Pérdida final de validación:")
for etiqueta, perdida in resumen_corto["perdida_final"].items():
    print(f"  {etiqueta}: {perdida:.3f}")
# sphinx_gallery_start_ignore
for etiqueta, clave in zip(corto, ("completa", "k20", "k5")):
    fila = resumen_corto.loc[etiqueta]
    registrar_medida(
        f"ejercicios.a1.d10_perdida_{clave}", fila["perdida_final"], "{:.3f}"
    )
    registrar_medida(
        f"ejercicios.a1.d10_exactitud_{clave}",
        100 * fila["exactitud_final"],
        "{:.1f} %",
    )
for etiqueta, clave in zip(corto, ("completa", "k20", "k5")):
    secuencias = resumen_corto.loc[etiqueta, "secuencias_hasta_umbral"]
    registrar_medida(
        f"ejercicios.a1.d10_secuencias_{clave}",
        "no la alcanza" if pd.isna(secuencias) else f"{formato_miles(int(secuencias))}",
        "{}",
    )
# sphinx_gallery_end_ignore

# %%
# Tres lecturas de la figura, una por panel:
#
# * **Por secuencia procesada** (izquierda: el mismo cómputo de *forward* y
#   *backward* para las tres): con d = 10 < k = 20 la truncada gana con
#   claridad: baja de 0.1 nats en los primeros lotes (columna
#   ``secuencias_hasta_umbral``) y la completa no llega a 0.1 en todo el
#   entrenamiento. No es que estime mejor el gradiente: da
#   **diez pasos** de SGD donde la completa da uno, y lo que hay que
#   aprender cabe en 20 pasos.
# * **Por actualización** (centro): es la comparación que más favorece a la
#   completa, porque cada uno de sus pasos promedia diez veces más datos. Aun
#   así, a igual número de pasos la truncada llega más abajo. En esta tarea
#   los términos del gradiente que recorren más de 20 pasos no traen nada
#   útil: el objetivo depende solo de :math:`x_{t-10}`.
# * **Por tiempo de reloj** (derecha): cada secuencia le cuesta algo más a
#   la truncada (diez recortes y diez pasos de SGD en lugar de uno, y un
#   bucle de Python por trozo), pero su ventaja por secuencia es tan grande
#   que también gana en segundos.
#
# Con k = 5 < d = 10, en cambio, la pérdida se queda cerca de
# :math:`\ln 2`. Ningún trozo contiene a la vez :math:`x_{t-10}` y
# :math:`y_t`, así que ningún gradiente puede enseñar a la red a **guardar**
# el bit. Lo poco que baja de :math:`\ln 2` no es aprendizaje de memoria:
# la capa de salida, cuyo gradiente no necesita retroceder en el tiempo,
# aprende a leer lo que los pesos recurrentes **aleatorios** ya recuerdan
# por azar de diez pasos atrás (con la inicialización de Xavier,
# :math:`W_{hh}` tiene un radio espectral cercano a 1 y la red arrastra un
# rato lo que le entra).
#
# Retardo 25 > k = 20: el corte lo impide, y la completa no llega
# -----------------------------------------------------------------
#
# Ahora la dependencia es más larga que el trozo de 20 pasos del enunciado.
largo = {
    "completa (k = T = 200)": entrenar_numpy(25, None, 30, 5),
    "truncada, k = 20": entrenar_numpy(25, K, 30, 5),
}
resumen_largo = resumen_convergencia(largo, umbral=0.1)
# sphinx_gallery_start_ignore
for etiqueta, clave in zip(largo, ("completa", "k20")):
    registrar_medida(
        f"ejercicios.a1.d25_perdida_{clave}",
        resumen_largo.loc[etiqueta, "perdida_final"],
        "{:.3f}",
    )
    registrar_medida(
        f"ejercicios.a1.d25_exactitud_{clave}",
        100 * resumen_largo.loc[etiqueta, "exactitud_final"],
        "{:.1f} %",
    )
# sphinx_gallery_end_ignore
fig = figura_convergencia_truncada(
    largo, ejes=["secuencias"], titulo="Eco con retardo d = 25 > k = 20"
)
resumen_largo.round(3)

# %%
# La truncada se queda en :math:`\ln 2` por construcción: la causa de cada
# objetivo está siempre en un trozo anterior. Pero la completa, que sí une
# cada :math:`y_t` con :math:`x_{t-25}`, **tampoco** aprende en este
# presupuesto: el gradiente que recorre 25 pasos de una RNN simple llega
# desvanecido (es la lección de la Parte 2,
# :doc:`../parte2_gradiente_lstm/plot_01_flujo_gradiente`). La verdad honesta
# es que con una RNN simple la truncada con k = 20 no pierde aquí nada que la
# completa supiera aprovechar; lo que sí fija el corte es un **techo duro**:
# ni una LSTM ni más épocas harían aprender a la truncada una dependencia de
# más de k pasos. El efecto del corte sobre algo que la completa sí aprende
# es el del retardo 10 con k = 5.
#
# Lo mismo en PyTorch: ``h.detach()`` entre trozos
# ------------------------------------------------
#
# :func:`rnnbook.experimentos.entrenar_bptt_truncada_torch` es el bucle de la pista del
# libro: *forward* de un trozo desde el estado anterior, pérdida,
# ``backward``, recorte, paso de Adam y ``detach`` del estado. No usa
# :func:`rnnbook.entrenar` porque el motor hace un solo *backward* y un solo
# paso por lote, desde el estado cero y con lotes de filas barajadas; aquí
# hay que cortar el lote a lo largo del tiempo y hacer T/k pasos por lote, en
# orden. El modelo es un :class:`rnnbook.modelos.EtiquetadorRecurrente` (``nn.RNN`` +
# ``nn.Linear`` en cada paso), con la misma tarea de retardo 10.
from rnnbook import fijar_semilla
from rnnbook.datos import eco_a_torch
from rnnbook.experimentos import entrenar_bptt_truncada_torch
from rnnbook.modelos import EtiquetadorRecurrente

X_pt, Y_pt = eco_a_torch(
    *crear_tarea_eco(n=16 * TAM_LOTE, T=T, retardo=10, semilla=SEMILLA)
)
validacion_pt = eco_a_torch(
    *crear_tarea_eco(n=128, T=T, retardo=10, semilla=SEMILLA + 1)
)
en_torch = {}
for k in (K, 5):
    fijar_semilla(SEMILLA)
    red = EtiquetadorRecurrente("RNN", 1, 32, 2)
    en_torch[f"PyTorch, k = {k}"] = entrenar_bptt_truncada_torch(
        red,
        X_pt,
        Y_pt,
        k=k,
        tam_lote=TAM_LOTE,
        lr=1e-2,
        validacion=validacion_pt,
        evaluar_cada=4,
        dispositivo=dispositivo,
        semilla=SEMILLA,
    )
resumen_torch = resumen_convergencia(en_torch, umbral=0.1)
# sphinx_gallery_start_ignore
for etiqueta, k in zip(en_torch, (K, 5)):
    registrar_medida(
        f"ejercicios.a1.torch_perdida_k{k}",
        resumen_torch.loc[etiqueta, "perdida_final"],
        "{:.3f}",
    )
# sphinx_gallery_end_ignore
resumen_torch.round(3)

# %%
# El mismo veredicto con otro optimizador y otra inicialización: con k = 20
# el eco se aprende en pocos lotes y con k = 5 la pérdida no se mueve de
# :math:`\ln 2`. Aquí ni siquiera baja un poco: la inicialización de PyTorch
# (pesos uniformes en :math:`\pm 1/\sqrt{H}`) da a :math:`W_{hh}` un radio
# espectral de :math:`1/\sqrt{3} \approx 0.6`, la red olvida en pocos pasos y
# no queda nada que la salida pueda leer de diez pasos atrás.
#
# La memoria, medida
# ------------------
#
# :func:`rnnbook.experimentos.tabla_memoria_truncada` mide, para lotes de 32 secuencias y
# H = 32, dos cosas reales:
#
# * **NumPy**: el pico de memoria reservada durante el cálculo de los
#   gradientes de una pasada, con :mod:`tracemalloc` (NumPy le notifica cada
#   búfer que reserva). Incluye las activaciones guardadas (``H``, ``A`` y las
#   salidas de cada paso del trozo), los gradientes y los temporales.
# * **PyTorch**: los bytes que autograd guarda para el *backward* de un
#   trozo (el mayor de todos), con :func:`rnnbook.experimentos.memoria_activaciones` de
#   :doc:`../parte4_avanzadas/plot_05_benchmark`, sin contar los parámetros. En una GPU se
#   añade el pico real de ``torch.cuda.max_memory_allocated`` durante la
#   pasada.
from rnnbook.experimentos import tabla_memoria_truncada
from rnnbook.figuras import figura_memoria_truncada

pares = [(t, k) for t in (50, 100, 200, 400) for k in (K, None)] + [
    (T, k) for k in (5, 10, 50, 100)
]
memoria = tabla_memoria_truncada(
    pares, hidden_size=32, tam_lote=TAM_LOTE, semilla=SEMILLA, dispositivo=dispositivo
)
if dispositivo.type != "cuda":
    memoria = memoria.drop(columns="torch_pico_cuda_kb")
memoria.sort_values(["T", "k"]).round(1)

# %%
fig = figura_memoria_truncada(memoria, k=K, T=T)

en_200 = memoria[memoria["T"] == T].set_index("k")
np_completa = en_200.loc[T, "numpy_pico_kb"]
np_truncada = en_200.loc[K, "numpy_pico_kb"]
pt_completa = en_200.loc[T, "torch_activaciones_kb"]
pt_truncada = en_200.loc[K, "torch_activaciones_kb"]
razon_np = np_completa / np_truncada
razon_pt = pt_completa / pt_truncada
from rnnbook.libro import formato_miles  # miles con espacio fino, nunca con coma

print(
    f"T = 200: NumPy {formato_miles(np_completa)} kB (completa) frente a "
    f"{formato_miles(np_truncada)} kB (k = 20), {razon_np:.1f} veces; "
    f"PyTorch {formato_miles(pt_completa)} kB frente a "
    f"{formato_miles(pt_truncada)} kB, "
    f"{razon_pt:.1f} veces"
)
# sphinx_gallery_start_ignore
for clave, kb in [
    ("numpy_completa", np_completa),
    ("numpy_k20", np_truncada),
    ("torch_completa", pt_completa),
    ("torch_k20", pt_truncada),
]:
    registrar_medida(
        f"ejercicios.a1.memoria_{clave}_kb", kb, lambda v: f"{formato_miles(v)} kB"
    )
registrar_medida("ejercicios.a1.memoria_razon_numpy", razon_np, "{:.1f}")
registrar_medida("ejercicios.a1.memoria_razon_torch", razon_pt, "{:.1f}")
# sphinx_gallery_end_ignore

# %%
# En ejes logarítmicos una recta de pendiente 1 es memoria proporcional. La
# completa crece en línea recta con T; la truncada con k = 20 es plana: su
# *backward* nunca ve más de 20 pasos, y el estado que pasa de un trozo a
# otro es una sola matriz (H, N). Frente a k (panel derecho) la memoria de
# la truncada vuelve a ser proporcional, ahora a k. La razón con T = 200 es
# algo menor que T/k = 10 en NumPy porque los gradientes de los pesos y los
# temporales de cada paso no dependen de k.
#
# Para recordar
# -------------
#
# * BPTT truncada = el mismo *forward* (el estado cruza los trozos) y un
#   *backward* que se detiene en el borde del trozo. En NumPy es descartar el
#   gradiente hacia el estado inicial; en PyTorch, ``h.detach()``.
# * La memoria del *backward* pasa de ser proporcional a T a serlo a k:
#   medida, no supuesta, en NumPy y en PyTorch.
# * Ninguna dependencia más larga que k recibe gradiente: es un techo que
#   ningún modelo ni ningún número de épocas levanta. Lo que la red recuerde
#   más allá de k no lo aprendió para esa dependencia: es un efecto
#   secundario de la inicialización o de lo aprendido para dependencias más
#   cortas.
# * La truncada da T/k actualizaciones por secuencia. Cuando las
#   dependencias caben en el trozo, eso la hace **más rápida** por dato y
#   por segundo; compara siempre con el mismo número de secuencias o de
#   segundos, no de actualizaciones.
# * Con una RNN simple, la BPTT completa tampoco aprende dependencias de 25
#   pasos en este presupuesto: el desvanecimiento del gradiente llega antes
#   que el corte.
#
# **Para seguir:** repite el retardo 10 con k = 10 y k = 12. ¿Cuántos pares
# causa-objetivo caen dentro de un mismo trozo en cada caso? ¿Y si los trozos
# se solapan (avanzar de 10 en 10 pero retropropagar 20 pasos)?
