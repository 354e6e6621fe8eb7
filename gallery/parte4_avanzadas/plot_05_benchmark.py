r"""
Benchmark honesto: RNN, LSTM y GRU
==================================

La guía compara RNN, LSTM y GRU con un bucle de 50 pasos de Adam sobre un
lote de datos aleatorios: imprime los parámetros, **un** tiempo de reloj para
los 50 pasos y la «pérdida final». Los parámetros son correctos; lo demás mide
poco. Un único tiempo de pared incluye el arranque (los primeros pasos son más
lentos) y el ruido de la máquina. Y la pérdida final se calcula sobre el mismo
lote de 128 etiquetas **aleatorias** con que se entrenó: mide cuánto tarda
cada modelo en memorizar ruido, no cuánto aprende.

Aquí repetimos el experimento con tres cambios: el tiempo de cada paso por
separado (mediana tras un calentamiento, con su dispersión), la memoria que
ocupa un paso y la calidad en una tarea que sí se puede aprender, con datos
de prueba que el entrenamiento no ve. Todo lo hace
:func:`~rnnbook.entregables.ejecutar_benchmark`, la misma función que usa
``python -m rnnbook benchmark --salida DIR``.
"""

# %%
# La configuración de la guía y los parámetros
# --------------------------------------------
# Entrada de 32 rasgos, estado de 64, secuencias de 50 pasos, lotes de 128,
# dos capas y una capa lineal sobre el último estado:
# :func:`~rnnbook.crear_modelo_recurrente` devuelve ese modelo. Los
# parámetros de las capas recurrentes se comprueban con la fórmula de la
# Parte 2, :math:`G\,(H d_{\text{in}} + H^2 + 2H)` por capa con
# :math:`G = 1, 4, 3` (RNN, LSTM, GRU); la capa lineal añade
# :math:`2H + 2 = 130`.
import pandas as pd

import rnnbook

conteo = {}
for tipo in rnnbook.experimentos.TIPOS_BENCHMARK:
    modelo = rnnbook.crear_modelo_recurrente(
        tipo, input_size=32, hidden_size=64, output_size=2, num_layers=2
    )
    conteo[tipo] = {
        "parámetros (numel)": rnnbook.contar_parametros(modelo),
        "fórmula": rnnbook.contar_parametros_torch(tipo, 32, 64, num_layers=2)
        + 64 * 2
        + 2,
    }
    # sphinx_gallery_start_ignore
    rnnbook.libro.registrar_medida(
        f"parte4.benchmark.parametros_{tipo.lower()}",
        conteo[tipo]["parámetros (numel)"],
        rnnbook.libro.formato_miles,
    )
    # sphinx_gallery_end_ignore
pd.DataFrame.from_dict(conteo, orient="index")

# %%
# Medir
# -----
# Una sola llamada ejecuta todo y escribe ``resultados_benchmark.json`` y
# ``benchmark_rnn_lstm_gru.png`` en la carpeta indicada (aquí, una temporal).
# Se piden la CPU y CUDA: si no hay GPU, CUDA queda registrada como «no
# disponible» en el JSON y no es un error. Para cada modelo y dispositivo se
# ejecutan los 50 pasos de la guía (mismo lote, misma tasa) y se cronometra
# **cada** paso; los 5 primeros son calentamiento y no cuentan.
import tempfile
from pathlib import Path

dispositivo = rnnbook.elegir_dispositivo("auto")
print("Dispositivo principal:", rnnbook.describir_dispositivo(dispositivo))
carpeta = Path(tempfile.mkdtemp(prefix="benchmark_"))
resultados = rnnbook.entregables.ejecutar_benchmark(
    carpeta,
    ["cpu", "cuda"],
    semilla=0,
    progreso=False,
    repeticiones=45,
    calentamiento=5,
)
print("Archivos escritos:", sorted(p.name for p in carpeta.iterdir()))
for d, info in resultados["dispositivos"].items():
    print(
        f"{d}: "
        + (
            info["descripcion"]
            if info["disponible"]
            else f"no disponible ({info['motivo']})"
        )
    )

# %%
# Tiempo por paso
# ---------------
# Mediana, percentiles 25 y 75 de los 45 pasos cronometrados, y el primer paso
# (el que la guía mezcla con los demás):
filas = {}
for d, info in resultados["dispositivos"].items():
    if not info["disponible"]:
        continue
    for tipo, r in info["modelos"].items():
        filas[(d, tipo)] = {
            "mediana (ms)": r["tiempo_paso_ms"]["mediana"],
            "p25 (ms)": r["tiempo_paso_ms"]["p25"],
            "p75 (ms)": r["tiempo_paso_ms"]["p75"],
            "primer paso (ms)": r["primer_paso_ms"],
            "memoria de activaciones (MB)": r["memoria_activaciones_mb"],
        }
