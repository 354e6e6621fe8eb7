r"""
I1 · Incrustaciones preentrenadas: aleatorias, congeladas o afinadas
====================================================================

**Enunciado** (:ref:`ejercicio I1 <ejercicio-i1>`): inicializa la capa
``nn.Embedding`` del clasificador de sentimiento con vectores preentrenados,
compárala con una inicialización aleatoria, y compara también congelar los
vectores con afinarlos durante el entrenamiento.

El libro no descarga nada, así que no podemos usar GloVe. En su lugar
**preentrenamos nuestros propios vectores** con *skip-gram* sobre un corpus
sin etiquetas que comparte el vocabulario de la tarea: la situación real de
quien tiene mucho texto y pocas etiquetas. Después comparamos las cuatro
combinaciones {aleatorias, preentrenadas} × {congeladas, afinadas} con el
mismo clasificador LSTM, y terminamos con el código que leería el archivo de
GloVe de verdad.
"""

# %%
# Dispositivo y semilla
# ---------------------
import numpy as np
import pandas as pd
import torch

import rnnbook as rb
from rnnbook.libro import formato_miles

SEMILLA = 0
dispositivo = rb.elegir_dispositivo("auto")
print(f"Dispositivo: {rb.describir_dispositivo(dispositivo)}")

# %%
# Mucho texto sin etiquetas, pocas etiquetas
# ------------------------------------------
#
# Con los datos de :doc:`../parte3_aplicaciones/plot_01_sentimiento` (800
# reseñas etiquetadas de 30 palabras) el clasificador ve prácticamente todas
# las palabras del vocabulario durante el entrenamiento y acierta casi todas
# las secuencias partiendo de vectores aleatorios: ningún preentrenamiento puede
# mejorar eso. Los vectores preentrenados sirven cuando **las etiquetas
# escasean** y muchas palabras de la prueba no aparecen nunca en el conjunto
# etiquetado. Montamos ese escenario con el generador de
# :class:`rnnbook.SentimentDataset` (vocabulario de 1000 índices; el 0 es el
# relleno, ``[1, 500)`` las palabras negativas y ``[500, 1000)`` las
# positivas):
#
# * un **corpus sin etiquetas** de 2000 documentos de 20 palabras, del que
#   tiramos las clases;
# * solo **32 secuencias etiquetadas** de 8 palabras para entrenar el
#   clasificador, y 1000 de prueba de la misma longitud.
V, E = 1000, 32
corpus = rb.SentimentDataset(
    2000, max_len=20, vocab_size=V, seed=7
).data  # (2000, 20): sin etiquetas
etiquetado = rb.SentimentDataset(32, max_len=8, vocab_size=V, seed=11)
prueba = rb.SentimentDataset(1000, max_len=8, vocab_size=V, seed=13)

# (1000,) fracción de palabras de cada secuencia de prueba ya vistas
vistas = rb.experimentos.fraccion_vista(etiquetado.data, prueba.data)
vocab_visto = len(set(etiquetado.data.flatten().tolist())) / (V - 1)
palabras_vistas = 100 * float(vistas.mean())
sin_vistas = 100 * float((vistas == 0).float().mean())
# sphinx_gallery_start_ignore
rb.libro.registrar_medida(
    "ejercicios.i1.vocabulario_etiquetado", 100 * vocab_visto, "{:.0f} %"
)
rb.libro.registrar_medida(
    "ejercicios.i1.palabras_prueba_vistas", palabras_vistas, "{:.0f} %"
)
rb.libro.registrar_medida("ejercicios.i1.prueba_sin_vistas", sin_vistas, "{:.0f} %")
# sphinx_gallery_end_ignore
pd.DataFrame(
    {
        "fracción": [
            f"{v:.0f} %" for v in (100 * vocab_visto, palabras_vistas, sin_vistas)
        ]
    },
    index=[
        "vocabulario presente en las 32 etiquetadas",
        "palabras de la prueba ya vistas",
        "secuencias de prueba sin ninguna vista",
    ],
)

