r"""
LSTM apilada: parámetros, calidad y coste según la profundidad
==============================================================

Una LSTM apilada encadena capas: la secuencia de estados de la capa
:math:`\ell` es la secuencia de entradas de la capa :math:`\ell + 1`,

.. math::

    h^{(1)}_t = \mathrm{LSTM}^{(1)}(x_t, h^{(1)}_{t-1}), \qquad
    h^{(\ell+1)}_t = \mathrm{LSTM}^{(\ell+1)}(h^{(\ell)}_t, h^{(\ell+1)}_{t-1}),

y la predicción se hace con la última capa. En PyTorch basta
``nn.LSTM(..., num_layers=L)``. Aquí contamos cuánto cuesta cada capa, en
parámetros y en tiempo, y entrenamos profundidades de 1 a 4 en la misma tarea.
"""

# %%
# Parámetros por profundidad
# --------------------------
# La primera capa lee :math:`x_t \in \mathbb{R}^D`; las siguientes leen
# :math:`h_t \in \mathbb{R}^H`. Con las dos matrices y los dos sesgos de
# PyTorch:
#
# .. math::
#
#     P_1 = 4(HD + H^2 + 2H), \qquad P_{\ell > 1} = 4(H^2 + H^2 + 2H).
#
# La tabla cuenta los parámetros de dos formas: con ``numel()`` de un
# ``nn.LSTM`` real y con la fórmula de :func:`~rnnbook.contar_parametros_torch`
# (Parte 2), para la configuración de la guía (entrada 64, oculto 128).
import rnnbook

tabla_parametros = rnnbook.experimentos.tabla_parametros_apilado(
    input_size=64, hidden_size=128, capas=(1, 2, 3, 4)
)
assert (tabla_parametros["parametros"] == tabla_parametros["formula"]).all()
# sphinx_gallery_start_ignore
for capas, fila in tabla_parametros.iterrows():
    rnnbook.libro.registrar_medida(
        f"parte4.apilado.parametros_{capas}_capas",
        int(fila["parametros"]),
        rnnbook.libro.formato_miles,
    )
# sphinx_gallery_end_ignore
tabla_parametros

# %%
# Las dos columnas coinciden. Cada capa añadida suma lo mismo,
# :math:`4(2H^2 + 2H) = 132\,096` parámetros, más que la primera
# (:math:`99\,328`) porque su entrada (:math:`H = 128`) es mayor que la de la
# primera (:math:`D = 64`). El crecimiento es lineal en la profundidad y
# cuadrático en :math:`H`.
#
# Calidad y tiempo frente a la profundidad
# ----------------------------------------
# Entrenamos LSTM unidireccionales de 1, 2, 3 y 4 capas (:math:`H = 32`, sin
# *dropout*) en la tarea de la página anterior, con secuencias más cortas
# (12 *tokens*: la clase está en el primero y los otros 11 son ruido) para
# que todas las profundidades puedan resolverla. Mismos datos, cinco épocas,
# tasa de aprendizaje y semilla; 15 % de los datos se reserva para la prueba.
import pandas as pd

rnnbook.fijar_semilla(0)
dispositivo = rnnbook.elegir_dispositivo("auto")
print("Dispositivo:", rnnbook.describir_dispositivo(dispositivo))

tabla, historiales = rnnbook.experimentos.comparar_profundidades(
    capas=(1, 2, 3, 4),
    n=1500,
    seq_len=12,
    hidden_size=32,
    epocas=5,
    semilla=0,
    dispositivo=dispositivo,
)
# sphinx_gallery_start_ignore
for capas, fila in tabla.iterrows():
    rnnbook.libro.registrar_medida(
        f"parte4.apilado.exactitud_{capas}_capas",
        100 * fila["exactitud_prueba"],
        "{:.1f} %",
    )
    rnnbook.libro.registrar_medida(
        f"parte4.apilado.s_epoca_{capas}_capas", fila["s_por_epoca"], "{:.2f}"
    )
    epoca = fila["primera_epoca_umbral"]
    rnnbook.libro.registrar_medida(
        f"parte4.apilado.epoca_95_{capas}_capas",
        "no llega" if pd.isna(epoca) else int(epoca),
    )
# sphinx_gallery_end_ignore
tabla.round(3)

# %%
fig = rnnbook.figuras.figura_profundidad(tabla, historiales)

# %%
# Qué muestra la tabla:
#
# * **Tiempo.** Cada capa es otra recurrencia completa de :math:`T` pasos, así
#   que el coste por época crece aproximadamente en proporción al número de
#   capas (la columna ``s_por_epoca`` incluye la validación y el ruido de una
#   máquina compartida).
# * **Calidad.** En esta tarea la pista cabe en una capa: todas las
#   profundidades terminan acertando en la prueba. Lo que cambia es **cuándo**
#   lo consiguen (``primera_epoca_umbral``, primera época con al menos un
#   95 % de validación). Con esta semilla las redes más profundas
#   encuentran la solución antes. No lo tomes como ley: es un único
#   entrenamiento por profundidad, y en otras tareas, o con muchas más
#   capas, lo habitual es que la profundidad haga el entrenamiento **más**
#   difícil.
#
# La profundidad añade capacidad para representaciones jerárquicas (en
# traducción o reconocimiento de voz se usan 2–4 capas, a menudo con
# *dropout* entre capas y conexiones residuales), pero se paga en parámetros,
# tiempo y latencia, porque la capa :math:`\ell + 1` no puede avanzar hasta
# que la :math:`\ell` ha producido su estado.
#
# Para recordar
# -------------
# * Una capa LSTM extra cuesta :math:`4(2H^2 + 2H)` parámetros: con
#   :math:`H = 128`, la diferencia entre dos filas seguidas de la tabla.
# * El tiempo crece con la profundidad; la calidad solo si la tarea lo pide.
#   Empieza con 1–2 capas y añade más cuando la validación lo justifique.
# * Compara profundidades con los mismos datos, semilla y presupuesto, y
#   repite con varias semillas antes de concluir.
#
# **Ejercicio.** Repite la comparación con las semillas 1, 2 y 3 y con
# secuencias de 40 *tokens*. ¿Se mantiene el orden de las profundidades en
# ``primera_epoca_umbral``? Añade ``dropout=0.2`` entre capas: ¿qué le pasa a
# la red de 4 capas?
