r"""
B2 · Clasificar secuencias por el signo de su suma
==================================================

**Enunciado** (:ref:`ejercicio B2 <ejercicio-b2>`): genera secuencias de
números aleatorios, etiqueta con 1 las que suman más de cero y con 0 las
demás, entrena una LSTM con PyTorch y da su exactitud en un conjunto de
prueba.

Una cifra de exactitud sola no dice si es buena. Aquí la comparamos con dos
referencias: la clase mayoritaria (lo mínimo) y un modelo que recibe la suma
ya calculada (lo máximo). La distancia entre ambas es justo lo que la LSTM
tiene que aprender: **integrar**, es decir, llevar la suma parcial en su
estado paso a paso. Después miramos dónde se equivoca, abrimos su estado con
una sonda lineal para ver si de verdad guarda esa suma, y probamos
secuencias más largas y una RNN simple.
"""

# %%
# Dispositivo, semilla y datos
# ----------------------------
#
# Cada paso es :math:`x_t \sim \mathcal N(0, 1)` y la clase es
# :math:`y = \mathbb 1[S > 0]` con :math:`S = \sum_{t=1}^{T} x_t`. Con
# :math:`T = 20` la suma tiene desviación típica :math:`\sqrt{20} \approx 4.5`.
# :func:`rnnbook.datos.datos_signo_suma` genera entrenamiento, validación y prueba
# con semillas distintas derivadas de ``SEMILLA``.
import numpy as np
import pandas as pd
import torch

import rnnbook as rb

SEMILLA = 0
T = 20
dispositivo = rb.elegir_dispositivo("auto")
print(f"Dispositivo: {rb.describir_dispositivo(dispositivo)}")

(X_ent, y_ent), (X_val, y_val), (X_prueba, y_prueba) = rb.datos.datos_signo_suma(
    T, semilla=SEMILLA
)
suma_prueba = (
    X_prueba[:, :, 0].astype(np.float64).sum(axis=1)
)  # (N,) la S de cada secuencia
print(f"entrenamiento {X_ent.shape}, validación {X_val.shape}, prueba {X_prueba.shape}")
print(f"fracción de la clase 1 en entrenamiento: {y_ent.mean():.3f}")
# cuatro secuencias de prueba: sus 8 primeros pasos, la suma de los 20 y la clase
pd.DataFrame(
    np.round(X_prueba[:4, :8, 0], 2), columns=[f"x_{t}" for t in range(1, 9)]
).assign(S=np.round(suma_prueba[:4], 2), clase=y_prueba[:4])

# %%
# Las dos referencias
# -------------------
#
# **Clase mayoritaria.** Predecir siempre la clase más frecuente en
# entrenamiento (:func:`rnnbook.experimentos.exactitud_mayoritaria`): con clases
# equilibradas por simetría, es el azar.
exactitud_mayoritaria = rb.experimentos.exactitud_mayoritaria(y_ent, y_prueba)
print(f"Clase mayoritaria: {100 * exactitud_mayoritaria:.1f} %")
# sphinx_gallery_start_ignore
rb.libro.registrar_medida(
    "ejercicios.b2.exactitud_mayoritaria", 100 * exactitud_mayoritaria, "{:.1f} %"
)
# sphinx_gallery_end_ignore

# %%
# **Un modelo que solo ve la suma.** :class:`rnnbook.modelos.ClasificadorSuma` calcula
# :math:`S` en su código y aplica una regresión logística,
#
# .. math::
#
#    P(y = 1 \mid S) = \sigma(w S + b).
#
# La clase es un umbral sobre :math:`S`, así que basta con aprender
# :math:`b / w \approx 0`. Lo entrenamos con el mismo protocolo que a la LSTM
# (:func:`rnnbook.experimentos.entrenar_clasificador_signo`, que llama a
# :func:`rnnbook.entrenar`: Adam con tasa inicial :math:`10^{-2}` que decae
# con un coseno, lotes de 128, recorte del gradiente a norma 1, 15 épocas, y
# los pesos de la época con menor pérdida de validación).
from rnnbook import evaluar, exactitud
from rnnbook.experimentos import entrenar_clasificador_signo
from rnnbook.modelos import ClasificadorSuma