tiempos = pd.DataFrame.from_dict(filas, orient="index")
tiempos.index.names = ["dispositivo", "modelo"]
cpu = resultados["dispositivos"]["cpu"]["modelos"]
ms = {
    t: cpu[t]["tiempo_paso_ms"]["mediana"] for t in rnnbook.experimentos.TIPOS_BENCHMARK
}
r_lstm_rnn = ms["LSTM"] / ms["RNN"]
r_gru_lstm = ms["GRU"] / ms["LSTM"]
print(
    f"En la CPU: LSTM/RNN = {r_lstm_rnn:.2f} (4 en matrices), "
    f"GRU/LSTM = {r_gru_lstm:.2f} (0.75 en matrices)"
)
# sphinx_gallery_start_ignore
for tipo in rnnbook.experimentos.TIPOS_BENCHMARK:
    rnnbook.libro.registrar_medida(
        f"parte4.benchmark.ms_paso_cpu_{tipo.lower()}",
        cpu[tipo]["tiempo_paso_ms"]["mediana"],
        "{:.1f}",
    )
    rnnbook.libro.registrar_medida(
        f"parte4.benchmark.memoria_mb_{tipo.lower()}",
        cpu[tipo]["memoria_activaciones_mb"],
        "{:.1f}",
    )
rnnbook.libro.registrar_medida("parte4.benchmark.razon_lstm_rnn", r_lstm_rnn, "{:.2f}")
rnnbook.libro.registrar_medida("parte4.benchmark.razon_gru_lstm", r_gru_lstm, "{:.2f}")
# sphinx_gallery_end_ignore
tiempos.round(2)

# %%
# El coste por paso crece con el número de transformaciones por celda: una
# en la RNN, tres en la GRU y cuatro en la LSTM. Las razones medidas se
# pueden comparar con esas proporciones (4 y 0.75), pero no tienen por qué
# coincidir: cada paso tiene además costes que no dependen de las puertas
# (lanzar las operaciones de cada instante, la capa lineal, Adam), y en CUDA
# cuDNN fusiona las puertas en pocas llamadas. Por eso la pregunta «¿la GRU
# entrena más rápido que la LSTM?» (§3.3 de la guía) solo tiene respuesta
# medida, en tu máquina. Las cifras de esta página salen de la máquina que
# construyó el libro, a veces compartida con otros procesos: compara medianas
# y mira la dispersión antes de sacar conclusiones de diferencias pequeñas.
#
# La memoria es la de las activaciones que autograd guarda para el
# *backward* (medida con ``torch.autograd.graph.saved_tensors_hooks``, igual
# en CPU y en CUDA; en CUDA el JSON añade el pico de
# ``torch.cuda.max_memory_allocated``). Crece con :math:`N \cdot T \cdot H` y
# con el número de puertas: la LSTM guarda cuatro activaciones de puerta y el
# estado de la celda en cada paso.
#
# Lo que mide la «pérdida final» de la guía
# -----------------------------------------
# Tras los 50 pasos, la pérdida del último paso (la que imprime la guía) y la
# del mismo modelo en un lote **nuevo** de 128 secuencias con etiquetas
# aleatorias:
memo = resultados["memorizacion_guia"]["modelos"]
tabla_memo = pd.DataFrame.from_dict(memo, orient="index")
# sphinx_gallery_start_ignore
for tipo in rnnbook.experimentos.TIPOS_BENCHMARK:
    rnnbook.libro.registrar_medida(
        f"parte4.benchmark.perdida_guia_{tipo.lower()}",
        memo[tipo]["perdida_final"],
        "{:.4f}",
    )
    rnnbook.libro.registrar_medida(
        f"parte4.benchmark.perdida_lote_nuevo_{tipo.lower()}",
        memo[tipo]["perdida_lote_nuevo"],
        "{:.2f}",
    )
# sphinx_gallery_end_ignore
tabla_memo.round(4)

