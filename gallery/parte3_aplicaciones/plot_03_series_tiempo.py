"""
Predicción de series de tiempo con una LSTM
===========================================

Una LSTM lee los últimos 30 valores de una serie y predice el siguiente. La
serie de la guía es una suma de dos senos más ruido gaussiano. La guía no
mide el error en datos de prueba; aquí lo medimos y, sobre todo, lo ponemos
en contexto: como conocemos el ruido, sabemos cuál es el mejor error
posible, y lo comparamos con dos referencias baratas.
"""

# %%
# Dispositivo y semilla
# ---------------------
from rnnbook import describir_dispositivo, elegir_dispositivo

SEMILLA = 0
dispositivo = elegir_dispositivo("auto")
print(f"Dispositivo: {describir_dispositivo(dispositivo)}")

# %%
# La serie, las ventanas y la división cronológica
# ------------------------------------------------
#
# La serie tiene 2000 valores,
#
# .. math::
#
#    s_t = \sin(2\pi f t) + 0.5\,\sin(2\pi\, 3f\, t) + \sigma\,\varepsilon_t,
#    \qquad f = 0.05,\ \sigma = 0.1,\ \varepsilon_t \sim \mathcal N(0, 1),
#
# y :func:`rnnbook.datos.generar_serie` devuelve por separado la señal limpia y el
# ruido (con la semilla 42 de la guía, los valores son exactamente los suyos).
# Cada ejemplo es una ventana de :math:`T = 30` valores,
# :math:`(s_{t-30}, \dots, s_{t-1})`, y su objetivo es :math:`s_t`.
#
# La división es **cronológica**: el 70 % más antiguo para entrenar, el 15 %
# siguiente para validar y el 15 % más reciente para la prueba. Barajar antes
# de dividir mezclaría ventanas que se solapan entre conjuntos y el modelo
# vería el futuro que luego se le pide predecir.
import pandas as pd

from rnnbook.datos import preparar_datos_series

datos = preparar_datos_series(n=2000, ventana=30, horizonte=1)
pd.DataFrame(
    {
        "ventanas": datos.tamanos(),
        "primer objetivo (t)": {k: int(v[0]) for k, v in datos.instantes.items()},
        "último objetivo (t)": {k: int(v[-1]) for k, v in datos.instantes.items()},
    }
)

# %%
# Las referencias: el piso de ruido, la persistencia y un modelo lineal
# ---------------------------------------------------------------------
#
# * **Piso de ruido**: el error cuadrático medio (MSE) del propio ruido sobre
#   los objetivos de prueba, :math:`\frac1N\sum_i (s_{t_i} - \text{limpia}_{t_i})^2`.
#   El ruido de :math:`s_t` es independiente de la ventana, así que ningún
#   predictor puede bajar de aquí en promedio; su esperanza es
#   :math:`\sigma^2 = 0.01`.
# * **Persistencia**: predecir que :math:`s_t = s_{t-1}`.
# * **Autorregresivo lineal**: :math:`\hat s_t = w_0 + \sum_{k=1}^{30} w_k s_{t-k}`,
#   ajustado por mínimos cuadrados en el conjunto de entrenamiento
#   (:class:`rnnbook.modelos.AutorregresivoLineal`).
from rnnbook.experimentos import tabla_referencias_series

referencias = tabla_referencias_series(datos)
referencias.round({"MSE de prueba": 5, "× piso de ruido": 3})

# %%
# La persistencia es muy mala porque la serie cambia mucho de un paso al
# siguiente (el periodo de la componente rápida es de unos 7 pasos). El
# modelo lineal queda cerca del piso, pero no llega: con 30 entradas ruidosas
# arrastra parte de ese ruido a su predicción.
#
# El modelo
# ---------
#
# :class:`rnnbook.LSTMSeriesPredictor` es el de la guía: una LSTM de dos capas
# con estado de 64, el último paso temporal, *dropout* de 0.2 y una cabeza
# :math:`64 \to 32 \to 1` con ReLU.
from rnnbook import contar_parametros
from rnnbook.libro import formato_miles
from rnnbook.modelos import crear_predictor_series

