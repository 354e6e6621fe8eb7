"""
Sobreajuste y regularización en una LSTM
========================================

Una red con cientos de miles de parámetros y unos cientos de ejemplos puede
aprenderse el conjunto de entrenamiento de memoria sin aprender la regla que
lo genera: es el **sobreajuste**. En esta página lo provocamos a propósito,
lo reconocemos en las curvas de aprendizaje y medimos tres remedios sobre un
conjunto de **prueba** que no decide nada: *dropout*, *weight decay* y
parada temprana.
"""

# %%
# Dispositivo y semilla
# ---------------------
#
# Cada configuración se entrena con dos semillas (inicialización, barajado y
# *dropout*): así se ve qué diferencias superan el ruido de una semilla.
from rnnbook import describir_dispositivo, elegir_dispositivo

SEMILLAS = (0, 1)
dispositivo = elegir_dispositivo("auto")
print(f"Dispositivo: {describir_dispositivo(dispositivo)}")

# %%
# Una tarea que se puede memorizar
# --------------------------------
#
# El conjunto de la guía no sirve: cada palabra revela la clase, y cualquier
# modelo lo resuelve sin sobreajustar. Usamos la variante con negación de
# :doc:`plot_02_orden_importa` (un «no» invierte la palabra que lo sigue), en
# la que la clase depende del **orden**, y nos quedamos con solo una parte de
# su conjunto de entrenamiento. Validación y prueba conservan su tamaño.
from rnnbook.experimentos import datos_regularizacion

entrenamiento, validacion, prueba = datos_regularizacion()
for nombre, (X, y) in zip(
    ("entrenamiento", "validación", "prueba"), (entrenamiento, validacion, prueba)
):
    print(f"{nombre:>13}: X {tuple(X.shape)}, {100 * y.float().mean():.0f} % clase 1")

# %%
# Cada secuencia tiene 20 tokens y casi todos son palabras neutras elegidas
# al azar entre unas 980. Dos secuencias de entrenamiento casi nunca comparten
# una palabra neutra en la misma posición, de modo que esas palabras
# funcionan como un **identificador** de cada ejemplo: un modelo con memoria
# suficiente puede asociar cada identificador con su etiqueta y acertar todo
# el entrenamiento sin fijarse en el «no».
#
# El modelo es el :class:`rnnbook.SentimentLSTM` de la guía, dos capas LSTM
# de 128 unidades, con muchos más parámetros que ejemplos:
from rnnbook import contar_parametros
from rnnbook.libro import formato_miles
from rnnbook.modelos import crear_sentiment_lstm

n_parametros = contar_parametros(crear_sentiment_lstm(0))
n_ejemplos = len(entrenamiento[1])
print(f"{formato_miles(n_parametros)} parámetros para {n_ejemplos} ejemplos")
print(f"{n_parametros / n_ejemplos:.0f} parámetros por ejemplo")

# %%
# Dónde actúa el *dropout* en este modelo
# ---------------------------------------
#
# :class:`rnnbook.SentimentLSTM` aplica el mismo ``dropout`` en tres lugares:
# a las incrustaciones que entran en la LSTM, **entre** la primera y la
# segunda capa LSTM (el argumento ``dropout`` de ``nn.LSTM``) y al último
# estado oculto, antes del clasificador.
from rnnbook import SentimentLSTM
from rnnbook.libro import fuente

fuente(SentimentLSTM.forward)

# %%
# El ``dropout`` de ``nn.LSTM`` solo se aplica a la salida de cada capa
# que alimenta a la siguiente; **nunca** a las conexiones recurrentes
# :math:`h_{t-1} \to h_t` dentro de una capa. Por eso, con una sola capa no
# hace nada, y PyTorch lo avisa:
import textwrap
import warnings

from torch import nn

with warnings.catch_warnings(record=True) as avisos:
    warnings.simplefilter("always")
    nn.LSTM(input_size=8, hidden_size=8, num_layers=1, dropout=0.3)
for aviso in avisos:
    print(textwrap.fill(f"{aviso.category.__name__}: {aviso.message}", 76))

