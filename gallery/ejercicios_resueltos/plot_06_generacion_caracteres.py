r"""
A2 · Generar texto carácter a carácter
======================================

**Enunciado** (:ref:`ejercicio A2 <ejercicio-a2>`): entrena una LSTM que
prediga el siguiente carácter de un corpus, implementa el muestreo con
temperatura y genera 500 caracteres a partir de un texto inicial.

Un modelo de lenguaje de caracteres asigna a cada texto una probabilidad,
carácter a carácter:

.. math::

   p(c_1, \dots, c_L) = \prod_{t=1}^{L} p(c_t \mid c_1, \dots, c_{t-1}),

y la LSTM resume el contexto :math:`c_1, \dots, c_{t-1}` en su estado
:math:`(h, C)`. Para **medir** el modelo usamos los bits por carácter en un
tramo de texto que no ha visto, frente a dos referencias sin memoria. Para
**generar**, sorteamos un carácter de esa distribución, se lo damos a la red
como siguiente entrada y repetimos; la temperatura decide cuánto se arriesga
el sorteo.

El corpus no es de nadie más: es la prosa de este mismo libro.
"""

# %%
# Dispositivo y semilla
# ---------------------
#
# Entrenamos con :func:`rnnbook.entrenar` (a través de
# :func:`rnnbook.experimentos.entrenar_caracteres`), que usa la GPU si existe. La semilla
# fija la inicialización, el barajado y cada sorteo del texto generado.
import rnnbook as rb

SEMILLA = 0
dispositivo = rb.elegir_dispositivo("auto")
print(f"Dispositivo: {rb.describir_dispositivo(dispositivo)}")

# %%
# El corpus: la prosa del libro
# -----------------------------
#
# La guía propone *Don Quijote*. Para no depender de la red ni de textos
# ajenos, el corpus incorporado es el texto de este libro: los capítulos y la
# prosa de los ejemplos de la galería. :func:`rnnbook.libro.construir_corpus_libro`
# lo extrae de las fuentes (quita el código, las fórmulas en bloque, las
# directivas y el marcado; las cifras medidas, que no están en las fuentes,
# quedan como «…») y una copia viaja dentro del paquete, de modo que
# :func:`rnnbook.datos.cargar_corpus` la encuentra también en un ejemplo
# descargado. Con ``cargar_corpus("quijote.txt")`` se usa cualquier otro
# archivo UTF-8.
import textwrap

import pandas as pd

from rnnbook.libro import formato_miles

corpus = rb.datos.cargar_corpus()
print(
    f"{formato_miles(len(corpus))} caracteres, "
    f"{formato_miles(len(corpus.split()))} palabras, "
    f"{formato_miles(corpus.count(chr(10)))} párrafos"
)
# sphinx_gallery_start_ignore
rb.libro.registrar_medida(
    "ejercicios.a2.caracteres_corpus", len(corpus), rb.libro.formato_miles
)
# sphinx_gallery_end_ignore
desde = corpus.index("\n", 5_000) + 1  # un fragmento que empieza en un párrafo
print(textwrap.fill(corpus[desde : desde + 400], width=80))

# %%
# El vocabulario son los caracteres distintos: letras con tilde, eñes,
# signos de apertura y algunos símbolos matemáticos que sobreviven a la
# limpieza (σ, ⊙, ‖). :class:`rnnbook.datos.Vocabulario` les da un índice y reserva
# el 0 para cualquier carácter desconocido (se muestra como el carácter de
# reemplazo de Unicode, U+FFFD), de modo que un texto inicial con símbolos
# que el corpus no tiene no rompe nada. La tabla muestra los más frecuentes:
# el espacio encabeza la lista, seguido de las vocales y las consonantes
# habituales del español.
from collections import Counter

