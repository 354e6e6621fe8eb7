"""
B3 · Predecir cinco pasos: directa frente a recursiva
=====================================================

**Enunciado** (:ref:`ejercicio-b3`): modifica el predictor de series de tiempo
para que prediga los **5** valores siguientes en lugar de uno y compara su
error con el del modelo de un paso.

Hay dos maneras de predecir cinco pasos con una red recurrente, y las
comparamos en dos series: la serie sintética de
:doc:`../parte3_aplicaciones/plot_03_series_tiempo`, donde conocemos el
ruido y por tanto el mejor error posible, y una serie real, la temperatura
del mar frente a Perú y Ecuador que vigila la NOAA para seguir El Niño.
"""

# %%
# Dispositivo y semilla
# ---------------------
from rnnbook import describir_dispositivo, elegir_dispositivo
from rnnbook.experimentos import HIPERPARAMETROS_MULTIPASO

SEMILLA = 0
dispositivo = elegir_dispositivo("auto")
print(f"Dispositivo: {describir_dispositivo(dispositivo)}")

# %%
# Dos estrategias
# ---------------
#
# Con una ventana :math:`x_{t-T+1}, \dots, x_t` queremos
# :math:`\hat y_{t+1}, \dots, \hat y_{t+5}`.
#
# * **Directa**: un solo LSTM con cinco salidas (``output_size=5``) aprende
#   los cinco valores a la vez,
#
#   .. math:: (\hat y_{t+1}, \dots, \hat y_{t+5}) = f(x_{t-T+1}, \dots, x_t).
#
# * **Recursiva**: la LSTM de un paso de la Parte 3 se aplica cinco veces; en
#   cada una la ventana avanza un paso y su último valor es la predicción
#   anterior, porque el valor real todavía no se conoce
#   (:func:`rnnbook.experimentos.prediccion_recursiva`),
#
#   .. math:: \hat y_{t+k} = g(x_{t-T+k}, \dots, x_t,\ \hat y_{t+1}, \dots, \hat y_{t+k-1}).
#
# La directa aprende cada paso del horizonte como una salida propia y nunca
# ve sus propias predicciones; la recursiva solo necesita el modelo de un
# paso, pero sus errores entran en la ventana y pueden acumularse. Para que la comparación sea justa, los dos
# modelos tienen la misma arquitectura, ven las mismas ventanas y se
# entrenan con el mismo protocolo (:func:`rnnbook.experimentos.entrenar_directa_y_recursiva`):
# el de un paso usa solo la primera columna de los objetivos.
#
# 1. La serie sintética
# ---------------------
#
# Las mismas ventanas de 30 valores y la misma división cronológica 70 / 15 /
# 15 que en la Parte 3; solo cambia el horizonte: cada objetivo es ahora el
# vector de los 5 valores siguientes.
import pandas as pd

from rnnbook.datos import preparar_datos_series

hp = HIPERPARAMETROS_MULTIPASO["sintetica"]
K = hp["horizonte"]
datos = preparar_datos_series(n=2000, ventana=hp["ventana"], horizonte=K)
Xp, yp = datos.par("prueba")
print("forma de X y de y (prueba):", tuple(Xp.shape), tuple(yp.shape))
pd.DataFrame({"ventanas": datos.tamanos()})

# %%
# Las referencias, paso a paso
# ----------------------------
#
# * **Piso de ruido** de cada paso: el MSE del ruido añadido a los objetivos
#   de ese paso (:func:`rnnbook.experimentos.piso_ruido_por_paso`). La señal limpia es una
#   suma de senos, determinista: un predictor ideal la conoce a 1 paso y a 5
#   pasos por igual, así que el piso **no crece** con el horizonte; en cada
#   paso vale :math:`\sigma^2 = 0.01` en esperanza. :func:`rnnbook.experimentos.mse_piso_ruido`,
#   con ``horizonte=5``, devuelve la media de los cinco pisos.
# * **Persistencia**: repetir :math:`x_t` en los cinco pasos
#   (:func:`rnnbook.experimentos.prediccion_ingenua` con ``periodo=1``).
# * **Autorregresivo lineal** (:class:`rnnbook.modelos.AutorregresivoLineal`), que es
#   barato y permite las dos estrategias: con cinco salidas (directa) y de un
#   paso realimentado (recursiva).
import numpy as np

