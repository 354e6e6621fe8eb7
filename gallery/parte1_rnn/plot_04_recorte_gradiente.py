"""
Recorte del gradiente: un caso en que sí hace falta
===================================================

En el ejemplo de BPTT de la guía el gradiente nunca supera el umbral del
recorte, así que el recorte no hace nada. Aquí construimos un caso en que el
gradiente **explota** de verdad, entrenamos la misma red con y sin recorte
desde el mismo punto de partida y medimos qué ocurre en cada caso.
"""

# %%
# Recorte por norma global
# ------------------------
#
# Juntamos todos los gradientes en un solo vector :math:`g` y medimos su norma
# euclídea :math:`\lVert g \rVert`. Si supera el umbral :math:`\tau`, **todos**
# se multiplican por el mismo factor:
#
# .. math::
#
#    g \leftarrow g \cdot \frac{\tau}{\lVert g \rVert}
#    \quad \text{si } \lVert g \rVert > \tau .
#
# La dirección del paso no cambia; solo su longitud, que pasa a ser
# exactamente :math:`\tau`. Es lo que hace
# ``torch.nn.utils.clip_grad_norm_``, que además devuelve la norma **antes**
# del recorte; :meth:`rnnbook.RNN_BPTT.clip_gradients` la guarda en
# ``norma_gradiente``.
#
# Cuándo explota el gradiente
# ---------------------------
#
# El gradiente que vuelve del último paso al paso :math:`t` se multiplica
# :math:`T - t` veces por :math:`\mathrm{diag}(1 - h^2)\, W_{hh}^\top`. Si los
# estados están cerca de cero (donde :math:`\tanh' \approx 1`) y el radio
# espectral de :math:`W_{hh}` es mayor que 1, ese producto crece
# geométricamente. :func:`rnnbook.experimentos.problema_recorte` reúne esas condiciones:
#
# * 64 secuencias de ruido :math:`\mathcal{N}(0, 1)` de T = 40 pasos cuyo
#   **primer** valor es +1 o −1; la clase es ese signo, así que la red debe
#   recordar el primer paso durante 39 más;
# * :math:`W_{hh}` ortogonal multiplicada por 1.15 (radio espectral 1.15) y
#   :math:`W_{xh}` diminuta, de modo que los estados empiezan cerca de cero;
# * SGD con :math:`\eta = 0.5` y el umbral de la guía, :math:`\tau = 5`.
#
# Con radio 1.15, lo que vuelve desde el último paso hasta el primero puede
# amplificarse hasta :math:`1.15^{39}`:
import numpy as np

from rnnbook.desde_cero import norma_global
from rnnbook.experimentos import problema_recorte

amplificacion = 1.15**39
print(f"1.15 ** 39 = {amplificacion:.0f}")

modelo, X, y = problema_recorte(max_norm=5.0, semilla=0)
H, A, y_pred = modelo.forward(X)
grads = modelo.backward(X, H, A, y_pred, y)
norma0 = norma_global(grads)
print(f"Norma global del primer gradiente: {norma0:.1f} (umbral 5)")
# sphinx_gallery_start_ignore
from rnnbook.libro import registrar_medida

registrar_medida("parte1.recorte.amplificacion_teorica", amplificacion, "{:.0f}")
registrar_medida("parte1.recorte.norma_inicial", norma0, "{:.1f}")
# sphinx_gallery_end_ignore
print({nombre: round(float(np.linalg.norm(g)), 3) for nombre, g in grads.items()})

# %%
# El primer gradiente es decenas de veces mayor que el umbral, y casi todo él
# está en :math:`W_{xh}` y :math:`b_h`. Sus términos, :math:`\delta_t x_t^\top`
# y :math:`\delta_t`, combinan un :math:`\delta_t` amplificado por la cadena
# de :math:`W_{hh}^\top` con factores de tamaño 1 (las entradas, o el 1
# implícito del sesgo). El de :math:`W_{hh}`, :math:`\delta_t h_{t-1}^\top`,
# queda pequeño porque los estados aún son diminutos. Con la opción
# ``verbose=True``, el recorte imprime la línea que describe la guía:
recortados = modelo.clip_gradients(grads, max_norm=5.0)  # no modifica `grads`
modelo.verbose = True
_ = modelo.clip_gradients(grads, max_norm=5.0)
modelo.verbose = False
print(f"Norma tras el recorte: {norma_global(recortados):.6f}")


