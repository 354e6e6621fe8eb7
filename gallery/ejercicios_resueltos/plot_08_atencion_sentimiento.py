r"""
A3 · Atención sobre los estados de la LSTM
==========================================

**Enunciado** (:ref:`ejercicio A3 <ejercicio-a3>`): extiende el clasificador
de sentimiento con atención. En lugar de usar solo el último estado, calcula
una puntuación para cada paso, forma un contexto como media ponderada de los
estados ocultos y visualiza los pesos. Compara con el modelo sin atención.
¿Qué palabras reciben más atención en cada clase?

El clasificador de la Parte 3 decide con :math:`h_T`, el estado tras leer la
última palabra. Con atención decide con

.. math::

    e_t = w^\top h_t, \qquad
    \alpha_t = \frac{\exp e_t}{\sum_{k} \exp e_k}, \qquad
    c = \sum_{t=1}^{T} \alpha_t\, h_t ,

una media de **todos** los estados con pesos que el modelo aprende a
repartir. Es la atención del esbozo de la guía, con una diferencia respecto a
la de :doc:`../parte4_avanzadas/plot_04_atencion`: aquí no hay decodificador
que pregunte, así que la puntuación depende solo de cada estado.
"""

# %%
# Dispositivo y semilla
# ---------------------
from rnnbook import describir_dispositivo, elegir_dispositivo

SEMILLAS = (0, 1, 2)
dispositivo = elegir_dispositivo("auto")
print(f"Dispositivo: {describir_dispositivo(dispositivo)}")

# %%
# La atención, con máscara de relleno
# -----------------------------------
#
# :class:`rnnbook.modelos.AtencionSobreEstados` es el ``W_attn`` de la guía
# escrito de modo que funcione: una capa lineal :math:`H \to 1` puntúa cada
# estado, el relleno recibe :math:`-\infty` y el *softmax* reparte el peso
# entre las palabras reales.
from rnnbook.libro import fuente
from rnnbook.modelos import AtencionSobreEstados, SentimentLSTMAtencion

fuente(AtencionSobreEstados.forward)

# %%
# :class:`rnnbook.modelos.SentimentLSTMAtencion` es el clasificador de la
# Parte 3 con el contexto en lugar de :math:`h_T`; la máscara sale de los
# propios índices (``x != PAD``):
fuente(SentimentLSTMAtencion.forward)

# %%
# Los conjuntos de datos de este ejercicio no tienen relleno (todas las frases
# tienen la misma longitud), pero el modelo tiene que tratarlo bien si lo
# hay. Con una frase de 6 palabras y otra de 3 seguida de relleno, los pesos
# del relleno son exactamente cero y cada fila suma 1:
import torch

torch.manual_seed(0)
prueba_mascara = SentimentLSTMAtencion(1000, 32, 32, 2).eval()
x = torch.tensor([[5, 600, 7, 8, 9, 10], [5, 600, 7, 0, 0, 0]])
with torch.no_grad():
    _, alfa = prueba_mascara(x, devolver_pesos=True)
print(alfa.round(decimals=3))
print("suma por fila:", alfa.sum(dim=1).tolist())

# %%
# Tres conjuntos, de menos a más exigentes
# ----------------------------------------
#
# * **guía**: :func:`rnnbook.datos.datos_sentimiento`, 30 palabras por frase
#   y todas de la misma mitad del vocabulario. Cada palabra delata la clase.
# * **negación, d = 1**: la variante de
#   :doc:`../parte3_aplicaciones/plot_02_orden_importa`
#   (:func:`rnnbook.datos.datos_negacion`): una palabra positiva, una negativa
#   y un «no» justo delante de una de ellas; el resto, palabras neutras. Solo
#   tres de las 20 palabras importan.
# * **negación, d = 8**: la misma regla con el «no» ocho palabras antes de la
#   que invierte, como en :doc:`plot_04_cnn_vs_lstm`, y 2000 frases de
#   entrenamiento.
from rnnbook.datos import (
    SentimientoNegacionDataset,
    datos_negacion,
    datos_sentimiento,
)

