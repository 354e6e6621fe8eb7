"""
GRU frente a LSTM en la misma serie
===================================

La GRU (*Gated Recurrent Unit*) simplifica la LSTM: dos puertas en lugar de
tres y un solo estado en lugar de dos. La guía afirma que por eso tiene menos
parámetros y «entrena más rápido». Aquí entrenamos las dos redes con los
mismos datos y el mismo protocolo que :doc:`plot_03_series_tiempo` y medimos
parámetros, tiempo por época y error de validación y de prueba.
"""

# %%
# Dispositivo y semilla
# ---------------------
from rnnbook import describir_dispositivo, elegir_dispositivo

SEMILLA = 0
dispositivo = elegir_dispositivo("auto")
print(f"Dispositivo: {describir_dispositivo(dispositivo)}")

# %%
# La celda GRU
# ------------
#
# Con la convención de ``torch.nn.GRU`` (puertas en el orden :math:`r, z, n`):
#
# .. math::
#
#    r_t &= \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr}) \\
#    z_t &= \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz}) \\
#    n_t &= \tanh\big(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn})\big) \\
#    h_t &= (1 - z_t) \odot n_t + z_t \odot h_{t-1}
#
# Las ecuaciones que imprime la guía siguen otra convención (la :math:`z` al
# revés y la puerta :math:`r` aplicada antes de la multiplicación); la Parte 2
# compara las dos formas con los mismos pesos.
#
# Parámetros
# ----------
#
# Cada capa tiene :math:`G\,(H\,d_{\text{in}} + H^2 + 2H)` parámetros, con
# :math:`G = 4` bloques en la LSTM y :math:`G = 3` en la GRU. Con
# :math:`H = 64`, dos capas y la misma cabeza de 2113 parámetros:
import pandas as pd

from rnnbook import contar_parametros
from rnnbook.libro import formato_miles
from rnnbook.modelos import crear_predictor_series

p_lstm = contar_parametros(crear_predictor_series("LSTM"))
p_gru = contar_parametros(crear_predictor_series("GRU"))
menos = 100 * (p_lstm - p_gru) / p_lstm
mas = 100 * (p_lstm - p_gru) / p_gru
print(
    f"LSTM: {formato_miles(p_lstm)}   GRU: {formato_miles(p_gru)}   "
    f"diferencia: {formato_miles(p_lstm - p_gru)}"
)
print(
    f"La GRU tiene un {menos:.1f} % menos que la LSTM; "
    f"la LSTM tiene un {mas:.1f} % más que la GRU."
)
# sphinx_gallery_start_ignore
from rnnbook.libro import registrar_medida

registrar_medida("parte3.gru.parametros_lstm", p_lstm, formato_miles)
registrar_medida("parte3.gru.parametros_gru", p_gru, formato_miles)
registrar_medida("parte3.gru.menos_gru_pct", menos, "{:.1f} %")
registrar_medida("parte3.gru.mas_lstm_pct", mas, "{:.1f} %")
# sphinx_gallery_end_ignore

# %%
# La guía imprime la diferencia dividida por los parámetros de la LSTM y la
# etiqueta «más en LSTM». Ese cociente (el primero de la línea anterior) mide
# cuántos **menos** tiene la GRU; el exceso de la LSTM respecto a la GRU es el
# otro cociente, el segundo.
#
# Entrenamiento con el mismo protocolo
# ------------------------------------
#
# :func:`rnnbook.experimentos.comparar_gru_lstm` entrena las dos redes, una tras otra, con
# los datos, la semilla y el protocolo del ejemplo anterior (12 épocas, Adam
# con tasa en coseno desde ``2e-2``, lotes de 64, recorte a norma 1) y las
# evalúa en validación y en prueba.
from rnnbook.datos import preparar_datos_series
from rnnbook.experimentos import comparar_gru_lstm

datos = preparar_datos_series()
resultados = comparar_gru_lstm(
    datos, epocas=12, semilla=SEMILLA, dispositivo=dispositivo
)
piso = resultados["LSTM"]["piso_ruido_mse"]
tabla = pd.DataFrame.from_dict(
    {
        tipo: {
            "parámetros": r["parametros"],
            "s por época (mediana)": r["segundos_por_epoca"],
            "MSE de validación": r["val_mse"],
            "MSE de prueba": r["test_mse"],
            "prueba / piso de ruido": r["razon_piso"],
        }
        for tipo, r in resultados.items()
    },
    orient="index",
)
tabla.round(
    {
        "s por época (mediana)": 3,
        "MSE de validación": 5,
        "MSE de prueba": 5,
        "prueba / piso de ruido": 3,
    }
)