# %%
# Recortar por norma global conserva la dirección. Recortar **cada
# componente** por separado a :math:`[-1, 1]` (otra técnica que a veces se
# confunde con esta) la cambia. Lo medimos con el coseno entre el gradiente
# original y el recortado:
def coseno(a, b):
    va = np.concatenate([g.ravel() for g in a.values()])
    vb = np.concatenate([g.ravel() for g in b.values()])
    return float(va @ vb / (np.linalg.norm(va) * np.linalg.norm(vb)))


por_elemento = {nombre: np.clip(g, -1.0, 1.0) for nombre, g in grads.items()}
print(f"coseno(g, recorte por norma global)   = {coseno(grads, recortados):.6f}")
print(f"coseno(g, recorte elemento a elemento) = {coseno(grads, por_elemento):.6f}")

# %%
# Con y sin recorte
# -----------------
#
# Entrenamos dos veces 200 pasos de SGD desde **los mismos** pesos y datos
# (misma semilla): una con recorte a :math:`\tau = 5` y otra sin recorte
# (``max_norm=None``). :func:`rnnbook.experimentos.entrenar_bptt` anota en cada paso la
# pérdida y la norma del gradiente antes del recorte.
import pandas as pd

from rnnbook.experimentos import entrenar_bptt

resultados, historiales = {}, {}
for etiqueta, umbral in [("con recorte (τ = 5)", 5.0), ("sin recorte", None)]:
    m, X, y = problema_recorte(max_norm=umbral, semilla=0)
    historiales[etiqueta] = hist = entrenar_bptt(m, X, y, pasos=200)
    H, _, y_pred = m.forward(X)
    resultados[etiqueta] = {
        "pérdida final (media últimos 10 pasos)": hist["perdida"].iloc[-10:].mean(),
        "exactitud final (%)": 100 * np.mean(y_pred.argmax(axis=0) == y),
        "pasos recortados": int(hist["recortado"].sum()),
        "norma máxima del gradiente": hist["norma"].max(),
        "max |W_xh| final": np.abs(m.W_xh).max(),
        "unidades saturadas (|h| > 0.99, %)": 100
        * np.mean(np.abs(np.stack(H[1:])) > 0.99),
    }
    finitos = all(np.all(np.isfinite(p)) for p in m.parametros().values())
    print(f"{etiqueta}: ¿todos los pesos son finitos? {'sí' if finitos else 'no'}")
tabla = pd.DataFrame.from_dict(resultados, orient="index").round(3)
# sphinx_gallery_start_ignore
con, sin = resultados["con recorte (τ = 5)"], resultados["sin recorte"]
registrar_medida(
    "parte1.recorte.pasos_recortados",
    con["pasos recortados"],
    lambda n: f"{n} paso" if n == 1 else f"{n} pasos",
)
registrar_medida(
    "parte1.recorte.norma_max_sin_recorte", sin["norma máxima del gradiente"], "{:.1f}"
)
registrar_medida(
    "parte1.recorte.perdida_final_con",
    con["pérdida final (media últimos 10 pasos)"],
    "{:.3f}",
)
registrar_medida(
    "parte1.recorte.perdida_final_sin",
    sin["pérdida final (media últimos 10 pasos)"],
    "{:.3f}",
)
registrar_medida("parte1.recorte.exactitud_con", con["exactitud final (%)"], "{:.1f}")
registrar_medida("parte1.recorte.exactitud_sin", sin["exactitud final (%)"], "{:.1f}")
registrar_medida("parte1.recorte.wxh_max_sin", sin["max |W_xh| final"], "{:.1f}")
registrar_medida(
    "parte1.recorte.saturadas_sin", sin["unidades saturadas (|h| > 0.99, %)"], "{:.0f}"
)
# sphinx_gallery_end_ignore
tabla