# %%
# El clasificador solo conoce la polaridad de una de cada cuatro palabras
# de la prueba, y en una de cada ocho secuencias no conoce ninguna.
#
# Preentrenar con *skip-gram*
# ---------------------------
#
# *Skip-gram* :cite:p:`mikolov2013distributed` aprende un vector :math:`u_w` por palabra
# a partir de una pregunta que no necesita etiquetas: ¿aparece la palabra
# :math:`o` cerca de :math:`c`? Para cada par (centro :math:`c`, contexto
# :math:`o`) a distancia :math:`\le 2` dentro de un documento, y :math:`K = 5`
# palabras «negativas» :math:`w_k` extraídas al azar con probabilidad
# proporcional a su frecuencia elevada a 0.75, minimiza
#
# .. math::
#
#    \ell = -\log \sigma\left(u_c^\top v_o\right)
#           - \sum_{k=1}^{K} \log \sigma\left(-u_c^\top v_{w_k}\right) ,
#
# con :math:`v` una segunda tabla, la de contexto. Dos palabras que aparecen
# en contextos parecidos acaban con vectores :math:`u` parecidos. Los pares
# se construyen de una vez, sin bucles sobre ellos
# (:func:`rnnbook.datos.pares_skipgram`), y :func:`rnnbook.experimentos.entrenar_skipgram` los
# entrena en lotes de 4096 con el motor de siempre, :func:`rnnbook.entrenar`:
# la «entrada» es la palabra central y el «objetivo», la de contexto.
centros, _ = rb.datos.pares_skipgram(corpus, ventana=2)
print(
    f"{formato_miles(centros.numel())} pares (centro, contexto) "
    "en el corpus sin etiquetas"
)
skipgram, h_skipgram = rb.experimentos.entrenar_skipgram(
    corpus,
    V,
    dim=E,
    ventana=2,
    negativos=5,
    epocas=2,
    tam_lote=4096,
    lr=2e-2,
    semilla=SEMILLA,
    dispositivo=dispositivo,
)
preentrenados = skipgram.vectores()  # (V, E), fila 0 (relleno) en cero
h_skipgram.como_tabla()[["perdida_entrenamiento"]].round(3)