# %%
# Las pérdidas «finales» son pequeñas, pero en el lote nuevo las de los tres
# modelos quedan **por encima** de :math:`\ln 2 \approx 0.693`, la pérdida de
# responder siempre 50 %/50 %, y la exactitud ronda el azar: los modelos han
# memorizado 128 etiquetas sin sentido y están muy seguros de respuestas que
# ahora son aleatorias. Ordenar los modelos por ese número dice cuál memoriza
# ruido más deprisa con esta tasa de aprendizaje, nada más.
#
# Calidad en una tarea que se puede aprender
# ------------------------------------------
# La tarea de dependencia larga de la Parte 2
# (:func:`~rnnbook.crear_tarea_long_range`): 50 pasos de ruido con un
# :math:`\pm 1` en el primero; la clase es su signo. Los mismos modelos (dos
# capas, :math:`H = 64`, una entrada por paso) entrenan unas pocas épocas con
# el 70 % de las secuencias, eligen la mejor época con el 15 % de validación y
# se evalúan en el 15 % restante, que nunca ven. Añadimos una cuarta variante:
# la LSTM con el sesgo de la puerta de olvido inicializado a 2, en lugar de
# los valores pequeños alrededor de 0 con que PyTorch inicializa los sesgos.
info_cal = resultados["calidad"]
print(
    f"{info_cal['n']} secuencias de {info_cal['seq_len']} pasos "
    f"(signo a {info_cal['gap']} pasos del final), "
    f"{info_cal['epocas']} épocas, lotes de {info_cal['tam_lote']}, "
    f"lr = {info_cal['lr']}"
)
cal = info_cal["modelos"]
tabla_cal = pd.DataFrame.from_dict(
    {
        nombre: {
            "tipo": r["tipo"],
            "sesgo de olvido inicial": "PyTorch (≈ 0)"
            if r["sesgo_olvido"] is None
            else r["sesgo_olvido"],
            "exactitud de prueba": r["exactitud_prueba"],
            "mejor época": r["mejor_epoca"],
            "exactitud de validación por época": [
                round(v, 2) for v in r["exactitud_validacion"]
            ],
        }
        for nombre, r in cal.items()
    },
    orient="index",
)
# sphinx_gallery_start_ignore
for nombre in cal:
    rnnbook.libro.registrar_medida(
        f"parte4.benchmark.exactitud_{nombre.lower()}",
        100 * cal[nombre]["exactitud_prueba"],
        "{:.1f} %",
    )
# sphinx_gallery_end_ignore
tabla_cal

# %%
# Con la inicialización por defecto y este presupuesto, ningún modelo aprende
# a recordar el signo durante 49 pasos: su exactitud de prueba se queda en
# torno al 50 %. La LSTM con sesgo de olvido 2, en cambio, aprende en las
# primeras épocas (última columna) y acierta casi todas las secuencias de
# prueba. La razón está en la puerta de olvido: con
# sesgo 0, al empezar :math:`f_t \approx \sigma(0) = 0.5` y el estado de la
# celda pierde la mitad de lo que guarda **en cada paso**
# (:math:`0.5^{49} \approx 2 \cdot 10^{-15}`); con sesgo 2,
# :math:`f_t \approx \sigma(2) \approx 0.88` y el camino aditivo de la celda
# (Parte 2) conserva la señal y su gradiente. La ventaja de la LSTM en
# dependencias largas es real, pero no es automática: depende de que la
# puerta de olvido empiece abierta.
#
# El resumen y la figura
# ----------------------
# :func:`~rnnbook.experimentos.tabla_benchmark` reúne una fila por modelo, y la figura es
# la que se guardó como ``benchmark_rnn_lstm_gru.png``:
rnnbook.experimentos.tabla_benchmark(resultados).round(4)

# %%
fig = rnnbook.figuras.figura_benchmark(resultados)

# %%
# El JSON
# -------
# ``resultados_benchmark.json`` contiene exactamente el diccionario
# ``resultados``; su esquema (``rnnbook.benchmark/1``) está documentado en
# :func:`~rnnbook.entregables.ejecutar_benchmark`. Sus claves de primer nivel y, para un
# dispositivo, las de un modelo:
import json

leido = json.loads((carpeta / "resultados_benchmark.json").read_text(encoding="utf-8"))
print("Claves:", list(leido))
print(
    "Dispositivos:",
    {d: info["disponible"] for d, info in leido["dispositivos"].items()},
)
print("Un modelo en la CPU:", sorted(leido["dispositivos"]["cpu"]["modelos"]["LSTM"]))

import shutil

shutil.rmtree(carpeta)  # la carpeta era temporal: no dejamos basura en el disco

# %%
# Para recordar
# -------------
# * Cronometra cada paso, descarta el calentamiento y da la mediana con su
#   dispersión; en CUDA, sincroniza antes de leer el reloj.
# * Una pérdida de entrenamiento sobre un lote de etiquetas aleatorias mide
#   memorización. La calidad se mide en datos de prueba aparte.
# * Parámetros: RNN < GRU < LSTM (1 : 3 : 4 por capa recurrente). El tiempo
#   y la memoria siguen un orden parecido, pero la proporción depende de la
#   implementación y del dispositivo: mídelo.
# * En dependencias largas, la inicialización de la puerta de olvido decide
#   si la LSTM aprende con un presupuesto pequeño.
#
# **Ejercicio.** Ejecuta ``python -m rnnbook benchmark --salida resultados
# --dispositivo todos`` en una máquina con GPU y compara las medianas de CPU y
# CUDA. Después repite la medida de calidad con la GRU inicializando a +2 el
# sesgo de su puerta de actualización :math:`z` (en PyTorch,
# :math:`h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}`): ¿recuerda también el
# signo?
