r"""
I3 · Secuencia a secuencia para «resumir» una frase
===================================================

**Enunciado** (:ref:`ejercicio I3 <ejercicio-i3>`): entrena un
codificador–decodificador en un conjunto sintético de «resumen»: la entrada
es una frase de 20 palabras y la salida, sus 5 palabras más importantes. Usa
*teacher forcing* durante el entrenamiento.

La guía deja sin definir qué es «importante». Aquí la regla es explícita y
aprendible: el vocabulario tiene 10 palabras **funcionales** («el», «de»,
«que»…), que nunca importan, y 20 palabras de **contenido**, cada una con
una importancia fija de 1 («casa») a 20 («revolución»). El resumen son las 5
palabras de contenido más importantes de la frase, **en el orden en que
aparecen**. Cada frase tiene entre 5 y 9 palabras de contenido distintas, así
que el modelo no puede limitarse a copiar las palabras de contenido: tiene
que compararlas con todas las demás de la frase, también con las que vienen
después, antes de decidir si una entra en el resumen.

El modelo es el codificador–decodificador de
:doc:`../parte4_avanzadas/plot_03_seq2seq`, con y sin la atención de
:doc:`../parte4_avanzadas/plot_04_atencion`.
"""

# %%
# Dispositivo y semilla
# ---------------------
from rnnbook import describir_dispositivo, elegir_dispositivo

SEMILLA = 0
dispositivo = elegir_dispositivo("auto")
print(f"Dispositivo: {describir_dispositivo(dispositivo)}")

# %%
# La regla y los datos
# --------------------
#
# :func:`rnnbook.datos.resumen_de` es la regla, escrita de la forma más
# directa: ordenar las posiciones por importancia, quedarse con las 5
# primeras y volver a ponerlas en el orden de la frase.
from rnnbook.datos import (
    IMPORTANCIA_RESUMEN,
    VOCABULARIO_RESUMEN,
    crear_tarea_resumen,
    resumen_de,
)
from rnnbook.libro import fuente

fuente(resumen_de)

# %%
# :func:`rnnbook.datos.crear_tarea_resumen` genera las frases con su propia
# semilla: 4000 de entrenamiento, 500 de validación y 1000 de prueba, con
# semillas distintas.
ent = crear_tarea_resumen(4000, semilla=1)
val = crear_tarea_resumen(500, semilla=2)
prueba = crear_tarea_resumen(1000, semilla=3)
for i in range(2):
    print("frase  :", prueba.texto(prueba.fuente[i]))
    print("resumen:", prueba.texto(prueba.objetivo[i]))
print(
    "importancias:",
    dict(zip(VOCABULARIO_RESUMEN[10:14], IMPORTANCIA_RESUMEN[10:14].tolist())),
)

# %%
# Una referencia sin aprendizaje
# ------------------------------
#
# :func:`rnnbook.experimentos.resumen_primeras_contenido` sabe qué palabras
# son funcionales pero no cuánto importa cada una: devuelve las 5 **primeras**
# palabras de contenido. Acierta el resumen entero cuando la frase tiene
# exactamente 5 o cuando las que sobran están al final. Medimos dos cifras:
# la exactitud por **palabra** (posición a posición) y por **resumen** (las
# 5 correctas y en orden).
from rnnbook.experimentos import resumen_primeras_contenido

referencia = resumen_primeras_contenido(prueba)  # (N, 5)
ref_palabra = float((referencia == prueba.objetivo).float().mean())
ref_resumen = float((referencia == prueba.objetivo).all(dim=1).float().mean())
print(
    f"Referencia: {100 * ref_palabra:.1f} % por palabra, "
    f"{100 * ref_resumen:.1f} % por resumen"
)

# %%
# *Teacher forcing* solo al entrenar
# ----------------------------------
#
# El motor :func:`rnnbook.entrenar` acepta un ``paso_forward``. El del
# codificador–decodificador de la Parte 4,
# :func:`rnnbook.experimentos.paso_teacher_forcing`, sirve tal cual: da al decodificador
# la palabra correcta anterior mientras el modelo entrena, y su propia
# predicción (decodificación voraz) cuando se evalúa. Como la validación
# también pasa por aquí, la época que se conserva es la de mejor exactitud
# **sin** *teacher forcing*.
from rnnbook.experimentos import paso_teacher_forcing

fuente(paso_teacher_forcing)

# %%
# Entrenamos dos modelos con 64 unidades: el codificador–decodificador con
# :class:`~rnnbook.Decoder`, que solo conoce la frase por el estado final del
# codificador, y el mismo con :class:`~rnnbook.modelos.DecoderAtencion`, que
# en cada paso vuelve a mirar las 20 salidas del codificador. Los dos, 16
# épocas con AdamW (:func:`rnnbook.experimentos.entrenar_resumen`).
import pandas as pd

from rnnbook import contar_parametros
from rnnbook.experimentos import (
    crear_seq2seq_resumen,
    entrenar_resumen,
    evaluar_resumen,
)