# %%
# La pérdida de partida es :math:`6 \log 2 \approx 4.16` nats (todas las
# puntuaciones en cero) y baja de forma apreciable, pero no puede llegar a
# cero: la mitad de las negativas son palabras de la misma polaridad que el
# contexto verdadero, y nada las distingue de él.
#
# ¿Qué han aprendido los vectores?
# --------------------------------
#
# El corpus no llevaba etiquetas, pero sí la estructura que las genera: las
# palabras de un documento son todas de la misma polaridad. Como referencia
# construimos una tabla aleatoria con
# :func:`rnnbook.experimentos.tabla_incrustaciones` sin ningún vector conocido y con la
# misma desviación típica por componente que la preentrenada: mismo tamaño,
# distinto contenido.
palabras = ["<pad>"] + [
    f"w{i}" for i in range(1, V)
]  # el índice de cada palabra es su posición
polaridad = np.where(np.arange(V) >= V // 2, 1, 0)  # 1 positiva, 0 negativa
polaridad[rb.datos.PAD] = -1  # el relleno no es de ninguna
escala = float(preentrenados[1:].std())
aleatorios, _, _ = rb.experimentos.tabla_incrustaciones(
    palabras, {}, dim=E, escala=escala, semilla=SEMILLA
)


filas = {}
for nombre, matriz in {
    "aleatorias": aleatorios,
    "preentrenadas": preentrenados,
}.items():
    dentro, fuera = rb.experimentos.similitud_dentro_fuera(matriz, polaridad)
    filas[nombre] = {
        "coseno medio, misma polaridad": dentro,
        "coseno medio, polaridad opuesta": fuera,
        "vecinos (k=10) de su polaridad (%)": 100
        * rb.experimentos.acuerdo_de_vecinos(matriz, polaridad, k=10),
    }
estructura = pd.DataFrame(filas).T
# sphinx_gallery_start_ignore
rb.libro.registrar_medida(
    "ejercicios.i1.coseno_misma_polaridad",
    estructura.loc["preentrenadas", "coseno medio, misma polaridad"],
    "{:.2f}",
)
rb.libro.registrar_medida(
    "ejercicios.i1.coseno_polaridad_opuesta",
    estructura.loc["preentrenadas", "coseno medio, polaridad opuesta"],
    "{:.2f}",
)
rb.libro.registrar_medida(
    "ejercicios.i1.vecinos_misma_polaridad",
    estructura.loc["preentrenadas", "vecinos (k=10) de su polaridad (%)"],
    "{:.1f} %",
)
# sphinx_gallery_end_ignore
estructura.round(3)

# %%
# Los vecinos de cuatro palabras, dos negativas y dos positivas, con su
# similitud coseno: todos comparten su polaridad.
ejemplos = [3, 250, 600, 987]
vecinos, similitudes = rb.experimentos.vecinos_proximos(preentrenados, ejemplos, k=5)
signo = {0: "−", 1: "+"}
pd.DataFrame(
    [
        [
            f"{palabras[v]} ({signo[polaridad[v]]}, {s:.2f})"
            for v, s in zip(fila_v.tolist(), fila_s.tolist())
        ]
        for fila_v, fila_s in zip(vecinos, similitudes)
    ],
    index=[f"{palabras[i]} ({signo[polaridad[i]]})" for i in ejemplos],
    columns=[f"vecino {j}" for j in range(1, 6)],
)

# %%
# Proyectadas sobre sus dos componentes principales, las dos tablas se ven
# así. La aleatoria es una nube sin forma; la preentrenada, dos grupos, uno
# por polaridad, separados a lo largo de la primera componente, que concentra
# casi toda la varianza: en este corpus la polaridad es la **única**
# estructura que hay que aprender.
fig, varianza_pc1 = rb.figuras.figura_componentes_principales(
    {"aleatorias": aleatorios, "preentrenadas (skip-gram)": preentrenados},
    polaridad,
    titulo="999 palabras proyectadas sobre sus dos componentes principales",
)
print(
    "Varianza de la primera componente: "
    f"{varianza_pc1['preentrenadas (skip-gram)']:.0f} % (preentrenadas), "
    f"{varianza_pc1['aleatorias']:.0f} % (aleatorias)"
)
# sphinx_gallery_start_ignore
rb.libro.registrar_medida(
    "ejercicios.i1.varianza_componente_1",
    varianza_pc1["preentrenadas (skip-gram)"],
    "{:.0f} %",
)
# sphinx_gallery_end_ignore

# %%
# Del archivo a la tabla: el camino de GloVe
# ------------------------------------------
#
# Con vectores ajenos el trabajo es leer un archivo de texto con una línea
# ``palabra v1 v2 … vd`` por palabra (el formato de GloVe; el de texto de
# word2vec añade una primera línea ``n d``) y colocar cada vector en la fila
# de su palabra. Para seguir el mismo camino, escribimos nuestros vectores en
# ese formato en una carpeta temporal y los volvemos a leer:
import tempfile
from pathlib import Path

carpeta = Path(tempfile.mkdtemp())
ruta = rb.datos.guardar_vectores_texto(
    carpeta / "skipgram.32d.txt", palabras[1:], preentrenados[1:].numpy()
)
for linea in ruta.read_text(encoding="utf-8").splitlines()[:2]:
    print(linea[:70] + " …")

# %%
# :func:`rnnbook.datos.cargar_vectores_texto` devuelve un diccionario palabra →
# vector; con ``vocabulario`` solo guarda las palabras que nos interesan (un
# archivo de GloVe trae 400 000). :func:`rnnbook.experimentos.tabla_incrustaciones` monta
# la tabla (V, E): cada palabra con su vector, las que no están en el
# archivo con un vector aleatorio pequeño, y el relleno en ceros.
vectores = rb.datos.cargar_vectores_texto(ruta, vocabulario=palabras)
tabla, encontradas, cobertura = rb.experimentos.tabla_incrustaciones(
    palabras, vectores, dim=E, semilla=SEMILLA
)
relleno_nulo = bool((tabla[rb.datos.PAD] == 0).all())
diferencia = float((tabla - preentrenados).abs().max())
print(
    f"cobertura: {100 * cobertura:.1f} % de {V - 1} palabras; "
    f"fila del relleno nula: {relleno_nulo}; "
    f"diferencia máxima con los vectores originales: {diferencia:.1e}"
)

# %%
# La diferencia es la del redondeo a seis decimales del archivo. Una palabra
# que el archivo no trae, como ``«nueva»``, recibe un vector aleatorio y no
# cuenta en la cobertura:
_, encontradas_mini, cobertura_mini = rb.experimentos.tabla_incrustaciones(
    ["<pad>", "w3", "w600", "nueva"], vectores, semilla=SEMILLA
)
print(f"encontradas: {encontradas_mini.tolist()}, cobertura: {cobertura_mini:.2f}")

# %%
# Con GloVe de verdad los pasos son los mismos. Se descarga **una vez**
# ``glove.6B.zip`` de https://nlp.stanford.edu/projects/glove/, se
# descomprime, y en tu programa (sin red) se construye el vocabulario a
# partir de las reseñas, en minúsculas como GloVe 6B:
#
# .. code-block:: python
#
#    palabras = ["<pad>", "<unk>"] + sorted(palabras_de_las_resenas)   # índice = posición
#    vectores = rb.datos.cargar_vectores_texto("glove.6B.100d.txt", vocabulario=palabras)
#    tabla, encontradas, cobertura = rb.experimentos.tabla_incrustaciones(palabras, vectores, dim=100, semilla=0)
#    print(f"{100 * cobertura:.1f} % del vocabulario tiene vector")
#    modelo = rb.experimentos.clasificador_con_incrustaciones(tabla, congelar=True)
#
# :func:`rnnbook.experimentos.clasificador_con_incrustaciones` es un
# :class:`rnnbook.SentimentLSTM` cuya capa de incrustaciones se crea con
# ``nn.Embedding.from_pretrained(tabla.clone(), freeze=congelar,
# padding_idx=0)``. La copia importa: ``from_pretrained`` no copia el
# tensor, y afinar modificaría la tabla original, que queremos reutilizar.
#
# Cuatro maneras de empezar
# -------------------------
#
# Mismo clasificador (:class:`rnnbook.SentimentLSTM` de una capa con 32
# unidades), mismo protocolo (:func:`rnnbook.experimentos.entrenar_con_incrustaciones`:
# Adam con tasa ``1e-2``, lotes de 8, 12 épocas, recorte del gradiente a
# norma 1) y cinco semillas por combinación; solo cambia la tabla de partida
# y si se congela. No apartamos ninguna de las 32 secuencias para validación
# (con tan pocas etiquetas, reservar la mitad saldría caro): todas las
# combinaciones entrenan el mismo número de épocas. Además de la exactitud
# en toda la prueba, :func:`rnnbook.experimentos.comparar_incrustaciones` la mide en las
# secuencias que no contienen **ninguna** palabra del conjunto etiquetado:
# ahí solo acierta quien trae la polaridad de fuera.
SEMILLAS = (0, 1, 2, 3, 4)
tablas = {"aleatorias": aleatorios, "preentrenadas": tabla}
resultados = rb.experimentos.comparar_incrustaciones(
    tablas,
    etiquetado,
    prueba,
    semillas=SEMILLAS,
    epocas=12,
    lr=1e-2,
    tam_lote=8,
    hidden_size=32,
    dispositivo=dispositivo,
)
resumen = (
    resultados.groupby(["incrustaciones", "modo"], sort=False)[
        ["exactitud_prueba", "exactitud_no_vistas"]
    ].agg(["mean", "std"])
    * 100
)
# sphinx_gallery_start_ignore
for (nombre, modo), fila in resumen.iterrows():
    for columna, clave in (
        ("exactitud_prueba", "exactitud"),
        ("exactitud_no_vistas", "exactitud_no_vistas"),
    ):
        rb.libro.registrar_medida(
            f"ejercicios.i1.{clave}_{nombre}_{modo}",
            fila[(columna, "mean")],
            "{:.1f} %",
        )
        rb.libro.registrar_medida(
            f"ejercicios.i1.{clave}_{nombre}_{modo}_std",
            fila[(columna, "std")],
            "{:.1f}",
        )
# sphinx_gallery_end_ignore
resumen.columns = pd.MultiIndex.from_product(
    [["toda la prueba (%)", "sin palabras vistas (%)"], ["media", "desv. típica"]]
)
resumen.round(1)

# %%
# Con vectores aleatorios el clasificador solo puede aprender la polaridad
# de las palabras que ve: en las secuencias sin ninguna de ellas se queda en
# el azar, y en el total queda muy por debajo de los preentrenados. Afinar los aleatorios
# ayuda algo, porque mueve los vectores de las palabras vistas hacia su
# polaridad; congelados, la LSTM tiene que separar con sus propias capas
# unos vectores aleatorios que no puede mover. Con los preentrenados,
# congelados o afinados, el clasificador acierta también las secuencias que
# no comparten ni una palabra con las 32 etiquetadas: la polaridad de esas
# palabras la aprendió el *skip-gram* del corpus sin etiquetas.
#
# ¿Qué mueve el afinado?
# ----------------------
#
# Una palabra que no aparece en el conjunto etiquetado no recibe nunca
# gradiente, así que afinar solo puede mover las filas de las palabras
# vistas. Lo comprobamos con un modelo afinado a partir de la tabla
# preentrenada:
modelo_afinado, _ = rb.experimentos.entrenar_con_incrustaciones(
    tabla,
    etiquetado,
    congelar=False,
    epocas=12,
    lr=1e-2,
    tam_lote=8,
    hidden_size=32,
    semilla=SEMILLA,
    dispositivo=dispositivo,
)
cambio = (modelo_afinado.embedding.weight.detach().cpu() - tabla).norm(
    dim=1
) / tabla.norm(dim=1).clamp_min(1e-12)
en_etiquetado = torch.zeros(V, dtype=torch.bool)
en_etiquetado[etiquetado.data.flatten()] = True
cambio_visto = 100 * float(cambio[en_etiquetado].mean())
no_vistas = ~en_etiquetado
no_vistas[rb.datos.PAD] = False
print(
    f"cambio relativo medio de los vectores: {cambio_visto:.0f} % "
    f"en las {int(en_etiquetado.sum())} palabras vistas, "
    f"{float(cambio[no_vistas].max()):.1f} % (máximo) "
    f"en las {int(no_vistas.sum())} no vistas"
)
# sphinx_gallery_start_ignore
rb.libro.registrar_medida("ejercicios.i1.cambio_filas_vistas", cambio_visto, "{:.0f} %")
# sphinx_gallery_end_ignore

# %%
# Con un conjunto etiquetado pequeño, afinar solo reordena una cuarta parte
# del vocabulario y deja el resto donde estaba. Aquí no hace daño porque los
# vectores vistos se mueven poco respecto a la separación entre los dos
# grupos; con vectores reales puede desplazar las palabras vistas lejos de
# sus vecinas no vistas, y por eso con pocas etiquetas se suele congelar.
#
# Con más etiquetas, la ventaja se desvanece
# ------------------------------------------
#
# Repetimos la comparación con 128 y 512 secuencias etiquetadas (tres
# semillas, lotes de :math:`n/4` para dar el mismo número de pasos).
curva = [resultados.assign(n=32)]
for n in (128, 512):
    mas = rb.SentimentDataset(n, max_len=8, vocab_size=V, seed=11)
    curva.append(
        rb.experimentos.comparar_incrustaciones(
            tablas,
            mas,
            prueba,
            semillas=SEMILLAS[:3],
            epocas=12,
            lr=1e-2,
            tam_lote=n // 4,
            hidden_size=32,
            dispositivo=dispositivo,
        ).assign(n=n)
    )
    vistas_n = 100 * float(rb.experimentos.fraccion_vista(mas.data, prueba.data).mean())
    print(
        f"n = {n}: el clasificador ha visto el {vistas_n:.0f} % "
        "de las palabras de la prueba"
    )
curva = pd.concat(curva, ignore_index=True)
por_n = (
    curva.groupby(["incrustaciones", "modo", "n"])["exactitud_prueba"].agg(
        ["mean", "std"]
    )
    * 100
).sort_index()
# sphinx_gallery_start_ignore
rb.libro.registrar_medida(
    "ejercicios.i1.exactitud_aleatorias_afinadas_512",
    por_n.loc[("aleatorias", "afinadas", 512), "mean"],
    "{:.1f} %",
)
rb.libro.registrar_medida(
    "ejercicios.i1.exactitud_aleatorias_congeladas_512",
    por_n.loc[("aleatorias", "congeladas", 512), "mean"],
    "{:.1f} %",
)
# sphinx_gallery_end_ignore
por_n.unstack("n").rename(columns={"mean": "media (%)", "std": "desv. típica"}).round(1)

# %%
# A la izquierda, la comparación con 32 etiquetas (barras: media de las
# cinco semillas; puntos: cada semilla). A la derecha, la exactitud en
# función del número de secuencias etiquetadas (media ± desviación típica);
# las dos curvas preentrenadas van juntas, en lo más alto.
fig = rb.figuras.figura_comparacion_incrustaciones(resultados, por_n, n_barras=32)

# %%
# Con 512 secuencias el clasificador ya ha visto casi todas las palabras de
# la prueba y los vectores aleatorios afinados alcanzan a los preentrenados:
# aprender las incrustaciones desde cero es lo que hace la
# :doc:`../parte3_aplicaciones/plot_01_sentimiento` con sus 800 reseñas. Los
# aleatorios **congelados** no mejoran al mismo ritmo: la LSTM tiene que
# aprender la polaridad de cientos de vectores fijos sin poder moverlos.
#
# Qué mide y qué no mide este experimento
# ---------------------------------------
#
# * El corpus sin etiquetas sale del mismo generador que la tarea y su única
#   estructura es la polaridad: es el **mejor caso** para el
#   preentrenamiento. En texto real, *skip-gram* y GloVe agrupan las
#   palabras por los contextos en que aparecen, y «bueno» y «malo» aparecen
#   en contextos muy parecidos: sus vectores quedan cerca. Ahí afinar suele
#   ayudar cuando hay etiquetas suficientes.
# * Sin etiquetas de sobra no apartamos validación: con otras épocas o tasas
#   de aprendizaje las cifras de los vectores aleatorios cambian algo; la
#   diferencia con los preentrenados en las secuencias sin palabras vistas,
#   no (ahí los aleatorios no tienen de dónde sacar la polaridad).
#
# Para recordar
# -------------
#
# * Unas incrustaciones preentrenadas traen información que el conjunto
#   etiquetado no contiene: sirven cuando hay pocas etiquetas y muchas
#   palabras que el clasificador no ve nunca; con etiquetas de sobra, unos
#   vectores aleatorios afinados llegan a lo mismo.
# * ``nn.Embedding.from_pretrained(tabla, freeze=...)`` comparte memoria con
#   ``tabla``: pásale una copia si la vas a reutilizar.
# * Afinar solo mueve los vectores de las palabras que aparecen en el
#   entrenamiento; las demás se quedan donde las dejó el preentrenamiento.
# * Al cargar vectores ajenos, mide la **cobertura** de tu vocabulario, pon
#   el relleno a cero y da a las palabras que faltan un vector aleatorio de
#   la misma escala que los demás.
#
# Ejercicio
# ---------
#
# Construye un corpus sin etiquetas en el que cada documento mezcle palabras
# de las dos polaridades pero de un mismo «tema» (por ejemplo, diez bloques
# del vocabulario). ¿Qué agrupan ahora los vectores de *skip-gram*? ¿Sigue
# ayudando el preentrenamiento con 32 etiquetas, y cambia algo afinar?
