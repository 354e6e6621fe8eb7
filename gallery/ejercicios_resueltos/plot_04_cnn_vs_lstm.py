"""
I2 · Convolución 1D frente a LSTM para clasificar texto
=======================================================

**Enunciado.** Programa un clasificador de texto con ``nn.Conv1d`` y
compáralo con la LSTM en exactitud, número de parámetros y tiempo de
entrenamiento. ¿Cuándo elegirías cada uno?

La comparación se hace en tres conjuntos sintéticos de la Parte 3: el de la
guía, donde cada palabra delata la clase; la variante con negación de
:doc:`../parte3_aplicaciones/plot_02_orden_importa`, donde un «no» invierte la
palabra que lo sigue; y esa misma variante con el «no» **ocho** palabras antes
de la palabra que invierte. La tercera es la que separa a los dos modelos: la
convolución solo relaciona palabras que caben en su ventana, y la LSTM
arrastra lo que ha leído en su estado.
"""

# %%
# Dispositivo y semilla
# ---------------------
from rnnbook import describir_dispositivo, elegir_dispositivo

SEMILLA = 0
dispositivo = elegir_dispositivo("auto")
print(f"Dispositivo: {describir_dispositivo(dispositivo)}")

# %%
# La red convolucional para texto
# -------------------------------
#
# :class:`rnnbook.modelos.ClasificadorConv1d` convierte cada índice en una
# incrustación (*embedding*) de dimensión :math:`E` y pasa sobre la secuencia :math:`F` filtros de
# :math:`k` palabras. ``nn.Conv1d`` espera la forma :math:`(N, C, T)`, con los
# canales en el eje 1, así que las incrustaciones :math:`(N, T, E)` se
# transponen a :math:`(N, E, T)`. Cada filtro da una respuesta por posición,
#
# .. math::
#
#    z_{f,t} = \mathrm{ReLU}\Big(b_f + \sum_{j=0}^{k-1} W_{f,:,j}\cdot e_{t+j-\lfloor k/2\rfloor}\Big),
#    \qquad m_f = \max_t z_{f,t},
#
# y el *max-pooling* global se queda con la mayor: el vector :math:`m` tiene
# tamaño :math:`F` sea cual sea la longitud, pero ya no dice **dónde**
# apareció cada patrón. Una salida :math:`z_{f,t}` solo depende de :math:`k`
# palabras seguidas: ese es su **campo receptivo**
# (:func:`rnnbook.modelos.campo_receptivo`). Dos palabras más separadas nunca entran
# juntas en un filtro.
#
# Para compararla con la LSTM usamos tamaños parecidos: incrustaciones de 32,
# 64 filtros de 3 palabras frente a una LSTM de una capa con 32 unidades
# (:class:`rnnbook.SentimentLSTM`). La LSTM de la guía
# (:func:`rnnbook.modelos.crear_sentiment_lstm`, dos capas de 128) tarda demasiado
# para este ejemplo; en las dos redes pequeñas, los :math:`1000 \times 32`
# parámetros de la tabla de incrustaciones son la mayor parte.
import pandas as pd

from rnnbook import SentimentLSTM, contar_parametros, fijar_semilla
from rnnbook.libro import formato_miles
from rnnbook.modelos import ClasificadorConv1d, crear_sentiment_lstm

VOCAB, EMBED, CLASES = 1000, 32, 2


def crear_cnn(k=3):
    fijar_semilla(SEMILLA)
    return ClasificadorConv1d(VOCAB, EMBED, CLASES, num_filtros=64, tamanos_nucleo=k)


def crear_lstm():
    fijar_semilla(SEMILLA)
    return SentimentLSTM(VOCAB, EMBED, 32, CLASES, num_layers=1)


p_cnn = contar_parametros(crear_cnn())
p_lstm = contar_parametros(crear_lstm())
p_guia = contar_parametros(crear_sentiment_lstm(SEMILLA))
print(
    f"CNN (k = 3): {formato_miles(p_cnn)} parámetros; "
    f"LSTM (H = 32): {formato_miles(p_lstm)} parámetros; "
    f"LSTM de la guía: {formato_miles(p_guia)} parámetros"
)
# sphinx_gallery_start_ignore
from rnnbook.libro import registrar_medida

registrar_medida("ejercicios.i2.parametros_cnn", p_cnn, formato_miles)
registrar_medida("ejercicios.i2.parametros_lstm", p_lstm, formato_miles)
# sphinx_gallery_end_ignore