# %%
# Los tres primeros pasos del entrenamiento sin recorte:
print(historiales["sin recorte"].head(3).round(3).to_string(index=False))

# %%
# Sin recorte, el primer paso mueve los pesos :math:`\eta \lVert g \rVert`,
# muchas veces más de lo que permite el recorte (:math:`\eta\tau = 2.5`).
# :math:`W_{xh}` pasa de valores del orden de :math:`10^{-4}` a decenas, casi
# todas las unidades quedan saturadas en ±1, y ahí la derivada de
# :math:`\tanh` es prácticamente cero: la norma del gradiente se desploma
# desde el segundo paso y la red queda atascada lejos de la solución. Con
# recorte, el mismo primer gradiente se acorta a longitud 5 y la red aprende
# la tarea; la columna «pasos recortados» de la tabla dice en cuántos pasos
# actuó el recorte.
#
# Nótese lo que **no** ocurre: no aparecen ``NaN`` ni infinitos (lo
# comprobamos arriba con todos los pesos), aunque la guía lo anuncia. La tangente hiperbólica acota los
# estados y la *softmax* se calcula restando el máximo, así que en esta red el
# daño de un gradiente explosivo no es un desbordamiento sino un salto que
# deja la red saturada.
from rnnbook.figuras import figura_recorte_gradiente

fig = figura_recorte_gradiente(historiales, max_norm=5.0)

# %%
# A la izquierda, la norma del gradiente antes del recorte (escala
# logarítmica): las dos curvas parten del mismo valor, muy por encima del
# umbral. A la derecha, la pérdida: sin recorte se queda estancada; con
# recorte baja, aunque con picos. En cada pico la red cruza una zona en que
# la pérdida cambia bruscamente (los «acantilados» que describen
# :cite:t:`pascanu2013difficulty`) y la norma del gradiente vuelve a subir.
# ¿Interviene ahí el recorte? Lo miramos en el historial con recorte: en qué
# pasos actuó y cuál fue la mayor norma después del último de ellos.
h_con = historiales["con recorte (τ = 5)"]
pasos_recorte = h_con.index[h_con["recortado"]].tolist()
norma_despues = h_con["norma"].iloc[pasos_recorte[-1] + 1 :].max()
print(f"Pasos (desde 0) en que actuó el recorte: {pasos_recorte}")
print(f"Mayor norma del gradiente después de ellos: {norma_despues:.2f} (umbral 5)")
# sphinx_gallery_start_ignore
_ = registrar_medida("parte1.recorte.norma_max_tras_recorte", norma_despues, "{:.2f}")
# sphinx_gallery_end_ignore

# %%
# El recorte solo actuó al principio: en los picos posteriores la norma no
# llega al umbral, así que el recorte **no** interviene en ellos y la red se
# recupera sola. Lo que separa las dos curvas es el primer paso: acortado a
# longitud 5, no satura la red; sin recortar, la deja atascada.
# Un umbral menor (prueba el ejercicio) también recortaría los picos.
#
# Para recordar
# -------------
#
# * El gradiente explota cuando la cadena de :math:`W_{hh}^\top` lo amplifica:
#   radio espectral mayor que 1 y estados en la zona lineal de :math:`\tanh`.
# * El recorte por norma global limita la **longitud** del paso a
#   :math:`\eta\tau` sin cambiar su dirección; el recorte elemento a elemento
#   sí la cambia.
# * Sin recorte, un solo paso gigante puede saturar la red y dejarla
#   atascada, aunque no aparezca ningún ``NaN``.
# * El recorte es barato: conviene activarlo siempre y vigilar la norma
#   previa (``norma_gradiente``), que dice si está actuando.
#
# **Ejercicio.** Repite la comparación con ``semilla=1`` y ``semilla=2`` en
# :func:`~rnnbook.experimentos.problema_recorte`, y después con umbral :math:`\tau = 1`.
# ¿Un umbral más pequeño es siempre mejor?