EPOCAS = 15
prueba = (torch.from_numpy(X_prueba), torch.from_numpy(y_prueba))

rb.fijar_semilla(SEMILLA)
modelo_suma = ClasificadorSuma()
entrenar_clasificador_signo(
    modelo_suma,
    (X_ent, y_ent),
    (X_val, y_val),
    epocas=EPOCAS,
    semilla=SEMILLA,
    dispositivo=dispositivo,
)
exactitud_suma = evaluar(
    modelo_suma, prueba, metricas={"exactitud": exactitud}, dispositivo=dispositivo
)["exactitud"]
w = modelo_suma.fc.weight.detach().cpu()[:, 0]  # (2,)
b = modelo_suma.fc.bias.detach().cpu()  # (2,)
umbral = float(-(b[1] - b[0]) / (w[1] - w[0]))  # donde los dos logits empatan
print(
    f"Solo la suma: exactitud {100 * exactitud_suma:.1f} %; "
    f"umbral aprendido S = {umbral:.3f}"
)
# sphinx_gallery_start_ignore
rb.libro.registrar_medida(
    "ejercicios.b2.exactitud_suma", 100 * exactitud_suma, "{:.1f} %"
)
rb.libro.registrar_medida("ejercicios.b2.umbral_suma", umbral, "{:.3f}")
# sphinx_gallery_end_ignore

# %%
# Con :math:`S` en la mano el problema está resuelto: el umbral aprendido está
# a milésimas de cero, y en 4000 secuencias de prueba casi ninguna suma cae
# tan cerca de él.
#
# La LSTM: aprender a integrar
# ----------------------------
#
# La LSTM (:class:`rnnbook.modelos.ClasificadorSecuencias` con ``tipo="LSTM"``,
# :math:`H = 32`) no recibe :math:`S`, sino :math:`x_1, \dots, x_T` de uno en
# uno. Su estado de celda se actualiza con
#
# .. math::
#
#    C_t = f_t \odot C_{t-1} + i_t \odot \tilde C_t .
#
# Si la puerta de olvido vale :math:`f_t \approx 1` y la entrada escrita es
# proporcional al dato, :math:`i_t \odot \tilde C_t \approx a\, x_t` (la
# :math:`\tanh` de :math:`\tilde C_t` es casi lineal cerca de cero), entonces
# :math:`C_t \approx a\, S_t`: la celda es un **acumulador**. Al final,
# :math:`h_T = o_T \odot \tanh(C_T)` conserva el signo de :math:`S_T` y la capa
# lineal de salida pone el umbral. Nadie le dice a la red que haga eso; tiene
# que encontrarlo con el gradiente.
rb.fijar_semilla(SEMILLA)
lstm = rb.modelos.ClasificadorSecuencias(
    "LSTM", input_size=1, hidden_size=32, num_clases=2
)
lstm_inicial = rb.modelos.ClasificadorSecuencias(
    "LSTM", input_size=1, hidden_size=32, num_clases=2
)
lstm_inicial.load_state_dict(
    lstm.state_dict()
)  # copia sin entrenar, para comparar después
historial = entrenar_clasificador_signo(
    lstm,
    (X_ent, y_ent),
    (X_val, y_val),
    epocas=EPOCAS,
    semilla=SEMILLA,
    dispositivo=dispositivo,
)
historial.como_tabla()[
    ["perdida_entrenamiento", "perdida_validacion", "exactitud_validacion", "lr"]
].iloc[[0, 1, 4, 9, 14]].round(4)

# %%
exactitud_lstm = evaluar(
    lstm, prueba, metricas={"exactitud": exactitud}, dispositivo=dispositivo
)["exactitud"]
# sphinx_gallery_start_ignore
rb.libro.registrar_medida(
    "ejercicios.b2.exactitud_lstm", 100 * exactitud_lstm, "{:.1f} %"
)
# sphinx_gallery_end_ignore
pd.DataFrame(
    {
        "exactitud de prueba (%)": [
            100 * exactitud_mayoritaria,
            100 * exactitud_lstm,
            100 * exactitud_suma,
        ]
    },
    index=["clase mayoritaria", "LSTM (ve x_1, …, x_T)", "regresión logística sobre S"],
).round(1)