from rnnbook.experimentos import (
    mse_piso_ruido,
    piso_ruido_por_paso,
    prediccion_ingenua,
    prediccion_recursiva,
)
from rnnbook.modelos import AutorregresivoLineal

piso = piso_ruido_por_paso(datos)
print(
    f"media de los pisos por paso: {piso.mean():.6f}; "
    f"mse_piso_ruido: {mse_piso_ruido(datos):.6f}"
)
Xe, ye = datos.par("entrenamiento")
ar_directo = AutorregresivoLineal(hp["ventana"]).ajustar(
    Xe, ye
)  # coeficientes (T + 1, 5)
ar_un_paso = AutorregresivoLineal(hp["ventana"]).ajustar(
    Xe, ye[:, :1]
)  # coeficientes (T + 1, 1)
predicciones = {
    "persistencia": prediccion_ingenua(Xp, K),
    "autorregresivo, directa": ar_directo.predecir(Xp),
    "autorregresivo, recursiva": prediccion_recursiva(ar_un_paso, Xp, K),
}

# %%
# Los dos LSTM
# ------------
#
# :class:`rnnbook.LSTMSeriesPredictor` con una capa de 32 unidades, sin
# *dropout* (el de la Parte 3 tiene dos capas de 64: este ejemplo entrena
# ocho modelos en pocos segundos), 12 épocas, tasa inicial ``2e-2`` que baja
# en coseno, recorte a norma 1 y los pesos de la mejor época de validación.
from rnnbook.experimentos import comparar_directa_recursiva

lstm = comparar_directa_recursiva(
    datos.par("entrenamiento"),
    datos.par("validacion"),
    datos.par("prueba"),
    semillas=(SEMILLA,),
    hidden_size=hp["hidden_size"],
    num_layers=hp["num_layers"],
    epocas=hp["epocas"],
    lr=hp["lr"],
    tam_lote=hp["tam_lote"],
    dispositivo=dispositivo,
)
predicciones.update(lstm["predicciones"][0])
print(
    "forma de las predicciones:",
    {k: v.shape for k, v in lstm["predicciones"][0].items()},
)

# %%
# El error por paso del horizonte
# -------------------------------
#
# La tabla da el MSE de prueba de cada predictor en cada paso
# (:func:`rnnbook.experimentos.tabla_mse_por_paso`), y la siguiente lo divide por el piso
# de ese paso: 1 es el predictor perfecto.
from rnnbook.experimentos import tabla_mse_por_paso

tabla_sint = tabla_mse_por_paso(predicciones, yp, referencias={"piso de ruido": piso})
tabla_sint.round(4)

# %%
tabla_sint.div(piso, axis=1).round(3)

# %%
# La persistencia se hunde enseguida: la componente rápida de la serie tiene
# un periodo de unos 7 pasos, y a 5 pasos el último valor ya no dice casi
# nada. Los demás predictores se quedan cerca del piso **en los cinco
# pasos**: el error no crece con el horizonte, porque la señal es
# determinista y una ventana de 30 valores basta para saber en qué fase está.
#
# El MSE frente al valor observado mezcla el ruido (el piso, igual para
# todos) con lo que el modelo se equivoca sobre la señal. Esta segunda parte
# se ve sola midiendo el error frente a la **señal limpia**:
from rnnbook.experimentos import mse_por_paso

exceso = pd.DataFrame(
    {
        nombre: mse_por_paso(predicciones[nombre], datos.limpia["prueba"])
        for nombre in (
            "autorregresivo, directa",
            "autorregresivo, recursiva",
            "LSTM, directa",
            "LSTM, recursiva",
        )
    },
    index=tabla_sint.columns,
).T
exceso.rename_axis("MSE frente a la señal limpia").round(5)

# %%
r1 = tabla_sint.loc[["LSTM, directa", "LSTM, recursiva"], 1] / piso[0]
print(
    "Paso 1 (la comparación justa con el modelo de un paso): "
    f"directa {r1.iloc[0]:.3f} × piso, un paso {r1.iloc[1]:.3f} × piso"
)

# sphinx_gallery_start_ignore
from rnnbook.libro import formato_miles, registrar_medida

