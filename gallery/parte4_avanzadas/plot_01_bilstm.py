r"""
LSTM bidireccional: qué estado leer y cuándo ayuda
==================================================

Una LSTM bidireccional (BiLSTM) son dos LSTM que leen la misma secuencia: una
de izquierda a derecha y otra de derecha a izquierda. En cada paso :math:`t`
su salida concatena los dos estados,

.. math::

    \text{out}_t = [\overrightarrow{h}_t \,;\, \overleftarrow{h}_t] \in \mathbb{R}^{2H},

de modo que :math:`\overrightarrow{h}_t` resume el pasado :math:`x_1, \dots, x_t`
y :math:`\overleftarrow{h}_t` el futuro :math:`x_t, \dots, x_T`. En esta
página contamos sus parámetros con el mismo :math:`H` que la LSTM
unidireccional, comprobamos numéricamente **dónde** está el estado final de
cada dirección (la guía lo toma mal), entrenamos las dos arquitecturas en una
tarea donde la dirección importa y medimos por qué una BiLSTM no sirve en
tiempo real.
"""

# %%
# El modelo de la guía y sus parámetros
# -------------------------------------
# ``BiLSTMClassifier(vocab_size, embed_dim, hidden_size, num_classes)`` tiene la
# API de la guía: incrustación (*embedding*), dos capas LSTM bidireccionales con *dropout* 0.3
# y un clasificador lineal sobre un vector de tamaño :math:`2H`. Aquí
# ``hidden_size`` significa lo mismo que en ``nn.LSTM``: el tamaño de **cada**
# dirección.
import torch

import rnnbook
from rnnbook import BiLSTMClassifier, contar_parametros
from rnnbook.libro import formato_miles
from rnnbook.modelos import ClasificadorLSTMTokens

rnnbook.fijar_semilla(0)
dispositivo = rnnbook.elegir_dispositivo("auto")
print("Dispositivo:", rnnbook.describir_dispositivo(dispositivo))

bilstm_guia = BiLSTMClassifier(1000, 64, 64, 2)
lstm_guia = ClasificadorLSTMTokens(1000, 64, 128, 2)  # el unidireccional de la §3.1
p_bi = contar_parametros(bilstm_guia)
p_uni = contar_parametros(lstm_guia)
print(f"BiLSTM de la guía (H = 64 por dirección): {formato_miles(p_bi)} parámetros")
print(f"LSTM unidireccional de la §3.1 (H = 128): {formato_miles(p_uni)} parámetros")
print(f"«Factor BiLSTM/LSTM» que imprime la guía:  {p_bi / p_uni:.2f}×")
# sphinx_gallery_start_ignore
rnnbook.libro.registrar_medida(
    "parte4.bilstm.parametros_guia", p_bi, rnnbook.libro.formato_miles
)
rnnbook.libro.registrar_medida(
    "parte4.bilstm.parametros_lstm_guia", p_uni, rnnbook.libro.formato_miles
)
rnnbook.libro.registrar_medida("parte4.bilstm.factor_guia", p_bi / p_uni, "{:.2f}")
# sphinx_gallery_end_ignore

# %%
# El «factor 0.78×» de la guía no dice nada sobre la bidireccionalidad: su
# BiLSTM se construye con ``HIDDEN_SIZE // 2`` y se compara con la LSTM de
# :math:`H = 128`, así que mezcla dos cambios (dos direcciones y la mitad de
# estado). Con el **mismo** :math:`H` el cálculo es otro. Cada dirección de
# cada capa tiene :math:`4(H d_{\text{in}} + H^2 + 2H)` parámetros; la BiLSTM
# duplica las capas y, de la segunda en adelante, recibe :math:`d_{\text{in}} = 2H`.
import pandas as pd

filas = {}
for capas in (1, 2):
    f = rnnbook.experimentos.factor_parametros_bilstm(
        1000, 64, 128, 2, num_layers=capas
    )
    filas[f"{capas} capa" + ("s" if capas > 1 else "")] = f
tabla_factor = pd.DataFrame.from_dict(filas, orient="index")[
    ["lstm", "bilstm", "factor_total", "capas_lstm", "capas_bilstm", "factor_capas"]
]
# sphinx_gallery_start_ignore
rnnbook.libro.registrar_medida(
    "parte4.bilstm.factor_total_mismo_h", filas["2 capas"]["factor_total"], "{:.2f}"
)
rnnbook.libro.registrar_medida(
    "parte4.bilstm.factor_capas_mismo_h", filas["2 capas"]["factor_capas"], "{:.2f}"
)
# sphinx_gallery_end_ignore
tabla_factor.round(2)

