"""
Cuando el orden importa: negación y bolsa de palabras
=====================================================

En el conjunto de la guía cada token revela la clase (véase
:doc:`plot_01_sentimiento`), así que una LSTM no tiene ninguna ventaja sobre un
modelo que ignore el orden de las palabras. Aquí lo comprobamos con una
**bolsa de incrustaciones** (*embeddings*) y después construimos una variante en la que el orden
decide: una negación («no») invierte el sentido de la palabra que la sigue.
En esa variante la bolsa se queda en el azar y la LSTM acierta.
"""

# %%
# Dispositivo y semilla
# ---------------------
from rnnbook import describir_dispositivo, elegir_dispositivo

SEMILLA = 0
dispositivo = elegir_dispositivo("auto")
print(f"Dispositivo: {describir_dispositivo(dispositivo)}")

# %%
# La referencia: una bolsa de incrustaciones
# ------------------------------------------
#
# :class:`rnnbook.modelos.BolsaEmbeddings` promedia las incrustaciones de los tokens y
# aplica una capa lineal:
#
# .. math::
#
#    \bar e = \frac{1}{T}\sum_{t=1}^{T} E[x_t], \qquad \text{logits} = W \bar e + b .
#
# Una suma no depende del orden de sus términos: si se permutan los tokens, la
# salida es idéntica. Con los datos de la guía y el mismo protocolo de
# entrenamiento que la LSTM (con una tasa de aprendizaje de ``1e-2``, porque
# este modelo es lineal y mucho más pequeño):
import torch

from rnnbook import evaluar, exactitud, fijar_semilla
from rnnbook.datos import datos_sentimiento
from rnnbook.experimentos import entrenar_sentimiento
from rnnbook.modelos import BolsaEmbeddings

guia_ent, guia_val, guia_prueba = datos_sentimiento()
fijar_semilla(SEMILLA)
bolsa_guia = BolsaEmbeddings(vocab_size=1000, embed_dim=64, num_classes=2)
h_bolsa_guia = entrenar_sentimiento(
    bolsa_guia,
    guia_ent,
    guia_val,
    epocas=3,
    lr=1e-2,
    semilla=SEMILLA,
    dispositivo=dispositivo,
)
acc = evaluar(
    bolsa_guia,
    guia_prueba.tensores(),
    metricas={"exactitud": exactitud},
    dispositivo=dispositivo,
)["exactitud"]
print(
    f"Bolsa de incrustaciones, datos de la guía, exactitud de prueba: {100 * acc:.1f} %"
)
# sphinx_gallery_start_ignore
from rnnbook.libro import registrar_medida

registrar_medida("parte3.orden.bolsa_guia_test", 100 * acc, "{:.1f} %")
# sphinx_gallery_end_ignore

# %%
# La bolsa, que no sabe nada del orden, resuelve el conjunto de la guía igual
# que la LSTM. Ese conjunto no puede enseñar para qué sirve la memoria de una
# red recurrente.
#
# La variante con negación
# ------------------------
#
# :class:`rnnbook.datos.SentimientoNegacionDataset` usa el mismo vocabulario de 1000
# tokens con otra organización: el 0 es el relleno, el 1 es «no», hay 10
# palabras positivas (``bueno_k``), 10 negativas (``malo_k``) y el resto son
# neutras (``w…``). Cada secuencia de 20 tokens tiene relleno neutro, **una**
# palabra positiva, **una** negativa y un «no» justo delante de una de las dos:
#
# * «no malo_k» → la frase tiene dos palabras positivas → clase 1;
# * «no bueno_k» → dos negativas → clase 0.
from rnnbook.datos import datos_negacion

neg_ent, neg_val, neg_prueba = datos_negacion()
for i in range(3):
    print(f"clase {int(neg_ent.labels[i])}: {neg_ent.decodificar(neg_ent.data[i])}")

# %%
# La clave está en que **las dos clases contienen exactamente las mismas
# palabras**. :meth:`~rnnbook.datos.SentimientoNegacionDataset.invertir` intercambia
# las dos palabras de sentimiento de una secuencia: el «no» pasa a acompañar a
# la otra, la clase se invierte y el multiconjunto de tokens no cambia.
x, y = neg_ent[0]
x_inv, y_inv = neg_ent.invertir(0)
print(f"clase {int(y)}: {neg_ent.decodificar(x)}")
print(f"clase {y_inv}: {neg_ent.decodificar(x_inv)}")
print("¿Mismos tokens?", bool(torch.equal(x.sort().values, x_inv.sort().values)))