claves = {
    "LSTM, directa": "directa",
    "LSTM, recursiva": "recursiva",
    "autorregresivo, directa": "ar",
    "persistencia": "persistencia",
    "piso de ruido": "piso",
}
for fila, clave in claves.items():
    for k in (1, K):
        registrar_medida(
            f"ejercicios.b3.sintetica.{clave}_paso{k}",
            float(tabla_sint.loc[fila, k]),
            "{:.4f}",
        )
for fila, clave in (("LSTM, directa", "directa"), ("LSTM, recursiva", "recursiva")):
    for k in (1, K):
        registrar_medida(
            f"ejercicios.b3.sintetica.razon_{clave}_paso{k}",
            float(tabla_sint.loc[fila, k] / piso[k - 1]),
            "{:.3f}",
        )
        registrar_medida(
            f"ejercicios.b3.sintetica.limpia_{clave}_paso{k}",
            float(exceso.loc[fila, k]),
            "{:.5f}",
        )
# sphinx_gallery_end_ignore
# %%
# **La comparación justa con el modelo de un paso es el paso 1**: ahí la
# recursiva *es* el modelo de un paso. Aprender cinco salidas a la vez no le
# cuesta nada a la directa en ese paso (con esta semilla queda incluso un
# poco por debajo): las cinco salidas dependen de lo mismo, la fase y la
# amplitud de los dos senos. Las diferencias entre los dos LSTM, de unas
# centésimas del piso, son del tamaño de lo que cambia al entrenar con otra
# semilla.
#
# En esta serie la recursiva no acumula errores: su error frente a la señal
# limpia incluso **baja** con el paso. No es una contradicción: lo que
# realimenta es su predicción, que está mucho más cerca de la señal limpia
# que el valor observado (su MSE frente a ella es una fracción pequeña del
# ruido), así que las ventanas de los pasos siguientes son más limpias que
# las observadas. Con
# una señal determinista y un modelo de un paso tan bueno, realimentar no
# cuesta casi nada. La serie real se comporta de otro modo.
#
# La figura dibuja el MSE de cada paso dividido por el piso de ese paso, sin
# la persistencia, que se sale de la escala (decenas de veces el piso).
from rnnbook.figuras import figura_mse_por_paso

razon_sint = tabla_sint.drop(index="persistencia").div(piso, axis=1)
fig = figura_mse_por_paso(
    {"Serie sintética (prueba)": razon_sint},
    ylabel={"Serie sintética (prueba)": "MSE de prueba / piso de ruido del paso"},
)

# %%
# 2. Una serie real: la temperatura del mar en la región Niño 1+2
# ---------------------------------------------------------------
#
# :func:`rnnbook.datos.cargar_serie_elnino` devuelve la temperatura media mensual
# de la superficie del mar entre 0–10° S y 90–80° O, frente a Perú y Ecuador,
# de enero de 1950 a diciembre de 2010: 732 valores en °C. Son datos de la
# NOAA (índice Niño 1+2 del conjunto ERSST v3b) que ``statsmodels`` trae
# dentro del paquete como una tabla de 61 años × 12 meses; la función la
# ordena en una sola serie cronológica con un índice mensual.
#
# La serie tiene dos escalas de tiempo: el ciclo de las estaciones, con
# periodo 12, y los episodios de El Niño, irregulares, que calientan el agua
# varios grados durante meses (1982–83 y 1997–98 son los mayores).
from rnnbook.datos import cargar_serie_elnino, preparar_serie_real

serie = cargar_serie_elnino()
print(
    f"{serie.size} valores, de {serie.index[0]:%Y-%m} a {serie.index[-1]:%Y-%m}; "
    f"media {serie.mean():.2f} °C, desviación típica {serie.std():.2f} °C"
)

# %%
# Ventanas de 24 meses y horizonte de 5 meses. La división cronológica
# 70 / 15 / 15 se hace sobre los meses (:func:`rnnbook.datos.preparar_serie_real`):
# cada objetivo pertenece a un solo conjunto y las ventanas de los primeros
# objetivos de validación y de prueba toman sus entradas del tramo anterior,
# que es pasado. La serie se **estandariza con la media y la desviación
# típica del tramo de entrenamiento**; usar las de la serie entera filtraría
# información del futuro.
he = HIPERPARAMETROS_MULTIPASO["elnino"]
real = preparar_serie_real(serie, ventana=he["ventana"], horizonte=he["horizonte"])
print(
    "media y desviación de entrenamiento: "
    f"{real.media:.3f} °C y {real.desviacion:.3f} °C"
)
pd.DataFrame(
    {
        "ventanas": real.tamanos(),
        "primer objetivo": {c: f"{real.fechas(c)[0]:%Y-%m}" for c in real.X},
        "último objetivo (paso 5)": {
            c: f"{real.fechas(c, he['horizonte'])[-1]:%Y-%m}" for c in real.X
        },
    }
)