modelo = crear_predictor_series("LSTM", semilla=SEMILLA)
print(modelo)
n_parametros = contar_parametros(modelo)
print(f"Parámetros: {formato_miles(n_parametros)}")
# sphinx_gallery_start_ignore
from rnnbook.libro import registrar_medida

registrar_medida("parte3.series.parametros_lstm", n_parametros, formato_miles)
# sphinx_gallery_end_ignore

# %%
# Entrenamiento
# -------------
#
# Como en la guía: MSE, Adam, lotes de 64 y recorte del gradiente a norma 1.
# La diferencia está en la tasa de aprendizaje: la guía la deja fija en
# ``1e-3`` durante 30 épocas; aquí empieza en ``2e-2`` y baja hasta 0 con un
# coseno a lo largo de 12 épocas (:func:`rnnbook.experimentos.entrenar_predictor_series`).
# Una tasa alta al principio avanza rápido; una tasa pequeña al final deja de
# rebotar alrededor del mínimo, que es lo que hace falta para acercarse al
# piso. Se conservan los pesos de la época con menor MSE de validación.
from rnnbook.experimentos import entrenar_predictor_series

historial = entrenar_predictor_series(
    modelo, datos, epocas=12, semilla=SEMILLA, dispositivo=dispositivo
)
historial.como_tabla().drop(columns="segundos").round(5)

# %%
# El error de prueba
# ------------------
#
# Medimos el MSE en la prueba y lo dividimos por el piso de ruido: 1 sería
# el predictor perfecto.
from rnnbook.experimentos import evaluar_predictor_series

ev = evaluar_predictor_series(modelo, datos, dispositivo=dispositivo)
print(
    f"MSE de prueba de la LSTM: {ev['test_mse']:.5f}; "
    f"piso de ruido: {ev['piso_ruido_mse']:.5f}; cociente: {ev['razon_piso']:.3f}"
)
# sphinx_gallery_start_ignore
refs = referencias["MSE de prueba"]
registrar_medida("parte3.series.test_mse", ev["test_mse"], "{:.5f}")
registrar_medida("parte3.series.piso_ruido", ev["piso_ruido_mse"], "{:.5f}")
registrar_medida("parte3.series.razon_piso", ev["razon_piso"], "{:.3f}")
registrar_medida("parte3.series.persistencia_mse", float(refs.iloc[1]), "{:.4f}")
registrar_medida("parte3.series.ar_mse", float(refs.iloc[2]), "{:.5f}")
registrar_medida(
    "parte3.series.ar_razon_piso", float(refs.iloc[2] / refs.iloc[0]), "{:.3f}"
)
# sphinx_gallery_end_ignore
tabla = tabla_referencias_series(datos, {"LSTM (este ejemplo)": ev["test_mse"]})
tabla.round({"MSE de prueba": 5, "× piso de ruido": 3})

# %%
# La LSTM queda muy cerca del piso (columna «× piso de ruido») y por debajo
# del modelo lineal: ha
# aprendido que la forma de la señal no cambia (solo su fase), algo que un
# modelo lineal de 30 coeficientes no puede aprovechar.
#
# La predicción sobre la prueba
# -----------------------------
#
# Arriba, los 296 pasos de la prueba; abajo, un detalle de los primeros 60.
# La predicción sigue a la señal limpia (gris discontinua), no a los saltos
# del ruido, que son impredecibles.
from rnnbook.figuras import figura_prediccion_series

fig = figura_prediccion_series(
    datos.instantes["prueba"],
    datos.y["prueba"],
    {"LSTM": ev["prediccion_prueba"]},
    limpia=datos.limpia["prueba"],
)

# %%
# Para recordar
# -------------
#
# * En series de tiempo, la división es cronológica.
# * Un error solo significa algo al lado de referencias: el piso de ruido
#   (lo mejor posible), la persistencia y un modelo lineal.
# * La tasa de aprendizaje importa tanto como la arquitectura: la misma LSTM
#   se acerca más al piso cuando la tasa baja al final del entrenamiento.
#
# Ejercicio
# ---------
#
# Predice 10 pasos hacia adelante de forma recursiva (cada predicción entra en
# la ventana siguiente) y dibuja el MSE en función del horizonte para la LSTM
# y para el modelo autorregresivo. ¿Cuál se degrada antes?