# %%
# Los tres conjuntos de datos
# ---------------------------
#
# El de la guía (:func:`rnnbook.datos.datos_sentimiento`: 800 / 200 / 1000
# secuencias de 30 palabras) y la variante con negación
# (:class:`rnnbook.datos.SentimientoNegacionDataset`, secuencias de 20 palabras)
# con dos valores del argumento ``distancia``:
#
# * ``distancia=1``: «no» justo delante de la palabra que invierte, como en la
#   Parte 3;
# * ``distancia=8``: entre el «no» y la palabra que invierte hay siete
#   palabras neutras, y la otra palabra de sentimiento nunca cae en medio.
#
# En las dos variantes usamos 2000 secuencias de entrenamiento en lugar de
# 1000: con 1000, la LSTM pequeña no descubre la negación lejana en pocas
# épocas.
from rnnbook.datos import SentimientoNegacionDataset, datos_sentimiento


def datos_negacion_a(distancia):
    return tuple(
        SentimientoNegacionDataset(n, seed=s, distancia=distancia)
        for n, s in ((2000, 1), (400, 2), (1000, 3))
    )


conjuntos = {
    "guía": datos_sentimiento(),
    "negación, d = 1": datos_negacion_a(1),
    "negación, d = 8": datos_negacion_a(8),
}
lejos = conjuntos["negación, d = 8"][0]
for i in range(3):
    print(f"clase {int(lejos.labels[i])}: {lejos.decodificar(lejos.data[i])}")

# %%
# Entrenamiento con la misma vara
# -------------------------------
#
# Los dos modelos se entrenan con :func:`rnnbook.experimentos.medir_clasificador`, que
# llama al protocolo de la Parte 3 (:func:`rnnbook.experimentos.entrenar_sentimiento`:
# Adam con ``weight_decay``, recorte a norma 1, lotes de 32, y los pesos de la
# mejor época de validación) con la misma tasa de aprendizaje, ``1e-2``, y las
# mismas 6 épocas. El tiempo es la mediana de los segundos por época que
# anota el motor (entrenamiento más validación), en la CPU con un solo hilo
# cuando el libro se construye.
from rnnbook.experimentos import medir_clasificador

EPOCAS, LR = 6, 1e-2
fabricas = {"CNN, k = 3": crear_cnn, "LSTM, H = 32": crear_lstm}
resultados, modelos = {}, {}
for nombre_datos, (ent, val, prueba) in conjuntos.items():
    for nombre_modelo, fabrica in fabricas.items():
        modelo = fabrica()
        resultados[nombre_datos, nombre_modelo] = medir_clasificador(
            modelo,
            ent,
            val,
            prueba,
            epocas=EPOCAS,
            lr=LR,
            semilla=SEMILLA,
            dispositivo=dispositivo,
        )
        modelos[nombre_datos, nombre_modelo] = modelo
from rnnbook.experimentos import tabla_clasificadores

tabla_clasificadores(resultados)

# %%
# En el conjunto de la guía los dos aciertan todo en la prueba: cada palabra
# delata la clase. Con la negación contigua, también los dos, y la
# convolución llega antes al 95 % de validación: un filtro de 3 palabras ve
# entero el bigrama «no malo», mientras que la LSTM tiene que aprender a
# guardar «acabo de leer un no» en su estado. Con la negación a 8 palabras,
# la convolución se queda en el azar y la LSTM sigue acertando.
for (nombre_datos, nombre_modelo), r in resultados.items():
    print(f"{nombre_datos:>16} · {nombre_modelo:<12}: {100 * r['exactitud']:.1f} %")
t_cnn = resultados["negación, d = 8", "CNN, k = 3"]["segundos_epoca"]
t_lstm = resultados["negación, d = 8", "LSTM, H = 32"]["segundos_epoca"]
print(f"Segundos por época con d = 8: CNN {t_cnn:.2f} s, LSTM {t_lstm:.2f} s")
# sphinx_gallery_start_ignore
clave = {"guía": "guia", "negación, d = 1": "d1", "negación, d = 8": "d8"}
for (nombre_datos, nombre_modelo), r in resultados.items():
    sufijo = "cnn" if nombre_modelo.startswith("CNN") else "lstm"
    registrar_medida(
        f"ejercicios.i2.{clave[nombre_datos]}_{sufijo}",
        100 * r["exactitud"],
        "{:.1f} %",
    )
registrar_medida("ejercicios.i2.s_epoca_cnn_d8", t_cnn, "{:.2f} s")
registrar_medida("ejercicios.i2.s_epoca_lstm_d8", t_lstm, "{:.2f} s")
# sphinx_gallery_end_ignore