# %%
# Con una capa, las capas recurrentes cuestan exactamente el doble; con dos,
# algo más del doble, porque la segunda capa lee vectores de tamaño
# :math:`2H`. El factor del modelo completo es menor que el de sus capas
# recurrentes porque la incrustación (:math:`1000 \times 64` parámetros) no se
# duplica.
#
# ¿Dónde está el estado final de cada dirección?
# ----------------------------------------------
# La guía clasifica con ``out[:, -1, :]`` y comenta que es «[fwd_h, bwd_h]».
# Solo la primera mitad es cierta. La dirección hacia atrás **empieza** en el
# último paso: en :math:`t = T` ha leído un único elemento, y su estado final
# (tras leer hasta :math:`x_1`) está en ``out[:, 0, H:]``, que es lo que
# ``nn.LSTM`` devuelve en ``h_n[-1]``. Lo comprobamos con el modelo de la
# guía (dos capas) y con una versión de una capa, en modo evaluación:
x_demo = torch.randint(1, 1000, (8, 12))
alineacion = {}
for capas in (1, 2):
    rnnbook.fijar_semilla(0)
    modelo = BiLSTMClassifier(1000, 64, 64, 2, num_layers=capas)
    nombre = f"{capas} capa" + ("s" if capas > 1 else "")
    alineacion[nombre] = rnnbook.experimentos.alineacion_estados_bilstm(modelo, x_demo)
tabla_alineacion = pd.DataFrame(alineacion).T.drop(columns="H")
d_ultimo = alineacion["2 capas"]["atras_ultimo_vs_hn"]
print(f"max |out[:, -1, H:] - h_n[-1]| en el modelo de la guía: {d_ultimo:.3f}")
# sphinx_gallery_start_ignore
rnnbook.libro.registrar_medida(
    "parte4.bilstm.dif_ultimo_paso_vs_hn", d_ultimo, "{:.3f}"
)
rnnbook.libro.registrar_medida(
    "parte4.bilstm.dif_primer_paso_vs_hn",
    alineacion["2 capas"]["atras_primero_vs_hn"],
    "{:.1e}",
)
rnnbook.libro.registrar_medida(
    "parte4.bilstm.dif_un_paso",
    alineacion["2 capas"]["atras_ultimo_vs_un_paso"],
    "{:.1e}",
)
# sphinx_gallery_end_ignore
tabla_alineacion

# %%
# Cómo leer la tabla (todas son diferencias máximas en valor absoluto):
#
# * ``adelante_ultimo_vs_hn`` es 0: la mitad hacia adelante de ``out[:, -1, :]``
#   **sí** es el estado final hacia adelante, ``h_n[-2]``.
# * ``atras_primero_vs_hn`` es 0: el estado final hacia atrás, ``h_n[-1]``,
#   está en el **primer** paso.
# * ``atras_ultimo_vs_hn`` no es 0: lo que toma la guía no es ese estado.
# * ``atras_ultimo_vs_un_paso`` es 0 (o del orden del redondeo en ``float32``):
#   la mitad hacia atrás de ``out[:, -1, :]`` coincide con **una sola**
#   aplicación de la celda hacia atrás, desde el estado cero, a la entrada del
#   último paso. Con una capa esa entrada es el último *token*; con dos, la
#   salida de la primera capa en ese paso.
#
# La lectura correcta concatena ``h_n[-2]`` y ``h_n[-1]``; es la opción
# ``resumen="h_n"`` de :class:`~rnnbook.BiLSTMClassifier` (la de la guía es
# ``resumen="ultimo_paso"``).
#
# Una tarea donde la dirección importa
# ------------------------------------
# :func:`~rnnbook.datos.crear_tarea_pista_inicial` genera secuencias de 40 *tokens*
# cuya clase la decide **solo el primero** (la pista); los otros 39 son ruido.
# Quien lee de izquierda a derecha debe guardar la pista durante 39 pasos;
# la dirección hacia atrás de una BiLSTM la lee la última. Entrenamos tres
# modelos con el mismo :math:`H = 32`, los mismos datos (70 % entrenamiento,
# 15 % validación, 15 % prueba), cuatro épocas y la misma semilla.
resultados = rnnbook.experimentos.comparar_bilstm_lstm(
    n=2000, seq_len=40, hidden_size=32, epocas=4, semilla=0, dispositivo=dispositivo
)
tabla_bi = pd.DataFrame.from_dict(
    {
        nombre: {
            "parámetros": r["parametros"],
            "exactitud de prueba": r["exactitud_prueba"],
            "exactitud de validación tras la época 1": r["historial"].columna(
                "exactitud_validacion"
            )[0],
            "segundos": r["segundos"],
        }
        for nombre, r in resultados.items()
    },
    orient="index",
)
# sphinx_gallery_start_ignore
claves = {
    "LSTM": "lstm",
    "BiLSTM (out[:, -1, :] de la guía)": "bilstm_guia",
    "BiLSTM (h_n de cada dirección)": "bilstm_hn",
}
for nombre, clave in claves.items():
    rnnbook.libro.registrar_medida(
        f"parte4.bilstm.exactitud_{clave}",
        100 * resultados[nombre]["exactitud_prueba"],
        "{:.1f} %",
    )