vocabulario = rb.datos.Vocabulario(corpus)
V = len(vocabulario)
print(f"V = {V} símbolos (caracteres distintos + el desconocido)")
# sphinx_gallery_start_ignore
rb.libro.registrar_medida("ejercicios.a2.tam_vocab", V, "{}")
# sphinx_gallery_end_ignore
frecuencias = Counter(corpus).most_common(12)
pd.DataFrame(
    {
        "carácter": [repr(c) for c, _ in frecuencias],
        "% del corpus": [round(100 * n / len(corpus), 2) for _, n in frecuencias],
    }
).T

# %%
# Fragmentos y división cronológica
# ---------------------------------
#
# Es un problema **muchos a muchos sincronizado**: de cada fragmento de
# :math:`T+1` caracteres, la entrada son los caracteres :math:`1 \dots T` y
# el objetivo los :math:`2 \dots T+1`, el mismo texto desplazado en uno
# (:func:`rnnbook.datos.crear_fragmentos`). La validación es el **último** 10 % del
# corpus, un tramo seguido que el entrenamiento no toca: barajar fragmentos
# antes de dividir pondría frases casi idénticas a los dos lados.
hp = rb.experimentos.HIPERPARAMETROS_CARACTERES
datos = rb.datos.preparar_datos_caracteres(
    corpus, hp["longitud_secuencia"], hp["fraccion_validacion"], vocabulario
)
X, Y = datos.entrenamiento
print(f"X {tuple(X.shape)}, Y {tuple(Y.shape)}, dtype {X.dtype}")
print("entrada :", repr(vocabulario.decodificar(X[0, :40])))
print("objetivo:", repr(vocabulario.decodificar(Y[0, :40])))
pd.DataFrame(datos.tamanos()).T

# %%
# Referencias: ¿cuántos bits cuesta un carácter?
# ----------------------------------------------
#
# La entropía cruzada media en *nats*, dividida por :math:`\ln 2`, son los
# **bits por carácter** (bpc, :func:`rnnbook.experimentos.bits_por_caracter`): lo que
# costaría, de media, codificar cada carácter de validación con las
# probabilidades del modelo. Dos modelos sin memoria marcan el terreno
# (:func:`rnnbook.experimentos.lineas_base_bpc`):
#
# * **uniforme**: todos los símbolos igual de probables, :math:`\log_2 V`;
# * **unigrama**: cada carácter con su frecuencia de entrenamiento, sin mirar
#   el contexto.
#
# Lo que la LSTM baje de la unigrama es lo que ha aprendido del **orden**.
lineas_base = rb.experimentos.lineas_base_bpc(datos)
print(
    f"uniforme: {lineas_base['uniforme']:.2f} bits/carácter · "
    f"unigrama: {lineas_base['unigrama']:.2f} bits/carácter"
)
# sphinx_gallery_start_ignore
rb.libro.registrar_medida(
    "ejercicios.a2.bpc_uniforme", lineas_base["uniforme"], "{:.2f}"
)
rb.libro.registrar_medida(
    "ejercicios.a2.bpc_unigrama", lineas_base["unigrama"], "{:.2f}"
)
# sphinx_gallery_end_ignore

# %%
# El modelo y el entrenamiento
# ----------------------------
#
# :class:`rnnbook.modelos.LSTMCaracteres`: una incrustación (*embedding*) de 32 dimensiones por
# carácter, una LSTM con :math:`H = 128` y una capa lineal que da los
# *logits* de los :math:`V` símbolos en **cada** paso. La pérdida,
# :func:`rnnbook.experimentos.perdida_caracteres`, aplana los pasos
# (:math:`(N, T, V) \to (N T, V)`) para la entropía cruzada. El presupuesto
# de este ejemplo son unos 20 segundos de CPU, así que entrenamos pocas
# épocas con una tasa alta para Adam (:math:`2 \cdot 10^{-2}`, veinte veces
# la habitual), que el recorte del gradiente a norma 1 mantiene estable.
rb.fijar_semilla(SEMILLA)
modelo = rb.modelos.LSTMCaracteres(
    V, hp["dim_embedding"], hp["hidden_size"], hp["num_layers"]
)
n_parametros = rb.contar_parametros(modelo)
print(f"Parámetros: {formato_miles(n_parametros)}")
# sphinx_gallery_start_ignore
rb.libro.registrar_medida(
    "ejercicios.a2.parametros", n_parametros, rb.libro.formato_miles
)
# sphinx_gallery_end_ignore