conjuntos = {
    "guía": datos_sentimiento(),
    "negación, d = 1": datos_negacion(),
    "negación, d = 8": tuple(
        SentimientoNegacionDataset(n, seed=s, distancia=8)
        for n, s in ((2000, 1), (400, 2), (1000, 3))
    ),
}
lejos = conjuntos["negación, d = 8"][2]
for i in range(2):
    print(f"clase {int(lejos.labels[i])}: {lejos.decodificar(lejos.data[i])}")

# %%
# Con y sin atención, tres semillas
# ---------------------------------
#
# Los dos modelos tienen incrustaciones de 32 y una LSTM de una capa con 32
# unidades; la atención añade solo el vector :math:`w` (32 parámetros). Se
# entrenan con el protocolo de la Parte 3 (a través de
# :func:`rnnbook.experimentos.medir_clasificador`: Adam, recorte a norma 1,
# lotes de 32 y los pesos de la mejor época de validación), 8 épocas con
# ``lr=1e-2``, y con tres semillas, porque una sola ejecución puede engañar.
from rnnbook import SentimentLSTM, fijar_semilla
from rnnbook.experimentos import comparar_atencion


def sin_atencion(semilla):
    fijar_semilla(semilla)
    return SentimentLSTM(1000, 32, 32, 2, num_layers=1)


def con_atencion(semilla):
    fijar_semilla(semilla)
    return SentimentLSTMAtencion(1000, 32, 32, 2)


fabricas = {"sin atención": sin_atencion, "con atención": con_atencion}
resultados, modelos = comparar_atencion(
    conjuntos, fabricas, SEMILLAS, epocas=8, lr=1e-2, dispositivo=dispositivo
)
resumen = resultados.groupby(["conjunto", "modelo"], sort=False).agg(
    exactitud_media=("exactitud", "mean"),
    exactitud_min=("exactitud", "min"),
    exactitud_max=("exactitud", "max"),
    parametros=("parametros", "first"),
    segundos_epoca=("segundos_epoca", "median"),
)
# sphinx_gallery_start_ignore
from rnnbook.libro import formato_miles, registrar_medida

clave = {"guía": "guia", "negación, d = 1": "d1", "negación, d = 8": "d8"}
sufijo = {"sin atención": "sin", "con atención": "con"}
for (nombre_datos, nombre_modelo), fila in resumen.iterrows():
    base = f"ejercicios.a3.{clave[nombre_datos]}_{sufijo[nombre_modelo]}"
    registrar_medida(f"{base}_media", 100 * fila.exactitud_media, "{:.1f} %")
    registrar_medida(f"{base}_min", 100 * fila.exactitud_min, "{:.1f} %")
    registrar_medida(f"{base}_max", 100 * fila.exactitud_max, "{:.1f} %")
parametros = resumen["parametros"].xs("guía")
registrar_medida(
    "ejercicios.a3.parametros_sin", int(parametros["sin atención"]), formato_miles
)
registrar_medida(
    "ejercicios.a3.parametros_con", int(parametros["con atención"]), formato_miles
)
# sphinx_gallery_end_ignore
resumen.round(3)

# %%
# Las cifras de prueba por semilla:
resultados.pivot_table(
    index=["conjunto", "modelo"], columns="semilla", values="exactitud", sort=False
).round(3)

# %%
# En la guía y en la negación contigua los dos modelos aciertan (casi) todo:
# la atención no hace falta. Con el «no» a ocho palabras, la atención no es una
# mejora garantizada: según la semilla, el modelo con atención resuelve la
# tarea o se queda muy por debajo, mientras que el último estado de la LSTM
# la resuelve en las tres. Para leer los pesos tomamos, en cada conjunto, el
# modelo con atención de **mejor validación** (no de mejor prueba).