# %%
# :class:`rnnbook.SentimentLSTM` pasa ``dropout=0`` a ``nn.LSTM`` cuando
# solo hay una capa, y conserva los otros dos. Aplicar *dropout* sobre las
# conexiones recurrentes, con la misma máscara en todos los pasos, es el
# *dropout* variacional de :cite:p:`gal2016dropout`; ``nn.LSTM`` no lo
# implementa. Durante la evaluación (``modelo.eval()``) ningún *dropout*
# actúa: :func:`rnnbook.evaluar` siempre evalúa en ese modo.
#
# El entrenamiento
# ----------------
#
# Una sola función entrena todas las configuraciones con el motor del libro:
# AdamW con el *weight decay* pedido y, si se da una ``paciencia``, parada
# temprana con los pesos de la mejor época. El recorte de gradiente a norma 1
# sigue ahí, pero no es un regularizador: evita pasos enormes cuando el
# gradiente explota (véase :doc:`../parte1_rnn/plot_04_recorte_gradiente`) y
# no impide memorizar.
from rnnbook.experimentos import entrenar_regularizado

fuente(entrenar_regularizado)

# %%
# Sin parada temprana, ``restaurar_mejor=False``: el modelo que se evalúa es
# el de la **última** época, como el que se obtendría entrenando a ciegas un
# número fijo de épocas. Las configuraciones que comparamos:
import pandas as pd

from rnnbook.experimentos import CONFIGURACIONES_REGULARIZACION

pd.DataFrame(CONFIGURACIONES_REGULARIZACION).set_index("nombre").fillna("no")

# %%
# El *weight decay* de AdamW resta en cada paso :math:`\eta\lambda\,\theta` a
# cada parámetro, aparte del paso de Adam :cite:p:`goodfellow2016deep`: con
# :math:`\eta = 3\cdot 10^{-3}` hace falta un :math:`\lambda` grande para que
# se note en pocas épocas.
from rnnbook.experimentos import comparar_regularizacion

tabla, historiales = comparar_regularizacion(
    CONFIGURACIONES_REGULARIZACION,
    (entrenamiento, validacion, prueba),
    semillas=SEMILLAS,
    dispositivo=dispositivo,
)

# %%
# Las curvas de aprendizaje
# -------------------------
#
# A la izquierda, la pérdida por época sin regularización (gris) y con
# *dropout* 0.3 (rojo), en escala logarítmica. A la derecha, la exactitud de
# validación de cada configuración: una línea fina por semilla, la media en
# trazo grueso y un punto donde la parada temprana fija los pesos.
from rnnbook.figuras import figura_regularizacion

fig = figura_regularizacion(historiales)

# %%
# Sin regularización, la pérdida de entrenamiento cae varios órdenes de
# magnitud mientras la de validación **sube** casi desde el principio: la
# zona sombreada entre las dos curvas es el sobreajuste. El modelo acierta
# todo el entrenamiento y en validación se queda lejos del 100 %.
#
# Con *dropout*, la pérdida de entrenamiento también llega muy abajo, pero
# la de validación la acompaña: el modelo sigue pudiendo memorizar, pero el
# *dropout* le hace más fácil aprender la regla, que sirve para todos los
# ejemplos, que memorizar identificadores que se borran al azar.
#
# Una lectura de las curvas que conviene tener presente: la pérdida de
# validación del modelo sin regularizar alcanza su mínimo en las primeras
# épocas, aunque su exactitud siga mejorando después. Sus errores son cada vez
# más seguros, y la entropía cruzada castiga mucho un error seguro.
sin_reg = [historiales[("sin regularización", s)] for s in SEMILLAS]
for s, h in zip(SEMILLAS, sin_reg):
    perdida_val = h.columna("perdida_validacion")
    minimo = perdida_val.index(min(perdida_val)) + 1
    print(
        f"semilla {s}: pérdida de validación mínima en la época {minimo}, "
        f"exactitud máxima en la {h.mejor_epoca}"
    )
# sphinx_gallery_start_ignore
from rnnbook.libro import registrar_medida

perdida_val_min = [
    h.columna("perdida_validacion").index(min(h.columna("perdida_validacion"))) + 1
    for h in sin_reg
]
_ = registrar_medida(
    "parte3.regularizacion.epoca_min_perdida", max(perdida_val_min), "{}"
)
# sphinx_gallery_end_ignore

# %%
# Por eso la parada temprana de esta página vigila la **exactitud** de
# validación: vigilando la pérdida habría parado con el modelo en el azar.
#
# La tabla: entrenamiento, validación y prueba
# --------------------------------------------
#
# Una fila por configuración y semilla. Las medidas finales se toman sin
# *dropout*, con el modelo que devuelve el entrenamiento. La brecha es la
# exactitud de entrenamiento menos la de validación, en puntos porcentuales.
tabla.drop(columns=["pérdida prueba"]).set_index(["configuración", "semilla"]).round(2)

# %%
# La media de las dos semillas, con su desviación típica (``±``):
from rnnbook.experimentos import elegir_por_validacion, resumir_regularizacion