modelos, historiales, filas = {}, {}, {}
for nombre, atencion in (("sin atención", False), ("con atención", True)):
    modelo = crear_seq2seq_resumen(64, atencion=atencion, semilla=SEMILLA)
    historiales[nombre] = entrenar_resumen(
        modelo, ent, val, epocas=16, semilla=SEMILLA, dispositivo=dispositivo
    )
    modelos[nombre] = modelo
    r = evaluar_resumen(modelo, prueba, dispositivo=dispositivo)
    filas[nombre] = {
        "parámetros": contar_parametros(modelo),
        "segundos por época": historiales[nombre].como_tabla()["segundos"].median(),
        "exactitud por palabra (%)": 100 * r["exactitud_palabra"],
        "exactitud por resumen (%)": 100 * r["exactitud_resumen"],
    }
filas["referencia: 5 primeras de contenido"] = {
    "exactitud por palabra (%)": 100 * ref_palabra,
    "exactitud por resumen (%)": 100 * ref_resumen,
}
tabla = pd.DataFrame(filas).T
tabla["parámetros"] = tabla["parámetros"].astype("Int64")
# sphinx_gallery_start_ignore
from rnnbook.libro import formato_miles, registrar_medida

for nombre, corto in (
    ("sin atención", "sin"),
    ("con atención", "con"),
    ("referencia: 5 primeras de contenido", "referencia"),
):
    fila = tabla.loc[nombre]
    registrar_medida(
        f"ejercicios.i3.{corto}_palabra", fila["exactitud por palabra (%)"], "{:.1f} %"
    )
    registrar_medida(
        f"ejercicios.i3.{corto}_resumen", fila["exactitud por resumen (%)"], "{:.1f} %"
    )
for nombre, corto in (("sin atención", "sin"), ("con atención", "con")):
    registrar_medida(
        f"ejercicios.i3.parametros_{corto}",
        int(tabla.loc[nombre, "parámetros"]),
        formato_miles,
    )
# sphinx_gallery_end_ignore
tabla.round(2)

# %%
# Las curvas de validación (exactitud por resumen, decodificación voraz)
# muestran la diferencia: con atención el modelo sube pronto; sin ella
# avanza despacio, porque toda la frase tiene que caber en un vector de 64
# números antes de escribir la primera palabra.
from rnnbook.figuras import PALETA, nueva_figura

fig, ax = nueva_figura(ancho=7.0, alto=3.6)
colores = {"sin atención": PALETA["lstm"], "con atención": PALETA["atencion"]}
for nombre, historial in historiales.items():
    t = historial.como_tabla()
    ax.plot(
        t.index,
        100 * t["exactitud_resumen_validacion"],
        marker="o",
        color=colores[nombre],
        label=nombre,
    )
ax.axhline(
    100 * ref_resumen,
    color=PALETA["referencia"],
    linestyle="--",
    label="referencia sin aprendizaje (prueba)",
)
ax.set_xlabel("época")
ax.set_ylabel("exactitud por resumen (%)")
ax.set_title("Validación con decodificación voraz")
ax.legend()

# %%
# Algunos ejemplos de prueba
# --------------------------
#
# Frase, resumen correcto y lo que escribe cada modelo sin *teacher
# forcing*; ✗ marca un resumen con algún error.
from rnnbook.experimentos import ejemplos_resumen

pd.set_option("display.max_colwidth", None)
ejemplos_resumen(modelos, prueba, range(6), dispositivo=dispositivo)

# %%
# ¿Dónde fallan? Por número de palabras de contenido
# --------------------------------------------------
#
# Con exactamente 5 palabras de contenido basta con copiarlas; con 9, hay que
# descartar 4 comparándolas con las demás. La exactitud por resumen según
# ese número separa las dos cosas:
import torch

from rnnbook.experimentos import predecir_resumen

por_contenido = {}
for nombre, modelo in modelos.items():
    salida = predecir_resumen(modelo, prueba, dispositivo=dispositivo)  # (N, 5)
    acierto = (salida == prueba.objetivo).all(dim=1)  # (N,)
    por_contenido[nombre] = {
        int(m): 100 * float(acierto[prueba.n_contenido == m].float().mean())
        for m in torch.unique(prueba.n_contenido)
    }
acierto_ref = (referencia == prueba.objetivo).all(dim=1)
por_contenido["referencia"] = {
    int(m): 100 * float(acierto_ref[prueba.n_contenido == m].float().mean())
    for m in torch.unique(prueba.n_contenido)
}
pd.DataFrame(por_contenido).rename_axis("palabras de contenido").round(1)

# %%
# La referencia acierta siempre con 5 palabras de contenido y casi nunca con
# más. El modelo sin atención falla incluso con 5, donde bastaría copiarlas:
# su problema no es elegir, sino **recordar** cinco palabras y su orden
# desde un único vector. El modelo con atención las recupera de las salidas
# del codificador y pierde algo de exactitud a medida que hay más palabras
# que descartar.

# %%
# Para recordar
# -------------
#
# * Define la tarea con una regla que puedas programar
#   (:func:`~rnnbook.datos.resumen_de`) y compruébala en las pruebas: así
#   sabes que lo que el modelo aprende es la regla y no un atajo del generador.
# * *Teacher forcing* solo al entrenar; se evalúa y se elige la época con la
#   decodificación voraz, que es la que existe al usar el modelo.
# * Mide por resumen, no solo por palabra, y al lado de una referencia que no
#   aprende nada.
# * Elegir las 5 más importantes exige comparar cada palabra con toda la
#   frase: el estado final del codificador es un cuello de botella que la
#   atención evita.
#
# Ejercicio
# ---------
#
# Cambia ``contenido_max`` a 12 y compara: ¿cuánto cae cada modelo cuando
# hay más palabras que descartar?