# sphinx_gallery_end_ignore
tabla_bi.round(3)

# %%
fig = rnnbook.figuras.figura_bilstm_vs_lstm(resultados)

# %%
# La BiLSTM leída con ``h_n`` acierta desde la primera época: su dirección
# hacia atrás termina justo sobre la pista. La LSTM unidireccional no la
# encuentra en cuatro épocas (se queda cerca del 50 %): con 39 pasos de ruido
# por medio, el gradiente que llega a la pista es débil, como vimos en la
# Parte 2. La BiLSTM leída como en la guía tampoco aprende, aunque tiene el
# doble de parámetros recurrentes: su mitad hacia atrás solo ha visto el
# último *token* y la mitad hacia adelante tiene el mismo problema que la LSTM.
# Es decir, con ``out[:, -1, :]`` se paga la bidireccionalidad y se tira.
#
# Por qué una BiLSTM no sirve en tiempo real
# ------------------------------------------
# En *streaming* (subtítulos en directo, predicción de una serie paso a paso,
# generación de texto) hay que emitir la salida del paso :math:`t` antes de
# conocer :math:`x_{t+1}`. Medimos cuánto cambia ``out[:, t]`` si se cambian
# al azar todos los *tokens* posteriores a :math:`t = 20`:
modelos = {nombre: r["modelo"] for nombre, r in resultados.items()}
x_prueba = rnnbook.datos.crear_tarea_pista_inicial(n=64, seq_len=40, semilla=1)[0]
futuro = {
    nombre: rnnbook.experimentos.dependencia_del_futuro(m.cpu(), x_prueba, t=20)
    for nombre, m in modelos.items()
}
# sphinx_gallery_start_ignore
rnnbook.libro.registrar_medida("parte4.bilstm.futuro_lstm", futuro["LSTM"], "{:.1f}")
rnnbook.libro.registrar_medida(
    "parte4.bilstm.futuro_bilstm", futuro["BiLSTM (h_n de cada dirección)"], "{:.3f}"
)
# sphinx_gallery_end_ignore
pd.Series(futuro, name="max |Δ out[:, 20]| al cambiar el futuro").to_frame()

# %%
# En la LSTM unidireccional el cambio es **exactamente** cero: su salida en
# :math:`t` solo depende del pasado y puede emitirse en cuanto llega
# :math:`x_t`. En la BiLSTM no: para calcular :math:`\overleftarrow{h}_t` hace
# falta la secuencia completa. Por eso la BiLSTM se usa donde el texto o la
# señal están enteros antes de decidir: clasificación de documentos,
# etiquetado de entidades (NER), preguntas y respuestas sobre un texto dado o
# reconocimiento de una grabación completa.
#
# Para recordar
# -------------
# * ``hidden_size`` es el tamaño de **cada** dirección; la salida mide
#   :math:`2H`. Con el mismo :math:`H`, las capas recurrentes cuestan 2× (una
#   capa) o algo más (varias); el «0.78×» de la guía compara modelos con
#   distinto :math:`H`.
# * El estado final hacia atrás es ``h_n[-1]`` = ``out[:, 0, H:]``, no
#   ``out[:, -1, H:]``, que solo ha dado un paso. Clasifica con
#   ``torch.cat([h_n[-2], h_n[-1]], dim=1)``.
# * La BiLSTM ayuda cuando la información útil está lejos del final de la
#   lectura hacia adelante y cerca del de la lectura hacia atrás; con la
#   lectura equivocada no ayuda nada.
# * Necesita la secuencia completa: no sirve para *streaming* ni para generar
#   *token* a *token*.
#
# **Ejercicio.** Con secuencias de relleno variable (ceros al final), la
# dirección hacia atrás empieza leyendo relleno. Usa
# ``torch.nn.utils.rnn.pack_padded_sequence`` para que cada dirección empiece
# y termine en los *tokens* reales y comprueba de nuevo que ``h_n[-1]``
# coincide con la salida hacia atrás del primer paso.