# %%
# Las ventanas de entrenamiento se solapan: en realidad son unos 43 años de
# datos, con apenas un puñado de episodios fuertes de El Niño de los que
# aprender (el de 1982–83 es el mayor; el de 1997–98 cae en la validación).
from rnnbook.figuras import figura_serie_real

fig = figura_serie_real(real, unidades="°C")

# %%
# Referencias y modelos
# ---------------------
#
# * **Persistencia**: el valor de este mes se repite cinco meses.
# * **Ingenua estacional**: para cada mes, el valor del mismo mes del año
#   anterior (:func:`rnnbook.experimentos.prediccion_ingenua` con ``periodo=12``). Es la
#   referencia clave en una serie con estaciones.
# * **Autorregresivo lineal** de 24 retardos con cinco salidas.
# * Los dos LSTM, con una capa de 32, 20 épocas y tasa inicial ``2e-2``,
#   entrenados con **tres semillas**: con tan pocos datos, lo que cambia de
#   una semilla a otra es parte del resultado.
#
# Se entrena y se predice sobre la serie estandarizada; los errores se
# devuelven a **°C²** multiplicando el MSE por la varianza de entrenamiento
# (las referencias, que no aprenden nada, dan lo mismo en una escala que en
# la otra). Las filas de las LSTM son la media de las tres semillas.
Xr, yr = real.par("prueba")
Xre, yre = real.par("entrenamiento")
pred_real = {
    "persistencia": prediccion_ingenua(Xr, he["horizonte"]),
    "ingenua estacional (12 meses)": prediccion_ingenua(
        Xr, he["horizonte"], periodo=he["periodo"]
    ),
    "autorregresivo, directa": AutorregresivoLineal(he["ventana"])
    .ajustar(Xre, yre)
    .predecir(Xr),
}
lstm_real = comparar_directa_recursiva(
    real.par("entrenamiento"),
    real.par("validacion"),
    real.par("prueba"),
    semillas=he["semillas"],
    escala=real.desviacion**2,
    hidden_size=he["hidden_size"],
    num_layers=he["num_layers"],
    epocas=he["epocas"],
    lr=he["lr"],
    tam_lote=he["tam_lote"],
    dispositivo=dispositivo,
)
tabla_real = pd.concat(
    [tabla_mse_por_paso(pred_real, yr, escala=real.desviacion**2), lstm_real["media"]]
)
tabla_real.rename_axis("MSE de prueba (°C²)").round(3)

# %%
# La desviación típica de las LSTM entre las tres semillas, en °C²:
lstm_real["desviacion"].round(3)

# %%
mejor = tabla_real.idxmin()
print("Mejor predictor en cada paso:", "; ".join(f"{k}: {v}" for k, v in mejor.items()))
# sphinx_gallery_start_ignore
claves = {
    "LSTM, directa": "directa",
    "LSTM, recursiva": "recursiva",
    "autorregresivo, directa": "ar",
    "persistencia": "persistencia",
    "ingenua estacional (12 meses)": "estacional",
}
for fila, clave in claves.items():
    for k in (1, he["horizonte"]):
        registrar_medida(
            f"ejercicios.b3.elnino.{clave}_paso{k}",
            float(tabla_real.loc[fila, k]),
            "{:.2f}",
        )
for fila, clave in (("LSTM, directa", "directa"), ("LSTM, recursiva", "recursiva")):
    for k in (1, he["horizonte"]):
        registrar_medida(
            f"ejercicios.b3.elnino.desviacion_{clave}_paso{k}",
            float(lstm_real["desviacion"].loc[fila, k]),
            "{:.2f}",
        )
registrar_medida(
    "ejercicios.b3.elnino.ventanas_entrenamiento",
    real.tamanos()["entrenamiento"],
    formato_miles,
)
registrar_medida(
    "ejercicios.b3.elnino.varianza_prueba",
    float(np.var(real.a_unidades(yr[:, 0]))),
    "{:.2f}",
)
# sphinx_gallery_end_ignore