# %%
# La LSTM está muy por encima del azar y muy cerca del modelo que ve la suma,
# pero no llega a él. ¿Dónde pierde esos puntos?
#
# Dónde se equivoca
# -----------------
#
# :func:`rnnbook.experimentos.exactitud_por_magnitud` agrupa las secuencias de prueba por
# :math:`|S|`. Si la LSTM integra con un pequeño error, solo debería fallar
# cuando la suma está tan cerca de cero que ese error le cambia el signo.
prob = {
    nombre: torch.softmax(rb.predecir(m, prueba[0], dispositivo=dispositivo), dim=-1)[
        :, 1
    ].numpy()
    for nombre, m in (("LSTM", lstm), ("solo la suma", modelo_suma))
}  # P(y = 1), (N,)
pred = {nombre: (p > 0.5).astype(np.int64) for nombre, p in prob.items()}
tabla_magnitud = rb.experimentos.exactitud_por_magnitud(suma_prueba, y_prueba, pred)
tabla_magnitud.round(1)

# %%
errores = pred["LSTM"] != y_prueba
cerca = np.abs(suma_prueba) < 1
n_errores = int(errores.sum())
errores_cerca = 100 * float(cerca[errores].mean())  # % de los fallos con |S| < 1
fraccion_cerca = 100 * float(cerca.mean())  # % de todas las secuencias
max_error = float(np.abs(suma_prueba[errores]).max())
print(
    f"La LSTM falla {n_errores:d} de {len(y_prueba)} secuencias; "
    f"el {errores_cerca:.0f} % de los fallos tiene |S| < 1 "
    f"(solo el {fraccion_cerca:.1f} % de las secuencias lo cumple); "
    f"el fallo más lejano de cero tiene |S| = {max_error:.2f}."
)
# sphinx_gallery_start_ignore
rb.libro.registrar_medida("ejercicios.b2.errores_lstm", n_errores, "{:d}")
rb.libro.registrar_medida("ejercicios.b2.errores_cerca_cero", errores_cerca, "{:.0f} %")
rb.libro.registrar_medida(
    "ejercicios.b2.fraccion_cerca_cero", fraccion_cerca, "{:.1f} %"
)
rb.libro.registrar_medida("ejercicios.b2.max_abs_s_error", max_error, "{:.2f}")
# sphinx_gallery_end_ignore

# %%
# A la izquierda, la probabilidad de la clase 1 que da cada modelo frente a
# :math:`S` (zoom en :math:`|S| < 4`, menos de una desviación típica). La
# regresión logística es una curva: :math:`\sigma(wS + b)` cruza 0.5
# exactamente en el umbral, y su pendiente solo dice cuánto ha crecido
# :math:`w` en 15 épocas (con datos separables, :math:`w` crecería sin
# límite); la clase no depende de ella. La LSTM es una **nube**: secuencias con
# la misma :math:`S` reciben probabilidades distintas, porque cada camino hasta
# esa suma deja en el estado un error de integración diferente. Cerca de cero,
# ese error decide el signo. A la derecha, la exactitud por intervalos de
# :math:`|S|`.
fig = rb.figuras.figura_signo_suma(suma_prueba, prob, tabla_magnitud, limite=4.0)