# %%
# Cualquier modelo que solo vea qué palabras hay, y no en qué orden, da la
# misma respuesta a las dos secuencias, y una de las dos es incorrecta.
#
# Bolsa frente a LSTM en la variante
# ----------------------------------
#
# Entrenamos los dos modelos con el protocolo de :doc:`plot_01_sentimiento`
# (Adam con ``weight_decay``, recorte a norma 1, lotes de 32) durante 5
# épocas. Para la LSTM, el mismo :class:`rnnbook.SentimentLSTM` de la guía,
# subimos la tasa de aprendizaje a ``3e-3``: aprende lo mismo que con
# ``1e-3``, pero en menos épocas.
from rnnbook.modelos import crear_sentiment_lstm

fijar_semilla(SEMILLA)
bolsa = BolsaEmbeddings(vocab_size=1000, embed_dim=64, num_classes=2)
h_bolsa = entrenar_sentimiento(
    bolsa, neg_ent, neg_val, epocas=5, lr=1e-2, semilla=SEMILLA, dispositivo=dispositivo
)
lstm = crear_sentiment_lstm(SEMILLA)
h_lstm = entrenar_sentimiento(
    lstm, neg_ent, neg_val, epocas=5, lr=3e-3, semilla=SEMILLA, dispositivo=dispositivo
)

# %%
# Las curvas: la bolsa (gris) baja su pérdida de entrenamiento memorizando
# las secuencias que ve, pero en validación se queda en torno al 50 % y su
# pérdida de validación sube; la LSTM (rojo) pasa un par de épocas en el azar
# y, cuando descubre la regla, salta a casi el 100 %.
from rnnbook.figuras import figura_curvas_sentimiento

fig = figura_curvas_sentimiento(
    {"LSTM": h_lstm, "bolsa": h_bolsa},
    titulo="Variante con negación: LSTM frente a bolsa de incrustaciones",
)

# %%
# Exactitud en los conjuntos de prueba
# ------------------------------------
import pandas as pd

acc_bolsa = evaluar(
    bolsa,
    neg_prueba.tensores(),
    metricas={"exactitud": exactitud},
    dispositivo=dispositivo,
)["exactitud"]
acc_lstm = evaluar(
    lstm,
    neg_prueba.tensores(),
    metricas={"exactitud": exactitud},
    dispositivo=dispositivo,
)["exactitud"]
print(
    f"Variante con negación — bolsa: {100 * acc_bolsa:.1f} %, "
    f"LSTM: {100 * acc_lstm:.1f} %"
)
# sphinx_gallery_start_ignore
registrar_medida("parte3.orden.bolsa_negacion_test", 100 * acc_bolsa, "{:.1f} %")
registrar_medida("parte3.orden.lstm_negacion_test", 100 * acc_lstm, "{:.1f} %")
# sphinx_gallery_end_ignore
pd.DataFrame(
    {
        "datos": ["guía", "negación", "negación"],
        "modelo": [
            "bolsa de incrustaciones",
            "bolsa de incrustaciones",
            "SentimentLSTM",
        ],
        "exactitud de prueba (%)": [100 * acc, 100 * acc_bolsa, 100 * acc_lstm],
    }
).round(1)

# %%
# Sobre un par de secuencias con las mismas palabras, la bolsa devuelve
# exactamente los mismos logits; la LSTM distingue el orden.
from rnnbook import predecir

par = torch.stack([x, x_inv])  # (2, T)
logits_bolsa = predecir(bolsa, par, dispositivo=dispositivo)  # (2, 2)
pd.DataFrame(
    {
        "clase verdadera": [int(y), y_inv],
        "logit 0 (bolsa)": logits_bolsa[:, 0].tolist(),
        "logit 1 (bolsa)": logits_bolsa[:, 1].tolist(),
        "predicción de la bolsa": logits_bolsa.argmax(1).tolist(),
        "predicción de la LSTM": predecir(lstm, par, dispositivo=dispositivo)
        .argmax(1)
        .tolist(),
    },
    index=["original", "invertida"],
).round(4)

# %%
# Para recordar
# -------------
#
# * Si una regla que ignora el orden resuelve la tarea, la tarea no mide la
#   memoria de una red recurrente: compara siempre con una bolsa de palabras.
# * La negación liga una palabra con la siguiente: para resolverla hay que
#   recordar «acabo de ver un no» durante un paso, justo lo que guarda el
#   estado oculto.
# * Dos clases con el mismo multiconjunto de palabras dejan a cualquier modelo
#   sin orden en el 50 %, tenga la capacidad que tenga.
#
# Ejercicio
# ---------
#
# Haz que la negación actúe sobre la palabra que está **dos** posiciones más
# allá («no muy bueno»). ¿Sigue aprendiendo la LSTM con las mismas épocas? ¿Y
# si la distancia es de diez tokens? Relaciónalo con el gradiente que se
# desvanece de la Parte 2.