# %%
# Con redes tan pequeñas, en la CPU y con un hilo, los segundos por época de
# las dos son del mismo orden, y la diferencia entre ellas cambia de una
# ejecución a otra tanto como su tamaño: pesa sobre todo el coste fijo de cada
# lote (Python, el optimizador sobre la tabla de incrustaciones), no la
# convolución ni la recurrencia. La ventaja de la convolución (calcula todas
# las posiciones a la vez; la LSTM tiene que ir paso a paso) aparece con
# secuencias largas y en una GPU, que esta construcción no mide.
#
# ¿Hace trampa la convolución?
# ----------------------------
#
# Con :math:`d = 8` y :math:`k = 3` ningún filtro ve a la vez el «no» y la
# palabra que invierte, pero el generador deja atajos: si la otra palabra de
# sentimiento cae junto al «no» («bueno no …»), ya se sabe que la negada es
# la negativa; y como la otra nunca cae entre el «no» y la negada, si las dos
# palabras de sentimiento están a menos de 3 posiciones, la primera es la
# negada. :func:`rnnbook.experimentos.resoluble_con_ventana` marca las secuencias en las
# que una ventana de :math:`k` palabras basta. Un modelo que solo vea
# ventanas de 3 palabras puede acertar esas y, en las demás, adivinar:
from rnnbook import predecir
from rnnbook.experimentos import resoluble_con_ventana, techo_con_ventana

prueba_lejos = conjuntos["negación, d = 8"][2]
resoluble = resoluble_con_ventana(prueba_lejos, 3)  # (N,) bool
techo = techo_con_ventana(prueba_lejos, 3)
pred = predecir(
    modelos["negación, d = 8", "CNN, k = 3"], prueba_lejos.data, dispositivo=dispositivo
).argmax(1)
acierto = pred == prueba_lejos.labels  # (N,) bool
resolubles = 100 * resoluble.float().mean().item()
acierto_con = 100 * acierto[resoluble].float().mean().item()
acierto_sin = 100 * acierto[~resoluble].float().mean().item()
# sphinx_gallery_start_ignore
registrar_medida("ejercicios.i2.resolubles_k3", resolubles, "{:.1f} %")
registrar_medida("ejercicios.i2.techo_k3", 100 * techo, "{:.1f} %")
registrar_medida("ejercicios.i2.d8_cnn_resolubles", acierto_con, "{:.1f} %")
registrar_medida("ejercicios.i2.d8_cnn_no_resolubles", acierto_sin, "{:.1f} %")
# sphinx_gallery_end_ignore
pd.DataFrame(
    {
        "secuencias (%)": [resolubles, 100 * (~resoluble).float().mean().item()],
        "exactitud de la CNN, k = 3 (%)": [acierto_con, acierto_sin],
    },
    index=["una ventana de 3 basta", "no basta"],
).round(1)

# %%
# Alrededor de un tercio de las secuencias de prueba se podría resolver con
# ventanas de 3 palabras, así que el techo de un modelo así está bastante por
# encima del 50 %. La convolución ni siquiera aprovecha esos atajos en 6
# épocas: acierta parecido en los dos grupos, cerca del azar. No hay trampa:
# sin ver juntos el «no» y la palabra que invierte, no aprende la regla.
print(
    f"Resolubles con ventana de 3: {resolubles:.1f} % → techo {100 * techo:.1f} %; "
    f"CNN en ese grupo: {acierto_con:.1f} %, en el resto: {acierto_sin:.1f} %"
)

# %%
# El remedio: ampliar el campo receptivo
# --------------------------------------
#
# Hay tres maneras de que una salida vea más palabras, con
# :math:`R = 1 + L\,(k-1)\,\delta`: un núcleo más ancho, :math:`L` capas
# apiladas o una dilatación :math:`\delta` (el núcleo lee posiciones
# salteadas). Todas estas llegan a :math:`R = 9 = d + 1`:
from rnnbook.modelos import campo_receptivo

opciones = {
    "k = 3": dict(tamanos_nucleo=3),
    "k = 9": dict(tamanos_nucleo=9),
    "4 capas, k = 3": dict(tamanos_nucleo=3, capas=4),
    "k = 3, dilatación 4": dict(tamanos_nucleo=3, dilatacion=4),
}
pd.DataFrame(
    {
        nombre: {
            "campo receptivo": ClasificadorConv1d(
                VOCAB, EMBED, CLASES, **kw
            ).campo_receptivo,
            "parámetros": contar_parametros(
                ClasificadorConv1d(VOCAB, EMBED, CLASES, **kw)
            ),
        }
        for nombre, kw in opciones.items()
    }
).T