# %%
# ¿Guarda su estado la suma parcial?
# ----------------------------------
#
# Que acierte el signo final no prueba que integre. Una **sonda lineal**
# (:func:`rnnbook.experimentos.sonda_suma_parcial`) lo pone a prueba: ajustamos en
# entrenamiento **una sola** regresión lineal
# :math:`\hat S_t = w^\top z_t + b` con los pares (estado, suma parcial) de
# todas las secuencias y todos los pasos, donde :math:`z_t` es :math:`h_t` o
# :math:`C_t` y :math:`S_t = \sum_{k \le t} x_k`, y medimos su :math:`R^2` en
# prueba. Como control, la misma sonda sobre la LSTM **antes** de entrenar:
# un estado aleatorio también guarda algo de la entrada reciente, y hay que
# descontarlo.
sondas = {
    r"entrenada, $h_t$": rb.experimentos.sonda_suma_parcial(
        lstm, X_ent, X_prueba, estado="h"
    ),
    r"entrenada, $C_t$": rb.experimentos.sonda_suma_parcial(
        lstm, X_ent, X_prueba, estado="c"
    ),
    r"sin entrenar, $h_t$": rb.experimentos.sonda_suma_parcial(
        lstm_inicial, X_ent, X_prueba, estado="h"
    ),
}
r2 = {clave: r.r2 for clave, r in zip(("h", "c", "sin_entrenar"), sondas.values())}
r2_final = float(sondas[r"sin entrenar, $h_t$"].r2_por_paso[-1])
print(
    f"R² de la sonda: h_t {r2['h']:.3f}, C_t {r2['c']:.3f}, "
    f"sin entrenar {r2['sin_entrenar']:.3f} (en t = {T}: {r2_final:.2f})"
)
# sphinx_gallery_start_ignore
for clave, valor in r2.items():
    rb.libro.registrar_medida(f"ejercicios.b2.r2_sonda_{clave}", valor, "{:.3f}")
rb.libro.registrar_medida(
    "ejercicios.b2.r2_sonda_sin_entrenar_final", r2_final, "{:.2f}"
)
# sphinx_gallery_end_ignore
pd.DataFrame(
    {
        "R² global": [r.r2 for r in sondas.values()],
        "R² en t = 1": [r.r2_por_paso[0] for r in sondas.values()],
        f"R² en t = {T}": [r.r2_por_paso[-1] for r in sondas.values()],
    },
    index=[k.replace("$", "") for k in sondas],
).round(3)

# %%
# Una recta lee la suma parcial del estado de la red entrenada, desde
# :math:`h_t` y aún mejor desde :math:`C_t`, con :math:`R^2` cercano a 1 en
# todos los pasos. El control enseña por qué hacía falta: la red **sin
# entrenar** también da una buena lectura mientras la suma tiene pocos
# términos. Su estado de 32 componentes es una memoria aleatoria de la entrada
# reciente (la idea de las redes de estado de eco, *echo state networks*), y
# una combinación lineal de esas componentes reconstruye una suma corta. Pero
# con la puerta de olvido inicial, :math:`f \approx \sigma(0) = 0.5`, lo
# antiguo se desvanece, y la lectura cae en los últimos pasos.
#
# Entrenar ha convertido la celda en un acumulador. Que :math:`C_t` se lea
# mejor que :math:`h_t = o_t \odot \tanh(C_t)` es lo esperado: la
# :math:`\tanh` comprime las sumas grandes. A la derecha se ve la suma leída
# de :math:`h_T` frente a la verdadera: recta alrededor de cero, donde se
# decide la clase, y curvada en los extremos, donde la :math:`\tanh` se
# satura y el signo ya no está en duda.
fig = rb.figuras.figura_sonda_suma(sondas)

# %%
# Secuencias más largas y una RNN simple
# --------------------------------------
#
# Con :math:`T = 50` la suma tiene más términos que acumular sin perder
# ninguno. Una RNN simple, :math:`h_t = \tanh(W_{hh} h_{t-1} + W_{xh} x_t + b)`,
# también puede integrar, pero solo en un equilibrio delicado: necesita un
# autovalor de :math:`W_{hh}` casi igual a 1 (con menos, olvida; con más, el
# estado explota y la :math:`\tanh` se satura) y entradas pequeñas para no
# salir de la zona lineal. La LSTM tiene ese acumulador en su estructura.
# :func:`rnnbook.experimentos.comparar_longitudes_signo` entrena las dos redes, con el
# mismo tamaño y el mismo protocolo, para :math:`T = 20` y :math:`T = 50` (la
# LSTM de :math:`T = 20` es la de arriba: no se vuelve a entrenar).
longitudes = rb.experimentos.comparar_longitudes_signo(
    (T, 50),
    ("RNN", "LSTM"),
    epocas=EPOCAS,
    semilla=SEMILLA,
    conocidas={("LSTM", T): exactitud_lstm},
    dispositivo=dispositivo,
)
# sphinx_gallery_start_ignore
for (longitud, tipo), valor in longitudes.tabla.stack().items():
    if (longitud, tipo) != (T, "LSTM"):
        rb.libro.registrar_medida(
            f"ejercicios.b2.exactitud_{tipo.lower()}_t{longitud}",
            100 * valor,
            "{:.1f} %",
        )