# %%
# Los segundos por época dependen de la máquina y de su carga (al construir
# el libro, de lo que esté ejecutándose a la vez); el cociente entre los dos
# modelos es más estable que cada tiempo por separado:
rl, rg = resultados["LSTM"], resultados["GRU"]
t_lstm, t_gru = rl["segundos_por_epoca"], rg["segundos_por_epoca"]
cociente = t_gru / t_lstm
print(
    f"Segundos por época en {describir_dispositivo(dispositivo)}: "
    f"LSTM {t_lstm:.2f} s, GRU {t_gru:.2f} s (GRU / LSTM = {cociente:.2f})"
)
# sphinx_gallery_start_ignore
registrar_medida("parte3.gru.s_epoca_lstm", t_lstm, "{:.2f} s")
registrar_medida("parte3.gru.s_epoca_gru", t_gru, "{:.2f} s")
registrar_medida("parte3.gru.cociente_tiempo", cociente, "{:.2f}")
registrar_medida("parte3.gru.val_mse_lstm", rl["val_mse"], "{:.5f}")
registrar_medida("parte3.gru.val_mse_gru", rg["val_mse"], "{:.5f}")
registrar_medida("parte3.gru.test_mse_lstm", rl["test_mse"], "{:.5f}")
registrar_medida("parte3.gru.test_mse_gru", rg["test_mse"], "{:.5f}")
registrar_medida("parte3.gru.razon_piso_gru", rg["razon_piso"], "{:.3f}")
# sphinx_gallery_end_ignore

# %%
# Las curvas de validación, por época y por segundo de entrenamiento. La
# línea discontinua es el piso de ruido del conjunto de validación.
from rnnbook.figuras import figura_gru_vs_lstm

fig = figura_gru_vs_lstm(resultados, piso=resultados["LSTM"]["piso_ruido_val_mse"])

# %%
# ¿Entrena más rápido la GRU?
# ---------------------------
#
# Con menos parámetros cabría esperar épocas más cortas. Lo que se
# mide depende de **cómo** ejecuta PyTorch cada capa, no solo de cuántas
# multiplicaciones hace. :func:`rnnbook.experimentos.operaciones_por_paso` perfila un paso
# de entrenamiento (*forward* + *backward*) sobre un lote de 64 ventanas:
from rnnbook.experimentos import operaciones_por_paso

X, y = datos.par("entrenamiento")
perfiles = {
    tipo: operaciones_por_paso(r["modelo"], X[:64], y[:64])
    for tipo, r in resultados.items()
}
for tipo, p in perfiles.items():
    print(
        f"{tipo}: {formato_miles(p['llamadas'])} llamadas a operaciones "
        "de PyTorch en un paso"
    )
    # sphinx_gallery_start_ignore
    registrar_medida(
        f"parte3.gru.operaciones_{tipo.lower()}", p["llamadas"], formato_miles
    )
    # sphinx_gallery_end_ignore
perfiles["LSTM"]["principales"].round(2)


# %%
# Qué operaciones aparecen depende del dispositivo, que este ejemplo elige con
# ``"auto"``. En CPU, la LSTM de PyTorch se ejecuta con un núcleo fusionado de
# oneDNN (``mkldnn_rnn_layer``): una sola operación recorre todos los pasos de
# tiempo de una capa, mientras que para la GRU no existe ese núcleo y cada
# paso de tiempo se descompone en multiplicaciones de matrices y operaciones
# elemento a elemento. En GPU, cuDNN fusiona las dos celdas
# (``_cudnn_rnn``). Las cinco operaciones más costosas de la GRU, y si cada
# red corrió con un núcleo fusionado en este dispositivo:
def fusionada(perfil):
    return perfil["principales"]["operación"].str.contains("rnn").any()


print(f"Dispositivo: {describir_dispositivo(dispositivo)}")
for tipo, p in perfiles.items():
    print(
        f"¿{tipo} con un núcleo recurrente fusionado? {'sí' if fusionada(p) else 'no'}"
    )
perfiles["GRU"]["principales"].round(2)

# %%
# Con la LSTM fusionada y la GRU descompuesta paso a paso, la GRU **no**
# resulta más rápida por época aunque tenga menos parámetros: el cociente de
# tiempos GRU / LSTM impreso más arriba lo dice (mayor que 1: la GRU tarda
# más). Donde las dos celdas se fusionan, como con cuDNN en GPU, la relación
# puede ser otra: la afirmación de la guía depende del hardware y de la
# implementación, y hay que medirla. En cuanto al error, compara las columnas
# de la tabla con el piso de ruido: las dos redes quedan cerca de él. Con una
# sola semilla, una diferencia tan pequeña entre ellas no basta para declarar
# un ganador (prueba el ejercicio con varias semillas).
#
# Para recordar
# -------------
#
# * Menos parámetros no significa menos tiempo: importa cómo se ejecuta cada
#   capa en el hardware disponible.
# * Un porcentaje siempre es «respecto a algo»: el porcentaje de parámetros
#   que la GRU tiene de menos (respecto a la LSTM) no es el que la LSTM tiene
#   de más (respecto a la GRU).
# * Para comparar dos arquitecturas: mismos datos, mismo protocolo, misma
#   semilla y métricas de prueba, no solo la pérdida de entrenamiento.
#
# Ejercicio
# ---------
#
# Repite la comparación con cinco semillas y da la media y la desviación del
# MSE de prueba de cada red. Después, con lotes de 256 y con
# ``hidden_size = 16``: ¿cambia el cociente de tiempos? Si tienes GPU, ejecuta
# el ejemplo con ``elegir_dispositivo("cuda")`` y compara.