titulo = "El Niño 1+2 (prueba, 2001–2010)"
fig = figura_mse_por_paso(
    {titulo: tabla_real},
    dispersion={titulo: lstm_real["desviacion"]},
    ylabel={titulo: "MSE de prueba (°C²)"},
    escala_log=True,
)

# %%
# Ahora sí aparece lo que anunciaba la pista del ejercicio. El error **crece
# con el horizonte** para todos los modelos que aprenden: el futuro de esta
# serie no está escrito en su pasado, como el de la sintética, y cada mes trae
# una sorpresa nueva que se suma a las anteriores. La persistencia es la que
# más se degrada (a cinco meses la estación ya ha cambiado); la ingenua
# estacional es casi plana, porque su error es la diferencia entre un año y
# el anterior y apenas depende del horizonte. Los tres modelos que aprenden
# quedan por debajo de las dos referencias ingenuas en los cinco pasos, pero
# su ventaja sobre la estacional se estrecha mucho a cinco meses.
#
# Entre las dos estrategias, a un paso empatan dentro de la dispersión entre
# semillas (la recursiva *es* ahí el modelo de un paso); a partir del tercer
# paso la directa queda por debajo, porque la recursiva mete en la ventana
# predicciones cuyo error ya no es pequeño frente a lo que varía la serie, y
# cada paso parte de una ventana peor.
#
# Lo que estos datos **no** permiten afirmar es que la LSTM sea mejor que el
# modelo lineal: el lineal es el mejor a un paso y la directa lo mejora a
# cinco pasos por una fracción de °C², pero la prueba son nueve años (las
# ventanas de prueba de la tabla de arriba se solapan: son muchas menos
# independientes) sin ningún episodio fuerte. Con tan pocos datos de entrenamiento, una LSTM de miles de
# parámetros no tiene de dónde aprender mucho más que un modelo lineal de 25
# coeficientes por salida.
from rnnbook import contar_parametros
from rnnbook.libro import formato_miles

n_param = contar_parametros(lstm_real["modelos"][0]["directa"]["modelo"])
print(
    f"Parámetros de la LSTM directa: {formato_miles(n_param)}; "
    f"del autorregresivo: {(he['ventana'] + 1) * he['horizonte']}"
)
# sphinx_gallery_start_ignore
registrar_medida("ejercicios.b3.elnino.parametros_lstm", n_param, formato_miles)
# sphinx_gallery_end_ignore

# %%
# Así se ven las predicciones a cinco meses en la prueba (semilla 0): cada
# punto de las curvas es la predicción hecha cinco meses antes de esa fecha.
# Los modelos siguen bien el ciclo anual y fallan sobre todo en los años que
# se salen de él.
en_grados = {n: real.a_unidades(p) for n, p in lstm_real["predicciones"][0].items()}
en_grados["ingenua estacional (12 meses)"] = real.a_unidades(
    pred_real["ingenua estacional (12 meses)"]
)
fig = figura_serie_real(real, en_grados, unidades="°C")

# %%
# Para recordar
# -------------
#
# * A varios pasos, el error se mide **por paso del horizonte**, y cada paso
#   se compara con sus propias referencias: el piso de ruido de ese paso, la
#   persistencia y, si hay estaciones, la ingenua estacional.
# * La comparación justa entre un modelo multisalida y el de un paso es el
#   paso 1.
# * La estrategia recursiva acumula errores solo si sus errores pesan: en una
#   señal determinista bien aprendida no se notan; en una serie real el error
#   crece con el horizonte para cualquier estrategia.
# * En series reales cortas, una LSTM no tiene por qué ganar a un modelo lineal;
#   un resultado honesto lo dice y lo compara con la referencia ingenua
#   adecuada.
# * Estandariza con las estadísticas del entrenamiento y divide en orden
#   cronológico.
#
# Ejercicio
# ---------
#
# Añade a la tabla de El Niño la **climatología** (para cada mes, la media de
# ese mes en el entrenamiento) y alarga el horizonte a 12 meses: ¿a partir de
# qué paso deja de ganar la LSTM a las referencias ingenuas? Prueba después a
# dar a la LSTM el mes del año como segunda entrada (``input_size=2``).