columnas = [
    "épocas",
    "mejor época",
    "exactitud ent. (%)",
    "exactitud val. (%)",
    "± val.",
    "exactitud prueba (%)",
    "± prueba",
    "brecha (pp)",
]
resumen = resumir_regularizacion(tabla)
resumen[columnas].round(1)

# %%
# Elegir por validación, informar en prueba
# -----------------------------------------
#
# La configuración se elige con la exactitud media de **validación**; la de
# prueba se lee solo después, una vez, para la elegida. Si se eligiera por la
# prueba, su cifra dejaría de ser una estimación honesta del error con datos
# nuevos.
elegida = elegir_por_validacion(resumen)
acc_prueba = resumen.loc[elegida, "exactitud prueba (%)"]
print(f"Elegida por validación: {elegida}")
print(f"Su exactitud de prueba (media de {len(SEMILLAS)} semillas): {acc_prueba:.1f} %")
# sphinx_gallery_start_ignore
fila = resumen.loc
registrar_medida("parte3.regularizacion.n_entrenamiento", n_ejemplos, "{}")
registrar_medida("parte3.regularizacion.parametros", n_parametros, formato_miles)
registrar_medida(
    "parte3.regularizacion.sin_reg_ent",
    fila["sin regularización", "exactitud ent. (%)"],
    "{:.1f} %",
)
for clave, nombre in (
    ("sin_reg", "sin regularización"),
    ("dropout03", "dropout 0.3"),
    ("dropout05", "dropout 0.5"),
    ("weight_decay", "weight decay 1.0"),
    ("parada", "parada temprana"),
):
    registrar_medida(
        f"parte3.regularizacion.{clave}_prueba",
        fila[nombre, "exactitud prueba (%)"],
        "{:.1f} %",
    )
    registrar_medida(
        f"parte3.regularizacion.{clave}_brecha", fila[nombre, "brecha (pp)"], "{:.1f}"
    )
registrar_medida("parte3.regularizacion.elegida", elegida, "{}")
_ = registrar_medida("parte3.regularizacion.elegida_prueba", acc_prueba, "{:.1f} %")
registrar_medida("parte3.regularizacion.semillas", len(SEMILLAS), "{}")
# sphinx_gallery_end_ignore

# %%
# Lo que dicen las cifras
# -----------------------
#
# * **Sin regularización** el modelo acierta todo el entrenamiento y la
#   brecha con validación es de decenas de puntos: es el sobreajuste de las
#   curvas. La exactitud de prueba coincide con la de validación, así que la
#   brecha no es mala suerte de un conjunto.
# * **Dropout 0.3 y 0.5** cierran casi toda la brecha en las dos semillas. La
#   diferencia con el modelo sin regularizar es mucho mayor que la que hay
#   entre semillas. La que hay entre 0.3 y 0.5 es pequeña: con dos semillas
#   y una sola partición de los datos no basta para preferir uno de los dos.
# * **Weight decay** ayuda, pero depende mucho de la semilla (mira la columna
#   ``± prueba``): con dos semillas no basta para afirmar cuánto.
# * **La parada temprana** sola no arregla nada aquí: se queda con la mejor
#   época de un modelo que nunca generalizó y ahorra épocas. Devuelve el mejor
#   punto de la curva de validación; no puede crear uno mejor. Combinada con
#   *dropout* serviría para no entrenar épocas de más (aquí no lo medimos).
#
# Para recordar
# -------------
#
# * El sobreajuste se ve en las curvas: la pérdida de entrenamiento baja y la
#   de validación sube. La exactitud de entrenamiento al 100 % no dice nada
#   por sí sola.
# * En ``nn.LSTM``, ``dropout`` actúa solo entre capas apiladas; con una capa
#   no hace nada. Para regularizar una LSTM de una capa hay que poner
#   ``nn.Dropout`` en la entrada o en la salida, como hace este modelo.
# * El recorte de gradiente estabiliza el entrenamiento; no regulariza.
# * Se elige con validación y se informa con prueba. Con varias semillas se
#   sabe qué diferencias son reales.
#
# Ejercicio
# ---------
#
# Repite la comparación con ``datos_regularizacion(1000)``, el entrenamiento
# completo. ¿Sigue habiendo brecha sin regularización? Prueba después
# ``weight_decay`` 0.1 y 3.0 y una parada temprana que vigile la pérdida de
# validación (``monitor="perdida_validacion"`` en :func:`rnnbook.entrenar`):
# ¿en qué época para?
