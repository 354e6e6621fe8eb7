r"""
Codificador–decodificador: *teacher forcing* y el cuello de botella del contexto
================================================================================

Un modelo codificador–decodificador (*seq2seq*) transforma una secuencia en
otra de longitud distinta. El **codificador** lee la entrada
:math:`x_1, \dots, x_S` y resume todo en su estado final
:math:`(h_S, c_S)`, el *vector de contexto*. El **decodificador** arranca
desde ese estado y genera la salida un paso cada vez:

.. math::

    s_0 = h_S, \qquad s_t = \mathrm{LSTM}(y_{t-1}, s_{t-1}), \qquad
    p(y_t \mid y_{<t}, x) = \mathrm{softmax}(W s_t + b).

En esta página comprobamos la API de la guía, entrenamos un modelo con
*teacher forcing* en una tarea de cadenas de dígitos de longitud variable
(el ejercicio I3 aplica lo mismo a un «resumen»), decodificamos de forma voraz y medimos cómo cae la exactitud
cuando la entrada crece: todo tiene que caber en un vector de tamaño fijo.
"""

# %%
# La API de la guía
# -----------------
# ``Encoder(input_size, hidden_size)``, ``Decoder(output_size, hidden_size)`` y
# ``Seq2Seq(encoder, decoder, output_size)(src, tgt_len)``, con los tamaños de
# la guía: entradas de 10 rasgos, salidas de 5, estado de 64, lote de 4,
# entrada de 15 pasos y salida de 8.
import torch

import rnnbook
from rnnbook import Decoder, Encoder, Seq2Seq
from rnnbook.libro import formato_miles

rnnbook.fijar_semilla(0)
encoder = Encoder(10, 64)
decoder = Decoder(5, 64)
seq2seq = Seq2Seq(encoder, decoder, 5)
salida = seq2seq(torch.randn(4, 15, 10), 8)
p_enc = rnnbook.contar_parametros(encoder)
p_dec = rnnbook.contar_parametros(decoder)
print("Forma de la salida:", tuple(salida.shape))
print(
    f"Parámetros: codificador {formato_miles(p_enc)}, "
    f"decodificador {formato_miles(p_dec)}"
)
# sphinx_gallery_start_ignore
rnnbook.libro.registrar_medida(
    "parte4.seq2seq.parametros_encoder", p_enc, rnnbook.libro.formato_miles
)
rnnbook.libro.registrar_medida(
    "parte4.seq2seq.parametros_decoder", p_dec, rnnbook.libro.formato_miles
)
# sphinx_gallery_end_ignore

# %%
# La salida tiene forma (lote, ``tgt_len``, ``output_size``) y los parámetros
# coinciden con la guía. Una diferencia: sin *teacher forcing*, la guía
# realimenta el decodificador con los *logits* crudos de su predicción, que no
# son un *token*; aquí se realimenta el *one-hot* del ``argmax``, que es lo que
# el modelo recibirá al generar de verdad.
#
# La tarea: invertir cadenas de dígitos
# -------------------------------------
# Cada entrada es una cadena de 1 a 10 dígitos y el objetivo es la misma
# cadena al revés seguida del símbolo ``FIN``. Las cadenas cortas se rellenan
# con ``PAD`` hasta la longitud máxima; el codificador las recorre con
# ``pack_padded_sequence``, de modo que su estado final es el del último dígito
# **real**, y la pérdida ignora las posiciones ``PAD`` del objetivo. Los
# *tokens* entran como vectores *one-hot* de tamaño :math:`V = 12`: ``PAD`` es
# el índice 0, ``FIN`` el 1 y el dígito :math:`d` el índice :math:`d + 2`.
datos = rnnbook.datos.crear_tarea_digitos(
    n=4000, long_min=1, long_max=10, tarea="invertir", semilla=0
)
entrenamiento = datos.subconjunto(slice(0, 3000))
validacion = datos.subconjunto(slice(3000, 3500))
prueba = datos.subconjunto(slice(3500, 4000))

import pandas as pd

pd.DataFrame(
    {
        "entrada": [rnnbook.experimentos.texto_digitos(f) for f in datos.fuente[:4]],
        "fuente (índices)": [f.tolist() for f in datos.fuente[:4]],
        "objetivo (índices)": [o.tolist() for o in datos.objetivo[:4]],
    }
)

# %%
# *Teacher forcing*
# -----------------
# Al entrenar, el paso :math:`t` del decodificador recibe el *token*
# **correcto** :math:`y_{t-1}` en vez de su propia predicción: los errores del
# principio no contaminan el resto y todos los pasos aprenden a la vez (sin
# atención, incluso se pueden calcular en una sola llamada a la LSTM). Al
# evaluar no hay objetivo que mirar: el modelo se alimenta de sus propias
# predicciones. :func:`~rnnbook.experimentos.paso_teacher_forcing` hace las dos cosas según
# ``modelo.training`` y se pasa a :func:`~rnnbook.entrenar` como
# ``paso_forward``; la validación de cada época es, por tanto, voraz y honesta.
dispositivo = rnnbook.elegir_dispositivo("auto")
print("Dispositivo:", rnnbook.describir_dispositivo(dispositivo))
rnnbook.fijar_semilla(0)
modelo = rnnbook.modelos.crear_seq2seq_digitos(hidden_size=32)
historial = rnnbook.experimentos.entrenar_seq2seq(
    modelo,
    entrenamiento,
    validacion,
    epocas=8,
    tam_lote=64,
    lr=1e-2,
    semilla=0,
    dispositivo=dispositivo,
)
historial.como_tabla()[
    [
        "perdida_entrenamiento",
        "perdida_validacion",
        "exactitud_token_validacion",
        "exactitud_secuencia_validacion",
    ]
].round(3)