def mejor_con_atencion(nombre_datos):
    filas = resultados[
        (resultados.conjunto == nombre_datos) & (resultados.modelo == "con atención")
    ]
    semilla = int(filas.loc[filas.exactitud_validacion.idxmax(), "semilla"])
    return modelos[nombre_datos, "con atención", semilla], semilla


# %%
# La guía: nada especial que encontrar
# ------------------------------------
#
# Si cada palabra delata la clase, ninguna merece más atención que otra. Los
# pesos lo confirman: el mayor peso de cada frase se queda cerca del reparto
# uniforme :math:`1/T`, y lo que sí crece es el peso de las últimas
# posiciones, cuyos estados ya han leído más palabras.
from rnnbook.experimentos import pesos_atencion

modelo_guia, _ = mejor_con_atencion("guía")
prueba_guia = conjuntos["guía"][2]
alfa_guia, _ = pesos_atencion(modelo_guia, prueba_guia.data, dispositivo=dispositivo)
T = alfa_guia.shape[1]
max_medio = float(alfa_guia.max(dim=1).values.mean())
ultimas = float(alfa_guia[:, -10:].sum(dim=1).mean())
print(
    f"T = {T}: uniforme 1/T = {1 / T:.3f}; mayor peso medio por frase = "
    f"{max_medio:.3f}; peso total de las 10 últimas palabras = {ultimas:.2f} "
    f"(uniforme: {10 / T:.2f})"
)
# sphinx_gallery_start_ignore
registrar_medida("ejercicios.a3.guia_uniforme", 1 / T, "{:.3f}")
registrar_medida("ejercicios.a3.guia_max_medio", max_medio, "{:.3f}")
registrar_medida("ejercicios.a3.guia_ultimas10", ultimas, "{:.2f}")
# sphinx_gallery_end_ignore

# %%
# La negación: ¿qué palabras reciben más atención?
# ------------------------------------------------
#
# En las variantes con negación solo tres palabras importan. La tabla da el
# peso medio que recibe **una** palabra de cada tipo en la prueba, separado
# por la clase real (:func:`rnnbook.experimentos.atencion_por_tipo`). En la
# clase 1 el «no» precede a la palabra negativa; en la clase 0, a la
# positiva. Con atención uniforme, cada celda valdría :math:`1/T = 0.05`.
import pandas as pd

from rnnbook.experimentos import atencion_por_tipo

tablas = {}
for nombre_datos in ("negación, d = 1", "negación, d = 8"):
    modelo, semilla = mejor_con_atencion(nombre_datos)
    prueba = conjuntos[nombre_datos][2]
    alfa, _ = pesos_atencion(modelo, prueba.data, dispositivo=dispositivo)
    tablas[nombre_datos, semilla] = atencion_por_tipo(prueba, alfa)
por_tipo = pd.concat(tablas, names=["conjunto", "semilla", "clase"])
# sphinx_gallery_start_ignore
nombres = {"«no»": "no", "positiva": "positiva", "negativa": "negativa"}
nombres["neutra"] = "neutra"
for (nombre_datos, _), tabla in tablas.items():
    for clase, fila in zip((0, 1), tabla.itertuples(index=False)):
        for tipo, valor in zip(tabla.columns, fila):
            registrar_medida(
                f"ejercicios.a3.{clave[nombre_datos]}_c{clase}_{nombres[tipo]}",
                valor,
                "{:.3f}",
            )
# sphinx_gallery_end_ignore
por_tipo.round(3)

# %%
# Con el «no» a ocho palabras, el modelo que resuelve la tarea mira casi solo
# a **una** palabra, y es la misma en las dos clases: la **negativa**. No le
# hace falta más: el estado en esa palabra ya sabe si hubo un «no» ocho
# palabras antes, y «negativa negada» o «negativa sin negar» es toda la
# respuesta. El «no» mismo recibe casi nada: su efecto ya está dentro de los
# estados que lo siguen. Con la negación contigua el peso está mucho menos
# concentrado: la palabra positiva recibe algo más que una neutra, y las
# neutras, que son 17 de las 20, se llevan la mayor parte del total.