# %%
# La dilatación no añade parámetros, pero su núcleo mira las posiciones
# :math:`t-4, t, t+4`: relaciona palabras a 4 u 8 posiciones, no a 7. Las
# capas apiladas cubren todas las distancias hasta 8, a cambio de más
# parámetros y de una red más profunda. El remedio más directo es un núcleo
# de 9 palabras, que ve cualquier distancia hasta 8 con una sola capa. Lo
# entrenamos igual que antes:
ent, val, prueba = conjuntos["negación, d = 8"]
resultados["negación, d = 8", "CNN, k = 9"] = medir_clasificador(
    crear_cnn(9),
    ent,
    val,
    prueba,
    epocas=EPOCAS,
    lr=LR,
    semilla=SEMILLA,
    dispositivo=dispositivo,
)
r9 = resultados["negación, d = 8", "CNN, k = 9"]
print(
    f"CNN con k = 9 ({formato_miles(r9['parametros'])} parámetros, "
    f"campo receptivo {campo_receptivo(9)}): "
    f"{100 * r9['exactitud']:.1f} % en la prueba"
)
# sphinx_gallery_start_ignore
registrar_medida("ejercicios.i2.parametros_cnn9", r9["parametros"], formato_miles)
registrar_medida("ejercicios.i2.d8_cnn9", 100 * r9["exactitud"], "{:.1f} %")
# sphinx_gallery_end_ignore
tabla_clasificadores(resultados)

# %%
# Las figuras resumen la comparación: exactitud de prueba por conjunto y, con
# :math:`d = 8`, la exactitud de validación época a época.
from rnnbook.figuras import PALETA, figura_cnn_vs_lstm

colores = {
    "CNN, k = 3": PALETA["rnn"],
    "LSTM, H = 32": PALETA["lstm"],
    "CNN, k = 9": PALETA["bilstm"],
}
fig = figura_cnn_vs_lstm(resultados, colores, datos_curvas="negación, d = 8")

# %%
# La segunda figura pone el campo receptivo en el eje horizontal. La curva
# gris es el techo de cualquier modelo que solo mire ventanas de ese ancho
# (sin contar lo poco que se puede deducir de los bordes de la secuencia):
# los atajos lo suben poco a poco y la regla completa solo cabe a partir de
# :math:`d + 1 = 9` palabras. La LSTM no tiene ventana: su estado resume todo
# lo leído hasta el final.
from rnnbook.figuras import figura_campo_receptivo

exactitud_d8 = {
    nombre: resultados["negación, d = 8", nombre]["exactitud"] for nombre in colores
}
fig = figura_campo_receptivo(
    prueba_lejos,
    {
        "CNN, k = 3": (3, exactitud_d8["CNN, k = 3"], colores["CNN, k = 3"]),
        "CNN, k = 9": (9, exactitud_d8["CNN, k = 9"], colores["CNN, k = 9"]),
    },
    ("LSTM, H = 32", exactitud_d8["LSTM, H = 32"], colores["LSTM, H = 32"]),
    titulo="Negación a 8 palabras: exactitud según el campo receptivo",
)

# %%
# Cuándo elegir cada uno
# ----------------------
#
# * **Convolución 1D** cuando la clase depende de frases cortas (palabras
#   clave, bigramas, expresiones hechas), se quiere entrenar deprisa o
#   procesar textos largos en paralelo en una GPU. Su alcance está fijado de
#   antemano por el campo receptivo: hay que elegirlo mayor que la distancia
#   de las dependencias que importan.
# * **LSTM** cuando importan relaciones a distancia desconocida o variable
#   (una negación, un sujeto lejano, el contexto acumulado) o el orden de
#   toda la secuencia. Paga con un cálculo secuencial paso a paso y, a
#   menudo, más épocas hasta dar con la regla.
# * Con tamaños comparables, aquí la diferencia no está en los parámetros ni
#   en el tiempo por época, sino en qué relaciones puede expresar cada red.
#
# Para recordar
# -------------
#
# * ``nn.Conv1d`` quiere :math:`(N, C, T)`: las incrustaciones se transponen, y
#   el *max-pooling* global da un vector de tamaño fijo sin posición.
# * El campo receptivo :math:`1 + L\,(k-1)\,\delta` dice qué pueden relacionar
#   los filtros; lo que no cabe en él, la red no lo aprende.
# * Antes de creer que un modelo «entiende» una regla, busca los atajos que
#   deja el generador de datos y mide la exactitud en cada grupo.
#
# Ejercicio
# ---------
#
# Entrena la convolución con dilatación 4 en ``distancia=8`` y después en
# ``distancia=7``. ¿Qué predice la fórmula del campo receptivo y qué predice
# la lista de posiciones que lee el núcleo?