# %%
# La pérdida de entrenamiento (con *teacher forcing*) baja más que la de
# validación (voraz). Parte de esa distancia es el **sesgo de exposición**: al
# entrenar, el modelo nunca vio sus propios errores. Lo medimos en la prueba
# evaluando el mismo modelo de las dos maneras:
voraz = rnnbook.experimentos.evaluar_seq2seq(modelo, prueba, dispositivo=dispositivo)
forzado = rnnbook.experimentos.evaluar_seq2seq(
    modelo, prueba, teacher_forcing=True, dispositivo=dispositivo
)
e_voraz = 100 * voraz["exactitud_secuencia"]
t_voraz = 100 * voraz["exactitud_token"]
e_tf = 100 * forzado["exactitud_secuencia"]
t_tf = 100 * forzado["exactitud_token"]
print(f"Prueba, voraz:            secuencias {e_voraz:.1f} %, tokens {t_voraz:.1f} %")
print(f"Prueba, teacher forcing:  secuencias {e_tf:.1f} %, tokens {t_tf:.1f} %")
# sphinx_gallery_start_ignore
rnnbook.libro.registrar_medida("parte4.seq2seq.exactitud_voraz", e_voraz, "{:.1f} %")
rnnbook.libro.registrar_medida(
    "parte4.seq2seq.exactitud_token_voraz", t_voraz, "{:.1f} %"
)
rnnbook.libro.registrar_medida(
    "parte4.seq2seq.exactitud_token_teacher_forcing", t_tf, "{:.1f} %"
)
# sphinx_gallery_end_ignore
pd.DataFrame({"voraz": voraz, "teacher forcing": forzado}).round(3)

# %%
# Con el prefijo correcto regalado se aciertan más *tokens*: en modo voraz, un
# error temprano desplaza o contamina los siguientes. La exactitud de
# **secuencia**, en cambio, sale idéntica, y no por casualidad: si el modelo
# acierta todos los pasos en modo voraz, se ha alimentado exactamente con los
# mismos *tokens* que le daría el *teacher forcing*, y viceversa. La cifra que
# importa al generar es la voraz; la exactitud por *token* con *teacher
# forcing* es optimista.
#
# Algunas decodificaciones voraces de la prueba:
rnnbook.experimentos.tabla_ejemplos(modelo, prueba, range(8), dispositivo=dispositivo)

# %%
# El cuello de botella: exactitud según la longitud
# -------------------------------------------------
# Todo lo que el decodificador sabe de la entrada está en :math:`(h_S, c_S)`,
# dos vectores de 32 números. Agrupamos la prueba por longitud de la entrada:
por_longitud = rnnbook.experimentos.exactitud_por_longitud(
    modelo, prueba, dispositivo=dispositivo
)
# sphinx_gallery_start_ignore
for L in (2, 5, 8, 10):
    rnnbook.libro.registrar_medida(
        f"parte4.seq2seq.exactitud_l{L}", 100 * por_longitud[L], "{:.0f} %"
    )
# sphinx_gallery_end_ignore
fig = rnnbook.figuras.figura_exactitud_por_longitud(
    {"seq2seq sin atención (H = 32)": por_longitud}
)

# %%
# Las cadenas de uno a tres dígitos se invierten casi siempre; a partir de
# ahí la exactitud cae deprisa y las más largas casi nunca salen enteras. No
# es falta de datos de esas longitudes (todas son igual de frecuentes): para
# invertir, el primer dígito de la entrada, que se leyó hace :math:`S` pasos,
# es el **último** que hay que emitir, y el vector de contexto tiene que
# conservar la cadena entera. Más épocas o un :math:`H` mayor desplazan la
# curva hacia la derecha, pero el límite sigue ahí. La solución de
# :cite:t:`bahdanau2015attention` fue dejar que el decodificador **mire** todas las salidas del
# codificador en cada paso: la atención, en la página siguiente.
#
# Para recordar
# -------------
# * El codificador comprime la entrada en su estado final; con relleno, usa
#   ``pack_padded_sequence`` para que ese estado sea el del último elemento
#   real, e ignora ``PAD`` en la pérdida.
# * *Teacher forcing* acelera y estabiliza el entrenamiento, pero hay que
#   evaluar en modo voraz: es lo que hará el modelo al generar.
# * Sin atención, la exactitud cae con la longitud de la entrada: el vector de
#   contexto es un cuello de botella.
#
# **Ejercicio.** Cambia ``tarea="invertir"`` por ``tarea="ordenar"``. ¿Cae la
# exactitud con la longitud de la misma manera? Piensa qué tiene que recordar
# el contexto en cada caso (¿el orden o solo cuántos dígitos hay de cada
# valor?) y compruébalo.