# sphinx_gallery_end_ignore
(100 * longitudes.tabla).round(1).rename(columns=lambda c: f"{c} (%)")

# %%
# Con 20 pasos la RNN simple queda a poca distancia de la LSTM; con 50 se
# queda claramente atrás, mientras la LSTM apenas pierde.
#
# ¿Qué hace mal la RNN? La regla exacta depende solo de :math:`S`, así que
# todos los pasos deberían pesar **lo mismo** en la decisión.
# :func:`rnnbook.experimentos.pesos_por_paso` mide ese peso como la derivada de la
# diferencia de logits respecto a cada :math:`x_t`, promediada sobre las
# secuencias de prueba de :math:`T = 50`; la figura la divide por su media,
# de modo que un integrador exacto da una recta en 1.
X50 = rb.datos.datos_signo_suma(50, semilla=SEMILLA)[2][0]  # (N, 50, 1) de prueba
pesos = {
    tipo: rb.experimentos.pesos_por_paso(longitudes.modelos[(tipo, 50)], X50)
    for tipo in ("RNN", "LSTM")
}
for tipo, g in pesos.items():
    rel = g / g.mean()
    minimo, maximo = float(rel.min()), float(rel.max())
    print(
        f"{tipo}, T = 50: peso relativo de los pasos entre {minimo:.2f} y {maximo:.2f}"
    )
    # sphinx_gallery_start_ignore
    rb.libro.registrar_medida(
        f"ejercicios.b2.peso_min_{tipo.lower()}_t50", minimo, "{:.2f}"
    )
    rb.libro.registrar_medida(
        f"ejercicios.b2.peso_max_{tipo.lower()}_t50", maximo, "{:.2f}"
    )
    # sphinx_gallery_end_ignore
fig = rb.figuras.figura_pesos_por_paso(pesos)

# %%
# La LSTM reparte el peso casi por igual entre los 50 pasos: integra. La RNN
# da más peso a los últimos pasos (y a los primeros) que a los del medio, así
# que lo que umbraliza es una suma **ponderada**, :math:`\sum_t a_t x_t`, que a menudo tiene otro signo
# que :math:`S` cuando :math:`S` es pequeña. Sostener pesos iguales exige a
# la RNN una dinámica lineal con un autovalor de :math:`W_{hh}` casi igual a
# 1 durante 50 pasos; a la LSTM le basta con :math:`f_t \approx 1`.
#
# Para recordar
# -------------
#
# * Una exactitud necesita sus dos referencias: la clase mayoritaria
#   (el suelo) y el mejor modelo sencillo que se pueda escribir (aquí, una
#   regresión logística sobre :math:`S`, que acierta todo).
# * Lo que la LSTM aprende en esta tarea es a **integrar**: la sonda lineal lee
#   la suma parcial de su estado con :math:`R^2` cercano a 1 en todos los
#   pasos, mientras que en la misma red sin entrenar la lectura se degrada con
#   la longitud, y la decisión pesa todos los pasos casi por igual.
# * Sus errores están todos cerca de :math:`S = 0`, donde un pequeño error de
#   integración basta para cambiar el signo. Mira siempre dónde falla un
#   modelo, no solo cuánto.
# * El acumulador con :math:`f_t \approx 1` es la estructura de la LSTM; una RNN
#   simple tiene que sostenerlo con un autovalor casi igual a 1, y cuanto más
#   larga es la secuencia peor lo consigue: acaba umbralizando una suma
#   ponderada.
#
# Ejercicio
# ---------
#
# Cambia la tarea para que la clase sea el signo de la suma de los **últimos
# cinco** pasos. ¿Qué tendría que aprender ahora la puerta de olvido? Usa la
# sonda para comprobarlo.