historial = rb.experimentos.entrenar_caracteres(
    modelo, datos, semilla=SEMILLA, dispositivo=dispositivo
)
lotes_por_epoca = -(-X.shape[0] // hp["tam_lote"])
pasos = len(historial.epocas) * lotes_por_epoca
print(
    f"{len(historial.epocas)} épocas × {lotes_por_epoca} lotes = "
    f"{formato_miles(pasos)} actualizaciones en {historial.segundos:.1f} s"
)
# sphinx_gallery_start_ignore
rb.libro.registrar_medida(
    "ejercicios.a2.actualizaciones", pasos, rb.libro.formato_miles
)
# sphinx_gallery_end_ignore
tabla = historial.como_tabla()
pd.DataFrame(
    {
        "bpc entrenamiento": tabla["perdida_entrenamiento"].map(
            rb.experimentos.bits_por_caracter
        ),
        "bpc validación": tabla["perdida_validacion"].map(
            rb.experimentos.bits_por_caracter
        ),
        "segundos": tabla["segundos"],
    }
).round(3)

# %%
# La curva, en bits, con las dos referencias:
fig = rb.figuras.figura_curvas_caracteres(historial, lineas_base)

# %%
# Bits por carácter de validación
# -------------------------------
#
# Evaluamos el modelo final en todos los fragmentos de validación (modo
# ``eval()``, sin gradientes). :math:`2^{\text{bpc}}` es la **perplejidad**
# por carácter: el número de caracteres igual de probables entre los que el
# modelo duda, de media, en cada paso.
bpc = rb.experimentos.bpc_validacion(modelo, datos, dispositivo)
# sphinx_gallery_start_ignore
rb.libro.registrar_medida("ejercicios.a2.bpc_validacion", bpc, "{:.2f}")
rb.libro.registrar_medida("ejercicios.a2.perplejidad", 2**bpc, "{:.1f}")
# sphinx_gallery_end_ignore
pd.DataFrame(
    {
        "bits por carácter": [lineas_base["uniforme"], lineas_base["unigrama"], bpc],
        "perplejidad": [
            2 ** lineas_base["uniforme"],
            2 ** lineas_base["unigrama"],
            2**bpc,
        ],
    },
    index=["uniforme", "unigrama", "LSTM"],
).round(2)

# %%
# La LSTM necesita alrededor de la mitad de bits que la unigrama (la
# tabla): pasa de dudar, de media, entre una veintena de caracteres a dudar
# entre unos pocos. Cada fragmento de validación empieza con el estado a cero,
# así que los primeros caracteres de cada uno se predicen casi sin contexto:
# la cifra es, si acaso, algo pesimista. Un modelo mayor con más épocas
# seguiría bajando; lo que importa aquí es que el modelo aprende del
# contexto y no solo de las frecuencias.
#
# Temperatura y *top-k*
# ---------------------
#
# :func:`rnnbook.experimentos.probabilidades` convierte los *logits* :math:`z` en una
# distribución con temperatura :math:`\tau` y, opcionalmente, solo entre los
# :math:`k` mejores:
#
# .. math::
#
#    p_i = \frac{\exp(z_i/\tau)}{\sum_j \exp(z_j/\tau)}, \qquad
#    p_i = 0 \ \text{si } z_i \text{ no está entre los } k \text{ mayores.}
#
# Con :math:`\tau < 1` las diferencias entre *logits* se agrandan y la masa se
# concentra en los favoritos; en el límite :math:`\tau \to 0`, el *argmax*
# (decodificación voraz). Con :math:`\tau > 1` la distribución se aplana hacia
# la uniforme. *Top-k* corta la cola: los caracteres improbables, que a
# temperatura alta se cuelan a menudo, no salen nunca. La figura muestra la
# distribución del carácter que sigue a un texto inicial:
INICIO = "La puerta de olvido "
TEMPERATURAS = (0.5, 1.0, 1.5)
TOP_K = 5
fig = rb.figuras.figura_temperaturas(
    modelo, vocabulario, "La puerta de ", TEMPERATURAS, top_k=TOP_K
)

# %%
# Muestras
# --------
#
# :func:`rnnbook.experimentos.generar_texto` pasa el texto inicial por la red para
# «calentar» su estado, y después sortea un carácter cada vez y lo realimenta
# **conservando** :math:`(h, C)`: la red no vuelve a leer el texto, lo lleva
# resumido en su estado. Generamos 400 caracteres con cada temperatura, con
# *top-k* y, para comparar, de forma voraz (:math:`\tau \to 0`), todos con la
# misma semilla.
LONGITUD = 400
configuraciones = {f"T = {t:g}": dict(temperatura=t) for t in TEMPERATURAS}
configuraciones[f"T = 1, top-k = {TOP_K}"] = dict(temperatura=1.0, top_k=TOP_K)
configuraciones["voraz (T → 0)"] = dict(temperatura=1e-6)
muestras = {
    nombre: rb.experimentos.generar_texto(
        modelo, vocabulario, INICIO, LONGITUD, semilla=SEMILLA, **kw
    )
    for nombre, kw in configuraciones.items()
}
for nombre, texto in muestras.items():
    print(f"── {nombre} " + "─" * 40)
    print(textwrap.fill(INICIO + texto, width=80, replace_whitespace=True))
    print()

# %%
# Dos cifras resumen cada muestra (:func:`rnnbook.experimentos.estadisticas_muestra`):
# qué fracción de sus palabras existe en el corpus (la **ortografía**) y qué
# fracción son distintas entre sí (la **variedad**).
filas = {}
# sphinx_gallery_start_ignore
claves = {
    "T = 0.5": "t05",
    "T = 1": "t10",
    "T = 1.5": "t15",
    f"T = 1, top-k = {TOP_K}": "topk",
    "voraz (T → 0)": "voraz",
}
# sphinx_gallery_end_ignore
for nombre, texto in muestras.items():
    e = rb.experimentos.estadisticas_muestra(texto, corpus)
    # sphinx_gallery_start_ignore
    rb.libro.registrar_medida(
        f"ejercicios.a2.palabras_corpus_{claves[nombre]}",
        100 * e["palabras_del_corpus"],
        "{:.0f} %",
    )
    rb.libro.registrar_medida(
        f"ejercicios.a2.palabras_distintas_{claves[nombre]}",
        100 * e["palabras_distintas"],
        "{:.0f} %",
    )
    # sphinx_gallery_end_ignore
    filas[nombre] = {
        "palabras": e["palabras"],
        "% del corpus": 100 * e["palabras_del_corpus"],
        "% distintas": 100 * e["palabras_distintas"],
    }
pd.DataFrame(filas).T.round(1)

# %%
# Lo que se ve:
#
# * **Voraz y** :math:`\tau = 0.5`: casi todas las palabras existen, pero el
#   texto gira sobre las pocas palabras y combinaciones más frecuentes del
#   libro, y la variedad cae. La versión voraz es el caso extremo: elige
#   siempre lo más probable, entra en un bucle y repite la misma frase hasta
#   el final.
# * :math:`\tau = 1`: se muestrea de la distribución que el modelo aprendió.
#   Aparecen la puntuación, las mayúsculas y las siglas del libro (como LSTM
#   o RNN), con muchas palabras inventadas pero
#   «pronunciables»: la red ha aprendido sílabas, terminaciones y qué letra
#   sigue a cuál, no un diccionario.
# * :math:`\tau = 1.5`: la cola de caracteres raros pesa demasiado; salen
#   cifras, símbolos y palabras imposibles, y la ortografía se hunde.
# * *Top-k* con :math:`k = 5` a :math:`\tau = 1` recupera buena parte de la
#   ortografía sin la monotonía de la temperatura baja: quitar la cola es
#   otra forma, a menudo mejor, de controlar el riesgo.
#
# Guardar y volver a cargar el modelo
# -----------------------------------
#
# :func:`rnnbook.guardar_modelo` guarda solo tensores, y
# :func:`rnnbook.cargar_modelo` los lee con ``weights_only=True`` (sin
# ejecutar código del archivo). Para reconstruir el generador hacen falta,
# además, el vocabulario y los hiperparámetros: :func:`rnnbook.experimentos.guardar_generador`
# los escribe en un JSON legible junto a los pesos, y
# :func:`rnnbook.experimentos.cargar_generador` crea un modelo **nuevo** a partir de ambos.
import json
import tempfile
from pathlib import Path

carpeta = Path(tempfile.mkdtemp(prefix="rnnbook_a2_"))
rutas = rb.experimentos.guardar_generador(
    modelo, vocabulario, carpeta, bpc_validacion=bpc
)
for ruta in rutas.values():
    print(f"{ruta.name:<28} {ruta.stat().st_size / 1024:7.1f} kB")
print(json.loads(rutas["configuracion"].read_text(encoding="utf-8"))["hiperparametros"])

recargado, vocabulario_recargado = rb.experimentos.cargar_generador(
    carpeta, dispositivo
)
texto_recargado = rb.experimentos.generar_texto(
    recargado, vocabulario_recargado, INICIO, LONGITUD, temperatura=1.0, semilla=SEMILLA
)
identico = texto_recargado == muestras["T = 1"]
print(
    f"¿Es otro objeto? {recargado is not modelo} · "
    f"¿mismo texto con la misma semilla? {identico}"
)
# sphinx_gallery_start_ignore
rb.libro.registrar_medida(
    "ejercicios.a2.recarga_identica", "sí" if identico else "no", "{}"
)
# sphinx_gallery_end_ignore

# %%
# El modelo recargado es otro objeto de Python, pero con los mismos pesos, el
# mismo vocabulario y la misma semilla genera exactamente el mismo texto que
# el original.
#
# Lo mismo, desde la línea de órdenes:
#
# .. code-block:: bash
#
#    python -m rnnbook generar --temperatura 0.8 --longitud 500 --semilla 1 --salida gen/
#    python -m rnnbook generar --modelo gen/ --inicio "La LSTM " --top-k 5
#    python -m rnnbook generar --corpus quijote.txt --epocas 2 --salida quijote/
#
# La primera entrena con el corpus del libro y deja el *checkpoint* en
# ``gen/``; la segunda lo reutiliza sin entrenar; la tercera entrena con
# cualquier texto UTF-8 (si el *Quijote* descargado trae la licencia de
# Project Gutenberg en inglés, conviene recortarla antes).
#
# Para recordar
# -------------
#
# * Un modelo de caracteres es un problema muchos a muchos: entrada
#   :math:`1 \dots T`, objetivo :math:`2 \dots T+1`, una entropía cruzada por
#   paso.
# * Los bits por carácter solo dicen algo al lado de sus referencias: la
#   uniforme (:math:`\log_2 V`) y la unigrama, que ya sabe qué letras son
#   frecuentes pero no su orden.
# * Para generar, el estado :math:`(h, C)` se conserva entre pasos: el texto
#   inicial se lee una vez y cada carácter nuevo entra solo.
# * Temperatura baja: ortografía y repetición; alta: variedad y erratas.
#   *Top-k* quita la cola improbable sin aplanar el resto.
# * Un *checkpoint* útil guarda los pesos **y** lo necesario para rehacer el
#   modelo (vocabulario, hiperparámetros); con la misma semilla, el mismo
#   texto.
#
# Ejercicio
# ---------
#
# Entrena con ``hidden_size=256`` y el doble de épocas (fuera del libro:
# tardará unos minutos en CPU). ¿Cuántos bits por carácter bajas? ¿Qué
# temperatura da ahora el texto que prefieres? Repite con un *Quijote* en
# texto plano y compara las muestras.