# %%
# Frases bien y mal clasificadas
# ------------------------------
#
# La figura pinta los pesos palabra a palabra (rótulos en negrita: el «no» y
# las palabras de sentimiento). Arriba, tres frases de prueba bien
# clasificadas por el mejor modelo con atención en :math:`d = 8`. Debajo, el
# modelo con atención de **peor** validación en el mismo conjunto: dos frases
# bien clasificadas y tres mal (o, si no tiene errores, las tres bien
# clasificadas de menor confianza).
from rnnbook.experimentos import elegir_ejemplos
from rnnbook.figuras import figura_atencion_frases

filas_d8 = resultados[
    (resultados.conjunto == "negación, d = 8") & (resultados.modelo == "con atención")
]
semilla_peor = int(filas_d8.loc[filas_d8.exactitud_validacion.idxmin(), "semilla"])
_, semilla_mejor = mejor_con_atencion("negación, d = 8")
palabras, pesos, etiquetas = [], [], []
errores_peor = 0
for semilla, n_bien, n_mal in ((semilla_mejor, 3, 0), (semilla_peor, 2, 3)):
    modelo = modelos["negación, d = 8", "con atención", semilla]
    alfa, prob = pesos_atencion(modelo, lejos.data, dispositivo=dispositivo)
    for i, tipo in elegir_ejemplos(prob, lejos.labels, n_bien, n_mal):
        real, pred = int(lejos.labels[i]), int(prob[i].argmax())
        errores_peor += tipo == "mal"
        marca = {"bien": "✓", "mal": "✗", "dudosa": "?"}[tipo]
        etiquetas.append(
            f"{marca} semilla {semilla} · real {real} · pred. {pred} "
            f"(p = {float(prob[i, pred]):.2f})"
        )
        palabras.append(lejos.decodificar(lejos.data[i]).split())
        pesos.append(alfa[i])
fig = figura_atencion_frases(
    palabras,
    torch.stack(pesos),
    etiquetas,
    titulo="Negación a 8 palabras: pesos de atención en frases de prueba",
)
print(f"Frases mal clasificadas mostradas: {errores_peor}")

# %%
# Cuando el modelo acierta, casi todo el peso cae en la palabra negativa,
# esté negada o no: el estado en esa palabra ya sabe si hubo un «no» ocho
# palabras antes. El modelo que falla no ha encontrado nada a lo que
# atender: sus pesos son casi uniformes y su probabilidad ronda 0.5, acierte
# o no; es el caso de una semilla que se quedó en el azar.
#
# Lo que los pesos dicen y lo que no
# ----------------------------------
#
# :math:`\alpha_t` pondera **estados**, no palabras: :math:`h_t` resume todo
# lo leído hasta :math:`t`. Que el «no» reciba poco peso no quiere decir que
# el modelo lo ignore, sino que su efecto ya está en los estados posteriores.
# Por eso los pesos de atención son una pista sobre el modelo, no una
# explicación de su decisión.
#
# Para recordar
# -------------
#
# * Atención sobre los estados: puntuar cada :math:`h_t`, *softmax* con el
#   relleno a :math:`-\infty` y media ponderada en lugar de :math:`h_T`.
#   Cuesta :math:`H` parámetros.
# * Si cada palabra lleva la clase, los pesos salen casi uniformes: no hay
#   nada que encontrar.
# * Cuando pocas palabras importan, el peso va a ellas, pero la atención no
#   garantiza aprender antes ni mejor: compara con varias semillas.
# * Los pesos se leen sobre estados que ya han mezclado el contexto; no son la
#   importancia de cada palabra aislada.
#
# Ejercicio
# ---------
#
# Sustituye la LSTM por una bidireccional (el estado de cada palabra verá
# entonces también lo que viene después) y repite la tabla de pesos por tipo
# de palabra. ¿Recibe ahora el «no» más atención?
